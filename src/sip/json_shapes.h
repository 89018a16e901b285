// Internal: the JSON shapes of sip.js's grammar results (bindings/README.md), shared by
// grammar_json.cpp (Grammar.parse emulation) and message_json.cpp (parsed header values).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "sip/headers.h"
#include "sip/json_writer.h"
#include "sip/name_addr.h"
#include "sip/uri.h"

namespace sip::detail {

// {"$uri": {scheme, user, password, host, port, parameters, headers}}. For URIs that are not
// sip/sips (only reachable from message JSON) the same shape with "host" possibly empty and a
// "raw" member holding the whole URI text.
JsonText uriJson(const Uri& uri);

enum class NameAddrFlavor {
  Plain,
  FromTo,   // sip.js re-adds a valued "tag" parameter last
  Contact,  // sip.js turns q and expires into numbers (so "0.50" reads "0.5", "0060" reads "60")
};
// {"$nameAddr": {uri, displayName, parameters}}
JsonText nameAddrJson(const NameAddr& na, NameAddrFlavor flavor);

// Streaming forms of uriJson / nameAddrJson: append the same text to `out`. They return false when
// the value needs the JsonObject path (a repeated or a 17th parameter name, URI headers); `out`
// then holds a partial value that the caller truncates before falling back.
bool writeUriJson(JsonOut& out, const Uri& uri);
bool writeNameAddrJson(JsonOut& out, const NameAddr& na, NameAddrFlavor flavor);
// The packed forms of the raw Wasm path (bindings/README.md, "Packed message JSON"), same content:
// a URI as [scheme, user, password, host, port, {parameters}] (+ {headers} when it has some), a
// name-addr as [displayName, uri, {parameters}]. Never give up.
void writeUriPacked(JsonOut& out, const Uri& uri);
void writeNameAddrPacked(JsonOut& out, const NameAddr& na, NameAddrFlavor flavor);
// The Via rule's object for one via-parm, streamed (same contract).
bool writeViaJson(JsonOut& out, const Via& via);

// The JSON of `input` parsed with sip.js start rule `rule` (or one this project adds); nullopt
// when the input does not match or the rule is unknown. `strictSipUris` makes name-addr rules
// reject non-SIP URIs as sip.js does (Grammar.parse); message JSON passes false so that every
// header parseMessage accepted gets a value.
std::optional<JsonText> ruleJson(std::string_view input, std::string_view rule, bool strictSipUris);
// Same, appended to `out`; false (and `out` unchanged) when there is no match. Faster: the rules
// read on every received message stream their JSON.
bool appendRuleJson(JsonOut& out, std::string_view input, std::string_view rule, bool strictSipUris);

}  // namespace sip::detail
