// name-addr / addr-spec and generic parameters (RFC 3261 §25.1: name-addr, addr-spec,
// display-name, generic-param).
#include "sip/name_addr.h"

#include "sip/grammar_internal.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {
namespace detail {

namespace {

// generic-param as views of the input: the name and the value as written (nullopt without one).
bool scanGenericParamText(Scanner& s, std::string_view* name, std::optional<std::string_view>* value) {
  *name = s.takeToken();
  if (name->empty()) return false;
  value->reset();
  size_t afterName = s.pos();
  if (s.equal()) {
    // gen-value = token / host / quoted-string (host adds only the IPv6 reference to token)
    size_t vs = s.pos();
    if (!s.takeToken().empty() || scanIPv6Reference(s)) {
      *value = s.slice(vs);
      return true;
    }
    size_t quoteStart = 0;
    if (s.quotedString(&quoteStart)) {
      *value = s.slice(quoteStart);
      return true;
    }
    s.setPos(afterName);  // "name=" without a value: the '=' is left for the caller to reject
  }
  return true;
}

}  // namespace

bool scanGenericParam(Scanner& s, Param& out) { return scanGenericParam(s, &out); }

bool scanGenericParam(Scanner& s, Param* out) {
  std::string_view name;
  std::optional<std::string_view> value;
  if (!scanGenericParamText(s, &name, &value)) return false;
  if (out == nullptr) return true;
  out->name = toLower(name);
  if (value) {
    out->value = std::string(*value);
  } else {
    out->value.reset();
  }
  return true;
}

void scanGenericParams(Scanner& s, Params& out) { scanGenericParams(s, &out); }

void scanGenericParams(Scanner& s, Params* out) {
  std::unique_ptr<ParamIndex> index;
  while (true) {
    size_t before = s.pos();
    if (!s.semi()) return;
    if (out == nullptr) {
      if (!scanGenericParam(s, nullptr)) {
        s.setPos(before);
        return;
      }
      continue;
    }
    Param p;
    if (!scanGenericParam(s, p)) {
      s.setPos(before);
      return;
    }
    if (out->capacity() < 4) out->reserve(4);  // most parameter lists are short: grow once
    // A repeated name replaces the earlier value in place, as sip.js's parameter objects do.
    addOrReplaceParam(*out, std::move(p), index);
  }
}

bool scanDisplayName(Scanner& s, std::string* out) {
  size_t start = s.pos();
  // token *(LWS token): tried first, without leading whitespace, as in sip.js's grammar.
  if (!s.takeToken().empty()) {
    size_t end = s.pos();
    while (true) {
      size_t before = s.pos();
      if (!s.skipLWS() || s.takeToken().empty()) {
        s.setPos(before);
        break;
      }
      end = s.pos();
    }
    if (out != nullptr) *out = std::string(s.slice(start, end));
    return true;
  }
  if (auto inner = s.quotedString()) {
    if (out != nullptr) *out = std::string(*inner);
    return true;
  }
  s.setPos(start);
  return false;
}

bool scanNameAddrHead(Scanner& s, NameAddr& out, NameAddrForm form, bool anyUri, std::string* error) {
  return scanNameAddrHead(s, &out, form, anyUri, error);
}

bool scanNameAddrHead(Scanner& s, NameAddr* out, NameAddrForm form, bool anyUri, std::string* error) {
  size_t start = s.pos();
  const bool build = out != nullptr;
  Uri uri;  // stays empty when only checking
  Uri* uriOut = build ? &uri : nullptr;
  if (form == NameAddrForm::NameAddrOrAddrSpec) {
    // addr-spec first (as sip.js), whose ";params" belong to the header, not the URI.
    bool ok = anyUri ? scanAnyUri(s, uriOut, UriContext::AddrSpec, nullptr)
                     : scanSipUri(s, uriOut, UriContext::AddrSpec, nullptr);
    if (ok) {
      if (build) {
        out->displayName.reset();
        out->uri = std::move(uri);
        out->params.clear();
        out->angleBrackets = false;
      }
      return true;
    }
    s.setPos(start);
  }
  std::string display;
  bool hasDisplay = scanDisplayName(s, build ? &display : nullptr);
  if (!s.laquot()) {
    if (error != nullptr && error->empty()) *error = "expected '<' at " + std::to_string(s.pos());
    s.setPos(start);
    return false;
  }
  std::string uriError;
  bool ok = anyUri ? scanAnyUri(s, uriOut, UriContext::Full, &uriError)
                   : scanSipUri(s, uriOut, UriContext::Full, &uriError);
  if (!ok) {
    if (error != nullptr && error->empty()) *error = uriError;
    s.setPos(start);
    return false;
  }
  if (!s.raquot()) {
    if (error != nullptr && error->empty()) *error = "expected '>' at " + std::to_string(s.pos());
    s.setPos(start);
    return false;
  }
  if (build) {
    out->displayName = hasDisplay ? std::optional<std::string>(std::move(display)) : std::nullopt;
    out->uri = std::move(uri);
    out->params.clear();
    out->angleBrackets = true;
  }
  return true;
}

}  // namespace detail

namespace {

std::string trailingError(const Scanner& s) {
  return "unexpected character '" + std::string(1, s.peek()) + "' at " + std::to_string(s.pos());
}

}  // namespace

namespace detail {

bool checkNameAddr(std::string_view text, std::string* error) {
  Scanner s(trimWhitespace(text));
  std::string err;
  if (!scanNameAddrHead(s, nullptr, NameAddrForm::NameAddrOrAddrSpec, true, &err)) {
    if (error != nullptr) *error = err.empty() ? "invalid name-addr" : err;
    return false;
  }
  scanGenericParams(s, nullptr);
  if (!s.atEnd()) {
    if (error != nullptr) *error = trailingError(s);
    return false;
  }
  return true;
}

}  // namespace detail

std::optional<NameAddr> parseNameAddr(std::string_view text, std::string* error) {
  Scanner s(trimWhitespace(text));
  NameAddr na;
  std::string err;
  if (!detail::scanNameAddrHead(s, na, detail::NameAddrForm::NameAddrOrAddrSpec, true, &err)) {
    if (error != nullptr) *error = err.empty() ? "invalid name-addr" : err;
    return std::nullopt;
  }
  detail::scanGenericParams(s, na.params);
  if (!s.atEnd()) {
    if (error != nullptr) *error = trailingError(s);
    return std::nullopt;
  }
  return na;
}

std::optional<std::vector<NameAddr>> parseNameAddrList(std::string_view text, std::string* error) {
  Scanner s(trimWhitespace(text));
  std::vector<NameAddr> list;
  do {
    NameAddr na;
    std::string err;
    if (!detail::scanNameAddrHead(s, na, detail::NameAddrForm::NameAddrOrAddrSpec, true, &err)) {
      if (error != nullptr) *error = err.empty() ? "invalid name-addr" : err;
      return std::nullopt;
    }
    detail::scanGenericParams(s, na.params);
    list.push_back(std::move(na));
  } while (s.comma());
  if (!s.atEnd()) {
    if (error != nullptr) *error = trailingError(s);
    return std::nullopt;
  }
  return list;
}

std::optional<std::string> parseDisplayName(std::string_view text, std::string* error) {
  Scanner s(text);
  std::string out;
  if (!detail::scanDisplayName(s, &out) || !s.atEnd()) {
    if (error != nullptr) *error = "invalid display name";
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> NameAddr::unescapedDisplayName() const {
  if (!displayName) return std::nullopt;
  return unescapeQuoted(*displayName);
}

std::string NameAddr::toString() const {
  std::string out;
  if (displayName && !displayName->empty()) {
    out += '"';
    out += *displayName;
    out += "\" ";
  }
  out += '<';
  out += uri.toString();
  out += '>';
  appendParams(out, params);
  return out;
}

}  // namespace sip
