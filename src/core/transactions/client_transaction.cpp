#include "core/transactions/client_transaction.h"

namespace sip::core {

std::optional<std::string> ClientTransaction::makeId(Host& host, const sip::Message& request) {
  if (request.method == "CANCEL") return request.branch();
  return newBranch(host);
}

ClientTransaction::ClientTransaction(Host& host, Transport& transport, sip::Message request, ClientTransactionUser user,
                                     std::string id, TransactionState initialState, const char* loggerCategory,
                                     ViaOptions via)
    : Transaction(host, transport, std::move(id), initialState, loggerCategory),
      user_(std::move(user)),
      request_(std::move(request)),
      via_(std::move(via)) {
  // "A Via header field value is added only after the transport that will be used to reach the
  // next hop has been selected" (RFC 3261 §8.1.1.7): the transaction is where that happens.
  setViaHeader(request_, this->id(), transport.protocol(), via_);
}

void ClientTransaction::onRequestTimeout() {
  if (user_.onRequestTimeout) {
    auto callback = user_.onRequestTimeout;
    callback();
  }
}

bool ClientTransaction::checkStatusCode(int statusCode) const {
  if (statusCode >= 100 && statusCode <= 699) return true;
  logger_.warn("Dropping response with invalid status code " + std::to_string(statusCode) + ".");
  return false;
}

}  // namespace sip::core
