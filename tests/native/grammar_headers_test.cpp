// Typed header values (headers.h, name_addr.h): RFC 3261 §25 and the extension RFCs.
#include <gtest/gtest.h>

#include "sip/headers.h"
#include "sip/name_addr.h"

using namespace sip;

TEST(GrammarHeaders, ViaParamsAndForms) {
  auto v = parseVia("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8;received=192.0.2.2;rport=5061;ttl=16;maddr=224.2.0.1;x");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->protocolName, "SIP");
  EXPECT_EQ(v->protocolVersion, "2.0");
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host, "192.0.2.1");
  EXPECT_EQ(v->hostType, HostType::IPv4);
  EXPECT_EQ(v->port, 5060u);
  EXPECT_EQ(v->branch(), "z9hG4bKnashds8");
  EXPECT_EQ(v->received(), "192.0.2.2");
  EXPECT_EQ(v->rport(), 5061u);
  EXPECT_EQ(v->ttl(), 16u);
  EXPECT_EQ(v->maddr(), "224.2.0.1");
  EXPECT_TRUE(hasParam(v->params, "X"));
  EXPECT_EQ(v->toString(), "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8;received=192.0.2.2;rport=5061;ttl=16;maddr=224.2.0.1;x");

  // LWS around the separators, folding, IPv6 sent-by, bare IPv6 received (RFC 3261 allows it).
  auto w = parseVia("SIP / 2.0 / TCP\r\n [2001:db8::9] : 5070 ; received = 2001:db8::1 ; rport");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->host, "[2001:db8::9]");
  EXPECT_EQ(w->hostType, HostType::IPv6);
  EXPECT_EQ(w->port, 5070u);
  EXPECT_EQ(w->received(), "2001:db8::1");
  EXPECT_TRUE(w->hasRport());
  EXPECT_FALSE(w->rport());

  auto list = parseViaList("SIP/2.0/UDP a;branch=1, SIP/2.0/TCP b ,SIP/2.0/WSS c.invalid");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[2].transport, "WSS");

  EXPECT_FALSE(parseVia("SIP/2.0 h"));
  EXPECT_FALSE(parseVia("SIP/2.0/UDP"));
  EXPECT_FALSE(parseVia("SIP/2.0/UDPh"));
  EXPECT_FALSE(parseVia("SIP/2.0/UDP h;branch="));
  EXPECT_FALSE(parseVia("SIP/2.0/UDP h;;"));
  EXPECT_FALSE(parseVia("SIP/2.0/UDP h:70000"));
  EXPECT_FALSE(parseVia("SIP/2.0/UDP h (comment)"));
  EXPECT_FALSE(parseVia("SIP/2.0/UDP a, SIP/2.0/UDP b"));  // one via-parm only; see parseViaList
}

TEST(GrammarHeaders, CSeqRSeqRAck) {
  auto c = parseCSeq("4711 INVITE");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->number, 4711u);
  EXPECT_EQ(c->method, "INVITE");
  EXPECT_EQ(parseCSeq("1\r\n  foo")->method, "foo");  // method case kept
  EXPECT_FALSE(parseCSeq("1INVITE"));
  EXPECT_FALSE(parseCSeq("x INVITE"));
  EXPECT_FALSE(parseCSeq("4294967296 INVITE"));  // must fit 32 bits (RFC 3261 §8.1.1.5)
  EXPECT_EQ(parseCSeq("4294967295 INVITE")->number, 4294967295u);
  EXPECT_EQ(parseRSeq("988789"), 988789u);
  EXPECT_FALSE(parseRSeq("-1"));
  auto r = parseRAck("776656 1 INVITE");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rseq, 776656u);
  EXPECT_EQ(r->cseq, 1u);
  EXPECT_EQ(r->method, "INVITE");
  EXPECT_FALSE(parseRAck("776656 INVITE"));
}

TEST(GrammarHeaders, Numbers) {
  EXPECT_EQ(parseDeltaSeconds("3600"), 3600u);
  EXPECT_EQ(parseDeltaSeconds("99999999999"), 4294967295u);  // RFC 3261 §20.19: treated as 2^32-1
  EXPECT_FALSE(parseDeltaSeconds(""));
  EXPECT_FALSE(parseDeltaSeconds("1 2"));
  EXPECT_EQ(parseContentLength(" 42 "), 42u);
  EXPECT_FALSE(parseContentLength("99999999999"));
  EXPECT_EQ(parseMaxForwards("70"), 70u);
  EXPECT_EQ(parseMinSE("90;x=1"), 90u);
}

TEST(GrammarHeaders, CallId) {
  EXPECT_EQ(parseCallId("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com"), "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com");
  EXPECT_EQ(parseCallId("a/b:c[]{}<>?\"x\""), "a/b:c[]{}<>?\"x\"");  // word characters
  EXPECT_FALSE(parseCallId("a b"));
  EXPECT_FALSE(parseCallId("a@b@c"));
  EXPECT_FALSE(parseCallId("a@"));
  EXPECT_FALSE(parseCallId(""));
}

TEST(GrammarHeaders, TokenLists) {
  EXPECT_EQ(*parseTokenList("timer, 100rel ,path", false), (std::vector<std::string>{"timer", "100rel", "path"}));
  EXPECT_TRUE(parseTokenList("", true)->empty());
  EXPECT_FALSE(parseTokenList("", false));
  EXPECT_FALSE(parseTokenList("a,", true));
  EXPECT_FALSE(parseTokenList("a b", true));
}

TEST(GrammarHeaders, MediaTypes) {
  auto ct = parseContentType("Multipart/Mixed ; boundary=\"unique boundary\";charset=UTF-8");
  ASSERT_TRUE(ct);
  EXPECT_EQ(ct->type, "Multipart");
  EXPECT_EQ(ct->mimeType(), "multipart/mixed");
  EXPECT_EQ(paramValue(ct->params, "boundary"), "\"unique boundary\"");
  EXPECT_FALSE(parseContentType("text"));
  EXPECT_FALSE(parseContentType("text/plain;a"));
  EXPECT_FALSE(parseContentType("text/plain;a="));
  auto accept = parseAccept("application/sdp;level=1, application/*;q=0.5, */*");
  ASSERT_TRUE(accept);
  EXPECT_EQ(accept->size(), 3u);
  EXPECT_TRUE(parseAccept("")->empty());
  auto cd = parseContentDisposition("session;handling=optional");
  ASSERT_TRUE(cd);
  EXPECT_EQ(cd->type, "session");
  EXPECT_EQ(paramValue(cd->params, "handling"), "optional");
}

TEST(GrammarHeaders, Challenges) {
  auto c = parseChallenge(
      "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth, auth-int\", "
      "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=sha-256");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "Digest");
  EXPECT_EQ(c->realm, "atlanta.com");
  EXPECT_EQ(c->domain, "sip:ss1.carrier.com");
  EXPECT_EQ(c->nonce, "f84f1cec41e6cbe5aea9c8e88d359");
  EXPECT_EQ(c->opaque, "");
  EXPECT_EQ(c->stale, false);
  EXPECT_EQ(c->algorithm, "SHA-256");
  EXPECT_EQ(c->qop, (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_EQ(c->param("REALM")->value, "atlanta.com");
  EXPECT_TRUE(c->param("realm")->quoted);
  // Escapes inside quoted values are resolved; MD5-sess is an algorithm like any other.
  auto e = parseChallenge("Digest realm=\"a\\\"b\", nonce=\"n\", algorithm=MD5-sess");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->realm, "a\"b");
  EXPECT_EQ(e->algorithm, "MD5-SESS");
  EXPECT_FALSE(parseChallenge("Digest"));
  EXPECT_FALSE(parseChallenge("Digest realm=\"a\" nonce=\"b\""));
  EXPECT_FALSE(parseChallenge("Digest realm=\"a\","));
  EXPECT_TRUE(parseChallenge("Basic realm=\"x\""));
}

TEST(GrammarHeaders, Credentials) {
  auto c = parseCredentials(
      "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
      "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
      "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", userhash=true");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "bob");
  EXPECT_EQ(c->uri, "sip:bob@biloxi.com");
  EXPECT_EQ(c->qop, "auth");
  EXPECT_EQ(c->nc, "00000001");
  EXPECT_EQ(c->response, "6629fae49393a05397450978507c4ef1");
  EXPECT_TRUE(c->userhash);
  EXPECT_FALSE(parseCredentials("Digest username"));
}

TEST(GrammarHeaders, EventsAndSubscriptionState) {
  auto e = parseEvent("presence.winfo;id=123");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, "presence.winfo");
  EXPECT_EQ(paramValue(e->params, "id"), "123");
  EXPECT_FALSE(parseEvent("a..b"));
  EXPECT_FALSE(parseEvent("presence."));
  auto s = parseSubscriptionState("terminated;reason=timeout;retry-after=30;expires=0");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, "terminated");
  EXPECT_EQ(s->reason, "timeout");
  EXPECT_EQ(s->retryAfter, 30u);
  EXPECT_EQ(s->expires, 0u);
  EXPECT_EQ(parseSubscriptionState("active;retry_after=3")->retryAfter, 3u);  // sip.js's spelling
  EXPECT_FALSE(parseSubscriptionState(""));
}

TEST(GrammarHeaders, Replaces) {
  auto r = parseReplaces("425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->callId, "425928@bobster.example.org");
  EXPECT_EQ(r->toTag, "7743");
  EXPECT_EQ(r->fromTag, "6472");
  EXPECT_TRUE(r->earlyOnly);
  EXPECT_FALSE(parseReplaces("a@b;to-tag=1"));
  EXPECT_FALSE(parseReplaces("a@b;to-tag=1;from-tag=2;early-only=1"));
  EXPECT_FALSE(parseReplaces("a@b;to-tag=1;from-tag=\"2\""));
}

TEST(GrammarHeaders, ReasonSessionTimersRetryAfterWarningTimestampDate) {
  auto reasons = parseReasonList("SIP;cause=580;text=\"Precondition \\\"Failure\\\"\", Q.850 ;cause=16");
  ASSERT_TRUE(reasons);
  ASSERT_EQ(reasons->size(), 2u);
  EXPECT_EQ((*reasons)[0].cause, 580u);
  EXPECT_EQ((*reasons)[0].text, "Precondition \"Failure\"");
  EXPECT_EQ((*reasons)[1].protocol, "Q.850");
  EXPECT_FALSE(parseReasonList("SIP;cause=abc"));

  auto se = parseSessionExpires("4000;refresher=UAS;x");
  ASSERT_TRUE(se);
  EXPECT_EQ(se->deltaSeconds, 4000u);
  EXPECT_EQ(se->refresher, "uas");
  EXPECT_FALSE(parseSessionExpires("4000;refresher=maybe")->refresher);

  auto ra = parseRetryAfter("18000 (on vacation (back soon)) ;duration=3600");
  ASSERT_TRUE(ra);
  EXPECT_EQ(ra->seconds, 18000u);
  EXPECT_EQ(ra->comment, "(on vacation (back soon))");
  EXPECT_EQ(ra->duration, 3600u);
  EXPECT_FALSE(parseRetryAfter("120 (unbalanced"));

  auto w = parseWarningList("307 isi.edu \"Session parameter 'foo' not understood\", 301 [2001:db8::1]:5060 \"x\"");
  ASSERT_TRUE(w);
  ASSERT_EQ(w->size(), 2u);
  EXPECT_EQ((*w)[0].code, 307u);
  EXPECT_EQ((*w)[0].agent, "isi.edu");
  EXPECT_EQ((*w)[1].agent, "[2001:db8::1]:5060");
  EXPECT_FALSE(parseWarningList("30 isi.edu \"x\""));

  auto t = parseTimestamp("54.123 0.5");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value, "54.123");
  EXPECT_EQ(t->delay, "0.5");
  EXPECT_EQ(parseDate("Sat, 13 Nov 2010 23:29:00 GMT"), "Sat, 13 Nov 2010 23:29:00 GMT");
  EXPECT_FALSE(parseDate("Sat, 13 Nov 2010 23:29:00 PST"));
}

TEST(GrammarHeaders, NameAddrDisplayNames) {
  auto q = parseNameAddr("\"Mr. \\\"Watson\\\" \xe2\x82\xac\" <sip:watson@bell-telephone.com>;tag=1");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->displayName, "Mr. \\\"Watson\\\" \xe2\x82\xac");  // sip.js form: escapes kept
  EXPECT_EQ(q->unescapedDisplayName(), "Mr. \"Watson\" \xe2\x82\xac");
  EXPECT_EQ(q->tag(), "1");
  EXPECT_EQ(q->toString(), "\"Mr. \\\"Watson\\\" \xe2\x82\xac\" <sip:watson@bell-telephone.com>;tag=1");
  auto t = parseNameAddr("Mr.  Watson\r\n <sip:w@h>");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->displayName, "Mr.  Watson");
  auto none = parseNameAddr("<sip:w@h>");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->displayName);
  EXPECT_TRUE(none->angleBrackets);
  EXPECT_EQ(parseNameAddr("\"\" <sip:w@h>")->displayName, "");
  EXPECT_FALSE(parseNameAddr("\xc3\xa9 <sip:w@h>"));  // token display names are ASCII
  EXPECT_FALSE(parseNameAddr("\"\xff\" <sip:w@h>"));
  EXPECT_FALSE(parseNameAddr("\"a <sip:w@h>"));
  EXPECT_FALSE(parseNameAddr("Bell, Alexander <sip:a@h>"));
}

TEST(GrammarHeaders, AddrSpecParamsBelongToTheHeader) {
  auto a = parseNameAddr("sip:alice@atlanta.com;transport=tcp;tag=88sja8x");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->angleBrackets);
  EXPECT_TRUE(a->uri.params.empty());
  EXPECT_EQ(a->paramValue("transport"), "tcp");
  EXPECT_EQ(a->tag(), "88sja8x");
  EXPECT_FALSE(parseNameAddr("sip:alice@atlanta.com?subject=x"));  // headers need <...>
  auto b = parseNameAddr("<sip:alice@atlanta.com;transport=tcp?subject=x>;tag=1");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->uri.paramValue("transport"), "tcp");
  EXPECT_EQ(b->uri.headers.size(), 1u);
  auto tel = parseNameAddr("tel:+1-201-555-0123;tag=3");
  ASSERT_TRUE(tel);
  EXPECT_TRUE(tel->uri.isTel());
  EXPECT_EQ(tel->tag(), "3");
  // Header params: quoted and IPv6 values, repeated names replace in place.
  auto p = parseNameAddr("<sip:a@h>;p=\"x y\";v6=[::1];P=2");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->params.size(), 2u);
  EXPECT_EQ(p->params[0].value, "2");
  EXPECT_EQ(p->paramValue("v6"), "[::1]");
}

TEST(GrammarHeaders, NameAddrListsAndContact) {
  auto l = parseNameAddrList("<sip:a@h>, \"B, b\" <sip:b@h> ,sip:c@h;q=0.1");
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 3u);
  EXPECT_EQ((*l)[1].displayName, "B, b");
  EXPECT_FALSE(parseNameAddrList("<sip:a@h>,"));
  auto star = parseContact(" * ");
  ASSERT_TRUE(star);
  EXPECT_TRUE(star->star);
  auto c = parseContact("<sip:a@h>;q=0.50;expires=0060");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->contacts[0].paramValue("q"), "0.50");  // as written (the JSON layer writes 0.5)
  EXPECT_FALSE(parseContact("*, <sip:a@h>"));
  EXPECT_EQ(parseDisplayName("Bob Smith"), "Bob Smith");
  EXPECT_EQ(parseDisplayName("\"Bob\""), "Bob");
  EXPECT_FALSE(parseDisplayName("Bob "));
}

TEST(GrammarHeaders, HeaderNames) {
  const std::pair<const char*, const char*> names[] = {
      {"v", "Via"}, {"F", "From"}, {"t", "To"}, {"i", "Call-ID"}, {"m", "Contact"}, {"l", "Content-Length"},
      {"c", "Content-Type"}, {"e", "Content-Encoding"}, {"k", "Supported"}, {"s", "Subject"}, {"o", "Event"},
      {"u", "Allow-Events"}, {"r", "Refer-To"}, {"b", "Referred-By"}, {"x", "Session-Expires"}, {"y", "Identity"},
      {"a", "Accept-Contact"}, {"j", "Reject-Contact"}, {"d", "Request-Disposition"}, {"n", "Identity-Info"},
      {"call-id", "Call-ID"}, {"CSEQ", "CSeq"}, {"www-authenticate", "WWW-Authenticate"}, {"min-se", "Min-SE"},
      {"rack", "RAck"}, {"RSEQ", "RSeq"}, {"p-asserted-identity", "P-Asserted-Identity"}, {"x_foo", "X-Foo"},
      {"z", "Z"},
  };
  for (const auto& [in, out] : names) EXPECT_EQ(canonicalHeaderName(in), out) << in;
  // isCanonicalHeaderName answers canonicalHeaderName(name) == name without building it.
  std::vector<std::string> spellings;
  for (const auto& [in, out] : names) {
    spellings.push_back(in);
    spellings.push_back(out);
  }
  for (const char* extra : {"Cseq", "Rack", "Rseq", "Min-Se", "Call-Id", "Www-Authenticate", "X-Bench-Call", "x-bench-call",
                            "X-bench-Call", "X_Foo", "Content-Type", "content-type", "Z", "z", "Q", "-", "A--B", "Max-Forwards"}) {
    spellings.push_back(extra);
  }
  for (const auto& name : spellings) EXPECT_EQ(isCanonicalHeaderName(name), canonicalHeaderName(name) == name) << name;
  EXPECT_TRUE(isListHeader("Via"));
  EXPECT_TRUE(isListHeader("Route"));
  EXPECT_FALSE(isListHeader("Supported"));
  EXPECT_FALSE(isListHeader("X-Foo"));
}

TEST(GrammarHeaders, ValidateHeaderValue) {
  EXPECT_FALSE(validateHeaderValue("X-Unknown", "<<<"));
  EXPECT_FALSE(validateHeaderValue("User-Agent", "anything (at all)"));
  EXPECT_FALSE(validateHeaderValue("Via", "SIP/2.0/UDP a, SIP/2.0/UDP b"));
  EXPECT_FALSE(validateHeaderValue("Allow", ""));
  EXPECT_FALSE(validateHeaderValue("Organization", "Boxes by Bob"));
  auto bad = validateHeaderValue("Via", "SIP/2.0 h");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->rfind("invalid Via header: ", 0), 0u) << *bad;
  EXPECT_TRUE(validateHeaderValue("Route", "sip:a@h"));
  EXPECT_FALSE(validateHeaderValue("P-Asserted-Identity", "tel:+1234, <sip:a@h>"));
  EXPECT_TRUE(validateHeaderValue("Expires", "-1"));
  EXPECT_TRUE(validateHeaderValue("Priority", "very urgent"));
  EXPECT_FALSE(validateHeaderValue("Priority", "urgent"));
  EXPECT_TRUE(validateHeaderValue("Content-Encoding", ""));
  EXPECT_FALSE(validateHeaderValue("Accept-Language", "da, en-gb;q=0.8, en;q=0.7"));
  EXPECT_FALSE(validateHeaderValue("In-Reply-To", "70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com"));
  EXPECT_FALSE(validateHeaderValue("Mime-Version", "1.0"));
}
