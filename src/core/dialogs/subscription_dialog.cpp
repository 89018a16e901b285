#include "core/dialogs/subscription_dialog.h"

#include <cmath>
#include <stdexcept>

#include "core/messages/utils.h"
#include "core/timers.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/re_subscribe_user_agent.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

std::string subscriptionKey(std::string_view callId, std::string_view tag, std::string_view eventHeaderValue) {
  std::string key(callId);
  key += '\n';
  key += tag;
  key += '\n';
  if (auto event = sip::parseEvent(eventHeaderValue)) {
    key += event->type;
    if (auto id = sip::paramValue(event->params, "id")) key += ";id=" + *id;
  } else {
    key += trimmed(eventHeaderValue);
  }
  return key;
}

std::optional<DialogState> SubscriptionDialog::initialDialogStateForSubscription(const OutgoingRequestMessage& subscribe,
                                                                                 const sip::Message& notify) {
  auto contact = notify.contact();
  auto remoteTag = notify.fromTag();
  if (!contact || contact->star || contact->contacts.empty() || !remoteTag || remoteTag->empty() ||
      subscribe.fromTag.empty() || subscribe.callId.empty()) {
    return std::nullopt;
  }
  DialogState state;
  state.callId = subscribe.callId;
  state.localTag = subscribe.fromTag;
  state.remoteTag = *remoteTag;
  state.id = state.callId + state.localTag + state.remoteTag;
  state.early = false;
  state.localSequenceNumber = subscribe.cseq;
  state.localURI = subscribe.from.uri;
  state.remoteURI = subscribe.to.uri;
  state.remoteTarget = contact->contacts.front().uri;
  for (const auto value : notify.headerValues("Record-Route")) state.routeSet.emplace_back(value);
  return state;
}

std::shared_ptr<SubscriptionDialog> SubscriptionDialog::create(std::string subscriptionEvent,
                                                               uint32_t subscriptionExpires,
                                                               SubscriptionState subscriptionState,
                                                               UserAgentCore& core, DialogState state,
                                                               SubscriptionDelegate delegate) {
  auto dialog = std::make_shared<SubscriptionDialog>(Tag{}, std::move(subscriptionEvent), subscriptionExpires,
                                                     subscriptionState, core, std::move(state), std::move(delegate));
  dialog->registerWithCore();
  dialog->expiryTimerSet();
  dialog->logger_.log("SUBSCRIBE dialog ", dialog->id(), " constructed");
  return dialog;
}

SubscriptionDialog::SubscriptionDialog(Tag, std::string subscriptionEvent, uint32_t subscriptionExpires,
                                       SubscriptionState subscriptionState, UserAgentCore& core, DialogState state,
                                       SubscriptionDelegate subscriptionDelegate)
    : Dialog(core, std::move(state)),
      delegate(std::move(subscriptionDelegate)),
      logger_(core.host(), "sip.subscribe-dialog"),
      subscriptionEvent_(std::move(subscriptionEvent)),
      subscriptionExpires_(subscriptionExpires),
      subscriptionExpiresInitial_(subscriptionExpires),
      subscriptionState_(subscriptionState),
      N_(core.host()),
      refreshTimer_(core.host()),
      expiryTimer_(core.host()) {
  subscriptionExpiresLastSet_ = nowSeconds();
}

std::shared_ptr<SubscriptionDialog> SubscriptionDialog::self() {
  return std::static_pointer_cast<SubscriptionDialog>(shared_from_this());
}

double SubscriptionDialog::nowSeconds() const {
  return core_.configuration.now ? std::floor(core_.configuration.now() / 1000.0) : 0.0;
}

void SubscriptionDialog::dispose() {
  if (disposed_) return;
  auto keep = shared_from_this();
  Dialog::dispose();
  N_.clear();
  refreshTimerClear();
  expiryTimer_.clear();
  logger_.log("SUBSCRIBE dialog ", id(), " destroyed");
}

void SubscriptionDialog::setAutoRefresh(bool /*autoRefresh*/) {
  // SIP.js's setter turns auto refresh on whatever value it is given; we do the same.
  autoRefresh_ = true;
  refreshTimerSet();
}

uint32_t SubscriptionDialog::subscriptionExpires() const {
  const double elapsed = nowSeconds() - subscriptionExpiresLastSet_;
  const double left = static_cast<double>(subscriptionExpires_) - elapsed;
  return left > 0 ? static_cast<uint32_t>(left) : 0;
}

void SubscriptionDialog::setSubscriptionExpires(uint32_t expires) {
  subscriptionExpires_ = expires;
  subscriptionExpiresLastSet_ = nowSeconds();
  if (autoRefresh_) {
    const auto refresh = subscriptionRefresh();
    if (!refresh || *refresh >= expires) refreshTimerSet();
  }
  expiryTimerSet();
}

std::optional<uint32_t> SubscriptionDialog::subscriptionRefresh() const {
  if (!subscriptionRefresh_) return std::nullopt;
  const double left = static_cast<double>(*subscriptionRefresh_) - (nowSeconds() - subscriptionRefreshLastSet_);
  return left > 0 ? static_cast<uint32_t>(left) : 0;
}

void SubscriptionDialog::receiveRequest(const sip::Message& request) {
  logger_.log("SUBSCRIBE dialog ", id(), " received ", request.method, " request");
  if (!sequenceGuard(request)) {
    logger_.log("SUBSCRIBE dialog ", id(), " rejected out of order ", request.method, " request.");
    return;
  }
  Dialog::receiveRequest(request);
  if (request.method == "NOTIFY") {
    onNotify(request);
    return;
  }
  logger_.log("SUBSCRIBE dialog ", id(), " received unimplemented ", request.method, " request");
  ResponseOptions options;
  options.statusCode = 501;
  core_.replyStateless(request, options);
}

std::shared_ptr<ReSubscribeUserAgentClient> SubscriptionDialog::refresh() {
  RequestOptions options;
  options.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
  options.extraHeaders.push_back("Event: " + subscriptionEvent_);
  options.extraHeaders.push_back("Expires: " + std::to_string(subscriptionExpiresInitial_));
  options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
  return subscribe({}, options);
}

std::shared_ptr<ReSubscribeUserAgentClient> SubscriptionDialog::subscribe(OutgoingRequestDelegate subscribeDelegate,
                                                                          const RequestOptions& options) {
  if (subscriptionState_ != SubscriptionState::Pending && subscriptionState_ != SubscriptionState::Active) {
    throw std::logic_error("Invalid state " + std::string(toString(subscriptionState_)) +
                           ". May only re-subscribe while in state \"pending\" or \"active\".");
  }
  logger_.log("SUBSCRIBE dialog ", id(), " sending SUBSCRIBE request");
  auto uac = ReSubscribeUserAgentClient::create(self(), std::move(subscribeDelegate), options);
  N_.clear();
  bool unsubscribing = false;
  for (const auto& line : options.extraHeaders) {
    auto split = splitHeaderLine(line);
    if (split && split->first == "Expires" && split->second == "0") unsubscribing = true;
  }
  // RFC 6665 §4.1.2.2: Timer N guards the NOTIFY a refresh triggers.
  if (!unsubscribing) {
    std::weak_ptr<SubscriptionDialog> weak = self();
    N_.start(Timers::TIMER_N, [weak] {
      if (auto dialog = weak.lock()) callSafely(dialog->logger_, "Timer N", [&] { dialog->timerN(); });
    });
  }
  return uac;
}

void SubscriptionDialog::terminate() {
  stateTransition(SubscriptionState::Terminated);
  onTerminated();
}

std::shared_ptr<ReSubscribeUserAgentClient> SubscriptionDialog::unsubscribe() {
  RequestOptions options;
  options.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
  options.extraHeaders.push_back("Event: " + subscriptionEvent_);
  options.extraHeaders.push_back("Expires: 0");
  options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
  return subscribe({}, options);
}

void SubscriptionDialog::onNotify(const sip::Message& request) {
  const auto eventHeader = request.header("Event");
  const auto event = eventHeader ? sip::parseEvent(*eventHeader) : std::nullopt;
  const auto ourEvent = sip::parseEvent(subscriptionEvent_);
  // RFC 6665 §8.2.1: the event type must match the subscription's.
  if (!event || !ourEvent || event->type != ourEvent->type) {
    ResponseOptions options;
    options.statusCode = 489;
    core_.replyStateless(request, options);
    return;
  }
  N_.clear();
  const auto stateHeader = request.header("Subscription-State");
  const auto subscriptionState = stateHeader ? sip::parseSubscriptionState(*stateHeader) : std::nullopt;
  if (!subscriptionState || subscriptionState->state.empty()) {
    ResponseOptions options;
    options.statusCode = 489;
    core_.replyStateless(request, options);
    return;
  }
  auto keep = self();
  const std::string state = sip::toLower(subscriptionState->state);
  const std::optional<uint32_t> expires = subscriptionState->expires;
  if (state == "pending") {
    stateTransition(SubscriptionState::Pending, expires);
  } else if (state == "active") {
    stateTransition(SubscriptionState::Active, expires);
  } else if (state == "terminated") {
    stateTransition(SubscriptionState::Terminated, expires);
  } else {
    logger_.warn("Unrecognized subscription state.");
  }
  auto uas = NotifyUserAgentServer::create(*this, request);
  if (auto callback = delegate.onNotify) {
    callback(uas);
  } else {
    uas->accept();
  }
}

void SubscriptionDialog::onRefresh(const std::shared_ptr<ReSubscribeUserAgentClient>& request) {
  if (auto callback = delegate.onRefresh) callback(request);
}

void SubscriptionDialog::onTerminated() {
  if (auto callback = delegate.onTerminated) callback();
}

void SubscriptionDialog::refreshTimerClear() {
  refreshTimer_.clear();
  subscriptionRefresh_.reset();
}

void SubscriptionDialog::refreshTimerSet() {
  refreshTimerClear();
  const uint32_t expires = subscriptionExpires();
  if (autoRefresh_ && expires > 0) {
    const uint64_t refreshMs = static_cast<uint64_t>(expires) * 900;  // 90% of the expiry
    subscriptionRefresh_ = static_cast<uint32_t>(refreshMs / 1000);
    subscriptionRefreshLastSet_ = nowSeconds();
    std::weak_ptr<SubscriptionDialog> weak = self();
    refreshTimer_.start(static_cast<uint32_t>(std::min<uint64_t>(refreshMs, 0xFFFFFFFFu)), [weak] {
      auto dialog = weak.lock();
      if (!dialog) return;
      dialog->subscriptionRefresh_.reset();
      callSafely(dialog->logger_, "subscription refresh", [&] { dialog->onRefresh(dialog->refresh()); });
    });
  }
}

void SubscriptionDialog::expiryTimerSet() {
  expiryTimer_.clear();
  if (subscriptionState_ != SubscriptionState::Pending && subscriptionState_ != SubscriptionState::Active) return;
  const uint64_t ms = static_cast<uint64_t>(subscriptionExpires_) * 1000;
  std::weak_ptr<SubscriptionDialog> weak = self();
  expiryTimer_.start(static_cast<uint32_t>(std::min<uint64_t>(ms, 0xFFFFFFFFu)), [weak] {
    auto dialog = weak.lock();
    if (!dialog || dialog->disposed_) return;
    dialog->logger_.warn("Subscription expired without refresh.");
    callSafely(dialog->logger_, "subscription expiry", [&] { dialog->terminate(); });
  });
}

void SubscriptionDialog::stateTransition(SubscriptionState newState, std::optional<uint32_t> newExpires) {
  auto invalid = [&] {
    logger_.warn("Invalid subscription state transition from " + std::string(toString(subscriptionState_)) + " to " +
                 std::string(toString(newState)));
  };
  const auto from = subscriptionState_;
  const bool live = from == SubscriptionState::NotifyWait || from == SubscriptionState::Pending;
  switch (newState) {
    case SubscriptionState::Initial:
    case SubscriptionState::NotifyWait:
      return invalid();
    case SubscriptionState::Pending:
      if (!live) return invalid();
      break;
    case SubscriptionState::Active:
    case SubscriptionState::Terminated:
      if (!live && from != SubscriptionState::Active) return invalid();
      break;
  }
  subscriptionState_ = newState;
  if ((newState == SubscriptionState::Pending || newState == SubscriptionState::Active) && newExpires &&
      *newExpires > 0) {
    setSubscriptionExpires(*newExpires);
  }
  if (newState == SubscriptionState::Terminated) dispose();
}

void SubscriptionDialog::timerN() {
  logger_.warn("Timer N expired for SUBSCRIBE dialog. Timed out waiting for NOTIFY.");
  if (subscriptionState_ != SubscriptionState::Terminated) {
    stateTransition(SubscriptionState::Terminated);
    onTerminated();
  }
}

}  // namespace sip::core
