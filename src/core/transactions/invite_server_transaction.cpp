#include "core/transactions/invite_server_transaction.h"

#include "core/timers.h"

namespace sip::core {

std::shared_ptr<InviteServerTransaction> InviteServerTransaction::create(Host& host, Transport& transport,
                                                                         sip::Message request,
                                                                         ServerTransactionUser user) {
  return create(host, transport, std::make_shared<const sip::Message>(std::move(request)), std::move(user));
}

std::shared_ptr<InviteServerTransaction> InviteServerTransaction::create(Host& host, Transport& transport,
                                                                         std::shared_ptr<const sip::Message> request,
                                                                         ServerTransactionUser user) {
  if (!request) return nullptr;
  if (!request->isRequest || request->method != "INVITE") {
    logRefusedRequest(Logger(host, "sip.transaction.ist"), "an INVITE server transaction", *request);
    return nullptr;
  }
  auto transaction =
      std::make_shared<InviteServerTransaction>(Tag{}, host, transport, std::move(request), std::move(user));
  transaction->logConstruction();
  return transaction;
}

InviteServerTransaction::InviteServerTransaction(Tag, Host& host, Transport& transport,
                                                 std::shared_ptr<const sip::Message> request,
                                                 ServerTransactionUser user)
    : ServerTransaction(host, transport, std::move(request), std::move(user), TransactionState::Proceeding,
                        "sip.transaction.ist"),
      G_(host),
      H_(host),
      I_(host),
      L_(host),
      progressExtension_(host) {}

void InviteServerTransaction::clearTimers() {
  G_.clear();
  H_.clear();
  I_.clear();
  L_.clear();
  progressExtension_.clear();
}

void InviteServerTransaction::receiveRequest(const sip::Message& request) {
  if (isDisposed() || !request.isRequest) return;
  auto self = keepAlive();
  const bool isInvite = request.method == "INVITE";
  const bool isAck = request.method == "ACK";
  switch (state()) {
    case TransactionState::Proceeding:
      // §17.2.1: a retransmitted INVITE gets the most recent provisional response again.
      if (isInvite) {
        if (lastProvisionalResponse_) {
          send(*lastProvisionalResponse_, "Failed to send retransmission of provisional response.");
        }
        return;
      }
      break;
    case TransactionState::Accepted:
      // RFC 6026 §7.1: retransmitted INVITEs are absorbed. An ACK of the 2xx normally has its own
      // branch and never gets here; when one does (a UA reusing the INVITE branch) it belongs to
      // the dialog, not to us, so it is absorbed too (SIP.js's core discards it likewise).
      if (isInvite || isAck) return;
      break;
    case TransactionState::Completed:
      if (isInvite) {
        send(lastFinalResponse_, "Failed to send retransmission of final response.");
        return;
      }
      if (isAck) {
        stateTransition(TransactionState::Confirmed);
        return;
      }
      break;
    case TransactionState::Confirmed:
    case TransactionState::Terminated:
      if (isInvite || isAck) return;  // absorbed (§17.2.1)
      break;
    default:
      break;
  }
  logger_.warn("INVITE server transaction received unexpected " + request.method + " request while in state " +
               std::string(toString(state())) + ".");
}

bool InviteServerTransaction::receiveResponse(int statusCode, std::string response) {
  if (!checkResponseFromTU(statusCode)) return false;
  auto self = keepAlive();
  switch (state()) {
    case TransactionState::Proceeding:
      if (statusCode <= 199) {
        lastProvisionalResponse_ = response;
        if (statusCode > 100) startProgressExtensionTimer();
        send(std::move(response), "Failed to send 1xx response.");
        return true;
      }
      lastFinalResponse_ = response;
      if (statusCode <= 299) {
        stateTransition(TransactionState::Accepted);
        send(std::move(response), "Failed to send 2xx response.");
      } else {
        stateTransition(TransactionState::Completed);
        send(std::move(response), "Failed to send non-2xx final response.");
      }
      return true;
    case TransactionState::Accepted:
      // The TU may send further 2xx (its retransmissions, §13.3.1.4).
      if (statusCode >= 200 && statusCode <= 299) {
        send(std::move(response), "Failed to send 2xx response.");
        return true;
      }
      break;
    default:
      break;
  }
  logger_.error("INVITE server transaction received unexpected " + std::to_string(statusCode) +
                " response from TU while in state " + std::string(toString(state())) + ".");
  return false;
}

void InviteServerTransaction::retransmitAcceptedResponse() {
  if (!isDisposed() && state() == TransactionState::Accepted && !lastFinalResponse_.empty()) {
    auto self = keepAlive();
    send(lastFinalResponse_, "Failed to send 2xx response.");
  }
}

void InviteServerTransaction::onTransportError(const TransportError& error) { notifyUserOfTransportError(error); }

void InviteServerTransaction::stateTransition(TransactionState newState, bool /*dueToTransportError*/) {
  const TransactionState from = state();
  bool valid = false;
  switch (newState) {
    case TransactionState::Accepted:
    case TransactionState::Completed:
      valid = from == TransactionState::Proceeding;
      break;
    case TransactionState::Confirmed:
      valid = from == TransactionState::Completed;
      break;
    case TransactionState::Terminated:
      valid = from == TransactionState::Accepted || from == TransactionState::Completed ||
              from == TransactionState::Confirmed;
      break;
    default:
      break;
  }
  if (!checkTransition(newState, valid)) return;

  // Every transition leaves Proceeding or Completed behind: provisional and final response
  // retransmissions stop (timer G is "ignored" in Confirmed, §17.2.1).
  progressExtension_.clear();
  G_.clear();
  const bool reliable = transport().reliable();
  if (newState == TransactionState::Accepted) L_.start(Timers::TIMER_L, [this] { timerL(); });
  if (newState == TransactionState::Completed) {
    H_.start(Timers::TIMER_H, [this] { timerH(); });
    if (!reliable) {
      timerGInterval_ = UnreliableTimers::TIMER_G;
      G_.start(timerGInterval_, [this] { timerG(); });
    }
  }
  if (newState == TransactionState::Confirmed) {
    H_.clear();
    I_.start(::sip::core::timerI(reliable), [this] { timerI(); });
  }
  if (newState == TransactionState::Terminated) clearTimers();
  setState(newState);
}

// SIP.js's setInterval, as a one-shot re-armed each time.
void InviteServerTransaction::startProgressExtensionTimer() {
  if (!progressExtension_.active()) {
    progressExtension_.start(Timers::PROVISIONAL_RESPONSE_INTERVAL, [this] { progressExtensionTimer(); });
  }
}

void InviteServerTransaction::progressExtensionTimer() {
  if (state() != TransactionState::Proceeding || !lastProvisionalResponse_) return;
  auto self = keepAlive();
  logTimerExpired("Progress extension timer");
  send(*lastProvisionalResponse_, "Failed to send retransmission of provisional response.");
  startProgressExtensionTimer();
}

// §17.2.1: in Completed, re-send the final response, doubling the interval up to T2 (unreliable only).
void InviteServerTransaction::timerG() {
  if (state() != TransactionState::Completed) return;
  auto self = keepAlive();
  logTimerExpired("Timer G");
  send(lastFinalResponse_, "Failed to send retransmission of final response.");
  timerGInterval_ = nextRetransmitInterval(timerGInterval_);
  G_.start(timerGInterval_, [this] { timerG(); });
}

// §17.2.1: no ACK in time.
void InviteServerTransaction::timerH() {
  auto self = keepAlive();
  logTimerExpired("Timer H");
  if (state() == TransactionState::Completed) {
    logger_.warn("ACK to negative final response was never received, terminating transaction.");
    stateTransition(TransactionState::Terminated);
  }
}

void InviteServerTransaction::timerI() {
  auto self = keepAlive();
  logTimerExpired("Timer I");
  if (state() == TransactionState::Confirmed) stateTransition(TransactionState::Terminated);
}

// RFC 6026 §7.1 / §8.7.
void InviteServerTransaction::timerL() {
  auto self = keepAlive();
  logTimerExpired("Timer L");
  if (state() == TransactionState::Accepted) stateTransition(TransactionState::Terminated);
}

}  // namespace sip::core
