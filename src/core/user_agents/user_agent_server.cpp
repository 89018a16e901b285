#include "core/user_agents/user_agent_server.h"

#include <stdexcept>

#include "core/messages/utils.h"
#include "core/transactions/invite_server_transaction.h"
#include "core/transactions/non_invite_server_transaction.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/transaction_state_error.h"

namespace sip::core {

namespace {
size_t gLiveUserAgentServers = 0;
}  // namespace

size_t UserAgentServer::liveCount() { return gLiveUserAgentServers; }

UserAgentServer::UserAgentServer(TransactionType type, UserAgentCore& core, const sip::Message& message)
    : core_(core),
      host_(core.host()),
      logger_(core.host(), "sip.user-agent-server"),
      sharedMessage_(core.shareMessage(message)),
      message_(*sharedMessage_),
      type_(type) {
  ++gLiveUserAgentServers;
  auto tag = message_.toTag();
  toTag_ = tag ? *tag : newTag(host_);
}

UserAgentServer::~UserAgentServer() { --gLiveUserAgentServers; }

void UserAgentServer::dispose() {
  if (transaction_) transaction_->dispose();
}

void UserAgentServer::init() {
  std::weak_ptr<UserAgentServer> weak = weak_from_this();
  auto transactionCell = std::make_shared<const ServerTransaction*>(nullptr);
  ServerTransactionUser user;
  user.onStateChange = [weak, transactionCell](TransactionState state) {
    if (state != TransactionState::Terminated) return;
    auto self = weak.lock();
    if (!self) return;
    self->core_.removeUserAgentServer(*transactionCell);
    callSafely(self->logger_, "UAS dispose", [&] { self->dispose(); });
  };
  user.onTransportError = [weak](const TransportError& error) {
    auto self = weak.lock();
    if (!self) return;
    self->logger_.error(error.message);
    if (self->delegate.onTransportError) {
      auto callback = self->delegate.onTransportError;
      callSafely(self->logger_, "UAS transport error", [&] { callback(error); });
    } else {
      self->logger_.error("User agent server response transport error.");
    }
  };
  std::shared_ptr<ServerTransaction> transaction;
  if (type_ == TransactionType::Invite) {
    transaction = InviteServerTransaction::create(host_, core_.transport(), sharedMessage_, std::move(user));
  } else {
    transaction = NonInviteServerTransaction::create(host_, core_.transport(), sharedMessage_, std::move(user));
  }
  if (!transaction) throw std::logic_error("Cannot create a server transaction for " + message_.method + ".");
  *transactionCell = transaction.get();
  transaction_ = transaction;
  core_.transactions().add(transaction);
  core_.addUserAgentServer(transaction.get(), shared_from_this());
}

bool UserAgentServer::acceptable() const {
  const auto state = transaction_->state();
  if (type_ == TransactionType::Invite) {
    return state == TransactionState::Proceeding || state == TransactionState::Accepted;
  }
  return state == TransactionState::Trying || state == TransactionState::Proceeding;
}

bool UserAgentServer::progressable() const {
  // RFC 4320 §4.1: no provisional responses other than 100 to non-INVITE requests.
  return type_ == TransactionType::Invite && transaction_->state() == TransactionState::Proceeding;
}

bool UserAgentServer::redirectable() const {
  const auto state = transaction_->state();
  if (type_ == TransactionType::Invite) return state == TransactionState::Proceeding;
  return state == TransactionState::Trying || state == TransactionState::Proceeding;
}

bool UserAgentServer::rejectable() const { return redirectable(); }

bool UserAgentServer::tryingable() const {
  const auto state = transaction_->state();
  if (type_ == TransactionType::Invite) return state == TransactionState::Proceeding;
  return state == TransactionState::Trying;
}

OutgoingResponse UserAgentServer::accept(ResponseOptions options) {
  if (!acceptable()) {
    throw TransactionStateError(message_.method + " not acceptable in state " +
                                std::string(toString(transaction_->state())) + ".");
  }
  if (options.statusCode == 0) options.statusCode = 200;
  if (options.statusCode < 200 || options.statusCode > 299) {
    throw std::invalid_argument("Invalid statusCode: " + std::to_string(options.statusCode));
  }
  return reply(std::move(options));
}

OutgoingResponse UserAgentServer::progress(ResponseOptions options) {
  if (!progressable()) {
    throw TransactionStateError(message_.method + " not progressable in state " +
                                std::string(toString(transaction_->state())) + ".");
  }
  if (options.statusCode == 0) options.statusCode = 180;
  if (options.statusCode < 101 || options.statusCode > 199) {
    throw std::invalid_argument("Invalid statusCode: " + std::to_string(options.statusCode));
  }
  return reply(std::move(options));
}

OutgoingResponse UserAgentServer::redirect(const std::vector<sip::Uri>& contacts, ResponseOptions options) {
  if (!redirectable()) {
    throw TransactionStateError(message_.method + " not redirectable in state " +
                                std::string(toString(transaction_->state())) + ".");
  }
  if (options.statusCode == 0) options.statusCode = 302;
  if (options.statusCode < 300 || options.statusCode > 399) {
    throw std::invalid_argument("Invalid statusCode: " + std::to_string(options.statusCode));
  }
  for (const auto& contact : contacts) options.extraHeaders.push_back("Contact: <" + contact.toString() + ">");
  return reply(std::move(options));
}

OutgoingResponse UserAgentServer::reject(ResponseOptions options) {
  if (!rejectable()) {
    throw TransactionStateError(message_.method + " not rejectable in state " +
                                std::string(toString(transaction_->state())) + ".");
  }
  if (options.statusCode == 0) options.statusCode = defaultRejectStatusCode();
  if (options.statusCode < 400 || options.statusCode > 699) {
    throw std::invalid_argument("Invalid statusCode: " + std::to_string(options.statusCode));
  }
  if (options.statusCode == 405) {
    // §8.2.1: "The UAS MUST also add an Allow header field to the 405" (SIP.js's default 405s
    // to NOTIFY, REFER and REGISTER forget it).
    bool hasAllow = false;
    for (const auto& line : options.extraHeaders) {
      if (auto split = splitHeaderLine(line); split && split->first == "Allow") hasAllow = true;
    }
    if (!hasAllow) options.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
  }
  return reply(std::move(options));
}

OutgoingResponse UserAgentServer::trying(ResponseOptions /*options*/) {
  if (!tryingable()) {
    throw TransactionStateError(message_.method + " not tryingable in state " +
                                std::string(toString(transaction_->state())) + ".");
  }
  ResponseOptions options;
  options.statusCode = 100;
  return reply(std::move(options));
}

void UserAgentServer::receiveCancel(const sip::Message& cancel) {
  if (delegate.onCancel) {
    auto callback = delegate.onCancel;
    callback(cancel);
  }
}

OutgoingResponse UserAgentServer::reply(ResponseOptions options) {
  if (options.toTag.empty() && options.statusCode != 100) options.toTag = toTag_;
  if (!options.userAgent) options.userAgent = core_.configuration.userAgentHeaderFieldValue;
  if (!options.supported) options.supported = core_.configuration.supportedOptionTagsResponse;
  OutgoingResponse response = constructOutgoingResponse(host_, message_, options);
  if (!transaction_->receiveResponse(options.statusCode, response.message)) {
    throw TransactionStateError(message_.method + " cannot send a " + std::to_string(options.statusCode) +
                                " response in state " + std::string(toString(transaction_->state())) + ".");
  }
  return response;
}

}  // namespace sip::core
