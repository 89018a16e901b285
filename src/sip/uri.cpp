// URI parsing and serialization (RFC 3261 §19.1, §25.1; RFC 3966 for tel:; RFC 2396 absoluteURI).
#include "sip/uri.h"

#include "sip/grammar_internal.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {
namespace detail {
namespace {

bool isDomainLabelChar(char c) { return isAlphaNum(c) || c == '-' || c == '_'; }
bool isTopLabelChar(char c) { return isAlphaNum(c) || c == '-'; }

void setError(std::string* error, std::string_view what, size_t pos) {
  if (error != nullptr && error->empty()) {
    *error = std::string(what) + " at " + std::to_string(pos);
  }
}

// user = 1*( unreserved / escaped / user-unreserved )
bool isUserChar(char c) { return isUnreserved(c) || cc::has(c, cc::kUserUnreserved); }
// password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
bool isPasswordChar(char c) {
  return isUnreserved(c) || c == '&' || c == '=' || c == '+' || c == '$' || c == ',';
}
// paramchar = param-unreserved / unreserved / escaped
bool isParamChar(char c) { return isUnreserved(c) || cc::has(c, cc::kParamUnreserved); }
// hnv-unreserved / unreserved (hname and hvalue characters)
bool isHnvChar(char c) { return isUnreserved(c) || cc::has(c, cc::kHnvUnreserved); }
// uric = reserved / unreserved / escaped (RFC 2396), plus '[' ']' for IPv6 literals (RFC 2732).
bool isUricChar(char c) { return isUnreserved(c) || cc::has(c, cc::kReserved) || c == '[' || c == ']'; }

// Takes a run of characters of the class, where "%" HEXDIG HEXDIG also counts as one character;
// a '%' that does not start a valid escape ends the run (as in the PEG grammar).
std::string_view takeEscapedRun(Scanner& s, bool (*pred)(char)) {
  size_t start = s.pos();
  while (!s.atEnd()) {
    char c = s.peek();
    if (c == '%') {
      if (!s.matchEscaped()) break;
    } else if (pred(c)) {
      s.advance();
    } else {
      break;
    }
  }
  return s.slice(start);
}

bool scanDecOctet(Scanner& s) {
  // dec-octet 0..255 without leading zeros, longest match.
  size_t start = s.pos();
  std::string_view d = s.takeDigits();
  if (d.empty()) return false;
  if (d.size() > 3 || (d.size() > 1 && d[0] == '0')) {
    s.setPos(start);
    return false;
  }
  int v = 0;
  for (char c : d) v = v * 10 + (c - '0');
  if (v > 255) {
    s.setPos(start);
    return false;
  }
  return true;
}

bool scanH16(Scanner& s) {
  size_t start = s.pos();
  size_t n = 0;
  while (n < 4 && isHex(s.peek())) {
    s.advance();
    ++n;
  }
  if (n == 0) return false;
  if (isHex(s.peek())) {  // more than 4 hex digits
    s.setPos(start);
    return false;
  }
  return true;
}

}  // namespace

bool scanIPv4(Scanner& s) {
  size_t start = s.pos();
  for (int i = 0; i < 4; ++i) {
    if (i > 0 && !s.matchChar('.')) {
      s.setPos(start);
      return false;
    }
    if (!scanDecOctet(s)) {
      s.setPos(start);
      return false;
    }
  }
  return true;
}

bool scanIPv6Address(Scanner& s) {
  // Groups of h16 separated by ':', at most one "::", optionally ending in an IPv4 address that
  // counts as two groups; 8 groups total without "::", at most 7 with it.
  size_t start = s.pos();
  int groups = 0;
  bool doubleColon = false;
  if (s.peek() == ':' && s.peek(1) == ':') {
    s.advance(2);
    doubleColon = true;
  }
  bool needGroup = !doubleColon;  // after a single ':' (or at the start) a group must follow
  while (true) {
    // IPv4 tail?
    if (groups <= 6) {
      Scanner probe(s.input(), s.pos());
      if (scanIPv4(probe) && !(probe.peek() == ':' || isHex(probe.peek()) || probe.peek() == '.')) {
        s.setPos(probe.pos());
        groups += 2;
        needGroup = false;
        break;
      }
    }
    if (!scanH16(s)) {
      if (needGroup) {
        s.setPos(start);
        return false;
      }
      break;
    }
    ++groups;
    needGroup = false;
    if (groups > 8) {
      s.setPos(start);
      return false;
    }
    if (s.peek() == ':' && s.peek(1) == ':') {
      if (doubleColon) {
        s.setPos(start);
        return false;
      }
      doubleColon = true;
      s.advance(2);
      continue;
    }
    if (s.peek() == ':') {
      s.advance();
      needGroup = true;
      continue;
    }
    break;
  }
  if (needGroup) {
    s.setPos(start);
    return false;
  }
  if (doubleColon ? groups > 7 : groups != 8) {
    s.setPos(start);
    return false;
  }
  return true;
}

bool scanIPv6Reference(Scanner& s) {
  size_t start = s.pos();
  if (!s.matchChar('[')) return false;
  if (!scanIPv6Address(s) || !s.matchChar(']')) {
    s.setPos(start);
    return false;
  }
  return true;
}

namespace {

// RFC 3261: a label neither starts nor ends with '-'. '_' is tolerated anywhere (sip.js does; it
// shows up in real deployments).
bool labelEdgesOk(std::string_view label) { return label.front() != '-' && label.back() != '-'; }

bool isTopLabel(std::string_view label) {
  if (label.empty() || !isAlpha(label[0]) || !labelEdgesOk(label)) return false;
  for (char c : label) {
    if (!isTopLabelChar(c)) return false;
  }
  return true;
}

}  // namespace

bool scanHostname(Scanner& s) {
  size_t start = s.pos();
  std::string_view lastLabel;
  bool endedWithDot = false;
  while (true) {
    size_t labelStart = s.pos();
    std::string_view label = s.takeWhile(isDomainLabelChar);
    if (label.empty()) break;
    if (!labelEdgesOk(label)) {
      s.setPos(start);
      return false;
    }
    if (s.matchChar('.')) {
      lastLabel = label;
      endedWithDot = true;
      continue;
    }
    // Not followed by '.': this must be the toplabel.
    if (isTopLabel(label)) return true;
    s.setPos(labelStart);
    endedWithDot = false;
    break;
  }
  // "example.com." (RFC 3261 allows the trailing dot of a fully qualified name). sip.js's PEG
  // rejects it; we follow the RFC.
  if (endedWithDot && isTopLabel(lastLabel)) return true;
  s.setPos(start);
  return false;
}

bool scanHost(Scanner& s, std::string_view* host, HostType* type) {
  size_t start = s.pos();
  HostType t;
  if (scanHostname(s)) {
    t = HostType::Domain;
  } else if (scanIPv4(s)) {
    t = HostType::IPv4;
  } else if (scanIPv6Reference(s)) {
    t = HostType::IPv6;
  } else {
    return false;
  }
  if (host != nullptr) *host = s.slice(start);
  if (type != nullptr) *type = t;
  return true;
}

bool scanPortDigits(Scanner& s, std::optional<uint32_t>* port) {
  // sip.js: port = DIGIT{0,5}; an empty port is tolerated (left unset). Ports above 65535 are
  // rejected (sip.js accepts up to 99999).
  size_t ds = s.pos();
  while (s.pos() - ds < 5 && isDigit(s.peek())) s.advance();
  std::string_view digits = s.slice(ds);
  if (isDigit(s.peek())) return false;
  if (digits.empty()) return true;
  uint32_t v = digitsToU32Clamped(digits);
  if (v > 65535) return false;
  if (port != nullptr) *port = v;
  return true;
}

bool scanHostPort(Scanner& s, std::string_view* host, HostType* type, std::optional<uint32_t>* port) {
  size_t start = s.pos();
  if (!scanHost(s, host, type)) return false;
  if (port != nullptr) port->reset();
  if (s.matchChar(':') && !scanPortDigits(s, port)) {
    s.setPos(start);
    return false;
  }
  return true;
}

namespace {

bool isSchemeChar(char c) { return isAlphaNum(c) || c == '+' || c == '-' || c == '.'; }

// uri-parameters = *( ";" uri-parameter ), uri-parameter = pname [ "=" pvalue ].
// Returns false only on a malformed parameter right after a ';'.
// `out` null: only checks (the same text is accepted, nothing is built).
bool scanUriParams(Scanner& s, Params* out) {
  std::unique_ptr<ParamIndex> index;
  if (out != nullptr && s.peekIs(';') && out->capacity() < 4) out->reserve(4);  // most URIs with parameters have a few
  while (s.peekIs(';')) {
    size_t semi = s.pos();
    s.advance();
    std::string_view name = takeEscapedRun(s, isParamChar);
    if (name.empty()) {
      s.setPos(semi);
      return false;
    }
    if (out == nullptr) {
      if (s.matchChar('=') && takeEscapedRun(s, isParamChar).empty()) {
        s.setPos(semi);
        return false;
      }
      continue;
    }
    Param p{toLower(name), std::nullopt};
    if (s.matchChar('=')) {
      std::string_view value = takeEscapedRun(s, isParamChar);
      if (value.empty()) {
        s.setPos(semi);
        return false;
      }
      // sip.js lowercases the transport and user parameter values (when they are tokens, as its
      // grammar wants them); lr never carries a value.
      if ((p.name == "transport" || p.name == "user") && isToken(value)) {
        p.value = toLower(value);
      } else if (p.name == "lr") {
        p.value.reset();
      } else {
        p.value = std::string(value);
      }
    }
    // A repeated name replaces the earlier value in place (as a JavaScript object would).
    addOrReplaceParam(*out, std::move(p), index);
  }
  return true;
}

// headers = "?" header *( "&" header ), header = hname "=" hvalue
bool scanUriHeaders(Scanner& s, std::vector<UriHeader>* out) {
  if (!s.peekIs('?')) return true;
  size_t start = s.pos();
  char sep = '?';
  while (s.matchChar(sep)) {
    sep = '&';
    std::string_view name = takeEscapedRun(s, isHnvChar);
    if (name.empty() || !s.matchChar('=')) {
      s.setPos(start);
      return false;
    }
    std::string_view value = takeEscapedRun(s, isHnvChar);
    if (out != nullptr) out->push_back(UriHeader{std::string(name), std::string(value)});
  }
  return true;
}

}  // namespace

bool scanSipUri(Scanner& s, Uri& out, UriContext ctx, std::string* error) {
  return scanSipUri(s, &out, ctx, error);
}

bool scanSipUri(Scanner& s, Uri* out, UriContext ctx, std::string* error) {
  size_t start = s.pos();
  Uri uri;  // stays empty (no allocation) when only checking
  const bool build = out != nullptr;
  if (s.matchLiteralCI("sips:") || s.matchLiteralCI("sip:")) {
    if (build) uri.scheme = std::string(s.slice(start, s.pos() - 1));
  } else {
    setError(error, "expected sip: or sips: URI", start);
    return false;
  }
  // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"   (tried, backtracked if no '@')
  {
    size_t ui = s.pos();
    std::string_view user = takeEscapedRun(s, isUserChar);
    std::optional<std::string_view> password;
    if (!user.empty() && s.matchChar(':')) password = takeEscapedRun(s, isPasswordChar);
    if (!user.empty() && s.matchChar('@')) {
      // Without a '%' the user is ASCII and decodes to itself: only escapes need decoding to check.
      std::optional<std::string> decoded;
      if (build || user.find('%') != std::string_view::npos) {
        decoded = percentDecode(user);
        if (!decoded) {
          setError(error, "invalid escape in URI user", ui);
          s.setPos(start);
          return false;
        }
      }
      if (build) {
        uri.user = std::move(*decoded);
        if (password) uri.password = std::string(*password);
      }
    } else {
      s.setPos(ui);
    }
  }
  std::string_view host;
  HostType hostType;
  std::optional<uint32_t> port;
  if (!scanHostPort(s, &host, &hostType, &port)) {
    setError(error, "invalid URI host", s.pos());
    s.setPos(start);
    return false;
  }
  if (ctx == UriContext::Full) {
    if (!scanUriParams(s, build ? &uri.params : nullptr)) {
      setError(error, "invalid URI parameter", s.pos());
      s.setPos(start);
      return false;
    }
    if (!scanUriHeaders(s, build ? &uri.headers : nullptr)) {
      setError(error, "invalid URI header", s.pos());
      s.setPos(start);
      return false;
    }
  }
  if (build) {
    uri.host = std::string(host);
    uri.hostType = hostType;
    uri.port = port;
    *out = std::move(uri);
  }
  return true;
}

namespace {

bool isTelSubscriberChar(char c) {
  // global-number-digits / local-number-digits: digits, hex digits, '*', '#', visual separators
  // ("-" "." "(" ")"), and the leading '+'.
  return isHex(c) || c == '*' || c == '#' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' ||
         c == 'p' || c == 'P' || c == 'w' || c == 'W';
}

bool scanTelBody(Scanner& s, Uri& uri) {
  std::string_view subscriber = s.takeWhile(isTelSubscriberChar);
  if (subscriber.empty()) return false;
  uri.user = std::string(subscriber);
  return scanUriParams(s, &uri.params);
}

// Parses "//[userinfo@]host[:port]" at the start of an absolute URI's rest into uri (best effort:
// leaves host empty when the authority is not a host name).
void scanAuthority(std::string_view rest, Uri& uri) {
  if (!rest.starts_with("//")) return;
  Scanner a(rest, 2);
  size_t ui = a.pos();
  std::string_view user = takeEscapedRun(a, [](char c) {
    return isUnreserved(c) || c == ';' || c == ':' || c == '&' || c == '=' || c == '+' || c == '$' || c == ',';
  });
  if (!user.empty() && a.matchChar('@')) {
    uri.user = std::string(user);
  } else {
    a.setPos(ui);
  }
  std::string_view host;
  HostType type;
  std::optional<uint32_t> port;
  if (scanHostPort(a, &host, &type, &port)) {
    char next = a.peek();
    if (a.atEnd() || next == '/' || next == '?' || next == ';') {
      uri.host = std::string(host);
      uri.hostType = type;
      uri.port = port;
      return;
    }
  }
  uri.user.reset();
}

}  // namespace

bool scanAbsoluteUri(Scanner& s, Uri& out, bool stopAtSemicolon, std::string* error) {
  size_t start = s.pos();
  if (!isAlpha(s.peek())) {
    setError(error, "expected URI scheme", start);
    return false;
  }
  std::string_view scheme = s.takeWhile(isSchemeChar);
  if (!s.matchChar(':')) {
    setError(error, "expected ':' after URI scheme", s.pos());
    s.setPos(start);
    return false;
  }
  Uri uri;
  uri.scheme = std::string(scheme);
  size_t restStart = s.pos();
  // '[' and ']' only inside a "//[IPv6]" authority (RFC 2732); elsewhere they are not uric.
  bool inAuthority = s.rest().starts_with("//");
  if (inAuthority) s.advance(2);
  while (!s.atEnd()) {
    char c = s.peek();
    if (c == '%') {
      if (!s.matchEscaped()) break;
      continue;
    }
    if (c == '/') inAuthority = false;
    if ((c == '[' || c == ']') && !inAuthority) break;
    // RFC 3261 §20: a bare addr-spec containing ',', '?' or ';' must be in <...>; so outside
    // brackets these end the URI.
    if (!isUricChar(c) || (stopAtSemicolon && (c == ';' || c == ',' || c == '?'))) break;
    s.advance();
  }
  std::string_view rest = s.slice(restStart);
  if (rest.empty()) {
    setError(error, "empty absolute URI", restStart);
    s.setPos(start);
    return false;
  }
  if (iequals(scheme, "tel")) {
    // tel: subscriber and parameters (RFC 3966); anything else stays an opaque absolute URI.
    Scanner t(rest);
    Uri tel;
    tel.scheme = uri.scheme;
    if (scanTelBody(t, tel) && t.atEnd()) {
      out = std::move(tel);
      return true;
    }
  }
  uri.opaque = std::string(rest);
  scanAuthority(rest, uri);
  // "//authority": it must be [userinfo "@"] hostport (or empty, as in "file:///x"); sip.js's
  // grammar rejects other authorities too, and its transport validates ws:// URLs this way.
  if (rest.starts_with("//") && uri.host.empty() && !(rest.size() == 2 || rest[2] == '/')) {
    setError(error, "invalid URI authority", restStart);
    s.setPos(start);
    return false;
  }
  out = std::move(uri);
  return true;
}

bool scanAnyUri(Scanner& s, Uri& out, UriContext ctx, std::string* error) {
  return scanAnyUri(s, &out, ctx, error);
}

bool scanAnyUri(Scanner& s, Uri* out, UriContext ctx, std::string* error) {
  // The SIP-URI error is only written when the caller wants to know (it is a string to build, and
  // every "<sip:...>" name-addr first fails here as a bare addr-spec).
  std::string sipError;
  if (scanSipUri(s, out, ctx, error != nullptr ? &sipError : nullptr)) return true;
  // Only fall back to absoluteURI for other schemes: a malformed sip: URI stays an error.
  Scanner probe(s.input(), s.pos());
  if (probe.matchLiteralCI("sip:") || probe.matchLiteralCI("sips:")) {
    if (error != nullptr && error->empty()) *error = sipError;
    return false;
  }
  if (out != nullptr) return scanAbsoluteUri(s, *out, ctx == UriContext::AddrSpec, error);
  Uri ignored;  // other schemes are rare: checked by building them
  return scanAbsoluteUri(s, ignored, ctx == UriContext::AddrSpec, error);
}

}  // namespace detail

// ---- public API ----

namespace {

std::optional<Uri> parseWhole(std::string_view text, std::string* error, bool sipOnly) {
  Scanner s(text);
  Uri uri;
  std::string err;
  bool ok = sipOnly ? detail::scanSipUri(s, uri, detail::UriContext::Full, &err)
                    : detail::scanAnyUri(s, uri, detail::UriContext::Full, &err);
  if (ok && !s.atEnd()) {
    ok = false;
    err = "unexpected character '" + std::string(1, s.peek()) + "' at " + std::to_string(s.pos());
  }
  if (!ok) {
    if (error != nullptr) *error = err.empty() ? "invalid URI" : err;
    return std::nullopt;
  }
  return uri;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are errors for decodeURIComponent too.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

// encodeURIComponent's unescaped set, plus '+' '?' '/' that sip.js's escapeUser restores. sip.js
// also restores ':', because its user still holds ":password"; we keep the password apart, so a
// ':' inside the user must stay escaped or it would turn into a password separator.
bool userCharStaysLiteral(char c) {
  return isAlphaNum(c) || c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' ||
         c == '(' || c == ')' || c == '+' || c == '?' || c == '/';
}

void appendEscapedUser(std::string& out, std::string_view user) {
  static const char* kHex = "0123456789ABCDEF";
  for (char c : user) {
    if (userCharStaysLiteral(c)) {
      out += c;
    } else {
      unsigned char u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
}

std::string uriToString(const Uri& u, bool normal) {
  std::string out;
  out.reserve(32 + u.host.size());
  out += normal ? toLower(u.scheme) : u.scheme;
  out += ':';
  if (u.isAbsolute()) {
    out += u.opaque;
    return out;
  }
  if (u.isTel()) {
    if (u.user) out += *u.user;
    appendParams(out, u.params);
    return out;
  }
  if (u.user) {
    appendEscapedUser(out, *u.user);
    if (u.password) {
      out += ':';
      out += *u.password;
    }
    out += '@';
  }
  out += normal ? toLower(u.host) : u.host;
  if (u.port) {
    out += ':';
    out += std::to_string(*u.port);
  }
  appendParams(out, u.params);
  char sep = '?';
  for (const UriHeader& h : u.headers) {
    out += sep;
    sep = '&';
    out += h.name;
    out += '=';
    out += h.value;
  }
  return out;
}

}  // namespace

std::optional<Uri> parseSipUri(std::string_view text, std::string* error) { return parseWhole(text, error, true); }
std::optional<Uri> parseUri(std::string_view text, std::string* error) { return parseWhole(text, error, false); }

std::optional<std::string> percentDecode(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hexValue(s[i + 1]);
    int lo = hexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>((hi << 4) | lo);
    i += 2;
  }
  if (!isValidUtf8(out)) return std::nullopt;
  return out;
}

bool Uri::isSip() const { return iequals(scheme, "sip") || iequals(scheme, "sips"); }
bool Uri::isSips() const { return iequals(scheme, "sips"); }
bool Uri::isTel() const { return iequals(scheme, "tel") && opaque.empty(); }
bool Uri::isAbsolute() const { return !isSip() && !isTel(); }

std::string Uri::aor() const {
  std::string out;
  if (user) {
    out += *user;
    out += '@';
  }
  out += toLower(host);
  return out;
}

std::string Uri::toString() const { return uriToString(*this, true); }
std::string Uri::toRawString() const { return uriToString(*this, false); }

}  // namespace sip
