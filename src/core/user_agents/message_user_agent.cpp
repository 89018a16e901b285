#include "core/user_agents/message_user_agent.h"

namespace sip::core {

MessageUserAgentClient::MessageUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<MessageUserAgentClient> MessageUserAgentClient::create(UserAgentCore& core, OutgoingRequestMessage message,
                                                               OutgoingRequestDelegate delegate) {
  std::shared_ptr<MessageUserAgentClient> uac(new MessageUserAgentClient(core, std::move(message)));
  uac->delegate = std::move(delegate);
  uac->init();
  return uac;
}

MessageUserAgentServer::MessageUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<MessageUserAgentServer> MessageUserAgentServer::create(UserAgentCore& core, const sip::Message& request) {
  std::shared_ptr<MessageUserAgentServer> uas(new MessageUserAgentServer(core, request));
  uas->init();
  return uas;
}

}  // namespace sip::core
