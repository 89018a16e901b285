// JSON shapes of URIs and name-addrs as sip.js's grammar builds them (bindings/README.md).
#include "sip/json_shapes.h"

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

// parseFloat(qvalue).toString(): "0.500" -> "0.5", "0." -> "0", "1" -> "1".
std::string normalizeQ(const std::string& v) {
  std::string out = v;
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  return out.empty() ? "0" : out;
}

// parseInt(digits).toString() for the sizes that occur: leading zeros dropped.
std::string normalizeInt(const std::string& v) {
  size_t i = 0;
  while (i + 1 < v.size() && v[i] == '0') ++i;
  return v.substr(i);
}

bool allDigits(const std::string& v) {
  if (v.empty()) return false;
  for (char c : v) {
    if (!isDigit(c)) return false;
  }
  return true;
}

// sip.js's qvalue rule: "0" [ "." 0*3DIGIT ]
bool isZeroQ(const std::string& v) {
  if (v.empty() || v[0] != '0') return false;
  if (v.size() == 1) return true;
  if (v[1] != '.' || v.size() > 5) return false;
  for (size_t i = 2; i < v.size(); ++i) {
    if (!isDigit(v[i])) return false;
  }
  return true;
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
  for (const Param& p : na.params) {
    if (flavor == NameAddrFlavor::FromTo && p.name == "tag" && p.value && isToken(*p.value)) {
      tag = *p.value;  // re-added last, as sip.js's From/To action does
      continue;
    }
    Json value = p.value ? Json(*p.value) : Json(nullptr);
    if (flavor == NameAddrFlavor::Contact && p.value) {
      if (p.name == "q" && isZeroQ(*p.value)) value = normalizeQ(*p.value);
      if (p.name == "expires" && allDigits(*p.value)) value = normalizeInt(*p.value);
    }
    params[p.name] = std::move(value);
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
