// NOTIFY (RFC 6665 §4.2.2, RFC 3515 §2.4.4; SIP.js notify-user-agent-client.js / -server.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class Dialog;

class NotifyUserAgentClient final : public UserAgentClient {
 public:
  // NOTIFY inside `dialog`.
  static std::shared_ptr<NotifyUserAgentClient> create(Dialog& dialog, OutgoingRequestDelegate delegate = {},
                                                    const RequestOptions& options = {});

 private:
  NotifyUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class NotifyUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<NotifyUserAgentServer> create(UserAgentCore& core, const sip::Message& request);
  static std::shared_ptr<NotifyUserAgentServer> create(Dialog& dialog, const sip::Message& request);

 private:
  NotifyUserAgentServer(UserAgentCore& core, const sip::Message& request);
};

}  // namespace sip::core
