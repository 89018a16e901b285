// The embind surface of the core. Rule 3 of DESIGN.md: on hot paths only strings and plain values
// cross; parsed values cross as JSON text that js/ turns into SIP.js's classes.
#include <emscripten/bind.h>

#include <string>

namespace {
std::string coreVersion() { return "0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(sipcore_module) {
  emscripten::function("coreVersion", &coreVersion);
}
