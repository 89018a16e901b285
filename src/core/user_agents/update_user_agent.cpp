#include "core/user_agents/update_user_agent.h"

#include "core/dialogs/session_dialog.h"
#include "core/messages/utils.h"
#include "core/user_agent_core/user_agent_core.h"

namespace sip::core {

namespace {

void addContactUnlessPresent(std::vector<std::string>& extraHeaders, const UserAgentCore& core) {
  for (const auto& line : extraHeaders) {
    if (auto split = splitHeaderLine(line); split && split->first == "Contact") return;
  }
  extraHeaders.push_back("Contact: " + core.configuration.contact.toString());
}

}  // namespace

UpdateUserAgentClient::UpdateUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message,
                                             std::shared_ptr<SessionDialog> dialog)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)), dialog_(std::move(dialog)) {}

std::shared_ptr<UpdateUserAgentClient> UpdateUserAgentClient::create(const std::shared_ptr<SessionDialog>& dialog,
                                                                     OutgoingRequestDelegate delegate,
                                                                     const RequestOptions& options) {
  RequestOptions withContact = options;
  addContactUnlessPresent(withContact.extraHeaders, dialog->userAgentCore());
  std::shared_ptr<UpdateUserAgentClient> uac(new UpdateUserAgentClient(
      dialog->userAgentCore(), dialog->createOutgoingRequestMessage("UPDATE", withContact), dialog));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog);
  uac->init();
  uac->carriesOffer_ = isSessionBody(getBody(uac->message())) &&
                      dialog->signalingState() != SignalingState::HaveLocalOffer;
  dialog->signalingStateTransition(uac->message());
  uac->carriesOffer_ = uac->carriesOffer_ && dialog->signalingState() == SignalingState::HaveLocalOffer;
  return uac;
}

void UpdateUserAgentClient::receiveResponse(const sip::Message& response) {
  if (!authenticationGuard(response, dialog_.get())) return;
  if (response.statusCode >= 200 && response.statusCode <= 299) {
    dialog_->signalingStateTransition(response);
    dialog_->updateRemoteTarget(response);
  } else if (response.statusCode >= 300 && carriesOffer_) {
    dialog_->signalingStateRollback();
  }
  dispatchResponse(response, delegate);
}

UpdateUserAgentServer::UpdateUserAgentServer(UserAgentCore& core, const sip::Message& request,
                                             std::shared_ptr<SessionDialog> dialog)
    : UserAgentServer(TransactionType::NonInvite, core, request), dialog_(std::move(dialog)) {}

std::shared_ptr<UpdateUserAgentServer> UpdateUserAgentServer::create(const std::shared_ptr<SessionDialog>& dialog,
                                                                     const sip::Message& request) {
  std::shared_ptr<UpdateUserAgentServer> uas(new UpdateUserAgentServer(dialog->userAgentCore(), request, dialog));
  uas->init();
  uas->carriesOffer_ = isSessionBody(getBody(request));
  dialog->signalingStateTransition(request);
  return uas;
}

OutgoingResponse UpdateUserAgentServer::accept(ResponseOptions options) {
  addContactUnlessPresent(options.extraHeaders, core_);
  std::optional<Body> body = options.body;
  OutgoingResponse response = UserAgentServer::accept(std::move(options));
  response.session = dialog_;
  if (body) dialog_->signalingStateTransition(*body);
  return response;
}

OutgoingResponse UpdateUserAgentServer::reject(ResponseOptions options) {
  if (carriesOffer_) dialog_->signalingStateRollback();
  return UserAgentServer::reject(std::move(options));
}

}  // namespace sip::core
