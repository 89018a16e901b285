// INVITE server (RFC 3261 §13.3; SIP.js lib/core/user-agents/invite-user-agent-server.js): the
// early session dialog created by the first 1xx with a To tag, confirmed (or created) by the 2xx,
// with Record-Route copied and our Contact added (§12.1.1), plus RFC 3262 reliable provisional
// responses, which SIP.js keeps in its API layer:
//
// - progressReliable() sends a 1xx with "Require: 100rel" and an RSeq (first one random, then +1,
//   RFC 3262 §3), retransmits it at T1, 2*T1, 4*T1, ... until its PRACK, and after 64*T1 without
//   one rejects the INVITE with 504 (as SIP.js's Invitation) and calls onPrackTimeout.
// - A 1xx sent through progress() whose extra headers already carry Require: 100rel and RSeq (as
//   SIP.js's API builds them) is tracked the same way, without retransmissions.
// - A PRACK whose RAck matches no unacknowledged reliable 1xx gets 481 (RFC 3262 §3).
// - accept() while a reliable 1xx with a session description is unacknowledged holds the 2xx back
//   until its PRACK arrives (RFC 3262 §3 "MUST NOT send a final response until those provisional
//   responses are acknowledged"; SIP.js's Invitation waits for the PRACK the same way).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class SessionDialog;

class InviteUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<InviteUserAgentServer> create(UserAgentCore& core, const sip::Message& request);

  // 2xx (default 200). Throws std::logic_error when the session needs a body (an offer to answer,
  // or none made yet) and none is given, unless an answer was already sent in a provisional
  // response, which is then repeated.
  OutgoingResponse accept(ResponseOptions options = {}) override;
  // 1xx (default 180) on the early dialog.
  OutgoingResponse progress(ResponseOptions options = {}) override;
  OutgoingResponse redirect(const std::vector<sip::Uri>& contacts, ResponseOptions options = {}) override;
  // Default 486.
  OutgoingResponse reject(ResponseOptions options = {}) override;
  // 100 Trying; at most one is sent (the core may already have sent it).
  OutgoingResponse trying(ResponseOptions options = {}) override;
  // Calls the delegate's onCancel; without one, rejects with 487 (RFC 3261 §9.2 "SHOULD
  // immediately respond to the INVITE with a 487"; SIP.js leaves it to its API layer).
  void receiveCancel(const sip::Message& cancel) override;
  // Also ends the early dialog.
  void dispose() override;

  // RFC 3262: a reliable 1xx (default 183). Throws std::logic_error while a previous reliable 1xx
  // awaits its PRACK ("MUST NOT send a second reliable provisional response until the first is
  // acknowledged").
  OutgoingResponse progressReliable(ResponseOptions options = {});
  // Whether a reliable 1xx awaits its PRACK.
  bool waitingForPrack() const;
  // Called when no PRACK came within 64*T1 (the INVITE has been rejected with 504).
  std::function<void()> onPrackTimeout;

  const std::shared_ptr<SessionDialog>& earlyDialog() const { return earlyDialog_; }
  const std::shared_ptr<SessionDialog>& confirmedDialog() const { return confirmedDialog_; }

 protected:
  int defaultRejectStatusCode() const override { return 486; }

 private:
  struct ReliableProvisional {
    uint32_t rseq = 0;
    int statusCode = 0;
    bool sessionBody = false;
    bool acknowledged = false;
    std::string response;  // the text to retransmit
  };

  InviteUserAgentServer(UserAgentCore& core, const sip::Message& request);
  OutgoingResponse acceptNow(ResponseOptions options);
  std::shared_ptr<SessionDialog> ensureEarlyDialog();
  void trackReliable(const ResponseOptions& options, const OutgoingResponse& response);
  bool matchPrack(const sip::Message& prack);
  bool unacknowledgedReliableWithSession() const;
  void retransmitReliable(uint32_t rseq, uint32_t interval);
  void prackTimeout();
  void stopReliableTimers();
  void disposeEarlyDialog();

  std::shared_ptr<SessionDialog> earlyDialog_;
  std::shared_ptr<SessionDialog> confirmedDialog_;
  std::optional<OutgoingResponse> tryingResponse_;
  std::vector<ReliableProvisional> reliable_;
  std::optional<uint32_t> nextRSeq_;
  std::optional<ResponseOptions> deferredAccept_;
  HostTimer reliableRetransmission_;
  HostTimer prackTimer_;
};

}  // namespace sip::core
