// REFER (RFC 3515; SIP.js refer-user-agent-client.js / -server.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class Dialog;

class ReferUserAgentClient final : public UserAgentClient {
 public:
  // REFER inside `dialog`.
  static std::shared_ptr<ReferUserAgentClient> create(Dialog& dialog, OutgoingRequestDelegate delegate = {},
                                                    const RequestOptions& options = {});

 private:
  ReferUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class ReferUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<ReferUserAgentServer> create(UserAgentCore& core, const sip::Message& request);
  static std::shared_ptr<ReferUserAgentServer> create(Dialog& dialog, const sip::Message& request);

 private:
  ReferUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
