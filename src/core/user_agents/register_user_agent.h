// REGISTER (RFC 3261 §10; SIP.js register-user-agent-client.js / -server.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class RegisterUserAgentClient final : public UserAgentClient {
 public:
  // Sends `message` (outside a dialog, or built by a dialog).
  static std::shared_ptr<RegisterUserAgentClient> create(UserAgentCore& core, OutgoingRequestMessage message,
                                                    OutgoingRequestDelegate delegate = {});

 private:
  RegisterUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class RegisterUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<RegisterUserAgentServer> create(UserAgentCore& core, const sip::Message& request);

 private:
  RegisterUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
