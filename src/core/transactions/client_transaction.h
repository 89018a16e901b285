// Client transaction base (SIP.js lib/core/transactions/client-transaction.js, RFC 3261 §17.1).
#pragma once
#include <optional>
#include <string>

#include "core/transactions/message_helpers.h"
#include "core/transactions/transaction.h"
#include "sip/message.h"

namespace sip::core {

class ClientTransaction : public Transaction {
 public:
  // The outgoing request, with the Via the transaction wrote into it.
  const sip::Message& request() const { return request_; }
  const std::string& method() const { return request_.method; }

  // A response the transport layer matched to this transaction (TransactionTable::findClientTransaction).
  virtual void receiveResponse(const sip::Message& response) = 0;

  // The id a new client transaction for `request` gets (SIP.js's makeId): a CANCEL reuses the
  // branch of the request it cancels, which must already be in its top Via (RFC 3261 §9.1); any
  // other request gets a fresh branch. nullopt for a CANCEL without a branch.
  static std::optional<std::string> makeId(Host& host, const sip::Message& request);

 protected:
  ClientTransaction(Host& host, Transport& transport, sip::Message request, ClientTransactionUser user,
                    std::string id, TransactionState initialState, const char* loggerCategory, ViaOptions via);

  // Tells the TU about a timeout (Timer B/F, or a 408 to a non-INVITE).
  void onRequestTimeout();

  TransactionUser& baseUser() override { return user_; }
  void detachUser() override { user_ = ClientTransactionUser{}; }

  // Whether `statusCode` is a status code at all; logs and returns false otherwise.
  bool checkStatusCode(int statusCode) const;

  ClientTransactionUser user_;
  sip::Message request_;
  ViaOptions via_;
};

}  // namespace sip::core
