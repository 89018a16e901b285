#include "core/user_agents/info_user_agent.h"

#include "core/dialogs/dialog.h"

namespace sip::core {

InfoUserAgentClient::InfoUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<InfoUserAgentClient> InfoUserAgentClient::create(Dialog& dialog, OutgoingRequestDelegate delegate,
                                                               const RequestOptions& options) {
  std::shared_ptr<InfoUserAgentClient> uac(
      new InfoUserAgentClient(dialog.userAgentCore(), dialog.createOutgoingRequestMessage("INFO", options)));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog.weak_from_this());
  uac->init();
  return uac;
}

InfoUserAgentServer::InfoUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<InfoUserAgentServer> InfoUserAgentServer::create(UserAgentCore& core, const sip::Message& request) {
  std::shared_ptr<InfoUserAgentServer> uas(new InfoUserAgentServer(core, request));
  uas->init();
  return uas;
}

std::shared_ptr<InfoUserAgentServer> InfoUserAgentServer::create(Dialog& dialog, const sip::Message& request) {
  return create(dialog.userAgentCore(), request);
}

}  // namespace sip::core
