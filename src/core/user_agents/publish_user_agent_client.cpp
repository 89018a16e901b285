#include "core/user_agents/publish_user_agent_client.h"

namespace sip::core {

PublishUserAgentClient::PublishUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<PublishUserAgentClient> PublishUserAgentClient::create(UserAgentCore& core, OutgoingRequestMessage message,
                                                               OutgoingRequestDelegate delegate) {
  std::shared_ptr<PublishUserAgentClient> uac(new PublishUserAgentClient(core, std::move(message)));
  uac->delegate = std::move(delegate);
  uac->init();
  return uac;
}

}  // namespace sip::core
