// Transaction base (SIP.js lib/core/transactions/transaction.js, RFC 3261 §17).
//
// Ownership: transactions are always held by std::shared_ptr (made by each subclass's create()).
// Whoever needs one keeps a shared_ptr: normally the TransactionTable, which keeps every transaction
// it was given until it terminates or is disposed, so a transaction can outlive its user (a non-INVITE
// client transaction waiting for Timer K, say) and can never leak. Timers and transport callbacks
// never extend a transaction's life: timers are cleared by the destructor, send callbacks hold
// weak_ptrs. While a transaction runs one of its own methods it holds a shared_ptr to itself, so a
// user callback that drops the last other reference cannot destroy it under its own feet.
//
// Borrowed: the Host and the Transport are referenced, not owned; both must outlive every
// transaction (the user agent owns them, and disposes its TransactionTable before them).
//
// Errors: nothing here throws. Input that SIP.js would throw on (an invalid status code, a response
// in the wrong state, an impossible state transition) is logged and ignored; methods called by the
// TU report refusal by returning false.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/transactions/transaction_state.h"
#include "core/transactions/transaction_user.h"
#include "core/transport.h"
#include "host.h"
#include "sip/message.h"

namespace sip::core {

class TransactionTable;

class Transaction : public std::enable_shared_from_this<Transaction> {
 public:
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  virtual ~Transaction();

  // The transaction id: the branch of the top Via (SIP.js's id). A CANCEL client transaction shares
  // the id of the INVITE it cancels; the method tells them apart.
  const std::string& id() const { return id_; }
  TransactionState state() const { return state_; }
  Transport& transport() const { return *transport_; }
  // SIP.js's deprecated `kind`: "ict", "nict", "ist" or "nist" (each final class's kKind).
  virtual std::string_view kind() const = 0;
  // For log lines: "INVITE client transaction", ...
  virtual std::string_view typeToString() const = 0;
  bool isDisposed() const { return disposed_; }

  // Ends the transaction early without a state change (SIP.js's dispose): clears its timers, drops
  // its user callbacks and state listeners, and removes it from its TransactionTable. A terminated
  // transaction is disposed automatically. A disposed transaction ignores everything it is given
  // afterwards (SIP.js leaves that undefined). Idempotent.
  virtual void dispose();

  // SIP.js's addStateChangeListener / removeStateChangeListener. Listeners run after the user's
  // onStateChange, on a snapshot of the list (a listener removed during a notification still runs
  // for that notification, as with SIP.js's slice()). With once = true the listener is removed
  // before it runs.
  using ListenerId = uint64_t;
  ListenerId addStateChangeListener(std::function<void()> listener, bool once = false);
  void removeStateChangeListener(ListenerId id);

  // Transactions constructed and not yet destroyed, process-wide: lets tests prove nothing leaks.
  static size_t liveCount();

 protected:
  Transaction(Host& host, Transport& transport, std::string id, TransactionState initialState,
              const char* loggerCategory);

  // Hands `message` to the transport. A failure is logged with `failureContext` and reported to
  // onTransportError(), always after the current call returns (a synchronous failure is deferred to
  // the next host tick, as a rejected Promise would be), and never once the transaction is disposed.
  void send(std::string message, const char* failureContext);

  // Moves to `newState` and notifies the user's onStateChange then the listeners. Entering
  // Terminated also removes the transaction from its table and drops its callbacks afterwards.
  void setState(TransactionState newState);

  // Subclass hooks.
  // A send failed. By default the user is told and the transaction terminates: "The client
  // transaction SHOULD inform the TU that a transport failure has occurred, and the client
  // transaction SHOULD transition directly to the Terminated state" (§17.1.4; §17.2.4 likewise for
  // servers). The INVITE server transaction overrides it (RFC 6026 §8.8). Called only from
  // handleSendFailure, which holds a strong reference to the transaction for the whole call, so
  // implementations need no keepAlive() of their own.
  virtual void onTransportError(const TransportError& error);
  // Each transaction type's own state machine (RFC 3261 §17): checks the transition, starts and
  // stops its timers, then calls setState(). `dueToTransportError` is set only by onTransportError.
  virtual void stateTransition(TransactionState newState, bool dueToTransportError = false) = 0;
  virtual TransactionUser& baseUser() = 0;  // the user's onStateChange / onTransportError
  virtual void detachUser() = 0;            // replaces the user with an empty one
  virtual void clearTimers() = 0;

  void logTransportError(const TransportError& error, std::string_view context) const;
  // Tells the user about a failed send (RFC 3261 §17.1.4 / §17.2.4). What happens to the state
  // afterwards differs per transaction type, so that stays with the subclasses.
  void notifyUserOfTransportError(const TransportError& error);
  // `allowed` is the subclass's verdict on moving from state() to `newState` (its own state
  // machine, RFC 3261 §17). On top of it, a transport error may end any transaction that has not
  // ended yet (§17.1.4, §17.2.4: "transition directly to the Terminated state"). A refused
  // transition is logged here so every transaction type reports it alike.
  bool checkTransition(TransactionState newState, bool allowed, bool dueToTransportError = false) const;
  // Debug lines shared by every transaction type: "Constructing <type> with id <id>." and
  // "<timer> expired for <type> <id>." (`timer` is e.g. "Timer B").
  void logConstruction() const;
  // The error line of a create() that refuses `request`: "Refusing to create <aTransaction> for a <method>."
  static void logRefusedRequest(const Logger& logger, std::string_view aTransaction, const sip::Message& request);
  void logTimerExpired(std::string_view timer) const;
  // A strong reference to this transaction for the duration of a call that may run user code.
  std::shared_ptr<Transaction> keepAlive() { return shared_from_this(); }

  Host& host_;
  Logger logger_;

 private:
  friend class TransactionTable;
  void handleSendFailure(const TransportError& error, std::string_view context);
  void leaveTable();

  Transport* transport_;
  std::string id_;
  TransactionState state_;
  bool disposed_ = false;
  // Shared so that the snapshot setState() notifies from copies pointers, not the callbacks.
  std::vector<std::pair<ListenerId, std::shared_ptr<const std::function<void()>>>> listeners_;
  ListenerId nextListenerId_ = 1;
  // Bumped by every change to listeners_: tells setState() whether its snapshot went stale.
  uint64_t listenersVersion_ = 0;
  // Set by TransactionTable::add, cleared when the table lets go.
  TransactionTable* table_ = nullptr;
  // The send() calls on the stack, innermost first (a transport may call back, and that may send
  // again, before it returns): each frame lives in its send() call, linked in by its constructor and
  // out by its destructor. Lets a send callback tell "synchronous" without an allocation per send.
  class SendFrame {
   public:
    explicit SendFrame(Transaction& owner)
        : owner_(owner), id_(++owner.sendsStarted_), outer_(owner.sendsOnStack_) {
      owner.sendsOnStack_ = this;
    }
    ~SendFrame() { owner_.sendsOnStack_ = outer_; }
    SendFrame(const SendFrame&) = delete;
    SendFrame& operator=(const SendFrame&) = delete;
    uint64_t id() const { return id_; }
    const SendFrame* outer() const { return outer_; }

   private:
    Transaction& owner_;
    uint64_t id_;
    const SendFrame* outer_;
  };
  bool isSendOnStack(uint64_t sendId) const;
  uint64_t sendsStarted_ = 0;
  const SendFrame* sendsOnStack_ = nullptr;
  std::string tableKey_;
};

// Downcasts a transaction to one of the final classes by its kKind rather than dynamic_cast: the
// Wasm module is built without RTTI, whose type names were 6% of its bytes (CMakeLists.txt).
// Null when `transaction` is null or of another class.
template <class T>
std::shared_ptr<T> transactionAs(const std::shared_ptr<Transaction>& transaction) {
  if (!transaction || transaction->kind() != T::kKind) return nullptr;
  return std::static_pointer_cast<T>(transaction);
}
template <class T>
const T* transactionAs(const Transaction* transaction) {
  if (transaction == nullptr || transaction->kind() != T::kKind) return nullptr;
  return static_cast<const T*>(transaction);
}

}  // namespace sip::core
