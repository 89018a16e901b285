// SIP.js's Subscriber (lib/api/subscriber.js, with its SubscriberRequest) as a C++ state machine
// over the UA core: a subscription to an event package (RFC 6665). subscribe() sends the initial
// SUBSCRIBE; the first NOTIFY creates the subscription dialog (which refreshes itself at 90% of the
// expiry and guards every refresh with Timer N) and moves the subscription to Subscribed; a failed
// SUBSCRIBE or Timer N without a NOTIFY ends it. A NOTIFY with "Subscription-State: terminated"
// ends it too, or re-subscribes as RFC 6665 §4.1.3 says for the reasons deactivated and timeout
// (at once), probation and giveup (after retry-after seconds). js/api/subscriber.js adapts it to
// promises, emitters and the app's delegate; the NOTIFYs it answers come out as NOTIFY UASs.
//
// Ending: unsubscribe() sends an un-SUBSCRIBE (Expires: 0) when the subscription is pending or
// active and moves to Terminated at once, as SIP.js does; dispose() sends it when subscribed,
// without a state change. Either way the subscriber then waits for the subscription dialog to
// end: the terminating NOTIFY, a failed un-SUBSCRIBE, or Timer N after its 2xx without that NOTIFY
// (SIP.js's dispose() waits for the dialog's onTerminated, which a terminating NOTIFY never calls,
// so its promise may never settle). Then onFinished: nothing more will happen; the owner may
// destroy it.
//
// Ownership: borrows the core (which must outlive it); holds its SUBSCRIBE UAC and the dialog it
// created. Destroying it stops waiting for NOTIFYs and disposes that dialog (no un-SUBSCRIBE:
// that is dispose()'s job; the owner destroys it after onFinished, when the dialog has ended).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/subscription_state.h"
#include "core/dialogs/subscription_dialog.h"
#include "core/messages/body.h"
#include "core/messages/outgoing_request_message.h"
#include "core/user_agent_core/user_agent_core.h"
#include "host.h"
#include "sip/uri.h"

namespace sip::core {
class NotifyUserAgentServer;
class SubscribeUserAgentClient;
}  // namespace sip::core

namespace sip::api {

struct SubscriberOptions {
  uint32_t expires = 3600;                // seconds requested in Expires
  std::vector<std::string> extraHeaders;  // "Name: value" lines on the initial SUBSCRIBE
  std::optional<core::Body> body;         // body of the initial SUBSCRIBE
};

// What the JS facade hears. Each callback is optional.
struct SubscriberDelegate {
  std::function<void(SubscriptionState)> onStateChange;
  // A NOTIFY of this subscription, for the application to answer (now or later). Without this
  // callback it is accepted.
  std::function<void(const std::shared_ptr<core::NotifyUserAgentServer>&)> onNotify;
  // Disposed (or terminated) and the subscription dialog, if any, has ended. Called once.
  std::function<void()> onFinished;
};

// Outcome of subscribe()/unsubscribe(). NothingToDo: the call had nothing to send in this state
// (SIP.js resolves then too).
enum class SubscriberResult { Sent, NothingToDo, Terminated, Disposed };

class Subscriber {
 public:
  static constexpr uint32_t kDefaultExpires = 3600;

  // Throws std::invalid_argument when the event type is not an Event header value.
  Subscriber(core::UserAgentCore& core, sip::Uri target, std::string event, SubscriberOptions options = {},
             SubscriberDelegate delegate = {});
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  SubscriberDelegate delegate;

  // SIP.js's id: Call-ID + From tag of the initial SUBSCRIBE + event type.
  const std::string& id() const { return id_; }
  SubscriptionState state() const { return state_; }
  bool disposed() const { return disposed_; }
  bool finished() const { return finished_; }
  // SIP.js's subscriberRequest.state: Initial (not sent), NotifyWait (sent, no NOTIFY yet), then
  // the dialog's state.
  core::SubscriptionState requestState() const;
  // The subscription dialog, once a NOTIFY created one.
  const std::shared_ptr<core::SubscriptionDialog>& dialog() const { return dialog_; }
  // The SUBSCRIBE this subscriber sends next (or sent last).
  const core::OutgoingRequestMessage& request() const { return request_->message; }

  // SIP.js's subscribe(): the initial SUBSCRIBE, or a refresh when the subscription is active.
  SubscriberResult subscribe();
  // SIP.js's unsubscribe(): un-SUBSCRIBE if pending or active, then Terminated.
  SubscriberResult unsubscribe();
  // SIP.js's dispose() (see the file comment). Idempotent.
  void dispose();

 private:
  // SIP.js's SubscriberRequest: one initial SUBSCRIBE and what came of it.
  struct Request {
    explicit Request(core::OutgoingRequestMessage m) : message(std::move(m)) {}
    core::OutgoingRequestMessage message;
    std::shared_ptr<core::SubscribeUserAgentClient> uac;
    std::shared_ptr<core::SubscriptionDialog> subscription;
    bool subscribed = false;  // sent
    bool settled = false;     // a NOTIFY, a failure or Timer N decided the outcome
    uint64_t generation = 0;  // tells a re-subscription's callbacks from its predecessor's
  };

  void initRequest();
  void sendRequest();
  void disposeRequest();
  void onRequestSuccess(Request* request, const std::shared_ptr<core::NotifyUserAgentServer>& notify,
                        const std::shared_ptr<core::SubscriptionDialog>& subscription);
  void onRequestFailure(Request* request);
  void onNotify(const std::shared_ptr<core::NotifyUserAgentServer>& notify);
  void onDialogTerminated(const core::SubscriptionDialog* dialog);
  void sendUnsubscribe();
  void stateTransition(SubscriptionState next);
  void checkFinished();

  core::UserAgentCore& core_;
  Logger logger_;
  Logger subscriptionLogger_;
  sip::Uri target_;
  std::string event_;
  SubscriberOptions options_;
  std::unique_ptr<Request> request_;
  std::shared_ptr<core::SubscriptionDialog> dialog_;
  std::string id_;
  SubscriptionState state_ = SubscriptionState::Initial;
  bool disposed_ = false;
  bool finished_ = false;
  bool unsubscribing_ = false;  // an un-SUBSCRIBE was sent; waiting for the dialog to end
  HostTimer retryAfterTimer_;
  HostTimer unsubscribeTimer_;  // Timer N after the un-SUBSCRIBE's 2xx
  // Callbacks held by the core (UACs, dialogs) may outlive this object; they check this flag.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sip::api
