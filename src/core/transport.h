// The core's view of a transport (SIP.js lib/core/transport.d.ts, RFC 3261 §18).
//
// The core hands the transport one serialized message at a time. Connection management (the
// WebSocket, reconnection, keep-alives) lives outside the core, in js/platform/web; the core only
// needs to know how to name the transport in Via and whether it is reliable.
#pragma once
#include <functional>
#include <optional>
#include <string>

namespace sip::core {

// Why a send failed (SIP.js's TransportError). A transaction that sees one informs its user and,
// for client and non-INVITE server transactions, terminates (RFC 3261 §17.1.4, §17.2.4).
struct TransportError {
  std::string message;
};

class Transport {
 public:
  // Called exactly once per send: with nullopt when the message was handed to the network, with an
  // error otherwise (SIP.js's Transport.send returns a Promise that resolves or rejects). It may be
  // called synchronously from inside send() or later from the host event loop; the core copes with
  // both (transactions defer a synchronous failure to the next host tick, so that, as with a
  // rejected Promise, the error is seen after the call that sent returns).
  using SendCallback = std::function<void(std::optional<TransportError>)>;

  virtual ~Transport() = default;

  // The Via sent-protocol transport token ("WSS", "WS", "TCP", "UDP"), as SIP.js's
  // Transport.protocol.
  virtual std::string protocol() const = 0;

  // Reliable transports (WebSocket, TCP, TLS) need no retransmissions: timers A, E and G are not
  // started and timers D, I, J, K are zero (RFC 3261 §17; SIP.js only supports reliable ones).
  // Unreliable ones (UDP) get the full RFC 3261 retransmission machinery.
  virtual bool reliable() const { return true; }

  // Sends one complete message. `done` may be empty when the caller does not care.
  virtual void send(std::string message, SendCallback done) = 0;
};

}  // namespace sip::core
