// The message parser validates From, To, Contact, Route, Record-Route, Via (...) without building
// their values (detail::checkNameAddr, splitList without an output list, scanSipUri with a null Uri).
// Those check-only paths must accept exactly what the building parsers accept, with the same error
// text, and stop at the same place: compared here on hand-written values (good and malformed) and
// on every header value of the RFC 4475 torture messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sip/grammar_internal.h"
#include "sip/header_registry.h"
#include "sip/name_addr.h"

namespace {

namespace fs = std::filesystem;
using namespace sip;

std::vector<std::string> handWritten() {
  return {
      "<sip:alice@example.com>;tag=1928301774",
      "\"Alice\" <sip:alice@example.com>;tag=abc",
      "Alice Liddell <sips:alice@example.com:5061;transport=tls?subject=x&priority=urgent>",
      "sip:bob@example.com;tag=xyz",
      "sip:bob@example.com:5060;tag=xyz;expires=30",
      "sip:%61lice@example.com",
      "sip:%ZZlice@example.com",
      "sip:%C3%28@example.com",  // an escape that is not UTF-8
      "<sip:%C3%A9@example.com>",
      "<sip:user:pass@[2001:db8::1]:5060;lr;maddr=10.0.0.1>",
      "<sip:[2001:db8::1>",
      "<sip:alice@example.com;=x>",
      "<sip:alice@example.com;p=>",
      "<sip:alice@example.com?h>",
      "<sip:alice@example.com?=v>",
      "<sip:alice@example.com",
      "sip:alice@example.com>",
      "\"unterminated <sip:a@b>",
      "<tel:+1-201-555-0123;phone-context=x>",
      "tel:+1-201-555-0123",
      "<urn:service:sos>",
      "<http://example.com/path?q=1>",
      "<mailto:someone@example.com>",
      "<sip:alice@example.com>;tag",
      "<sip:alice@example.com>;tag=",
      "<sip:alice@example.com>;tag=\"quoted\\\"value\"",
      "<sip:alice@example.com>;received=[2001:db8::2];x",
      "<sip:alice@example.com>;;tag=1",
      "<sip:alice@example.com> ; tag = 1",
      "<sip:alice@example.com> junk",
      "<sip:alice@example.com>, <sip:bob@example.com>",
      "<sip:alice@example.com>;q=0.7, sip:bob@example.com;expires=10",
      "<sip:alice@example.com>,",
      ", <sip:alice@example.com>",
      "*",
      "* ",
      "",
      " ",
      "<>",
      "<sip:>",
      "<sip:@example.com>",
      "sip:",
      "sips:alice@",
      "SIP:Alice@EXAMPLE.COM",
      "\"\" <sip:a@b>",
      "Mr.  Watson\r\n <sip:w@h>",
      "\xc3\xa9 <sip:w@h>",
      "<sip:alice@example.com;transport=WS;lr>;+sip.instance=\"<urn:uuid:1>\"",
      "<sip:alice@example.com>;tag=1;tag=2",
      "<sip:a@b.c.d.-e>",
      "<sip:a@256.1.1.1>",
      "<sip:a@example.com:99999>",
      "<sip:a@example.com:>",
      // Via values
      "SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds",
      "SIP/2.0/WSS abcdefgh.invalid;branch=z9hG4bK1;rport",
      "SIP/2.0/UDP 192.0.2.1:5060;received=192.0.2.2;rport=5061;branch=z9hG4bK1",
      "SIP/2.0/UDP [2001:db8::1];received=2001:db8::2;branch=z9hG4bK1",
      "SIP/2.0/UDP host;received=[2001:db8::2];rport=;ttl=3;maddr=224.2.0.1",
      "SIP/2.0/UDP host;branch=\"quoted\"",
      "SIP/2.0/UDP host;branch=",
      "SIP/2.0/UDP host;;branch=1",
      "SIP/2.0/UDP host:99999;branch=1",
      "SIP/2.0/UDP host, SIP/2.0/TCP other:5070;branch=z9hG4bK2",
      "SIP/2.0/UDP host,",
      "SIP/2.0 host",
      "SIP/2.0/UDPhost",
      "SIP / 2.0 / UDP host ; branch = z9hG4bK1",
  };
}

// Every header value of the RFC 4475 messages (the text after the first ':' of each line).
std::vector<std::string> tortureValues() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(fs::path(SIPWASM_TEST_DATA_DIR) / "rfc4475")) {
    if (entry.path().extension() != ".sip") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string line;
    while (std::getline(text, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(':');
      if (colon != std::string::npos) out.push_back(line.substr(colon + 1));
    }
  }
  return out;
}

std::vector<std::string> corpus() {
  auto all = handWritten();
  for (auto& v : tortureValues()) all.push_back(std::move(v));
  return all;
}

TEST(GrammarCheckOnly, CheckNameAddrAgreesWithParseNameAddr) {
  const auto values = corpus();
  ASSERT_GT(values.size(), 200u);
  size_t accepted = 0;
  for (const auto& value : values) {
    std::string parseError = "unset";
    std::string checkError = "unset";
    const bool parsed = parseNameAddr(value, &parseError).has_value();
    const bool checked = detail::checkNameAddr(value, &checkError);
    EXPECT_EQ(checked, parsed) << value;
    EXPECT_EQ(checkError, parseError) << value;
    accepted += parsed ? 1 : 0;
  }
  EXPECT_GT(accepted, 10u);  // the corpus has both kinds
  EXPECT_LT(accepted, values.size());
}

TEST(GrammarCheckOnly, SplitListWithoutValuesAgreesWithSplitListWithValues) {
  const auto values = corpus();
  for (const auto kind : {detail::ListKind::Contact, detail::ListKind::NameAddr, detail::ListKind::NameAddrOrAddrSpec}) {
    for (const auto& value : values) {
      std::vector<std::string_view> builtParts;
      std::vector<std::string_view> checkedParts;
      std::vector<NameAddr> nameAddrs;
      std::string builtError = "unset";
      std::string checkedError = "unset";
      const bool built = detail::splitList(kind, value, builtParts, &builtError, nullptr, &nameAddrs);
      const bool checked = detail::splitList(kind, value, checkedParts, &checkedError);
      EXPECT_EQ(checked, built) << value;
      EXPECT_EQ(checkedError, builtError) << value;
      EXPECT_EQ(checkedParts, builtParts) << value;
    }
  }
}

TEST(GrammarCheckOnly, ViaListWithoutValuesAgreesWithViaListWithValues) {
  size_t accepted = 0;
  for (const auto& value : corpus()) {
    std::vector<std::string_view> builtParts;
    std::vector<std::string_view> checkedParts;
    std::vector<Via> vias;
    std::string builtError = "unset";
    std::string checkedError = "unset";
    const bool built = detail::splitList(detail::ListKind::Via, value, builtParts, &builtError, &vias, nullptr);
    const bool checked = detail::splitList(detail::ListKind::Via, value, checkedParts, &checkedError);
    EXPECT_EQ(checked, built) << value;
    EXPECT_EQ(checkedError, builtError) << value;
    EXPECT_EQ(checkedParts, builtParts) << value;
    accepted += built ? 1 : 0;
  }
  EXPECT_GT(accepted, 10u);
}

TEST(GrammarCheckOnly, SipUriCheckStopsWhereTheBuildingScanStops) {
  for (const auto& value : corpus()) {
    for (const auto ctx : {detail::UriContext::Full, detail::UriContext::AddrSpec}) {
      for (size_t from : {size_t{0}, value.find('<') == std::string::npos ? size_t{0} : value.find('<') + 1}) {
        Scanner built(value, from);
        Scanner checked(value, from);
        Uri uri;
        std::string builtError = "unset";
        std::string checkedError = "unset";
        const bool okBuilt = detail::scanAnyUri(built, uri, ctx, &builtError);
        const bool okChecked = detail::scanAnyUri(checked, nullptr, ctx, &checkedError);
        EXPECT_EQ(okChecked, okBuilt) << value;
        EXPECT_EQ(checked.pos(), built.pos()) << value;
        EXPECT_EQ(checkedError, builtError) << value;
      }
    }
  }
}

}  // namespace
