#include "core/user_agents/invite_user_agent_client.h"

#include <stdexcept>

#include "core/dialogs/session_dialog.h"
#include "core/messages/utils.h"
#include "core/transactions/invite_client_transaction.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/prack_user_agent.h"

namespace sip::core {

InviteUserAgentClient::InviteUserAgentClient(UserAgentCore& core, std::shared_ptr<OutgoingRequestMessage> message)
    : UserAgentClient(TransactionType::Invite, core, std::move(message)) {}

std::shared_ptr<InviteUserAgentClient> InviteUserAgentClient::create(UserAgentCore& core,
                                                                     OutgoingRequestMessage message,
                                                                     OutgoingInviteRequestDelegate delegate) {
  return create(core, std::make_shared<OutgoingRequestMessage>(std::move(message)), std::move(delegate));
}

std::shared_ptr<InviteUserAgentClient> InviteUserAgentClient::create(UserAgentCore& core,
                                                                     std::shared_ptr<OutgoingRequestMessage> message,
                                                                     OutgoingInviteRequestDelegate delegate) {
  std::shared_ptr<InviteUserAgentClient> uac(new InviteUserAgentClient(core, std::move(message)));
  uac->delegate = std::move(delegate);
  uac->init();
  return uac;
}

void InviteUserAgentClient::disposeEarlyDialogs() {
  auto early = std::move(earlyDialogs_);
  earlyDialogs_.clear();
  for (auto& [id, dialog] : early) dialog->dispose();
}

void InviteUserAgentClient::dispose() {
  disposeEarlyDialogs();
  UserAgentClient::dispose();
}

void InviteUserAgentClient::onTransportError(const TransportError& error) {
  if (transaction() && transaction()->state() == TransactionState::Calling) {
    UserAgentClient::onTransportError(error);
    return;
  }
  logger_.error(error.message);
  logger_.error("User agent client request transport error while sending ACK.");
}

void InviteUserAgentClient::receiveResponse(const sip::Message& response) {
  if (!authenticationGuard(response)) return;
  const int statusCode = response.statusCode;
  if (statusCode == 100) {
    if (auto callback = delegate.onTrying) callback(IncomingResponse{response});
  } else if (statusCode >= 101 && statusCode <= 199) {
    receiveProvisional(response);
  } else if (statusCode >= 200 && statusCode <= 299) {
    receiveSuccess(response);
  } else if (statusCode >= 300 && statusCode <= 399) {
    // §13.2.2.3: a non-2xx final response ends every early dialog of the request.
    disposeEarlyDialogs();
    if (auto callback = delegate.onRedirect) callback(IncomingResponse{response});
  } else if (statusCode >= 400 && statusCode <= 699) {
    disposeEarlyDialogs();
    if (auto callback = delegate.onReject) callback(IncomingResponse{response});
  } else {
    logger_.warn("Dropping response with invalid status code " + std::to_string(statusCode) + ".");
  }
}

void InviteUserAgentClient::receiveProvisional(const sip::Message& response) {
  // §12.1.2: a 1xx with a To tag creates an early dialog.
  if (!response.toTagView()) {
    logger_.warn("Non-100 1xx INVITE response received without a to tag, dropping.");
    return;
  }
  if (!response.contact()) {
    logger_.error("Non-100 1xx INVITE response received without a Contact header field, dropping.");
    return;
  }
  auto state = Dialog::initialDialogStateForUserAgentClient(*message_, response);
  if (!state) {
    logger_.error("Non-100 1xx INVITE response cannot create a dialog, dropping.");
    return;
  }
  state->secure = isSecureDialog(message_->ruri, core_.transport());
  auto transaction = transactionAs<InviteClientTransaction>(this->transaction());
  if (!transaction) throw std::logic_error("Transaction not instance of InviteClientTransaction.");

  std::shared_ptr<SessionDialog> earlyDialog;
  if (auto it = earlyDialogs_.find(state->id); it != earlyDialogs_.end()) {
    earlyDialog = it->second;
  } else {
    earlyDialog = SessionDialog::create(transaction, core_, *state);
    earlyDialogs_.emplace(earlyDialog->id(), earlyDialog);
  }

  // RFC 3262 §4: drop reliable provisional responses out of order and their retransmissions.
  if (!earlyDialog->reliableSequenceGuard(response)) {
    logger_.warn("1xx INVITE reliable response received out of order or is a retransmission, dropping.");
    return;
  }
  if (earlyDialog->signalingState() == SignalingState::Initial ||
      earlyDialog->signalingState() == SignalingState::HaveLocalOffer) {
    earlyDialog->signalingStateTransition(response);
  }

  auto callback = delegate.onProgress;
  if (!callback) return;
  std::weak_ptr<SessionDialog> weakSession = earlyDialog;
  std::optional<uint32_t> rseq;
  if (containsToken(response.tokens("Require"), "100rel")) rseq = earlyDialog->lastRSeq();
  const uint32_t inviteCseq = message_->cseq;
  PrackableIncomingResponseWithSession progress{
      response, earlyDialog,
      [weakSession, rseq, inviteCseq](const RequestOptions& options) -> std::shared_ptr<PrackUserAgentClient> {
        auto session = weakSession.lock();
        if (!session) throw std::logic_error("Session dialog gone.");
        RequestOptions prackOptions = options;
        bool hasRAck = false;
        for (const auto& line : prackOptions.extraHeaders) {
          if (auto split = splitHeaderLine(line); split && split->first == "RAck") hasRAck = true;
        }
        if (!hasRAck && rseq) {
          prackOptions.extraHeaders.push_back("RAck: " + std::to_string(*rseq) + " " + std::to_string(inviteCseq) +
                                              " INVITE");
        }
        return session->prack({}, prackOptions);
      }};
  callback(progress);
}

void InviteUserAgentClient::receiveSuccess(const sip::Message& response) {
  if (!response.toTagView()) {
    logger_.error("2xx INVITE response received without a to tag, dropping.");
    return;
  }
  if (!response.contact()) {
    logger_.error("2xx INVITE response received without a Contact header field, dropping.");
    return;
  }
  auto state = Dialog::initialDialogStateForUserAgentClient(*message_, response);
  if (!state) {
    logger_.error("2xx INVITE response cannot create a dialog, dropping.");
    return;
  }
  state->secure = isSecureDialog(message_->ruri, core_.transport());
  auto transaction = transactionAs<InviteClientTransaction>(this->transaction());
  if (!transaction) throw std::logic_error("Transaction not instance of InviteClientTransaction.");

  // A retransmission of a 2xx we already handled: send its ACK again (the transaction normally
  // does this itself and never passes such a 2xx up).
  if (confirmedDialogs_.count(state->id) != 0) {
    if (auto it = confirmedDialogAcks_.find(state->id); it != confirmedDialogAcks_.end()) {
      transaction->ackResponse(it->second->message.toMessage());
    }
    return;
  }

  std::shared_ptr<SessionDialog> dialog;
  if (auto it = earlyDialogs_.find(state->id); it != earlyDialogs_.end()) {
    dialog = it->second;
    earlyDialogs_.erase(it);
    dialog->confirm();
    // §13.2.2.4: the route set is recomputed from the 2xx; §12.2.1.2: the 2xx of a target
    // refresh request (INVITE is one) refreshes the remote target (SIP.js keeps the 1xx's).
    dialog->recomputeRouteSet(response);
    dialog->updateRemoteTarget(response);
  } else {
    dialog = SessionDialog::create(transaction, core_, *state);
  }
  confirmedDialogs_.emplace(dialog->id(), dialog);

  if (dialog->signalingState() == SignalingState::Initial ||
      dialog->signalingState() == SignalingState::HaveLocalOffer) {
    dialog->signalingStateTransition(response);
  }

  std::weak_ptr<InviteUserAgentClient> weakSelf = std::static_pointer_cast<InviteUserAgentClient>(shared_from_this());
  std::weak_ptr<SessionDialog> weakSession = dialog;
  AckFunction ack = [weakSelf, weakSession](const RequestOptions& options) {
    auto session = weakSession.lock();
    if (!session) throw std::logic_error("Session dialog gone.");
    auto outgoing = std::make_shared<const OutgoingAckRequest>(session->ack(options));
    if (auto self = weakSelf.lock()) self->confirmedDialogAcks_.insert_or_assign(session->id(), outgoing);
    return outgoing;
  };

  if (auto callback = delegate.onAccept) {
    callback(AckableIncomingResponseWithSession{response, dialog, ack});
    return;
  }
  ack(RequestOptions{});
  if (canceled_ || confirmedDialogs_.size() > 1) {
    logger_.log(canceled_ ? "Canceled session accepted, sending BYE" : "Additional confirmed dialog, sending BYE");
    dialog->bye();
  }
}

}  // namespace sip::core
