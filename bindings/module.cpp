// The embind surface of the core. Rule 3 of DESIGN.md: on hot paths only strings and plain values
// cross; parsed values cross as JSON text that js/ turns into SIP.js's classes (see README.md here).
//
// Rule 5: nothing the network sends may abort the instance. The sip:: entry points promise not to
// throw; the guards below keep that promise even if one of them breaks it (a bug, or bad_alloc),
// so JavaScript always gets a well-formed answer back.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>

#include <cstdint>
#include <cstdlib>
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

// ---- the raw path (README.md, "Raw exports") ----
// Every received message crosses here, so it skips embind's std::string marshalling (a JavaScript
// loop over each character, both ways, plus two copies): JavaScript writes the UTF-8 bytes of the
// message into `gInput` with TextEncoder.encodeInto, and decodes the JSON from `gOutput` with
// TextDecoder. Only numbers cross the boundary.
char* gInput = nullptr;
size_t gInputCapacity = 0;
sip::detail::JsonOut gOutput;
uint32_t gResult[2];  // {pointer, length} of the last answer
constexpr size_t kKeepBytes = 256 * 1024;  // larger buffers are freed after use

}  // namespace

extern "C" {

// A buffer of at least `size` bytes for the next input; null when out of memory.
EMSCRIPTEN_KEEPALIVE char* sipwasm_input(size_t size) {
  if (gInput == nullptr || size > gInputCapacity || (gInputCapacity > kKeepBytes && size <= kKeepBytes)) {
    std::free(gInput);
    gInputCapacity = size < 4096 ? 4096 : size;
    gInput = static_cast<char*>(std::malloc(gInputCapacity));
    if (gInput == nullptr) gInputCapacity = 0;
  }
  return gInput;
}

// Parses the `length` bytes written to the input buffer as a SIP message; returns the address of
// {pointer, length} of its packed JSON (README.md, "Packed message JSON"), valid until the next call.
EMSCRIPTEN_KEEPALIVE uint32_t* sipwasm_parse_message(size_t length) {
  try {
    if (gOutput.capacity() > kKeepBytes) gOutput.release();
    sip::parseMessageToPackedJson(std::string_view(gInput, gInput == nullptr ? 0 : length), gOutput);
  } catch (...) {
    gOutput.release();
  }
  if (gOutput.size() == 0) {
    static const char kFailed[] = R"("internal error while parsing the message")";
    gResult[0] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(kFailed));
    gResult[1] = sizeof kFailed - 1;
    return gResult;
  }
  gResult[0] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(gOutput.data()));
  gResult[1] = static_cast<uint32_t>(gOutput.size());
  return gResult;
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(sipcore_module) {
  emscripten::function("coreVersion", &coreVersion);
  emscripten::function("grammarParse", &grammarParse);
  emscripten::function("parseMessage", &parseMessage);
  emscripten::function("parseHeaderValue", &parseHeaderValue);
}
