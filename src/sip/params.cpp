#include "sip/params.h"

#include <unordered_map>

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

void addOrReplaceParam(Params& params, Param p, std::unique_ptr<ParamIndex>& index) {
  constexpr size_t kIndexFrom = 16;
  if (index) {
    auto [it, inserted] = index->positions.try_emplace(p.name, params.size());
    if (inserted) {
      params.push_back(std::move(p));
    } else {
      params[it->second].value = std::move(p.value);
    }
    return;
  }
  for (Param& existing : params) {
    if (existing.name == p.name) {
      existing.value = std::move(p.value);
      return;
    }
  }
  params.push_back(std::move(p));
  if (params.size() >= kIndexFrom) {
    index = std::make_unique<ParamIndex>();
    for (size_t i = 0; i < params.size(); ++i) index->positions.emplace(params[i].name, i);
  }
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
