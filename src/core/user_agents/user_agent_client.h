// User agent client base (RFC 3261 §8.1; SIP.js lib/core/user-agents/user-agent-client.js): owns
// the client transaction of one outgoing request, turns what the transaction reports into
// delegate calls (1xx/2xx/3xx/4xx-6xx, a timeout as a 408 and a transport error as a 503,
// §8.1.3.1), answers 401/407 challenges with digest credentials (RFC 3261 §22.2, RFC 2617/7616/
// 8760: MD5 and SHA-256), and builds the CANCEL of its request (§9.1).
//
// Ownership: created by a static create(), which sends the request and registers the UAC with the
// core. The core holds it until its transaction terminates; the caller may hold it longer.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "core/messages/outgoing_request.h"
#include "core/messages/outgoing_request_message.h"
#include "core/transactions/client_transaction.h"
#include "host.h"
#include "sip/digest.h"
#include "sip/message.h"

namespace sip::core {

class Dialog;
class UserAgentCore;

class UserAgentClient : public std::enable_shared_from_this<UserAgentClient> {
 public:
  enum class TransactionType { Invite, NonInvite };

  // SIP.js's `new UserAgentClient(NonInviteClientTransaction, core, message, delegate)`: a
  // generic non-INVITE request (OPTIONS, CANCEL, ...).
  static std::shared_ptr<UserAgentClient> create(UserAgentCore& core, OutgoingRequestMessage message,
                                                 OutgoingRequestDelegate delegate = {});

  UserAgentClient(const UserAgentClient&) = delete;
  UserAgentClient& operator=(const UserAgentClient&) = delete;
  virtual ~UserAgentClient();

  OutgoingRequestDelegate delegate;

  const OutgoingRequestMessage& message() const { return *message_; }
  // The current transaction (a new one after an authentication retry). Never null after create().
  const std::shared_ptr<ClientTransaction>& transaction() const { return transaction_; }
  UserAgentCore& userAgentCore() const { return core_; }

  // Disposes the transaction (no more callbacks).
  virtual void dispose();

  // §9.1: a CANCEL for this request (same Request-URI, Call-ID, To, From, CSeq number, Route and
  // top Via branch), with a Reason header when `reason` is not empty. It is sent once the
  // transaction is Proceeding (a 1xx arrived: RFC 3261 forbids cancelling before), right away if
  // it already is; if a final response comes first it is never sent. Returns the CANCEL.
  OutgoingRequestMessage cancel(const std::string& reason = {}, const RequestOptions& options = {});

  // UACs constructed and not yet destroyed, process-wide.
  static size_t liveCount();

  // The dialog a request inside a dialog belongs to: an authentication retry takes its new CSeq
  // from it (SIP.js does this only for re-INVITE, so a challenged BYE or INFO reuses a number
  // the dialog hands out again). Set by the dialog methods that create UACs.
  void attachDialog(std::weak_ptr<Dialog> dialog) { dialog_ = std::move(dialog); }

 protected:
  UserAgentClient(TransactionType type, UserAgentCore& core, OutgoingRequestMessage message);
  UserAgentClient(TransactionType type, UserAgentCore& core, std::shared_ptr<OutgoingRequestMessage> message);

  // Creates the transaction (which sends the request) and registers it and this UAC.
  void init();

  // §22.2: for a 401/407 with a challenge we can answer, resends the request once per challenge
  // with credentials and a new CSeq (taken from `dialog` when the request is inside one) and
  // returns false; returns true when the response is for the delegate. A second challenge is
  // answered only if the first was answered and said stale=true (a new nonce for good
  // credentials); anything else would loop, so it goes to the delegate.
  bool authenticationGuard(const sip::Message& response, Dialog* dialog = nullptr);

  // Transaction callbacks; the defaults synthesize a 408 / 503 response (§8.1.3.1).
  virtual void onRequestTimeout();
  virtual void onTransportError(const TransportError& error);
  virtual void receiveResponse(const sip::Message& response);

  // Calls the delegate callback for the response's class.
  void dispatchResponse(const sip::Message& response, const OutgoingRequestDelegate& target);

  // A response the core makes up (408 on timeout, 503 on transport error): status line only.
  static sip::Message syntheticResponse(int statusCode, std::string reasonPhrase);

  UserAgentCore& core_;
  Host& host_;
  Logger logger_;
  // Shared with whoever built it (an Inviter keeps its INVITE this way): one copy, and what the
  // UAC changes (Via branch, CSeq and credentials on an authentication retry) is what they see,
  // as in SIP.js, where both hold the same message object.
  std::shared_ptr<OutgoingRequestMessage> message_;
  bool canceled_ = false;  // cancel() was called

 private:
  void sendCancel(const std::shared_ptr<OutgoingRequestMessage>& cancelMessage);

  TransactionType type_;
  std::shared_ptr<ClientTransaction> transaction_;
  bool challenged_ = false;
  bool stale_ = false;
  std::unique_ptr<sip::DigestAuthenticator> credentials_;
  std::weak_ptr<Dialog> dialog_;
};

}  // namespace sip::core
