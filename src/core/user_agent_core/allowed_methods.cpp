#include "core/user_agent_core/allowed_methods.h"

namespace sip::core {

const std::vector<std::string>& defaultAllowedMethods() {
  static const std::vector<std::string> methods{"ACK",     "BYE",    "CANCEL", "INFO",  "INVITE",   "MESSAGE",
                                                "NOTIFY",  "OPTIONS", "PRACK", "REFER", "REGISTER", "SUBSCRIBE"};
  return methods;
}

const std::vector<std::string>& defaultAcceptedBodyTypes() {
  static const std::vector<std::string> types{"application/sdp", "application/dtmf-relay"};
  return types;
}

}  // namespace sip::core
