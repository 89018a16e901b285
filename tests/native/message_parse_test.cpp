// parseMessage / serialize / message JSON (RFC 3261 §7, §18.3, §20; bindings/README.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "sip/message.h"
#include "sip/message_json.h"
#include "sip/text.h"

namespace {

std::string join(const std::vector<std::string>& lines, const std::string& body = "") {
  std::string out;
  for (const std::string& l : lines) out += l + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::vector<std::string> inviteLines() {
  return {
      "INVITE sip:bob@biloxi.com SIP/2.0",
      "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport",
      "Max-Forwards: 70",
      "To: Bob <sip:bob@biloxi.com>",
      "From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.atlanta.com",
      "CSeq: 314159 INVITE",
      "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;expires=600",
  };
}

sip::Message mustParse(const std::string& text) {
  sip::ParseResult r = sip::parseMessage(text);
  EXPECT_TRUE(r.message.has_value()) << r.error << "\n" << text;
  EXPECT_TRUE(r.error.empty());
  if (!r.message) return {};
  return *r.message;
}

std::string errorOf(const std::string& text) {
  sip::ParseResult r = sip::parseMessage(text);
  EXPECT_FALSE(r.message.has_value()) << text;
  return r.error;
}

std::vector<std::string> with(std::vector<std::string> lines, const std::string& extra) {
  lines.push_back(extra);
  return lines;
}

std::vector<std::string> without(std::vector<std::string> lines, const std::string& prefix) {
  std::erase_if(lines, [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
  return lines;
}

}  // namespace

TEST(MessageParse, RequestAndAccessors) {
  sip::Message m = mustParse(join(with(inviteLines(), "Content-Length: 0")));
  EXPECT_TRUE(m.isRequest);
  EXPECT_EQ(m.method, "INVITE");
  EXPECT_EQ(m.ruri.user, "bob");
  EXPECT_EQ(m.from()->displayName, "Alice");
  EXPECT_EQ(m.fromTag(), "1928301774");
  EXPECT_FALSE(m.toTag());
  EXPECT_EQ(m.callId(), "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(m.cseq()->number, 314159u);
  EXPECT_EQ(m.cseq()->method, "INVITE");
  EXPECT_EQ(m.maxForwards(), 70u);
  EXPECT_EQ(m.branch(), "z9hG4bK776asdhds");
  EXPECT_TRUE(m.topVia()->hasRport());
  EXPECT_EQ(m.contact()->contacts.at(0).paramValue("expires"), "600");
  EXPECT_EQ(m.contentLength(), 0u);
  EXPECT_EQ(m.body, "");
  EXPECT_FALSE(sip::checkRequestSemantics(m));
}

TEST(MessageParse, Response) {
  sip::Message m = mustParse(join({"SIP/2.0 180 Ringing", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:b@h>;tag=2",
                                   "From: <sip:a@h>;tag=1", "Call-ID: x", "CSeq: 1 INVITE", "Content-Length: 0"}));
  EXPECT_FALSE(m.isRequest);
  EXPECT_EQ(m.statusCode, 180);
  EXPECT_EQ(m.reasonPhrase, "Ringing");
  EXPECT_EQ(m.method, "INVITE");  // from CSeq, as sip.js
  EXPECT_EQ(m.toTag(), "2");
  EXPECT_TRUE(mustParse(join({"SIP/2.0 200 ", "Via: SIP/2.0/UDP h", "To: <sip:b@h>", "From: <sip:a@h>", "Call-ID: x",
                              "CSeq: 1 BYE"}))
                  .reasonPhrase.empty());
}

TEST(MessageParse, StartLineErrors) {
  const std::vector<std::string> all = inviteLines();
  const std::vector<std::string> base(all.begin() + 1, all.end());
  auto req = [&](const std::string& first) {
    std::vector<std::string> lines{first};
    lines.insert(lines.end(), base.begin(), base.end());
    return join(lines);
  };
  EXPECT_NE(errorOf(req("INVITE sip:bob@biloxi.com SIP/3.0")).find("version"), std::string::npos);
  EXPECT_FALSE(errorOf(req("INVITE  sip:bob@biloxi.com SIP/2.0")).empty());
  EXPECT_FALSE(errorOf(req("INVITE sip:bob@biloxi.com")).empty());
  EXPECT_FALSE(errorOf(req("INVITE <sip:bob@biloxi.com> SIP/2.0")).empty());
  EXPECT_FALSE(errorOf(req("SIP/2.0 99 Low")).empty());
  EXPECT_FALSE(errorOf(req("SIP/2.0 700 High")).empty());
  EXPECT_FALSE(errorOf(req("SIP/2.0 2000 OK")).empty());
  EXPECT_FALSE(errorOf(req("SIP/2.0 200")).empty());
  EXPECT_FALSE(errorOf("no CRLF at all").empty());
  EXPECT_FALSE(errorOf("").empty());
  // Extension methods and non-SIP Request-URIs are fine.
  std::vector<std::string> lines = inviteLines();
  lines[0] = "FOO tel:+1-201-555-0123 SIP/2.0";
  lines[6] = "CSeq: 1 FOO";
  sip::Message m = mustParse(join(lines));
  EXPECT_EQ(m.method, "FOO");
  EXPECT_TRUE(m.ruri.isTel());
}

TEST(MessageParse, LeadingCrlfsAreSkipped) {
  EXPECT_EQ(mustParse("\r\n\r\n" + join(inviteLines())).method, "INVITE");
}

TEST(MessageParse, CompactFormsAndCaseInsensitiveNames) {
  sip::Message m = mustParse(join({
      "MESSAGE sip:bob@biloxi.com SIP/2.0",
      "v: SIP/2.0/UDP h;branch=z9hG4bK1",
      "t: <sip:bob@biloxi.com>",
      "f: <sip:alice@atlanta.com>;tag=1",
      "i: abc",
      "cseq: 1 MESSAGE",
      "m: <sip:alice@h>",
      "c: text/plain",
      "l: 2",
      "k: timer",
      "e: gzip",
      "s: hi",
      "o: presence",
      "u: presence",
      "r: <sip:carol@h>",
      "b: <sip:alice@atlanta.com>",
      "x: 1800;refresher=uac",
      "y: abc",
      "MAX-FORWARDS: 70",
      "www-authenticate: Digest realm=\"a\", nonce=\"b\"",
      "x_custom_header: raw value",
  }, "hi"));
  std::vector<std::string> names;
  for (const sip::Header& h : m.headers) names.push_back(h.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Via", "To", "From", "Call-ID", "CSeq", "Contact", "Content-Type",
                                             "Content-Length", "Supported", "Content-Encoding", "Subject", "Event",
                                             "Allow-Events", "Refer-To", "Referred-By", "Session-Expires", "Identity",
                                             "Max-Forwards", "WWW-Authenticate", "X-Custom-Header"}));
  EXPECT_EQ(m.header("v"), m.header("VIA"));
  EXPECT_EQ(m.header("call-id"), "abc");
  EXPECT_EQ(m.body, "hi");
}

TEST(MessageParse, LineFolding) {
  sip::Message m = mustParse(join({
      "OPTIONS sip:bob@biloxi.com SIP/2.0",
      "Via: SIP/2.0/UDP h;branch=z9hG4bK1,\r\n SIP/2.0/TCP g;branch=z9hG4bK2",
      "To: <sip:bob@biloxi.com>",
      "From:\r\n\t<sip:alice@atlanta.com>\r\n ;tag=1",
      "Subject: a\r\n  folded\r\n\tsubject",
      "Call-ID: abc",
      "CSeq: 1 OPTIONS",
  }));
  ASSERT_EQ(m.vias().size(), 2u);
  EXPECT_EQ(m.vias()[1].transport, "TCP");
  EXPECT_EQ(m.fromTag(), "1");
  EXPECT_EQ(m.header("Subject"), "a\r\n  folded\r\n\tsubject");  // the raw value keeps the folding
}

TEST(MessageParse, ListHeadersAreSplitPerValue) {
  sip::Message m = mustParse(join({
      "INVITE sip:bob@biloxi.com SIP/2.0",
      "Via: SIP/2.0/UDP a;branch=z9hG4bK1 , SIP/2.0/UDP b;branch=z9hG4bK2",
      "Via: SIP/2.0/UDP c;branch=z9hG4bK3",
      "Record-Route: <sip:p1;lr>, \"Proxy, Two\" <sip:p2;lr>",
      "Route: <sip:r1;lr>",
      "Route: <sip:r2;lr>,<sip:r3;lr>",
      "Contact: \"Bell, Alexander\" <sip:a@h>;q=0.5, sip:b@h;q=0.1",
      "To: <sip:bob@biloxi.com>",
      "From: <sip:alice@atlanta.com>;tag=1",
      "Call-ID: abc",
      "CSeq: 1 INVITE",
      "Supported: timer, 100rel",
      "Supported: path",
  }));
  EXPECT_EQ(m.headerValues("Via"),
            (std::vector<std::string_view>{"SIP/2.0/UDP a;branch=z9hG4bK1", "SIP/2.0/UDP b;branch=z9hG4bK2",
                                           "SIP/2.0/UDP c;branch=z9hG4bK3"}));
  EXPECT_EQ(m.headerValues("Record-Route"),
            (std::vector<std::string_view>{"<sip:p1;lr>", "\"Proxy, Two\" <sip:p2;lr>"}));
  EXPECT_EQ(m.routes().size(), 3u);
  EXPECT_EQ(m.recordRoutes()[1].displayName, "Proxy, Two");
  EXPECT_EQ(m.headerValues("Contact").size(), 2u);
  EXPECT_EQ(m.contact()->contacts[1].uri.user, "b");
  // Token lists are kept one entry per header line (sip.js reads them whole).
  EXPECT_EQ(m.headerValues("Supported"), (std::vector<std::string_view>{"timer, 100rel", "path"}));
  EXPECT_EQ(m.tokens("supported"), (std::vector<std::string>{"timer", "100rel", "path"}));
}

TEST(MessageParse, ContactStar) {
  std::vector<std::string> lines = inviteLines();
  lines[0] = "REGISTER sip:registrar.biloxi.com SIP/2.0";
  lines[6] = "CSeq: 1 REGISTER";
  lines[7] = "Contact: *";
  sip::Message m = mustParse(join(with(lines, "Expires: 0")));
  EXPECT_TRUE(m.contact()->star);
  EXPECT_EQ(m.expires(), 0u);
}

TEST(MessageParse, BodyByContentLengthInBytes) {
  const std::string body = "h\xc3\xa9llo \xf0\x9f\x91\x8b";  // 11 octets, 7 UTF-16 units
  sip::Message m = mustParse(join(with(inviteLines(), "Content-Length: 11"), body + "TRAILING"));
  EXPECT_EQ(m.body, body);  // bytes past Content-Length are discarded (RFC 3261 §18.3)
  EXPECT_NE(errorOf(join(with(inviteLines(), "Content-Length: 12"), body)).find("Content-Length"), std::string::npos);
  // No Content-Length: the rest of the data is the body (message-oriented transports).
  EXPECT_EQ(mustParse(join(inviteLines(), body)).body, body);
  EXPECT_FALSE(errorOf(join(with(inviteLines(), "Content-Length: -1"))).empty());
  EXPECT_FALSE(errorOf(join(with(with(inviteLines(), "Content-Length: 0"), "l: 0"))).empty());
}

TEST(MessageParse, MandatoryHeaders) {
  for (const char* name : {"To", "From", "Call-ID", "CSeq", "Via"}) {
    std::string e = errorOf(join(without(inviteLines(), std::string(name) + ":")));
    EXPECT_NE(e.find(name), std::string::npos) << e;
  }
  // Max-Forwards is not required on receipt (as sip.js).
  EXPECT_TRUE(sip::parseMessage(join(without(inviteLines(), "Max-Forwards:"))).message);
  EXPECT_NE(errorOf(join(with(inviteLines(), "From: <sip:x@h>;tag=9"))).find("duplicate From"), std::string::npos);
  EXPECT_NE(errorOf(join(with(inviteLines(), "t: <sip:x@h>"))).find("duplicate To"), std::string::npos);
}

TEST(MessageParse, InvalidKnownHeadersNameTheHeader) {
  auto bad = [](const std::string& line) {
    std::vector<std::string> lines = inviteLines();
    std::string name = line.substr(0, line.find(':'));
    lines = without(lines, name + ":");
    lines.push_back(line);
    return errorOf(join(lines));
  };
  EXPECT_NE(bad("Via: SIP/2.0 h").find("invalid Via header"), std::string::npos);
  EXPECT_NE(bad("CSeq: one INVITE").find("invalid CSeq header"), std::string::npos);
  EXPECT_NE(bad("From: Bell, Alexander <sip:a@h>").find("invalid From header"), std::string::npos);
  EXPECT_NE(bad("To: \"unterminated <sip:b@h>").find("invalid To header"), std::string::npos);
  EXPECT_NE(bad("Contact: <sip:a@h").find("invalid Contact header"), std::string::npos);
  EXPECT_NE(bad("Max-Forwards: seventy").find("invalid Max-Forwards header"), std::string::npos);
  EXPECT_NE(bad("Content-Type: text").find("invalid Content-Type header"), std::string::npos);
  EXPECT_NE(bad("Expires: soon").find("invalid Expires header"), std::string::npos);
  EXPECT_NE(bad("Event: a..b").find("invalid Event header"), std::string::npos);
  EXPECT_NE(bad("RSeq: x").find("invalid RSeq header"), std::string::npos);
  EXPECT_NE(bad("RAck: 1 2").find("invalid RAck header"), std::string::npos);
  EXPECT_NE(bad("Session-Expires: x").find("invalid Session-Expires header"), std::string::npos);
  EXPECT_NE(bad("WWW-Authenticate: Digest").find("invalid WWW-Authenticate header"), std::string::npos);
  EXPECT_NE(bad("Require: a b").find("invalid Require header"), std::string::npos);
  EXPECT_NE(bad("Route: sip:r1").find("invalid Route header"), std::string::npos);  // Route needs <>
  EXPECT_NE(bad("Replaces: a@b;to-tag=1").find("invalid Replaces header"), std::string::npos);
  // Extension headers must have token names; unknown headers are kept raw, not validated.
  EXPECT_FALSE(errorOf(join(with(inviteLines(), "Bad Name: x"))).empty());
  EXPECT_FALSE(errorOf(join(with(inviteLines(), "NoColon"))).empty());
  sip::Message m = mustParse(join(with(inviteLines(), "X-Anything: <<<\"unbalanced")));
  EXPECT_EQ(m.header("x-anything"), "<<<\"unbalanced");
  // Missing empty line after the headers.
  std::string text = join(inviteLines());
  EXPECT_FALSE(errorOf(text.substr(0, text.size() - 2)).empty());
}

TEST(MessageParse, CSeqMethodMismatchParsesButIsFlagged) {
  std::vector<std::string> lines = inviteLines();
  lines[6] = "CSeq: 8 OPTIONS";
  sip::Message m = mustParse(join(lines));
  auto why = sip::checkRequestSemantics(m);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("CSeq"), std::string::npos);
}

TEST(MessageParse, EditingHeaders) {
  sip::Message m = mustParse(join(inviteLines()));
  m.addHeader("x-foo", "1");
  m.addHeader("X-Foo", "2");
  EXPECT_EQ(m.headerValues("X-FOO").size(), 2u);
  m.setHeader("x-foo", "3");
  EXPECT_EQ(m.headerValues("X-Foo"), (std::vector<std::string_view>{"3"}));
  m.setHeader("l", "0");
  EXPECT_EQ(m.header("Content-Length"), "0");
  EXPECT_EQ(m.removeHeader("X-Foo"), 1u);
  EXPECT_FALSE(m.hasHeader("X-Foo"));
}

TEST(MessageParse, SerializeRoundTrips) {
  const std::string text = join({
      "INVITE sip:bob@biloxi.com;transport=ws SIP/2.0",
      "v: SIP/2.0/WSS a.invalid;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2;received=192.0.2.1",
      "Max-Forwards: 70",
      "To: Bob <sip:bob@biloxi.com>",
      "From: \"A \\\"q\\\" \xc3\xa9\" <sip:alice@atlanta.com>;tag=1",
      "Call-ID: a84b4c76e66710@pc33.atlanta.com",
      "CSeq: 314159 INVITE",
      "Contact: <sip:alice@a.invalid;transport=ws>;+sip.instance=\"<urn:uuid:1>\", sip:x@y",
      "Content-Type: application/sdp",
      "Content-Length: 5",
  }, "v=0\r\n");
  sip::Message m = mustParse(text);
  const std::string wire = sip::serialize(m);
  EXPECT_EQ(wire.substr(0, wire.find("\r\n")), "INVITE sip:bob@biloxi.com;transport=ws SIP/2.0");
  EXPECT_NE(wire.find("\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP b;"), std::string::npos);
  sip::Message again = mustParse(wire);
  ASSERT_EQ(again.headers.size(), m.headers.size());
  for (size_t i = 0; i < m.headers.size(); ++i) {
    EXPECT_EQ(again.headers[i].name, m.headers[i].name);
    EXPECT_EQ(again.headers[i].value, m.headers[i].value);
  }
  EXPECT_EQ(again.body, m.body);
  EXPECT_EQ(sip::serialize(again), wire);
  sip::Message r = mustParse(join({"SIP/2.0 486 Busy Here", "Via: SIP/2.0/UDP h", "To: <sip:b@h>;tag=2",
                                   "From: <sip:a@h>;tag=1", "Call-ID: x", "CSeq: 1 INVITE"}));
  EXPECT_EQ(sip::serialize(r).substr(0, 23), "SIP/2.0 486 Busy Here\r\n");
}

TEST(MessageJson, ShapeOfARequest) {
  auto j = nlohmann::json::parse(sip::parseMessageToJson(join(with(inviteLines(), "X-Custom: raw;stuff"), "")));
  EXPECT_EQ(j["type"], "request");
  EXPECT_EQ(j["method"], "INVITE");
  EXPECT_EQ(j["ruri"]["$uri"]["user"], "bob");
  const auto& headers = j["headers"];
  ASSERT_EQ(headers.size(), 8u);
  EXPECT_EQ(headers[0][0], "Via");
  EXPECT_EQ(headers[0][1], "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport");
  EXPECT_EQ(headers[0][2]["branch"], "z9hG4bK776asdhds");
  EXPECT_EQ(headers[0][2]["params"]["rport"], nullptr);
  EXPECT_EQ(headers[1][2], 70);
  EXPECT_EQ(headers[3][2]["$nameAddr"]["parameters"]["tag"], "1928301774");
  EXPECT_EQ(headers[4][2], "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(headers[5][2]["value"], 314159);
  EXPECT_EQ(headers[6][2][0]["parsed"]["$nameAddr"]["parameters"]["expires"], "600");
  EXPECT_EQ(headers[7][0], "X-Custom");
  EXPECT_EQ(headers[7][1], "raw;stuff");
  EXPECT_EQ(headers[7][2], nullptr);
  EXPECT_EQ(j["body"], "");
}

TEST(MessageJson, ShapeOfAResponseAndErrors) {
  auto j = nlohmann::json::parse(sip::parseMessageToJson(join(
      {"SIP/2.0 401 Unauthorized", "Via: SIP/2.0/UDP h", "To: <sip:b@h>;tag=2", "From: <sip:a@h>;tag=1",
       "Call-ID: x", "CSeq: 1 REGISTER", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\""})));
  EXPECT_EQ(j["type"], "response");
  EXPECT_EQ(j["statusCode"], 401);
  EXPECT_EQ(j["reasonPhrase"], "Unauthorized");
  EXPECT_EQ(j["headers"][5][2]["realm"], "r");
  EXPECT_EQ(j["headers"][5][2]["qop"][0], "auth");
  auto e = nlohmann::json::parse(sip::parseMessageToJson("garbage"));
  EXPECT_TRUE(e["error"].is_string());
  EXPECT_EQ(e.size(), 1u);
}

TEST(MessageJson, NonSipUrisStillGetAValue) {
  std::vector<std::string> lines = inviteLines();
  lines[4] = "From: <tel:+14085551212>;tag=1";
  auto j = nlohmann::json::parse(sip::parseMessageToJson(join(lines)));
  EXPECT_EQ(j["headers"][3][2]["$nameAddr"]["uri"]["$uri"]["scheme"], "tel");
  EXPECT_EQ(j["headers"][3][2]["$nameAddr"]["uri"]["$uri"]["user"], "+14085551212");
  EXPECT_EQ(j["headers"][3][2]["$nameAddr"]["uri"]["$uri"]["raw"], "tel:+14085551212");
}

TEST(MessageJson, InvalidUtf8IsReplacedNotPassedThrough) {
  std::string out = sip::parseMessageToJson(join(inviteLines(), "\xff\xfe body"));
  ASSERT_TRUE(nlohmann::json::accept(out)) << out;
  EXPECT_EQ(nlohmann::json::parse(out)["body"], "\xef\xbf\xbd\xef\xbf\xbd body");
}

TEST(MessageParse, NeverThrowsOnGarbage) {
  std::mt19937 rng(12345);
  const std::string seed = join(with(inviteLines(), "Content-Length: 4"), "body");
  for (int i = 0; i < 3000; ++i) {
    std::string s = seed;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < edits; ++k) {
      size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0: s[at] = static_cast<char>(rng() % 256); break;
        case 1: s.erase(at, 1 + rng() % 4); break;
        default: s.insert(at, 1, "\r\n ;,:<>\"\\@[]%"[rng() % 15]); break;
      }
      if (s.empty()) s = "x";
    }
    sip::ParseResult r;
    EXPECT_NO_THROW(r = sip::parseMessage(s));
    EXPECT_TRUE(r.message.has_value() != !r.error.empty());
    if (r.message) {
      sip::ParseResult again = sip::parseMessage(sip::serialize(*r.message));
      EXPECT_TRUE(again.message) << again.error;
    }
    EXPECT_NO_THROW(sip::parseMessageToJson(s));
  }
}

// fromTag()/toTag() read the usual `<URI>;params` shape without a full name-addr parse; whatever the
// shape, their answer must be parseNameAddr's.
TEST(MessageParse, TagAccessorsAgreeWithTheFullNameAddrParse) {
  const std::vector<std::string> values = {
      "<sip:bob@example.com>;tag=abc",
      "\"Bob\" <sip:bob@example.com>;tag=abc",
      "\"B<o>b;tag=no\" <sip:bob@example.com> ; TAG = Xy.z-1",
      "\"Quote \\\" inside\" <sip:bob@example.com>;tag=q",
      "Bob <sip:bob@example.com;transport=ws;tag=uriparam>",
      "Bob <sip:bob@example.com;transport=ws;tag=uriparam>;tag=header",
      "<sip:bob@example.com>;tag=first;tag=second",
      "<sip:bob@example.com>;tag",
      "<sip:bob@example.com>;tag=a;tag",
      "<sip:bob@example.com>;x=\"quoted;tag=no\";tag=yes",
      "<sip:bob@example.com>;maddr=[2001:db8::1];tag=v6",
      "<sip:bob@example.com>\r\n ;tag=folded",
      "<sip:bob@example.com>",
      "sip:bob@example.com;tag=addrspec",
      "sip:bob@example.com",
      "<sip:bob@example.com>;tag=",
      "\"unterminated <sip:bob@example.com>;tag=x",
  };
  for (const auto& value : values) {
    sip::Message m;
    m.addHeader("To", value);
    m.addHeader("f", value);
    auto full = sip::parseNameAddr(value);
    const std::optional<std::string> expected = full ? full->tag() : std::nullopt;
    EXPECT_EQ(m.toTag(), expected) << value;
    EXPECT_EQ(m.fromTag(), expected) << value;
  }
}

TEST(MessageParse, HeaderLookupAcceptsCompactUnderscoreAndAnyCaseNames) {
  sip::Message m;
  m.addHeader("Call-ID", "abc");
  m.addHeader("Content-Type", "application/sdp");
  EXPECT_EQ(m.header("call_id").value_or(""), "abc");
  EXPECT_EQ(m.header("CALL-id").value_or(""), "abc");
  EXPECT_EQ(m.header("i").value_or(""), "abc");
  EXPECT_EQ(m.header("C").value_or(""), "application/sdp");
  EXPECT_FALSE(m.header("Call-IDx").has_value());
  EXPECT_FALSE(m.header("f").has_value());
}

// branch() reads the top Via's parameters without a full Via parse; its answer must be the parse's.
TEST(MessageParse, BranchAccessorAgreesWithTheFullViaParse) {
  const std::vector<std::string> values = {
      "SIP/2.0/WSS host.invalid;branch=z9hG4bK776asdhds",
      "SIP/2.0/UDP 192.0.2.1:5060;rport;BRANCH=z9hG4bKabc;received=192.0.2.9",
      "SIP/2.0/TCP [2001:db8::1]:5061;received=[2001:db8::2];branch=z9hG4bKv6",
      "SIP/2.0/UDP host ; branch = z9hG4bKspaced ; ttl=3",
      "SIP/2.0/UDP host;branch=first;branch=second",
      "SIP/2.0/UDP host;x=\"quoted;branch=no\";branch=yes",
      "SIP/2.0/UDP host;branch",
      "SIP/2.0/UDP host",
      "SIP/2.0/UDP host;branch=a, SIP/2.0/UDP other;branch=b",
      "SIP/2.0/UDP host (comment);branch=c",
      "SIP/2.0/UDP host;branch=",
  };
  for (const auto& value : values) {
    sip::Message m;
    m.addHeader("Via", value);
    auto list = sip::parseViaList(value);
    const std::optional<std::string> expected = list && !list->empty() ? list->front().branch() : std::nullopt;
    EXPECT_EQ(m.branch(), expected) << value;
    EXPECT_EQ(m.branchView(), expected) << value;
  }
}

// viaSentBy reads only the sent-by; on a Via the full parse accepts, it gives the full parse's host
// (lowercased) and port.
TEST(MessageParse, ViaSentByAgreesWithTheFullViaParse) {
  const std::vector<std::string> values = {
      "SIP/2.0/WSS Host.Invalid;branch=z9hG4bK776asdhds",
      "SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bKabc",
      "SIP/2.0/TCP [2001:DB8::1]:05061;branch=z9hG4bKv6",
      "SIP / 2.0 / UDP host : 5062 ; branch = z9hG4bKspaced",
      "SIP/2.0/UDP host",
      "SIP/2.0/UDP host;branch=a, SIP/2.0/UDP other:7;branch=b",
  };
  for (const auto& value : values) {
    auto list = sip::parseViaList(value);
    ASSERT_TRUE(list && !list->empty()) << value;
    const sip::Via& via = list->front();
    std::string expected = sip::toLower(via.host);
    if (via.port) expected += ":" + std::to_string(*via.port);
    EXPECT_EQ(sip::viaSentBy(value), expected) << value;
  }
  for (const std::string bad : {"", "SIP/2.0 host", "SIP/2.0/UDP", "SIP/2.0/UDP ;branch=x", "SIP/2.0/UDPhost"}) {
    EXPECT_FALSE(sip::viaSentBy(bad).has_value()) << bad;
    EXPECT_FALSE(sip::parseViaList(bad).has_value()) << bad;
  }
}

// fromTagView(), toTagView() and callIdView() give what the owning accessors give, on the shapes the
// tag scanner reads itself and on those it hands to the full name-addr parse.
TEST(MessageParse, ViewAccessorsAgreeWithTheOwningOnes) {
  const std::vector<std::string> nameAddrs = {
      "<sip:alice@example.com>;tag=1928301774",
      "\"Bob <b>\" <sip:bob@example.com;transport=ws>;TAG=abc;tag=last",
      "sip:carol@example.com;tag=bare-addr-spec",
      "<sip:dave@example.com>",
      "<sip:erin@example.com>;tag",
      "\"unclosed <sip:frank@example.com>;tag=x",
  };
  for (const auto& value : nameAddrs) {
    sip::Message m;
    m.addHeader("From", value);
    m.addHeader("To", value);
    EXPECT_EQ(m.fromTagView(), m.fromTag()) << value;
    EXPECT_EQ(m.toTagView(), m.toTag()) << value;
  }
  for (const std::string value : {"a84b4c76e66710@pc33.atlanta.com", "  spaced@host  ", "bad@", ""}) {
    sip::Message m;
    m.addHeader("Call-ID", value);
    EXPECT_EQ(m.callIdView(), m.callId()) << value;
  }
  sip::Message empty;
  EXPECT_FALSE(empty.fromTagView() || empty.toTagView() || empty.callIdView() || empty.branchView());
}
