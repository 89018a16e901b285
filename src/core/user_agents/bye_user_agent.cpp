#include "core/user_agents/bye_user_agent.h"

#include "core/dialogs/dialog.h"

namespace sip::core {

ByeUserAgentClient::ByeUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<ByeUserAgentClient> ByeUserAgentClient::create(Dialog& dialog, OutgoingRequestDelegate delegate,
                                                               const RequestOptions& options) {
  std::shared_ptr<ByeUserAgentClient> uac(
      new ByeUserAgentClient(dialog.userAgentCore(), dialog.createOutgoingRequestMessage("BYE", options)));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog.weak_from_this());
  uac->init();
  dialog.dispose();
  return uac;
}

ByeUserAgentServer::ByeUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<ByeUserAgentServer> ByeUserAgentServer::create(Dialog& dialog, const sip::Message& request) {
  std::shared_ptr<ByeUserAgentServer> uas(new ByeUserAgentServer(dialog.userAgentCore(), request));
  uas->init();
  return uas;
}

}  // namespace sip::core
