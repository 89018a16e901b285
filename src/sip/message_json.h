// A parsed SIP message as JSON text for the JavaScript side (see bindings/README.md).
#pragma once
#include <string>
#include <string_view>

#include "sip/json_writer.h"
#include "sip/message.h"

namespace sip {

// {"type":"request", "method", "ruri", "headers": [[name, raw, parsed|null], ...], "body"} or
// {"type":"response", "statusCode", "reasonPhrase", "headers", "body"} or {"error": "..."}.
// `parsed` is given for the headers sip.js parses while parsing a message (the first Via, From,
// To, Call-ID, CSeq, Contact, Record-Route, Max-Forwards, Content-Length, Content-Type,
// WWW-Authenticate, Proxy-Authenticate, Refer-To), null for the others: parseHeaderValueToJson
// parses those when they are read. Never throws.
std::string parseMessageToJson(std::string_view data);
// The parsed value the message JSON gives (or would give) a header: the JSON of the grammar rule of
// the header named `name` (canonical spelling) with any URI scheme allowed; "-1" when the header
// has no rule or the value does not match it. Never throws.
std::string parseHeaderValueToJson(std::string_view name, std::string_view value);
// The same content in the raw Wasm path's packed form (bindings/README.md, "Packed message JSON"):
// [method, uri, name, raw, parsed, ..., body] or [statusCode, reasonPhrase, name, raw, parsed, ...,
// body], URIs and name-addrs as arrays; a JSON string (the reason) when the message is invalid.
// `out` is cleared first; its capacity is reused.
void parseMessageToPackedJson(std::string_view data, detail::JsonOut& out);
// Same JSON for an already parsed message.
std::string messageToJson(const Message& message);

}  // namespace sip
