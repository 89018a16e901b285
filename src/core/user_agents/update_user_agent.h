// UPDATE (RFC 3311): a target refresh request inside an early or confirmed INVITE dialog that may
// carry an offer (and its 2xx the answer). Not in SIP.js; modelled on its PRACK/re-INVITE user
// agents.
#pragma once
#include <memory>

#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

class SessionDialog;

class UpdateUserAgentClient final : public UserAgentClient {
 public:
  // Sends UPDATE inside `dialog` (with our Contact unless the options have one, RFC 3311 §5.1).
  static std::shared_ptr<UpdateUserAgentClient> create(const std::shared_ptr<SessionDialog>& dialog,
                                                       OutgoingRequestDelegate delegate = {},
                                                       const RequestOptions& options = {});

 protected:
  // 2xx: answer applied, remote target refreshed (§12.2.1.2); other finals roll an offer back.
  void receiveResponse(const sip::Message& response) override;

 private:
  UpdateUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message, std::shared_ptr<SessionDialog> dialog);
  std::shared_ptr<SessionDialog> dialog_;
  bool carriesOffer_ = false;  // only a rejected offer is rolled back
};

class UpdateUserAgentServer final : public UserAgentServer {
 public:
  // The dialog has already checked glare (RFC 3311 §5.2) and refreshed the remote target.
  static std::shared_ptr<UpdateUserAgentServer> create(const std::shared_ptr<SessionDialog>& dialog,
                                                       const sip::Message& request);

  // 2xx with our Contact; a body answers the offer.
  OutgoingResponse accept(ResponseOptions options = {}) override;
  // Default 488; rolls a received offer back.
  OutgoingResponse reject(ResponseOptions options = {}) override;

 protected:
  int defaultRejectStatusCode() const override { return 488; }

 private:
  UpdateUserAgentServer(UserAgentCore& core, const sip::Message& request, std::shared_ptr<SessionDialog> dialog);
  std::shared_ptr<SessionDialog> dialog_;
  bool carriesOffer_ = false;
};

}  // namespace sip::core
