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
bool scanViaParam(Scanner& s, Param& out) {
  size_t start = s.pos();
  std::string_view name = s.takeToken();
  if (name.empty()) return false;
  if (iequals(name, "received")) {
    size_t afterName = s.pos();
    if (s.equal()) {
      size_t vs = s.pos();
      if ((scanIPv4(s) || scanIPv6Reference(s) || scanIPv6Address(s)) && atParamEnd(s)) {
        out.name = "received";
        out.value = std::string(s.slice(vs));
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
        out.name = "rport";
        out.value = std::string(digits);
        return true;
      }
    }
    s.setPos(afterName);
  }
  s.setPos(start);
  return scanGenericParam(s, out);
}

}  // namespace

bool scanViaParm(Scanner& s, Via& via, std::string* error) {
  size_t start = s.pos();
  auto fail = [&](std::string_view what) {
    if (error != nullptr && error->empty()) *error = std::string(what) + " at " + std::to_string(s.pos());
    s.setPos(start);
    return false;
  };
  std::string_view name = s.takeToken();
  if (name.empty()) return fail("expected protocol name");
  if (!s.slash()) return fail("expected '/'");
  std::string_view version = s.takeToken();
  if (version.empty()) return fail("expected protocol version");
  if (!s.slash()) return fail("expected '/'");
  std::string_view transport = s.takeToken();
  if (transport.empty()) return fail("expected transport");
  if (!s.skipLWS()) return fail("expected whitespace before sent-by");
  std::string_view host;
  HostType type;
  if (!scanHost(s, &host, &type)) return fail("invalid sent-by host");
  via.protocolName = std::string(name);
  via.protocolVersion = std::string(version);
  via.transport = std::string(transport);
  via.host = std::string(host);
  via.hostType = type;
  via.port.reset();
  via.params.clear();
  if (s.matchSeparator(':') && !scanPortDigits(s, &via.port)) return fail("invalid port");
  while (true) {
    size_t before = s.pos();
    if (!s.semi()) break;
    Param p;
    if (!scanViaParam(s, p)) {
      s.setPos(before);
      break;
    }
    via.params.push_back(std::move(p));
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
