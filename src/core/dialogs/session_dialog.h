// The INVITE dialog usage (RFC 3261 §12-§15, RFC 3262, RFC 3264, RFC 3311; SIP.js
// lib/core/dialogs/session-dialog.js), which is also the core's Session: offer/answer state with
// rollback, ACK wait and 2xx retransmission (§13.3.1.4), re-INVITE glare (§14: 491 while our own
// INVITE is pending, 500 + Retry-After while theirs or the initial ACK is), requests inside the
// session (BYE, INFO, MESSAGE, NOTIFY, PRACK, REFER, UPDATE), and the RSeq guard of reliable
// provisional responses on the UAC side.
//
// Ownership: created by the INVITE UAC (one per To tag: forking gives several early dialogs) or
// UAS through create(), registered with the core until dispose(). Callbacks it registers on
// transactions and timers hold weak references, so dropping it never leaves a dangling callback.
// dispose() also drops the delegate and the re-INVITE UAC/UAS it tracks, so that an application
// delegate capturing the dialog forms no lasting cycle.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "core/dialogs/dialog.h"
#include "core/dialogs/session_delegate.h"
#include "core/dialogs/session_state.h"
#include "core/messages/body.h"
#include "core/messages/methods.h"
#include "core/messages/outgoing_request.h"
#include "core/transactions/invite_client_transaction.h"
#include "core/transactions/invite_server_transaction.h"
#include "host.h"

namespace sip::core {

class ByeUserAgentClient;
class InfoUserAgentClient;
class MessageUserAgentClient;
class NotifyUserAgentClient;
class PrackUserAgentClient;
class ReferUserAgentClient;
class ReInviteUserAgentClient;
class ReInviteUserAgentServer;
class UpdateUserAgentClient;

class SessionDialog final : public Dialog {
  struct Tag {};

 public:
  // A dialog of the UAC (initial transaction: our INVITE) or of the UAS (their INVITE). The
  // initial INVITE's body sets the first offer. Registers with the core.
  static std::shared_ptr<SessionDialog> create(std::shared_ptr<InviteClientTransaction> initialTransaction,
                                               UserAgentCore& core, DialogState state, SessionDelegate delegate = {});
  static std::shared_ptr<SessionDialog> create(std::shared_ptr<InviteServerTransaction> initialTransaction,
                                               UserAgentCore& core, DialogState state, SessionDelegate delegate = {});
  SessionDialog(Tag, UserAgentCore& core, DialogState state, std::shared_ptr<InviteClientTransaction> client,
                std::shared_ptr<InviteServerTransaction> server, SessionDelegate delegate);
  ~SessionDialog() override;

  SessionDelegate delegate;

  // SIP.js's re-INVITE bookkeeping: the re-INVITE we sent (until its ACK or final non-2xx) and
  // the one we are answering (until its ACK or our non-2xx).
  std::shared_ptr<ReInviteUserAgentClient> reinviteUserAgentClient;
  std::shared_ptr<ReInviteUserAgentServer> reinviteUserAgentServer;

  SessionState sessionState() const;
  SignalingState signalingState() const { return signalingState_; }
  // The current offer (not Initial/Closed) and answer (Stable only).
  const std::optional<Body>& offer() const { return offer_; }
  const std::optional<Body>& answer() const { return answer_; }
  bool isUserAgentServer() const { return initialServerTransaction_ != nullptr; }

  void dispose() override;
  // Early -> confirmed (starts the 2xx retransmission timer of a UAS).
  void confirm() override;
  // After accepting a re-INVITE: retransmit its 2xx until the ACK (§13.3.1.4).
  void reConfirm();

  // §13.2.2.4: ACK the 2xx of the initial INVITE, or of the pending re-INVITE. Same CSeq number
  // as the INVITE, same credentials (Authorization / Proxy-Authorization are copied), a new branch.
  OutgoingAckRequest ack(const RequestOptions& options = {});
  // §15: BYE; the dialog is disposed. Throws std::logic_error on a UAS's early dialog, or before
  // the ACK of our 2xx (unless the server transaction has ended).
  std::shared_ptr<ByeUserAgentClient> bye(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});
  // RFC 6086. Throws std::logic_error when early (as all below but prack and update).
  std::shared_ptr<InfoUserAgentClient> info(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});
  // §14.1 re-INVITE. Also throws while a re-INVITE is pending in either direction (§14.1: "MUST
  // NOT initiate a new INVITE transaction ... while another ... is in progress").
  std::shared_ptr<ReInviteUserAgentClient> invite(OutgoingInviteRequestDelegate delegate = {},
                                                  const RequestOptions& options = {});
  std::shared_ptr<MessageUserAgentClient> message(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});
  std::shared_ptr<NotifyUserAgentClient> notify(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});
  // RFC 3262 §4: allowed in early dialogs.
  std::shared_ptr<PrackUserAgentClient> prack(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});
  std::shared_ptr<ReferUserAgentClient> refer(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});
  // RFC 3311 UPDATE (early or confirmed). Adds our Contact (it is a target refresh request) when
  // the options have none. Throws std::logic_error when it carries an offer while one is pending.
  std::shared_ptr<UpdateUserAgentClient> update(OutgoingRequestDelegate delegate = {}, const RequestOptions& options = {});

  // §12.2.2 and the session rules for a request matched to this dialog.
  void receiveRequest(const sip::Message& request) override;

  // RFC 3262 §4 (UAC): false when a reliable provisional response is out of order or a
  // retransmission (its RSeq is not the last one + 1), so it must be discarded.
  bool reliableSequenceGuard(const sip::Message& response);
  // The RSeq of the last reliable provisional response accepted (for RAck).
  std::optional<uint32_t> lastRSeq() const { return rseq_; }

  // Back to the last stable offer/answer after a rejected offer.
  void signalingStateRollback();
  // Offer/answer transitions: a received message, a request we send, or a body we send in a response.
  void signalingStateTransition(const sip::Message& incoming);
  void signalingStateTransition(const OutgoingRequestMessage& outgoing);
  void signalingStateTransition(const Body& outgoingBody);

  // See SessionDelegate::onAck: marks the ACK as being processed (re-INVITEs get 500 meanwhile);
  // the returned function ends it (calling it again does nothing).
  std::function<void()> beginAckProcessing();

  // RFC 3262 §3 (UAS): the INVITE server that sent reliable provisional responses on this dialog
  // installs a guard; a PRACK it does not match is answered 481 (RFC 3262 §3).
  std::function<bool(const sip::Message& prack)> prackGuard;

 private:
  void localTransition(const std::optional<Body>& body);
  void remoteTransition(const std::optional<Body>& body);
  void offerAnswerTransition(const std::optional<Body>& body, SignalingState offerState, SignalingState answeredState);
  void start2xxRetransmissionTimer();
  void startReInvite2xxRetransmissionTimer();
  void retransmit2xx(std::weak_ptr<InviteServerTransaction> transaction, bool reinvite, uint32_t interval);
  void receiveAck(const sip::Message& ack);
  // RFC 3261 §14.2 / RFC 3311 §5.2: true when the re-INVITE / UPDATE was refused (491 / 500).
  bool refuseReInvite(const sip::Message& request);
  bool refuseUpdate(const sip::Message& request);
  void replyRetryLater(const sip::Message& request);

  std::shared_ptr<InviteClientTransaction> initialClientTransaction_;
  std::shared_ptr<InviteServerTransaction> initialServerTransaction_;
  Logger logger_;
  SignalingState signalingState_ = SignalingState::Initial;
  std::optional<Body> offer_, answer_, rollbackOffer_, rollbackAnswer_;
  bool ackWait_ = false;
  int ackProcessing_ = 0;
  std::optional<uint32_t> rseq_;
  HostTimer invite2xxTimer_;
  Transaction::ListenerId initialListener_ = 0;
  Transaction::ListenerId reinviteListener_ = 0;
  std::weak_ptr<InviteServerTransaction> reinviteListenerTransaction_;
};

// The body of an outgoing request as offer/answer sees it (SIP.js's getBody): its disposition
// is the Content-Disposition header if set, else the content type's default.
std::optional<Body> getBody(const OutgoingRequestMessage& message);

}  // namespace sip::core
