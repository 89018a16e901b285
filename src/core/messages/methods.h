// Method-specific request/response shapes (SIP.js lib/core/messages/methods/*.d.ts) for the
// methods whose delegates get more than the response: INVITE (a session, ack(), prack()) and
// SUBSCRIBE (NOTIFYs, Timer N).
#pragma once
#include <functional>
#include <memory>

#include "core/messages/outgoing_request.h"
#include "core/messages/outgoing_request_message.h"

namespace sip::core {

class SessionDialog;
class SubscriptionDialog;
class NotifyUserAgentServer;
class PrackUserAgentClient;

// SIP.js's OutgoingAckRequest: the ACK that was sent.
struct OutgoingAckRequest {
  OutgoingRequestMessage message;
};

// Sends the ACK of a 2xx and gives it back. Shared: the UAC keeps it too (to answer a 2xx
// retransmitted to it), and a request is too big to copy for a value callers mostly ignore.
using AckFunction = std::function<std::shared_ptr<const OutgoingAckRequest>(const RequestOptions&)>;

// A 2xx to an INVITE: the (confirmed) session it created or belongs to and a way to ACK it. The
// ack function may be kept and called later (when the answer is ready, as SIP.js's Inviter does).
struct AckableIncomingResponseWithSession {
  const sip::Message& message;
  std::shared_ptr<SessionDialog> session;
  AckFunction ack;
};

// A 1xx to an INVITE: the early session and a way to PRACK it. When the options carry no RAck
// header and the response was sent reliably, prack() adds "RAck: <RSeq> <CSeq> INVITE".
struct PrackableIncomingResponseWithSession {
  const sip::Message& message;
  std::shared_ptr<SessionDialog> session;
  std::function<std::shared_ptr<PrackUserAgentClient>(const RequestOptions&)> prack;
};

struct OutgoingInviteRequestDelegate {
  std::function<void(const AckableIncomingResponseWithSession&)> onAccept;
  std::function<void(const PrackableIncomingResponseWithSession&)> onProgress;
  std::function<void(const IncomingResponse&)> onRedirect;
  std::function<void(const IncomingResponse&)> onReject;
  std::function<void(const IncomingResponse&)> onTrying;
};

// A NOTIFY for a subscription being established, with the dialog it created (null when the NOTIFY
// said "terminated", which creates no dialog).
struct IncomingRequestWithSubscription {
  std::shared_ptr<NotifyUserAgentServer> request;
  std::shared_ptr<SubscriptionDialog> subscription;
};

struct OutgoingSubscribeRequestDelegate : OutgoingRequestDelegate {
  std::function<void(const IncomingRequestWithSubscription&)> onNotify;
  std::function<void()> onNotifyTimeout;  // Timer N fired before any NOTIFY (RFC 6665 §4.1.2.4)
};

}  // namespace sip::core
