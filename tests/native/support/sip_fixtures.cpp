#include "sip_fixtures.h"

#include <gtest/gtest.h>

namespace sip::test {

std::string crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

sip::Message parseOrFail(std::string_view text) {
  auto result = sip::parseMessage(text);
  if (!result.message) {
    ADD_FAILURE() << "fixture does not parse: " << result.error << "\n" << text;
    return sip::Message{};
  }
  return std::move(*result.message);
}

std::string requestText(const RequestSpec& spec) {
  std::string text = spec.method + " " + spec.ruri + " SIP/2.0\r\n";
  text += "Via: SIP/2.0/" + spec.transport + " " + spec.sentBy;
  if (!spec.branch.empty()) text += ";branch=" + spec.branch;
  text += "\r\n";
  for (const auto& route : spec.routes) text += "Route: " + route + "\r\n";
  text += "Max-Forwards: 70\r\n";
  text += "To: <sip:bob@example.com>";
  if (!spec.toTag.empty()) text += ";tag=" + spec.toTag;
  text += "\r\n";
  text += "From: \"Alice\" <sip:alice@example.com>;tag=" + spec.fromTag + "\r\n";
  text += "Call-ID: " + spec.callId + "\r\n";
  text += "CSeq: " + std::to_string(spec.cseq) + " " + (spec.cseqMethod.empty() ? spec.method : spec.cseqMethod) + "\r\n";
  if (spec.method == "INVITE") text += "Contact: <sip:alice@client.example.com;transport=ws>\r\n";
  if (!spec.body.empty()) text += "Content-Type: application/sdp\r\n";
  text += "Content-Length: " + std::to_string(spec.body.size()) + "\r\n\r\n";
  text += spec.body;
  return text;
}

sip::Message request(const RequestSpec& spec) { return parseOrFail(requestText(spec)); }

sip::Message outgoingRequest(const std::string& method, uint32_t cseq, std::vector<std::string> routes) {
  RequestSpec spec;
  spec.method = method;
  spec.cseq = cseq;
  spec.branch = "z9hG4bKplaceholder";
  spec.sentBy = "placeholder.invalid";
  spec.routes = std::move(routes);
  return request(spec);
}

std::string responseText(const sip::Message& request, int statusCode, std::string_view toTag, std::string_view reason) {
  std::string text = "SIP/2.0 " + std::to_string(statusCode) + " " +
                     (reason.empty() ? std::string(statusCode < 200 ? "Ringing" : statusCode < 300 ? "OK" : "Busy Here")
                                     : std::string(reason)) +
                     "\r\n";
  for (const auto via : request.headerValues("Via")) {
    text += "Via: ";
    text += via;
    text += "\r\n";
  }
  const auto to = request.header("To");
  text += "To: ";
  text += to ? std::string(*to) : std::string("<sip:bob@example.com>");
  if (!toTag.empty() && !request.toTag()) {
    text += ";tag=";
    text += toTag;
  }
  text += "\r\n";
  if (auto from = request.header("From")) text += "From: " + std::string(*from) + "\r\n";
  if (auto callId = request.header("Call-ID")) text += "Call-ID: " + std::string(*callId) + "\r\n";
  if (auto cseq = request.header("CSeq")) text += "CSeq: " + std::string(*cseq) + "\r\n";
  text += "Content-Length: 0\r\n\r\n";
  return text;
}

sip::Message response(const sip::Message& request, int statusCode, std::string_view toTag) {
  return parseOrFail(responseText(request, statusCode, toTag));
}

}  // namespace sip::test
