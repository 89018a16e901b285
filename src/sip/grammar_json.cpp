// sip.js 0.21.2's Grammar.parse(input, startRule), reproduced rule by rule as JSON.
//
// Each rule parses the whole input with the scanners of src/sip and builds the object sip.js's
// grammar actions build for that start rule (key names, which keys appear when, numbers vs
// strings). Where sip.js's PEG has a plain bug, we follow the RFC instead; the deviations are
// listed in tests/native/grammar_json_test.cpp and in the final note of the change that added it:
//   - a Via/URI "maddr" no longer overwrites the host, a URI "ttl" stays a URI parameter;
//   - keyword prefixes do not fail a parse ("transport=udpx", "algorithm=MD5-sess", "lrx=1" are
//     accepted as ordinary values);
//   - "example.com." and "[::]" are hosts.
#include <cstdlib>

#include "sip/grammar_internal.h"
#include "sip/grammar_json.h"
#include "sip/header_parse_util.h"
#include "sip/headers.h"
#include "sip/json_shapes.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {
namespace detail {
namespace {

// parseInt(digits) as a JSON number.
Json numberFromDigits(std::string_view d) {
  size_t i = 0;
  while (i + 1 < d.size() && d[i] == '0') ++i;
  d = d.substr(i);
  if (d.size() <= 18) {
    uint64_t v = 0;
    for (char c : d) v = v * 10 + static_cast<uint64_t>(c - '0');
    return Json(v);
  }
  return Json(std::strtod(std::string(d).c_str(), nullptr));
}

const char* hostTypeName(HostType t) {
  switch (t) {
    case HostType::IPv4: return "IPv4";
    case HostType::IPv6: return "IPv6";
    case HostType::Domain: break;
  }
  return "domain";
}

// A JavaScript object built key by key: params go in a "params" member created on first use.
void addParam(Json& obj, const Param& p) {
  if (!obj.contains("params")) obj["params"] = Json::object();
  obj["params"][p.name] = p.value ? Json(*p.value) : Json(nullptr);
}

bool isFullHost(std::string_view v) {
  Scanner s(v);
  return scanHost(s, nullptr, nullptr) && s.atEnd();
}

bool isReceivedValue(std::string_view v) {
  Scanner a(v);
  if (scanIPv4(a) && a.atEnd()) return true;
  Scanner b(v);
  if (scanIPv6Address(b) && b.atEnd()) return true;
  Scanner c(v);
  return scanIPv6Reference(c) && c.atEnd();
}

bool isDigits(std::string_view v, size_t minLen, size_t maxLen) {
  if (v.size() < minLen || v.size() > maxLen) return false;
  for (char c : v) {
    if (!isDigit(c)) return false;
  }
  return true;
}

// ---- URI-ish rules ----

std::optional<Json> sipUriRule(std::string_view input) {
  Scanner s(input);
  Uri uri;
  if (!scanSipUri(s, uri, UriContext::Full, nullptr) || !s.atEnd()) return std::nullopt;
  return uriJson(uri);
}

std::optional<Json> absoluteUriRule(std::string_view input) {
  Scanner s(input);
  Uri uri;
  if (!scanAbsoluteUri(s, uri, false, nullptr) || !s.atEnd()) return std::nullopt;
  Json out = Json::object();
  out["scheme"] = uri.scheme;
  if (!uri.host.empty()) {
    out["host_type"] = hostTypeName(uri.hostType);
    out["host"] = uri.host;
    if (uri.port) out["port"] = *uri.port;
  }
  return out;
}

std::optional<Json> hostRule(std::string_view input) {
  Scanner s(input);
  std::string_view host;
  HostType type;
  if (!scanHost(s, &host, &type) || !s.atEnd()) return std::nullopt;
  Json out = Json::object();
  out["host_type"] = hostTypeName(type);
  out["host"] = std::string(host);
  return out;
}

// stun_URI / turn_URI (RFC 7064 / 7065 as sip.js's grammar has them): a reg-name host comes out
// as the array of its characters (escapes kept whole), IPv4/IPv6 hosts as strings with host_type.
bool isRegNameChar(char c) {
  return isUnreserved(c) || c == '$' || c == ',' || c == ';' || c == ':' || c == '@' || c == '&' || c == '=' ||
         c == '+';
}

std::optional<Json> stunTurnRule(std::string_view input, bool turn) {
  Scanner s(input);
  Json out = Json::object();
  size_t start = s.pos();
  if (turn ? (s.matchLiteralCI("turns") || s.matchLiteralCI("turn")) : (s.matchLiteralCI("stuns") || s.matchLiteralCI("stun"))) {
    out["scheme"] = std::string(s.slice(start));
  } else {
    return std::nullopt;
  }
  if (!s.matchChar(':')) return std::nullopt;
  size_t hs = s.pos();
  bool ipHost = false;
  if (scanIPv4(s)) {
    out["host_type"] = "IPv4";
    ipHost = true;
  } else if (scanIPv6Reference(s)) {
    out["host_type"] = "IPv6";
    ipHost = true;
  }
  if (ipHost) {
    out["host"] = std::string(s.slice(hs));
    if (s.matchChar(':')) {
      size_t ds = s.pos();
      while (s.pos() - ds < 5 && isDigit(s.peek())) s.advance();
      if (s.pos() > ds) out["port"] = numberFromDigits(s.slice(ds));
    }
  } else {
    Json chars = Json::array();
    while (!s.atEnd()) {
      size_t cs = s.pos();
      if (s.matchEscaped() || (isRegNameChar(s.peek()) && (s.advance(), true))) {
        chars.push_back(std::string(s.slice(cs)));
      } else {
        break;
      }
    }
    if (chars.empty()) return std::nullopt;
    out["host"] = std::move(chars);
  }
  if (turn && s.matchLiteral("?transport=")) {
    std::string_view t = s.takeWhile(isUnreserved);
    if (t.empty()) return std::nullopt;
    out["transport"] = std::string(t);
  }
  if (!s.atEnd()) return std::nullopt;
  return out;
}

std::optional<Json> uuidRule(std::string_view input) {
  static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  size_t i = 0;
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (i >= input.size() || input[i] != '-') return std::nullopt;
      ++i;
    }
    for (size_t k = 0; k < kGroups[g]; ++k, ++i) {
      if (i >= input.size() || !isHex(input[i])) return std::nullopt;
    }
  }
  if (i != input.size()) return std::nullopt;
  return Json(std::string(input));
}

// ---- start line ----

// Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB)
bool isReasonPhrase(std::string_view v) {
  Scanner s(v);
  while (!s.atEnd()) {
    char c = s.peek();
    if (c == '%') {
      if (!s.matchEscaped()) return false;
    } else if (isUnreserved(c) || cc::has(c, cc::kReserved) || isNonAscii(c) || c == ' ' || c == '\t') {
      s.advance();
    } else {
      return false;
    }
  }
  return true;
}

bool scanSipVersion(Scanner& s) {
  size_t start = s.pos();
  if (s.matchLiteralCI("SIP") && s.matchChar('/') && !s.takeDigits().empty() && s.matchChar('.') &&
      !s.takeDigits().empty()) {
    return true;
  }
  s.setPos(start);
  return false;
}

std::optional<Json> requestResponseRule(std::string_view input) {
  {
    Scanner s(input);
    if (scanSipVersion(s)) {
      Json out = Json::object();
      out["sip_version"] = std::string(s.slice(0));
      if (!s.matchChar(' ')) return std::nullopt;
      size_t cs = s.pos();
      for (int i = 0; i < 3; ++i) {
        if (!isDigit(s.peek())) return std::nullopt;
        s.advance();
      }
      out["status_code"] = numberFromDigits(s.slice(cs));
      if (!s.matchChar(' ')) return std::nullopt;
      if (!isReasonPhrase(s.rest())) return std::nullopt;
      out["reason_phrase"] = std::string(s.rest());
      return out;
    }
  }
  Scanner s(input);
  std::string_view method = s.takeToken();
  if (method.empty() || !s.matchChar(' ')) return std::nullopt;
  Json out = Json::object();
  out["method"] = std::string(method);
  Uri uri;
  if (scanSipUri(s, uri, UriContext::Full, nullptr)) {
    out["uri"] = uriJson(uri);
  } else if (scanAbsoluteUri(s, uri, false, nullptr)) {
    out["scheme"] = uri.scheme;  // sip.js builds no URI object for other schemes
  } else {
    return std::nullopt;
  }
  if (!s.matchChar(' ')) return std::nullopt;
  size_t vs = s.pos();
  if (!scanSipVersion(s) || !s.atEnd()) return std::nullopt;
  out["sip_version"] = std::string(s.slice(vs));
  return out;
}

// sipfrag (RFC 3420): start-line *message-header [CRLF message-body]; the result is the start
// line's, as in sip.js. Header lines are checked for "token HCOLON" only.
std::optional<Json> sipfragRule(std::string_view input) {
  size_t eol = input.find("\r\n");
  std::optional<Json> start = requestResponseRule(input.substr(0, eol));
  if (!start || eol == std::string_view::npos) return start;
  size_t pos = eol + 2;
  while (pos < input.size()) {
    if (input.substr(pos, 2) == "\r\n") return start;  // the body follows: anything goes
    size_t end = pos;
    while (true) {
      end = input.find("\r\n", end);
      if (end == std::string_view::npos) return std::nullopt;
      if (end + 2 < input.size() && isWsp(input[end + 2])) {
        end += 2;
        continue;
      }
      break;
    }
    Scanner h(input.substr(pos, end - pos));
    if (h.takeToken().empty()) return std::nullopt;
    h.skipWsp();
    if (!h.matchChar(':')) return std::nullopt;
    pos = end + 2;
  }
  return start;
}

// ---- name-addr rules ----

// SIP URIs only (sip.js), or any URI sip.js can make a URI object of (`hostRequired`: Refer-To's
// absoluteURI with an authority), or anything (message JSON).
bool uriAllowed(const Uri& uri, bool strict, bool absoluteWithHostOk) {
  if (!strict || uri.isSip()) return true;
  return absoluteWithHostOk && uri.isAbsolute() && !uri.host.empty();
}

std::optional<Json> nameAddrRule(std::string_view input, bool strict, NameAddrFlavor flavor, bool absoluteWithHostOk) {
  Scanner s(input);
  NameAddr na;
  if (!scanNameAddrHead(s, na, NameAddrForm::NameAddrOrAddrSpec, true, nullptr)) return std::nullopt;
  if (!uriAllowed(na.uri, strict, absoluteWithHostOk)) return std::nullopt;
  scanGenericParams(s, na.params);
  if (!s.atEnd()) return std::nullopt;
  return nameAddrJson(na, flavor);
}

// Name_Addr_Header = *display-name LAQUOT SIP-URI RAQUOT *(SEMI generic-param)
std::optional<Json> nameAddrHeaderRule(std::string_view input, bool strict) {
  Scanner s(input);
  NameAddr na;
  std::string display;
  bool hasDisplay = false;
  std::string d;
  while (scanDisplayName(s, &d)) {
    display = d;
    hasDisplay = true;
  }
  if (!s.laquot()) return std::nullopt;
  bool ok = strict ? scanSipUri(s, na.uri, UriContext::Full, nullptr) : scanAnyUri(s, na.uri, UriContext::Full, nullptr);
  if (!ok || !s.raquot()) return std::nullopt;
  if (hasDisplay) na.displayName = display;
  scanGenericParams(s, na.params);
  if (!s.atEnd()) return std::nullopt;
  return nameAddrJson(na, NameAddrFlavor::Plain);
}

// Contact / Record_Route / Route: [{position, offset, parsed}] with UTF-16 positions.
std::optional<Json> nameAddrListRule(std::string_view input, bool strict, NameAddrForm form, NameAddrFlavor flavor) {
  Scanner s(input);
  Json list = Json::array();
  do {
    size_t start = s.pos();
    NameAddr na;
    if (!scanNameAddrHead(s, na, form, true, nullptr)) return std::nullopt;
    if (!uriAllowed(na.uri, strict, false)) return std::nullopt;
    scanGenericParams(s, na.params);
    Json entry = Json::object();
    entry["position"] = utf16Length(input.substr(0, s.pos()));
    entry["offset"] = utf16Length(input.substr(0, start));
    entry["parsed"] = nameAddrJson(na, flavor);
    list.push_back(std::move(entry));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return list;
}

std::optional<Json> plainNameAddrListRule(std::string_view input) {
  Scanner s(input);
  Json list = Json::array();
  do {
    NameAddr na;
    if (!scanNameAddrHead(s, na, NameAddrForm::NameAddrOrAddrSpec, true, nullptr)) return std::nullopt;
    scanGenericParams(s, na.params);
    list.push_back(nameAddrJson(na, NameAddrFlavor::Plain));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return list;
}

// Referred_By = ( "Referred-By" / "b" ) HCOLON referrer-uri *( SEMI ( referredby-id-param / generic-param ) )
// sip.js's start rule includes the header name and returns its raw data object.
// We also accept the value alone (without "Referred-By:"), which sip.js rejects.
std::optional<Json> referredByRule(std::string_view input) {
  Scanner s(input);
  {
    Scanner h(input);
    if (h.matchLiteral("Referred-By") || h.matchLiteral("b")) {
      h.skipWsp();
      if (h.matchChar(':')) {
        h.skipSWS();
        s = h;
      }
    }
  }
  NameAddr na;
  if (!scanNameAddrHead(s, na, NameAddrForm::NameAddrOrAddrSpec, false, nullptr)) return std::nullopt;
  scanGenericParams(s, na.params);
  if (!s.atEnd()) return std::nullopt;
  Json out = Json::object();
  if (na.displayName) out["displayName"] = *na.displayName;
  out["uri"] = uriJson(na.uri);
  for (const Param& p : na.params) addParam(out, p);
  return out;
}

// ---- Via ----

void viaInto(Json& out, const Via& via) {
  out["protocol"] = via.protocolName;
  out["transport"] = via.transport;
  out["host_type"] = hostTypeName(via.hostType);
  out["host"] = via.host;
  if (via.port) out["port"] = *via.port;
  for (const Param& p : via.params) {
    const std::string& n = p.name;
    if (p.value) {
      const std::string& v = *p.value;
      if (n == "ttl" && isDigits(v, 1, 3)) {
        out["ttl"] = numberFromDigits(v);
        continue;
      }
      if (n == "maddr" && isFullHost(v)) {
        out["maddr"] = v;
        continue;
      }
      if (n == "received" && isReceivedValue(v)) {
        out["received"] = v;
        continue;
      }
      if (n == "branch" && isToken(v)) {
        out["branch"] = v;
        continue;
      }
      if (n == "rport" && isDigits(v, 0, SIZE_MAX)) {
        out["rport"] = v;
        continue;
      }
    }
    addParam(out, p);
  }
}

std::optional<Json> viaRule(std::string_view input) {
  Scanner s(input);
  Json out = Json::object();
  do {
    Via via;
    if (!scanViaParm(s, via, nullptr)) return std::nullopt;
    viaInto(out, via);  // several via-parms merge into one object, as in sip.js
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return out;
}

// ---- other headers ----

std::optional<Json> cseqRule(std::string_view input) {
  Scanner s(input);
  std::string_view d = s.takeDigits();
  if (d.empty() || !s.skipLWS()) return std::nullopt;
  std::string_view m = s.takeToken();
  if (m.empty() || !s.atEnd()) return std::nullopt;
  Json out = Json::object();
  out["value"] = numberFromDigits(d);
  out["method"] = std::string(m);
  return out;
}

std::optional<Json> digitsRule(std::string_view input) {
  if (!isDigits(input, 1, SIZE_MAX)) return std::nullopt;
  return numberFromDigits(input);
}

// delta-seconds *(SEMI generic-param), returning the scanner after the params.
bool scanDeltaWithParams(Scanner& s, std::string_view& digits, Params& params) {
  digits = s.takeDigits();
  if (digits.empty()) return false;
  scanGenericParams(s, params);
  return s.atEnd();
}

std::optional<Json> minSeRule(std::string_view input) {
  Scanner s(input);
  std::string_view d;
  Params params;
  if (!scanDeltaWithParams(s, d, params)) return std::nullopt;
  return numberFromDigits(d);
}

std::optional<Json> sessionExpiresRule(std::string_view input) {
  Scanner s(input);
  std::string_view d;
  Params params;
  if (!scanDeltaWithParams(s, d, params)) return std::nullopt;
  Json out = Json::object();
  out["deltaSeconds"] = numberFromDigits(d);
  for (const Param& p : params) {
    if (p.name == "refresher" && p.value && (iequals(*p.value, "uac") || iequals(*p.value, "uas"))) {
      out["refresher"] = toLower(*p.value);
    } else {
      addParam(out, p);
    }
  }
  return out;
}

std::optional<Json> callIdRule(std::string_view input) {
  Scanner s(input);
  if (!scanCallId(s) || !s.atEnd()) return std::nullopt;
  return Json(std::string(input));
}

std::optional<Json> contentTypeRule(std::string_view input) {
  if (!parseContentType(input) || trimWhitespace(input).size() != input.size()) return std::nullopt;
  return Json(std::string(input));
}

std::optional<Json> contentDispositionRule(std::string_view input) {
  Scanner s(input);
  std::string_view type = s.takeToken();
  if (type.empty()) return std::nullopt;
  Params params;
  scanGenericParams(s, params);
  if (!s.atEnd()) return std::nullopt;
  Json out = Json::object();
  out["type"] = toLower(type);
  for (const Param& p : params) {
    if (p.name == "handling" && p.value && isToken(*p.value)) continue;  // sip.js keeps no handling value
    addParam(out, p);
  }
  return out;
}

std::optional<Json> eventRule(std::string_view input) {
  Scanner s(input);
  if (!scanEventType(s)) return std::nullopt;
  std::string type(s.slice(0));
  Params params;
  scanGenericParams(s, params);
  if (!s.atEnd()) return std::nullopt;
  Json out = Json::object();
  for (const Param& p : params) addParam(out, p);
  out["event"] = toLower(type);
  return out;
}

std::optional<Json> subscriptionStateRule(std::string_view input) {
  Scanner s(input);
  std::string_view state = s.takeToken();
  if (state.empty()) return std::nullopt;
  Params params;
  scanGenericParams(s, params);
  if (!s.atEnd()) return std::nullopt;
  Json out = Json::object();
  out["state"] = std::string(state);
  for (const Param& p : params) {
    if (p.value) {
      if (p.name == "reason" && isToken(*p.value)) {
        out["reason"] = *p.value;
        continue;
      }
      if (p.name == "expires" && isDigits(*p.value, 1, SIZE_MAX)) {
        out["expires"] = numberFromDigits(*p.value);
        continue;
      }
      if (p.name == "retry_after" && isDigits(*p.value, 1, SIZE_MAX)) {
        out["retry_after"] = numberFromDigits(*p.value);
        continue;
      }
    }
    addParam(out, p);
  }
  return out;
}

// option-tag / token lists; `allowEmpty` for Supported/Require/Allow, whose value may be empty.
std::optional<Json> tokenListRule(std::string_view input, bool allowEmpty) {
  Json out = Json::array();
  if (input.empty()) {
    if (allowEmpty) return out;
    return std::nullopt;
  }
  Scanner s(input);
  do {
    std::string_view t = s.takeToken();
    if (t.empty()) return std::nullopt;
    out.push_back(std::string(t));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return out;
}

std::optional<Json> allowEventsRule(std::string_view input) {
  Scanner s(input);
  Json out = Json::array();
  do {
    size_t start = s.pos();
    if (!scanEventType(s)) return std::nullopt;
    out.push_back(std::string(s.slice(start)));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return out;
}

std::optional<Json> replacesRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto r = parseReplaces(input);
  if (!r) return std::nullopt;
  Json out = Json::object();
  out["call_id"] = r->callId;
  for (const Param& p : r->params) {
    bool tokenValue = p.value && isToken(*p.value);
    if (p.name == "from-tag" && tokenValue) {
      out["replaces_from_tag"] = *p.value;
    } else if (p.name == "to-tag" && tokenValue) {
      out["replaces_to_tag"] = *p.value;
    } else if (p.name == "early-only") {
      out["early_only"] = true;
    } else {
      addParam(out, p);
    }
  }
  return out;
}

// challenge = ( "Digest" LWS digest-cln *(COMMA digest-cln) ) / other-challenge
std::optional<Json> challengeRule(std::string_view input) {
  Scanner s(input);
  std::string_view scheme = s.takeToken();
  if (scheme.empty() || !s.skipLWS()) return std::nullopt;
  bool digest = iequals(scheme, "Digest");
  Json out = Json::object();
  do {
    AuthParamScan p;
    if (!scanAuthParam(s, p)) return std::nullopt;
    if (!digest) continue;
    const std::string& n = p.param.name;
    const std::string& v = p.param.value;
    // sip.js reads realm, nonce and opaque only from quoted strings (their inside as written),
    // stale / algorithm only from tokens, and qop only from a quoted list.
    if (p.param.quoted && (n == "realm" || n == "nonce" || n == "opaque")) {
      out[n] = std::string(p.raw);
    } else if (!p.param.quoted && n == "stale" && (iequals(v, "true") || iequals(v, "false"))) {
      out["stale"] = iequals(v, "true");
    } else if (!p.param.quoted && n == "algorithm") {
      std::string a = v;
      for (char& c : a) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      out["algorithm"] = a;
    } else if (p.param.quoted && n == "qop") {
      Json qop = Json::array();
      std::string_view rest(v);
      while (true) {
        size_t comma = rest.find(',');
        std::string_view item = trimWhitespace(rest.substr(0, comma));
        if (!item.empty()) qop.push_back(toLower(item));
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
      }
      out["qop"] = std::move(qop);
    }
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return out;
}

std::optional<Json> credentialsRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto c = parseCredentials(input);
  if (!c) return std::nullopt;
  Json out = Json::object();
  out["scheme"] = c->scheme;
  for (const AuthParam& p : c->params) out[p.name] = p.value;
  return out;
}

std::optional<Json> reasonRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto list = parseReasonList(input);
  if (!list) return std::nullopt;
  Json out = Json::array();
  for (const Reason& r : *list) {
    Json o = Json::object();
    o["protocol"] = r.protocol;
    if (r.cause) o["cause"] = *r.cause;
    if (r.text) o["text"] = *r.text;
    for (const Param& p : r.params) {
      if (p.name != "cause" && p.name != "text") addParam(o, p);
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<Json> rackRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto r = parseRAck(input);
  if (!r) return std::nullopt;
  Json out = Json::object();
  out["rseq"] = r->rseq;
  out["cseq"] = r->cseq;
  out["method"] = r->method;
  return out;
}

std::optional<Json> acceptRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto list = parseAccept(input);
  if (!list) return std::nullopt;
  Json out = Json::array();
  for (const MediaType& m : *list) {
    Json o = Json::object();
    o["type"] = m.type;
    o["subtype"] = m.subtype;
    Json params = Json::object();
    for (const Param& p : m.params) params[p.name] = p.value ? Json(*p.value) : Json(nullptr);
    o["parameters"] = std::move(params);
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<Json> dateRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size() || !parseDate(input)) return std::nullopt;
  return Json(std::string(input));
}

std::optional<Json> timestampRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto t = parseTimestamp(input);
  if (!t) return std::nullopt;
  Json out = Json::object();
  out["value"] = t->value;
  if (t->delay) out["delay"] = *t->delay;
  return out;
}

std::optional<Json> warningRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto list = parseWarningList(input);
  if (!list) return std::nullopt;
  Json out = Json::array();
  for (const Warning& w : *list) {
    Json o = Json::object();
    o["code"] = w.code;
    o["agent"] = w.agent;
    o["text"] = w.text;
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<Json> retryAfterRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto r = parseRetryAfter(input);
  if (!r) return std::nullopt;
  Json out = Json::object();
  out["seconds"] = r->seconds;
  if (r->comment) out["comment"] = *r->comment;
  if (r->duration) out["duration"] = *r->duration;
  for (const Param& p : r->params) {
    if (p.name != "duration") addParam(out, p);
  }
  return out;
}

std::optional<Json> quotedStringRule(std::string_view input) {
  Scanner s(input);
  if (!s.quotedString() || !s.atEnd()) return std::nullopt;
  return Json::object();
}

std::optional<Json> displayNameRule(std::string_view input) {
  Scanner s(input);
  std::string d;
  if (!scanDisplayName(s, &d) || !s.atEnd()) return std::nullopt;
  Json out = Json::object();
  out["displayName"] = d;
  return out;
}

using RuleFn = std::optional<Json> (*)(std::string_view input, bool strict);

struct Rule {
  std::string_view name;
  RuleFn fn;
};

// Not sorted: looked up linearly (few dozen entries; a lookup costs less than one parse).
const Rule kRules[] = {
    {"Contact", [](std::string_view i, bool strict) -> std::optional<Json> {
       if (trimWhitespace(i) == "*") return std::nullopt;  // sip.js's Contact rule fails on "*"
       return nameAddrListRule(i, strict, NameAddrForm::NameAddrOrAddrSpec, NameAddrFlavor::Contact);
     }},
    {"Name_Addr_Header", [](std::string_view i, bool strict) { return nameAddrHeaderRule(i, strict); }},
    {"Record_Route", [](std::string_view i, bool strict) {
       return nameAddrListRule(i, strict, NameAddrForm::NameAddrOnly, NameAddrFlavor::Plain);
     }},
    {"Route", [](std::string_view i, bool strict) {
       return nameAddrListRule(i, strict, NameAddrForm::NameAddrOnly, NameAddrFlavor::Plain);
     }},
    {"Request_Response", [](std::string_view i, bool) { return requestResponseRule(i); }},
    {"sipfrag", [](std::string_view i, bool) { return sipfragRule(i); }},
    {"SIP_URI", [](std::string_view i, bool) { return sipUriRule(i); }},
    {"Subscription_State", [](std::string_view i, bool) { return subscriptionStateRule(i); }},
    {"Supported", [](std::string_view i, bool) { return tokenListRule(i, true); }},
    {"Require", [](std::string_view i, bool) { return tokenListRule(i, true); }},
    {"Allow", [](std::string_view i, bool) { return tokenListRule(i, true); }},
    {"Unsupported", [](std::string_view i, bool) { return tokenListRule(i, false); }},
    {"Proxy_Require", [](std::string_view i, bool) { return tokenListRule(i, false); }},
    {"Content_Encoding", [](std::string_view i, bool) { return tokenListRule(i, false); }},
    {"Allow_Events", [](std::string_view i, bool) { return allowEventsRule(i); }},
    {"Via", [](std::string_view i, bool) { return viaRule(i); }},
    {"absoluteURI", [](std::string_view i, bool) { return absoluteUriRule(i); }},
    {"Call_ID", [](std::string_view i, bool) { return callIdRule(i); }},
    {"Content_Disposition", [](std::string_view i, bool) { return contentDispositionRule(i); }},
    {"Content_Length", [](std::string_view i, bool) { return digitsRule(i); }},
    {"Max_Forwards", [](std::string_view i, bool) { return digitsRule(i); }},
    {"Expires", [](std::string_view i, bool) { return digitsRule(i); }},
    {"Min_Expires", [](std::string_view i, bool) { return digitsRule(i); }},
    {"RSeq", [](std::string_view i, bool) { return digitsRule(i); }},
    {"Content_Type", [](std::string_view i, bool) { return contentTypeRule(i); }},
    {"CSeq", [](std::string_view i, bool) { return cseqRule(i); }},
    {"displayName", [](std::string_view i, bool) { return displayNameRule(i); }},
    {"Event", [](std::string_view i, bool) { return eventRule(i); }},
    {"From", [](std::string_view i, bool strict) { return nameAddrRule(i, strict, NameAddrFlavor::FromTo, false); }},
    {"To", [](std::string_view i, bool strict) { return nameAddrRule(i, strict, NameAddrFlavor::FromTo, false); }},
    {"host", [](std::string_view i, bool) { return hostRule(i); }},
    {"Min_SE", [](std::string_view i, bool) { return minSeRule(i); }},
    {"Session_Expires", [](std::string_view i, bool) { return sessionExpiresRule(i); }},
    {"Proxy_Authenticate", [](std::string_view i, bool) { return challengeRule(i); }},
    {"WWW_Authenticate", [](std::string_view i, bool) { return challengeRule(i); }},
    {"challenge", [](std::string_view i, bool) { return challengeRule(i); }},
    {"Authorization", [](std::string_view i, bool) { return credentialsRule(i); }},
    {"Proxy_Authorization", [](std::string_view i, bool) { return credentialsRule(i); }},
    {"quoted_string", [](std::string_view i, bool) { return quotedStringRule(i); }},
    {"Refer_To", [](std::string_view i, bool strict) { return nameAddrRule(i, strict, NameAddrFlavor::Plain, true); }},
    {"Referred_By", [](std::string_view i, bool strict) -> std::optional<Json> {
       if (strict) return referredByRule(i);
       return nameAddrRule(i, false, NameAddrFlavor::Plain, true);  // message JSON: the value alone
     }},
    {"Replaces", [](std::string_view i, bool) { return replacesRule(i); }},
    {"stun_URI", [](std::string_view i, bool) { return stunTurnRule(i, false); }},
    {"turn_URI", [](std::string_view i, bool) { return stunTurnRule(i, true); }},
    {"uuid", [](std::string_view i, bool) { return uuidRule(i); }},
    {"Reason", [](std::string_view i, bool) { return reasonRule(i); }},
    {"RAck", [](std::string_view i, bool) { return rackRule(i); }},
    {"P_Asserted_Identity", [](std::string_view i, bool) { return plainNameAddrListRule(i); }},
    {"P_Preferred_Identity", [](std::string_view i, bool) { return plainNameAddrListRule(i); }},
    {"Remote_Party_ID", [](std::string_view i, bool) { return plainNameAddrListRule(i); }},
    {"Accept", [](std::string_view i, bool) { return acceptRule(i); }},
    {"Date", [](std::string_view i, bool) { return dateRule(i); }},
    {"Timestamp", [](std::string_view i, bool) { return timestampRule(i); }},
    {"Warning", [](std::string_view i, bool) { return warningRule(i); }},
    {"Retry_After", [](std::string_view i, bool) { return retryAfterRule(i); }},
};

}  // namespace

std::optional<Json> ruleJson(std::string_view input, std::string_view rule, bool strictSipUris) {
  for (const Rule& r : kRules) {
    if (r.name == rule) return r.fn(input, strictSipUris);
  }
  return std::nullopt;
}

}  // namespace detail

std::string parseRuleToJson(std::string_view input, std::string_view rule) {
  try {
    std::optional<detail::Json> j = detail::ruleJson(input, rule, true);
    if (!j) return "-1";
    return detail::dumpJson(*j);
  } catch (...) {
    // Only std::bad_alloc can get here; the contract is "-1 or JSON", never an exception.
    return "-1";
  }
}

}  // namespace sip
