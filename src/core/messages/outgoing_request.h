// What callers of the UAC side pass and get back (SIP.js lib/core/messages/outgoing-request.d.ts,
// incoming-response.d.ts).
//
// Delegates are structs of optional callbacks, like SIP.js's delegate objects with optional
// methods: an empty std::function is simply not called.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/messages/body.h"
#include "sip/message.h"

namespace sip::core {

// SIP.js's RequestOptions. `cseq` is SIP.js's internal override (the ACK reuses the INVITE's).
struct RequestOptions {
  std::vector<std::string> extraHeaders;  // "Name: value" lines
  std::optional<Body> body;
  std::optional<uint32_t> cseq;
};

// A response handed to a delegate. `message` is valid for the duration of the callback; copy it
// to keep it.
struct IncomingResponse {
  const sip::Message& message;
};

struct OutgoingRequestDelegate {
  std::function<void(const IncomingResponse&)> onAccept;    // 2xx
  std::function<void(const IncomingResponse&)> onProgress;  // 101-199
  std::function<void(const IncomingResponse&)> onRedirect;  // 3xx
  std::function<void(const IncomingResponse&)> onReject;    // 4xx-6xx (incl. the internal 408 and 503)
  std::function<void(const IncomingResponse&)> onTrying;    // 100
};

}  // namespace sip::core
