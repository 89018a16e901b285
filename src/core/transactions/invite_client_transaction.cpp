#include "core/transactions/invite_client_transaction.h"

#include "core/timers.h"

namespace sip::core {

std::shared_ptr<InviteClientTransaction> InviteClientTransaction::create(Host& host, Transport& transport,
                                                                         sip::Message request,
                                                                         ClientTransactionUser user, ViaOptions via) {
  if (!request.isRequest || request.method != "INVITE") {
    logRefusedRequest(Logger(host, "sip.transaction.ict"), "an INVITE client transaction", request);
    return nullptr;
  }
  auto id = makeId(host, request);
  auto transaction = std::make_shared<InviteClientTransaction>(Tag{}, host, transport, std::move(request),
                                                               std::move(user), std::move(*id), std::move(via));
  transaction->start();
  return transaction;
}

InviteClientTransaction::InviteClientTransaction(Tag, Host& host, Transport& transport, sip::Message request,
                                                 ClientTransactionUser user, std::string id, ViaOptions via)
    : ClientTransaction(host, transport, std::move(request), std::move(user), std::move(id), TransactionState::Calling,
                        "sip.transaction.ict", std::move(via)),
      A_(host),
      B_(host),
      D_(host),
      M_(host) {}

void InviteClientTransaction::start() {
  logConstruction();
  B_.start(Timers::TIMER_B, [this] { timerB(); });
  if (!transport().reliable()) {
    timerAInterval_ = UnreliableTimers::TIMER_A;
    A_.start(timerAInterval_, [this] { timerA(); });
  }
  send(sip::serialize(request_), "Failed to send initial outgoing request.");
}

void InviteClientTransaction::clearTimers() {
  A_.clear();
  B_.clear();
  D_.clear();
  M_.clear();
}

bool InviteClientTransaction::ackResponse(sip::Message ack) {
  const auto toTag = ack.toTag();
  if (!toTag) {
    logger_.error("Refusing to send an ACK without a To tag.");
    return false;
  }
  if (isDisposed()) return false;
  auto self = keepAlive();
  setViaHeader(ack, newBranch(host_), transport().protocol(), via_);
  std::string serialized = sip::serialize(ack);
  ackRetransmissionCache_[*toTag] = serialized;
  send(std::move(serialized), "Failed to send ACK to 2xx response.");
  return true;
}

void InviteClientTransaction::receiveResponse(const sip::Message& response) {
  const int statusCode = response.statusCode;
  if (isDisposed() || !response.isResponse() || !checkStatusCode(statusCode)) return;
  auto self = keepAlive();

  auto passToUser = [this, &response] {
    if (user_.receiveResponse) {
      auto callback = user_.receiveResponse;
      callback(response);
    }
  };

  switch (state()) {
    case TransactionState::Calling:
    case TransactionState::Proceeding:
      if (statusCode <= 199) {
        // "If the client transaction receives a provisional response while in the Calling state,
        // it transitions to the Proceeding state" and passes every 1xx up (§17.1.1.2).
        if (state() == TransactionState::Calling) stateTransition(TransactionState::Proceeding);
        passToUser();
        return;
      }
      if (statusCode <= 299) {
        // RFC 6026 §8.4: a 2xx moves to Accepted; the TU sends the ACK (ackResponse).
        ackRetransmissionCache_.emplace(response.toTag().value_or(""), std::nullopt);
        stateTransition(TransactionState::Accepted);
        passToUser();
        return;
      }
      // 300-699: ACK it here (§17.1.1.3), then tell the TU.
      stateTransition(TransactionState::Completed);
      ack(response);
      passToUser();
      return;

    case TransactionState::Accepted:
      if (statusCode >= 200 && statusCode <= 299) {
        const std::string toTag = response.toTag().value_or("");
        auto it = ackRetransmissionCache_.find(toTag);
        if (it == ackRetransmissionCache_.end()) {
          // A 2xx from another fork (new To tag): a new dialog the TU must see and ACK.
          ackRetransmissionCache_.emplace(toTag, std::nullopt);
          passToUser();
          return;
        }
        // A retransmitted 2xx: re-send our ACK if we sent one, else absorb it (the TU has it).
        if (it->second) send(*it->second, "Failed to send retransmission of ACK to 2xx response.");
        return;
      }
      break;

    case TransactionState::Completed:
      if (statusCode >= 300) {
        // A retransmitted final response means our ACK was lost: ACK again, do not bother the TU.
        ack(response);
        return;
      }
      break;

    case TransactionState::Terminated:
    default:
      break;
  }
  logger_.warn("Received unexpected " + std::to_string(statusCode) + " response while in state " +
               std::string(toString(state())) + ".");
}

void InviteClientTransaction::ack(const sip::Message& response) {
  auto ackMessage = makeAckForNon2xx(request_, response);
  if (!ackMessage) {
    logger_.error("Cannot build the ACK for a " + std::to_string(response.statusCode) +
                  " response: From, Via, Call-ID, CSeq or To missing.");
    return;
  }
  send(std::move(*ackMessage), "Failed to send ACK to non-2xx response.");
}

void InviteClientTransaction::stateTransition(TransactionState newState, bool dueToTransportError) {
  const TransactionState from = state();
  bool valid = false;
  switch (newState) {
    case TransactionState::Proceeding:
      valid = from == TransactionState::Calling;
      break;
    case TransactionState::Accepted:
    case TransactionState::Completed:
      valid = from == TransactionState::Calling || from == TransactionState::Proceeding;
      break;
    case TransactionState::Terminated:
      valid = from == TransactionState::Calling || from == TransactionState::Accepted || from == TransactionState::Completed;
      break;
    default:
      break;
  }
  if (!checkTransition(newState, valid, dueToTransportError)) return;

  // Timer B only matters in Calling and timer A only retransmits in Calling.
  B_.clear();
  A_.clear();
  if (newState == TransactionState::Completed) D_.start(::sip::core::timerD(transport().reliable()), [this] { timerD(); });
  if (newState == TransactionState::Accepted) M_.start(Timers::TIMER_M, [this] { timerM(); });
  if (newState == TransactionState::Terminated) clearTimers();
  setState(newState);
}

// §17.1.1.2: retransmit the INVITE, doubling the interval, while in Calling (unreliable only).
void InviteClientTransaction::timerA() {
  if (state() != TransactionState::Calling) return;
  auto self = keepAlive();
  logTimerExpired("Timer A");
  send(sip::serialize(request_), "Failed to send retransmission of INVITE request.");
  timerAInterval_ *= 2;
  A_.start(timerAInterval_, [this] { timerA(); });
}

// §17.1.1.2: still Calling when Timer B fires: tell the TU about the timeout; no ACK.
void InviteClientTransaction::timerB() {
  auto self = keepAlive();
  logTimerExpired("Timer B");
  if (state() == TransactionState::Calling) {
    onRequestTimeout();
    stateTransition(TransactionState::Terminated);
  }
}

// RFC 6026 §8.4 / RFC 3261 §17.1.1.2.
void InviteClientTransaction::timerD() {
  auto self = keepAlive();
  logTimerExpired("Timer D");
  if (state() == TransactionState::Completed) stateTransition(TransactionState::Terminated);
}

// RFC 6026 §8.4.
void InviteClientTransaction::timerM() {
  auto self = keepAlive();
  logTimerExpired("Timer M");
  if (state() == TransactionState::Accepted) stateTransition(TransactionState::Terminated);
}

}  // namespace sip::core
