// Message bodies as the offer/answer machinery sees them (SIP.js lib/core/messages/body.js).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "sip/message.h"

namespace sip::core {

// A body with its disposition: "session" bodies take part in offer/answer (RFC 3261 §20.11,
// RFC 3264), anything else ("render", "early-session", ...) is opaque to the core.
struct Body {
  std::string contentDisposition;
  std::string contentType;
  std::string content;

  bool operator==(const Body&) const = default;
};

// SIP.js's rule for a body without Content-Disposition: "session" for application/sdp, "render"
// otherwise. Media types compare case-insensitively and without parameters (SIP.js compares the
// raw string; "application/SDP" is the same type per RFC 2045).
std::string contentTypeToContentDisposition(std::string_view contentType);

// SIP.js's fromBodyLegacy: a content string with a content type (default application/sdp).
Body fromBodyLegacy(std::string content, std::string contentType = "application/sdp");

// The body of a received message (SIP.js's getBody for incoming messages): nullopt when the
// message has no body. The content type is the Content-Type value as written (SIP.js passes the
// raw value on), the disposition the Content-Disposition type or the default above.
std::optional<Body> getBody(const sip::Message& message);

// Whether `body` takes part in offer/answer.
inline bool isSessionBody(const std::optional<Body>& body) {
  return body.has_value() && body->contentDisposition == "session";
}

}  // namespace sip::core
