// The UA core (RFC 3261 §8, §12-§14; SIP.js lib/core/user-agent-core/user-agent-core.js): the
// single entry point for everything the transport receives, the factory of user agent clients,
// and the tables of live dialogs, subscriptions, UACs and UASs.
//
// receive(text) parses once (sip::parseMessage), then:
//   response -> the client transaction it matches (§17.1.3), else dropped;
//   request  -> a server transaction (retransmission, non-2xx ACK), CANCEL (§9.2), else the
//               §8.2 checks in RFC order (405 + Allow, 416, 404, 400 missing Contact, 482 merged,
//               420 + Unsupported, 415 + Accept/Accept-Encoding, 406), then the dialog it belongs
//               to (§12.2.2; 481 if none), or a new UAS per method (§8.2.5).
// Unparsable input is dropped with a log line, or answered 400 (505 for another SIP version) when
// the start line, Via, From, To, Call-ID and CSeq can still be read. Nothing escapes receive().
//
// Ownership: the core owns its TransactionTable and holds every live dialog, UAC, UAS and
// subscriber; each leaves its table when it ends (transaction terminated, dialog disposed), so a
// finished call leaves nothing behind (see the *Count() accessors). The Host and Transport are
// borrowed and must outlive the core. Objects the core created must not be used after the core is
// destroyed; dispose() (also run by the destructor) ends them all.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/messages/body.h"
#include "core/messages/methods.h"
#include "core/messages/outgoing_request.h"
#include "core/messages/outgoing_request_message.h"
#include "core/messages/outgoing_response.h"
#include "core/transactions/transaction_table.h"
#include "core/transport.h"
#include "core/user_agent_core/user_agent_core_configuration.h"
#include "core/user_agent_core/user_agent_core_delegate.h"
#include "host.h"
#include "sip/message.h"

namespace sip::core {

class Dialog;
class UserAgentClient;
class UserAgentServer;
class InviteUserAgentClient;
class MessageUserAgentClient;
class PublishUserAgentClient;
class RegisterUserAgentClient;
class SubscribeUserAgentClient;

// The options of makeOutgoingRequestMessage that override the configuration's defaults (SIP.js
// merges a partial OutgoingRequestMessageOptions over them).
struct OutgoingRequestMessageOverrides {
  std::optional<std::string> callId;
  std::optional<std::string> callIdPrefix;
  std::optional<uint32_t> cseq;
  std::optional<std::string> toDisplayName;
  std::optional<std::string> toTag;
  std::optional<std::string> fromDisplayName;
  std::optional<std::string> fromTag;
  std::optional<std::vector<std::string>> optionTags;
  std::optional<std::vector<std::string>> routeSet;
};

class UserAgentCore {
 public:
  UserAgentCore(Host& host, Transport& transport, UserAgentCoreConfiguration configuration,
                UserAgentCoreDelegate delegate = {});
  ~UserAgentCore();
  UserAgentCore(const UserAgentCore&) = delete;
  UserAgentCore& operator=(const UserAgentCore&) = delete;

  UserAgentCoreConfiguration configuration;
  UserAgentCoreDelegate delegate;

  Host& host() const { return host_; }
  Transport& transport() const { return transport_; }
  TransactionTable& transactions() { return transactions_; }
  const Logger& logger() const { return logger_; }

  // Ends every dialog, subscriber, UAC and UAS and disposes every transaction (SIP.js's
  // dispose/reset). The core stays usable.
  void dispose();
  void reset();

  // ---- UAC side (SIP.js's invite, message, publish, register, subscribe, request) ----
  std::shared_ptr<InviteUserAgentClient> invite(OutgoingRequestMessage request, OutgoingInviteRequestDelegate delegate = {});
  // The same for a request the caller keeps (an Inviter's): the UAC updates it in place.
  std::shared_ptr<InviteUserAgentClient> invite(std::shared_ptr<OutgoingRequestMessage> request,
                                                OutgoingInviteRequestDelegate delegate = {});
  std::shared_ptr<MessageUserAgentClient> message(OutgoingRequestMessage request, OutgoingRequestDelegate delegate = {});
  std::shared_ptr<PublishUserAgentClient> publish(OutgoingRequestMessage request, OutgoingRequestDelegate delegate = {});
  // SIP.js's register() ("register" is a C++ keyword).
  std::shared_ptr<RegisterUserAgentClient> register_(OutgoingRequestMessage request, OutgoingRequestDelegate delegate = {});
  // Throws std::invalid_argument when the request lacks Event or Expires (SIP.js throws too).
  std::shared_ptr<SubscribeUserAgentClient> subscribe(OutgoingRequestMessage request,
                                                      OutgoingSubscribeRequestDelegate delegate = {});
  // Any other non-INVITE request outside a dialog (OPTIONS, ...).
  std::shared_ptr<UserAgentClient> request(OutgoingRequestMessage request, OutgoingRequestDelegate delegate = {});

  // A request outside a dialog with the configuration's defaults: From display name, Call-ID
  // prefix, Via host/rport/TCP hack, Supported (+ path, gruu for REGISTER; gruu for INVITE with a
  // GRUU), preloaded route set and User-Agent; INVITE, SUBSCRIBE and REFER outside a dialog get the
  // configured Contact unless the extra headers have one.
  OutgoingRequestMessage makeOutgoingRequestMessage(std::string method, const sip::Uri& requestURI,
                                                    const sip::Uri& fromURI, const sip::Uri& toURI,
                                                    const OutgoingRequestMessageOverrides& options = {},
                                                    std::vector<std::string> extraHeaders = {},
                                                    std::optional<Body> body = std::nullopt);

  // Sends a response outside any transaction (SIP.js's replyStateless), with the configured
  // User-Agent and Supported. Transport failures are logged and otherwise ignored.
  OutgoingResponse replyStateless(const sip::Message& request, ResponseOptions options);

  // ---- receive path ----
  // Everything the transport receives, one complete message per call. Never throws.
  void receive(std::string_view data) noexcept;
  // For callers that already parsed (SIP.js's receiveIncoming*FromTransport). Never throw.
  void receiveIncomingRequestFromTransport(const sip::Message& request) noexcept;
  void receiveIncomingResponseFromTransport(const sip::Message& response) noexcept;
  // `message` as a shared, immutable message for something that keeps it (a UAS, an API object
  // waiting on its session description handler): the very message receive() is handling when it
  // is that one, with no copy (it was parsed straight into shared storage); a copy otherwise.
  std::shared_ptr<const sip::Message> shareMessage(const sip::Message& message) const;

  // ---- tables ----
  std::shared_ptr<Dialog> findDialog(const std::string& id) const;
  std::vector<std::shared_ptr<Dialog>> dialogs() const;
  size_t dialogCount() const { return dialogs_.size(); }
  size_t subscriberCount() const { return subscribers_.size(); }
  size_t userAgentClientCount() const;  // distinct UACs with a live transaction
  size_t userAgentServerCount() const { return userAgentServers_.size(); }
  size_t transactionCount() const { return transactions_.size(); }
  // The Allow header value: the allowed methods joined by ",".
  std::string allowHeaderValue() const;

 private:
  friend class Dialog;
  friend class UserAgentClient;
  friend class UserAgentServer;
  friend class SubscribeUserAgentClient;

  void addDialog(const std::shared_ptr<Dialog>& dialog);
  void removeDialog(const Dialog& dialog);
  void addUserAgentClient(const std::string& key, const std::shared_ptr<UserAgentClient>& uac);
  void removeUserAgentClient(const std::string& key, const UserAgentClient* uac);
  void addUserAgentServer(const ServerTransaction* transaction, const std::shared_ptr<UserAgentServer>& uas);
  void removeUserAgentServer(const ServerTransaction* transaction);
  void addSubscriber(const std::string& id, const std::shared_ptr<SubscribeUserAgentClient>& subscriber);
  void removeSubscriber(const std::string& id, const SubscribeUserAgentClient* subscriber);
  std::shared_ptr<UserAgentServer> userAgentServerFor(const ServerTransaction* transaction) const;
  // §8.2.2.2's identity of a request: Call-ID, From tag and CSeq; empty without a CSeq.
  static std::string mergeKeyOf(const sip::Message& request);
  bool isMergedRequest(const sip::Message& request) const;

  void receiveRequestFromTransport(const sip::Message& request);
  void receiveRequest(const sip::Message& request);
  void receiveInsideDialogRequest(const sip::Message& request);
  void receiveOutsideDialogRequest(const sip::Message& request);
  void receiveResponseFromTransport(const sip::Message& response);
  void receiveUnparsable(std::string_view data, const std::string& error);
  // The §8.2.2.3 / §8.2.3 checks: true when a response (420/415/406) was sent.
  bool rejectUnsupportedExtensions(const sip::Message& request);
  bool rejectUnsupportedContent(const sip::Message& request);
  void sendStateless(std::string response, std::string_view what);

  Host& host_;
  Transport& transport_;
  Logger logger_;
  TransactionTable transactions_;
  // Hashed: looked up for every message in a dialog (keys share long prefixes, costly to order).
  std::unordered_map<std::string, std::shared_ptr<Dialog>> dialogs_;
  std::map<std::string, std::shared_ptr<SubscribeUserAgentClient>> subscribers_;
  // SIP.js keys UACs by transaction id + method; an authentication retry registers the UAC again
  // under its new transaction until the old one ends.
  std::unordered_map<std::string, std::shared_ptr<UserAgentClient>> userAgentClients_;
  struct UserAgentServerEntry {
    std::shared_ptr<UserAgentServer> uas;
    std::string mergeKey;  // empty when its request has no CSeq (it cannot be merged with)
  };
  std::map<const ServerTransaction*, UserAgentServerEntry> userAgentServers_;
  // §8.2.2.2: how many live UASs have each merge key (Call-ID, From tag, CSeq), so the check for a
  // merged request is one lookup rather than a pass over every UAS (they live for Timer L, 32 s,
  // after a 2xx: tens of thousands under load).
  std::unordered_map<std::string, size_t> mergeKeys_;
  // The message receive() is handling (null outside it), which shareMessage hands out.
  std::shared_ptr<const sip::Message> receiving_;
};

}  // namespace sip::core
