// INVITE client (RFC 3261 §13.2; SIP.js lib/core/user-agents/invite-user-agent-client.js): one
// early session dialog per To tag of a 1xx (forking, §13.2.2.4), confirmed by the matching 2xx
// (or created by it), each 2xx ACKed once, early dialogs ended by a final non-2xx.
//
// Without an onAccept delegate every 2xx is ACKed (SIP.js) and, beyond SIP.js's core, the
// dialog is then ended with BYE when cancel() had been called (the CANCEL lost the race with the
// 2xx) or when another 2xx already confirmed a dialog (a second fork answered): what SIP.js's
// Inviter does in those cases. With an onAccept delegate those decisions are the delegate's, as
// in SIP.js.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "core/messages/methods.h"
#include "core/user_agents/user_agent_client.h"

namespace sip::core {

class SessionDialog;

class InviteUserAgentClient final : public UserAgentClient {
 public:
  static std::shared_ptr<InviteUserAgentClient> create(UserAgentCore& core, OutgoingRequestMessage message,
                                                       OutgoingInviteRequestDelegate delegate = {});
  // The same, sending a message its creator keeps (and sees updated: Via, CSeq, credentials).
  static std::shared_ptr<InviteUserAgentClient> create(UserAgentCore& core,
                                                       std::shared_ptr<OutgoingRequestMessage> message,
                                                       OutgoingInviteRequestDelegate delegate = {});

  OutgoingInviteRequestDelegate delegate;  // (hides the base's: INVITE delegates get sessions)

  // Also ends the early dialogs.
  void dispose() override;

  size_t earlyDialogCount() const { return earlyDialogs_.size(); }
  size_t confirmedDialogCount() const { return confirmedDialogs_.size(); }

 protected:
  // A transport error while sending the INVITE is a 503; while sending an ACK it is only logged.
  void onTransportError(const TransportError& error) override;
  void receiveResponse(const sip::Message& response) override;

 private:
  InviteUserAgentClient(UserAgentCore& core, std::shared_ptr<OutgoingRequestMessage> message);
  void receiveProvisional(const sip::Message& response);
  void receiveSuccess(const sip::Message& response);
  void disposeEarlyDialogs();

  std::map<std::string, std::shared_ptr<const OutgoingAckRequest>> confirmedDialogAcks_;
  std::map<std::string, std::shared_ptr<SessionDialog>> confirmedDialogs_;
  std::map<std::string, std::shared_ptr<SessionDialog>> earlyDialogs_;
};

}  // namespace sip::core
