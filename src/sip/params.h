// Generic ";name[=value]" parameters shared by URIs, name-addrs and most header values.
#pragma once
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

namespace sip {

// One parameter. `name` is stored lowercased (SIP parameter names are case-insensitive and sip.js
// lowercases them); `value` is kept exactly as written (quoted strings keep their quotes), and is
// nullopt for a flag parameter such as ";lr".
struct Param {
  std::string name;
  std::optional<std::string> value;

  bool operator==(const Param&) const = default;
};

// Parameters keep their wire order. Lookups are by (case-insensitive) name; when a name occurs
// twice the first occurrence wins for lookups.
using Params = std::vector<Param>;

const Param* findParam(const Params& params, std::string_view name);
bool hasParam(const Params& params, std::string_view name);
// The value of `name`; nullopt when the parameter is absent OR present without a value
// (use hasParam to tell those apart).
std::optional<std::string> paramValue(const Params& params, std::string_view name);
// Replaces the value of an existing parameter (first occurrence) or appends a new one.
void setParam(Params& params, std::string_view name, std::optional<std::string> value);
// Removes every occurrence; returns whether one was present.
bool removeParam(Params& params, std::string_view name);
// Appends `p`, or, when a parameter of the same (already lowercased) name is there, replaces its
// value in place, as a JavaScript object would. Linear overall: a hash index is kept in *index
// once the list is long (pass the same index for every call on one list; may be null).
struct ParamIndex {
  std::unordered_map<std::string, size_t> positions;
};
void addOrReplaceParam(Params& params, Param p, std::unique_ptr<ParamIndex>& index);
// ";a=b;c" (leading ';' included for each), names as stored.
void appendParams(std::string& out, const Params& params);

}  // namespace sip
