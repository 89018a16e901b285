#include "core/transactions/transaction_table.h"

#include <utility>
#include <vector>

#include "core/transactions/message_helpers.h"
#include "core/transactions/transaction_matching.h"

namespace sip::core {

namespace {
constexpr std::string_view kRfc2543Prefix = "rfc2543\n";

// Calls `visit` with each RFC 2543 transaction until it returns true.
template <typename Map, typename Visit>
void forEachRfc2543(const Map& rfc2543Servers, Visit&& visit) {
  for (const auto& [key, transaction] : rfc2543Servers) {
    if (visit(transaction)) return;
  }
}
}  // namespace

TransactionTable::TransactionTable(Host& host) : logger_(host, "sip.transaction-table") {}

TransactionTable::~TransactionTable() { disposeAll(); }

bool TransactionTable::claim(Transaction& transaction, const std::string& key) {
  if (transaction.isDisposed() || transaction.state() == TransactionState::Terminated) {
    logger_.warn("Not adding " + std::string(transaction.typeToString()) + " " + transaction.id() +
                 ": it has already ended.");
    return false;
  }
  if (transaction.table_ != nullptr) {
    logger_.warn("Not adding " + std::string(transaction.typeToString()) + " " + transaction.id() +
                 ": it is already registered.");
    return false;
  }
  transaction.table_ = this;
  transaction.tableKey_ = key;
  return true;
}

bool TransactionTable::add(const std::shared_ptr<ClientTransaction>& transaction) {
  if (!transaction) return false;
  std::string key = clientTransactionKey(transaction->id(), transaction->method());
  if (clients_.count(key) != 0) {
    logger_.warn("Not adding client transaction " + transaction->id() + " " + transaction->method() +
                 ": a live one has the same branch and method.");
    return false;
  }
  if (!claim(*transaction, key)) return false;
  clients_.emplace(std::move(key), transaction);
  return true;
}

bool TransactionTable::add(const std::shared_ptr<ServerTransaction>& transaction) {
  if (!transaction) return false;
  auto rfc3261Key = serverTransactionKey(transaction->request());
  if (!rfc3261Key) {
    std::string key = std::string(kRfc2543Prefix) + std::to_string(nextRfc2543Key_++);  // never taken
    if (!claim(*transaction, key)) return false;
    rfc2543Servers_.emplace(std::move(key), transaction);
    return true;
  }
  if (servers_.count(*rfc3261Key) != 0) {
    logger_.warn("Not adding server transaction " + transaction->id() + ": a live one matches the same requests.");
    return false;
  }
  if (!claim(*transaction, *rfc3261Key)) return false;
  servers_.emplace(std::move(*rfc3261Key), transaction);
  return true;
}

void TransactionTable::remove(Transaction& transaction, const std::string& key) {
  // Erasing may destroy the transaction: callers (Transaction::dispose) hold a reference.
  if (auto it = clients_.find(key); it != clients_.end() && it->second.get() == &transaction) {
    clients_.erase(it);
    return;
  }
  if (auto it = servers_.find(key); it != servers_.end() && it->second.get() == &transaction) {
    servers_.erase(it);
    return;
  }
  if (auto it = rfc2543Servers_.find(key); it != rfc2543Servers_.end() && it->second.get() == &transaction) {
    rfc2543Servers_.erase(it);
  }
}

std::shared_ptr<ClientTransaction> TransactionTable::findClientTransaction(const sip::Message& response) const {
  if (!response.isResponse()) return nullptr;
  if (!writeClientTransactionKeyOfResponse(lookupKey_, response)) return nullptr;
  auto it = clients_.find(lookupKey_);
  return it == clients_.end() ? nullptr : it->second;
}

std::shared_ptr<ClientTransaction> TransactionTable::findClientTransaction(std::string_view id,
                                                                           std::string_view method) const {
  writeClientTransactionKey(lookupKey_, id, method);
  auto it = clients_.find(lookupKey_);
  return it == clients_.end() ? nullptr : it->second;
}

std::shared_ptr<ServerTransaction> TransactionTable::findServerTransaction(const sip::Message& request) const {
  if (!request.isRequest) return nullptr;
  if (writeServerTransactionKey(lookupKey_, request)) {
    auto it = servers_.find(lookupKey_);
    return it == servers_.end() ? nullptr : it->second;
  }
  // RFC 2543 peer: compare header by header with every transaction created by such a request.
  const bool isAck = request.method == "ACK";
  std::shared_ptr<ServerTransaction> found;
  forEachRfc2543(rfc2543Servers_, [&](const std::shared_ptr<ServerTransaction>& transaction) {
    std::optional<std::string> responseToTag;
    if (isAck) {
      const auto* invite = transactionAs<InviteServerTransaction>(transaction.get());
      if (invite == nullptr || invite->lastFinalResponse().empty()) return false;
      responseToTag = toTagOf(invite->lastFinalResponse());
    }
    if (!matchesRfc2543(transaction->request(), request, responseToTag)) return false;
    found = transaction;
    return true;
  });
  return found;
}

std::shared_ptr<InviteServerTransaction> TransactionTable::findInviteServerTransactionForCancel(
    const sip::Message& cancel) const {
  if (!cancel.isRequest || cancel.method != "CANCEL") return nullptr;
  if (writeServerTransactionKey(lookupKey_, cancel, std::string_view("INVITE"))) {
    auto it = servers_.find(lookupKey_);
    if (it == servers_.end()) return nullptr;
    return transactionAs<InviteServerTransaction>(it->second);
  }
  std::shared_ptr<InviteServerTransaction> found;
  forEachRfc2543(rfc2543Servers_, [&](const std::shared_ptr<ServerTransaction>& transaction) {
    if (!matchesRfc2543(transaction->request(), cancel, std::nullopt, /*asInvite=*/true)) return false;
    found = transactionAs<InviteServerTransaction>(transaction);
    return true;
  });
  return found;
}

void TransactionTable::disposeAll() {
  // Take everything out first: disposing calls back into remove(), and may run user code.
  std::vector<std::shared_ptr<Transaction>> all;
  all.reserve(size());
  for (auto& [key, transaction] : clients_) all.push_back(transaction);
  for (auto& [key, transaction] : servers_) all.push_back(transaction);
  for (auto& [key, transaction] : rfc2543Servers_) all.push_back(transaction);
  clients_.clear();
  servers_.clear();
  rfc2543Servers_.clear();
  for (auto& transaction : all) {
    transaction->table_ = nullptr;
    transaction->dispose();
  }
}

}  // namespace sip::core
