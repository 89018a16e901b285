// SIP.js's TransactionStateError (lib/core/exceptions/transaction-state-error.js): the application
// asked a UAS to respond when its transaction no longer allows it. Thrown only for application
// calls, never on the network path.
#pragma once
#include <stdexcept>
#include <string>

namespace sip::core {

class TransactionStateError : public std::runtime_error {
 public:
  explicit TransactionStateError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace sip::core
