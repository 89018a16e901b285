// INVITE server transaction (SIP.js lib/core/transactions/invite-server-transaction.js,
// RFC 3261 §17.2.1 with RFC 6026's "Accepted" state, as SIP.js implements it).
//
//   Proceeding --1xx from TU--> Proceeding          (retransmitted INVITE -> last 1xx re-sent)
//   Proceeding --2xx from TU--> Accepted (Timer L)  (more 2xx from the TU are sent; INVITE/ACK absorbed)
//   Proceeding --300-699 from TU--> Completed (Timer H; Timer G when unreliable)
//   Completed --ACK--> Confirmed (Timer I)          (retransmitted INVITE -> final response re-sent)
//   Accepted --Timer L--> Terminated;  Completed --Timer H--> Terminated;  Confirmed --Timer I--> Terminated
//
// Choices, following SIP.js:
// - The transaction is created in Proceeding and does NOT send "100 Trying" by itself: SIP.js's
//   UserAgent answers 100 immediately through the TU (IncomingRequest.trying()), which satisfies
//   §17.2.1's 200 ms rule; the TU here is expected to do the same.
// - A 2xx moves to Accepted (RFC 6026) instead of terminating (RFC 3261 §17.2.1), so that
//   retransmissions of the INVITE are absorbed rather than passed to the TU as new requests.
//   Retransmitting the 2xx until the ACK arrives is the TU's job (§13.3.1.4,
//   retransmitAcceptedResponse()); on reliable transports SIP.js never does.
// - A transport error is reported to the TU and the state is kept (RFC 6026 §8.8).
// - Timer H tells the TU only through the state change to Terminated, as SIP.js does.
// - SIP.js's "progress extension timer" is kept: after a non-100 1xx the last provisional response
//   is re-sent every 60 s while Proceeding (RFC 3261 §13.3.1.1).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/transactions/server_transaction.h"

namespace sip::core {

class InviteServerTransaction final : public ServerTransaction {
  struct Tag {};

 public:
  // Returns nullptr (with a log line) when `request` is not an INVITE.
  static std::shared_ptr<InviteServerTransaction> create(Host& host, Transport& transport, sip::Message request,
                                                         ServerTransactionUser user);
  static std::shared_ptr<InviteServerTransaction> create(Host& host, Transport& transport,
                                                         std::shared_ptr<const sip::Message> request,
                                                         ServerTransactionUser user);
  InviteServerTransaction(Tag, Host& host, Transport& transport, std::shared_ptr<const sip::Message> request,
                          ServerTransactionUser user);

  static constexpr std::string_view kKind = "ist";
  std::string_view kind() const override { return kKind; }
  std::string_view typeToString() const override { return "INVITE server transaction"; }

  void receiveRequest(const sip::Message& request) override;
  bool receiveResponse(int statusCode, std::string response) override;

  // Re-sends the last 2xx; a no-op unless Accepted.
  void retransmitAcceptedResponse();

  // The last final response sent (empty before one), for RFC 2543 ACK matching.
  const std::string& lastFinalResponse() const { return lastFinalResponse_; }

 protected:
  // Tells the user and keeps the state (RFC 6026 §8.8), unlike the other transactions.
  void onTransportError(const TransportError& error) override;
  void clearTimers() override;

 private:
  // Never called with dueToTransportError: a transport error does not end this transaction.
  void stateTransition(TransactionState newState, bool dueToTransportError = false) override;
  void startProgressExtensionTimer();
  void progressExtensionTimer();
  void timerG();
  void timerH();
  void timerI();
  void timerL();

  HostTimer G_, H_, I_, L_, progressExtension_;
  uint32_t timerGInterval_ = 0;
  std::optional<std::string> lastProvisionalResponse_;
  std::string lastFinalResponse_;
};

}  // namespace sip::core
