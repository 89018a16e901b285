// BYE (RFC 3261 §15; SIP.js bye-user-agent-client.js / bye-user-agent-server.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class Dialog;

class ByeUserAgentClient final : public UserAgentClient {
 public:
  // Sends BYE inside `dialog` and disposes the dialog (§15.1.1: the session ends when BYE is sent).
  static std::shared_ptr<ByeUserAgentClient> create(Dialog& dialog, OutgoingRequestDelegate delegate = {},
                                                    const RequestOptions& options = {});

 private:
  ByeUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class ByeUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<ByeUserAgentServer> create(Dialog& dialog, const sip::Message& request);

 private:
  ByeUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
