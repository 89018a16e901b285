#include "core/messages/body.h"

#include "core/messages/utils.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

std::string contentTypeToContentDisposition(std::string_view contentType) {
  std::string_view mime = contentType.substr(0, contentType.find(';'));
  return sip::iequals(trimmed(mime), "application/sdp") ? "session" : "render";
}

Body fromBodyLegacy(std::string content, std::string contentType) {
  Body body;
  body.contentDisposition = contentTypeToContentDisposition(contentType);
  body.contentType = std::move(contentType);
  body.content = std::move(content);
  return body;
}

std::optional<Body> getBody(const sip::Message& message) {
  if (message.body.empty()) return std::nullopt;
  Body body;
  body.content = message.body;
  if (auto type = message.header("Content-Type")) body.contentType = std::string(trimmed(*type));
  if (auto disposition = message.header("Content-Disposition")) {
    if (auto parsed = sip::parseContentDisposition(*disposition)) body.contentDisposition = sip::toLower(parsed->type);
  }
  if (body.contentDisposition.empty() && !body.contentType.empty()) {
    body.contentDisposition = contentTypeToContentDisposition(body.contentType);
  }
  // SIP.js throws for a body without a type; a received message is network input, so we treat
  // it as an opaque (render) body instead.
  if (body.contentDisposition.empty()) body.contentDisposition = "render";
  return body;
}

}  // namespace sip::core
