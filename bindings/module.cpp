// The embind surface of the core. Rule 3 of DESIGN.md: on hot paths only strings and plain values
// cross; parsed values cross as JSON text that js/ turns into SIP.js's classes (see README.md here).
//
// Rule 5: nothing the network sends may abort the instance. The sip:: entry points promise not to
// throw; the guards below keep that promise even if one of them breaks it (a bug, or bad_alloc),
// so JavaScript always gets a well-formed answer back.
#include <emscripten/bind.h>

#include <string>

#include "sip/grammar_json.h"
#include "sip/message_json.h"

namespace {

std::string coreVersion() { return "0.1.0"; }

// Grammar.parse(input, rule): JSON text of SIP.js's result for that start rule, "-1" on no match.
std::string grammarParse(const std::string& input, const std::string& rule) {
  try {
    return sip::parseRuleToJson(input, rule);
  } catch (...) {
    return "-1";
  }
}

// A whole SIP message: JSON text of the message, or {"error": "..."}.
std::string parseMessage(const std::string& data) {
  try {
    return sip::parseMessageToJson(data);
  } catch (...) {
    return R"({"error":"internal error while parsing the message"})";
  }
}

// The parsed value of a header the message JSON left null (README.md, "Message JSON").
std::string parseHeaderValue(const std::string& name, const std::string& value) {
  try {
    return sip::parseHeaderValueToJson(name, value);
  } catch (...) {
    return "-1";
  }
}

}  // namespace

EMSCRIPTEN_BINDINGS(sipcore_module) {
  emscripten::function("coreVersion", &coreVersion);
  emscripten::function("grammarParse", &grammarParse);
  emscripten::function("parseMessage", &parseMessage);
  emscripten::function("parseHeaderValue", &parseHeaderValue);
}
