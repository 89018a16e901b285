// UserAgentCore's receive path: transport text -> parse -> transaction -> §8.2 checks -> dialog
// or new UAS (RFC 3261 §8.2, §9.2, §12.2.2, §17; SIP.js user-agent-core.js and the checks of its
// UserAgent.onTransportMessage).
#include <algorithm>
#include <exception>
#include <memory>
#include <utility>

#include "core/dialogs/dialog.h"
#include "core/dialogs/subscription_dialog.h"
#include "core/messages/utils.h"
#include "core/transactions/invite_server_transaction.h"
#include "core/transactions/message_helpers.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/refer_user_agent.h"
#include "core/user_agents/register_user_agent.h"
#include "core/user_agents/subscribe_user_agent.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

namespace {

ResponseOptions status(int statusCode) {
  ResponseOptions options;
  options.statusCode = statusCode;
  return options;
}

bool exactlyIn(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string mimeTypeOf(std::string_view contentType) {
  if (auto parsed = sip::parseContentType(contentType)) return parsed->mimeType();
  return sip::toLower(trimmed(contentType.substr(0, contentType.find(';'))));
}

}  // namespace

void UserAgentCore::receive(std::string_view data) noexcept {
  try {
    // Parsed into shared storage: whatever keeps the message (its UAS and server transaction, an
    // Inviter waiting for its answer) shares it through shareMessage instead of copying it.
    auto message = std::make_shared<sip::Message>();
    if (std::string error = sip::parseMessageInto(data, *message); !error.empty()) {
      receiveUnparsable(data, error);
      return;
    }
    // Restored on the way out (also when a handler throws): a transport may deliver to us again
    // from inside a handler.
    struct Receiving {
      std::shared_ptr<const sip::Message>& slot;
      std::shared_ptr<const sip::Message> outer;
      ~Receiving() { slot = std::move(outer); }
    } receiving{receiving_, std::exchange(receiving_, message)};
    if (message->isRequest) {
      receiveIncomingRequestFromTransport(*message);
    } else {
      receiveIncomingResponseFromTransport(*message);
    }
  } catch (const std::exception& e) {
    callSafely(logger_, "receive", [&] { logger_.error(std::string("Dropped a message: ") + e.what()); });
  } catch (...) {
    callSafely(logger_, "receive", [&] { logger_.error("Dropped a message: unknown exception."); });
  }
}

std::shared_ptr<const sip::Message> UserAgentCore::shareMessage(const sip::Message& message) const {
  if (receiving_.get() == &message) return receiving_;
  return std::make_shared<const sip::Message>(message);
}

void UserAgentCore::receiveIncomingRequestFromTransport(const sip::Message& request) noexcept {
  try {
    const bool isAck = request.method == "ACK";
    // §8.2 / RFC 4475 §3.1.2.17-18: a CSeq method other than the request method gets 400.
    if (auto problem = sip::checkRequestSemantics(request)) {
      logger_.warn("Bad request: " + *problem);
      if (!isAck) {
        auto options = status(400);
        replyStateless(request, options);
      }
      return;
    }
    // RFC 4475 §3.2.1: a branch that is the bare magic cookie is not a valid RFC 3261 branch.
    if (auto branch = request.branchView(); branch && *branch == kMagicCookie) {
      logger_.warn("Request with a branch that is only the magic cookie. Rejecting.");
      if (!isAck) replyStateless(request, status(400));
      return;
    }
    // SIP.js's UserAgent: our own request (Call-ID prefix) coming back without To tag looped.
    if (!isAck && !configuration.sipjsId.empty() && !request.toTagView()) {
      const auto callId = request.callIdView();
      if (callId && callId->compare(0, configuration.sipjsId.size(), configuration.sipjsId) == 0) {
        replyStateless(request, status(482));
        return;
      }
    }
    receiveRequestFromTransport(request);
  } catch (const std::exception& e) {
    callSafely(logger_, "receive request", [&] { logger_.error(std::string("Error handling request: ") + e.what()); });
  } catch (...) {
    callSafely(logger_, "receive request", [&] { logger_.error("Error handling request."); });
  }
}

void UserAgentCore::receiveIncomingResponseFromTransport(const sip::Message& response) noexcept {
  try {
    receiveResponseFromTransport(response);
  } catch (const std::exception& e) {
    callSafely(logger_, "receive response", [&] { logger_.error(std::string("Error handling response: ") + e.what()); });
  } catch (...) {
    callSafely(logger_, "receive response", [&] { logger_.error("Error handling response."); });
  }
}

void UserAgentCore::receiveRequestFromTransport(const sip::Message& request) {
  auto transaction = transactions_.findServerTransaction(request);

  if (request.method == "ACK") {
    if (transaction) {
      auto invite = transactionAs<InviteServerTransaction>(transaction);
      // RFC 6026 §7.1: an ACK matching an INVITE transaction in Accepted (an RFC 2543 peer's ACK
      // of our 2xx) goes to the TU, not to the transaction (SIP.js drops it).
      if (!invite || invite->state() != TransactionState::Accepted) {
        transaction->receiveRequest(request);
        return;
      }
    }
    receiveRequest(request);
    return;
  }

  if (request.method == "CANCEL") {
    // §9.2: the transaction the CANCEL targets (matched as if it were the INVITE).
    auto invite = transactions_.findInviteServerTransactionForCancel(request);
    if (!invite) {
      replyStateless(request, status(481));
      return;
    }
    replyStateless(request, status(200));
    if (invite->state() == TransactionState::Proceeding) {
      if (auto uas = userAgentServerFor(invite.get())) uas->receiveCancel(request);
    }
    return;
  }

  if (transaction) {
    transaction->receiveRequest(request);  // a retransmission
    return;
  }
  receiveRequest(request);
}

void UserAgentCore::receiveRequest(const sip::Message& request) {
  const bool isAck = request.method == "ACK";

  // §8.2.1 method inspection.
  if (!exactlyIn(configuration.allowedMethods, request.method)) {
    if (isAck) return;
    auto options = status(405);
    options.extraHeaders.push_back("Allow: " + allowHeaderValue());
    replyStateless(request, options);
    return;
  }

  // §8.2.2.1 Request-URI scheme.
  if (!sip::iequals(request.ruri.scheme, "sip") && !sip::iequals(request.ruri.scheme, "sips")) {
    logger_.warn("Request-URI scheme " + request.ruri.scheme + " is not supported.");
    if (!isAck) replyStateless(request, status(416));
    return;
  }

  // §8.2.2.1: is the Request-URI ours? SIP.js compares the user part with the AOR's and the
  // Contact's (and GRUUs).
  if (configuration.checkRequestUriUser) {
    const auto& ruri = request.ruri;
    auto matches = [&](const std::optional<sip::Uri>& uri) { return uri && uri->user == ruri.user; };
    if (!matches(configuration.aor) && !matches(configuration.contact.uri) && !matches(configuration.contact.pubGruu) &&
        !matches(configuration.contact.tempGruu)) {
      logger_.warn("Request-URI does not point to us.");
      if (!isAck) replyStateless(request, status(404));
      return;
    }
  }

  // §8.2.2.1 / §12.1.1: an INVITE must carry a Contact usable as the remote target. An RFC 2543
  // client (no magic-cookie branch) may leave it out; its From URI is the target then (RFC 4475
  // §3.4.1).
  if (request.method == "INVITE") {
    auto contact = request.contact();
    const auto branch = request.branchView();
    const bool rfc2543 = !branch || !hasMagicCookie(*branch);
    if ((!contact && !rfc2543) || (contact && (contact->star || contact->contacts.empty()))) {
      auto options = status(400);
      options.reasonPhrase = "Missing Contact Header";
      replyStateless(request, options);
      return;
    }
  }

  // §8.2.2.2 merged requests: same From tag, Call-ID and CSeq as a request we are already
  // handling, but a different transaction (it forked and reached us twice).
  if (!request.toTagView() && !isAck && isMergedRequest(request)) {
    replyStateless(request, status(482));
    return;
  }

  if (!isAck && rejectUnsupportedExtensions(request)) return;
  if (!isAck && rejectUnsupportedContent(request)) return;

  // §12.2.2: a To tag means the request belongs to a dialog.
  if (request.toTagView()) {
    receiveInsideDialogRequest(request);
  } else {
    receiveOutsideDialogRequest(request);
  }
}

bool UserAgentCore::rejectUnsupportedExtensions(const sip::Message& request) {
  // §8.2.2.3: every option tag in Require must be one we support, else 420 listing the others.
  if (request.method == "CANCEL") return false;
  std::vector<std::string> unsupported;
  for (const auto& tag : request.tokens("Require")) {
    if (!containsToken(configuration.supportedOptionTags, tag) &&
        !containsToken(configuration.supportedOptionTagsResponse, tag) && !containsToken(unsupported, tag)) {
      unsupported.push_back(tag);
    }
  }
  if (unsupported.empty()) return false;
  auto options = status(420);
  options.extraHeaders.push_back("Unsupported: " + joinTokens(unsupported));
  replyStateless(request, options);
  return true;
}

bool UserAgentCore::rejectUnsupportedContent(const sip::Message& request) {
  const std::string& method = request.method;
  const bool sessionMethod = method == "INVITE" || method == "UPDATE" || method == "PRACK";

  // §8.2.3: a response must be in a type the client accepts. An INVITE's 2xx carries a session
  // description; if Accept rules out every type we can write, nothing we send would do (RFC
  // 4475 §3.3.15: 406).
  if (method == "INVITE" && request.hasHeader("Accept")) {
    bool acceptable = false;
    for (const auto value : request.headerValues("Accept")) {
      auto list = sip::parseAccept(value);
      if (!list) continue;
      for (const auto& range : *list) {
        const std::string type = sip::toLower(range.type);
        const std::string subtype = sip::toLower(range.subtype);
        for (const auto& ours : configuration.acceptedBodyTypes) {
          const auto slash = ours.find('/');
          const std::string ourType = ours.substr(0, slash);
          const std::string ourSubtype = slash == std::string::npos ? std::string() : ours.substr(slash + 1);
          if ((type == "*" || type == ourType) && (subtype == "*" || subtype == ourSubtype)) acceptable = true;
        }
      }
    }
    if (!acceptable) {
      auto options = status(406);
      options.extraHeaders.push_back("Accept: " + joinTokens(configuration.acceptedBodyTypes, ","));
      replyStateless(request, options);
      return true;
    }
  }

  if (request.body.empty()) return false;

  // §8.2.3: a body in an encoding we cannot decode (we decode none) -> 415 with Accept-Encoding.
  for (const auto& coding : request.tokens("Content-Encoding")) {
    if (!sip::iequals(coding, "identity")) {
      auto options = status(415);
      options.extraHeaders.push_back("Accept-Encoding: identity");
      options.extraHeaders.push_back("Accept: " + joinTokens(configuration.acceptedBodyTypes, ","));
      replyStateless(request, options);
      return true;
    }
  }

  if (!sessionMethod) return false;  // MESSAGE, INFO, NOTIFY... bodies are the application's business

  // §8.2.3 / §20.11: a body we must process (handling=required, the default) in a type we do
  // not understand -> 415 with Accept.
  const auto contentType = request.header("Content-Type");
  if (contentType && exactlyIn(configuration.acceptedBodyTypes, mimeTypeOf(*contentType))) return false;
  if (auto disposition = request.header("Content-Disposition")) {
    if (auto parsed = sip::parseContentDisposition(*disposition)) {
      if (auto handling = sip::paramValue(parsed->params, "handling"); handling && sip::iequals(*handling, "optional")) {
        return false;
      }
    }
  }
  auto options = status(415);
  options.extraHeaders.push_back("Accept: " + joinTokens(configuration.acceptedBodyTypes, ","));
  replyStateless(request, options);
  return true;
}

void UserAgentCore::receiveInsideDialogRequest(const sip::Message& request) {
  // RFC 6665 §4.4.1: a NOTIFY for a SUBSCRIBE still waiting for its first NOTIFY.
  if (request.method == "NOTIFY") {
    const auto eventHeader = request.header("Event");
    const auto event = eventHeader ? sip::parseEvent(*eventHeader) : std::nullopt;
    if (!event || event->type.empty()) {
      replyStateless(request, status(489));
      return;
    }
    const auto key = subscriptionKey(request.callIdView().value_or(""), request.toTagView().value_or(""), *eventHeader);
    if (auto it = subscribers_.find(key); it != subscribers_.end()) {
      auto subscriber = it->second;
      auto uas = NotifyUserAgentServer::create(*this, request);
      subscriber->onNotify(uas);
      return;
    }
  }

  // §12.2.2: the dialog id of a request is Call-ID + To tag (ours) + From tag (theirs).
  const auto callId = request.callIdView().value_or("");
  const auto toTag = request.toTagView().value_or("");
  const auto fromTag = request.fromTagView().value_or("");
  std::string dialogId;
  dialogId.reserve(callId.size() + toTag.size() + fromTag.size());
  dialogId.append(callId).append(toTag).append(fromTag);
  if (auto it = dialogs_.find(dialogId); it != dialogs_.end()) {
    auto dialog = it->second;
    // §12.2.2: requests that change no dialog state (OPTIONS) are answered as outside a dialog.
    if (request.method == "OPTIONS") {
      auto options = status(200);
      options.extraHeaders.push_back("Allow: " + allowHeaderValue());
      options.extraHeaders.push_back("Accept: " + joinTokens(configuration.acceptedBodyTypes, ","));
      replyStateless(request, options);
      return;
    }
    dialog->receiveRequest(request);
    return;
  }

  // §8.2.7 / §17.2.3: an ACK that matches nothing (its 2xx was sent statelessly, or its dialog
  // is gone) is absorbed.
  if (request.method == "ACK") return;

  // §12.2.2: a To tag but no dialog: 481.
  replyStateless(request, status(481));
}

void UserAgentCore::receiveOutsideDialogRequest(const sip::Message& request) {
  const std::string& method = request.method;
  if (method == "ACK") {
    return;  // a stray ACK
  }
  if (method == "BYE" || method == "PRACK" || method == "UPDATE") {
    // §15.1.2 (BYE), RFC 3262 §3 (PRACK), RFC 3311 §5.2 (UPDATE): only inside a dialog.
    replyStateless(request, status(481));
    return;
  }
  if (method == "INFO") {
    // RFC 6086 §1: INFO only exists inside an INVITE dialog usage.
    replyStateless(request, status(405));
    return;
  }
  if (method == "INVITE") {
    auto uas = InviteUserAgentServer::create(*this, request);
    // §17.2.1: 100 Trying right away, so that the client stops retransmitting.
    if (configuration.sendTryingForInvite) uas->trying();
    if (auto callback = delegate.onInvite) {
      callback(uas);
    } else {
      uas->reject();
    }
    return;
  }
  if (method == "MESSAGE") {
    auto uas = MessageUserAgentServer::create(*this, request);
    if (auto callback = delegate.onMessage) {
      callback(uas);
    } else {
      uas->accept();
    }
    return;
  }
  if (method == "NOTIFY") {
    auto uas = NotifyUserAgentServer::create(*this, request);
    if (auto callback = delegate.onNotify) {
      callback(uas);
    } else {
      uas->reject(status(405));
    }
    return;
  }
  if (method == "OPTIONS") {
    // §11.2.
    auto options = status(200);
    options.extraHeaders.push_back("Allow: " + allowHeaderValue());
    options.extraHeaders.push_back("Accept: " + joinTokens(configuration.acceptedBodyTypes, ","));
    replyStateless(request, options);
    return;
  }
  if (method == "REFER") {
    auto uas = ReferUserAgentServer::create(*this, request);
    if (auto callback = delegate.onRefer) {
      callback(uas);
    } else {
      uas->reject(status(405));
    }
    return;
  }
  if (method == "REGISTER") {
    auto uas = RegisterUserAgentServer::create(*this, request);
    if (auto callback = delegate.onRegister) {
      callback(uas);
    } else {
      uas->reject(status(405));
    }
    return;
  }
  if (method == "SUBSCRIBE") {
    auto uas = SubscribeUserAgentServer::create(*this, request);
    if (auto callback = delegate.onSubscribe) {
      callback(uas);
    } else {
      uas->reject(status(480));
    }
    return;
  }
  // An allowed method nobody here implements (SIP.js throws).
  replyStateless(request, status(501));
}

void UserAgentCore::receiveResponseFromTransport(const sip::Message& response) {
  // §8.1.3.3: a response with more than one Via is not for a UAC.
  if (response.headerValues("Via").size() > 1) {
    logger_.warn("More than one Via header field present in the response, dropping");
    return;
  }
  if (configuration.checkResponseVia) {
    // SIP.js's UserAgent: the Via must be the one we wrote (our host, no port).
    const auto via = response.topVia();
    if (!via || via->host != configuration.viaHost || via->port) {
      logger_.warn("Via sent-by in the response does not match UA Via host value. Dropping.");
      return;
    }
  }
  auto transaction = transactions_.findClientTransaction(response);
  if (!transaction) {
    logger_.warn("Discarding unmatched " + std::to_string(response.statusCode) + " response to " +
                 (response.cseq() ? response.cseq()->method : std::string("?")) + " " +
                 std::string(response.branchView().value_or("")) + ".");
    return;
  }
  transaction->receiveResponse(response);
}

}  // namespace sip::core
