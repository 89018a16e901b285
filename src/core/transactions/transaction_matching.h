// Transaction matching rules (RFC 3261 §17.1.3, §17.2.3 and §9.2), as pure functions over messages.
// TransactionTable uses them; they are separate so the rules can be read (and tested) on their own.
//
// SIP.js matches on the branch alone (plus the method for client transactions); the full rules
// below agree with it for every RFC 3261 peer and add sent-by and the RFC 2543 fallback.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "sip/message.h"

namespace sip::core {

// §17.1.3: a response matches the client transaction whose request had the same top-Via branch and
// whose method is the CSeq method of the response (so a CANCEL and the INVITE it cancels, which
// share a branch, are told apart).
std::string clientTransactionKey(std::string_view branch, std::string_view method);
// nullopt when the response has no top-Via branch or no CSeq.
std::optional<std::string> clientTransactionKeyOfResponse(const sip::Message& response);

// §17.2.3, RFC 3261 peers (branch starts with the magic cookie): branch + top-Via sent-by + method,
// where ACK counts as INVITE. `methodOverride` replaces the request's method (INVITE for §9.2
// CANCEL matching). nullopt when the request has no magic-cookie branch or no Via: such requests
// are matched by the RFC 2543 rules below.
std::optional<std::string> serverTransactionKey(const sip::Message& request,
                                                std::optional<std::string_view> methodOverride = std::nullopt);

// The same keys written into `key` (its content replaced, its storage reused), so that a lookup
// needs no new string; false (and `key` unspecified) where the functions above give nullopt.
void writeClientTransactionKey(std::string& key, std::string_view branch, std::string_view method);
bool writeClientTransactionKeyOfResponse(std::string& key, const sip::Message& response);
bool writeServerTransactionKey(std::string& key, const sip::Message& request,
                               std::optional<std::string_view> methodOverride = std::nullopt);

// §17.2.3, RFC 2543 peers. `original` is the request that created the transaction. A non-ACK
// request matches when Request-URI, To tag, From tag, Call-ID, CSeq (number and method) and top Via
// equal the original's. An ACK matches an INVITE when Request-URI, From tag, Call-ID, CSeq number
// and top Via match and its To tag equals `responseToTag` (the To tag of the response the server
// transaction sent). With `asInvite` (CANCEL matching, §9.2) the request is compared as though its
// method were INVITE.
bool matchesRfc2543(const sip::Message& original, const sip::Message& request,
                    const std::optional<std::string>& responseToTag, bool asInvite = false);

}  // namespace sip::core
