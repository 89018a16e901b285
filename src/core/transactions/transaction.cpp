#include "core/transactions/transaction.h"

#include <algorithm>

#include "core/transactions/transaction_table.h"

namespace sip::core {

namespace {
// Single-threaded by design (DESIGN rule 1: no threads in src/), so a plain counter suffices.
size_t gLiveTransactions = 0;
}  // namespace

size_t Transaction::liveCount() { return gLiveTransactions; }

Transaction::Transaction(Host& host, Transport& transport, std::string id, TransactionState initialState,
                         const char* loggerCategory)
    : host_(host),
      logger_(host, loggerCategory, id),
      transport_(&transport),
      id_(std::move(id)),
      state_(initialState) {
  ++gLiveTransactions;
}

Transaction::~Transaction() {
  --gLiveTransactions;
  // A table always holds a shared_ptr to its members, so table_ is null here unless the table is
  // being torn down; either way there is nothing to unregister.
}

void Transaction::dispose() {
  if (disposed_) return;
  // Leaving the table may drop the last other reference to us.
  auto self = keepAlive();
  disposed_ = true;
  clearTimers();
  if (logger_.enabled(LogLevel::Debug)) {
    logger_.debug("Destroyed " + std::string(typeToString()) + " with id " + id_ + ".");
  }
  detachUser();
  listeners_.clear();
  ++listenersVersion_;
  leaveTable();
}

void Transaction::leaveTable() {
  if (table_ != nullptr) {
    TransactionTable* table = table_;
    table_ = nullptr;
    table->remove(*this, tableKey_);
  }
}

Transaction::ListenerId Transaction::addStateChangeListener(std::function<void()> listener, bool once) {
  if (!listener) return 0;
  const ListenerId id = nextListenerId_++;
  if (once) {
    listener = [this, id, listener = std::move(listener)]() {
      // Copy first: removing the entry destroys this lambda's captures.
      auto callback = listener;
      removeStateChangeListener(id);
      callback();
    };
  }
  listeners_.emplace_back(id, std::make_shared<const std::function<void()>>(std::move(listener)));
  ++listenersVersion_;
  return id;
}

void Transaction::removeStateChangeListener(ListenerId id) {
  listeners_.erase(std::remove_if(listeners_.begin(), listeners_.end(),
                                  [id](const auto& entry) { return entry.first == id; }),
                   listeners_.end());
  ++listenersVersion_;
}

void Transaction::setState(TransactionState newState) {
  auto self = keepAlive();
  if (logger_.enabled(LogLevel::Debug)) {
    logger_.debug("State change to \"" + std::string(toString(newState)) + "\" on " + std::string(typeToString()) +
                  " with id " + id_ + ".");
  }
  state_ = newState;
  // A user that disposes us from its onStateChange (SIP.js's UACs and UASs do on Terminated) must
  // not silence the listeners of this notification: SIP.js's dispose() leaves its listeners, so
  // e.g. a session dialog still learns that its INVITE server transaction terminated.
  auto listenersBeforeUser = listeners_;
  const uint64_t versionBeforeUser = listenersVersion_;
  if (auto& onStateChange = baseUser().onStateChange) {
    auto callback = onStateChange;  // the user may replace or drop its callbacks while we call it
    callback(newState);
  }
  // Snapshot: listeners may add or remove listeners (or dispose us) while we notify. When the user
  // left the list alone, the copy taken before it ran is that snapshot already.
  auto snapshot = disposed_ || versionBeforeUser == listenersVersion_ ? std::move(listenersBeforeUser) : listeners_;
  for (auto& [id, listener] : snapshot) {
    (void)id;
    (*listener)();
  }
  if (newState == TransactionState::Terminated) {
    // Once terminated a transaction is destroyed immediately (RFC 3261 §17): leave the table and
    // drop the callbacks so nothing (such as a late transport failure) reaches the user any more.
    dispose();
  }
}

void Transaction::send(std::string message, const char* failureContext) {
  std::weak_ptr<Transaction> weak = weak_from_this();
  // Keeps us alive until our frame has unlinked itself, whatever the transport does meanwhile.
  const auto self = weak.lock();
  // The callback asks whether this very send() is still on the stack: it looks for this frame.
  const SendFrame frame(*this);
  const uint64_t sendId = frame.id();
  transport_->send(std::move(message), [weak, sendId, failureContext](std::optional<TransportError> error) {
    if (!error) return;
    auto self = weak.lock();
    if (!self) return;
    if (self->isSendOnStack(sendId)) {
      self->host_.setTimer(0, [weak, error = *error, failureContext]() {
        if (auto self = weak.lock()) self->handleSendFailure(error, failureContext);
      });
      return;
    }
    self->handleSendFailure(*error, failureContext);
  });
}

bool Transaction::isSendOnStack(uint64_t sendId) const {
  for (const SendFrame* frame = sendsOnStack_; frame != nullptr; frame = frame->outer()) {
    if (frame->id() == sendId) return true;
  }
  return false;
}

void Transaction::handleSendFailure(const TransportError& error, std::string_view context) {
  auto self = keepAlive();
  logTransportError(error, context);
  if (disposed_) return;  // terminated or disposed: nobody to tell
  onTransportError(error);
}

void Transaction::onTransportError(const TransportError& error) {
  notifyUserOfTransportError(error);
  stateTransition(TransactionState::Terminated, true);
}

void Transaction::notifyUserOfTransportError(const TransportError& error) {
  if (auto& onTransportError = baseUser().onTransportError) {
    auto callback = onTransportError;  // the user may replace or drop its callbacks while we call it
    callback(error);
  }
}

bool Transaction::checkTransition(TransactionState newState, bool allowed, bool dueToTransportError) const {
  if (dueToTransportError && newState == TransactionState::Terminated && state_ != TransactionState::Terminated) {
    allowed = true;
  }
  if (!allowed) {
    logger_.error("Invalid state transition from " + std::string(toString(state_)) + " to " +
                  std::string(toString(newState)) + ".");
  }
  return allowed;
}

void Transaction::logConstruction() const {
  if (logger_.enabled(LogLevel::Debug)) {
    logger_.debug("Constructing " + std::string(typeToString()) + " with id " + id_ + ".");
  }
}

void Transaction::logRefusedRequest(const Logger& logger, std::string_view aTransaction,
                                    const sip::Message& request) {
  logger.error("Refusing to create " + std::string(aTransaction) + " for a " +
               (request.isRequest ? request.method : std::string("response")) + ".");
}

void Transaction::logTimerExpired(std::string_view timer) const {
  if (!logger_.enabled(LogLevel::Debug)) return;  // the line is built on every timer otherwise
  logger_.debug(std::string(timer) + " expired for " + std::string(typeToString()) + " " + id_ + ".");
}

void Transaction::logTransportError(const TransportError& error, std::string_view context) const {
  logger_.error(error.message);
  logger_.error("Transport error occurred in " + std::string(typeToString()) + " with id " + id_ + ".");
  logger_.error(context);
}

}  // namespace sip::core
