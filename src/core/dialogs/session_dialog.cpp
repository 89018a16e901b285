#include "core/dialogs/session_dialog.h"

#include <algorithm>
#include <stdexcept>

#include "core/messages/utils.h"
#include "core/timers.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/bye_user_agent.h"
#include "core/user_agents/info_user_agent.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/prack_user_agent.h"
#include "core/user_agents/re_invite_user_agent.h"
#include "core/user_agents/refer_user_agent.h"
#include "core/user_agents/update_user_agent.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

std::optional<Body> getBody(const OutgoingRequestMessage& message) {
  if (!message.body || message.body->content.empty()) return std::nullopt;
  Body body = *message.body;
  if (auto header = message.getHeader("Content-Disposition")) {
    if (auto parsed = sip::parseContentDisposition(*header)) body.contentDisposition = sip::toLower(parsed->type);
  }
  if (body.contentDisposition.empty()) body.contentDisposition = contentTypeToContentDisposition(body.contentType);
  return body;
}

std::shared_ptr<SessionDialog> SessionDialog::create(std::shared_ptr<InviteClientTransaction> initialTransaction,
                                                     UserAgentCore& core, DialogState state, SessionDelegate delegate) {
  auto dialog = std::make_shared<SessionDialog>(Tag{}, core, std::move(state), std::move(initialTransaction), nullptr,
                                                std::move(delegate));
  dialog->registerWithCore();
  // Our INVITE made the first offer (or none).
  if (dialog->initialClientTransaction_) dialog->localTransition(getBody(dialog->initialClientTransaction_->request()));
  dialog->logger_.log("INVITE dialog ", dialog->id(), " constructed");
  return dialog;
}

std::shared_ptr<SessionDialog> SessionDialog::create(std::shared_ptr<InviteServerTransaction> initialTransaction,
                                                     UserAgentCore& core, DialogState state, SessionDelegate delegate) {
  auto dialog = std::make_shared<SessionDialog>(Tag{}, core, std::move(state), nullptr, std::move(initialTransaction),
                                                std::move(delegate));
  dialog->registerWithCore();
  // A UAS waits for the ACK of its 2xx from the start (SIP.js sets ackWait at construction).
  dialog->ackWait_ = true;
  if (!dialog->early()) dialog->start2xxRetransmissionTimer();
  if (dialog->initialServerTransaction_) dialog->remoteTransition(getBody(dialog->initialServerTransaction_->request()));
  dialog->logger_.log("INVITE dialog ", dialog->id(), " constructed");
  return dialog;
}

SessionDialog::SessionDialog(Tag, UserAgentCore& core, DialogState state, std::shared_ptr<InviteClientTransaction> client,
                             std::shared_ptr<InviteServerTransaction> server, SessionDelegate sessionDelegate)
    : Dialog(core, std::move(state)),
      delegate(std::move(sessionDelegate)),
      initialClientTransaction_(std::move(client)),
      initialServerTransaction_(std::move(server)),
      logger_(core.host(), "sip.invite-dialog"),
      invite2xxTimer_(core.host()) {}

SessionDialog::~SessionDialog() {
  if (initialListener_ != 0 && initialServerTransaction_) initialServerTransaction_->removeStateChangeListener(initialListener_);
  if (auto transaction = reinviteListenerTransaction_.lock(); transaction && reinviteListener_ != 0) {
    transaction->removeStateChangeListener(reinviteListener_);
  }
}

void SessionDialog::dispose() {
  if (disposed_) return;
  auto self = shared_from_this();
  Dialog::dispose();
  signalingState_ = SignalingState::Closed;
  offer_.reset();
  answer_.reset();
  invite2xxTimer_.clear();
  if (initialListener_ != 0 && initialServerTransaction_) {
    initialServerTransaction_->removeStateChangeListener(initialListener_);
    initialListener_ = 0;
  }
  if (auto transaction = reinviteListenerTransaction_.lock(); transaction && reinviteListener_ != 0) {
    transaction->removeStateChangeListener(reinviteListener_);
  }
  reinviteListener_ = 0;
  // Break the reference cycles a pending re-INVITE (and an application delegate capturing this
  // dialog) would otherwise keep alive; nothing reaches a disposed dialog any more.
  reinviteUserAgentClient.reset();
  reinviteUserAgentServer.reset();
  delegate = SessionDelegate{};
  prackGuard = nullptr;
  logger_.log("INVITE dialog ", id(), " destroyed");
}

SessionState SessionDialog::sessionState() const {
  if (early()) return SessionState::Early;
  if (ackWait_) return SessionState::AckWait;
  if (signalingState_ == SignalingState::Closed) return SessionState::Terminated;
  return SessionState::Confirmed;
}

void SessionDialog::confirm() {
  if (early()) start2xxRetransmissionTimer();
  Dialog::confirm();
}

void SessionDialog::reConfirm() {
  if (reinviteUserAgentServer) startReInvite2xxRetransmissionTimer();
}

OutgoingAckRequest SessionDialog::ack(const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending ACK request");
  std::shared_ptr<InviteClientTransaction> transaction;
  if (reinviteUserAgentClient) {
    transaction = transactionAs<InviteClientTransaction>(reinviteUserAgentClient->transaction());
    if (!transaction) throw std::logic_error("Transaction not instance of InviteClientTransaction.");
    reinviteUserAgentClient.reset();
  } else {
    if (!initialClientTransaction_) throw std::logic_error("Initial transaction not instance of InviteClientTransaction.");
    transaction = initialClientTransaction_;
  }
  RequestOptions ackOptions = options;
  if (auto cseq = transaction->request().cseq()) ackOptions.cseq = cseq->number;
  // §13.2.2.4: "The ACK MUST contain the same credentials as the INVITE."
  for (const char* name : {"Authorization", "Proxy-Authorization"}) {
    for (const auto value : transaction->request().headerValues(name)) {
      ackOptions.extraHeaders.push_back(std::string(name) + ": " + std::string(value));
    }
  }
  OutgoingRequestMessage message = createOutgoingRequestMessage("ACK", ackOptions);
  transaction->ackResponse(message.toMessage());
  localTransition(getBody(message));
  return OutgoingAckRequest{std::move(message)};
}

std::shared_ptr<ByeUserAgentClient> SessionDialog::bye(OutgoingRequestDelegate byeDelegate, const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending BYE request");
  if (initialServerTransaction_) {
    if (early()) throw std::logic_error("UAS MUST NOT send a BYE on early dialogs.");
    if (ackWait_ && initialServerTransaction_->state() != TransactionState::Terminated) {
      throw std::logic_error(
          "UAS MUST NOT send a BYE on a confirmed dialog until it has received an ACK for its 2xx response or until "
          "the server transaction times out.");
    }
  }
  return ByeUserAgentClient::create(*this, std::move(byeDelegate), options);
}

std::shared_ptr<InfoUserAgentClient> SessionDialog::info(OutgoingRequestDelegate infoDelegate, const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending INFO request");
  if (early()) throw std::logic_error("Dialog not confirmed.");
  return InfoUserAgentClient::create(*this, std::move(infoDelegate), options);
}

std::shared_ptr<ReInviteUserAgentClient> SessionDialog::invite(OutgoingInviteRequestDelegate inviteDelegate,
                                                               const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending INVITE request");
  if (early()) throw std::logic_error("Dialog not confirmed.");
  if (reinviteUserAgentClient) throw std::logic_error("There is an ongoing re-INVITE client transaction.");
  if (reinviteUserAgentServer) throw std::logic_error("There is an ongoing re-INVITE server transaction.");
  return ReInviteUserAgentClient::create(std::static_pointer_cast<SessionDialog>(shared_from_this()),
                                         std::move(inviteDelegate), options);
}

std::shared_ptr<MessageUserAgentClient> SessionDialog::message(OutgoingRequestDelegate messageDelegate,
                                                               const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending MESSAGE request");
  if (early()) throw std::logic_error("Dialog not confirmed.");
  auto uac = MessageUserAgentClient::create(core_, createOutgoingRequestMessage("MESSAGE", options),
                                           std::move(messageDelegate));
  uac->attachDialog(weak_from_this());
  return uac;
}

std::shared_ptr<NotifyUserAgentClient> SessionDialog::notify(OutgoingRequestDelegate notifyDelegate,
                                                             const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending NOTIFY request");
  if (early()) throw std::logic_error("Dialog not confirmed.");
  return NotifyUserAgentClient::create(*this, std::move(notifyDelegate), options);
}

std::shared_ptr<PrackUserAgentClient> SessionDialog::prack(OutgoingRequestDelegate prackDelegate,
                                                           const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending PRACK request");
  return PrackUserAgentClient::create(*this, std::move(prackDelegate), options);
}

std::shared_ptr<ReferUserAgentClient> SessionDialog::refer(OutgoingRequestDelegate referDelegate,
                                                           const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending REFER request");
  if (early()) throw std::logic_error("Dialog not confirmed.");
  return ReferUserAgentClient::create(*this, std::move(referDelegate), options);
}

std::shared_ptr<UpdateUserAgentClient> SessionDialog::update(OutgoingRequestDelegate updateDelegate,
                                                             const RequestOptions& options) {
  logger_.log("INVITE dialog ", id(), " sending UPDATE request");
  if (isSessionBody(options.body) && signalingState_ == SignalingState::HaveLocalOffer) {
    // RFC 3311 §5.1: no new offer while ours awaits an answer.
    throw std::logic_error("There is an outstanding offer.");
  }
  return UpdateUserAgentClient::create(std::static_pointer_cast<SessionDialog>(shared_from_this()),
                                       std::move(updateDelegate), options);
}

void SessionDialog::receiveRequest(const sip::Message& request) {
  logger_.log("INVITE dialog ", id(), " received ", request.method, " request");
  auto self = std::static_pointer_cast<SessionDialog>(shared_from_this());

  if (request.method == "ACK") {
    receiveAck(request);
    return;
  }
  if (!sequenceGuard(request)) {
    logger_.log("INVITE dialog ", id(), " rejected out of order ", request.method, " request.");
    return;
  }
  Dialog::receiveRequest(request);

  // §12.2.2: a target refresh request (re-INVITE, UPDATE) replaces the remote target, once it is
  // past the checks that refuse it.
  if (request.method == "INVITE") {
    if (refuseReInvite(request)) return;
    updateRemoteTarget(request);
  } else if (request.method == "UPDATE") {
    if (refuseUpdate(request)) return;
    updateRemoteTarget(request);
  }

  const std::string& method = request.method;
  if (method == "BYE") {
    auto uas = ByeUserAgentServer::create(*this, request);
    if (auto callback = delegate.onBye) {
      callback(uas);
    } else {
      uas->accept();
    }
    dispose();
  } else if (method == "INFO") {
    auto uas = InfoUserAgentServer::create(*this, request);
    if (auto callback = delegate.onInfo) {
      callback(uas);
    } else {
      ResponseOptions options;
      options.statusCode = 469;
      options.extraHeaders.push_back("Recv-Info:");
      uas->reject(options);
    }
  } else if (method == "INVITE") {
    auto uas = ReInviteUserAgentServer::create(self, request);
    signalingStateTransition(request);
    if (auto callback = delegate.onInvite) {
      callback(uas);
    } else {
      ResponseOptions options;
      options.statusCode = 488;
      uas->reject(options);
    }
  } else if (method == "MESSAGE") {
    auto uas = MessageUserAgentServer::create(core_, request);
    if (auto callback = delegate.onMessage) {
      callback(uas);
    } else {
      uas->accept();
    }
  } else if (method == "NOTIFY") {
    auto uas = NotifyUserAgentServer::create(*this, request);
    if (auto callback = delegate.onNotify) {
      callback(uas);
    } else {
      uas->accept();
    }
  } else if (method == "PRACK") {
    if (prackGuard) {
      auto guard = prackGuard;
      if (!guard(request)) {
        // RFC 3262 §3: a PRACK matching no unacknowledged reliable provisional response.
        ResponseOptions options;
        options.statusCode = 481;
        core_.replyStateless(request, options);
        return;
      }
    }
    auto uas = PrackUserAgentServer::create(self, request);
    if (auto callback = delegate.onPrack) {
      callback(uas);
    } else {
      uas->accept();
    }
  } else if (method == "REFER") {
    auto uas = ReferUserAgentServer::create(*this, request);
    if (auto callback = delegate.onRefer) {
      callback(uas);
    } else {
      uas->reject();
    }
  } else if (method == "UPDATE") {
    auto uas = UpdateUserAgentServer::create(self, request);
    if (auto callback = delegate.onUpdate) {
      callback(uas);
    } else if (isSessionBody(getBody(request))) {
      uas->reject();  // 488: nobody here can answer an offer
    } else {
      uas->accept();
    }
  } else {
    logger_.log("INVITE dialog ", id(), " received unimplemented ", method, " request");
    ResponseOptions options;
    options.statusCode = 501;
    core_.replyStateless(request, options);
  }
}

void SessionDialog::receiveAck(const sip::Message& ack) {
  const auto cseq = ack.cseq();
  auto unexpected = [&] {
    logger_.warn("INVITE dialog " + id() + " received unexpected " + ack.method + " request, dropping.");
  };
  if (ackWait_) {
    if (!initialServerTransaction_) return unexpected();
    const auto inviteCseq = initialServerTransaction_->request().cseq();
    if (!cseq || !inviteCseq || cseq->number != inviteCseq->number) return unexpected();
    ackWait_ = false;
    invite2xxTimer_.clear();
  } else {
    if (!reinviteUserAgentServer) return unexpected();
    const auto inviteCseq = reinviteUserAgentServer->message().cseq();
    if (!cseq || !inviteCseq || cseq->number != inviteCseq->number) return unexpected();
    reinviteUserAgentServer.reset();
    invite2xxTimer_.clear();
  }
  signalingStateTransition(ack);
  if (auto callback = delegate.onAck) callback(IncomingAckRequest{ack});
}

void SessionDialog::replyRetryLater(const sip::Message& request) {
  // §14.2: "a randomly chosen value of between 0 and 10 seconds" (SIP.js: 1 to 10).
  ResponseOptions options;
  options.statusCode = 500;
  options.extraHeaders.push_back("Retry-After: " + std::to_string(randomBelow(core_.host(), 10) + 1));
  core_.replyStateless(request, options);
}

bool SessionDialog::refuseReInvite(const sip::Message& request) {
  auto warning = [&] {
    logger_.warn("INVITE dialog " + id() + " received re-INVITE while " +
                 (ackWait_ ? std::string("waiting for initial ACK") : std::string("processing initial ACK")) +
                 " (RFC 5407 §3.1.4: the caller should wait a moment after its ACK before re-INVITEing).");
  };
  if (ackProcessing_ > 0) {
    replyRetryLater(request);
    warning();
    return true;
  }
  if (ackWait_ && signalingState_ != SignalingState::Stable) {
    replyRetryLater(request);
    warning();
    return true;
  }
  // §14.2: their second INVITE before our final response to the first.
  if (reinviteUserAgentServer) {
    replyRetryLater(request);
    return true;
  }
  // §14.2: "A UAS that receives an INVITE on a dialog while an INVITE it had sent on that dialog
  // is in progress MUST return a 491."
  if (reinviteUserAgentClient) {
    ResponseOptions options;
    options.statusCode = 491;
    core_.replyStateless(request, options);
    return true;
  }
  // Beyond SIP.js: an early dialog still has the initial INVITE in progress (ours: 491, theirs:
  // 500), and an offer may be pending in an UPDATE or PRACK (RFC 3311 §5.2).
  const bool offer = isSessionBody(getBody(request));
  if ((early() && initialClientTransaction_) || (offer && signalingState_ == SignalingState::HaveLocalOffer)) {
    ResponseOptions options;
    options.statusCode = 491;
    core_.replyStateless(request, options);
    return true;
  }
  if (early() || (offer && signalingState_ == SignalingState::HaveRemoteOffer)) {
    replyRetryLater(request);
    return true;
  }
  return false;
}

bool SessionDialog::refuseUpdate(const sip::Message& request) {
  if (!isSessionBody(getBody(request))) return false;
  // RFC 3311 §5.2: our offer awaits an answer -> 491; theirs awaits ours -> 500 + Retry-After.
  if (signalingState_ == SignalingState::HaveLocalOffer) {
    ResponseOptions options;
    options.statusCode = 491;
    core_.replyStateless(request, options);
    return true;
  }
  if (signalingState_ == SignalingState::HaveRemoteOffer) {
    replyRetryLater(request);
    return true;
  }
  return false;
}

bool SessionDialog::reliableSequenceGuard(const sip::Message& response) {
  const int statusCode = response.statusCode;
  if (statusCode > 100 && statusCode < 200) {
    const auto require = response.tokens("Require");
    const auto rseqHeader = response.header("RSeq");
    std::optional<uint32_t> rseq;
    if (containsToken(require, "100rel") && rseqHeader) rseq = sip::parseRSeq(*rseqHeader);
    if (rseq && *rseq != 0) {
      if (rseq_ && *rseq_ + 1 != *rseq) return false;
      rseq_ = rseq_ ? *rseq_ + 1 : *rseq;
    }
  }
  return true;
}

void SessionDialog::signalingStateRollback() {
  if (signalingState_ == SignalingState::HaveLocalOffer || signalingState_ == SignalingState::HaveRemoteOffer) {
    if (rollbackOffer_ && rollbackAnswer_) {
      signalingState_ = SignalingState::Stable;
      offer_ = rollbackOffer_;
      answer_ = rollbackAnswer_;
    }
  }
}

void SessionDialog::signalingStateTransition(const sip::Message& incoming) { remoteTransition(getBody(incoming)); }

void SessionDialog::signalingStateTransition(const OutgoingRequestMessage& outgoing) {
  localTransition(getBody(outgoing));
}

void SessionDialog::signalingStateTransition(const Body& outgoingBody) {
  if (outgoingBody.content.empty()) return;
  Body body = outgoingBody;
  if (body.contentDisposition.empty()) body.contentDisposition = contentTypeToContentDisposition(body.contentType);
  localTransition(body);
}

void SessionDialog::remoteTransition(const std::optional<Body>& body) {
  offerAnswerTransition(body, SignalingState::HaveRemoteOffer, SignalingState::HaveLocalOffer);
}

void SessionDialog::localTransition(const std::optional<Body>& body) {
  offerAnswerTransition(body, SignalingState::HaveLocalOffer, SignalingState::HaveRemoteOffer);
}

// RFC 3264 offer/answer: a session body is an offer from Initial/Stable (entering `offerState`), or
// the answer that completes an offer pending in `answeredState`; anything else leaves the state as is.
void SessionDialog::offerAnswerTransition(const std::optional<Body>& body, SignalingState offerState,
                                          SignalingState answeredState) {
  if (!isSessionBody(body)) return;
  if (signalingState_ == SignalingState::Stable) {
    rollbackOffer_ = offer_;
    rollbackAnswer_ = answer_;
  }
  if (signalingState_ == SignalingState::Initial || signalingState_ == SignalingState::Stable) {
    signalingState_ = offerState;
    offer_ = body;
    answer_.reset();
  } else if (signalingState_ == answeredState) {
    signalingState_ = SignalingState::Stable;
    answer_ = body;
  }
}

std::function<void()> SessionDialog::beginAckProcessing() {
  ++ackProcessing_;
  std::weak_ptr<SessionDialog> weak = std::static_pointer_cast<SessionDialog>(shared_from_this());
  auto done = std::make_shared<bool>(false);
  return [weak, done] {
    if (*done) return;
    *done = true;
    if (auto self = weak.lock()) self->ackProcessing_ = std::max(0, self->ackProcessing_ - 1);
  };
}

void SessionDialog::start2xxRetransmissionTimer() {
  if (!initialServerTransaction_) return;
  std::weak_ptr<SessionDialog> weak = std::static_pointer_cast<SessionDialog>(shared_from_this());
  std::weak_ptr<InviteServerTransaction> weakTransaction = initialServerTransaction_;
  invite2xxTimer_.start(Timers::T1, [weak, weakTransaction] {
    if (auto self = weak.lock()) self->retransmit2xx(weakTransaction, false, Timers::T1);
  });
  if (initialListener_ != 0) return;
  initialListener_ = initialServerTransaction_->addStateChangeListener([weak] {
    auto self = weak.lock();
    if (!self || !self->initialServerTransaction_) return;
    if (self->initialServerTransaction_->state() != TransactionState::Terminated) return;
    self->initialServerTransaction_->removeStateChangeListener(self->initialListener_);
    self->initialListener_ = 0;
    self->invite2xxTimer_.clear();
    if (!self->ackWait_ || self->disposed_) return;
    // §13.3.1.4: no ACK within 64*T1 -> the UAS core SHOULD end the session with BYE.
    if (auto callback = self->delegate.onAckTimeout) {
      callSafely(self->logger_, "onAckTimeout", [&] { callback(); });
    } else {
      callSafely(self->logger_, "BYE after ACK timeout", [&] { self->bye(); });
    }
  });
}

void SessionDialog::startReInvite2xxRetransmissionTimer() {
  if (!reinviteUserAgentServer) return;
  auto transaction = transactionAs<InviteServerTransaction>(reinviteUserAgentServer->transaction());
  if (!transaction) return;
  std::weak_ptr<SessionDialog> weak = std::static_pointer_cast<SessionDialog>(shared_from_this());
  std::weak_ptr<InviteServerTransaction> weakTransaction = transaction;
  invite2xxTimer_.start(Timers::T1, [weak, weakTransaction] {
    if (auto self = weak.lock()) self->retransmit2xx(weakTransaction, true, Timers::T1);
  });
  if (auto previous = reinviteListenerTransaction_.lock(); previous && reinviteListener_ != 0) {
    previous->removeStateChangeListener(reinviteListener_);
  }
  reinviteListenerTransaction_ = transaction;
  reinviteListener_ = transaction->addStateChangeListener([weak, weakTransaction] {
    auto self = weak.lock();
    auto transaction = weakTransaction.lock();
    if (!self || !transaction || transaction->state() != TransactionState::Terminated) return;
    transaction->removeStateChangeListener(self->reinviteListener_);
    self->reinviteListener_ = 0;
    self->invite2xxTimer_.clear();
    // SIP.js does nothing more when a re-INVITE's ACK never comes; neither do we, except that
    // the re-INVITE no longer blocks new ones.
    if (self->reinviteUserAgentServer && self->reinviteUserAgentServer->transaction() == transaction) {
      self->reinviteUserAgentServer.reset();
    }
  });
}

void SessionDialog::retransmit2xx(std::weak_ptr<InviteServerTransaction> weakTransaction, bool reinvite,
                                  uint32_t interval) {
  const bool waiting = reinvite ? reinviteUserAgentServer != nullptr : ackWait_;
  auto transaction = weakTransaction.lock();
  if (!waiting || !transaction || disposed_) return;
  logger_.log("No ACK for 2xx response received, attempting retransmission");
  transaction->retransmitAcceptedResponse();
  const uint32_t next = std::min(interval * 2, Timers::T2);
  std::weak_ptr<SessionDialog> weak = std::static_pointer_cast<SessionDialog>(shared_from_this());
  invite2xxTimer_.start(next, [weak, weakTransaction, reinvite, next] {
    if (auto self = weak.lock()) self->retransmit2xx(weakTransaction, reinvite, next);
  });
}

}  // namespace sip::core
