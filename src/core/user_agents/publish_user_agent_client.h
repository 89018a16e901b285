// PUBLISH (RFC 3903; SIP.js publish-user-agent-client.js).
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"

namespace sip::core {

class PublishUserAgentClient final : public UserAgentClient {
 public:
  // Sends `message` (outside a dialog, or built by a dialog).
  static std::shared_ptr<PublishUserAgentClient> create(UserAgentCore& core, OutgoingRequestMessage message,
                                                    OutgoingRequestDelegate delegate = {});

 private:
  PublishUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

}  // namespace sip::core
