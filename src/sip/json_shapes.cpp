// JSON shapes of URIs and name-addrs as sip.js's grammar builds them (bindings/README.md).
#include "sip/json_shapes.h"

#include <algorithm>
#include <unordered_map>

#include "sip/header_parse_util.h"
#include "sip/header_registry.h"
#include "sip/scanner.h"

namespace sip::detail {

namespace {

JsonText paramsObject(const Params& params) {
  JsonObject obj;
  // A JavaScript object: a repeated key keeps its first position and takes the last value.
  for (const Param& p : params) obj.set(p.name, p.value ? J(*p.value) : J(nullptr));
  return J(obj);
}

// sip.js groups URI headers by lowercased name; its URI class then headerizes the names.
JsonText uriHeadersObject(const Uri& uri) {
  std::vector<std::pair<std::string, JsonArray>> groups;
  std::unordered_map<std::string, size_t> groupOf;  // linear in the number of headers
  for (const UriHeader& h : uri.headers) {
    std::string name = headerize(h.name);
    auto [it, inserted] = groupOf.try_emplace(name, groups.size());
    if (inserted) groups.emplace_back(std::move(name), JsonArray{});
    groups[it->second].second.push(J(h.value));
  }
  JsonObject headers;
  for (const auto& g : groups) headers.set(g.first, J(g.second));
  return J(headers);
}

JsonText nameAddrParamsObject(const NameAddr& na, NameAddrFlavor flavor) {
  JsonObject params;
  std::optional<std::string> tag;
  Params normalized;
  if (flavor == NameAddrFlavor::Contact) {
    normalized = na.params;
    normalizeContactParams(normalized);
  }
  for (const Param& p : flavor == NameAddrFlavor::Contact ? normalized : na.params) {
    if (flavor == NameAddrFlavor::FromTo && p.name == "tag" && p.value && isToken(*p.value)) {
      tag = *p.value;  // re-added last, as sip.js's From/To action does
      continue;
    }
    params.set(p.name, p.value ? J(*p.value) : J(nullptr));
  }
  if (tag) params.set("tag", J(*tag));
  return J(params);
}

}  // namespace

JsonText uriJson(const Uri& uri) {
  JsonObject u;
  u.set("scheme", J(uri.scheme));
  u.set("user", uri.user ? J(*uri.user) : J(nullptr));
  u.set("password", uri.password ? J(*uri.password) : J(nullptr));
  u.set("host", J(uri.host));
  u.set("port", uri.port ? J(*uri.port) : J(nullptr));
  u.set("parameters", paramsObject(uri.params));
  u.set("headers", uriHeadersObject(uri));
  if (!uri.isSip()) u.set("raw", J(uri.toRawString()));
  JsonObject out;
  out.set("$uri", J(u));
  return J(out);
}

JsonText nameAddrJson(const NameAddr& na, NameAddrFlavor flavor) {
  JsonObject n;
  n.set("uri", uriJson(na.uri));
  n.set("displayName", na.displayName ? J(*na.displayName) : J(nullptr));
  n.set("parameters", nameAddrParamsObject(na, flavor));
  JsonObject out;
  out.set("$nameAddr", J(n));
  return J(out);
}

namespace {

// Contact's q and expires as sip.js writes them (normalizeContactParams without the copy): both
// normal forms are a part of the value as written.
std::string_view contactParamValue(const Param& p) {
  std::string_view v = *p.value;
  if (p.name == "q" && !v.empty() && v[0] == '0') {
    bool ok = v.size() == 1 || (v[1] == '.' && v.size() <= 5);
    for (size_t i = 2; ok && i < v.size(); ++i) ok = isDigit(v[i]);
    if (ok && v.find('.') != std::string_view::npos) {
      while (v.back() == '0') v.remove_suffix(1);
      if (v.back() == '.') v.remove_suffix(1);
    }
  } else if (p.name == "expires" && !v.empty() && std::all_of(v.begin(), v.end(), isDigit)) {
    size_t i = 0;
    while (i + 1 < v.size() && v[i] == '0') ++i;
    v.remove_prefix(i);
  }
  return v;
}

bool writeParamsJson(JsonOut& out, const Params& params, NameAddrFlavor flavor) {
  KeyTracker keys;
  const Param* tag = nullptr;
  out += '{';
  bool first = true;
  for (const Param& p : params) {
    if (flavor == NameAddrFlavor::FromTo && p.name == "tag" && p.value && isToken(*p.value)) {
      if (tag != nullptr) return false;
      tag = &p;  // re-added last, as sip.js's From/To action does
      continue;
    }
    if (!keys.add(p.name)) return false;
    if (!first) out += ',';
    first = false;
    appendJsonKey(out, p.name);
    if (!p.value) {
      out += "null";
    } else if (flavor == NameAddrFlavor::Contact) {
      appendJsonString(out, contactParamValue(p));
    } else {
      appendJsonString(out, *p.value);
    }
  }
  if (tag != nullptr) {
    if (!keys.add("tag")) return false;
    if (!first) out += ',';
    out += "\"tag\":";
    appendJsonString(out, *tag->value);
  }
  out += '}';
  return true;
}

}  // namespace

bool writeUriJson(JsonOut& out, const Uri& uri) {
  if (!uri.headers.empty()) return false;  // grouped by headerized name: the JsonObject path
  out += "{\"$uri\":{\"scheme\":";
  appendJsonString(out, uri.scheme);
  out += ",\"user\":";
  if (uri.user) {
    appendJsonString(out, *uri.user);
  } else {
    out += "null";
  }
  out += ",\"password\":";
  if (uri.password) {
    appendJsonString(out, *uri.password);
  } else {
    out += "null";
  }
  out += ",\"host\":";
  appendJsonString(out, uri.host);
  out += ",\"port\":";
  if (uri.port) {
    appendJsonUint(out, *uri.port);
  } else {
    out += "null";
  }
  out += ",\"parameters\":";
  if (!writeParamsJson(out, uri.params, NameAddrFlavor::Plain)) return false;
  out += ",\"headers\":{}";
  if (!uri.isSip()) {
    out += ",\"raw\":";
    appendJsonString(out, uri.toRawString());
  }
  out += "}}";
  return true;
}

bool writeNameAddrJson(JsonOut& out, const NameAddr& na, NameAddrFlavor flavor) {
  out += "{\"$nameAddr\":{\"uri\":";
  if (!writeUriJson(out, na.uri)) return false;
  out += ",\"displayName\":";
  if (na.displayName) {
    appendJsonString(out, *na.displayName);
  } else {
    out += "null";
  }
  out += ",\"parameters\":";
  if (!writeParamsJson(out, na.params, flavor)) return false;
  out += "}}";
  return true;
}

namespace {

void appendStringOrNull(JsonOut& out, const std::optional<std::string>& v) {
  if (v) {
    appendJsonString(out, *v);
  } else {
    out += "null";
  }
}

}  // namespace

void writeUriPacked(JsonOut& out, const Uri& uri) {
  out += '[';
  appendJsonString(out, uri.scheme);
  out += ',';
  appendStringOrNull(out, uri.user);
  out += ',';
  appendStringOrNull(out, uri.password);
  out += ',';
  appendJsonString(out, uri.host);
  out += ',';
  if (uri.port) {
    appendJsonUint(out, *uri.port);
  } else {
    out += "null";
  }
  out += ',';
  const size_t mark = out.size();
  if (!writeParamsJson(out, uri.params, NameAddrFlavor::Plain)) {
    out.resize(mark);
    out += paramsObject(uri.params).text;
  }
  if (!uri.headers.empty()) {
    out += ',';
    out += uriHeadersObject(uri).text;
  }
  out += ']';
}

void writeNameAddrPacked(JsonOut& out, const NameAddr& na, NameAddrFlavor flavor) {
  out += '[';
  appendStringOrNull(out, na.displayName);
  out += ',';
  writeUriPacked(out, na.uri);
  out += ',';
  const size_t mark = out.size();
  if (!writeParamsJson(out, na.params, flavor)) {
    out.resize(mark);
    out += nameAddrParamsObject(na, flavor).text;
  }
  out += ']';
}

}  // namespace sip::detail
