// Message fixtures for the transaction tests: requests and responses built as wire text, then
// parsed with the real message layer (sip::parseMessage), so the tests exercise what the core will
// see in production.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message.h"

namespace sip::test {

// "a\nb\n" -> "a\r\nb\r\n".
std::string crlf(std::string_view text);

// Parses or records a GoogleTest failure (and returns an empty message).
sip::Message parseOrFail(std::string_view text);

struct RequestSpec {
  std::string method = "INVITE";
  std::string ruri = "sip:bob@example.com";
  std::string branch = "z9hG4bKclient1";  // empty: no branch parameter at all
  std::string sentBy = "client.example.com:5060";
  std::string transport = "WSS";
  std::string fromTag = "fromtag1";
  std::string toTag;  // empty: no To tag
  std::string callId = "call-1@example.com";
  uint32_t cseq = 1;
  std::string cseqMethod;  // empty: same as method
  std::vector<std::string> routes;
  std::string body;
};

std::string requestText(const RequestSpec& spec);
sip::Message request(const RequestSpec& spec);

// An outgoing request as a UAC hands it to a client transaction (its Via is a placeholder the
// transaction replaces).
sip::Message outgoingRequest(const std::string& method, uint32_t cseq = 1, std::vector<std::string> routes = {});

// A response to `request`: its Vias, From, To (with `toTag` added unless the To has one or toTag is
// empty), Call-ID and CSeq, no body.
std::string responseText(const sip::Message& request, int statusCode, std::string_view toTag = "totag1",
                         std::string_view reason = "");
sip::Message response(const sip::Message& request, int statusCode, std::string_view toTag = "totag1");

}  // namespace sip::test
