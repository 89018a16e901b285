#include "core/transactions/transaction_matching.h"

#include "core/transactions/message_helpers.h"

namespace sip::core {

void writeClientTransactionKey(std::string& key, std::string_view branch, std::string_view method) {
  key.assign(branch);
  key += '\n';
  key += method;
}

std::string clientTransactionKey(std::string_view branch, std::string_view method) {
  std::string key;
  writeClientTransactionKey(key, branch, method);
  return key;
}

bool writeClientTransactionKeyOfResponse(std::string& key, const sip::Message& response) {
  const auto branch = response.branchView();
  const auto cseq = response.cseq();
  if (!branch || !cseq) return false;
  writeClientTransactionKey(key, *branch, cseq->method);
  return true;
}

std::optional<std::string> clientTransactionKeyOfResponse(const sip::Message& response) {
  std::string key;
  if (!writeClientTransactionKeyOfResponse(key, response)) return std::nullopt;
  return key;
}

bool writeServerTransactionKey(std::string& key, const sip::Message& request,
                               std::optional<std::string_view> methodOverride) {
  const auto branch = request.branchView();
  if (!branch || !hasMagicCookie(*branch)) return false;
  const auto topVia = request.header("Via");
  if (!topVia) return false;
  key.assign(*branch);
  key += '\n';
  if (!sip::appendViaSentBy(key, *topVia)) return false;  // written into the key: no string of its own
  key += '\n';
  key += methodOverride ? *methodOverride : matchingMethod(request.method);
  return true;
}

std::optional<std::string> serverTransactionKey(const sip::Message& request,
                                                std::optional<std::string_view> methodOverride) {
  std::string key;
  if (!writeServerTransactionKey(key, request, methodOverride)) return std::nullopt;
  return key;
}

namespace {

std::optional<std::string> topViaText(const sip::Message& message) {
  const auto via = message.topVia();
  if (!via) return std::nullopt;
  return via->toString();
}

}  // namespace

bool matchesRfc2543(const sip::Message& original, const sip::Message& request,
                    const std::optional<std::string>& responseToTag, bool asInvite) {
  const std::string_view method = asInvite ? std::string_view("INVITE") : std::string_view(request.method);
  const auto cseq = request.cseq();
  const auto originalCseq = original.cseq();
  if (!cseq || !originalCseq || cseq->number != originalCseq->number) return false;
  if (request.ruri.toString() != original.ruri.toString()) return false;
  if (request.fromTagView() != original.fromTagView()) return false;
  if (request.callIdView() != original.callIdView()) return false;
  const auto via = topViaText(request);
  if (!via || via != topViaText(original)) return false;

  if (method == "ACK") {
    // The ACK of a non-2xx carries the To tag the server put in that response.
    return original.method == "INVITE" && responseToTag.has_value() && request.toTag() == responseToTag;
  }
  return request.toTag() == original.toTag() && method == original.method &&
         (asInvite || cseq->method == originalCseq->method);
}

}  // namespace sip::core
