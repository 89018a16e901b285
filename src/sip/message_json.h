// A parsed SIP message as JSON text for the JavaScript side (see bindings/README.md).
#pragma once
#include <string>
#include <string_view>

#include "sip/message.h"

namespace sip {

// {"type":"request", "method", "ruri", "headers": [[name, raw, parsed|null], ...], "body"} or
// {"type":"response", "statusCode", "reasonPhrase", "headers", "body"} or {"error": "..."}.
// Never throws.
std::string parseMessageToJson(std::string_view data);
// Same, into `out` (cleared first; its capacity is reused).
void parseMessageToJson(std::string_view data, std::string& out);
// Same JSON for an already parsed message.
std::string messageToJson(const Message& message);

}  // namespace sip
