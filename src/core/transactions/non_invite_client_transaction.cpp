#include "core/transactions/non_invite_client_transaction.h"

#include "core/timers.h"

namespace sip::core {

std::shared_ptr<NonInviteClientTransaction> NonInviteClientTransaction::create(Host& host, Transport& transport,
                                                                               sip::Message request,
                                                                               ClientTransactionUser user,
                                                                               ViaOptions via) {
  Logger logger(host, "sip.transaction.nict");
  if (!request.isRequest || request.method == "INVITE" || request.method == "ACK") {
    logRefusedRequest(logger, "a non-INVITE client transaction", request);
    return nullptr;
  }
  auto id = makeId(host, request);
  if (!id) {
    logger.error("Outgoing CANCEL request without a branch.");
    return nullptr;
  }
  auto transaction = std::make_shared<NonInviteClientTransaction>(Tag{}, host, transport, std::move(request),
                                                                  std::move(user), std::move(*id), std::move(via));
  transaction->start();
  return transaction;
}

NonInviteClientTransaction::NonInviteClientTransaction(Tag, Host& host, Transport& transport, sip::Message request,
                                                       ClientTransactionUser user, std::string id, ViaOptions via)
    : ClientTransaction(host, transport, std::move(request), std::move(user), std::move(id), TransactionState::Trying,
                        "sip.transaction.nict", std::move(via)),
      E_(host),
      F_(host),
      K_(host) {}

void NonInviteClientTransaction::start() {
  logConstruction();
  F_.start(Timers::TIMER_F, [this] { timerF(); });
  if (!transport().reliable()) {
    timerEInterval_ = UnreliableTimers::TIMER_E;
    E_.start(timerEInterval_, [this] { timerE(); });
  }
  send(sip::serialize(request_), "Failed to send initial outgoing request.");
}

void NonInviteClientTransaction::clearTimers() {
  E_.clear();
  F_.clear();
  K_.clear();
}

void NonInviteClientTransaction::receiveResponse(const sip::Message& response) {
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
    case TransactionState::Trying:
    case TransactionState::Proceeding:
      if (statusCode <= 199) {
        if (state() == TransactionState::Trying) stateTransition(TransactionState::Proceeding);
        passToUser();
        return;
      }
      stateTransition(TransactionState::Completed);
      // RFC 4320 §4.1: a 408 to a non-INVITE tells the client nothing it does not know; SIP.js
      // reports it to the TU as a timeout rather than as a response.
      if (statusCode == 408) {
        onRequestTimeout();
        return;
      }
      passToUser();
      return;

    case TransactionState::Completed:
    case TransactionState::Terminated:
      // Retransmissions of the final response are absorbed (§17.1.2.2).
      return;

    default:
      break;
  }
  logger_.warn("Non-INVITE client transaction received unexpected " + std::to_string(statusCode) +
               " response while in state " + std::string(toString(state())) + ".");
}

void NonInviteClientTransaction::stateTransition(TransactionState newState, bool dueToTransportError) {
  const TransactionState from = state();
  bool valid = false;
  switch (newState) {
    case TransactionState::Proceeding:
      valid = from == TransactionState::Trying;
      break;
    case TransactionState::Completed:
      valid = from == TransactionState::Trying || from == TransactionState::Proceeding;
      break;
    case TransactionState::Terminated:
      valid = from == TransactionState::Trying || from == TransactionState::Proceeding || from == TransactionState::Completed;
      break;
    default:
      break;
  }
  if (!checkTransition(newState, valid, dueToTransportError)) return;

  if (newState == TransactionState::Completed) {
    // §17.1.2.2: entering Completed stops retransmissions and Timer F, and starts Timer K.
    E_.clear();
    F_.clear();
    K_.start(::sip::core::timerK(transport().reliable()), [this] { timerK(); });
  }
  if (newState == TransactionState::Terminated) clearTimers();
  setState(newState);
}

// §17.1.2.2: retransmit; in Trying the interval doubles up to T2, in Proceeding it is T2.
void NonInviteClientTransaction::timerE() {
  if (state() != TransactionState::Trying && state() != TransactionState::Proceeding) return;
  auto self = keepAlive();
  logTimerExpired("Timer E");
  send(sip::serialize(request_), "Failed to send retransmission of request.");
  timerEInterval_ = state() == TransactionState::Trying ? nextRetransmitInterval(timerEInterval_) : Timers::T2;
  E_.start(timerEInterval_, [this] { timerE(); });
}

// §17.1.2.2: Timer F in Trying or Proceeding: timeout to the TU, then Terminated.
void NonInviteClientTransaction::timerF() {
  auto self = keepAlive();
  logTimerExpired("Timer F");
  if (state() == TransactionState::Trying || state() == TransactionState::Proceeding) {
    onRequestTimeout();
    stateTransition(TransactionState::Terminated);
  }
}

void NonInviteClientTransaction::timerK() {
  auto self = keepAlive();
  if (state() == TransactionState::Completed) stateTransition(TransactionState::Terminated);
}

}  // namespace sip::core
