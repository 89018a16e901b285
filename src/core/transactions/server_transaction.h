// Server transaction base (SIP.js lib/core/transactions/server-transaction.js, RFC 3261 §17.2).
#pragma once
#include <string>

#include "core/transactions/transaction.h"
#include "sip/message.h"

namespace sip::core {

class ServerTransaction : public Transaction {
 public:
  // The incoming request that created the transaction.
  const sip::Message& request() const { return *request_; }
  // The same message, shared: its UAS keeps this one rather than a copy.
  const std::shared_ptr<const sip::Message>& sharedRequest() const { return request_; }
  const std::string& method() const { return request_->method; }

  // A request the transport layer matched to this transaction (TransactionTable::findServerTransaction):
  // a retransmission, or for INVITE the ACK of a non-2xx.
  virtual void receiveRequest(const sip::Message& request) = 0;

  // A response from the TU, serialized (as SIP.js passes it). Returns false (with a log line), and
  // sends nothing, when the status code is invalid or not allowed in the current state: SIP.js
  // throws there; the TU decides what to make of it.
  virtual bool receiveResponse(int statusCode, std::string response) = 0;

 protected:
  ServerTransaction(Host& host, Transport& transport, std::shared_ptr<const sip::Message> request,
                    ServerTransactionUser user, TransactionState initialState, const char* loggerCategory);

  // The checks every response from the TU goes through before the state machine sees it: a status
  // code in 100-699, and a transaction that is not disposed. Logs and returns false otherwise.
  bool checkResponseFromTU(int statusCode) const;

  TransactionUser& baseUser() override { return user_; }
  void detachUser() override { user_ = ServerTransactionUser{}; }

  ServerTransactionUser user_;
  std::shared_ptr<const sip::Message> request_;  // never null
};

}  // namespace sip::core
