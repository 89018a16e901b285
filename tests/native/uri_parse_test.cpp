// URIs (RFC 3261 §19.1 / §25.1, RFC 3966 tel:, absoluteURI): parsing and serialization.
#include <gtest/gtest.h>

#include "sip/uri.h"

using sip::HostType;
using sip::parseSipUri;
using sip::parseUri;

TEST(UriParse, SipUriParts) {
  auto u = parseSipUri("sips:alice:secret@Atlanta.COM:5061;transport=TLS;Lr;maddr=239.255.255.1?Subject=hi%20there&Priority=urgent");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "sips");
  EXPECT_TRUE(u->isSip());
  EXPECT_TRUE(u->isSips());
  EXPECT_EQ(u->user, "alice");
  EXPECT_EQ(u->password, "secret");
  EXPECT_EQ(u->host, "Atlanta.COM");
  EXPECT_EQ(u->hostType, HostType::Domain);
  EXPECT_EQ(u->port, 5061u);
  ASSERT_EQ(u->params.size(), 3u);
  EXPECT_EQ(u->params[0].name, "transport");
  EXPECT_EQ(u->params[0].value, "tls");  // transport values lowercased, as sip.js
  EXPECT_EQ(u->params[1].name, "lr");    // names lowercased
  EXPECT_FALSE(u->params[1].value);
  EXPECT_EQ(u->paramValue("MADDR"), "239.255.255.1");
  ASSERT_EQ(u->headers.size(), 2u);
  EXPECT_EQ(u->headers[0].name, "Subject");
  EXPECT_EQ(u->headers[0].value, "hi%20there");  // header values stay escaped
  EXPECT_EQ(u->toString(), "sips:alice:secret@atlanta.com:5061;transport=tls;lr;maddr=239.255.255.1?Subject=hi%20there&Priority=urgent");
  EXPECT_EQ(u->toRawString(), "sips:alice:secret@Atlanta.COM:5061;transport=tls;lr;maddr=239.255.255.1?Subject=hi%20there&Priority=urgent");
}

TEST(UriParse, SchemeIsCaseInsensitiveAndKeptAsWritten) {
  auto u = parseSipUri("SIP:Bob@Biloxi.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "SIP");
  EXPECT_TRUE(u->isSip());
  EXPECT_EQ(u->toString(), "sip:Bob@biloxi.com");  // the user part is case-sensitive
}

TEST(UriParse, UserEscapesAreDecodedAndReEscaped) {
  auto u = parseSipUri("sip:%61lice%20smith@h.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "alice smith");
  EXPECT_EQ(u->toString(), "sip:alice%20smith@h.com");
  auto euro = parseSipUri("sip:%E2%82%AC@h");
  ASSERT_TRUE(euro);
  EXPECT_EQ(euro->user, "\xe2\x82\xac");
  EXPECT_EQ(euro->toString(), "sip:%E2%82%AC@h");
  // decodeURIComponent rejects escapes that are not UTF-8; so do we.
  EXPECT_FALSE(parseSipUri("sip:a%FFb@h"));
  EXPECT_FALSE(parseSipUri("sip:a%4@h"));
  // A decoded ':' stays escaped, else it would turn into a password separator.
  auto colon = parseSipUri("sip:a%3Ab@h");
  ASSERT_TRUE(colon);
  EXPECT_EQ(colon->user, "a:b");
  EXPECT_EQ(colon->toString(), "sip:a%3Ab@h");
}

TEST(UriParse, TelephoneSubscriberInUserPart) {
  auto u = parseSipUri("sip:+1-212-555-1212;isub=1;postd=pp22@gw.example.com;user=phone");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "+1-212-555-1212;isub=1;postd=pp22");
  EXPECT_EQ(u->host, "gw.example.com");
  EXPECT_EQ(u->paramValue("user"), "phone");
}

TEST(UriParse, Hosts) {
  auto v4 = parseSipUri("sip:192.0.2.4:5060");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->hostType, HostType::IPv4);
  auto v6 = parseSipUri("sip:alice@[2001:db8::10]:5070");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "[2001:db8::10]");
  EXPECT_EQ(v6->hostType, HostType::IPv6);
  EXPECT_EQ(v6->port, 5070u);
  EXPECT_TRUE(parseSipUri("sip:[::ffff:192.0.2.1]"));
  EXPECT_TRUE(parseSipUri("sip:[::]"));
  EXPECT_TRUE(parseSipUri("sip:[1:2:3:4:5:6:7:8]"));
  EXPECT_FALSE(parseSipUri("sip:[1:2:3:4:5:6:7:8:9]"));
  EXPECT_FALSE(parseSipUri("sip:[1::2::3]"));
  EXPECT_FALSE(parseSipUri("sip:[12345::]"));
  EXPECT_FALSE(parseSipUri("sip:[::1"));
  EXPECT_FALSE(parseSipUri("sip:1.2.3.256"));
  EXPECT_FALSE(parseSipUri("sip:1.2.3"));
  EXPECT_FALSE(parseSipUri("sip:a..b"));
  // RFC 3261 allows the trailing dot of a fully qualified name (sip.js does not).
  auto dot = parseSipUri("sip:example.com.");
  ASSERT_TRUE(dot);
  EXPECT_EQ(dot->host, "example.com.");
  // A name may start with digits; the top label may not.
  EXPECT_TRUE(parseSipUri("sip:3com.com"));
  EXPECT_FALSE(parseSipUri("sip:example.123"));
  EXPECT_TRUE(parseSipUri("sip:1.2.3.4.example.com"));
}

TEST(UriParse, Ports) {
  EXPECT_EQ(parseSipUri("sip:h:0")->port, 0u);
  EXPECT_EQ(parseSipUri("sip:h:05060")->port, 5060u);
  EXPECT_EQ(parseSipUri("sip:h:65535")->port, 65535u);
  EXPECT_FALSE(parseSipUri("sip:h:65536"));
  EXPECT_FALSE(parseSipUri("sip:h:123456"));
  auto empty = parseSipUri("sip:h:");  // tolerated, as sip.js
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->port);
}

TEST(UriParse, ParametersAndHeaders) {
  auto u = parseSipUri("sip:a@h;A=b;a=c;flag;p=[::1]");
  ASSERT_TRUE(u);
  ASSERT_EQ(u->params.size(), 3u);
  EXPECT_EQ(u->params[0].value, "c");  // a repeated name replaces the value in place
  EXPECT_TRUE(u->hasParam("FLAG"));
  EXPECT_EQ(u->paramValue("p"), "[::1]");
  EXPECT_FALSE(parseSipUri("sip:a@h;"));
  EXPECT_FALSE(parseSipUri("sip:a@h;p="));
  EXPECT_FALSE(parseSipUri("sip:a@h;p=\"q\""));
  EXPECT_FALSE(parseSipUri("sip:a@h?"));
  EXPECT_FALSE(parseSipUri("sip:a@h?a"));
  EXPECT_FALSE(parseSipUri("sip:a@h?a=b&"));
  auto h = parseSipUri("sip:a@h?a=");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->headers[0].value, "");
  // Keyword prefixes are ordinary values (sip.js's PEG fails on them).
  EXPECT_EQ(parseSipUri("sip:a@h;transport=udpx")->paramValue("transport"), "udpx");
  EXPECT_TRUE(parseSipUri("sip:a@h;lrx=1"));
  // lr carries no value in sip.js.
  auto lr = parseSipUri("sip:a@h;lr=on");
  ASSERT_TRUE(lr);
  EXPECT_TRUE(lr->hasParam("lr"));
  EXPECT_FALSE(lr->paramValue("lr"));
}

TEST(UriParse, UserinfoEdgeCases) {
  EXPECT_FALSE(parseSipUri("sip:@h"));
  EXPECT_FALSE(parseSipUri("sip:a b@h"));
  EXPECT_FALSE(parseSipUri("sip:a@h b"));
  auto empty = parseSipUri("sip:a:@h");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->user, "a");
  EXPECT_EQ(empty->password, "");
  EXPECT_FALSE(parseSipUri(""));
  EXPECT_FALSE(parseSipUri("sip:"));
  EXPECT_FALSE(parseSipUri("tel:+1"));
}

TEST(UriParse, TelAndAbsoluteUris) {
  auto tel = parseUri("tel:+1-201-555-0123;phone-context=example.com");
  ASSERT_TRUE(tel);
  EXPECT_TRUE(tel->isTel());
  EXPECT_FALSE(tel->isSip());
  EXPECT_EQ(tel->user, "+1-201-555-0123");
  EXPECT_EQ(tel->paramValue("phone-context"), "example.com");
  EXPECT_EQ(tel->toString(), "tel:+1-201-555-0123;phone-context=example.com");

  auto urn = parseUri("urn:service:sos");
  ASSERT_TRUE(urn);
  EXPECT_TRUE(urn->isAbsolute());
  EXPECT_EQ(urn->scheme, "urn");
  EXPECT_EQ(urn->opaque, "service:sos");
  EXPECT_EQ(urn->toString(), "urn:service:sos");

  auto http = parseUri("http://user@www.example.com:8080/a/b?c=d");
  ASSERT_TRUE(http);
  EXPECT_TRUE(http->isAbsolute());
  EXPECT_EQ(http->host, "www.example.com");
  EXPECT_EQ(http->port, 8080u);
  EXPECT_EQ(http->toRawString(), "http://user@www.example.com:8080/a/b?c=d");

  EXPECT_FALSE(parseUri("x:"));
  EXPECT_FALSE(parseUri("1x:y"));
  EXPECT_FALSE(parseUri("tel:\xc3\xa9"));
  // A malformed sip: URI is not rescued as an absolute URI.
  EXPECT_FALSE(parseUri("sip:a@h;p="));
}

TEST(UriParse, PercentDecode) {
  EXPECT_EQ(sip::percentDecode("a%20b"), "a b");
  EXPECT_EQ(sip::percentDecode("plain"), "plain");
  EXPECT_FALSE(sip::percentDecode("%"));
  EXPECT_FALSE(sip::percentDecode("%4"));
  EXPECT_FALSE(sip::percentDecode("%zz"));
  EXPECT_FALSE(sip::percentDecode("%C0%80"));  // overlong
  EXPECT_FALSE(sip::percentDecode("%ED%A0%80"));  // surrogate
  EXPECT_EQ(sip::percentDecode("%F0%9F%98%80"), "\xf0\x9f\x98\x80");
}

TEST(UriParse, ToStringRoundTrips) {
  const char* uris[] = {
      "sip:alice@atlanta.com",
      "sips:bob:pw@[2001:db8::1]:5061;transport=tls",
      "sip:h.com;lr;x=y?h=v&h2=",
      "sip:%2B1%20x@h",
  };
  for (const char* text : uris) {
    auto u = parseSipUri(text);
    ASSERT_TRUE(u) << text;
    auto again = parseSipUri(u->toRawString());
    ASSERT_TRUE(again) << u->toRawString();
    EXPECT_EQ(*again, *u) << text;
  }
}

TEST(UriParse, Aor) {
  EXPECT_EQ(parseSipUri("sip:Alice@Atlanta.COM;transport=ws")->aor(), "Alice@atlanta.com");
  EXPECT_EQ(parseSipUri("sip:Atlanta.COM")->aor(), "atlanta.com");
}
