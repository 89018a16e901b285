// The transaction layer's registry: every live transaction by its matching key, RFC 3261 §17.1.3 /
// §17.2.3 matching of incoming messages to them, and §9.2 CANCEL matching.
//
// The table owns what it holds: a transaction added here stays alive until it terminates or is
// disposed, then removes itself (so the table cannot leak, and a transaction whose user went away
// still finishes its timers). Destroying the table disposes whatever is left.
//
// SIP.js keeps the equivalent maps in UserAgentCore (userAgentClients keyed by branch + method,
// userAgentServers keyed by branch); the UAC/UAS layer keeps its own objects keyed by
// transaction id on top of this table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/transactions/client_transaction.h"
#include "core/transactions/invite_server_transaction.h"
#include "core/transactions/server_transaction.h"
#include "host.h"
#include "sip/message.h"

namespace sip::core {

class TransactionTable {
 public:
  explicit TransactionTable(Host& host);
  ~TransactionTable();
  TransactionTable(const TransactionTable&) = delete;
  TransactionTable& operator=(const TransactionTable&) = delete;

  // Registers a transaction. Refused (false, with a log line) when it is null, terminated or
  // disposed, already in a table, or another live transaction has the same matching key.
  bool add(const std::shared_ptr<ClientTransaction>& transaction);
  bool add(const std::shared_ptr<ServerTransaction>& transaction);

  // §17.1.3: the client transaction a response belongs to (top-Via branch + CSeq method), or null.
  std::shared_ptr<ClientTransaction> findClientTransaction(const sip::Message& response) const;
  // By id and method, as SIP.js's userAgentClients.get(id + method).
  std::shared_ptr<ClientTransaction> findClientTransaction(std::string_view id, std::string_view method) const;

  // §17.2.3: the server transaction a request belongs to (a retransmission, or the ACK of a
  // non-2xx for an INVITE), or null when the request starts a new transaction.
  std::shared_ptr<ServerTransaction> findServerTransaction(const sip::Message& request) const;

  // §9.2: the INVITE server transaction a CANCEL targets (matched as if its method were INVITE),
  // whatever its state, or null (the UAS then answers the CANCEL with 481). The UAS answers 200 to
  // the CANCEL and, while the INVITE transaction is Proceeding, 487 to the INVITE.
  std::shared_ptr<InviteServerTransaction> findInviteServerTransactionForCancel(const sip::Message& cancel) const;

  size_t size() const { return clients_.size() + serverCount(); }
  size_t clientCount() const { return clients_.size(); }
  size_t serverCount() const { return servers_.size() + rfc2543Servers_.size(); }
  bool empty() const { return size() == 0; }

  // Disposes every transaction and empties the table (the UA core's reset/dispose).
  void disposeAll();

 private:
  friend class Transaction;
  // Called by a transaction leaving (terminated or disposed).
  void remove(Transaction& transaction, const std::string& key);
  bool claim(Transaction& transaction, const std::string& key);

  Logger logger_;
  // Client keys all start with "z9hG4bK": hashed rather than ordered.
  std::unordered_map<std::string, std::shared_ptr<ClientTransaction>> clients_;
  // RFC 3261 transactions by serverTransactionKey(), hashed: completed INVITE transactions stay
  // 32 s (Timer L), so under load there are tens of thousands, and an ordered map compared long
  // keys with a common prefix a dozen times per lookup.
  std::unordered_map<std::string, std::shared_ptr<ServerTransaction>> servers_;
  // RFC 2543 ones (no magic cookie: matched header by header) by a "rfc2543\n<n>" key, in order.
  std::map<std::string, std::shared_ptr<ServerTransaction>> rfc2543Servers_;
  uint64_t nextRfc2543Key_ = 1;
  // The key a lookup builds, kept between lookups so that its storage is reused (one message at a
  // time: src/ has no threads).
  mutable std::string lookupKey_;
};

}  // namespace sip::core
