// Grammar.parse(input, rule) of sip.js 0.21.2, as JSON text (see bindings/README.md).
#pragma once
#include <string>
#include <string_view>

namespace sip {

// The JSON text of what sip.js's Grammar.parse(input, rule) returns for that start rule, with
// URIs as {"$uri": {...}} and name-addrs as {"$nameAddr": {...}}; "-1" when the input does not
// match the rule or the rule is unknown. Never throws. Like sip.js, the input is not trimmed.
//
// sip.js's start rules give sip.js's shapes (tests/native/grammar_json_sipjs_cases.inc holds 356
// of them as sip.js produced them; grammar_json_deviation_cases.inc the few deliberate
// differences). The rules this project adds give:
//   Route                 like Record_Route: [{position, offset, parsed: $nameAddr}]
//   Allow, Unsupported, Proxy_Require, Content_Encoding, Allow_Events
//                         ["token", ...]   (Allow may be empty: [])
//   Expires, Min_Expires, RSeq
//                         a number
//   RAck                  {rseq, cseq, method}
//   Authorization, Proxy_Authorization
//                         {scheme, <auth-param name>: value (unquoted), ...}
//   Reason                [{protocol, cause?, text? (unquoted), params?}]
//   P_Asserted_Identity, P_Preferred_Identity, Remote_Party_ID
//                         [$nameAddr, ...]   (any URI scheme)
//   Accept                [{type, subtype, parameters}]
//   Date                  the date text
//   Timestamp             {value, delay?}   (strings, as written)
//   Warning               [{code, agent, text}]
//   Retry_After           {seconds, comment?, duration?, params?}
// Referred_By takes the header value with or without sip.js's "Referred-By:" prefix.
// $uri carries "password" apart from "user" (sip.js keeps "user:password" in user), and, for a
// URI that is not sip:/sips: (tel:, urn:, http:... only possible in message JSON), "raw".
std::string parseRuleToJson(std::string_view input, std::string_view rule);

}  // namespace sip
