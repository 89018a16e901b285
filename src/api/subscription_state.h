// SIP.js's SubscriptionState (lib/api/subscription-state.js): the API-level states of a
// Subscription, coarser than the dialog's (core::SubscriptionState: NotifyWait/Pending/Active...).
//
//   Initial -> NotifyWait -> Subscribed -> Terminated, and Initial/NotifyWait -> Terminated.
#pragma once

namespace sip::api {

enum class SubscriptionState { Initial, NotifyWait, Subscribed, Terminated };

constexpr const char* toString(SubscriptionState state) {
  switch (state) {
    case SubscriptionState::Initial: return "Initial";
    case SubscriptionState::NotifyWait: return "NotifyWait";
    case SubscriptionState::Subscribed: return "Subscribed";
    case SubscriptionState::Terminated: return "Terminated";
  }
  return "Initial";
}

// Whether SIP.js's Subscription.stateTransition allows `from` -> `to` (a repeat is not a change).
constexpr bool validTransition(SubscriptionState from, SubscriptionState to) {
  switch (from) {
    case SubscriptionState::Initial:
      return to == SubscriptionState::NotifyWait || to == SubscriptionState::Terminated;
    case SubscriptionState::NotifyWait:
      return to == SubscriptionState::Subscribed || to == SubscriptionState::Terminated;
    case SubscriptionState::Subscribed: return to == SubscriptionState::Terminated;
    case SubscriptionState::Terminated: return false;
  }
  return false;
}

}  // namespace sip::api
