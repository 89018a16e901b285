// JSON shapes of URIs and name-addrs as sip.js's grammar builds them (bindings/README.md).
#include "sip/json_shapes.h"

#include "sip/header_parse_util.h"
#include "sip/header_registry.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip::detail {

namespace {

Json paramsObject(const Params& params) {
  Json obj = Json::object();
  for (const Param& p : params) {
    // A JavaScript object: a repeated key keeps its first position and takes the last value.
    obj[p.name] = p.value ? Json(*p.value) : Json(nullptr);
  }
  return obj;
}

}  // namespace

Json uriJson(const Uri& uri) {
  Json u = Json::object();
  u["scheme"] = uri.scheme;
  u["user"] = uri.user ? Json(*uri.user) : Json(nullptr);
  u["password"] = uri.password ? Json(*uri.password) : Json(nullptr);
  u["host"] = uri.host;
  u["port"] = uri.port ? Json(*uri.port) : Json(nullptr);
  u["parameters"] = paramsObject(uri.params);
  Json headers = Json::object();
  for (const UriHeader& h : uri.headers) {
    // sip.js groups URI headers by lowercased name; its URI class then headerizes the names.
    std::string name = headerize(h.name);
    if (!headers.contains(name)) headers[name] = Json::array();
    headers[name].push_back(h.value);
  }
  u["headers"] = std::move(headers);
  if (!uri.isSip()) u["raw"] = uri.toRawString();
  Json out = Json::object();
  out["$uri"] = std::move(u);
  return out;
}

Json nameAddrJson(const NameAddr& na, NameAddrFlavor flavor) {
  Json params = Json::object();
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
    params[p.name] = p.value ? Json(*p.value) : Json(nullptr);
  }
  if (tag) params["tag"] = *tag;
  Json n = Json::object();
  n["uri"] = uriJson(na.uri);
  n["displayName"] = na.displayName ? Json(*na.displayName) : Json(nullptr);
  n["parameters"] = std::move(params);
  Json out = Json::object();
  out["$nameAddr"] = std::move(n);
  return out;
}

std::string dumpJson(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace sip::detail
