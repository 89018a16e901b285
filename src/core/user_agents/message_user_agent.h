// MESSAGE (RFC 3428; SIP.js message-user-agent-client.js / -server.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class MessageUserAgentClient final : public UserAgentClient {
 public:
  // Sends `message` (outside a dialog, or built by a dialog).
  static std::shared_ptr<MessageUserAgentClient> create(UserAgentCore& core, OutgoingRequestMessage message,
                                                    OutgoingRequestDelegate delegate = {});

 private:
  MessageUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class MessageUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<MessageUserAgentServer> create(UserAgentCore& core, const sip::Message& request);

 private:
  MessageUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
