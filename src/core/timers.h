// RFC 3261 timer values (§17, Table 4 of Appendix A) in milliseconds.
//
// `Timers` mirrors SIP.js's lib/core/timers.js value for value. SIP.js only runs over reliable
// transports (WebSocket), so its D, I, J, K are zero and it never starts A, E or G. We also support
// unreliable transports (Transport::reliable() == false), for which RFC 3261 gives the values in
// `UnreliableTimers`; `timerD(reliable)` etc. pick the right one.
#pragma once
#include <cstdint>

namespace sip::core {

struct Timers {
  static constexpr uint32_t T1 = 500;   // RTT estimate
  static constexpr uint32_t T2 = 4000;  // maximum retransmit interval for non-INVITE requests and INVITE responses
  static constexpr uint32_t T4 = 5000;  // maximum duration a message remains in the network
  static constexpr uint32_t TIMER_B = 64 * T1;  // INVITE transaction timeout
  static constexpr uint32_t TIMER_D = 0 * T1;   // wait time for response retransmits (reliable)
  static constexpr uint32_t TIMER_F = 64 * T1;  // non-INVITE transaction timeout
  static constexpr uint32_t TIMER_H = 64 * T1;  // wait time for ACK receipt
  static constexpr uint32_t TIMER_I = 0 * T4;   // wait time for ACK retransmits (reliable)
  static constexpr uint32_t TIMER_J = 0 * T1;   // wait time for non-INVITE request retransmits (reliable)
  static constexpr uint32_t TIMER_K = 0 * T4;   // wait time for response retransmits (reliable)
  static constexpr uint32_t TIMER_L = 64 * T1;  // RFC 6026: wait time for accepted INVITE request retransmits
  static constexpr uint32_t TIMER_M = 64 * T1;  // RFC 6026: wait time for retransmission of 2xx to INVITE
  static constexpr uint32_t TIMER_N = 64 * T1;  // RFC 6665: wait time for NOTIFY after SUBSCRIBE
  static constexpr uint32_t PROVISIONAL_RESPONSE_INTERVAL = 60000;  // RFC 3261 §13.3.1.1
};

// RFC 3261 values for unreliable transports where they differ from the reliable ones above.
struct UnreliableTimers {
  static constexpr uint32_t TIMER_A = Timers::T1;  // initial INVITE retransmit interval, doubles
  static constexpr uint32_t TIMER_D = 32000;       // "at least 32 seconds" (§17.1.1.2)
  static constexpr uint32_t TIMER_E = Timers::T1;  // initial non-INVITE retransmit interval, doubles up to T2
  static constexpr uint32_t TIMER_G = Timers::T1;  // initial INVITE response retransmit interval, doubles up to T2
  static constexpr uint32_t TIMER_I = Timers::T4;
  static constexpr uint32_t TIMER_J = 64 * Timers::T1;
  static constexpr uint32_t TIMER_K = Timers::T4;
};

constexpr uint32_t timerD(bool reliable) { return reliable ? Timers::TIMER_D : UnreliableTimers::TIMER_D; }
constexpr uint32_t timerI(bool reliable) { return reliable ? Timers::TIMER_I : UnreliableTimers::TIMER_I; }
constexpr uint32_t timerJ(bool reliable) { return reliable ? Timers::TIMER_J : UnreliableTimers::TIMER_J; }
constexpr uint32_t timerK(bool reliable) { return reliable ? Timers::TIMER_K : UnreliableTimers::TIMER_K; }

// Next retransmission interval for timers E and G: doubled, capped at T2 (§17.1.2.2, §17.2.1).
constexpr uint32_t nextRetransmitInterval(uint32_t current) {
  return current * 2 < Timers::T2 ? current * 2 : Timers::T2;
}

}  // namespace sip::core
