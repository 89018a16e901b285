// What the UAS side tells the application about a request it is answering
// (SIP.js lib/core/messages/incoming-request.d.ts).
#pragma once
#include <functional>

#include "core/transport.h"
#include "sip/message.h"

namespace sip::core {

struct IncomingRequestDelegate {
  // A CANCEL matched this (INVITE) request while it had no final response (RFC 3261 §9.2).
  std::function<void(const sip::Message& cancel)> onCancel;
  // Sending a response failed.
  std::function<void(const TransportError& error)> onTransportError;
};

// An ACK handed to a session delegate (SIP.js's IncomingAckRequest).
struct IncomingAckRequest {
  const sip::Message& message;
};

}  // namespace sip::core
