// re-SUBSCRIBE inside a subscription dialog (RFC 6665 §4.1.2.2; SIP.js
// re-subscribe-user-agent-client.js): a 2xx Expires may shorten the subscription; the errors RFC
// 6665 §4.1.2.2 lists as fatal end it.
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"

namespace sip::core {

class SubscriptionDialog;

class ReSubscribeUserAgentClient final : public UserAgentClient {
 public:
  static std::shared_ptr<ReSubscribeUserAgentClient> create(const std::shared_ptr<SubscriptionDialog>& dialog,
                                                            OutgoingRequestDelegate delegate = {},
                                                            const RequestOptions& options = {});

  // SIP.js's OutgoingSubscribeRequest.waitNotifyStop (nothing to stop for a refresh).
  void waitNotifyStop() {}

 protected:
  void receiveResponse(const sip::Message& response) override;

 private:
  ReSubscribeUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message,
                             std::shared_ptr<SubscriptionDialog> dialog);
  std::shared_ptr<SubscriptionDialog> dialog_;
};

}  // namespace sip::core
