// RFC 4475 "SIP Torture Test Messages" through the message layer (sip::parseMessage).
//
// The messages are tests/native/data/rfc4475/<tag>.sip (exact octets, see generate.py there) and
// what each must parse to is tests/native/data/rfc4475/expectations.txt (format described at its
// top). Every message gets one parameterized test named after its RFC tag; further tests check
// that parsing survives every truncation, that serialize() round-trips every accepted message,
// and that the JSON entry point used by the Wasm boundary agrees with parseMessage.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sip/headers.h"
#include "sip/message.h"
#include "sip/message_json.h"
#include "sip/uri.h"

#include "../fuzz/fuzz_checks.h"

namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(SIPWASM_TEST_DATA_DIR) / "rfc4475";

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Expands \xNN, \\ and <repeat count=N>text</repeat> of expectations.txt.
std::string unescapeValue(std::string_view v) {
  std::string expanded;
  for (size_t i = 0; i < v.size();) {
    if (startsWith(v.substr(i), "<repeat count=")) {
      size_t gt = v.find('>', i);
      size_t end = v.find("</repeat>", gt);
      int n = std::stoi(std::string(v.substr(i + 14, gt - i - 14)));
      std::string_view unit = v.substr(gt + 1, end - gt - 1);
      for (int k = 0; k < n; ++k) expanded += unit;
      i = end + 9;
    } else {
      expanded += v[i++];
    }
  }
  std::string out;
  for (size_t i = 0; i < expanded.size(); ++i) {
    if (expanded[i] == '\\' && i + 1 < expanded.size() && expanded[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (expanded[i] == '\\' && i + 3 < expanded.size() && expanded[i + 1] == 'x') {
      out += static_cast<char>(std::stoi(expanded.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else {
      out += expanded[i];
    }
  }
  return out;
}

struct Expectation {
  std::string key;
  std::string value;  // unescaped
  int line = 0;
};

struct Case {
  std::string tag;
  std::string section;
  std::string cls;  // valid | invalid | either
  std::string ua;
  std::vector<std::string> mentions;  // error.mentions alternatives (lowercase)
  std::vector<Expectation> values;
};

const std::map<std::string, Case>& cases() {
  static const std::map<std::string, Case> all = [] {
    std::map<std::string, Case> m;
    std::ifstream in(kDir / "expectations.txt", std::ios::binary);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      size_t t1 = line.find('\t');
      size_t t2 = line.find('\t', t1 + 1);
      if (t1 == std::string::npos || t2 == std::string::npos) {
        ADD_FAILURE() << "expectations.txt:" << n << ": not TAG<TAB>KEY<TAB>VALUE";
        continue;
      }
      std::string tag = line.substr(0, t1);
      std::string key = unescapeValue(line.substr(t1 + 1, t2 - t1 - 1));
      std::string value = line.substr(t2 + 1);
      Case& c = m[tag];
      c.tag = tag;
      if (key == "section") c.section = value;
      else if (key == "class") c.cls = value;
      else if (key == "ua") c.ua = value;
      else if (key == "error.mentions") {
        std::stringstream ss(lower(value));
        for (std::string w; std::getline(ss, w, '|');) c.mentions.push_back(w);
      } else c.values.push_back({key, unescapeValue(value), n});
    }
    return m;
  }();
  return all;
}

std::vector<std::string> tags() {
  std::vector<std::string> out;
  for (const auto& [tag, c] : cases()) out.push_back(tag);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resolving a key against a parsed message.
// nullopt = absent; a value of nullopt = present without a value (a flag parameter).
using Resolved = std::optional<std::optional<std::string>>;
const Resolved kAbsent = std::nullopt;
Resolved present(std::string v) { return Resolved(std::optional<std::string>(std::move(v))); }
Resolved presentOpt(const std::optional<std::string>& v) { return v ? present(*v) : kAbsent; }
Resolved flag() { return Resolved(std::optional<std::string>()); }

struct BadKey {
  std::string why;
};

Resolved fromParams(const sip::Params& params, std::string_view name) {
  const sip::Param* p = sip::findParam(params, name);
  if (p == nullptr) return kAbsent;
  return Resolved(p->value);
}

std::string foldToSpace(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n') {
      size_t j = i + 2;
      while (j < v.size() && (v[j] == ' ' || v[j] == '\t')) ++j;
      if (j > i + 2) {  // a fold: CRLF 1*WSP, and the WSP before it, collapse into one SP
        while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
        out += ' ';
        i = j - 1;
        continue;
      }
    }
    out += v[i];
  }
  return out;
}

size_t splitIndex(std::string_view& rest) {  // "3.uri.user" -> 3, rest = "uri.user"
  size_t dot = rest.find('.');
  std::string num(rest.substr(0, dot));
  if (num.empty() || !std::all_of(num.begin(), num.end(), ::isdigit)) throw BadKey{"expected an index"};
  rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  return std::stoul(num);
}

Resolved resolveUri(const sip::Uri& u, std::string_view k) {
  if (k == "scheme") return present(u.scheme);
  if (k == "user") return presentOpt(u.user);
  if (k == "password") return presentOpt(u.password);
  if (k == "host") return present(u.host);
  if (k == "port") return u.port ? present(std::to_string(*u.port)) : kAbsent;
  if (k == "opaque") return present(u.opaque);
  if (k == "params.count") return present(std::to_string(u.params.size()));
  if (k == "headers.count") return present(std::to_string(u.headers.size()));
  if (startsWith(k, "param.")) return fromParams(u.params, k.substr(6));
  if (startsWith(k, "header.")) {
    for (const sip::UriHeader& h : u.headers)
      if (lower(h.name) == lower(k.substr(7))) return present(h.value);
    return kAbsent;
  }
  if (startsWith(k, "dparam.")) {
    std::string want(k.substr(7));
    for (const sip::Param& p : u.params) {
      std::optional<std::string> name = sip::percentDecode(p.name);
      if (!name || lower(*name) != lower(want)) continue;
      if (!p.value) return flag();
      std::optional<std::string> v = sip::percentDecode(*p.value);
      return v ? present(*v) : present("<undecodable " + *p.value + ">");
    }
    return kAbsent;
  }
  throw BadKey{"unknown URI key"};
}

Resolved resolveNameAddr(const sip::NameAddr& na, std::string_view k) {
  if (k == "display") return presentOpt(na.displayName);
  if (k == "udisplay") return presentOpt(na.unescapedDisplayName());
  if (k == "tag") return fromParams(na.params, "tag");
  if (startsWith(k, "param.")) return fromParams(na.params, k.substr(6));
  if (startsWith(k, "uri.")) return resolveUri(na.uri, k.substr(4));
  throw BadKey{"unknown name-addr key"};
}

Resolved resolveList(const std::vector<sip::NameAddr>& list, std::string_view rest) {
  if (rest == "count") return present(std::to_string(list.size()));
  size_t i = splitIndex(rest);
  if (i >= list.size()) return kAbsent;
  return resolveNameAddr(list[i], rest);
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

Resolved resolve(const sip::Message& m, std::string_view k) {
  if (k == "method") return present(m.method);
  if (k == "status") return present(std::to_string(m.statusCode));
  if (k == "reason") return present(m.reasonPhrase);
  if (k == "callid") return presentOpt(m.callId());
  if (k == "cseq.number") return m.cseq() ? present(std::to_string(m.cseq()->number)) : kAbsent;
  if (k == "cseq.method") return m.cseq() ? present(m.cseq()->method) : kAbsent;
  if (k == "maxforwards") return m.maxForwards() ? present(std::to_string(*m.maxForwards())) : kAbsent;
  if (k == "contentlength") return m.contentLength() ? present(std::to_string(*m.contentLength())) : kAbsent;
  if (k == "contenttype") return m.contentType() ? present(m.contentType()->mimeType()) : kAbsent;
  if (startsWith(k, "contenttype.param."))
    return m.contentType() ? fromParams(m.contentType()->params, k.substr(18)) : kAbsent;
  if (k == "body.length") return present(std::to_string(m.body.size()));
  if (startsWith(k, "ruri.")) return resolveUri(m.ruri, k.substr(5));
  if (startsWith(k, "from.")) return m.from() ? resolveNameAddr(*m.from(), k.substr(5)) : kAbsent;
  if (startsWith(k, "to.")) return m.to() ? resolveNameAddr(*m.to(), k.substr(3)) : kAbsent;
  if (startsWith(k, "via.")) {
    std::vector<sip::Via> vias = m.vias();
    std::string_view rest = k.substr(4);
    if (rest == "count") return present(std::to_string(vias.size()));
    size_t i = splitIndex(rest);
    if (i >= vias.size()) return kAbsent;
    const sip::Via& v = vias[i];
    if (rest == "protocol") return present(v.protocolName + "/" + v.protocolVersion);
    if (rest == "transport") return present(v.transport);
    if (rest == "host") return present(v.host);
    if (rest == "port") return v.port ? present(std::to_string(*v.port)) : kAbsent;
    if (rest == "branch") return fromParams(v.params, "branch");
    if (startsWith(rest, "param.")) return fromParams(v.params, rest.substr(6));
    throw BadKey{"unknown Via key"};
  }
  if (startsWith(k, "contact.")) {
    std::optional<sip::ContactValue> c = m.contact();
    std::string_view rest = k.substr(8);
    if (rest == "star") return present(c && c->star ? "true" : "false");
    return resolveList(c ? c->contacts : std::vector<sip::NameAddr>{}, rest);
  }
  if (startsWith(k, "route.")) return resolveList(m.routes(), k.substr(6));
  if (startsWith(k, "rr.")) return resolveList(m.recordRoutes(), k.substr(3));
  if (startsWith(k, "headercount."))
    return present(std::to_string(m.headerValues(k.substr(12)).size()));
  if (startsWith(k, "header.")) {
    std::optional<std::string_view> v = m.header(k.substr(7));
    return v ? present(foldToSpace(*v)) : kAbsent;
  }
  if (startsWith(k, "tokens.")) return m.hasHeader(k.substr(7)) ? present(joined(m.tokens(k.substr(7)))) : kAbsent;
  if (k == "accept.types") {
    std::string all;
    for (std::string_view v : m.headerValues("Accept")) all += (all.empty() ? "" : ",") + std::string(v);
    std::string err;
    std::optional<std::vector<sip::MediaType>> types = sip::parseAccept(all, &err);
    if (!types) return present("<parseAccept failed: " + err + ">");
    std::vector<std::string> names;
    for (const sip::MediaType& t : *types) names.push_back(t.mimeType());
    return present(joined(names));
  }
  throw BadKey{"unknown key"};
}

std::string show(const Resolved& r) {
  if (!r) return "<absent>";
  if (!*r) return "<flag>";
  std::string out;
  for (unsigned char c : **r) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out.empty() ? "<empty>" : out;
}

// Checks every value key of `c` against `m`; returns the number of mismatches (reported).
int checkValues(const Case& c, const sip::Message& m, std::string_view context) {
  int failures = 0;
  for (const Expectation& e : c.values) {
    Resolved got;
    try {
      if (e.key == "body.prefix") got = present(m.body.substr(0, e.value.size()));
      else if (e.key == "body.suffix")
        got = present(m.body.substr(m.body.size() - std::min(m.body.size(), e.value.size())));
      else got = resolve(m, e.key);
    } catch (const BadKey& bad) {
      ADD_FAILURE() << "expectations.txt:" << e.line << ": " << bad.why << " '" << e.key << "'";
      ++failures;
      continue;
    }
    Resolved want;
    if (e.value == "<absent>") want = kAbsent;
    else if (e.value == "<flag>") want = flag();
    else if (e.value == "<empty>") want = present("");
    else want = present(e.value);
    if (got != want) {
      ADD_FAILURE() << c.tag << " (" << context << ") " << e.key << ": expected [" << show(want) << "] got ["
                    << show(got) << "]   (expectations.txt:" << e.line << ")";
      ++failures;
    }
  }
  return failures;
}

void checkRejection(const Case& c, const std::string& error) {
  EXPECT_FALSE(error.empty()) << c.tag << ": rejected without a reason";
  if (c.mentions.empty()) return;
  std::string e = lower(error);
  bool hit = std::any_of(c.mentions.begin(), c.mentions.end(),
                         [&](const std::string& w) { return e.find(w) != std::string::npos; });
  EXPECT_TRUE(hit) << c.tag << ": rejected, but the reason \"" << error
                   << "\" names none of the expected problems (error.mentions)";
}

// ---------------------------------------------------------------------------------------------
class Torture : public ::testing::TestWithParam<std::string> {};

TEST_P(Torture, ParsesOrRejectsAsRfc4475Says) {
  const Case& c = cases().at(GetParam());
  RecordProperty("rfc4475_section", c.section);
  RecordProperty("ua_action", c.ua);
  const std::string data = readFile(kDir / (c.tag + ".sip"));
  ASSERT_FALSE(data.empty()) << "missing " << c.tag << ".sip";

  sip::ParseResult r = sip::parseMessage(data);
  if (c.cls == "valid") {
    ASSERT_TRUE(r.message.has_value()) << c.tag << " (" << c.section << ") must parse; error: " << r.error;
    EXPECT_TRUE(r.error.empty()) << "error set on success: " << r.error;
    checkValues(c, *r.message, "parsed");
  } else if (c.cls == "invalid") {
    EXPECT_FALSE(r.message.has_value()) << c.tag << " (" << c.section << ") must be rejected";
    checkRejection(c, r.error);
  } else if (c.cls == "either") {
    if (r.message) {
      RecordProperty("accepted_liberally", "yes");
      checkValues(c, *r.message, "accepted liberally");
    } else {
      RecordProperty("accepted_liberally", "no");
      checkRejection(c, r.error);
    }
  } else {
    FAIL() << "bad class '" << c.cls << "' for " << c.tag;
  }
}

// An accepted message serializes to text that parses again to the same values.
TEST_P(Torture, AcceptedMessagesRoundTripThroughSerialize) {
  const Case& c = cases().at(GetParam());
  sip::ParseResult r = sip::parseMessage(readFile(kDir / (c.tag + ".sip")));
  if (!r.message) {
    EXPECT_NE(c.cls, "valid");  // reported by the test above
    return;
  }
  const std::string wire = sip::serialize(*r.message);
  sip::ParseResult again = sip::parseMessage(wire);
  ASSERT_TRUE(again.message.has_value()) << c.tag << ": serialize() wrote text that does not parse: "
                                         << again.error << "\n---\n" << wire;
  EXPECT_EQ(again.message->isRequest, r.message->isRequest);
  EXPECT_EQ(again.message->method, r.message->method);
  EXPECT_EQ(again.message->statusCode, r.message->statusCode);
  EXPECT_EQ(again.message->headers.size(), r.message->headers.size());
  EXPECT_EQ(again.message->body, r.message->body);
  checkValues(c, *again.message, "after serialize + parse");
}

// The JSON entry point used across the Wasm boundary agrees with parseMessage and never throws,
// even for octets that are not UTF-8 (mpart01's binary body, intmeth's NUL and DEL).
TEST_P(Torture, JsonEntryPointAgreesWithParseMessage) {
  const Case& c = cases().at(GetParam());
  const std::string data = readFile(kDir / (c.tag + ".sip"));
  sip::ParseResult r = sip::parseMessage(data);
  std::string text;
  ASSERT_NO_THROW(text = sip::parseMessageToJson(data));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << c.tag << ": parseMessageToJson is not JSON: " << text.substr(0, 300);
  ASSERT_TRUE(j.is_object());
  if (!r.message) {
    ASSERT_TRUE(j.contains("error")) << text.substr(0, 300);
    EXPECT_TRUE(j["error"].is_string() && !j["error"].get<std::string>().empty());
    return;
  }
  ASSERT_FALSE(j.contains("error")) << j["error"];
  EXPECT_EQ(j.value("type", ""), r.message->isRequest ? "request" : "response");
  if (r.message->isRequest) {
    EXPECT_EQ(j.value("method", ""), r.message->method);
    EXPECT_TRUE(j.contains("ruri") && j["ruri"].contains("$uri"));
  } else {
    EXPECT_EQ(j.value("statusCode", 0), r.message->statusCode);
  }
  ASSERT_TRUE(j.contains("headers") && j["headers"].is_array());
  EXPECT_EQ(j["headers"].size(), r.message->headers.size());
  for (const auto& h : j["headers"]) {
    ASSERT_TRUE(h.is_array() && h.size() == 3) << h.dump();
    EXPECT_TRUE(h[0].is_string());
    EXPECT_TRUE(h[1].is_string());
  }
}

// Cutting a message anywhere must never crash. A cut before the empty line that ends the header
// section, or inside a body whose Content-Length says more octets follow, must be rejected
// (RFC 4475 clerr: too few octets for Content-Length is an error, not a shorter body).
TEST_P(Torture, EveryTruncationIsHandled) {
  const Case& c = cases().at(GetParam());
  const std::string data = readFile(kDir / (c.tag + ".sip"));
  sip::ParseResult full = sip::parseMessage(data);
  const size_t headEnd = data.find("\r\n\r\n");
  ASSERT_NE(headEnd, std::string::npos);
  int wronglyAccepted = 0;
  for (size_t n = 0; n < data.size(); ++n) {
    sip::ParseResult r = sip::parseMessage(std::string_view(data).substr(0, n));
    if (!r.message) {
      EXPECT_FALSE(r.error.empty()) << c.tag << " cut at " << n << ": rejected without a reason";
      continue;
    }
    const bool cutInHead = n < headEnd + 4;
    const bool cutInCountedBody = full.message && full.message->contentLength() &&
                                  n < headEnd + 4 + *full.message->contentLength();
    if ((cutInHead || cutInCountedBody) && wronglyAccepted++ < 3) {
      ADD_FAILURE() << c.tag << " cut after " << n << " of " << data.size() << " octets ("
                    << (cutInHead ? "inside the header section" : "inside the counted body")
                    << ") was accepted";
    }
  }
}

std::string tagName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }
INSTANTIATE_TEST_SUITE_P(Rfc4475, Torture, ::testing::ValuesIn(tags()), tagName);

// ---------------------------------------------------------------------------------------------
// The corpus itself: every message has expectations and every expectation has a message.
TEST(TortureCorpus, FilesAndExpectationsMatch) {
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(kDir))
    if (entry.path().extension() == ".sip") files.insert(entry.path().stem().string());
  std::set<std::string> expected;
  for (const auto& [tag, c] : cases()) {
    expected.insert(tag);
    EXPECT_FALSE(c.section.empty()) << tag << " has no section";
    EXPECT_TRUE(c.cls == "valid" || c.cls == "invalid" || c.cls == "either") << tag << " class " << c.cls;
    EXPECT_FALSE(c.ua.empty()) << tag << " has no ua note";
  }
  EXPECT_EQ(files, expected);
  EXPECT_EQ(files.size(), 49u) << "RFC 4475 has 49 messages";
}

// Exact octets that the generator must have kept (line endings, NULs, the long request).
TEST(TortureCorpus, OctetsAreFaithful) {
  for (const auto& [tag, c] : cases()) {
    const std::string d = readFile(kDir / (tag + ".sip"));
    const size_t headEnd = d.find("\r\n\r\n");
    ASSERT_NE(headEnd, std::string::npos) << tag;
    // No bare LF or bare CR in the header section.
    for (size_t i = 0; i < headEnd; ++i) {
      if (d[i] == '\n') ASSERT_TRUE(i > 0 && d[i - 1] == '\r') << tag << ": bare LF at " << i;
      if (d[i] == '\r') ASSERT_TRUE(i + 1 < d.size() && d[i + 1] == '\n') << tag << ": bare CR at " << i;
    }
  }
  const std::string intmeth = readFile(kDir / "intmeth.sip");
  EXPECT_NE(intmeth.find(std::string("NUL:\\\0 ", 7)), std::string::npos) << "intmeth keeps a raw NUL";
  EXPECT_NE(intmeth.find("\\\x07 "), std::string::npos);
  EXPECT_NE(intmeth.find("\\\x7f\""), std::string::npos);
  const std::string escnull = readFile(kDir / "escnull.sip");
  EXPECT_EQ(escnull.find('\0'), std::string::npos) << "escnull has %00 escapes, not raw NULs";
  EXPECT_NE(escnull.find("sip:%00@"), std::string::npos);
  EXPECT_GT(readFile(kDir / "longreq.sip").size(), 3000u);
  EXPECT_NE(readFile(kDir / "noreason.sip").find("SIP/2.0 100 \r\n"), std::string::npos);
  EXPECT_NE(readFile(kDir / "trws.sip").find("SIP/2.0  \r\n"), std::string::npos);
}

// dblreq: the octets after the REGISTER's empty body look like an INVITE but are noise.
TEST(TortureExtra, DblreqTrailingInviteIsNotParsedIntoTheRegister) {
  sip::ParseResult r = sip::parseMessage(readFile(kDir / "dblreq.sip"));
  ASSERT_TRUE(r.message) << r.error;
  EXPECT_EQ(r.message->body, "");
  EXPECT_FALSE(r.message->hasHeader("Content-Type"));
  for (const sip::Header& h : r.message->headers) {
    EXPECT_EQ(h.value.find("INVITE"), std::string::npos) << h.name << ": " << h.value;
  }
}

// inv2543 has no Content-Length: the body is every octet after the empty line; adding octets to
// the datagram adds them to the body.
TEST(TortureExtra, Inv2543BodyRunsToTheEndOfTheDatagram) {
  const std::string d = readFile(kDir / "inv2543.sip");
  sip::ParseResult r = sip::parseMessage(d + "a=sendrecv\r\n");
  ASSERT_TRUE(r.message) << r.error;
  EXPECT_EQ(r.message->body.size(), 105u + 12u);
}

// esc02: "C%6Fntact" is not Contact, and "RE%47IST%45R" is not REGISTER.
TEST(TortureExtra, Esc02PercentInTokensIsLiteral) {
  sip::ParseResult r = sip::parseMessage(readFile(kDir / "esc02.sip"));
  ASSERT_TRUE(r.message) << r.error;
  EXPECT_NE(r.message->method, "REGISTER");
  EXPECT_EQ(r.message->headerValues("Contact").size(), 2u);
}

// intmeth: the To display name holds raw BEL, NUL and DEL octets inside quoted-pairs, which the
// quoted-pair rule allows (%x00-09 / %x0B-0C / %x0E-7F).
TEST(TortureExtra, IntmethQuotedPairsCoverControlOctets) {
  sip::ParseResult r = sip::parseMessage(readFile(kDir / "intmeth.sip"));
  ASSERT_TRUE(r.message) << r.error;
  std::optional<sip::NameAddr> to = r.message->to();
  ASSERT_TRUE(to);
  ASSERT_TRUE(to->displayName);
  EXPECT_EQ(to->displayName->size(), std::string("BEL:\\\x07 NUL:\\\0 DEL:\\\x7f", 20).size());
  std::optional<std::string> plain = to->unescapedDisplayName();
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, std::string("BEL:\x07 NUL:\0 DEL:\x7f", 17));
}

// mismatch01/02 parse (the core needs them to build the 400) and the semantic check flags them;
// the 3.1.1 requests pass it.
TEST(TortureExtra, CSeqMethodMismatchIsLeftToCheckRequestSemantics) {
  for (const char* tag : {"mismatch01", "mismatch02"}) {
    sip::ParseResult r = sip::parseMessage(readFile(kDir / (std::string(tag) + ".sip")));
    ASSERT_TRUE(r.message) << tag << ": " << r.error;
    std::optional<std::string> why = sip::checkRequestSemantics(*r.message);
    ASSERT_TRUE(why) << tag;
    EXPECT_NE(lower(*why).find("cseq"), std::string::npos) << *why;
  }
  for (const auto& [tag, c] : cases()) {
    if (!startsWith(c.section, "3.1.1.")) continue;
    sip::ParseResult r = sip::parseMessage(readFile(kDir / (tag + ".sip")));
    ASSERT_TRUE(r.message) << tag;
    EXPECT_EQ(sip::checkRequestSemantics(*r.message), std::nullopt) << tag;
  }
}

// mpart01's binary part survives octet for octet.
TEST(TortureExtra, Mpart01BinaryBodyIsKeptExactly) {
  const std::string d = readFile(kDir / "mpart01.sip");
  sip::ParseResult r = sip::parseMessage(d);
  ASSERT_TRUE(r.message) << r.error;
  EXPECT_EQ(r.message->body, d.substr(d.find("\r\n\r\n") + 4));
  EXPECT_NE(r.message->body.find('\0'), std::string::npos);
  EXPECT_NE(r.message->body.find("\x30\x82\x01\x52"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Fuzz regressions and seeds, replayed with the fuzz targets' own checks (tests/fuzz/fuzz_checks.h)
// so that the ordinary and sanitizer builds keep them fixed.
const fs::path kFuzzDir = fs::path(SIPWASM_TEST_DATA_DIR) / ".." / ".." / "fuzz";

std::vector<fs::path> filesIn(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "README.md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FuzzRegression, ReplaysEveryRegressionInput) {
  ASSERT_TRUE(fs::is_directory(kFuzzDir / "regressions")) << kFuzzDir / "regressions";
  for (const fs::path& p : filesIn(kFuzzDir / "regressions")) {
    const std::string name = p.filename().string();
    const std::string data = readFile(p);
    if (startsWith(name, "parser-")) EXPECT_EQ(sipfuzz::checkParser(data), "") << name;
    else if (startsWith(name, "grammar-")) EXPECT_EQ(sipfuzz::checkGrammar(data), "") << name;
    else ADD_FAILURE() << name << ": name it parser-* or grammar-*";
  }
}

TEST(FuzzRegression, ParserSeedsPassTheFuzzChecks) {
  const std::vector<fs::path> seeds = filesIn(kFuzzDir / "seeds" / "parser");
  EXPECT_GE(seeds.size(), 60u);
  for (const fs::path& p : seeds) EXPECT_EQ(sipfuzz::checkParser(readFile(p)), "") << p.filename();
}

TEST(FuzzRegression, GrammarSeedsPassTheFuzzChecks) {
  const std::vector<fs::path> seeds = filesIn(kFuzzDir / "seeds" / "grammar");
  EXPECT_GE(seeds.size(), 50u);
  for (const fs::path& p : seeds) EXPECT_EQ(sipfuzz::checkGrammar(readFile(p)), "") << p.filename();
}

// The seeds are meant to reach the grammar, not to bounce off it: each ordinary seed of a known
// rule must match its rule.
TEST(FuzzRegression, GrammarSeedsMatchTheirRules) {
  for (const fs::path& p : filesIn(kFuzzDir / "seeds" / "grammar")) {
    const std::string data = readFile(p);
    ASSERT_FALSE(data.empty());
    const std::string_view rule = sipfuzz::kRules[static_cast<unsigned char>(data[0]) % sipfuzz::kRules.size()];
    EXPECT_EQ(p.stem().string(), std::string(rule)) << "seed index and file name disagree";
    const std::string out = sip::parseRuleToJson(std::string_view(data).substr(1), rule);
    if (rule == "NoSuchRule") EXPECT_EQ(out, "-1");
    else EXPECT_NE(out, "-1") << rule << " rejects its seed: " << data.substr(1);
  }
}

}  // namespace
