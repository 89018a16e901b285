// parseRuleToJson against sip.js 0.21.2's Grammar.parse: every row of
// grammar_json_sipjs_cases.inc was produced by running sip.js on the input; the JSON must be equal
// (as JSON: key order aside). grammar_json_deviation_cases.inc lists where we differ on purpose.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sip/grammar_json.h"

namespace {

struct Case {
  const char* rule;
  const char* input;
  const char* expected;
};

struct Deviation {
  const char* rule;
  const char* input;
  const char* ours;
  const char* sipjs;
};

const Case kSipJsCases[] = {
#include "grammar_json_sipjs_cases.inc"
};

const Deviation kDeviations[] = {
#include "grammar_json_deviation_cases.inc"
};

nlohmann::json parsed(std::string_view text) { return nlohmann::json::parse(text); }

void expectJsonEq(std::string_view actual, std::string_view expected, const std::string& what) {
  if (expected == "-1" || actual == "-1") {
    EXPECT_EQ(actual, expected) << what;
    return;
  }
  ASSERT_TRUE(nlohmann::json::accept(actual)) << what << " -> " << actual;
  EXPECT_EQ(parsed(actual), parsed(expected)) << what << "\n  got:      " << actual << "\n  expected: " << expected;
}

std::string rule(const char* r, const char* in) { return sip::parseRuleToJson(in, r); }

}  // namespace

TEST(GrammarJson, MatchesSipJsOnItsOwnOutputs) {
  for (const Case& c : kSipJsCases) {
    expectJsonEq(sip::parseRuleToJson(c.input, c.rule), c.expected,
                 std::string(c.rule) + " <- " + nlohmann::json(c.input).dump(-1, ' ', false,
                                                                           nlohmann::json::error_handler_t::replace));
  }
}

TEST(GrammarJson, DeliberateDeviationsFromSipJs) {
  for (const Deviation& d : kDeviations) {
    expectJsonEq(sip::parseRuleToJson(d.input, d.rule), d.ours, std::string(d.rule) + " <- " + d.input);
    EXPECT_NE(std::string(d.ours), std::string(d.sipjs));
  }
}

// The acceptance specs of sip.js (test/spec/core/grammar.spec.ts), property by property.
TEST(GrammarJson, SipJsSpecContacts) {
  auto j = parsed(rule("Contact",
                       "\"I\xc3\xb1" "aki @\xc5\x82\xe2\x82\xac\" <SIP:+1234@ALIAX.net;Transport=WS>;+sip.Instance=\"abCD\", "
                       "sip:bob@biloxi.COM;headerParam, <sips:DOMAIN.com:5>"));
  ASSERT_EQ(j.size(), 3u);
  const auto& c1 = j[0]["parsed"]["$nameAddr"];
  EXPECT_EQ(c1["displayName"], "I\xc3\xb1" "aki @\xc5\x82\xe2\x82\xac");
  EXPECT_EQ(c1["parameters"]["+sip.instance"], "\"abCD\"");
  EXPECT_EQ(c1["uri"]["$uri"]["scheme"], "SIP");  // as written; the JS URI lowercases its normal form
  EXPECT_EQ(c1["uri"]["$uri"]["user"], "+1234");
  EXPECT_EQ(c1["uri"]["$uri"]["parameters"]["transport"], "ws");
  const auto& c2 = j[1]["parsed"]["$nameAddr"];
  EXPECT_TRUE(c2["displayName"].is_null());
  EXPECT_TRUE(c2["parameters"].contains("headerparam"));
  EXPECT_TRUE(c2["uri"]["$uri"]["parameters"].empty());
  const auto& c3 = j[2]["parsed"]["$nameAddr"];
  EXPECT_EQ(c3["uri"]["$uri"]["port"], 5);
  EXPECT_EQ(c3["uri"]["$uri"]["scheme"], "sips");
}

TEST(GrammarJson, ContactPositionsCountUtf16Units) {
  // "😀" is 4 UTF-8 bytes but 2 UTF-16 code units; "é" 2 bytes, 1 unit.
  auto j = parsed(rule("Contact", "\"\xf0\x9f\x98\x80\xc3\xa9\" <sip:a@h>, <sip:b@h>"));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["offset"], 0);
  EXPECT_EQ(j[0]["position"], 15);  // "\"😀é\" <sip:a@h>" = 1+2+1+1+1+9
  EXPECT_EQ(j[1]["offset"], 17);
  EXPECT_EQ(j[1]["position"], 26);
}

TEST(GrammarJson, SipJsSpecVia) {
  auto v = parsed(rule("Via", "SIP /  3.0 \r\n / UDP [1:ab::FF]:6060 ;\r\n  BRanch=1234;Param1=Foo;paRAM2;param3=Bar"));
  EXPECT_EQ(v["protocol"], "SIP");
  EXPECT_EQ(v["transport"], "UDP");
  EXPECT_EQ(v["host"], "[1:ab::FF]");
  EXPECT_EQ(v["host_type"], "IPv6");
  EXPECT_EQ(v["port"], 6060);
  EXPECT_EQ(v["branch"], "1234");
  EXPECT_EQ(v["params"], parsed(R"({"param1":"Foo","param2":null,"param3":"Bar"})"));
}

TEST(GrammarJson, SipJsSpecChallengeEventUuidReplaces) {
  auto c = parsed(rule("challenge",
                       "Digest realm =  \"[1:ABCD::abc]\", nonce =  \"31d0a89ed7781ce6877de5cb032bf114\", "
                       "qop=\"AUTH,autH-INt\", algorithm =  md5  ,  stale =  TRUE , opaque = \"00000188\""));
  EXPECT_EQ(c["realm"], "[1:ABCD::abc]");
  EXPECT_EQ(c["qop"], parsed(R"(["auth","auth-int"])"));
  EXPECT_EQ(c["algorithm"], "MD5");
  EXPECT_EQ(c["stale"], true);
  EXPECT_EQ(c["opaque"], "00000188");

  auto e = parsed(rule("Event", "Presence.winfo;Param1=QWe;paraM2"));
  EXPECT_EQ(e["event"], "presence.winfo");
  EXPECT_EQ(e["params"], parsed(R"({"param1":"QWe","param2":null})"));

  EXPECT_EQ(rule("uuid", "f6e15cd0-17ed-11e4-8c21-0800200c9a66"), "\"f6e15cd0-17ed-11e4-8c21-0800200c9a66\"");
  EXPECT_EQ(rule("uuid", "XXX bad UUID XXX"), "-1");

  EXPECT_EQ(rule("Replaces", "12adf2f34456gs5;baz;to-tag=12345;from-tag=54321;"), "-1");
  auto r = parsed(rule("Replaces", "98732@sip.example.com\r\n          ;from-tag=r33th4x0r\r\n          ;to-tag=ff87ff"));
  EXPECT_EQ(r["call_id"], "98732@sip.example.com");
  EXPECT_EQ(r["replaces_from_tag"], "r33th4x0r");
  EXPECT_EQ(r["replaces_to_tag"], "ff87ff");
  EXPECT_FALSE(r.contains("early_only"));
}

TEST(GrammarJson, RulesThisProjectAdds) {
  EXPECT_EQ(parsed(rule("Route", "<sip:p1;lr>, <sip:p2;lr>"))[1]["parsed"]["$nameAddr"]["uri"]["$uri"]["host"], "p2");
  EXPECT_EQ(parsed(rule("Allow", "INVITE, ACK,BYE")), parsed(R"(["INVITE","ACK","BYE"])"));
  EXPECT_EQ(rule("Unsupported", ""), "-1");
  EXPECT_EQ(parsed(rule("Expires", "3600")), 3600);
  EXPECT_EQ(parsed(rule("RSeq", "988789")), 988789);
  EXPECT_EQ(parsed(rule("RAck", "776656 1 INVITE")), parsed(R"({"rseq":776656,"cseq":1,"method":"INVITE"})"));
  auto reason = parsed(rule("Reason", "SIP ;cause=200 ;text=\"Call completed elsewhere\", Q.850;cause=16"));
  ASSERT_EQ(reason.size(), 2u);
  EXPECT_EQ(reason[0]["protocol"], "SIP");
  EXPECT_EQ(reason[0]["cause"], 200);
  EXPECT_EQ(reason[0]["text"], "Call completed elsewhere");
  EXPECT_EQ(reason[1]["cause"], 16);
  auto auth = parsed(rule("Authorization",
                          "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\", uri=\"sip:bob@biloxi.com\", "
                          "qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae4\", opaque=\"5ccc\""));
  EXPECT_EQ(auth["scheme"], "Digest");
  EXPECT_EQ(auth["username"], "bob");
  EXPECT_EQ(auth["nc"], "00000001");
  auto pai = parsed(rule("P_Asserted_Identity", "\"Cullen\" <sip:fluffy@cisco.com>, tel:+14085264000"));
  ASSERT_EQ(pai.size(), 2u);
  EXPECT_EQ(pai[1]["$nameAddr"]["uri"]["$uri"]["scheme"], "tel");
  EXPECT_EQ(pai[1]["$nameAddr"]["uri"]["$uri"]["user"], "+14085264000");
  EXPECT_EQ(parsed(rule("Allow_Events", "presence, dialog,refer")), parsed(R"(["presence","dialog","refer"])"));
  EXPECT_EQ(parsed(rule("Content_Encoding", "gzip")), parsed(R"(["gzip"])"));
  EXPECT_EQ(parsed(rule("Date", "Sat, 13 Nov 2010 23:29:00 GMT")), "Sat, 13 Nov 2010 23:29:00 GMT");
  EXPECT_EQ(rule("Date", "Sat, 13 Nov 2010 23:29:00"), "-1");
  EXPECT_EQ(parsed(rule("Timestamp", "54.2 0.5")), parsed(R"({"value":"54.2","delay":"0.5"})"));
  auto accept = parsed(rule("Accept", "application/sdp;level=1, */*;q=0.5"));
  EXPECT_EQ(accept[1]["type"], "*");
  EXPECT_EQ(accept[1]["parameters"]["q"], "0.5");
  EXPECT_EQ(parsed(rule("Proxy_Require", "sec-agree")), parsed(R"(["sec-agree"])"));
  EXPECT_EQ(parsed(rule("Remote_Party_ID", "\"A\" <sip:a@h>;party=calling;screen=yes"))[0]["$nameAddr"]["parameters"]["party"],
            "calling");
}

TEST(GrammarJson, UnknownRulesAndBadInputGiveMinusOne) {
  EXPECT_EQ(rule("NoSuchRule", "x"), "-1");
  EXPECT_EQ(rule("", "x"), "-1");
  EXPECT_EQ(rule("via", "SIP/2.0/UDP h"), "-1");  // rule names are case-sensitive, as in sip.js
  EXPECT_EQ(rule("SIP_URI", std::string("sip:a@h\0x", 9).c_str()), "{\"$uri\":{\"scheme\":\"sip\",\"user\":\"a\",\"password\":null,\"host\":\"h\",\"port\":null,\"parameters\":{},\"headers\":{}}}");
  EXPECT_EQ(sip::parseRuleToJson(std::string_view("sip:a@h\0x", 9), "SIP_URI"), "-1");
}

TEST(GrammarJson, HugeNumbersStayJson) {
  // parseInt semantics: exact to 15 digits, then the nearest double, and past the double range
  // null (JSON has no Infinity).
  EXPECT_EQ(rule("Content_Length", "000123"), "123");
  EXPECT_EQ(parsed(rule("Max_Forwards", "12345678901234567890")), 12345678901234567890.0);
  const std::string huge(400, '9');
  const std::string out = rule("Session_Expires", huge.c_str());
  ASSERT_TRUE(nlohmann::json::accept(out)) << out;
  EXPECT_TRUE(parsed(out)["deltaSeconds"].is_null());
}

TEST(GrammarJson, InvalidUtf8NeverBreaksTheJson) {
  std::string out = sip::parseRuleToJson("\"\xc3\xa9\xff\" <sip:a@h>", "From");
  // 0xFF is no UTF8-NONASCII: the quoted display name is invalid, so the rule fails.
  EXPECT_EQ(out, "-1");
  out = sip::parseRuleToJson("SIP/2.0 200 \xe2\x82", "Request_Response");
  if (out != "-1") EXPECT_TRUE(nlohmann::json::accept(out)) << out;
}
