#include "core/transactions/server_transaction.h"

namespace sip::core {

ServerTransaction::ServerTransaction(Host& host, Transport& transport, std::shared_ptr<const sip::Message> request,
                                     ServerTransactionUser user, TransactionState initialState,
                                     const char* loggerCategory)
    // The id is the top Via branch (SIP.js's viaBranch); empty for an RFC 2543 request without one,
    // which TransactionTable then matches by the RFC 2543 rules.
    : Transaction(host, transport, request->branch().value_or(""), initialState, loggerCategory),
      user_(std::move(user)),
      request_(std::move(request)) {}

bool ServerTransaction::checkResponseFromTU(int statusCode) const {
  if (statusCode < 100 || statusCode > 699) {
    logger_.error("Invalid status code " + std::to_string(statusCode) + ".");
    return false;
  }
  if (isDisposed()) {
    logger_.error("Response from TU to a disposed transaction.");
    return false;
  }
  return true;
}

}  // namespace sip::core
