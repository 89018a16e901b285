// Grammar.parse(input, rule) of sip.js 0.21.2, as JSON text (see bindings/README.md).
#pragma once
#include <string>
#include <string_view>

namespace sip {

// The JSON text of what sip.js's Grammar.parse(input, rule) returns for that start rule, with
// URIs as {"$uri": {...}} and name-addrs as {"$nameAddr": {...}}; "-1" when the input does not
// match the rule or the rule is unknown. Never throws.
std::string parseRuleToJson(std::string_view input, std::string_view rule);

}  // namespace sip
