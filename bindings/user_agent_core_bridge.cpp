// embind registration of UserAgentCoreBridge (declared in user_agent_core_bridge.h, where the
// ownership and re-entrancy rules are written down).
#include "user_agent_core_bridge.h"

#include <emscripten/bind.h>

EMSCRIPTEN_BINDINGS(sipcore_user_agent_core_bridge) {
  using sipwasm::UserAgentCoreBridge;
  emscripten::class_<UserAgentCoreBridge>("UserAgentCoreBridge")
      .constructor<emscripten::val, const std::string&>()
      .function("configurationError", &UserAgentCoreBridge::configurationError)
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
