#include "core/user_agents/notify_user_agent.h"

#include "core/dialogs/dialog.h"

namespace sip::core {

NotifyUserAgentClient::NotifyUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<NotifyUserAgentClient> NotifyUserAgentClient::create(Dialog& dialog, OutgoingRequestDelegate delegate,
                                                               const RequestOptions& options) {
  std::shared_ptr<NotifyUserAgentClient> uac(
      new NotifyUserAgentClient(dialog.userAgentCore(), dialog.createOutgoingRequestMessage("NOTIFY", options)));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog.weak_from_this());
  uac->init();
  return uac;
}

NotifyUserAgentServer::NotifyUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<NotifyUserAgentServer> NotifyUserAgentServer::create(UserAgentCore& core, const sip::Message& request) {
  std::shared_ptr<NotifyUserAgentServer> uas(new NotifyUserAgentServer(core, request));
  uas->init();
  return uas;
}

std::shared_ptr<NotifyUserAgentServer> NotifyUserAgentServer::create(Dialog& dialog, const sip::Message& request) {
  return create(dialog.userAgentCore(), request);
}

}  // namespace sip::core
