#include "core/transactions/non_invite_server_transaction.h"

#include "core/timers.h"

namespace sip::core {

std::shared_ptr<NonInviteServerTransaction> NonInviteServerTransaction::create(Host& host, Transport& transport,
                                                                               sip::Message request,
                                                                               ServerTransactionUser user) {
  return create(host, transport, std::make_shared<const sip::Message>(std::move(request)), std::move(user));
}

std::shared_ptr<NonInviteServerTransaction> NonInviteServerTransaction::create(
    Host& host, Transport& transport, std::shared_ptr<const sip::Message> request, ServerTransactionUser user) {
  if (!request) return nullptr;
  if (!request->isRequest || request->method == "INVITE" || request->method == "ACK") {
    logRefusedRequest(Logger(host, "sip.transaction.nist"), "a non-INVITE server transaction", *request);
    return nullptr;
  }
  auto transaction =
      std::make_shared<NonInviteServerTransaction>(Tag{}, host, transport, std::move(request), std::move(user));
  transaction->logConstruction();
  return transaction;
}

NonInviteServerTransaction::NonInviteServerTransaction(Tag, Host& host, Transport& transport,
                                                       std::shared_ptr<const sip::Message> request,
                                                       ServerTransactionUser user)
    : ServerTransaction(host, transport, std::move(request), std::move(user), TransactionState::Trying,
                        "sip.transaction.nist"),
      J_(host) {}

void NonInviteServerTransaction::clearTimers() { J_.clear(); }

void NonInviteServerTransaction::receiveRequest(const sip::Message& request) {
  if (isDisposed() || !request.isRequest) return;
  auto self = keepAlive();
  switch (state()) {
    case TransactionState::Trying:
      // §17.2.2: "any further request retransmissions received while in this state are discarded".
      return;
    case TransactionState::Proceeding:
      if (lastResponse_) send(*lastResponse_, "Failed to send retransmission of provisional response.");
      return;
    case TransactionState::Completed:
      if (lastResponse_) send(*lastResponse_, "Failed to send retransmission of final response.");
      return;
    default:
      return;
  }
}

bool NonInviteServerTransaction::receiveResponse(int statusCode, std::string response) {
  // Checked first, as SIP.js does: an out-of-range code fails this test and is then refused below
  // as invalid, so the order of the log lines is unchanged.
  if (statusCode > 100 && statusCode <= 199) {
    logger_.error("Provisional response other than 100 not allowed.");
    return false;
  }
  if (!checkResponseFromTU(statusCode)) return false;
  auto self = keepAlive();
  switch (state()) {
    case TransactionState::Trying:
    case TransactionState::Proceeding:
      if (statusCode == 100) {
        if (state() != TransactionState::Trying) break;  // Proceeding already: a second 100 is a TU error
        lastResponse_ = response;
        stateTransition(TransactionState::Proceeding);
        send(std::move(response), "Failed to send provisional response.");
        return true;
      }
      lastResponse_ = response;
      stateTransition(TransactionState::Completed);
      send(std::move(response), "Failed to send final response.");
      return true;
    case TransactionState::Completed:
      // SIP.js silently ignores further responses once completed; so do we (but say so).
      logger_.debug("Ignoring ", std::to_string(statusCode), " response from TU in state Completed.");
      return false;
    default:
      break;
  }
  logger_.error("Non-INVITE server transaction received unexpected " + std::to_string(statusCode) +
                " response from TU while in state " + std::string(toString(state())) + ".");
  return false;
}

void NonInviteServerTransaction::stateTransition(TransactionState newState, bool dueToTransportError) {
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
      valid = from == TransactionState::Proceeding || from == TransactionState::Completed;
      break;
    default:
      break;
  }
  if (!checkTransition(newState, valid, dueToTransportError)) return;
  if (newState == TransactionState::Completed)
    J_.start(::sip::core::timerJ(transport().reliable()), [this] { timerJ(); });
  if (newState == TransactionState::Terminated) clearTimers();
  setState(newState);
}

// §17.2.2.
void NonInviteServerTransaction::timerJ() {
  auto self = keepAlive();
  logTimerExpired("Timer J");
  if (state() == TransactionState::Completed) stateTransition(TransactionState::Terminated);
}

}  // namespace sip::core
