// PRACK (RFC 3262 §4, §3; SIP.js prack-user-agent-client.js / prack-user-agent-server.js). A PRACK
// and its 2xx may carry an offer or an answer, so both sides feed the session's offer/answer state.
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class SessionDialog;

class PrackUserAgentClient final : public UserAgentClient {
 public:
  static std::shared_ptr<PrackUserAgentClient> create(SessionDialog& dialog, OutgoingRequestDelegate delegate = {},
                                                      const RequestOptions& options = {});

 private:
  PrackUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message);
};

class PrackUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<PrackUserAgentServer> create(const std::shared_ptr<SessionDialog>& dialog,
                                                      const sip::Message& request);

  // A body in the 2xx answers (or offers) on the session.
  OutgoingResponse accept(ResponseOptions options = {}) override;

 private:
  PrackUserAgentServer(UserAgentCore& core, const sip::Message& request, std::shared_ptr<SessionDialog> dialog);
  std::shared_ptr<SessionDialog> dialog_;
};

}  // namespace sip::core
