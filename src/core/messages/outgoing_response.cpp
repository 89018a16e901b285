#include "core/messages/outgoing_response.h"

#include <stdexcept>

#include "core/messages/utils.h"

namespace sip::core {

OutgoingResponse constructOutgoingResponse(Host& host, const sip::Message& request, const ResponseOptions& options) {
  constexpr std::string_view CRLF = "\r\n";
  if (options.statusCode < 100 || options.statusCode > 699) {
    throw std::invalid_argument("Invalid statusCode: " + std::to_string(options.statusCode));
  }
  const std::string_view reasonPhrase =
      options.reasonPhrase.empty() ? std::string_view(getReasonPhrase(options.statusCode)) : options.reasonPhrase;

  std::string response;
  response.reserve(512 + (options.body ? options.body->content.size() : 0));
  response += "SIP/2.0 ";
  response += std::to_string(options.statusCode);
  response += ' ';
  response += reasonPhrase;
  response += CRLF;

  for (const sip::Header& header : request.headers) {
    if (!sip::headerNameIs(header.name, "Via")) continue;
    response += "Via: ";
    response += header.value;
    response += CRLF;
  }
  response += "From: ";
  response += request.header("From").value_or("");
  response += CRLF;
  response += "To: ";
  const bool addsToTag = options.statusCode > 100 && !request.toTagView();
  // Parsed only when it gets a tag: the other responses copy the To text as it is.
  const auto to = addsToTag ? request.to() : std::nullopt;
  if (to && !to->angleBrackets) {
    // A bare addr-spec ("To: sip:bob@example.com") would swallow the tag as a URI parameter when
    // its URI has parameters, so it is written as a name-addr first (RFC 3261 §20.10).
    response += to->toString();
  } else {
    response += request.header("To").value_or("");
  }
  if (addsToTag) {
    response += ";tag=";
    response += options.toTag.empty() ? newTag(host) : options.toTag;
  }
  response += CRLF;
  if (auto cseq = request.cseq()) {
    response += "CSeq: ";
    response += std::to_string(cseq->number);
    response += ' ';
    response += cseq->method;
    response += CRLF;
  }
  response += "Call-ID: ";
  response += request.callIdView().value_or(request.header("Call-ID").value_or(""));
  response += CRLF;
  // Appended piece by piece: a "Name: " + value temporary is a heap block of its own.
  if (options.supported) {
    response += "Supported: ";
    appendTokens(response, *options.supported);
    response += CRLF;
  }
  if (options.userAgent) {
    response += "User-Agent: ";
    response += *options.userAgent;
    response += CRLF;
  }
  for (const auto& header : options.extraHeaders) {
    response += trimmed(header);
    response += CRLF;
  }
  if (options.body && !options.body->content.empty()) {
    response += "Content-Type: ";
    response += options.body->contentType;
    response += CRLF;
    response += "Content-Length: ";
    response += std::to_string(options.body->content.size());
    response += CRLF;
    response += CRLF;
    response += options.body->content;
  } else {
    response += "Content-Length: 0";
    response += CRLF;
    response += CRLF;
  }
  OutgoingResponse out;
  out.message = std::move(response);
  return out;
}

}  // namespace sip::core
