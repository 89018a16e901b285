#include "core/user_agent_core/user_agent_core.h"

#include <set>
#include <stdexcept>

#include "core/dialogs/dialog.h"
#include "core/messages/utils.h"
#include "core/transactions/invite_server_transaction.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/publish_user_agent_client.h"
#include "core/user_agents/register_user_agent.h"
#include "core/user_agents/subscribe_user_agent.h"
#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::core {

UserAgentCore::UserAgentCore(Host& host, Transport& transport, UserAgentCoreConfiguration coreConfiguration,
                             UserAgentCoreDelegate coreDelegate)
    : configuration(std::move(coreConfiguration)),
      delegate(std::move(coreDelegate)),
      host_(host),
      transport_(transport),
      logger_(host, "sip.user-agent-core"),
      transactions_(host) {}

UserAgentCore::~UserAgentCore() {
  // callSafely: a destructor must not throw, whatever an application callback does.
  callSafely(logger_, "UserAgentCore dispose", [&] { dispose(); });
}

void UserAgentCore::dispose() { reset(); }

void UserAgentCore::reset() {
  // Copy each table first: disposing an entry removes it from its table.
  std::vector<std::shared_ptr<Dialog>> dialogs;
  for (auto& [id, dialog] : dialogs_) dialogs.push_back(dialog);
  for (auto& dialog : dialogs) dialog->dispose();
  dialogs_.clear();

  std::vector<std::shared_ptr<SubscribeUserAgentClient>> subscribers;
  for (auto& [id, subscriber] : subscribers_) subscribers.push_back(subscriber);
  for (auto& subscriber : subscribers) {
    subscriber->waitNotifyStop();
    subscriber->dispose();
  }
  subscribers_.clear();

  std::vector<std::shared_ptr<UserAgentClient>> clients;
  for (auto& [key, uac] : userAgentClients_) clients.push_back(uac);
  for (auto& uac : clients) uac->dispose();
  userAgentClients_.clear();

  std::vector<std::shared_ptr<UserAgentServer>> servers;
  for (auto& [transaction, entry] : userAgentServers_) servers.push_back(entry.uas);
  for (auto& uas : servers) uas->dispose();
  userAgentServers_.clear();
  mergeKeys_.clear();

  transactions_.disposeAll();
}

// ---- tables ----

void UserAgentCore::addDialog(const std::shared_ptr<Dialog>& dialog) {
  auto [it, inserted] = dialogs_.emplace(dialog->id(), dialog);
  if (!inserted) {
    logger_.warn("Dialog " + dialog->id() + " replaces a dialog with the same id.");
    it->second = dialog;
  }
}

void UserAgentCore::removeDialog(const Dialog& dialog) {
  auto it = dialogs_.find(dialog.id());
  if (it != dialogs_.end() && it->second.get() == &dialog) dialogs_.erase(it);
}

void UserAgentCore::addUserAgentClient(const std::string& key, const std::shared_ptr<UserAgentClient>& uac) {
  userAgentClients_[key] = uac;
}

void UserAgentCore::removeUserAgentClient(const std::string& key, const UserAgentClient* uac) {
  auto it = userAgentClients_.find(key);
  if (it != userAgentClients_.end() && it->second.get() == uac) userAgentClients_.erase(it);
}

void UserAgentCore::addUserAgentServer(const ServerTransaction* transaction,
                                       const std::shared_ptr<UserAgentServer>& uas) {
  removeUserAgentServer(transaction);
  std::string mergeKey = mergeKeyOf(uas->message());
  if (!mergeKey.empty()) ++mergeKeys_[mergeKey];
  userAgentServers_[transaction] = UserAgentServerEntry{uas, std::move(mergeKey)};
}

void UserAgentCore::removeUserAgentServer(const ServerTransaction* transaction) {
  auto it = userAgentServers_.find(transaction);
  if (it == userAgentServers_.end()) return;
  if (!it->second.mergeKey.empty()) {
    auto count = mergeKeys_.find(it->second.mergeKey);
    if (count != mergeKeys_.end() && --count->second == 0) mergeKeys_.erase(count);
  }
  userAgentServers_.erase(it);
}

std::shared_ptr<UserAgentServer> UserAgentCore::userAgentServerFor(const ServerTransaction* transaction) const {
  auto it = userAgentServers_.find(transaction);
  return it == userAgentServers_.end() ? nullptr : it->second.uas;
}

std::string UserAgentCore::mergeKeyOf(const sip::Message& request) {
  const auto cseq = request.cseq();
  if (!cseq) return {};
  // '\n' cannot occur inside a header value, so the fields cannot run into each other; an absent
  // From tag ("\x01") differs from an empty one.
  const auto fromTag = request.fromTagView();
  std::string key(request.callIdView().value_or(""));
  key += '\n';
  key += fromTag ? *fromTag : std::string_view("\x01");
  key += '\n';
  key += std::to_string(cseq->number);
  key += ' ';
  key += cseq->method;
  return key;
}

bool UserAgentCore::isMergedRequest(const sip::Message& request) const {
  const std::string key = mergeKeyOf(request);
  return !key.empty() && mergeKeys_.count(key) != 0;
}

void UserAgentCore::addSubscriber(const std::string& id, const std::shared_ptr<SubscribeUserAgentClient>& subscriber) {
  subscribers_[id] = subscriber;
}

void UserAgentCore::removeSubscriber(const std::string& id, const SubscribeUserAgentClient* subscriber) {
  auto it = subscribers_.find(id);
  if (it != subscribers_.end() && it->second.get() == subscriber) subscribers_.erase(it);
}

std::shared_ptr<Dialog> UserAgentCore::findDialog(const std::string& id) const {
  auto it = dialogs_.find(id);
  return it == dialogs_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Dialog>> UserAgentCore::dialogs() const {
  std::vector<std::shared_ptr<Dialog>> out;
  for (const auto& [id, dialog] : dialogs_) out.push_back(dialog);
  return out;
}

size_t UserAgentCore::userAgentClientCount() const {
  std::set<const UserAgentClient*> distinct;
  for (const auto& [key, uac] : userAgentClients_) distinct.insert(uac.get());
  return distinct.size();
}

std::string UserAgentCore::allowHeaderValue() const { return joinTokens(configuration.allowedMethods, ","); }

// ---- UAC side ----

std::shared_ptr<InviteUserAgentClient> UserAgentCore::invite(OutgoingRequestMessage request,
                                                             OutgoingInviteRequestDelegate inviteDelegate) {
  return InviteUserAgentClient::create(*this, std::move(request), std::move(inviteDelegate));
}

std::shared_ptr<InviteUserAgentClient> UserAgentCore::invite(std::shared_ptr<OutgoingRequestMessage> request,
                                                             OutgoingInviteRequestDelegate inviteDelegate) {
  return InviteUserAgentClient::create(*this, std::move(request), std::move(inviteDelegate));
}

std::shared_ptr<MessageUserAgentClient> UserAgentCore::message(OutgoingRequestMessage request,
                                                               OutgoingRequestDelegate requestDelegate) {
  return MessageUserAgentClient::create(*this, std::move(request), std::move(requestDelegate));
}

std::shared_ptr<PublishUserAgentClient> UserAgentCore::publish(OutgoingRequestMessage request,
                                                               OutgoingRequestDelegate requestDelegate) {
  return PublishUserAgentClient::create(*this, std::move(request), std::move(requestDelegate));
}

std::shared_ptr<RegisterUserAgentClient> UserAgentCore::register_(OutgoingRequestMessage request,
                                                                  OutgoingRequestDelegate requestDelegate) {
  return RegisterUserAgentClient::create(*this, std::move(request), std::move(requestDelegate));
}

std::shared_ptr<SubscribeUserAgentClient> UserAgentCore::subscribe(OutgoingRequestMessage request,
                                                                   OutgoingSubscribeRequestDelegate subscribeDelegate) {
  return SubscribeUserAgentClient::create(*this, std::move(request), std::move(subscribeDelegate));
}

std::shared_ptr<UserAgentClient> UserAgentCore::request(OutgoingRequestMessage request,
                                                        OutgoingRequestDelegate requestDelegate) {
  return UserAgentClient::create(*this, std::move(request), std::move(requestDelegate));
}

OutgoingRequestMessage UserAgentCore::makeOutgoingRequestMessage(std::string method, const sip::Uri& requestURI,
                                                                 const sip::Uri& fromURI, const sip::Uri& toURI,
                                                                 const OutgoingRequestMessageOverrides& options,
                                                                 std::vector<std::string> extraHeaders,
                                                                 std::optional<Body> body) {
  OutgoingRequestMessageOptions merged;
  merged.callIdPrefix = configuration.sipjsId;
  merged.forceRport = configuration.viaForceRport;
  merged.fromDisplayName = configuration.displayName;
  merged.hackViaTcp = configuration.hackViaTcp;
  merged.optionTags = configuration.supportedOptionTags;
  if (method == "REGISTER") {
    merged.optionTags.push_back("path");
    merged.optionTags.push_back("gruu");
  }
  if (method == "INVITE" && (configuration.contact.pubGruu || configuration.contact.tempGruu)) {
    merged.optionTags.push_back("gruu");
  }
  merged.routeSet = configuration.routeSet;
  merged.userAgentString = configuration.userAgentHeaderFieldValue;
  merged.viaHost = configuration.viaHost;

  if (options.callId) merged.callId = *options.callId;
  if (options.callIdPrefix) merged.callIdPrefix = *options.callIdPrefix;
  if (options.cseq) merged.cseq = *options.cseq;
  if (options.toDisplayName) merged.toDisplayName = *options.toDisplayName;
  if (options.toTag) merged.toTag = *options.toTag;
  if (options.fromDisplayName) merged.fromDisplayName = *options.fromDisplayName;
  if (options.fromTag) merged.fromTag = *options.fromTag;
  if (options.optionTags) merged.optionTags = *options.optionTags;
  if (options.routeSet) merged.routeSet = *options.routeSet;
  // §8.1.1.8: a request that can establish a dialog carries a Contact. SIP.js's API always puts
  // one among the extra headers; a caller that did not gets the configured one. Only outside a
  // dialog (no To tag): inside one these requests are built by the dialog, which adds it itself.
  if ((method == "INVITE" || method == "SUBSCRIBE" || method == "REFER") && merged.toTag.empty()) {
    bool hasContact = false;
    for (const auto& line : extraHeaders) {
      if (auto split = splitHeaderLine(line); split && split->first == "Contact") hasContact = true;
    }
    if (!hasContact) extraHeaders.push_back("Contact: " + configuration.contact.toString());
  }
  return OutgoingRequestMessage(host_, std::move(method), requestURI, fromURI, toURI, std::move(merged),
                                std::move(extraHeaders), std::move(body));
}

OutgoingResponse UserAgentCore::replyStateless(const sip::Message& request, ResponseOptions options) {
  options.userAgent = configuration.userAgentHeaderFieldValue;
  options.supported = configuration.supportedOptionTagsResponse;
  OutgoingResponse response = constructOutgoingResponse(host_, request, options);
  sendStateless(response.message, request.method);
  return response;
}

void UserAgentCore::sendStateless(std::string response, std::string_view what) {
  // The callback may run after we are gone (the transport settles later), so it must not use
  // `this`: it logs through a copy of the logger.
  Logger copy = logger_;
  transport_.send(std::move(response), [copy, what = std::string(what)](std::optional<TransportError> error) {
    if (!error) return;
    copy.error(error->message);
    copy.error("Transport error occurred sending stateless reply to " + what + " request.");
  });
}

}  // namespace sip::core
