// Transaction users (TU): the layer above the transactions (UAC core, UAS core), as SIP.js's
// lib/core/transactions/transaction-user.d.ts. Every callback is optional, like the optional
// members of SIP.js's interfaces: an empty std::function is simply not called.
//
// Lifetime: a transaction calls its user only while it is alive and not disposed. Whoever captures
// objects in these callbacks must either outlive the transaction or call dispose() on it first
// (dispose() drops the callbacks).
#pragma once
#include <functional>

#include "core/transactions/transaction_state.h"
#include "core/transport.h"
#include "sip/message.h"

namespace sip::core {

struct TransactionUser {
  // Called once per state change, after the state has changed (never for the initial state).
  std::function<void(TransactionState newState)> onStateChange;
  // A send failed. Must be treated as a 503 by a UAC (RFC 3261 §8.1.3.1).
  std::function<void(const TransportError& error)> onTransportError;
};

struct ClientTransactionUser : TransactionUser {
  // Timer B or F fired, or a non-INVITE transaction got a 408: treat as a 408 (§8.1.3.1).
  std::function<void()> onRequestTimeout;
  // A response the TU must see: every 1xx, the first 2xx per To tag (INVITE), the final response.
  std::function<void(const sip::Message& response)> receiveResponse;
};

struct ServerTransactionUser : TransactionUser {};

}  // namespace sip::core
