// Via (RFC 3261 §20.42, §25.1 via-parm).
#include "sip/grammar_internal.h"
#include "sip/headers.h"
#include "sip/header_parse_util.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {
namespace detail {

namespace {

bool atParamEnd(const Scanner& s) {
  char c = s.peek();
  return s.atEnd() || c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\r';
}

// via-params value. received also takes a bare IPv6address (RFC 3261: received = IPv4address /
// IPv6address), which is not a token.
// `out` null: only checks.
bool scanViaParam(Scanner& s, Param* out) {
  size_t start = s.pos();
  std::string_view name = s.takeToken();
  if (name.empty()) return false;
  if (iequals(name, "received")) {
    size_t afterName = s.pos();
    if (s.equal()) {
      size_t vs = s.pos();
      if ((scanIPv4(s) || scanIPv6Reference(s) || scanIPv6Address(s)) && atParamEnd(s)) {
        if (out != nullptr) {
          out->name = "received";
          out->value = std::string(s.slice(vs));
        }
        return true;
      }
    }
    s.setPos(afterName);
  }
  if (iequals(name, "rport")) {
    // sip.js accepts "rport=" with no digits (response-port = DIGIT*); so do we.
    size_t afterName = s.pos();
    if (s.equal()) {
      std::string_view digits = s.takeDigits();
      if (atParamEnd(s)) {
        if (out != nullptr) {
          out->name = "rport";
          out->value = std::string(digits);
        }
        return true;
      }
    }
    s.setPos(afterName);
  }
  s.setPos(start);
  return scanGenericParam(s, out);
}

}  // namespace

namespace {

// The part of a via-parm before its parameters, as written: sent-protocol LWS sent-by.
struct SentProtocolAndBy {
  std::string_view name;
  std::string_view version;
  std::string_view transport;
  std::string_view host;
  HostType hostType = HostType::Domain;
  std::optional<uint32_t> port;
};

// Reads it at the scanner; on failure says what was expected in `failure`.
bool scanSentProtocolAndBy(Scanner& s, SentProtocolAndBy& out, std::string_view& failure) {
  const auto fail = [&](std::string_view what) {
    failure = what;
    return false;
  };
  out.name = s.takeToken();
  if (out.name.empty()) return fail("expected protocol name");
  if (!s.slash()) return fail("expected '/'");
  out.version = s.takeToken();
  if (out.version.empty()) return fail("expected protocol version");
  if (!s.slash()) return fail("expected '/'");
  out.transport = s.takeToken();
  if (out.transport.empty()) return fail("expected transport");
  if (!s.skipLWS()) return fail("expected whitespace before sent-by");
  if (!scanHost(s, &out.host, &out.hostType)) return fail("invalid sent-by host");
  if (s.matchSeparator(':') && !scanPortDigits(s, &out.port)) return fail("invalid port");
  return true;
}

}  // namespace

bool scanViaParm(Scanner& s, Via& via, std::string* error) { return scanViaParm(s, &via, error); }

bool scanViaParm(Scanner& s, Via* via, std::string* error) {
  size_t start = s.pos();
  SentProtocolAndBy head;
  std::string_view failure;
  if (!scanSentProtocolAndBy(s, head, failure)) {
    if (error != nullptr && error->empty()) *error = std::string(failure) + " at " + std::to_string(s.pos());
    s.setPos(start);
    return false;
  }
  if (via == nullptr) {
    while (true) {
      size_t before = s.pos();
      if (!s.semi()) break;
      if (!scanViaParam(s, nullptr)) {
        s.setPos(before);
        break;
      }
    }
    return true;
  }
  via->protocolName = std::string(head.name);
  via->protocolVersion = std::string(head.version);
  via->transport = std::string(head.transport);
  via->host = std::string(head.host);
  via->hostType = head.hostType;
  via->port = head.port;
  via->params.clear();
  while (true) {
    size_t before = s.pos();
    if (!s.semi()) break;
    Param p;
    if (!scanViaParam(s, &p)) {
      s.setPos(before);
      break;
    }
    via->params.push_back(std::move(p));
  }
  return true;
}

}  // namespace detail

std::optional<uint32_t> Via::rport() const {
  const Param* p = findParam(params, "rport");
  if (p == nullptr || !p->value) return std::nullopt;
  return digitsToU32(*p->value);
}

std::optional<uint32_t> Via::ttl() const {
  const Param* p = findParam(params, "ttl");
  if (p == nullptr || !p->value) return std::nullopt;
  return digitsToU32(*p->value);
}

std::string Via::toString() const {
  std::string out;
  out.reserve(32 + host.size());
  out += protocolName;
  out += '/';
  out += protocolVersion;
  out += '/';
  out += transport;
  out += ' ';
  out += host;
  if (port) {
    out += ':';
    out += std::to_string(*port);
  }
  appendParams(out, params);
  return out;
}

bool appendViaSentBy(std::string& out, std::string_view value) {
  Scanner s(trimWhitespace(value));
  detail::SentProtocolAndBy head;
  std::string_view failure;
  if (!detail::scanSentProtocolAndBy(s, head, failure)) return false;
  for (const char c : head.host) out += asciiLower(c);
  if (head.port) {
    out += ':';
    out += std::to_string(*head.port);
  }
  return true;
}

std::optional<std::string> viaSentBy(std::string_view value) {
  std::string sentBy;
  if (!appendViaSentBy(sentBy, value)) return std::nullopt;
  return sentBy;
}

std::optional<Via> parseVia(std::string_view value, std::string* error) {
  Scanner s(trimWhitespace(value));
  Via via;
  std::string err;
  if (!detail::scanViaParm(s, via, &err) || !s.atEnd()) {
    detail::setParseError(error, "Via", err, s);
    return std::nullopt;
  }
  return via;
}

std::optional<std::vector<Via>> parseViaList(std::string_view value, std::string* error) {
  Scanner s(trimWhitespace(value));
  std::vector<Via> list;
  std::string err;
  do {
    Via via;
    if (!detail::scanViaParm(s, via, &err)) {
      detail::setParseError(error, "Via", err, s);
      return std::nullopt;
    }
    list.push_back(std::move(via));
  } while (s.comma());
  if (!s.atEnd()) {
    detail::setParseError(error, "Via", err, s);
    return std::nullopt;
  }
  return list;
}

}  // namespace sip
