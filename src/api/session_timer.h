// Session timers (RFC 4028) for a Session: the negotiation of the session interval and of the
// refresher, and the two timers that follow from it - refresh at half the interval when we are
// the refresher, BYE shortly before the interval ends when no refresh came (either side).
// Not in SIP.js; off unless the user agent enables it (UserAgentOptions.sessionTimers), so
// nothing on the wire changes otherwise.
//
// Split in two so that each part can be tested alone:
// - pure functions over messages: what we answer to a request (negotiateAsUas) and what a 2xx to
//   our request means (negotiateAsUac);
// - SessionTimer, the state a session keeps: the interval and Min-SE in force, who refreshes,
//   what the peer supports, and the refresh / expiry timers on the host. It never sends anything
//   itself: it asks its session through Actions (send a refresh, end the session).
//
// Terms: "uac"/"uas" in Session-Expires name the roles in the transaction that carried it, so the
// refresher moves with each refresh transaction; SessionTimer turns them into "local"/"remote".
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/messages/outgoing_request_message.h"
#include "host.h"
#include "sip/message.h"

namespace sip::api {

// How we refresh when we are the refresher: UPDATE (RFC 3311, no body) when both sides allow it,
// else re-INVITE; or always re-INVITE.
enum class RefreshMethod { Update, Invite };

struct SessionTimerOptions {
  // Ask for a session timer (UAC: Session-Expires in the INVITE; UAS: insert one in the 2xx when
  // the INVITE had none). A session with enabled == false on a user agent that supports timers
  // still obeys a timer the peer asks for ("passive").
  bool enabled = false;
  uint32_t sessionExpires = 1800;  // seconds; RFC 4028 §4 recommends 1800
  uint32_t minSE = 90;             // seconds; never below 90 (RFC 4028 §5)
  RefreshMethod refreshMethod = RefreshMethod::Update;
};

// "" when the options are usable, else what is wrong with them.
std::string validate(const SessionTimerOptions& options);

// RFC 4028 §5: the smallest session interval anyone may ask for.
constexpr uint32_t kMinimumSessionExpires = 90;

// Who refreshes, as seen from this side.
enum class Refresher { None, Local, Remote };

// What a UAS answers to a request (initial INVITE, re-INVITE or UPDATE), RFC 4028 §9.
struct UasNegotiation {
  bool tooSmall = false;     // answer 422 with Min-SE: minSE
  uint32_t minSE = 0;        // ours, for the 422
  bool useTimer = false;     // the 2xx carries Session-Expires
  uint32_t interval = 0;
  bool uacRefreshes = false;  // refresher=uac (the peer of this transaction) or uas (us)
  bool requireTimer = false;  // Require: timer in the 2xx
  // "Min-SE: n" for a 422; "Session-Expires: n;refresher=x" (+ "Require: timer") for a 2xx; none
  // when no timer is used.
  std::vector<std::string> headers() const;
};
// `localMinSE`: the smallest interval we accept. `active`: we want a timer even if the request
// asks for none.
UasNegotiation negotiateAsUas(const SessionTimerOptions& options, uint32_t localMinSE, bool active,
                              const sip::Message& request);

// What a 2xx to our INVITE / re-INVITE / UPDATE means, RFC 4028 §7.2.
struct UacNegotiation {
  bool useTimer = false;
  uint32_t interval = 0;
  bool uacRefreshes = true;  // refresher=uac: we refresh
  // The 2xx had no Session-Expires although we asked, and the peer does not list "timer" in
  // Supported/Require: it does not do session timers at all (see SessionTimer::requestAccepted).
  bool peerLacksTimer = false;
};
UacNegotiation negotiateAsUac(const sip::Message& response);

// RFC 4028 §10: the side that does not refresh ends a session with no refresh this long after the
// last one (the interval minus min(32 s, interval / 3)); the refresher refreshes at half the
// interval (and ends the session at the full interval if no refresh succeeded). Milliseconds.
uint32_t expiryDelayMs(uint32_t intervalSeconds);
uint32_t refreshDelayMs(uint32_t intervalSeconds);

class SessionTimer {
 public:
  struct Actions {
    // Send a session refresh request now (`method`: re-INVITE or UPDATE). False when it cannot go
    // now (another offer/answer exchange is in progress); the timer tries again a little later.
    std::function<bool(RefreshMethod method)> refresh;
    // The session expired (no refresh in time) or its dialog is gone (408/481 to a refresh):
    // end it with BYE.
    std::function<void()> expire;
  };

  // `ownsCallId`: we sent the initial INVITE (RFC 3261 §14.1 glare back-off: 2.1-4 s, else 0-2 s).
  // `updateAllowed`: our user agent accepts UPDATE (needed to refresh with one).
  SessionTimer(Host& host, SessionTimerOptions options, bool ownsCallId, bool updateAllowed, Actions actions);
  ~SessionTimer();
  SessionTimer(const SessionTimer&) = delete;
  SessionTimer& operator=(const SessionTimer&) = delete;

  const SessionTimerOptions& options() const { return options_; }
  // Replaces the options before the session is established (Invitation.accept's override).
  void setOptions(const SessionTimerOptions& options);

  // A session interval is in force (the refresh or expiry timer runs).
  bool running() const { return refresher_ != Refresher::None; }
  Refresher refresher() const { return refresher_; }
  uint32_t interval() const { return interval_; }
  uint32_t minSE() const { return minSE_; }
  bool peerAllowsUpdate() const { return peerAllowsUpdate_; }
  // The method the next refresh uses.
  RefreshMethod refreshMethod() const;

  // ---- requests we send ----
  // The initial INVITE: Session-Expires and Min-SE when enabled, else nothing.
  std::vector<std::string> initialRequestHeaders() const;
  // A re-INVITE or UPDATE (any of them refreshes the session, RFC 4028 §7.4 / §8): Session-Expires
  // with the refresher kept where it is, and Min-SE; nothing when no timer runs and we do not ask
  // for one.
  std::vector<std::string> refreshRequestHeaders() const;
  // The 2xx to our INVITE, re-INVITE or UPDATE: takes the interval and refresher it gives (or
  // stops the timer if it gives none) and restarts the timers.
  void requestAccepted(const sip::Message& response);
  // A final non-2xx to our INVITE, re-INVITE or UPDATE (`refresh`: one the timer asked for).
  // A 422 raises the interval and Min-SE to the response's Min-SE; returns true when the request
  // should be sent again with refreshRequestHeaders()/initialRequestHeaders() (the timer does that
  // itself for its own refreshes). Other failures of a refresh: 491 and 500 + Retry-After are
  // retried later, 405/501 to an UPDATE switch to re-INVITE, 408/481 end the session (RFC 3261
  // §12.2.1.2), anything else leaves the session to expire.
  bool requestRejected(const sip::Message& response, bool refresh);

  // ---- requests we receive ----
  // A request asking for an interval below our Min-SE from a peer that supports timers: the
  // headers of the 422 to answer with (RFC 4028 §9), else nullopt.
  std::optional<std::vector<std::string>> refuse(const sip::Message& request) const;
  // We accept `request` (initial INVITE, re-INVITE or UPDATE) with a 2xx: the headers it needs.
  // Restarts the timers (the session was refreshed).
  std::vector<std::string> accepting(const sip::Message& request);

  // Notes what the peer supports (Allow, Supported) from any message of it.
  void notePeer(const sip::Message& message);
  // Stops both timers for good (the session ended).
  void stop();

 private:
  void start(uint32_t interval, Refresher refresher);
  void scheduleRefresh(uint32_t delayMs);
  void refreshNow();
  friend std::optional<core::OutgoingRequestMessage> inviteAfter422(SessionTimer&, const core::OutgoingRequestMessage&,
                                                                    const sip::Message&);

  Host& host_;
  Logger logger_;
  SessionTimerOptions options_;
  bool ownsCallId_;
  bool updateAllowed_;
  Actions actions_;
  uint32_t interval_;  // what we ask for / what was negotiated
  uint32_t minSE_;     // ours, raised by 422s
  Refresher refresher_ = Refresher::None;
  bool peerAllowsUpdate_ = false;
  bool peerSupportsTimer_ = false;
  bool updateRefused_ = false;      // the peer answered 405/501 to an UPDATE refresh
  RefreshMethod lastMethod_ = RefreshMethod::Invite;
  uint32_t retries_ = 0;            // refresh retries since the last success
  uint32_t inviteRetries_ = 0;      // initial INVITEs sent again after a 422
  HostTimer refreshTimer_;
  HostTimer expiryTimer_;
};

// RFC 4028 §7.3: the INVITE to send again after `response` (a 422) to `sent`, with a new CSeq and
// the larger interval; nullopt when it should not be retried (not a 422, no usable Min-SE, or
// retried enough). Updates `timer` from the 422.
std::optional<core::OutgoingRequestMessage> inviteAfter422(SessionTimer& timer, const core::OutgoingRequestMessage& sent,
                                                           const sip::Message& response);

}  // namespace sip::api
