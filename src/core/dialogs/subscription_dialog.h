// The subscription dialog usage of a subscriber (RFC 6665; SIP.js
// lib/core/dialogs/subscription-dialog.js and lib/core/subscription/*): created by the first
// NOTIFY for a SUBSCRIBE, it tracks the subscription state (NotifyWait -> Pending/Active ->
// Terminated) and expiry from Subscription-State and the 2xx Expires, receives later NOTIFYs,
// refreshes (re-SUBSCRIBE, automatically at 90% of the expiry when autoRefresh is on) and
// unsubscribes (Expires: 0). Timer N (64*T1) guards every re-SUBSCRIBE's NOTIFY.
//
// Beyond SIP.js: a subscription that reaches its expiry without a refresh is terminated (RFC 6665
// §4.1.2.2 "...the subscription is considered terminated"), so nothing outlives it.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/dialogs/dialog.h"
#include "core/messages/outgoing_request.h"
#include "host.h"

namespace sip::core {

class NotifyUserAgentServer;
class ReSubscribeUserAgentClient;

enum class SubscriptionState { Initial, NotifyWait, Pending, Active, Terminated };

constexpr std::string_view toString(SubscriptionState state) {
  switch (state) {
    case SubscriptionState::Initial: return "Initial";
    case SubscriptionState::NotifyWait: return "NotifyWait";
    case SubscriptionState::Pending: return "Pending";
    case SubscriptionState::Active: return "Active";
    case SubscriptionState::Terminated: return "Terminated";
  }
  return "Unknown";
}

struct SubscriptionDelegate {
  // A NOTIFY inside the subscription; without a callback it is accepted (200).
  std::function<void(std::shared_ptr<NotifyUserAgentServer>)> onNotify;
  // An automatic refresh was sent.
  std::function<void(std::shared_ptr<ReSubscribeUserAgentClient>)> onRefresh;
  // Timer N fired, a refresh got a fatal error, or the subscription expired.
  std::function<void()> onTerminated;
};

// The key that ties a NOTIFY to a subscription (RFC 6665 §4.4.1 / §8.2.1): Call-ID, the tag the
// subscriber chose, the event type, and the id parameter when there is one.
std::string subscriptionKey(std::string_view callId, std::string_view tag, std::string_view eventHeaderValue);

class SubscriptionDialog final : public Dialog {
  struct Tag {};

 public:
  // §12.1.2 / RFC 6665 §4.1.2.4: the dialog of a SUBSCRIBE's first NOTIFY (route set and remote
  // target from the NOTIFY, which is a request: its Record-Route in order). nullopt without
  // Contact or From tag.
  static std::optional<DialogState> initialDialogStateForSubscription(const OutgoingRequestMessage& subscribe,
                                                                      const sip::Message& notify);
  static std::shared_ptr<SubscriptionDialog> create(std::string subscriptionEvent, uint32_t subscriptionExpires,
                                                    SubscriptionState subscriptionState, UserAgentCore& core,
                                                    DialogState state, SubscriptionDelegate delegate = {});
  SubscriptionDialog(Tag, std::string subscriptionEvent, uint32_t subscriptionExpires,
                     SubscriptionState subscriptionState, UserAgentCore& core, DialogState state,
                     SubscriptionDelegate delegate);

  SubscriptionDelegate delegate;

  void dispose() override;

  bool autoRefresh() const { return autoRefresh_; }
  void setAutoRefresh(bool autoRefresh);
  const std::string& subscriptionEvent() const { return subscriptionEvent_; }
  // Seconds left (with a configured clock; otherwise the last value set).
  uint32_t subscriptionExpires() const;
  void setSubscriptionExpires(uint32_t expires);
  uint32_t subscriptionExpiresInitial() const { return subscriptionExpiresInitial_; }
  // Seconds until the automatic refresh, when one is scheduled.
  std::optional<uint32_t> subscriptionRefresh() const;
  SubscriptionState subscriptionState() const { return subscriptionState_; }

  void receiveRequest(const sip::Message& request) override;

  // re-SUBSCRIBE with the initial expiry.
  std::shared_ptr<ReSubscribeUserAgentClient> refresh();
  // re-SUBSCRIBE with the caller's options; throws std::logic_error unless Pending or Active.
  std::shared_ptr<ReSubscribeUserAgentClient> subscribe(OutgoingRequestDelegate delegate = {},
                                                        const RequestOptions& options = {});
  // Ends the subscription locally (and tells the delegate).
  void terminate();
  // re-SUBSCRIBE with Expires: 0.
  std::shared_ptr<ReSubscribeUserAgentClient> unsubscribe();

 private:
  void onNotify(const sip::Message& request);
  void onRefresh(const std::shared_ptr<ReSubscribeUserAgentClient>& request);
  void onTerminated();
  void refreshTimerClear();
  void refreshTimerSet();
  void expiryTimerSet();
  void stateTransition(SubscriptionState newState, std::optional<uint32_t> newExpires = std::nullopt);
  void timerN();
  double nowSeconds() const;
  std::shared_ptr<SubscriptionDialog> self();

  Logger logger_;
  bool autoRefresh_ = false;
  std::string subscriptionEvent_;
  uint32_t subscriptionExpires_;
  uint32_t subscriptionExpiresInitial_;
  double subscriptionExpiresLastSet_ = 0;
  std::optional<uint32_t> subscriptionRefresh_;
  double subscriptionRefreshLastSet_ = 0;
  SubscriptionState subscriptionState_;
  HostTimer N_;
  HostTimer refreshTimer_;
  HostTimer expiryTimer_;
};

}  // namespace sip::core
