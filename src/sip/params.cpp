#include "sip/params.h"

#include "sip/text.h"

namespace sip {

const Param* findParam(const Params& params, std::string_view name) {
  for (const Param& p : params) {
    if (iequals(p.name, name)) return &p;
  }
  return nullptr;
}

bool hasParam(const Params& params, std::string_view name) { return findParam(params, name) != nullptr; }

std::optional<std::string> paramValue(const Params& params, std::string_view name) {
  const Param* p = findParam(params, name);
  if (p == nullptr) return std::nullopt;
  return p->value;
}

void setParam(Params& params, std::string_view name, std::optional<std::string> value) {
  for (Param& p : params) {
    if (iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  params.push_back(Param{toLower(name), std::move(value)});
}

bool removeParam(Params& params, std::string_view name) {
  size_t before = params.size();
  std::erase_if(params, [&](const Param& p) { return iequals(p.name, name); });
  return params.size() != before;
}

void appendParams(std::string& out, const Params& params) {
  for (const Param& p : params) {
    out += ';';
    out += p.name;
    if (p.value) {
      out += '=';
      out += *p.value;
    }
  }
}

}  // namespace sip
