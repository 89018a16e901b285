#include "core/user_agents/refer_user_agent.h"

#include "core/dialogs/dialog.h"

namespace sip::core {

ReferUserAgentClient::ReferUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)) {}

std::shared_ptr<ReferUserAgentClient> ReferUserAgentClient::create(Dialog& dialog, OutgoingRequestDelegate delegate,
                                                               const RequestOptions& options) {
  std::shared_ptr<ReferUserAgentClient> uac(
      new ReferUserAgentClient(dialog.userAgentCore(), dialog.createOutgoingRequestMessage("REFER", options)));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog.weak_from_this());
  uac->init();
  return uac;
}

ReferUserAgentServer::ReferUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<ReferUserAgentServer> ReferUserAgentServer::create(UserAgentCore& core, const sip::Message& request) {
  std::shared_ptr<ReferUserAgentServer> uas(new ReferUserAgentServer(core, request));
  uas->init();
  return uas;
}

std::shared_ptr<ReferUserAgentServer> ReferUserAgentServer::create(Dialog& dialog, const sip::Message& request) {
  return create(dialog.userAgentCore(), request);
}

}  // namespace sip::core
