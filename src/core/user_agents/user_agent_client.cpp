#include "core/user_agents/user_agent_client.h"

#include <stdexcept>

#include "core/dialogs/dialog.h"
#include "core/messages/utils.h"
#include "core/transactions/invite_client_transaction.h"
#include "core/transactions/non_invite_client_transaction.h"
#include "core/transactions/transaction_matching.h"
#include "core/user_agent_core/user_agent_core.h"
#include "sip/headers.h"

namespace sip::core {

namespace {

size_t gLiveUserAgentClients = 0;

sip::DigestChallenge toDigestChallenge(const sip::Challenge& challenge) {
  sip::DigestChallenge digest;
  digest.scheme = challenge.scheme;
  digest.realm = challenge.realm.value_or("");
  digest.domain = challenge.domain.value_or("");
  digest.nonce = challenge.nonce.value_or("");
  digest.opaque = challenge.opaque.value_or("");
  digest.stale = challenge.stale.value_or(false);
  digest.algorithm = challenge.algorithm.value_or("");
  digest.qop = challenge.qop;
  return digest;
}

}  // namespace

size_t UserAgentClient::liveCount() { return gLiveUserAgentClients; }

std::shared_ptr<UserAgentClient> UserAgentClient::create(UserAgentCore& core, OutgoingRequestMessage message,
                                                         OutgoingRequestDelegate delegate) {
  std::shared_ptr<UserAgentClient> uac(new UserAgentClient(TransactionType::NonInvite, core, std::move(message)));
  uac->delegate = std::move(delegate);
  uac->init();
  return uac;
}

UserAgentClient::UserAgentClient(TransactionType type, UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(type, core, std::make_shared<OutgoingRequestMessage>(std::move(message))) {}

UserAgentClient::UserAgentClient(TransactionType type, UserAgentCore& core,
                                 std::shared_ptr<OutgoingRequestMessage> message)
    : core_(core),
      host_(core.host()),
      logger_(core.host(), "sip.user-agent-client"),
      message_(std::move(message)),
      type_(type) {
  ++gLiveUserAgentClients;
}

UserAgentClient::~UserAgentClient() {
  --gLiveUserAgentClients;
  // A transaction that outlives us (it may still be finishing its timers in the table) must not
  // call back into freed memory: its callbacks hold weak_ptrs, so nothing to do here.
}

void UserAgentClient::dispose() {
  if (transaction_) transaction_->dispose();
}

sip::Message UserAgentClient::syntheticResponse(int statusCode, std::string reasonPhrase) {
  sip::Message message;
  message.isRequest = false;
  message.statusCode = statusCode;
  message.reasonPhrase = std::move(reasonPhrase);
  return message;
}

void UserAgentClient::init() {
  std::weak_ptr<UserAgentClient> weak = weak_from_this();
  // Filled in once the transaction exists; the transaction never calls back before create()
  // returns (transport failures are deferred to the next host tick).
  auto transactionCell = std::make_shared<const ClientTransaction*>(nullptr);
  auto keyCell = std::make_shared<std::string>();

  ClientTransactionUser user;
  user.onRequestTimeout = [weak] {
    if (auto self = weak.lock()) callSafely(self->logger_, "UAC request timeout", [&] { self->onRequestTimeout(); });
  };
  user.onTransportError = [weak](const TransportError& error) {
    if (auto self = weak.lock()) {
      callSafely(self->logger_, "UAC transport error", [&] { self->onTransportError(error); });
    }
  };
  user.receiveResponse = [weak](const sip::Message& response) {
    if (auto self = weak.lock()) callSafely(self->logger_, "UAC response", [&] { self->receiveResponse(response); });
  };
  user.onStateChange = [weak, transactionCell, keyCell](TransactionState state) {
    if (state != TransactionState::Terminated) return;
    auto self = weak.lock();
    if (!self) return;
    self->core_.removeUserAgentClient(*keyCell, self.get());
    if (self->transaction_.get() == *transactionCell) {
      callSafely(self->logger_, "UAC dispose", [&] { self->dispose(); });
    }
  };

  ViaOptions via;
  via.viaHost = message_->options().viaHost;
  via.forceRport = message_->options().forceRport;
  via.hackViaTcp = message_->options().hackViaTcp;

  std::shared_ptr<ClientTransaction> transaction;
  if (type_ == TransactionType::Invite) {
    transaction =
        InviteClientTransaction::create(host_, core_.transport(), message_->toMessage(), std::move(user), via);
  } else {
    transaction =
        NonInviteClientTransaction::create(host_, core_.transport(), message_->toMessage(), std::move(user), via);
  }
  if (!transaction) throw std::logic_error("Cannot create a client transaction for " + message_->method + ".");
  *transactionCell = transaction.get();
  // Mirror the Via the transaction wrote (SIP.js's transaction writes it into the message itself):
  // CANCEL needs the branch, and callers may read the request as sent.
  message_->setViaHeader(transaction->id(), core_.transport().protocol());
  transaction_ = transaction;
  writeClientTransactionKey(*keyCell, transaction->id(), transaction->method());
  core_.transactions().add(transaction);
  core_.addUserAgentClient(*keyCell, shared_from_this());
}

OutgoingRequestMessage UserAgentClient::cancel(const std::string& reason, const RequestOptions& options) {
  canceled_ = true;
  OutgoingRequestMessageOverrides overrides;
  overrides.toTag = message_->toTag;
  overrides.fromTag = message_->fromTag;
  overrides.callId = message_->callId;
  overrides.cseq = message_->cseq;
  auto cancelMessage = std::make_shared<OutgoingRequestMessage>(core_.makeOutgoingRequestMessage(
      "CANCEL", message_->ruri, message_->from.uri, message_->to.uri, overrides, options.extraHeaders));
  cancelMessage->branch = message_->branch;
  // §9.1: the same top Via branch (the client transaction reuses it as its id).
  cancelMessage->setViaHeader(message_->branch, core_.transport().protocol());
  // §9.1: the same Route header fields as the request (also those the caller put among its extra
  // headers, which SIP.js forgets).
  if (transaction_) {
    std::vector<std::string> routes;
    for (const auto route : transaction_->request().headerValues("Route")) routes.emplace_back(route);
    if (!routes.empty()) cancelMessage->setHeader("Route", std::move(routes));
  }
  if (!reason.empty()) cancelMessage->setHeader("Reason", reason);

  if (transaction_ && transaction_->state() == TransactionState::Proceeding) {
    sendCancel(cancelMessage);
  } else if (transaction_) {
    std::weak_ptr<UserAgentClient> weak = weak_from_this();
    transaction_->addStateChangeListener(
        [weak, cancelMessage] {
          auto self = weak.lock();
          if (self && self->transaction_ && self->transaction_->state() == TransactionState::Proceeding) {
            callSafely(self->logger_, "sending CANCEL", [&] { self->sendCancel(cancelMessage); });
          }
        },
        /*once=*/true);
  }
  return *cancelMessage;
}

void UserAgentClient::sendCancel(const std::shared_ptr<OutgoingRequestMessage>& cancelMessage) {
  UserAgentClient::create(core_, *cancelMessage);
}

bool UserAgentClient::authenticationGuard(const sip::Message& response, Dialog* dialog) {
  const int statusCode = response.statusCode;
  if (statusCode != 401 && statusCode != 407) return true;
  const bool www = statusCode == 401;
  const char* challengeHeader = www ? "WWW-Authenticate" : "Proxy-Authenticate";
  const char* authorizationHeader = www ? "Authorization" : "Proxy-Authorization";

  // RFC 8760 §2.4: a server may offer several challenges (SHA-256 first, MD5 for old clients);
  // answer the topmost one we support.
  std::vector<sip::DigestChallenge> challenges;
  for (const auto value : response.headerValues(challengeHeader)) {
    if (auto parsed = sip::parseChallenge(value)) challenges.push_back(toDigestChallenge(*parsed));
  }
  const auto index = sip::selectDigestChallenge(challenges);
  if (!index) {
    logger_.warn(std::to_string(statusCode) + " with wrong or missing challenge, cannot authenticate");
    return true;
  }
  const sip::DigestChallenge& challenge = challenges[*index];

  // A second challenge after we answered one means the credentials failed, unless the server
  // only said our nonce was stale (and it may say that once): SIP.js's loop guard.
  if (challenged_ && (stale_ || !challenge.stale)) {
    logger_.warn(std::to_string(statusCode) + " apparently in authentication loop, cannot authenticate");
    return true;
  }

  if (!credentials_) {
    std::optional<sip::DigestCredentials> credentials;
    if (core_.configuration.authenticationFactory) {
      credentials = core_.configuration.authenticationFactory();
    } else {
      credentials = core_.configuration.credentials;
    }
    if (!credentials) {
      logger_.warn("Unable to obtain credentials, cannot authenticate");
      return true;
    }
    Host* host = &host_;
    credentials_ =
        std::make_unique<sip::DigestAuthenticator>(std::move(*credentials), [host] { return host->random(); });
  }

  const std::string uri = message_->ruri.toString();
  sip::DigestRequest request{message_->method, uri, std::nullopt};
  if (message_->body && !message_->body->content.empty()) request.body = message_->body->content;
  std::string error;
  auto authorization = credentials_->authenticate(challenge, request, &error);
  if (!authorization) {
    logger_.warn("Cannot answer the " + std::to_string(statusCode) + " challenge: " + error);
    return true;
  }

  challenged_ = true;
  if (challenge.stale) stale_ = true;

  std::shared_ptr<Dialog> attached;
  if (!dialog) {
    attached = dialog_.lock();
    dialog = attached.get();
  }

  uint32_t cseq = ++message_->cseq;
  if (dialog && dialog->localSequenceNumber()) {
    dialog->incrementLocalSequenceNumber();
    cseq = message_->cseq = *dialog->localSequenceNumber();
  }
  message_->setHeader("CSeq", std::to_string(cseq) + " " + message_->method);
  message_->setHeader(authorizationHeader, std::move(*authorization));
  init();
  return false;
}

void UserAgentClient::onRequestTimeout() {
  logger_.warn("User agent client request timed out. Generating internal 408 Request Timeout.");
  receiveResponse(syntheticResponse(408, "Request Timeout"));
}

void UserAgentClient::onTransportError(const TransportError& error) {
  logger_.error(error.message);
  logger_.error("User agent client request transport error. Generating internal 503 Service Unavailable.");
  receiveResponse(syntheticResponse(503, "Service Unavailable"));
}

void UserAgentClient::receiveResponse(const sip::Message& response) {
  if (!authenticationGuard(response)) return;
  dispatchResponse(response, delegate);
}

void UserAgentClient::dispatchResponse(const sip::Message& response, const OutgoingRequestDelegate& target) {
  const int statusCode = response.statusCode;
  const IncomingResponse incoming{response};
  // Callbacks are copied before the call: the callee may replace the delegate it is running from.
  auto call = [&](const std::function<void(const IncomingResponse&)>& callback) {
    if (!callback) return;
    auto copy = callback;
    copy(incoming);
  };
  if (statusCode == 100) {
    call(target.onTrying);
  } else if (statusCode >= 101 && statusCode <= 199) {
    call(target.onProgress);
  } else if (statusCode >= 200 && statusCode <= 299) {
    call(target.onAccept);
  } else if (statusCode >= 300 && statusCode <= 399) {
    call(target.onRedirect);
  } else if (statusCode >= 400 && statusCode <= 699) {
    call(target.onReject);
  } else {
    logger_.warn("Dropping response with invalid status code " + std::to_string(statusCode) + ".");
  }
}

}  // namespace sip::core
