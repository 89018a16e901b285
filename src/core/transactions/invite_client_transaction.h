// INVITE client transaction (SIP.js lib/core/transactions/invite-client-transaction.js,
// RFC 3261 §17.1.1 with RFC 6026's "Accepted" state, as SIP.js implements it).
//
//   Calling --1xx--> Proceeding --1xx--> Proceeding
//   Calling/Proceeding --2xx--> Accepted   (2xx to the TU; Timer M; retransmitted 2xx re-ACKed)
//   Calling/Proceeding --300-699--> Completed (ACK sent here, response to TU; Timer D)
//   Calling --Timer B--> Terminated (timeout to TU);  Accepted --Timer M--> Terminated;
//   Completed --Timer D--> Terminated;  any --transport error--> Terminated
//
// Timer A (request retransmission, T1 doubling) runs in Calling only on unreliable transports.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/transactions/client_transaction.h"

namespace sip::core {

class InviteClientTransaction final : public ClientTransaction {
  struct Tag {};

 public:
  // Writes the Via (with a new branch) into `request`, starts Timer B (and A when unreliable) and
  // sends the request. The transaction is in Calling. Returns nullptr (with a log line) when the
  // request is not an INVITE.
  static std::shared_ptr<InviteClientTransaction> create(Host& host, Transport& transport, sip::Message request,
                                                         ClientTransactionUser user, ViaOptions via = {});
  InviteClientTransaction(Tag, Host& host, Transport& transport, sip::Message request, ClientTransactionUser user,
                          std::string id, ViaOptions via);

  static constexpr std::string_view kKind = "ict";
  std::string_view kind() const override { return kKind; }
  std::string_view typeToString() const override { return "INVITE client transaction"; }

  void receiveResponse(const sip::Message& response) override;

  // Sends the ACK for a 2xx (SIP.js's ackResponse): the ACK gets its own Via branch, and is cached
  // under its To tag so that a retransmission of that 2xx is answered with the same ACK while the
  // transaction is Accepted. (SIP.js, unlike RFC 3261, handles 2xx ACK retransmission here rather
  // than in the UAC core; we follow it.) Returns false when the ACK has no To tag.
  bool ackResponse(sip::Message ack);

 protected:
  void clearTimers() override;

 private:
  void start();
  void ack(const sip::Message& response);
  void stateTransition(TransactionState newState, bool dueToTransportError = false) override;
  void timerA();
  void timerB();
  void timerD();
  void timerM();

  HostTimer A_, B_, D_, M_;
  uint32_t timerAInterval_ = 0;
  // To tag of each 2xx received -> the ACK sent for it (nullopt: 2xx seen, ACK not sent yet).
  std::map<std::string, std::optional<std::string>> ackRetransmissionCache_;
};

}  // namespace sip::core
