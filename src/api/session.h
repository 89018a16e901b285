// SIP.js's Session (lib/api/session.js) as a C++ state machine: the SessionState machine
// (Initial -> Establishing -> Established -> Terminating -> Terminated), BYE / INFO / MESSAGE /
// REFER / re-INVITE out of an established session, and the handling of requests inside it (ACK
// with an answer, BYE, INFO, re-INVITE offer/answer, MESSAGE, NOTIFY, REFER). Inviter and
// Invitation (inviter.h, invitation.h) add the initial INVITE transaction of each side.
//
// The session description handler (SDH) and the application stay in the host (SessionHost): the
// session asks for descriptions and is called back later, exactly where SIP.js awaits the
// promises of its SDH, so the order of state changes and of what goes on the wire is SIP.js's.
// Application-facing promises become Completions; js/api/session.js turns them back into
// promises and SessionHost events into delegate calls and emitter events.
//
// Ownership: sessions are held by shared_ptr (the bridge keeps them by number until they end);
// callbacks they hand to the core, to timers and to the host capture weak references, so a
// session dropped by its owner never sees a late callback.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/session_extensions.h"  // beyond SIP.js: UPDATE, session timers
#include "core/dialogs/session_dialog.h"
#include "core/messages/body.h"
#include "core/messages/outgoing_request.h"
#include "core/user_agent_core/user_agent_core.h"
#include "host.h"
#include "sip/message.h"

namespace sip::api {

using core::Body;

// SIP.js's SessionState values.
enum class SessionState { Initial, Establishing, Established, Terminating, Terminated };
const char* toString(SessionState state);

// Why an application-facing operation failed. The JS side maps the kind to SIP.js's exception
// classes; `SdhError` means "the error the session description handler rejected with" (the JS side
// kept that very object and rethrows it, as SIP.js does).
enum class FailureKind {
  Error,
  TypeError,
  RequestPending,
  SessionTerminated,
  ContentTypeUnsupported,
  SdhError,
};
struct Failure {
  FailureKind kind = FailureKind::Error;
  std::string message;
};
using Completion = std::function<void(std::optional<Failure>)>;

// Which of SIP.js's two sets of SDH options and modifiers a call uses: the session's
// (sessionDescriptionHandlerOptions/Modifiers) or the re-INVITE ones (...ReInvite).
enum class DescriptionOptions { Session, ReInvite };

// What a request delegate of the application hears ("onAccept", "onProgress", "onRedirect",
// "onReject", "onTrying") for one request the application sent. 0 = none.
using DelegateId = uint32_t;

class Session;

// The host of sessions: the session description handlers (asynchronous: every callback runs later,
// at most once, and not at all if the session is gone) and what the application sees.
class SessionHost {
 public:
  virtual ~SessionHost() = default;

  // `handler` 0 is the session's own SDH (the host creates it on first use, as SIP.js's
  // setupSessionDescriptionHandler); other numbers are the Inviter's early-media handlers (made on
  // first use too, one per early dialog).
  using DescriptionCallback = std::function<void(std::optional<Body>, std::optional<Failure>)>;
  virtual void getDescription(Session& session, uint32_t handler, DescriptionOptions options,
                              DescriptionCallback done) = 0;
  virtual void setDescription(Session& session, uint32_t handler, const Body& body, DescriptionOptions options,
                              Completion done) = 0;
  // nullopt when the SDH takes that content type; otherwise ContentTypeUnsupported, or the error it threw.
  virtual std::optional<Failure> hasDescription(Session& session, const std::string& contentType) = 0;
  virtual void rollbackDescription(Session& session, Completion done) = 0;
  // Closes handler `handler` if it exists (0: the session's own; SIP.js closes it in dispose()).
  virtual void closeDescriptionHandler(Session& session, uint32_t handler) = 0;
  // Early-media handler `handler` becomes the session's own (SIP.js's setSessionDescriptionHandler).
  virtual void adoptDescriptionHandler(Session& session, uint32_t handler) = 0;

  // The state changed (emit on stateChange). Called before the session's own follow-up (dispose).
  virtual void stateChanged(Session& session, SessionState state) = 0;
  // A response to a request the application sent with a request delegate.
  virtual void requestDelegate(Session& session, DelegateId delegate, const char* callback,
                               const sip::Message& response) = 0;
  // A request inside the session for the application (`kind`: "ack", "bye", "info", "message",
  // "notify", "refer", "cancel"). `request` is 0 when there is nothing to answer (ACK, CANCEL) or
  // the answer already went out; otherwise the host answers later through answer().
  virtual void incomingRequest(Session& session, const char* kind, uint32_t request, const sip::Message& message) = 0;
  // A re-INVITE was answered (SIP.js's delegate.onInvite(request, response, statusCode)); also
  // an UPDATE (RFC 3311, beyond SIP.js: the host tells them apart by the request's method).
  virtual void reinviteAnswered(Session& session, const sip::Message& request, const std::string& response,
                                int statusCode) = 0;
  // The application's request just went out (what SIP.js's bye()/info()/invite()... resolve with).
  virtual void requestSent(Session& /*session*/, const std::string& /*request*/) {}
  // An in-dialog request the host holds (incomingRequest's `request` != 0): remembers the UAS.
  virtual uint32_t holdRequest(std::shared_ptr<core::UserAgentServer> uas) = 0;
};

// SIP.js's copyRequestOptions plus the request delegate.
struct SessionRequestOptions {
  std::vector<std::string> extraHeaders;
  std::optional<Body> body;
  DelegateId delegate = 0;
};

struct ReinviteOptions {
  SessionRequestOptions request;
  bool withoutSdp = false;
  bool sessionRefresh = false;  // sent by the session timer (RFC 4028)
};

// Session::update (RFC 3311, beyond SIP.js).
struct UpdateOptions {
  SessionRequestOptions request;
  bool withoutSdp = false;
  bool sessionRefresh = false;  // sent by the session timer (RFC 4028)
};

// A request delegate that hands every response to `forward` with SIP.js's callback name
// ("onAccept", "onProgress", "onRedirect", "onReject", "onTrying").
core::OutgoingRequestDelegate forwardResponses(std::function<void(const char* callback, const sip::Message&)> forward);

class Session : public std::enable_shared_from_this<Session> {
 public:
  virtual ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::string& id() const { return id_; }
  SessionState state() const { return state_; }
  const std::shared_ptr<core::SessionDialog>& dialog() const { return dialog_; }
  // The P-Asserted-Identity value last received ("" if none).
  const std::string& assertedIdentity() const { return assertedIdentity_; }
  // The Contact header value this side uses in the session.
  const std::string& contact() const { return contact_; }
  // The session this one replaces (RFC 3891), ended with BYE once this one is established.
  std::weak_ptr<Session> replacee;
  bool isInviter() const { return inviter_; }
  bool pendingReinvite() const { return pendingReinvite_; }
  // The render body the peer sent (SIP.js's _renderbody / _rendertype).
  const std::optional<Body>& renderBody() const { return renderBody_; }

  // ---- SIP.js's Session methods; `done` settles the application's promise ----
  // SIP.js's dispose(): overridden by Inviter (cancel) and Invitation (reject).
  virtual void dispose(Completion done);
  void bye(SessionRequestOptions options, Completion done);
  void info(SessionRequestOptions options, Completion done);
  void message(SessionRequestOptions options, Completion done);
  // re-INVITE (Inviter::invite and Session::invite share the name in SIP.js).
  void reinvite(ReinviteOptions options, Completion done);
  // `referTo` is the Refer-To value (a URI, or a name-addr with Replaces for attended transfer);
  // `capturesNotify`: the application passed onNotify (NOTIFYs go to it, not to the delegate).
  void refer(const std::string& referTo, SessionRequestOptions options, bool capturesNotify, Completion done);

  // ---- beyond SIP.js (session_extensions.cpp) ----
  // RFC 3311 UPDATE with an offer from the SDH (or none: withoutSdp), in the confirmed dialog or
  // an early one. Fails unless the user agent accepts UPDATE; RequestPending while an offer is out.
  void update(UpdateOptions options, Completion done);
  // The RFC 4028 session timer; null when the user agent does not support session timers.
  const SessionTimer* sessionTimer() const { return timer_.get(); }

  // SIP.js's "Reason: SIP;cause=<code>;text=\"<phrase>\"" value.
  static std::string reasonHeaderValue(int code, const std::string& reason = {});

  // Test and diagnostics.
  static size_t liveCount();

  // SIP.js's _bye: BYE now (confirmed dialog) or once the ACK of our 2xx came (or never will).
  // Public for Invitation, which ends the session it replaces (RFC 3891) this way.
  void byeNow(core::OutgoingRequestDelegate delegate, core::RequestOptions options, Completion done);

 protected:
  Session(core::UserAgentCore& core, SessionHost& host, bool inviter, const char* category);

  // The state machine; Terminated disposes the session (as SIP.js).
  void stateTransition(SessionState newState);
  // Session::dispose's part: close the SDH, BYE an established session.
  void disposeSession(Completion done);
  // Inviter's and Invitation's dispose: a session not yet established is ended first (`end`:
  // CANCEL or reject), then disposed as any session.
  void endThenDispose(const std::function<void(Completion)>& end, Completion done);
  // Takes the dialog (a confirmed one) and routes its requests here.
  void adoptDialog(std::shared_ptr<core::SessionDialog> dialog, bool withAckTimeout);
  void ackAndBye(const core::AckFunction& ack,
                 const std::shared_ptr<core::SessionDialog>& dialog, int statusCode = 0,
                 const std::string& reasonPhrase = {});
  void setAssertedIdentityFrom(const sip::Message& message);
  // SIP.js drops a request inside a session that is not Established: false (logged) then.
  bool establishedFor(const char* method) const;
  // The session's media cannot go on: BYE with "Reason: SIP;cause=<code>" and Terminated.
  void byeWithReason(int code, const std::string& reasonPhrase = {});

  // SIP.js's getOffer / setAnswer / setOfferAndGetAnswer / rollbackOffer / generateResponseOfferAnswer.
  void getOffer(DescriptionOptions options, SessionHost::DescriptionCallback done, uint32_t handler = 0);
  void setAnswer(const Body& answer, DescriptionOptions options, Completion done, uint32_t handler = 0);
  void setOfferAndGetAnswer(const Body& offer, DescriptionOptions options, SessionHost::DescriptionCallback done,
                            uint32_t handler = 0);
  void rollbackOffer(Completion done);
  void generateResponseOfferAnswer(const sip::Message& request, DescriptionOptions options,
                                   SessionHost::DescriptionCallback done);
  void generateResponseOfferAnswerInDialog(DescriptionOptions options, SessionHost::DescriptionCallback done);

  // Requests inside the session (the dialog's delegate).
  void onAckRequest(const core::IncomingAckRequest& ack, std::function<void()> finished);
  void onByeRequest(std::shared_ptr<core::ByeUserAgentServer> uas);
  void onInfoRequest(std::shared_ptr<core::InfoUserAgentServer> uas);
  void onInviteRequest(std::shared_ptr<core::ReInviteUserAgentServer> uas);
  void onMessageRequest(std::shared_ptr<core::MessageUserAgentServer> uas);
  void onNotifyRequest(std::shared_ptr<core::NotifyUserAgentServer> uas);
  void onReferRequest(std::shared_ptr<core::ReferUserAgentServer> uas);
  virtual void onAckTimeout();

  // ---- beyond SIP.js: UPDATE and session timers (session_extensions.cpp) ----
  void makeSessionTimer(const SessionTimerOptions& options);
  // Routes the UPDATE requests of `dialog` (the confirmed one or an early one) to this session.
  void handleUpdatesOn(const std::shared_ptr<core::SessionDialog>& dialog);
  void onUpdateRequest(std::shared_ptr<core::UpdateUserAgentServer> uas);
  // True when the session timer answered `uas` 422 (RFC 4028 §9).
  bool refuseBySessionTimer(const std::shared_ptr<core::UserAgentServer>& uas);
  // The dialog an UPDATE goes to while Establishing (Invitation: its early dialog; Inviter: the
  // early-media one), and whether an offer must wait there (a reliable 1xx awaits its PRACK).
  virtual std::shared_ptr<core::SessionDialog> earlyDialog() const { return dialog_; }
  virtual bool earlyOfferBlocked() const { return false; }
  // SessionTimer's actions.
  bool refreshSession(RefreshMethod method);
  void sessionExpired();
  std::unique_ptr<SessionTimer> timer_;
  bool pendingUpdate_ = false;  // our UPDATE offer awaits its answer

  // Wraps a callback handed to the SessionHost: it keeps the session alive until the host answers
  // (an application promise waiting on the SDH must settle even if the session ended meanwhile, as
  // SIP.js's do). The host owns the callback, the callback the session: no cycle.
  template <typename F>
  auto guard(F f) {
    return [self = shared_from_this(), f = std::move(f)](auto&&... args) { f(std::forward<decltype(args)>(args)...); };
  }
  core::OutgoingRequestDelegate requestDelegateFor(DelegateId delegate);

  core::UserAgentCore& core_;
  SessionHost& host_;
  Logger logger_;
  std::string id_;
  std::string contact_;
  std::shared_ptr<core::SessionDialog> dialog_;
  SessionState state_ = SessionState::Initial;
  bool inviter_;
  bool pendingReinvite_ = false;
  bool pendingReinviteAck_ = false;
  bool capturesNotify_ = false;
  std::string assertedIdentity_;
  std::optional<Body> renderBody_;
};

}  // namespace sip::api
