// What Session adds beyond SIP.js (implemented in session_extensions.cpp, which keeps the hooks in
// session.cpp, inviter.cpp and invitation.cpp to a line or two each):
// - UPDATE (RFC 3311): Session::update() sends one, with an offer from the session description
//   handler or without a body, in a confirmed dialog or in an early one whose first offer/answer
//   is complete; an incoming UPDATE is answered through the handler (offer -> answer) and reported
//   like a re-INVITE (SessionHost::reinviteAnswered). Only when the user agent accepts UPDATE
//   (UserAgentCoreConfiguration::allowedMethods).
// - session timers (RFC 4028, session_timer.h): the session's SessionTimer is fed every re-INVITE /
//   UPDATE and their responses, and refreshes or ends the session through the session.
#pragma once
#include <optional>

#include "api/session_timer.h"
#include "core/user_agent_core/user_agent_core.h"

namespace sip::core {
class UserAgentServer;
}

namespace sip::api {

struct SessionRequestOptions;

// Whether the user agent accepts UPDATE (and lists it in Allow).
bool updateAllowed(const core::UserAgentCore& core);

// RFC 4028 §9 for an initial INVITE, before any application sees it: when `options` are set (the
// user agent supports session timers) and the INVITE asks for an interval below our Min-SE,
// answers it 422 and returns true.
bool refuseBySessionTimer(const std::optional<SessionTimerOptions>& options, core::UserAgentServer& uas);

}  // namespace sip::api
