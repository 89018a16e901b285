#include "core/user_agents/prack_user_agent.h"

#include "core/dialogs/session_dialog.h"

namespace sip::core {

PrackUserAgentClient::PrackUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<PrackUserAgentClient> PrackUserAgentClient::create(SessionDialog& dialog, OutgoingRequestDelegate delegate,
                                                                   const RequestOptions& options) {
  std::shared_ptr<PrackUserAgentClient> uac(
      new PrackUserAgentClient(dialog.userAgentCore(), dialog.createOutgoingRequestMessage("PRACK", options)));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog.weak_from_this());
  uac->init();
  dialog.signalingStateTransition(uac->message());
  return uac;
}

PrackUserAgentServer::PrackUserAgentServer(UserAgentCore& core, const sip::Message& request,
                                           std::shared_ptr<SessionDialog> dialog)
    : UserAgentServer(TransactionType::NonInvite, core, request), dialog_(std::move(dialog)) {}

std::shared_ptr<PrackUserAgentServer> PrackUserAgentServer::create(const std::shared_ptr<SessionDialog>& dialog,
                                                                   const sip::Message& request) {
  std::shared_ptr<PrackUserAgentServer> uas(new PrackUserAgentServer(dialog->userAgentCore(), request, dialog));
  uas->init();
  dialog->signalingStateTransition(request);
  return uas;
}

OutgoingResponse PrackUserAgentServer::accept(ResponseOptions options) {
  if (options.body) dialog_->signalingStateTransition(*options.body);
  return UserAgentServer::accept(std::move(options));
}

}  // namespace sip::core
