#include "core/user_agents/register_user_agent.h"

namespace sip::core {

RegisterUserAgentClient::RegisterUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<RegisterUserAgentClient> RegisterUserAgentClient::create(UserAgentCore& core, OutgoingRequestMessage message,
                                                               OutgoingRequestDelegate delegate) {
  std::shared_ptr<RegisterUserAgentClient> uac(new RegisterUserAgentClient(core, std::move(message)));
  uac->delegate = std::move(delegate);
  uac->init();
  return uac;
}

RegisterUserAgentServer::RegisterUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<RegisterUserAgentServer> RegisterUserAgentServer::create(UserAgentCore& core, const sip::Message& request) {
  std::shared_ptr<RegisterUserAgentServer> uas(new RegisterUserAgentServer(core, request));
  uas->init();
  return uas;
}

}  // namespace sip::core
