// What a session dialog tells its user about requests inside it (SIP.js
// lib/core/session/session-delegate.d.ts). Without a callback the dialog answers as SIP.js does:
// BYE 200, INFO 469 (with an empty Recv-Info), re-INVITE 488, MESSAGE 200, NOTIFY 200, PRACK 200,
// REFER 480; UPDATE (RFC 3311, not in SIP.js) 200 without an offer, 488 with one.
#pragma once
#include <functional>
#include <memory>

#include "core/messages/incoming_request.h"

namespace sip::core {

class ByeUserAgentServer;
class InfoUserAgentServer;
class ReInviteUserAgentServer;
class MessageUserAgentServer;
class NotifyUserAgentServer;
class PrackUserAgentServer;
class ReferUserAgentServer;
class UpdateUserAgentServer;

struct SessionDelegate {
  // The ACK of a 2xx this side sent. SIP.js lets onAck return a Promise while it processes an
  // answer in the ACK (a re-INVITE then gets 500); here the callback calls the dialog's
  // beginAckProcessing() and runs the returned completion when done.
  std::function<void(const IncomingAckRequest&)> onAck;
  // No ACK came for our 2xx before the INVITE server transaction ended (64*T1). Without it the
  // dialog sends BYE (RFC 3261 §13.3.1.4).
  std::function<void()> onAckTimeout;
  std::function<void(std::shared_ptr<ByeUserAgentServer>)> onBye;
  std::function<void(std::shared_ptr<InfoUserAgentServer>)> onInfo;
  std::function<void(std::shared_ptr<ReInviteUserAgentServer>)> onInvite;
  std::function<void(std::shared_ptr<MessageUserAgentServer>)> onMessage;
  std::function<void(std::shared_ptr<NotifyUserAgentServer>)> onNotify;
  std::function<void(std::shared_ptr<PrackUserAgentServer>)> onPrack;
  std::function<void(std::shared_ptr<ReferUserAgentServer>)> onRefer;
  std::function<void(std::shared_ptr<UpdateUserAgentServer>)> onUpdate;
};

}  // namespace sip::core
