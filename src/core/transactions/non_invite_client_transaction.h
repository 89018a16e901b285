// Non-INVITE client transaction (SIP.js lib/core/transactions/non-invite-client-transaction.js,
// RFC 3261 §17.1.2).
//
//   Trying --1xx--> Proceeding --1xx--> Proceeding        (each 1xx to the TU)
//   Trying/Proceeding --200-699--> Completed (response to the TU, or a timeout for 408; Timer K)
//   Trying/Proceeding --Timer F--> Terminated (timeout to the TU)
//   Completed --Timer K--> Terminated;  any --transport error--> Terminated
//
// Timer E (retransmission: T1 doubling up to T2 in Trying, T2 in Proceeding) runs only on unreliable
// transports; Timer K is 0 on reliable ones (SIP.js) and T4 on unreliable ones.
#pragma once
#include <memory>
#include <string>

#include "core/transactions/client_transaction.h"

namespace sip::core {

class NonInviteClientTransaction final : public ClientTransaction {
  struct Tag {};

 public:
  // Writes the Via into `request` (a new branch, or for a CANCEL the branch already in its Via),
  // starts Timer F (and E when unreliable) and sends the request. The transaction is in Trying.
  // Returns nullptr (with a log line) for INVITE or ACK, or a CANCEL without a branch.
  static std::shared_ptr<NonInviteClientTransaction> create(Host& host, Transport& transport, sip::Message request,
                                                            ClientTransactionUser user, ViaOptions via = {});
  NonInviteClientTransaction(Tag, Host& host, Transport& transport, sip::Message request, ClientTransactionUser user,
                             std::string id, ViaOptions via);

  static constexpr std::string_view kKind = "nict";
  std::string_view kind() const override { return kKind; }
  std::string_view typeToString() const override { return "non-INVITE client transaction"; }

  void receiveResponse(const sip::Message& response) override;

 protected:
  void clearTimers() override;

 private:
  void start();
  void stateTransition(TransactionState newState, bool dueToTransportError = false) override;
  void timerE();
  void timerF();
  void timerK();

  HostTimer E_, F_, K_;
  uint32_t timerEInterval_ = 0;
};

}  // namespace sip::core
