// embind registration of UserAgentCoreBridge (declared in user_agent_core_bridge.h, where the
// ownership and re-entrancy rules are written down).
#include "user_agent_core_bridge.h"

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

// The per-message and per-timer entries as raw exports (bindings/README.md, "Raw exports"): an
// embind method call validates the handle and converts each argument through generic tables, and
// these run a dozen times per call. `bridge` is what address() returned; the JS side calls these
// only while it holds the handle (before dispose()), as it does the embind methods.
extern "C" {

EMSCRIPTEN_KEEPALIVE void sipwasm_receive(sipwasm::UserAgentCoreBridge* bridge, const char* data, size_t size) {
  bridge->receiveUtf8(reinterpret_cast<uintptr_t>(data), size);
}

EMSCRIPTEN_KEEPALIVE void sipwasm_fire_timer(sipwasm::UserAgentCoreBridge* bridge, uint32_t id) {
  bridge->fireTimer(id);
}

// A send that succeeded (failures, which carry a message, go through the embind sendDone).
EMSCRIPTEN_KEEPALIVE void sipwasm_send_succeeded(sipwasm::UserAgentCoreBridge* bridge, uint32_t id) {
  bridge->sendDone(id, true, std::string());
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(sipcore_user_agent_core_bridge) {
  using sipwasm::UserAgentCoreBridge;
  emscripten::class_<UserAgentCoreBridge>("UserAgentCoreBridge")
      .constructor<emscripten::val, const std::string&>()
      .function("configurationError", &UserAgentCoreBridge::configurationError)
      .function("address", &UserAgentCoreBridge::address)
      .function("receive", &UserAgentCoreBridge::receive)
      .function("receiveUtf8", &UserAgentCoreBridge::receiveUtf8)
      .function("fireTimer", &UserAgentCoreBridge::fireTimer)
      .function("sendDone", &UserAgentCoreBridge::sendDone)
      .function("createRegisterer", &UserAgentCoreBridge::createRegisterer)
      .function("lastError", &UserAgentCoreBridge::lastError)
      .function("registererRegister", &UserAgentCoreBridge::registererRegister)
      .function("registererUnregister", &UserAgentCoreBridge::registererUnregister)
      .function("registererDispose", &UserAgentCoreBridge::registererDispose)
      .function("registererState", &UserAgentCoreBridge::registererState)
      .function("registererWaiting", &UserAgentCoreBridge::registererWaiting)
      .function("registererId", &UserAgentCoreBridge::registererId)
      .function("registererInfo", &UserAgentCoreBridge::registererInfo)
      .function("releaseRegisterer", &UserAgentCoreBridge::releaseRegisterer)
      .function("respond", &UserAgentCoreBridge::respond)
      .function("dispose", &UserAgentCoreBridge::dispose)
      .function("pendingTimers", &UserAgentCoreBridge::pendingTimers)
      .function("pendingSends", &UserAgentCoreBridge::pendingSends)
      .function("transactionCount", &UserAgentCoreBridge::transactionCount)
      .function("registererCount", &UserAgentCoreBridge::registererCount)
      .class_function("liveBridges", &UserAgentCoreBridge::liveBridges)
      .class_function("liveUserAgentClients", &UserAgentCoreBridge::liveUserAgentClients)
      .class_function("liveUserAgentServers", &UserAgentCoreBridge::liveUserAgentServers);
}
