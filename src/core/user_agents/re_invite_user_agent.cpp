#include "core/user_agents/re_invite_user_agent.h"

#include <stdexcept>

#include "core/dialogs/session_dialog.h"
#include "core/messages/utils.h"
#include "core/user_agent_core/user_agent_core.h"

namespace sip::core {

ReInviteUserAgentClient::ReInviteUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message,
                                                 std::shared_ptr<SessionDialog> dialog)
    : UserAgentClient(TransactionType::Invite, core, std::move(message)), dialog_(std::move(dialog)) {}

std::shared_ptr<ReInviteUserAgentClient> ReInviteUserAgentClient::create(const std::shared_ptr<SessionDialog>& dialog,
                                                                         OutgoingInviteRequestDelegate delegate,
                                                                         const RequestOptions& options) {
  // §12.2.1.1: a target refresh request should carry a Contact; SIP.js's Session adds ours, and
  // so do we when the caller did not (a UAS refuses an INVITE without one).
  RequestOptions withContact = options;
  bool hasContact = false;
  for (const auto& line : withContact.extraHeaders) {
    if (auto split = splitHeaderLine(line); split && split->first == "Contact") hasContact = true;
  }
  if (!hasContact) withContact.extraHeaders.push_back("Contact: " + dialog->userAgentCore().configuration.contact.toString());
  std::shared_ptr<ReInviteUserAgentClient> uac(new ReInviteUserAgentClient(
      dialog->userAgentCore(), dialog->createOutgoingRequestMessage("INVITE", withContact), dialog));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog);
  uac->init();
  dialog->signalingStateTransition(uac->message());
  dialog->reinviteUserAgentClient = uac;  // the dialog knows a re-INVITE is pending (glare, ACK)
  return uac;
}

void ReInviteUserAgentClient::receiveResponse(const sip::Message& response) {
  if (!authenticationGuard(response, dialog_.get())) return;
  const int statusCode = response.statusCode;
  if (statusCode == 100) {
    if (delegate.onTrying) delegate.onTrying(IncomingResponse{response});
  } else if (statusCode >= 101 && statusCode <= 199) {
    if (delegate.onProgress) {
      PrackableIncomingResponseWithSession progress{
          response, dialog_, [](const RequestOptions&) -> std::shared_ptr<PrackUserAgentClient> {
            throw std::logic_error("Unimplemented.");  // SIP.js: no PRACK for re-INVITE provisionals
          }};
      delegate.onProgress(progress);
    }
  } else if (statusCode >= 200 && statusCode <= 299) {
    dialog_->signalingStateTransition(response);
    // §12.2.1.2: a 2xx to a target refresh request replaces the remote target (SIP.js does not).
    dialog_->updateRemoteTarget(response);
    std::weak_ptr<SessionDialog> weakDialog = dialog_;
    AckableIncomingResponseWithSession accepted{response, dialog_, [weakDialog](const RequestOptions& options) {
                                                  auto dialog = weakDialog.lock();
                                                  if (!dialog) throw std::logic_error("Session dialog gone.");
                                                  return std::make_shared<const OutgoingAckRequest>(dialog->ack(options));
                                                }};
    if (delegate.onAccept) {
      delegate.onAccept(accepted);
    } else {
      // §13.2.2.4: every 2xx gets an ACK; SIP.js leaves that to a delegate it may not have.
      dialog_->ack();
    }
  } else if (statusCode >= 300 && statusCode <= 399) {
    dialog_->signalingStateRollback();
    dialog_->reinviteUserAgentClient = nullptr;  // the transaction ACKed it
    if (delegate.onRedirect) delegate.onRedirect(IncomingResponse{response});
  } else if (statusCode >= 400 && statusCode <= 699) {
    dialog_->signalingStateRollback();
    dialog_->reinviteUserAgentClient = nullptr;  // the transaction ACKed it
    if (delegate.onReject) delegate.onReject(IncomingResponse{response});
  }
}

ReInviteUserAgentServer::ReInviteUserAgentServer(UserAgentCore& core, const sip::Message& request,
                                                 std::shared_ptr<SessionDialog> dialog)
    : UserAgentServer(TransactionType::Invite, core, request), dialog_(std::move(dialog)) {}

std::shared_ptr<ReInviteUserAgentServer> ReInviteUserAgentServer::create(const std::shared_ptr<SessionDialog>& dialog,
                                                                         const sip::Message& request) {
  std::shared_ptr<ReInviteUserAgentServer> uas(new ReInviteUserAgentServer(dialog->userAgentCore(), request, dialog));
  uas->init();
  dialog->reinviteUserAgentServer = uas;
  return uas;
}

OutgoingResponse ReInviteUserAgentServer::accept(ResponseOptions options) {
  for (const auto value : message_.headerValues("Record-Route")) {
    options.extraHeaders.push_back("Record-Route: " + std::string(value));
  }
  bool hasContact = false;
  for (const auto& line : options.extraHeaders) {
    if (auto split = splitHeaderLine(line); split && split->first == "Contact") hasContact = true;
  }
  if (!hasContact) options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
  std::optional<Body> body = options.body;
  OutgoingResponse response = UserAgentServer::accept(std::move(options));
  response.session = dialog_;
  if (body) dialog_->signalingStateTransition(*body);
  dialog_->reConfirm();
  return response;
}

OutgoingResponse ReInviteUserAgentServer::progress(ResponseOptions options) {
  std::optional<Body> body = options.body;
  OutgoingResponse response = UserAgentServer::progress(std::move(options));
  response.session = dialog_;
  if (body) dialog_->signalingStateTransition(*body);
  return response;
}

OutgoingResponse ReInviteUserAgentServer::redirect(const std::vector<sip::Uri>& /*contacts*/,
                                                   ResponseOptions /*options*/) {
  auto self = shared_from_this();  // the dialog may hold the last other reference
  dialog_->signalingStateRollback();
  dialog_->reinviteUserAgentServer = nullptr;
  throw std::logic_error("Unimplemented.");
}

OutgoingResponse ReInviteUserAgentServer::reject(ResponseOptions options) {
  auto self = shared_from_this();  // the dialog may hold the last other reference
  dialog_->signalingStateRollback();
  dialog_->reinviteUserAgentServer = nullptr;  // the transaction absorbs the ACK of a non-2xx
  return UserAgentServer::reject(std::move(options));
}

}  // namespace sip::core
