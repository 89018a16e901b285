// Session and offer/answer states (SIP.js lib/core/session/session.js).
#pragma once
#include <string_view>

namespace sip::core {

// The state of the session a dialog carries: Early (dialog created by a 1xx), AckWait (UAS: 2xx
// sent, ACK not yet received), Confirmed, Terminated (dialog disposed).
enum class SessionState { Initial, Early, AckWait, Confirmed, Terminated };

// RFC 3264 offer/answer: Initial (nothing exchanged), HaveLocalOffer / HaveRemoteOffer (an offer
// awaits its answer), Stable (answered), Closed (dialog disposed).
enum class SignalingState { Initial, HaveLocalOffer, HaveRemoteOffer, Stable, Closed };

constexpr std::string_view toString(SessionState state) {
  switch (state) {
    case SessionState::Initial: return "Initial";
    case SessionState::Early: return "Early";
    case SessionState::AckWait: return "AckWait";
    case SessionState::Confirmed: return "Confirmed";
    case SessionState::Terminated: return "Terminated";
  }
  return "Unknown";
}

constexpr std::string_view toString(SignalingState state) {
  switch (state) {
    case SignalingState::Initial: return "Initial";
    case SignalingState::HaveLocalOffer: return "HaveLocalOffer";
    case SignalingState::HaveRemoteOffer: return "HaveRemoteOffer";
    case SignalingState::Stable: return "Stable";
    case SignalingState::Closed: return "Closed";
  }
  return "Unknown";
}

}  // namespace sip::core
