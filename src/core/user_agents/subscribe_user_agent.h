// SUBSCRIBE outside a dialog (RFC 6665 §4.1; SIP.js subscribe-user-agent-client.js /
// subscribe-user-agent-server.js). The client waits for the NOTIFY that creates the subscription
// (Timer N, 64*T1, RFC 6665 §4.1.2.4), accepting one from any notifier the request forks to
// until the first has created the dialog; the 2xx Expires can only shorten the requested expiry.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "core/dialogs/subscription_dialog.h"
#include "core/messages/methods.h"
#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class NotifyUserAgentServer;

class SubscribeUserAgentClient final : public UserAgentClient {
 public:
  // Throws std::invalid_argument when the request has no Event or Expires header.
  static std::shared_ptr<SubscribeUserAgentClient> create(UserAgentCore& core, OutgoingRequestMessage message,
                                                          OutgoingSubscribeRequestDelegate delegate = {});

  OutgoingSubscribeRequestDelegate delegate;  // (hides the base's)

  void dispose() override;

  // A NOTIFY the core matched to this SUBSCRIBE (RFC 6665 §4.4.1).
  void onNotify(const std::shared_ptr<NotifyUserAgentServer>& uas);
  // Stops waiting for NOTIFYs (no dialog will be created any more).
  void waitNotifyStop();

  const std::string& subscriberId() const { return subscriberId_; }
  const std::shared_ptr<SubscriptionDialog>& dialog() const { return dialog_; }
  SubscriptionState subscriptionState() const { return subscriptionState_; }
  uint32_t subscriptionExpires() const { return subscriptionExpires_; }

 protected:
  void receiveResponse(const sip::Message& response) override;

 private:
  SubscribeUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
  void waitNotifyStart();
  void timerN();

  std::string subscriberId_;
  std::string subscriptionEvent_;
  uint32_t subscriptionExpires_ = 0;
  uint32_t subscriptionExpiresRequested_ = 0;
  SubscriptionState subscriptionState_ = SubscriptionState::NotifyWait;
  std::shared_ptr<SubscriptionDialog> dialog_;
  bool waitingForNotify_ = false;
  HostTimer N_;
};

// An incoming SUBSCRIBE (the notifier side is the application's: SIP.js has no notifier dialog).
class SubscribeUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<SubscribeUserAgentServer> create(UserAgentCore& core, const sip::Message& request);

 private:
  SubscribeUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
