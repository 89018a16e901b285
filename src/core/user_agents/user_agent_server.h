// User agent server base (RFC 3261 §8.2; SIP.js lib/core/user-agents/user-agent-server.js): owns
// the server transaction of one incoming request and builds its responses (§8.2.6): accept (2xx),
// progress (1xx), redirect (3xx with Contacts), reject (4xx-6xx), trying (100).
//
// Errors: responding in a state the transaction does not allow throws TransactionStateError, a
// status code outside the method's class throws std::invalid_argument (SIP.js's TypeError). Both
// are application errors; nothing on the network path throws.
//
// Ownership: created by the core (or a dialog) for a new request and registered with the core
// until its transaction terminates.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/messages/incoming_request.h"
#include "core/messages/outgoing_response.h"
#include "core/transactions/server_transaction.h"
#include "host.h"
#include "sip/message.h"
#include "sip/uri.h"

namespace sip::core {

class UserAgentCore;

class UserAgentServer : public std::enable_shared_from_this<UserAgentServer> {
 public:
  enum class TransactionType { Invite, NonInvite };

  UserAgentServer(const UserAgentServer&) = delete;
  UserAgentServer& operator=(const UserAgentServer&) = delete;
  virtual ~UserAgentServer();

  IncomingRequestDelegate delegate;

  const sip::Message& message() const { return message_; }
  const std::shared_ptr<ServerTransaction>& transaction() const { return transaction_; }
  // The To tag of this UAS's responses: the request's, or a new one.
  const std::string& toTag() const { return toTag_; }
  UserAgentCore& userAgentCore() const { return core_; }

  // statusCode 0 in the options means the default: accept 200, progress 180, redirect 302,
  // reject per method (480 here; INVITE 486, re-INVITE 488).
  virtual OutgoingResponse accept(ResponseOptions options = {});
  virtual OutgoingResponse progress(ResponseOptions options = {});
  virtual OutgoingResponse redirect(const std::vector<sip::Uri>& contacts, ResponseOptions options = {});
  virtual OutgoingResponse reject(ResponseOptions options = {});
  virtual OutgoingResponse trying(ResponseOptions options = {});

  // §9.2: a CANCEL matched this request before its final response.
  virtual void receiveCancel(const sip::Message& cancel);

  bool acceptable() const;
  bool progressable() const;
  bool redirectable() const;
  bool rejectable() const;
  bool tryingable() const;

  virtual void dispose();

  static size_t liveCount();

 protected:
  UserAgentServer(TransactionType type, UserAgentCore& core, const sip::Message& message);
  // Creates and registers the transaction.
  void init();
  // Builds the response (To tag, User-Agent, Supported defaults) and hands it to the transaction.
  OutgoingResponse reply(ResponseOptions options);
  virtual int defaultRejectStatusCode() const { return 480; }

  UserAgentCore& core_;
  Host& host_;
  Logger logger_;
  // The request, shared with its server transaction and, when it is the message the core is
  // receiving, with the core (no copy at all).
  std::shared_ptr<const sip::Message> sharedMessage_;
  const sip::Message& message_;
  TransactionType type_;
  std::string toTag_;

 private:
  std::shared_ptr<ServerTransaction> transaction_;
};

}  // namespace sip::core
