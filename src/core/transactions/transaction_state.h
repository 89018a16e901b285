// Transaction states (SIP.js lib/core/transactions/transaction-state.js). "Accepted" is RFC 6026's
// state for INVITE transactions after a 2xx, which SIP.js implements for both client and server.
#pragma once
#include <string_view>

namespace sip::core {

enum class TransactionState { Accepted, Calling, Completed, Confirmed, Proceeding, Terminated, Trying };

// The SIP.js enum's string value ("Calling", ...), used in log lines.
constexpr std::string_view toString(TransactionState state) {
  switch (state) {
    case TransactionState::Accepted: return "Accepted";
    case TransactionState::Calling: return "Calling";
    case TransactionState::Completed: return "Completed";
    case TransactionState::Confirmed: return "Confirmed";
    case TransactionState::Proceeding: return "Proceeding";
    case TransactionState::Terminated: return "Terminated";
    case TransactionState::Trying: return "Trying";
  }
  return "Unknown";
}

}  // namespace sip::core
