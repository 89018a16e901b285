// The message JSON paths of the Wasm hot path (bindings/README.md, "Message JSON", "Packed message
// JSON"): parsed values only for the headers sip.js parses while parsing, the packed form, the
// lazy header values, and the streaming writers against the JsonObject path.
#include <gtest/gtest.h>

#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "sip/json_shapes.h"
#include "sip/json_writer.h"
#include "sip/message.h"
#include "sip/message_json.h"

namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& lines, const std::string& body = "") {
  std::string out;
  for (const std::string& l : lines) out += l + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

const std::string kBody = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";

std::string invite() {
  return join({"INVITE sip:bob@Example.COM;transport=ws SIP/2.0",
               "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr;ftag=x>",
               "Via: SIP/2.0/WSS h.invalid;branch=z9hG4bK1;rport, SIP/2.0/UDP p1.example.com;branch=z9hG4bK2",
               "Max-Forwards: 70",
               "To: Bob <sip:bob@example.com>",
               "From: \"Alice\" <sip:alice:pw@example.com>;tag=1928301774",
               "Call-ID: a84b4c76e66710",
               "CSeq: 314159 INVITE",
               "Contact: <sip:alice@h.invalid;transport=ws>;expires=0060;q=0.500, sip:x@y",
               "Supported: timer, 100rel",
               "Route: <tel:+1234>",
               "X-Custom: raw;stuff",
               "Content-Type: application/sdp",
               "Content-Length: " + std::to_string(kBody.size())},
              kBody);
}

std::string packed(const std::string& data) {
  sip::detail::JsonOut out;
  sip::parseMessageToPackedJson(data, out);
  return out.str();
}

// A packed URI / name-addr next to its keyed form.
void expectSameUri(const json& packedUri, const json& keyed) {
  const json& u = keyed.at("$uri");
  ASSERT_TRUE(packedUri.is_array());
  EXPECT_EQ(packedUri[0], u["scheme"]);
  EXPECT_EQ(packedUri[1], u["user"]);
  EXPECT_EQ(packedUri[2], u["password"]);
  EXPECT_EQ(packedUri[3], u["host"]);
  EXPECT_EQ(packedUri[4], u["port"]);
  EXPECT_EQ(packedUri[5], u["parameters"]);
  EXPECT_EQ(packedUri.size() > 6 ? packedUri[6] : json::object(), u["headers"]);
}

void expectSameNameAddr(const json& p, const json& keyed) {
  const json& n = keyed.at("$nameAddr");
  ASSERT_TRUE(p.is_array());
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], n["displayName"]);
  expectSameUri(p[1], n["uri"]);
  EXPECT_EQ(p[2], n["parameters"]);
}

TEST(MessageJsonEager, ParsedValuesOnlyForWhatSipJsParsesWhileParsing) {
  json j = json::parse(sip::parseMessageToJson(invite()));
  const json& h = j["headers"];
  std::vector<std::string> names;
  for (const json& e : h) names.push_back(e[0]);
  ASSERT_EQ(names, (std::vector<std::string>{"Record-Route", "Record-Route", "Via", "Via", "Max-Forwards", "To", "From",
                                             "Call-ID", "CSeq", "Contact", "Contact", "Supported", "Route", "X-Custom",
                                             "Content-Type", "Content-Length"}));
  EXPECT_EQ(h[1][2][0]["parsed"]["$nameAddr"]["uri"]["$uri"]["parameters"]["ftag"], "x");
  EXPECT_EQ(h[2][2]["branch"], "z9hG4bK1");
  EXPECT_EQ(h[3][2], nullptr);  // only the first Via
  EXPECT_EQ(h[6][2]["$nameAddr"]["uri"]["$uri"]["password"], "pw");
  EXPECT_EQ(h[9][2][0]["parsed"]["$nameAddr"]["parameters"]["expires"], "60");
  EXPECT_EQ(h[9][2][0]["parsed"]["$nameAddr"]["parameters"]["q"], "0.5");
  EXPECT_EQ(h[11][2], nullptr);  // Supported: parsed when read
  EXPECT_EQ(h[12][2], nullptr);  // Route
  EXPECT_EQ(h[13][2], nullptr);
  EXPECT_EQ(h[15][2], kBody.size());
  EXPECT_EQ(j["body"], kBody);
}

TEST(MessageJsonEager, LazyValuesAreTheRuleValuesWithAnyScheme) {
  EXPECT_EQ(json::parse(sip::parseHeaderValueToJson("Supported", "timer, 100rel")), json({"timer", "100rel"}));
  json route = json::parse(sip::parseHeaderValueToJson("Route", "<tel:+1234>"));
  EXPECT_EQ(route[0]["parsed"]["$nameAddr"]["uri"]["$uri"]["scheme"], "tel");
  json via = json::parse(sip::parseHeaderValueToJson("Via", "SIP/2.0/UDP p1.example.com;branch=z9hG4bK2"));
  EXPECT_EQ(via["branch"], "z9hG4bK2");
  EXPECT_EQ(sip::parseHeaderValueToJson("X-Custom", "raw"), "-1");
  EXPECT_EQ(sip::parseHeaderValueToJson("Supported", "a b"), "-1");
}

TEST(MessageJsonPacked, SameContentAsTheKeyedForm) {
  const std::string data = invite();
  json k = json::parse(sip::parseMessageToJson(data));
  json p = json::parse(packed(data));
  ASSERT_TRUE(p.is_array());
  EXPECT_EQ(p[0], "INVITE");
  expectSameUri(p[1], k["ruri"]);
  const json& h = k["headers"];
  ASSERT_EQ(p.size(), 2 + 3 * h.size() + 1);
  for (size_t i = 0; i < h.size(); ++i) {
    const json& name = p[2 + 3 * i];
    const json& value = p[2 + 3 * i + 2];
    EXPECT_EQ(name, h[i][0]);
    EXPECT_EQ(p[2 + 3 * i + 1], h[i][1]);
    const std::string n = name;
    if (n == "From" || n == "To") {
      expectSameNameAddr(value, h[i][2]);
    } else if (n == "Contact" || n == "Record-Route") {
      expectSameNameAddr(value, h[i][2][0]["parsed"]);
    } else {
      EXPECT_EQ(value, h[i][2]) << n;
    }
  }
  EXPECT_EQ(p.back(), kBody);
}

TEST(MessageJsonPacked, ResponsesErrorsAndUnusualValues) {
  json r = json::parse(packed(join({"SIP/2.0 180 Ringing", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:b@h>;tag=2",
                                     "From: <sip:a@h?X-A=1&x-a=2>;tag=1;tag=3", "Call-ID: x", "CSeq: 1 INVITE",
                                     "Contact: *", "Refer-To: <sip:c@h;a=1;a=2>"})));
  ASSERT_TRUE(r.is_array());
  EXPECT_EQ(r[0], 180);
  EXPECT_EQ(r[1], "Ringing");
  // From: URI headers grouped by headerized name (7th element), repeated tag: its last value.
  EXPECT_EQ(r[10][1][6], json({{"X-A", {"1", "2"}}}));
  EXPECT_EQ(r[10][2], json({{"tag", "3"}}));
  EXPECT_EQ(r[19], nullptr);  // Contact: *
  EXPECT_EQ(r[22][1][5], json({{"a", "2"}}));
  EXPECT_EQ(r.back(), "");
  EXPECT_EQ(json::parse(packed("garbage")), "no CRLF found, not a SIP message");
  EXPECT_EQ(json::parse(packed(join({"OPTIONS sip:h SIP/2.0", "Via: SIP/2.0/UDP h"}))), "missing From header");
}

TEST(MessageJsonPacked, InvalidUtf8IsReplaced) {
  std::string data = join({"MESSAGE sip:h SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:b@h>",
                           "From: <sip:a@h>;tag=1", "Call-ID: x", "CSeq: 1 MESSAGE", "Subject: \xff\xc3\xa9"},
                          "\xfe\"\\\x01");
  std::string text = packed(data);
  ASSERT_TRUE(json::accept(text)) << text;
  json p = json::parse(text);
  EXPECT_EQ(p[p.size() - 2], nullptr);
  EXPECT_EQ(p[p.size() - 3], "\xef\xbf\xbd\xc3\xa9");
  EXPECT_EQ(p.back(), "\xef\xbf\xbd\"\\\x01");
}

TEST(JsonOut, GrowsAndKeepsBytes) {
  sip::detail::JsonOut out;
  EXPECT_EQ(out.size(), 0u);
  EXPECT_EQ(out.str(), "");
  std::string expected;
  for (int i = 0; i < 5000; ++i) {
    out += 'x';
    out += "yz";
    out += std::string_view("0123456789", static_cast<size_t>(i % 11));
    expected += 'x';
    expected += "yz";
    expected += std::string("0123456789", static_cast<size_t>(i % 11));
  }
  EXPECT_EQ(out.str(), expected);
  out.resize(3);
  EXPECT_EQ(out.str(), "xyz");
  sip::detail::appendJsonString(out, "a\"b\\c\n\x7f\xe2\x82\xac\xe2\x82");
  EXPECT_EQ(out.str(), "xyz\"a\\\"b\\\\c\\n\x7f\xe2\x82\xac\xef\xbf\xbd\xef\xbf\xbd\"");
  out.release();
  EXPECT_EQ(out.size(), 0u);
  out += "ok";
  EXPECT_EQ(out.str(), "ok");
}

TEST(JsonOut, LongCleanAndDirtyStrings) {
  // The 8-bytes-at-a-time scan: every position of a byte that needs escaping.
  for (size_t len = 0; len < 40; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (char special : {'"', '\\', '\x1f', '\x80'}) {
        std::string s(len, 'a');
        if (at < len) s[at] = special;
        sip::detail::JsonOut out;
        sip::detail::appendJsonString(out, s);
        json parsed = json::parse(out.str());
        std::string want = s;
        if (at < len && special == '\x80') want.replace(at, 1, "\xef\xbf\xbd");
        EXPECT_EQ(parsed, want) << len << " " << at;
      }
    }
  }
}

// The escaping written byte by byte, the obvious way: what appendJsonString must produce.
std::string referenceJsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // strict UTF-8: 2-4 byte sequences, no overlongs, no surrogates, at most U+10FFFF
      size_t n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
      uint32_t cp = n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
      bool ok = n > 0 && i + n < s.size();
      for (size_t k = 1; ok && k <= n; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        ok = (cc & 0xC0) == 0x80;
        cp = (cp << 6) | (cc & 0x3F);
      }
      ok = ok && !(n == 2 && cp < 0x800) && !(n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) && !(cp >= 0xD800 && cp <= 0xDFFF);
      if (ok) {
        out.append(s.substr(i, n + 1));
        i += n;
      } else {
        out += "\xef\xbf\xbd";
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char esc[7];
          std::snprintf(esc, sizeof esc, "\\u%04x", c);
          out += esc;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

TEST(JsonOut, EscapingMatchesTheByteByByteReference) {
  std::mt19937 random(4475);
  const std::string alphabet[] = {"a", "Z", "0", " ", "\r\n", "\"", "\\", "\t", "\x01", "\x1f", "\x7f", "\xc3\xa9",
                                  "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xe2\x82", "\x80", "\xff", "\xed\xa0\x80",
                                  "\xc0\xaf", "\xf4\x90\x80\x80", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int pieces = static_cast<int>(random() % 24);
    for (int k = 0; k < pieces; ++k) s += alphabet[random() % std::size(alphabet)];
    const std::string want = referenceJsonString(s);
    std::string intoString = "prefix:";
    sip::detail::appendJsonString(intoString, s);
    EXPECT_EQ(intoString, "prefix:" + want);
    sip::detail::JsonOut intoOut;
    intoOut += "[";
    sip::detail::appendJsonString(intoOut, s);
    EXPECT_EQ(intoOut.str(), "[" + want);
  }
}

}  // namespace
