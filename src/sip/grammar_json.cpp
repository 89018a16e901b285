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
#include <algorithm>
#include <cmath>
#include <vector>
#include <cstdio>
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

// parseInt(digits) as a JSON number: exact up to 15 digits; longer ones as the nearest double
// (what parseInt gives), and null past the double range (parseInt gives Infinity, which JSON
// cannot carry; many JSON parsers also reject such numbers).
JsonText numberFromDigits(std::string_view d) {
  size_t i = 0;
  while (i + 1 < d.size() && d[i] == '0') ++i;
  d = d.substr(i);
  if (d.size() <= 15) return JsonText{std::string(d)};
  double v = std::strtod(std::string(d).c_str(), nullptr);
  if (!std::isfinite(v)) return JsonText{"null"};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return JsonText{buf};
}

const char* hostTypeName(HostType t) {
  switch (t) {
    case HostType::IPv4: return "IPv4";
    case HostType::IPv6: return "IPv6";
    case HostType::Domain: break;
  }
  return "domain";
}

// The "params" member sip.js's grammar fills with generic parameters (set on the result when not
// empty).
void addParam(JsonObject& params, const Param& p) { params.set(p.name, p.value ? J(*p.value) : J(nullptr)); }

JsonText finish(JsonObject& out, const JsonObject& params) {
  if (!params.empty()) out.set("params", J(params));
  return J(out);
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

std::optional<JsonText> sipUriRule(std::string_view input) {
  Scanner s(input);
  Uri uri;
  if (!scanSipUri(s, uri, UriContext::Full, nullptr) || !s.atEnd()) return std::nullopt;
  return uriJson(uri);
}

std::optional<JsonText> absoluteUriRule(std::string_view input) {
  Scanner s(input);
  Uri uri;
  if (!scanAbsoluteUri(s, uri, false, nullptr) || !s.atEnd()) return std::nullopt;
  JsonObject out;
  out.set("scheme", J(uri.scheme));
  if (!uri.host.empty()) {
    out.set("host_type", J(hostTypeName(uri.hostType)));
    out.set("host", J(uri.host));
    if (uri.port) out.set("port", J(*uri.port));
  }
  return J(out);
}

std::optional<JsonText> hostRule(std::string_view input) {
  Scanner s(input);
  std::string_view host;
  HostType type;
  if (!scanHost(s, &host, &type) || !s.atEnd()) return std::nullopt;
  JsonObject out;
  out.set("host_type", J(hostTypeName(type)));
  out.set("host", J(std::string(host)));
  return J(out);
}

// stun_URI / turn_URI (RFC 7064 / 7065 as sip.js's grammar has them): a reg-name host comes out
// as the array of its characters (escapes kept whole), IPv4/IPv6 hosts as strings with host_type.
bool isRegNameChar(char c) {
  return isUnreserved(c) || c == '$' || c == ',' || c == ';' || c == ':' || c == '@' || c == '&' || c == '=' ||
         c == '+';
}

std::optional<JsonText> stunTurnRule(std::string_view input, bool turn) {
  Scanner s(input);
  JsonObject out;
  size_t start = s.pos();
  if (turn ? (s.matchLiteralCI("turns") || s.matchLiteralCI("turn")) : (s.matchLiteralCI("stuns") || s.matchLiteralCI("stun"))) {
    out.set("scheme", J(std::string(s.slice(start))));
  } else {
    return std::nullopt;
  }
  if (!s.matchChar(':')) return std::nullopt;
  size_t hs = s.pos();
  bool ipHost = false;
  if (scanIPv4(s)) {
    out.set("host_type", J("IPv4"));
    ipHost = true;
  } else if (scanIPv6Reference(s)) {
    out.set("host_type", J("IPv6"));
    ipHost = true;
  }
  if (ipHost) {
    out.set("host", J(std::string(s.slice(hs))));
    if (s.matchChar(':')) {
      size_t ds = s.pos();
      while (s.pos() - ds < 5 && isDigit(s.peek())) s.advance();
      if (s.pos() > ds) out.set("port", J(numberFromDigits(s.slice(ds))));
    }
  } else {
    JsonArray chars;
    while (!s.atEnd()) {
      size_t cs = s.pos();
      if (s.matchEscaped() || (isRegNameChar(s.peek()) && (s.advance(), true))) {
        chars.push(J(std::string(s.slice(cs))));
      } else {
        break;
      }
    }
    if (chars.empty()) return std::nullopt;
    out.set("host", J((chars)));
  }
  if (turn && s.matchLiteral("?transport=")) {
    std::string_view t = s.takeWhile(isUnreserved);
    if (t.empty()) return std::nullopt;
    out.set("transport", J(std::string(t)));
  }
  if (!s.atEnd()) return std::nullopt;
  return J(out);
}

std::optional<JsonText> uuidRule(std::string_view input) {
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
  return J(input);
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

std::optional<JsonText> requestResponseRule(std::string_view input) {
  {
    Scanner s(input);
    if (scanSipVersion(s)) {
      JsonObject out;
      out.set("sip_version", J(std::string(s.slice(0))));
      if (!s.matchChar(' ')) return std::nullopt;
      size_t cs = s.pos();
      for (int i = 0; i < 3; ++i) {
        if (!isDigit(s.peek())) return std::nullopt;
        s.advance();
      }
      out.set("status_code", J(numberFromDigits(s.slice(cs))));
      if (!s.matchChar(' ')) return std::nullopt;
      if (!isReasonPhrase(s.rest())) return std::nullopt;
      out.set("reason_phrase", J(std::string(s.rest())));
      return J(out);
    }
  }
  Scanner s(input);
  std::string_view method = s.takeToken();
  if (method.empty() || !s.matchChar(' ')) return std::nullopt;
  JsonObject out;
  out.set("method", J(std::string(method)));
  Uri uri;
  if (!scanAnyUri(s, uri, UriContext::Full, nullptr)) return std::nullopt;  // a bad sip: URI stays bad
  if (uri.isSip()) {
    out.set("uri", J(uriJson(uri)));
  } else {
    out.set("scheme", J(uri.scheme));  // sip.js builds no URI object for other schemes
  }
  if (!s.matchChar(' ')) return std::nullopt;
  size_t vs = s.pos();
  if (!scanSipVersion(s) || !s.atEnd()) return std::nullopt;
  out.set("sip_version", J(std::string(s.slice(vs))));
  return J(out);
}

// sipfrag (RFC 3420): start-line *message-header [CRLF message-body]; the result is the start
// line's, as in sip.js. Header lines are checked for "token HCOLON" only.
std::optional<JsonText> sipfragRule(std::string_view input) {
  size_t eol = input.find("\r\n");
  std::optional<JsonText> start = requestResponseRule(input.substr(0, eol));
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

std::optional<JsonText> nameAddrRule(std::string_view input, bool strict, NameAddrFlavor flavor, bool absoluteWithHostOk) {
  Scanner s(input);
  NameAddr na;
  if (!scanNameAddrHead(s, na, NameAddrForm::NameAddrOrAddrSpec, true, nullptr)) return std::nullopt;
  if (!uriAllowed(na.uri, strict, absoluteWithHostOk)) return std::nullopt;
  scanGenericParams(s, na.params);
  if (!s.atEnd()) return std::nullopt;
  return nameAddrJson(na, flavor);
}

// Name_Addr_Header = *display-name LAQUOT SIP-URI RAQUOT *(SEMI generic-param)
std::optional<JsonText> nameAddrHeaderRule(std::string_view input, bool strict) {
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
std::optional<JsonText> nameAddrListRule(std::string_view input, bool strict, NameAddrForm form, NameAddrFlavor flavor) {
  Scanner s(input);
  JsonArray list;
  do {
    size_t start = s.pos();
    NameAddr na;
    if (!scanNameAddrHead(s, na, form, true, nullptr)) return std::nullopt;
    if (!uriAllowed(na.uri, strict, false)) return std::nullopt;
    scanGenericParams(s, na.params);
    JsonObject entry;
    entry.set("position", J(utf16Length(input.substr(0, s.pos()))));
    entry.set("offset", J(utf16Length(input.substr(0, start))));
    entry.set("parsed", J(nameAddrJson(na, flavor)));
    list.push(J((entry)));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return J(list);
}

std::optional<JsonText> plainNameAddrListRule(std::string_view input) {
  Scanner s(input);
  JsonArray list;
  do {
    NameAddr na;
    if (!scanNameAddrHead(s, na, NameAddrForm::NameAddrOrAddrSpec, true, nullptr)) return std::nullopt;
    scanGenericParams(s, na.params);
    list.push(J(nameAddrJson(na, NameAddrFlavor::Plain)));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return J(list);
}

// Referred_By = ( "Referred-By" / "b" ) HCOLON referrer-uri *( SEMI ( referredby-id-param / generic-param ) )
// sip.js's start rule includes the header name and returns its raw data object.
// We also accept the value alone (without "Referred-By:"), which sip.js rejects.
std::optional<JsonText> referredByRule(std::string_view input) {
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
  JsonObject out;
  JsonObject params_;
  if (na.displayName) out.set("displayName", J(*na.displayName));
  out.set("uri", J(uriJson(na.uri)));
  for (const Param& p : na.params) addParam(params_, p);
  return finish(out, params_);
}

// ---- Via ----

void viaInto(JsonObject& out, JsonObject& params, const Via& via) {
  out.set("protocol", J(via.protocolName));
  out.set("transport", J(via.transport));
  out.set("host_type", J(hostTypeName(via.hostType)));
  out.set("host", J(via.host));
  if (via.port) out.set("port", J(*via.port));
  for (const Param& p : via.params) {
    const std::string& n = p.name;
    if (p.value) {
      const std::string& v = *p.value;
      if (n == "ttl" && isDigits(v, 1, 3)) {
        out.set("ttl", J(numberFromDigits(v)));
        continue;
      }
      if (n == "maddr" && isFullHost(v)) {
        out.set("maddr", J(v));
        continue;
      }
      if (n == "received" && isReceivedValue(v)) {
        out.set("received", J(v));
        continue;
      }
      if (n == "branch" && isToken(v)) {
        out.set("branch", J(v));
        continue;
      }
      if (n == "rport" && isDigits(v, 0, SIZE_MAX)) {
        out.set("rport", J(v));
        continue;
      }
    }
    addParam(params, p);
  }
}

std::optional<JsonText> viaRule(std::string_view input) {
  Scanner s(input);
  JsonObject out;
  JsonObject params;
  do {
    Via via;
    if (!scanViaParm(s, via, nullptr)) return std::nullopt;
    viaInto(out, params, via);  // several via-parms merge into one object, as in sip.js
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return finish(out, params);
}

// ---- other headers ----

std::optional<JsonText> cseqRule(std::string_view input) {
  Scanner s(input);
  std::string_view d = s.takeDigits();
  if (d.empty() || !s.skipLWS()) return std::nullopt;
  std::string_view m = s.takeToken();
  if (m.empty() || !s.atEnd()) return std::nullopt;
  JsonObject out;
  out.set("value", J(numberFromDigits(d)));
  out.set("method", J(std::string(m)));
  return J(out);
}

std::optional<JsonText> digitsRule(std::string_view input) {
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

std::optional<JsonText> minSeRule(std::string_view input) {
  Scanner s(input);
  std::string_view d;
  Params params;
  if (!scanDeltaWithParams(s, d, params)) return std::nullopt;
  return numberFromDigits(d);
}

std::optional<JsonText> sessionExpiresRule(std::string_view input) {
  Scanner s(input);
  std::string_view d;
  Params params;
  if (!scanDeltaWithParams(s, d, params)) return std::nullopt;
  JsonObject out;
  JsonObject params_;
  out.set("deltaSeconds", J(numberFromDigits(d)));
  for (const Param& p : params) {
    if (p.name == "refresher" && p.value && (iequals(*p.value, "uac") || iequals(*p.value, "uas"))) {
      out.set("refresher", J(toLower(*p.value)));
    } else {
      addParam(params_, p);
    }
  }
  return finish(out, params_);
}

std::optional<JsonText> callIdRule(std::string_view input) {
  Scanner s(input);
  if (!scanCallId(s) || !s.atEnd()) return std::nullopt;
  return J(input);
}

std::optional<JsonText> contentTypeRule(std::string_view input) {
  if (!parseContentType(input) || trimWhitespace(input).size() != input.size()) return std::nullopt;
  return J(input);
}

std::optional<JsonText> contentDispositionRule(std::string_view input) {
  Scanner s(input);
  std::string_view type = s.takeToken();
  if (type.empty()) return std::nullopt;
  Params params;
  scanGenericParams(s, params);
  if (!s.atEnd()) return std::nullopt;
  JsonObject out;
  JsonObject params_;
  out.set("type", J(toLower(type)));
  for (const Param& p : params) {
    if (p.name == "handling" && p.value && isToken(*p.value)) continue;  // sip.js keeps no handling value
    addParam(params_, p);
  }
  return finish(out, params_);
}

std::optional<JsonText> eventRule(std::string_view input) {
  Scanner s(input);
  if (!scanEventType(s)) return std::nullopt;
  std::string type(s.slice(0));
  Params params;
  scanGenericParams(s, params);
  if (!s.atEnd()) return std::nullopt;
  JsonObject out;
  JsonObject params_;
  for (const Param& p : params) addParam(params_, p);
  out.set("event", J(toLower(type)));
  return finish(out, params_);
}

std::optional<JsonText> subscriptionStateRule(std::string_view input) {
  Scanner s(input);
  std::string_view state = s.takeToken();
  if (state.empty()) return std::nullopt;
  Params params;
  scanGenericParams(s, params);
  if (!s.atEnd()) return std::nullopt;
  JsonObject out;
  JsonObject params_;
  out.set("state", J(std::string(state)));
  for (const Param& p : params) {
    if (p.value) {
      if (p.name == "reason" && isToken(*p.value)) {
        out.set("reason", J(*p.value));
        continue;
      }
      if (p.name == "expires" && isDigits(*p.value, 1, SIZE_MAX)) {
        out.set("expires", J(numberFromDigits(*p.value)));
        continue;
      }
      if (p.name == "retry_after" && isDigits(*p.value, 1, SIZE_MAX)) {
        out.set("retry_after", J(numberFromDigits(*p.value)));
        continue;
      }
    }
    addParam(params_, p);
  }
  return finish(out, params_);
}

// option-tag / token lists; `allowEmpty` for Supported/Require/Allow, whose value may be empty.
std::optional<JsonText> tokenListRule(std::string_view input, bool allowEmpty) {
  JsonArray out;
  if (input.empty()) {
    if (allowEmpty) return J(out);
    return std::nullopt;
  }
  Scanner s(input);
  do {
    std::string_view t = s.takeToken();
    if (t.empty()) return std::nullopt;
    out.push(J(std::string(t)));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return J(out);
}

std::optional<JsonText> allowEventsRule(std::string_view input) {
  Scanner s(input);
  JsonArray out;
  do {
    size_t start = s.pos();
    if (!scanEventType(s)) return std::nullopt;
    out.push(J(std::string(s.slice(start))));
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return J(out);
}

std::optional<JsonText> replacesRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto r = parseReplaces(input);
  if (!r) return std::nullopt;
  JsonObject out;
  JsonObject params_;
  out.set("call_id", J(r->callId));
  for (const Param& p : r->params) {
    bool tokenValue = p.value && isToken(*p.value);
    if (p.name == "from-tag" && tokenValue) {
      out.set("replaces_from_tag", J(*p.value));
    } else if (p.name == "to-tag" && tokenValue) {
      out.set("replaces_to_tag", J(*p.value));
    } else if (p.name == "early-only") {
      out.set("early_only", J(true));
    } else {
      addParam(params_, p);
    }
  }
  return finish(out, params_);
}

// challenge = ( "Digest" LWS digest-cln *(COMMA digest-cln) ) / other-challenge
std::optional<JsonText> challengeRule(std::string_view input) {
  Scanner s(input);
  std::string_view scheme = s.takeToken();
  if (scheme.empty() || !s.skipLWS()) return std::nullopt;
  bool digest = iequals(scheme, "Digest");
  JsonObject out;
  do {
    AuthParamScan p;
    if (!scanAuthParam(s, p)) return std::nullopt;
    if (!digest) continue;
    const std::string& n = p.param.name;
    const std::string& v = p.param.value;
    // sip.js reads realm, nonce and opaque only from quoted strings (their inside as written),
    // stale / algorithm only from tokens, and qop only from a quoted list.
    if (p.param.quoted && (n == "realm" || n == "nonce" || n == "opaque")) {
      out.set(n, J(std::string(p.raw)));
    } else if (!p.param.quoted && n == "stale" && (iequals(v, "true") || iequals(v, "false"))) {
      out.set("stale", J(iequals(v, "true")));
    } else if (!p.param.quoted && n == "algorithm") {
      std::string a = v;
      for (char& c : a) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      out.set("algorithm", J(a));
    } else if (p.param.quoted && n == "qop") {
      JsonArray qop;
      std::string_view rest(v);
      while (true) {
        size_t comma = rest.find(',');
        std::string_view item = trimWhitespace(rest.substr(0, comma));
        if (!item.empty()) qop.push(J(toLower(item)));
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
      }
      out.set("qop", J((qop)));
    }
  } while (s.comma());
  if (!s.atEnd()) return std::nullopt;
  return J(out);
}

std::optional<JsonText> credentialsRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto c = parseCredentials(input);
  if (!c) return std::nullopt;
  JsonObject out;
  out.set("scheme", J(c->scheme));
  for (const AuthParam& p : c->params) out.set(p.name, J(p.value));
  return J(out);
}

std::optional<JsonText> reasonRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto list = parseReasonList(input);
  if (!list) return std::nullopt;
  JsonArray out;
  for (const Reason& r : *list) {
    JsonObject o;
    JsonObject oparams_;
    o.set("protocol", J(r.protocol));
    if (r.cause) o.set("cause", J(*r.cause));
    if (r.text) o.set("text", J(*r.text));
    for (const Param& p : r.params) {
      if (p.name != "cause" && p.name != "text") addParam(oparams_, p);
    }
    out.push(finish(o, oparams_));
  }
  return J(out);
}

std::optional<JsonText> rackRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto r = parseRAck(input);
  if (!r) return std::nullopt;
  JsonObject out;
  out.set("rseq", J(r->rseq));
  out.set("cseq", J(r->cseq));
  out.set("method", J(r->method));
  return J(out);
}

std::optional<JsonText> acceptRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto list = parseAccept(input);
  if (!list) return std::nullopt;
  JsonArray out;
  for (const MediaType& m : *list) {
    JsonObject o;
    o.set("type", J(m.type));
    o.set("subtype", J(m.subtype));
    JsonObject params;
    for (const Param& p : m.params) params.set(p.name, J(p.value ? J(*p.value) : J(nullptr)));
    o.set("parameters", J((params)));
    out.push(J((o)));
  }
  return J(out);
}

std::optional<JsonText> dateRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size() || !parseDate(input)) return std::nullopt;
  return J(input);
}

std::optional<JsonText> timestampRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto t = parseTimestamp(input);
  if (!t) return std::nullopt;
  JsonObject out;
  out.set("value", J(t->value));
  if (t->delay) out.set("delay", J(*t->delay));
  return J(out);
}

std::optional<JsonText> warningRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto list = parseWarningList(input);
  if (!list) return std::nullopt;
  JsonArray out;
  for (const Warning& w : *list) {
    JsonObject o;
    o.set("code", J(w.code));
    o.set("agent", J(w.agent));
    o.set("text", J(w.text));
    out.push(J((o)));
  }
  return J(out);
}

std::optional<JsonText> retryAfterRule(std::string_view input) {
  if (trimWhitespace(input).size() != input.size()) return std::nullopt;
  auto r = parseRetryAfter(input);
  if (!r) return std::nullopt;
  JsonObject out;
  JsonObject params_;
  out.set("seconds", J(r->seconds));
  if (r->comment) out.set("comment", J(*r->comment));
  if (r->duration) out.set("duration", J(*r->duration));
  for (const Param& p : r->params) {
    if (p.name != "duration") addParam(params_, p);
  }
  return finish(out, params_);
}

std::optional<JsonText> quotedStringRule(std::string_view input) {
  Scanner s(input);
  if (!s.quotedString() || !s.atEnd()) return std::nullopt;
  return J(JsonObject{});
}

std::optional<JsonText> displayNameRule(std::string_view input) {
  Scanner s(input);
  std::string d;
  if (!scanDisplayName(s, &d) || !s.atEnd()) return std::nullopt;
  JsonObject out;
  out.set("displayName", J(d));
  return J(out);
}

// ---- streaming forms of the rules read on every received message ----
//
// Each one scans exactly as its JsonObject twin above (same scanner calls, same acceptance), then
// appends the same text to `out`. Slow means "this input needs the twin" (a repeated key, a list
// where one value is usual, many parameters): the caller truncates `out` and runs the twin.

enum class Fast { Ok, NoMatch, Slow };

Fast fastNameAddr(JsonOut& out, std::string_view input, bool strict, NameAddrFlavor flavor, bool absoluteWithHostOk) {
  Scanner s(input);
  NameAddr na;
  if (!scanNameAddrHead(s, na, NameAddrForm::NameAddrOrAddrSpec, true, nullptr)) return Fast::NoMatch;
  if (!uriAllowed(na.uri, strict, absoluteWithHostOk)) return Fast::NoMatch;
  scanGenericParams(s, na.params);
  if (!s.atEnd()) return Fast::NoMatch;
  return writeNameAddrJson(out, na, flavor) ? Fast::Ok : Fast::Slow;
}

Fast fastNameAddrList(JsonOut& out, std::string_view input, bool strict, NameAddrForm form, NameAddrFlavor flavor) {
  Scanner s(input);
  out += '[';
  size_t utf16At = 0;    // UTF-16 length of input[0, byteAt)
  size_t byteAt = 0;
  auto utf16To = [&](size_t pos) {
    utf16At += utf16Length(input.substr(byteAt, pos - byteAt));
    byteAt = pos;
    return utf16At;
  };
  bool first = true;
  do {
    size_t start = s.pos();
    NameAddr na;
    if (!scanNameAddrHead(s, na, form, true, nullptr)) return Fast::NoMatch;
    if (!uriAllowed(na.uri, strict, false)) return Fast::NoMatch;
    scanGenericParams(s, na.params);
    if (!first) out += ',';
    first = false;
    size_t offset = utf16To(start);
    size_t position = utf16To(s.pos());
    out += "{\"position\":";
    appendJsonUint(out, position);
    out += ",\"offset\":";
    appendJsonUint(out, offset);
    out += ",\"parsed\":";
    if (!writeNameAddrJson(out, na, flavor)) return Fast::Slow;
    out += '}';
  } while (s.comma());
  if (!s.atEnd()) return Fast::NoMatch;
  out += ']';
  return Fast::Ok;
}

Fast fastSipUri(JsonOut& out, std::string_view input) {
  Scanner s(input);
  Uri uri;
  if (!scanSipUri(s, uri, UriContext::Full, nullptr) || !s.atEnd()) return Fast::NoMatch;
  return writeUriJson(out, uri) ? Fast::Ok : Fast::Slow;
}

// viaRule's object for one via-parm.
bool writeViaJsonImpl(JsonOut& out, const Via& via) {
  out += "{\"protocol\":";
  appendJsonString(out, via.protocolName);
  out += ",\"transport\":";
  appendJsonString(out, via.transport);
  out += ",\"host_type\":\"";
  out += hostTypeName(via.hostType);
  out += "\",\"host\":";
  appendJsonString(out, via.host);
  if (via.port) {
    out += ",\"port\":";
    appendJsonUint(out, *via.port);
  }
  // The members viaInto sets from parameters, in parameter order; the others go to "params".
  KeyTracker special;
  const Param* generic[KeyTracker::kMaxKeys];
  size_t genericCount = 0;
  for (const Param& p : via.params) {
    const std::string& n = p.name;
    if (p.value) {
      const std::string& v = *p.value;
      bool numeric = false;
      bool take = false;
      if (n == "ttl" && isDigits(v, 1, 3)) {
        take = numeric = true;
      } else if (n == "maddr") {
        take = isFullHost(v);
      } else if (n == "received") {
        take = isReceivedValue(v);
      } else if (n == "branch") {
        take = isToken(v);
      } else if (n == "rport") {
        take = isDigits(v, 0, SIZE_MAX);
      }
      if (take) {
        if (!special.add(n)) return false;
        out += ',';
        appendJsonKey(out, n);
        if (numeric) {
          out += numberFromDigits(v).text;
        } else {
          appendJsonString(out, v);
        }
        continue;
      }
    }
    if (genericCount == KeyTracker::kMaxKeys) return false;
    generic[genericCount++] = &p;
  }
  if (genericCount > 0) {
    KeyTracker keys;
    out += ",\"params\":{";
    for (size_t i = 0; i < genericCount; ++i) {
      const Param& p = *generic[i];
      if (!keys.add(p.name)) return false;
      if (i > 0) out += ',';
      appendJsonKey(out, p.name);
      if (p.value) {
        appendJsonString(out, *p.value);
      } else {
        out += "null";
      }
    }
    out += '}';
  }
  out += '}';
  return true;
}

Fast fastVia(JsonOut& out, std::string_view input) {
  Scanner s(input);
  Via via;
  if (!scanViaParm(s, via, nullptr)) return Fast::NoMatch;
  if (!s.atEnd()) return Fast::Slow;  // several via-parms merge into one object: the twin
  return writeViaJsonImpl(out, via) ? Fast::Ok : Fast::Slow;
}

Fast fastCSeq(JsonOut& out, std::string_view input) {
  Scanner s(input);
  std::string_view d = s.takeDigits();
  if (d.empty() || !s.skipLWS()) return Fast::NoMatch;
  std::string_view m = s.takeToken();
  if (m.empty() || !s.atEnd()) return Fast::NoMatch;
  out += "{\"value\":";
  out += numberFromDigits(d).text;
  out += ",\"method\":";
  appendJsonString(out, m);
  out += '}';
  return Fast::Ok;
}

Fast fastDigits(JsonOut& out, std::string_view input) {
  if (!isDigits(input, 1, SIZE_MAX)) return Fast::NoMatch;
  out += numberFromDigits(input).text;
  return Fast::Ok;
}

Fast fastCallId(JsonOut& out, std::string_view input) {
  Scanner s(input);
  if (!scanCallId(s) || !s.atEnd()) return Fast::NoMatch;
  appendJsonString(out, input);
  return Fast::Ok;
}

Fast fastContentType(JsonOut& out, std::string_view input) {
  if (!parseContentType(input) || trimWhitespace(input).size() != input.size()) return Fast::NoMatch;
  appendJsonString(out, input);
  return Fast::Ok;
}

Fast fastTokenList(JsonOut& out, std::string_view input, bool allowEmpty) {
  if (input.empty()) {
    if (!allowEmpty) return Fast::NoMatch;
    out += "[]";
    return Fast::Ok;
  }
  Scanner s(input);
  out += '[';
  bool first = true;
  do {
    std::string_view t = s.takeToken();
    if (t.empty()) return Fast::NoMatch;
    if (!first) out += ',';
    first = false;
    appendJsonString(out, t);
  } while (s.comma());
  if (!s.atEnd()) return Fast::NoMatch;
  out += ']';
  return Fast::Ok;
}

using FastFn = Fast (*)(JsonOut& out, std::string_view input, bool strict);

using RuleFn = std::optional<JsonText> (*)(std::string_view input, bool strict);

struct Rule {
  std::string_view name;
  RuleFn fn;
  FastFn fast = nullptr;  // streaming form, when there is one
};

// Not sorted: looked up linearly (few dozen entries; a lookup costs less than one parse).
const Rule kRules[] = {
    {"Contact", [](std::string_view i, bool strict) -> std::optional<JsonText> {
       if (trimWhitespace(i) == "*") return std::nullopt;  // sip.js's Contact rule fails on "*"
       return nameAddrListRule(i, strict, NameAddrForm::NameAddrOrAddrSpec, NameAddrFlavor::Contact);
     },
     [](JsonOut& o, std::string_view i, bool strict) {
       if (trimWhitespace(i) == "*") return Fast::NoMatch;
       return fastNameAddrList(o, i, strict, NameAddrForm::NameAddrOrAddrSpec, NameAddrFlavor::Contact);
     }},
    {"Name_Addr_Header", [](std::string_view i, bool strict) { return nameAddrHeaderRule(i, strict); }},
    {"Record_Route", [](std::string_view i, bool strict) {
       return nameAddrListRule(i, strict, NameAddrForm::NameAddrOnly, NameAddrFlavor::Plain);
     },
     [](JsonOut& o, std::string_view i, bool strict) {
       return fastNameAddrList(o, i, strict, NameAddrForm::NameAddrOnly, NameAddrFlavor::Plain);
     }},
    {"Route", [](std::string_view i, bool strict) {
       return nameAddrListRule(i, strict, NameAddrForm::NameAddrOnly, NameAddrFlavor::Plain);
     },
     [](JsonOut& o, std::string_view i, bool strict) {
       return fastNameAddrList(o, i, strict, NameAddrForm::NameAddrOnly, NameAddrFlavor::Plain);
     }},
    {"Request_Response", [](std::string_view i, bool) { return requestResponseRule(i); }},
    {"sipfrag", [](std::string_view i, bool) { return sipfragRule(i); }},
    {"SIP_URI", [](std::string_view i, bool) { return sipUriRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastSipUri(o, i); }},
    {"Subscription_State", [](std::string_view i, bool) { return subscriptionStateRule(i); }},
    {"Supported", [](std::string_view i, bool) { return tokenListRule(i, true); },
     [](JsonOut& o, std::string_view i, bool) { return fastTokenList(o, i, true); }},
    {"Require", [](std::string_view i, bool) { return tokenListRule(i, true); },
     [](JsonOut& o, std::string_view i, bool) { return fastTokenList(o, i, true); }},
    {"Allow", [](std::string_view i, bool) { return tokenListRule(i, true); },
     [](JsonOut& o, std::string_view i, bool) { return fastTokenList(o, i, true); }},
    {"Unsupported", [](std::string_view i, bool) { return tokenListRule(i, false); }},
    {"Proxy_Require", [](std::string_view i, bool) { return tokenListRule(i, false); }},
    {"Content_Encoding", [](std::string_view i, bool) { return tokenListRule(i, false); }},
    {"Allow_Events", [](std::string_view i, bool) { return allowEventsRule(i); }},
    {"Via", [](std::string_view i, bool) { return viaRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastVia(o, i); }},
    {"absoluteURI", [](std::string_view i, bool) { return absoluteUriRule(i); }},
    {"Call_ID", [](std::string_view i, bool) { return callIdRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastCallId(o, i); }},
    {"Content_Disposition", [](std::string_view i, bool) { return contentDispositionRule(i); }},
    {"Content_Length", [](std::string_view i, bool) { return digitsRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastDigits(o, i); }},
    {"Max_Forwards", [](std::string_view i, bool) { return digitsRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastDigits(o, i); }},
    {"Expires", [](std::string_view i, bool) { return digitsRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastDigits(o, i); }},
    {"Min_Expires", [](std::string_view i, bool) { return digitsRule(i); }},
    {"RSeq", [](std::string_view i, bool) { return digitsRule(i); }},
    {"Content_Type", [](std::string_view i, bool) { return contentTypeRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastContentType(o, i); }},
    {"CSeq", [](std::string_view i, bool) { return cseqRule(i); },
     [](JsonOut& o, std::string_view i, bool) { return fastCSeq(o, i); }},
    {"displayName", [](std::string_view i, bool) { return displayNameRule(i); }},
    {"Event", [](std::string_view i, bool) { return eventRule(i); }},
    {"From", [](std::string_view i, bool strict) { return nameAddrRule(i, strict, NameAddrFlavor::FromTo, false); },
     [](JsonOut& o, std::string_view i, bool strict) { return fastNameAddr(o, i, strict, NameAddrFlavor::FromTo, false); }},
    {"To", [](std::string_view i, bool strict) { return nameAddrRule(i, strict, NameAddrFlavor::FromTo, false); },
     [](JsonOut& o, std::string_view i, bool strict) { return fastNameAddr(o, i, strict, NameAddrFlavor::FromTo, false); }},
    {"host", [](std::string_view i, bool) { return hostRule(i); }},
    {"Min_SE", [](std::string_view i, bool) { return minSeRule(i); }},
    {"Session_Expires", [](std::string_view i, bool) { return sessionExpiresRule(i); }},
    {"Proxy_Authenticate", [](std::string_view i, bool) { return challengeRule(i); }},
    {"WWW_Authenticate", [](std::string_view i, bool) { return challengeRule(i); }},
    {"challenge", [](std::string_view i, bool) { return challengeRule(i); }},
    {"Authorization", [](std::string_view i, bool) { return credentialsRule(i); }},
    {"Proxy_Authorization", [](std::string_view i, bool) { return credentialsRule(i); }},
    {"quoted_string", [](std::string_view i, bool) { return quotedStringRule(i); }},
    {"Refer_To", [](std::string_view i, bool strict) { return nameAddrRule(i, strict, NameAddrFlavor::Plain, true); },
     [](JsonOut& o, std::string_view i, bool strict) { return fastNameAddr(o, i, strict, NameAddrFlavor::Plain, true); }},
    {"Referred_By", [](std::string_view i, bool strict) -> std::optional<JsonText> {
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

bool writeViaJson(JsonOut& out, const Via& via) { return writeViaJsonImpl(out, via); }

constexpr size_t kNameBuckets = 32;  // names this long or longer share the last bucket

// By length first, as header_names.cpp's findEntry: few names share a length.
const Rule* findRule(std::string_view rule) {
  struct Index {
    std::vector<const Rule*> byLength[kNameBuckets + 1];  // the last: names of kNameBuckets bytes and more
    Index() {
      for (const Rule& r : kRules) byLength[std::min(r.name.size(), kNameBuckets)].push_back(&r);
    }
  };
  static const Index index;
  for (const Rule* r : index.byLength[std::min(rule.size(), kNameBuckets)]) {
    if (r->name == rule) return r;
  }
  return nullptr;
}

std::optional<JsonText> ruleJson(std::string_view input, std::string_view rule, bool strictSipUris) {
  const Rule* r = findRule(rule);
  if (r == nullptr) return std::nullopt;
  return r->fn(input, strictSipUris);
}

bool appendRuleJson(JsonOut& out, std::string_view input, std::string_view rule, bool strictSipUris) {
  const Rule* r = findRule(rule);
  if (r == nullptr) return false;
  const size_t mark = out.size();
  if (r->fast != nullptr) {
    switch (r->fast(out, input, strictSipUris)) {
      case Fast::Ok: return true;
      case Fast::NoMatch: out.resize(mark); return false;
      case Fast::Slow: out.resize(mark); break;
    }
  }
  std::optional<JsonText> j = r->fn(input, strictSipUris);
  if (!j) return false;
  out += j->text;
  return true;
}

}  // namespace detail

std::string parseRuleToJson(std::string_view input, std::string_view rule) {
  try {
    detail::JsonOut out;
    if (!detail::appendRuleJson(out, input, rule, true)) return "-1";
    return out.str();
  } catch (...) {
    // Only std::bad_alloc can get here; the contract is "-1 or JSON", never an exception.
    return "-1";
  }
}

}  // namespace sip
