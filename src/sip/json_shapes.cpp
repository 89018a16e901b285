// JSON shapes of URIs and name-addrs as sip.js's grammar builds them (bindings/README.md).
#include "sip/json_shapes.h"

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

}  // namespace

JsonText uriJson(const Uri& uri) {
  JsonObject u;
  u.set("scheme", J(uri.scheme));
  u.set("user", uri.user ? J(*uri.user) : J(nullptr));
  u.set("password", uri.password ? J(*uri.password) : J(nullptr));
  u.set("host", J(uri.host));
  u.set("port", uri.port ? J(*uri.port) : J(nullptr));
  u.set("parameters", paramsObject(uri.params));
  // sip.js groups URI headers by lowercased name; its URI class then headerizes the names.
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
  u.set("headers", J(headers));
  if (!uri.isSip()) u.set("raw", J(uri.toRawString()));
  JsonObject out;
  out.set("$uri", J(u));
  return J(out);
}

JsonText nameAddrJson(const NameAddr& na, NameAddrFlavor flavor) {
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
  JsonObject n;
  n.set("uri", uriJson(na.uri));
  n.set("displayName", na.displayName ? J(*na.displayName) : J(nullptr));
  n.set("parameters", J(params));
  JsonObject out;
  out.set("$nameAddr", J(n));
  return J(out);
}

}  // namespace sip::detail
