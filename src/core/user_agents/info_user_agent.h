// INFO (RFC 6086; SIP.js info-user-agent-client.js / -server.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class Dialog;

class InfoUserAgentClient final : public UserAgentClient {
 public:
  // INFO inside `dialog`.
  static std::shared_ptr<InfoUserAgentClient> create(Dialog& dialog, OutgoingRequestDelegate delegate = {},
                                                    const RequestOptions& options = {});

 private:
  InfoUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class InfoUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<InfoUserAgentServer> create(UserAgentCore& core, const sip::Message& request);
  static std::shared_ptr<InfoUserAgentServer> create(Dialog& dialog, const sip::Message& request);

 private:
  InfoUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
