// The properties the fuzz targets check, shared with the GoogleTest that replays
// tests/fuzz/regressions/ (tests/native/torture_test.cpp, suite FuzzRegression).
// Each check returns an empty string when the input is handled correctly, else what went wrong.
#pragma once
#include <array>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sip/grammar_json.h"
#include "sip/message.h"
#include "sip/message_json.h"

namespace sipfuzz {

// Strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF). JSON text must be UTF-8 (RFC 8259), and
// text crossing the Wasm boundary from JavaScript always is, so JSON validity is only demanded
// for UTF-8 input.
inline bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
    else return false;
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

// parser_fuzz: parseMessage never fails silently; an accepted message serializes to text that
// parses again to the same start line, header count and body; the typed accessors agree with
// what parseMessage validated; the JSON form is JSON.
inline std::string checkParser(std::string_view input) {
  sip::ParseResult r;
  try {
    r = sip::parseMessage(input);
  } catch (const std::exception& e) {
    return std::string("parseMessage threw: ") + e.what();
  } catch (...) {
    return "parseMessage threw";
  }
  if (!r.message) {
    if (r.error.empty()) return "rejected without a reason";
    std::string json;
    try {
      json = sip::parseMessageToJson(input);
    } catch (...) {
      return "parseMessageToJson threw on a rejected message";
    }
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("error")) return "rejected, but its JSON is not {\"error\":...}: " + json.substr(0, 200);
    return "";
  }
  const sip::Message& m = *r.message;
  if (!r.error.empty()) return "accepted but error is set: " + r.error;

  // Typed accessors on a parsed message only return nothing when the header is absent.
  if (m.hasHeader("CSeq") && !m.cseq()) return "CSeq present but cseq() is empty";
  if (m.hasHeader("From") && !m.from()) return "From present but from() is empty";
  if (m.hasHeader("To") && !m.to()) return "To present but to() is empty";
  if (m.hasHeader("Call-ID") && !m.callId()) return "Call-ID present but callId() is empty";
  if (m.headerValues("Via").size() != m.vias().size()) return "vias() does not match the Via entries";
  if (m.contentLength() && *m.contentLength() != m.body.size()) return "Content-Length differs from body size";

  std::string wire;
  try {
    wire = sip::serialize(m);
  } catch (...) {
    return "serialize threw";
  }
  sip::ParseResult again = sip::parseMessage(wire);
  if (!again.message) return "serialized message does not parse again: " + again.error;
  const sip::Message& a = *again.message;
  if (a.isRequest != m.isRequest) return "round trip changed request/response";
  if (a.method != m.method) return "round trip changed the method: " + m.method + " -> " + a.method;
  if (a.statusCode != m.statusCode) return "round trip changed the status code";
  if (a.headers.size() != m.headers.size())
    return "round trip changed the header count: " + std::to_string(m.headers.size()) + " -> " +
           std::to_string(a.headers.size());
  if (a.body != m.body) return "round trip changed the body";
  for (size_t i = 0; i < m.headers.size(); ++i) {
    if (a.headers[i].name != m.headers[i].name || a.headers[i].value != m.headers[i].value)
      return "round trip changed header " + std::to_string(i) + ": " + m.headers[i].name + ": " +
             m.headers[i].value.substr(0, 80) + " -> " + a.headers[i].name + ": " + a.headers[i].value.substr(0, 80);
  }
  if (m.isRequest && a.ruri.toString() != m.ruri.toString())
    return "round trip changed the Request-URI: " + m.ruri.toString() + " -> " + a.ruri.toString();
  if (!m.isRequest && a.reasonPhrase != m.reasonPhrase) return "round trip changed the reason phrase";
  if (sip::serialize(a) != wire) return "serialize is not idempotent";

  std::string json;
  try {
    json = sip::messageToJson(m);
  } catch (const std::exception& e) {
    return std::string("messageToJson threw: ") + e.what();
  } catch (...) {
    return "messageToJson threw";
  }
  if (isValidUtf8(input) && !nlohmann::json::accept(json)) return "messageToJson is not JSON: " + json.substr(0, 200);
  std::string direct;
  try {
    direct = sip::parseMessageToJson(input);
  } catch (...) {
    return "parseMessageToJson threw";
  }
  if (direct != json) return "parseMessageToJson differs from messageToJson(parseMessage)";
  return "";
}

// The start rules of sip.js's Grammar.parse plus the ones this project adds (bindings/README.md),
// and one unknown rule (must give "-1").
inline constexpr std::array<std::string_view, 54> kRules = {
    "Contact", "Name_Addr_Header", "Record_Route", "Request_Response", "SIP_URI", "Subscription_State",
    "Supported", "Require", "Via", "absoluteURI", "Call_ID", "Content_Disposition", "Content_Length",
    "Content_Type", "CSeq", "displayName", "Event", "From", "host", "Max_Forwards", "Min_SE",
    "Proxy_Authenticate", "quoted_string", "Refer_To", "Replaces", "Session_Expires", "stun_URI", "To",
    "turn_URI", "uuid", "WWW_Authenticate", "challenge", "sipfrag", "Referred_By", "Route", "Allow",
    "Authorization", "Proxy_Authorization", "Expires", "Min_Expires", "RSeq", "RAck", "Reason",
    "Allow_Events", "Unsupported", "Proxy_Require", "P_Asserted_Identity", "Remote_Party_ID", "Accept",
    "Content_Encoding", "Date", "Timestamp", "NoSuchRule", "",
};

// grammar_fuzz: the first byte picks the rule, the rest is the input. The result is "-1" or JSON,
// and the same every time.
inline std::string checkGrammar(std::string_view data) {
  if (data.empty()) return "";
  const std::string_view rule = kRules[static_cast<unsigned char>(data[0]) % kRules.size()];
  const std::string_view input = data.substr(1);
  std::string out;
  try {
    out = sip::parseRuleToJson(input, rule);
  } catch (const std::exception& e) {
    return "parseRuleToJson(" + std::string(rule) + ") threw: " + e.what();
  } catch (...) {
    return "parseRuleToJson(" + std::string(rule) + ") threw";
  }
  if (out == "-1") return "";
  if (rule == "NoSuchRule" || rule.empty()) return "unknown rule gave " + out.substr(0, 100) + " instead of -1";
  if (out.empty()) return "parseRuleToJson(" + std::string(rule) + ") returned an empty string";
  if (isValidUtf8(input) && !nlohmann::json::accept(out))
    return "parseRuleToJson(" + std::string(rule) + ") is neither -1 nor JSON: " + out.substr(0, 200);
  if (sip::parseRuleToJson(input, rule) != out) return "parseRuleToJson(" + std::string(rule) + ") is not deterministic";
  return "";
}

}  // namespace sipfuzz
