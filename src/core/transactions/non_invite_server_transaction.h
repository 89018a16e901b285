// Non-INVITE server transaction (SIP.js lib/core/transactions/non-invite-server-transaction.js,
// RFC 3261 §17.2.2).
//
//   Trying --100 from TU--> Proceeding              (retransmitted request absorbed in Trying,
//   Trying/Proceeding --200-699 from TU--> Completed  answered with the last response after)
//   Completed --Timer J--> Terminated;  any --transport error--> Terminated
//
// Only 100 is allowed as a provisional response (RFC 4320, as SIP.js). Timer J is 0 on reliable
// transports (SIP.js) and 64*T1 on unreliable ones.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/transactions/server_transaction.h"

namespace sip::core {

class NonInviteServerTransaction final : public ServerTransaction {
  struct Tag {};

 public:
  // Returns nullptr (with a log line) for INVITE and ACK (ACK never creates a transaction).
  static std::shared_ptr<NonInviteServerTransaction> create(Host& host, Transport& transport, sip::Message request,
                                                            ServerTransactionUser user);
  static std::shared_ptr<NonInviteServerTransaction> create(Host& host, Transport& transport,
                                                            std::shared_ptr<const sip::Message> request,
                                                            ServerTransactionUser user);
  NonInviteServerTransaction(Tag, Host& host, Transport& transport, std::shared_ptr<const sip::Message> request,
                             ServerTransactionUser user);

  static constexpr std::string_view kKind = "nist";
  std::string_view kind() const override { return kKind; }
  std::string_view typeToString() const override { return "non-INVITE server transaction"; }

  void receiveRequest(const sip::Message& request) override;
  bool receiveResponse(int statusCode, std::string response) override;

 protected:
  void clearTimers() override;

 private:
  void stateTransition(TransactionState newState, bool dueToTransportError = false) override;
  void timerJ();

  HostTimer J_;
  std::optional<std::string> lastResponse_;
};

}  // namespace sip::core
