// Responses built by the UAS core (SIP.js lib/core/messages/outgoing-response.js, RFC 3261 §8.2.6).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/messages/body.h"
#include "host.h"
#include "sip/message.h"

namespace sip::core {

class SessionDialog;

// SIP.js's ResponseOptions. statusCode 0 means "the method's default" where a UAS method takes
// options (accept: 200, progress: 180, redirect: 302, reject: per method).
struct ResponseOptions {
  int statusCode = 0;
  std::string reasonPhrase;  // empty: the standard phrase
  std::string toTag;         // empty: the UAS's tag (or a new one)
  std::optional<std::string> userAgent;
  std::optional<std::vector<std::string>> supported;
  std::vector<std::string> extraHeaders;  // "Name: value" lines
  std::optional<Body> body;
};

// SIP.js's OutgoingResponse (the serialized response) and OutgoingResponseWithSession in one
// type: INVITE and re-INVITE servers set `session` to the dialog the response belongs to; the UAS
// methods stay virtual that way (C++ has no covariant return for values).
struct OutgoingResponse {
  std::string message;
  std::shared_ptr<SessionDialog> session;
};

// Builds a response to `request`: status line, the request's Vias, From, To (with a tag added
// for status codes above 100 when the request's To has none: options.toTag, else a new tag),
// CSeq, Call-ID, Supported, User-Agent, the extra headers, Content-Type/Content-Length and the
// body, in SIP.js's order. CSeq carries the request's CSeq number and CSeq method (RFC 3261
// §8.2.6.2 says the response's CSeq equals the request's; SIP.js writes the request method, which
// is the same for every request that passed the CSeq/method check).
// Throws std::invalid_argument for a status code outside 100-699 (SIP.js's TypeError).
OutgoingResponse constructOutgoingResponse(Host& host, const sip::Message& request, const ResponseOptions& options);

}  // namespace sip::core
