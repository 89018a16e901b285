#include "core/user_agents/invite_user_agent_server.h"

#include <algorithm>
#include <stdexcept>

#include "core/dialogs/session_dialog.h"
#include "core/messages/utils.h"
#include "core/timers.h"
#include "core/transactions/invite_server_transaction.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/transaction_state_error.h"
#include "sip/headers.h"

namespace sip::core {

namespace {

// The RSeq of a 1xx whose extra headers make it reliable (Require: 100rel and RSeq).
std::optional<uint32_t> reliableRSeq(const std::vector<std::string>& extraHeaders) {
  bool requires100rel = false;
  std::optional<uint32_t> rseq;
  for (const auto& line : extraHeaders) {
    auto split = splitHeaderLine(line);
    if (!split) continue;
    if (split->first == "Require") {
      if (auto tokens = sip::parseTokenList(split->second, true); tokens && containsToken(*tokens, "100rel")) {
        requires100rel = true;
      }
    } else if (split->first == "RSeq") {
      rseq = sip::parseRSeq(split->second);
    }
  }
  return requires100rel ? rseq : std::nullopt;
}

}  // namespace

InviteUserAgentServer::InviteUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::Invite, core, request),
      reliableRetransmission_(core.host()),
      prackTimer_(core.host()) {}

std::shared_ptr<InviteUserAgentServer> InviteUserAgentServer::create(UserAgentCore& core, const sip::Message& request) {
  std::shared_ptr<InviteUserAgentServer> uas(new InviteUserAgentServer(core, request));
  uas->init();
  return uas;
}

void InviteUserAgentServer::disposeEarlyDialog() {
  if (earlyDialog_) {
    auto dialog = std::move(earlyDialog_);
    earlyDialog_.reset();
    dialog->dispose();
  }
}

void InviteUserAgentServer::dispose() {
  stopReliableTimers();
  deferredAccept_.reset();
  disposeEarlyDialog();
  UserAgentServer::dispose();
}

std::shared_ptr<SessionDialog> InviteUserAgentServer::ensureEarlyDialog() {
  if (!earlyDialog_) {
    auto transaction = transactionAs<InviteServerTransaction>(this->transaction());
    if (!transaction) throw std::logic_error("Transaction not instance of InviteServerTransaction.");
    auto state = Dialog::initialDialogStateForUserAgentServer(message_, toTag_, true);
    if (!state) throw std::logic_error("The INVITE cannot create a dialog (no usable Contact).");
    state->secure = isSecureDialog(message_.ruri, core_.transport());
    earlyDialog_ = SessionDialog::create(transaction, core_, *state);
  }
  return earlyDialog_;
}

OutgoingResponse InviteUserAgentServer::accept(ResponseOptions options) {
  if (!acceptable()) {
    throw TransactionStateError(message_.method + " not acceptable in state " +
                                std::string(toString(transaction()->state())) + ".");
  }
  if (unacknowledgedReliableWithSession() && !confirmedDialog_) {
    // RFC 3262 §3: the 2xx waits for the PRACK of the reliable 1xx carrying a session description.
    if (options.statusCode == 0) options.statusCode = 200;
    if (options.statusCode < 200 || options.statusCode > 299) {
      throw std::invalid_argument("Invalid statusCode: " + std::to_string(options.statusCode));
    }
    logger_.log("Waiting for PRACK before sending the 2xx to INVITE.");
    ResponseOptions preview = options;
    preview.toTag = toTag_;
    OutgoingResponse response = constructOutgoingResponse(host_, message_, preview);
    response.session = ensureEarlyDialog();
    deferredAccept_ = std::move(options);
    return response;
  }
  return acceptNow(std::move(options));
}

OutgoingResponse InviteUserAgentServer::acceptNow(ResponseOptions options) {
  auto transaction = transactionAs<InviteServerTransaction>(this->transaction());
  if (!transaction) throw std::logic_error("Transaction not instance of InviteServerTransaction.");

  // Check the body before creating anything, so that a refused accept leaves no dialog behind.
  if (!options.body) {
    SignalingState state = SignalingState::Initial;
    if (confirmedDialog_) {
      state = confirmedDialog_->signalingState();
    } else if (earlyDialog_) {
      state = earlyDialog_->signalingState();
    } else if (isSessionBody(getBody(message_))) {
      state = SignalingState::HaveRemoteOffer;
    }
    if (state == SignalingState::Initial || state == SignalingState::HaveRemoteOffer) {
      throw std::logic_error("Response must have a body.");
    }
  }

  // RFC 3262 §3: no more retransmissions of unacknowledged reliable 1xx after a final response.
  stopReliableTimers();

  if (!confirmedDialog_) {
    if (earlyDialog_) {
      earlyDialog_->confirm();
      confirmedDialog_ = std::move(earlyDialog_);
      earlyDialog_.reset();
    } else {
      auto state = Dialog::initialDialogStateForUserAgentServer(message_, toTag_);
      if (!state) throw std::logic_error("The INVITE cannot create a dialog (no usable Contact).");
      state->secure = isSecureDialog(message_.ruri, core_.transport());
      confirmedDialog_ = SessionDialog::create(transaction, core_, *state);
    }
  }

  if (!options.body && confirmedDialog_->signalingState() == SignalingState::Stable) {
    options.body = confirmedDialog_->answer();  // repeat the answer sent in a provisional response
  }
  for (const auto value : message_.headerValues("Record-Route")) {
    options.extraHeaders.push_back("Record-Route: " + std::string(value));
  }
  options.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
  options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
  std::optional<Body> body = options.body;
  auto session = confirmedDialog_;
  OutgoingResponse response = UserAgentServer::accept(std::move(options));
  response.session = session;
  if (body && session->signalingState() != SignalingState::Stable) session->signalingStateTransition(*body);
  return response;
}

OutgoingResponse InviteUserAgentServer::progress(ResponseOptions options) {
  if (!progressable()) {
    throw TransactionStateError(message_.method + " not progressable in state " +
                                std::string(toString(transaction()->state())) + ".");
  }
  auto session = ensureEarlyDialog();
  for (const auto value : message_.headerValues("Record-Route")) {
    options.extraHeaders.push_back("Record-Route: " + std::string(value));
  }
  options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
  const ResponseOptions sent = options;
  OutgoingResponse response = UserAgentServer::progress(std::move(options));
  response.session = session;
  if (sent.body && session->signalingState() != SignalingState::Stable) session->signalingStateTransition(*sent.body);
  trackReliable(sent, response);
  return response;
}

OutgoingResponse InviteUserAgentServer::progressReliable(ResponseOptions options) {
  if (waitingForPrack()) throw std::logic_error("A reliable provisional response is still unacknowledged.");
  if (!progressable()) {
    throw TransactionStateError(message_.method + " not progressable in state " +
                                std::string(toString(transaction()->state())) + ".");
  }
  // RFC 3262 §3: the first RSeq is random in 1 .. 2^31-1 and each next one is one more.
  if (!nextRSeq_) nextRSeq_ = 1 + randomBelow(host_, 0x7FFFFFFEu - 0xFFFFu);
  const uint32_t rseq = (*nextRSeq_)++;
  if (options.statusCode == 0) options.statusCode = 183;
  options.extraHeaders.push_back("Require: 100rel");
  options.extraHeaders.push_back("RSeq: " + std::to_string(rseq));
  OutgoingResponse response = progress(std::move(options));

  std::weak_ptr<InviteUserAgentServer> weak = std::static_pointer_cast<InviteUserAgentServer>(shared_from_this());
  reliableRetransmission_.start(Timers::T1, [weak, rseq] {
    if (auto self = weak.lock()) {
      callSafely(self->logger_, "reliable 1xx retransmission", [&] { self->retransmitReliable(rseq, Timers::T1); });
    }
  });
  prackTimer_.start(64 * Timers::T1, [weak] {
    if (auto self = weak.lock()) callSafely(self->logger_, "PRACK timeout", [&] { self->prackTimeout(); });
  });
  return response;
}

void InviteUserAgentServer::trackReliable(const ResponseOptions& options, const OutgoingResponse& response) {
  const auto rseq = reliableRSeq(options.extraHeaders);
  if (!rseq) return;
  auto it = std::find_if(reliable_.begin(), reliable_.end(), [&](const auto& r) { return r.rseq == *rseq; });
  if (it == reliable_.end()) {
    reliable_.push_back(ReliableProvisional{*rseq, options.statusCode, isSessionBody(options.body), false,
                                            response.message});
  }
  if (earlyDialog_ && !earlyDialog_->prackGuard) {
    std::weak_ptr<InviteUserAgentServer> weak = std::static_pointer_cast<InviteUserAgentServer>(shared_from_this());
    earlyDialog_->prackGuard = [weak](const sip::Message& prack) {
      auto self = weak.lock();
      return self && self->matchPrack(prack);
    };
  }
}

bool InviteUserAgentServer::waitingForPrack() const {
  return std::any_of(reliable_.begin(), reliable_.end(), [](const auto& r) { return !r.acknowledged; });
}

bool InviteUserAgentServer::unacknowledgedReliableWithSession() const {
  return std::any_of(reliable_.begin(), reliable_.end(), [](const auto& r) { return !r.acknowledged && r.sessionBody; });
}

bool InviteUserAgentServer::matchPrack(const sip::Message& prack) {
  // RFC 3262 §3/§7.2: RAck = the RSeq, the CSeq number and the method of the response.
  const auto rackHeader = prack.header("RAck");
  const auto rack = rackHeader ? sip::parseRAck(*rackHeader) : std::nullopt;
  const auto inviteCseq = message_.cseq();
  if (!rack || !inviteCseq || rack->method != "INVITE" || rack->cseq != inviteCseq->number) return false;
  auto it = std::find_if(reliable_.begin(), reliable_.end(),
                         [&](const auto& r) { return r.rseq == rack->rseq && !r.acknowledged; });
  if (it == reliable_.end()) return false;
  it->acknowledged = true;
  if (!waitingForPrack()) stopReliableTimers();
  if (deferredAccept_ && !unacknowledgedReliableWithSession()) {
    // Send the held 2xx after the PRACK has been answered (the dialog answers it right after this
    // guard returns), as SIP.js's Invitation sends its 200 after the PRACK's.
    std::weak_ptr<InviteUserAgentServer> weak = std::static_pointer_cast<InviteUserAgentServer>(shared_from_this());
    host_.setTimer(0, [weak] {
      auto self = weak.lock();
      if (!self || !self->deferredAccept_) return;
      auto options = std::move(*self->deferredAccept_);
      self->deferredAccept_.reset();
      callSafely(self->logger_, "deferred 2xx", [&] {
        if (self->acceptable()) self->acceptNow(std::move(options));
      });
    });
  }
  return true;
}

void InviteUserAgentServer::retransmitReliable(uint32_t rseq, uint32_t interval) {
  auto it = std::find_if(reliable_.begin(), reliable_.end(), [&](const auto& r) { return r.rseq == rseq; });
  if (it == reliable_.end() || it->acknowledged || !transaction() ||
      transaction()->state() != TransactionState::Proceeding) {
    return;
  }
  logger_.log("No PRACK for reliable provisional response received, attempting retransmission");
  transaction()->receiveResponse(it->statusCode, it->response);
  const uint32_t next = interval * 2;  // RFC 3262 §3: doubling, no T2 cap
  std::weak_ptr<InviteUserAgentServer> weak = std::static_pointer_cast<InviteUserAgentServer>(shared_from_this());
  reliableRetransmission_.start(next, [weak, rseq, next] {
    if (auto self = weak.lock()) {
      callSafely(self->logger_, "reliable 1xx retransmission", [&] { self->retransmitReliable(rseq, next); });
    }
  });
}

void InviteUserAgentServer::prackTimeout() {
  if (!waitingForPrack()) return;
  logger_.warn("No PRACK received, rejecting INVITE.");
  stopReliableTimers();
  deferredAccept_.reset();
  if (rejectable()) {
    ResponseOptions options;
    options.statusCode = 504;
    reject(options);
  }
  if (auto callback = onPrackTimeout) callback();
}

void InviteUserAgentServer::stopReliableTimers() {
  reliableRetransmission_.clear();
  prackTimer_.clear();
}

OutgoingResponse InviteUserAgentServer::redirect(const std::vector<sip::Uri>& contacts, ResponseOptions options) {
  auto self = shared_from_this();
  OutgoingResponse response = UserAgentServer::redirect(contacts, std::move(options));
  stopReliableTimers();
  deferredAccept_.reset();
  disposeEarlyDialog();  // a non-2xx final response ends the early dialog
  return response;
}

OutgoingResponse InviteUserAgentServer::reject(ResponseOptions options) {
  auto self = shared_from_this();
  OutgoingResponse response = UserAgentServer::reject(std::move(options));
  stopReliableTimers();
  deferredAccept_.reset();
  disposeEarlyDialog();
  return response;
}

OutgoingResponse InviteUserAgentServer::trying(ResponseOptions options) {
  if (tryingResponse_ && tryingable()) return *tryingResponse_;
  OutgoingResponse response = UserAgentServer::trying(std::move(options));
  tryingResponse_ = response;
  return response;
}

void InviteUserAgentServer::receiveCancel(const sip::Message& cancel) {
  if (delegate.onCancel) {
    UserAgentServer::receiveCancel(cancel);
    return;
  }
  if (rejectable()) {
    ResponseOptions options;
    options.statusCode = 487;
    reject(options);
  }
}

}  // namespace sip::core
