// WWW-Authenticate / Proxy-Authenticate challenges and Authorization / Proxy-Authorization
// credentials (RFC 3261 §25.1, RFC 2617, RFC 7616, RFC 8760).
#include "sip/header_parse_util.h"
#include "sip/headers.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {
namespace detail {

bool scanAuthParam(Scanner& s, AuthParamScan& out) {
  size_t start = s.pos();
  std::string_view name = s.takeToken();
  if (name.empty() || !s.equal()) {
    s.setPos(start);
    return false;
  }
  out.param.name = toLower(name);
  if (auto inner = s.quotedString()) {
    out.param.value = unescapeQuoted(*inner);
    out.param.quoted = true;
    out.raw = *inner;
    return true;
  }
  std::string_view tok = s.takeToken();
  if (tok.empty()) {
    s.setPos(start);
    return false;
  }
  out.param.value = std::string(tok);
  out.param.quoted = false;
  out.raw = tok;
  return true;
}

}  // namespace detail

namespace {

// scheme LWS auth-param *(COMMA auth-param)
bool scanSchemeAndParams(Scanner& s, std::string& scheme, std::vector<AuthParam>& params, std::string* err) {
  std::string_view sch = s.takeToken();
  if (sch.empty()) {
    *err = "expected auth scheme at " + std::to_string(s.pos());
    return false;
  }
  scheme = std::string(sch);
  if (!s.skipLWS()) {
    *err = "expected auth-param after scheme at " + std::to_string(s.pos());
    return false;
  }
  do {
    detail::AuthParamScan p;
    if (!detail::scanAuthParam(s, p)) {
      *err = "invalid auth-param at " + std::to_string(s.pos());
      return false;
    }
    params.push_back(std::move(p.param));
  } while (s.comma());
  return true;
}

std::vector<std::string> splitQop(std::string_view v) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= v.size()) {
    size_t j = v.find(',', i);
    if (j == std::string_view::npos) j = v.size();
    std::string_view item = trimWhitespace(v.substr(i, j - i));
    if (!item.empty()) out.push_back(toLower(item));
    i = j + 1;
  }
  return out;
}

}  // namespace

const AuthParam* Challenge::param(std::string_view name) const {
  for (const AuthParam& p : params) {
    if (iequals(p.name, name)) return &p;
  }
  return nullptr;
}

const AuthParam* Credentials::param(std::string_view name) const {
  for (const AuthParam& p : params) {
    if (iequals(p.name, name)) return &p;
  }
  return nullptr;
}

std::optional<Challenge> parseChallenge(std::string_view value, std::string* error) {
  Scanner s(trimWhitespace(value));
  Challenge c;
  std::string err;
  if (!scanSchemeAndParams(s, c.scheme, c.params, &err) || !s.atEnd()) {
    detail::setParseError(error, "challenge", err, s);
    return std::nullopt;
  }
  for (const AuthParam& p : c.params) {
    if (p.name == "realm") {
      c.realm = p.value;
    } else if (p.name == "domain") {
      c.domain = p.value;
    } else if (p.name == "nonce") {
      c.nonce = p.value;
    } else if (p.name == "opaque") {
      c.opaque = p.value;
    } else if (p.name == "stale") {
      if (iequals(p.value, "true")) {
        c.stale = true;
      } else if (iequals(p.value, "false")) {
        c.stale = false;
      }
    } else if (p.name == "algorithm") {
      std::string a = p.value;
      for (char& ch : a) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
      c.algorithm = std::move(a);
    } else if (p.name == "qop") {
      c.qop = splitQop(p.value);
    }
  }
  return c;
}

std::optional<Credentials> parseCredentials(std::string_view value, std::string* error) {
  Scanner s(trimWhitespace(value));
  Credentials c;
  std::string err;
  if (!scanSchemeAndParams(s, c.scheme, c.params, &err) || !s.atEnd()) {
    detail::setParseError(error, "credentials", err, s);
    return std::nullopt;
  }
  for (const AuthParam& p : c.params) {
    if (p.name == "username") {
      c.username = p.value;
    } else if (p.name == "realm") {
      c.realm = p.value;
    } else if (p.name == "nonce") {
      c.nonce = p.value;
    } else if (p.name == "uri") {
      c.uri = p.value;
    } else if (p.name == "response") {
      c.response = p.value;
    } else if (p.name == "algorithm") {
      c.algorithm = p.value;
    } else if (p.name == "cnonce") {
      c.cnonce = p.value;
    } else if (p.name == "opaque") {
      c.opaque = p.value;
    } else if (p.name == "qop") {
      c.qop = p.value;
    } else if (p.name == "nc") {
      c.nc = p.value;
    } else if (p.name == "userhash") {
      c.userhash = iequals(p.value, "true");
    }
  }
  return c;
}

}  // namespace sip
