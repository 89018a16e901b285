// re-INVITE (RFC 3261 §14; SIP.js re-invite-user-agent-client.js / re-invite-user-agent-server.js).
#pragma once
#include <memory>
#include <vector>

#include "core/messages/methods.h"
#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class SessionDialog;

class ReInviteUserAgentClient final : public UserAgentClient {
 public:
  // Sends a re-INVITE inside `dialog`; the dialog tracks it as its pending re-INVITE.
  static std::shared_ptr<ReInviteUserAgentClient> create(const std::shared_ptr<SessionDialog>& dialog,
                                                         OutgoingInviteRequestDelegate delegate = {},
                                                         const RequestOptions& options = {});

  OutgoingInviteRequestDelegate delegate;  // (hides the base's: INVITE delegates get sessions)

 protected:
  void receiveResponse(const sip::Message& response) override;

 private:
  ReInviteUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message, std::shared_ptr<SessionDialog> dialog);
  std::shared_ptr<SessionDialog> dialog_;
};

class ReInviteUserAgentServer final : public UserAgentServer {
 public:
  static std::shared_ptr<ReInviteUserAgentServer> create(const std::shared_ptr<SessionDialog>& dialog,
                                                         const sip::Message& request);

  // 2xx: with the request's Record-Route values and our Contact (§12.2.2 target refresh; SIP.js
  // copies the dialog's route set and leaves Contact to the caller); the dialog then
  // retransmits it until the ACK.
  OutgoingResponse accept(ResponseOptions options = {}) override;
  OutgoingResponse progress(ResponseOptions options = {}) override;
  // Unimplemented in SIP.js: rolls back and throws std::logic_error.
  OutgoingResponse redirect(const std::vector<sip::Uri>& contacts, ResponseOptions options = {}) override;
  // Default 488; rolls the offer back.
  OutgoingResponse reject(ResponseOptions options = {}) override;

 protected:
  int defaultRejectStatusCode() const override { return 488; }

 private:
  ReInviteUserAgentServer(UserAgentCore& core, const sip::Message& request, std::shared_ptr<SessionDialog> dialog);
  std::shared_ptr<SessionDialog> dialog_;
};

}  // namespace sip::core
