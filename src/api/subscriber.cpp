#include "api/subscriber.h"

#include <exception>
#include <stdexcept>

#include "core/messages/outgoing_request.h"
#include "core/timers.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/re_subscribe_user_agent.h"
#include "core/user_agents/subscribe_user_agent.h"
#include "core/user_agents/user_agent_client.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::api {

namespace {

bool live(core::SubscriptionState state) {
  return state == core::SubscriptionState::Pending || state == core::SubscriptionState::Active;
}

// Answers a NOTIFY nobody else will answer; a NOTIFY already answered is left alone.
void acceptQuietly(const std::shared_ptr<core::NotifyUserAgentServer>& notify, const Logger& logger) {
  if (!notify || !notify->acceptable()) return;
  try {
    notify->accept();
  } catch (const std::exception& e) {
    logger.error(std::string("Failed to accept NOTIFY: ") + e.what());
  }
}

}  // namespace

Subscriber::Subscriber(core::UserAgentCore& core, sip::Uri target, std::string event, SubscriberOptions options,
                       SubscriberDelegate delegateIn)
    : delegate(std::move(delegateIn)),
      core_(core),
      logger_(core.host(), "sip.Subscriber"),
      subscriptionLogger_(core.host(), "sip.Subscription"),
      target_(std::move(target)),
      event_(std::move(event)),
      options_(std::move(options)),
      retryAfterTimer_(core.host()),
      unsubscribeTimer_(core.host()) {
  // The event type is written into an Event header line: it must be one.
  if (!sip::parseEvent(event_)) throw std::invalid_argument("Invalid event type: " + event_);
  initRequest();
  id_ = request_->message.callId + request_->message.fromTag + event_;
}

Subscriber::~Subscriber() {
  *alive_ = false;
  retryAfterTimer_.clear();
  unsubscribeTimer_.clear();
  disposeRequest();
  if (dialog_) {
    dialog_->delegate = {};
    dialog_->dispose();
  }
}

core::SubscriptionState Subscriber::requestState() const {
  if (request_->subscription) return request_->subscription->subscriptionState();
  return request_->subscribed ? core::SubscriptionState::NotifyWait : core::SubscriptionState::Initial;
}

void Subscriber::initRequest() {
  std::vector<std::string> headers = options_.extraHeaders;
  headers.push_back("Allow: " + core_.allowHeaderValue());
  headers.push_back("Event: " + event_);
  headers.push_back("Expires: " + std::to_string(options_.expires));
  headers.push_back("Contact: " + core_.configuration.contact.toString());
  auto message = core_.makeOutgoingRequestMessage("SUBSCRIBE", target_, core_.configuration.aor, target_, {},
                                                  std::move(headers), options_.body);
  // A previous request (before a re-subscription) has settled; stop anything it still waits for.
  if (request_) disposeRequest();
  static uint64_t generations = 0;
  request_ = std::make_unique<Request>(std::move(message));
  request_->generation = ++generations;
}

void Subscriber::disposeRequest() {
  if (!request_ || !request_->uac) return;
  auto uac = std::move(request_->uac);
  uac->waitNotifyStop();
  uac->dispose();
}

void Subscriber::sendRequest() {
  request_->subscribed = true;
  const uint64_t generation = request_->generation;
  std::weak_ptr<bool> alive = alive_;
  // The request a core callback belongs to, if it is still this subscriber's current one.
  auto current = [this, alive, generation]() -> Request* {
    auto flag = alive.lock();
    if (!flag || !*flag || !request_ || request_->generation != generation) return nullptr;
    return request_.get();
  };
  core::OutgoingSubscribeRequestDelegate d;
  // The 2xx itself changes nothing: RFC 6665 §4.1.2.1, the NOTIFY that follows is what counts.
  d.onNotify = [this, current](const core::IncomingRequestWithSubscription& result) {
    Request* request = current();
    if (!request) {
      // Nobody waits for this subscription any more.
      if (result.subscription) result.subscription->dispose();
      core::ResponseOptions gone;
      gone.statusCode = 481;
      if (result.request->rejectable()) result.request->reject(gone);
      return;
    }
    onRequestSuccess(request, result.request, result.subscription);
  };
  d.onNotifyTimeout = [this, current] {
    if (Request* request = current()) onRequestFailure(request);
  };
  auto failure = [this, current](const core::IncomingResponse&) {
    if (Request* request = current()) onRequestFailure(request);
  };
  d.onRedirect = failure;
  d.onReject = failure;
  auto uac = core_.subscribe(request_->message, std::move(d));
  // Defensive: had a callback run from inside subscribe() and ended this request, drop the UAC.
  if (alive.expired() || !current() || disposed_) {
    uac->waitNotifyStop();
    uac->dispose();
    return;
  }
  request_->uac = std::move(uac);
}

void Subscriber::onRequestSuccess(Request* request, const std::shared_ptr<core::NotifyUserAgentServer>& notify,
                                  const std::shared_ptr<core::SubscriptionDialog>& subscription) {
  request->settled = true;
  request->subscription = subscription;
  if (subscription) {
    subscription->setAutoRefresh(true);
    dialog_ = subscription;
    std::weak_ptr<bool> alive = alive_;
    const core::SubscriptionDialog* raw = subscription.get();
    subscription->delegate.onNotify = [this, alive, raw](std::shared_ptr<core::NotifyUserAgentServer> uas) {
      if (alive.expired() || raw != dialog_.get()) {
        acceptQuietly(uas, logger_);
        return;
      }
      onNotify(uas);
    };
    subscription->delegate.onTerminated = [this, alive, raw] {
      if (!alive.expired()) onDialogTerminated(raw);
    };
  }
  onNotify(notify);
}

void Subscriber::onRequestFailure(Request* request) {
  // A failure after the first NOTIFY (a late error response) changes nothing, as in SIP.js.
  if (request->settled) return;
  request->settled = true;
  unsubscribe();
}

void Subscriber::onNotify(const std::shared_ptr<core::NotifyUserAgentServer>& notify) {
  std::weak_ptr<bool> alive = alive_;
  if (disposed_) {
    // Only the end of the subscription matters now.
    acceptQuietly(notify, logger_);
    checkFinished();
    return;
  }
  if (state_ != SubscriptionState::Subscribed) {
    stateTransition(SubscriptionState::Subscribed);
    if (alive.expired()) return;
  }
  if (delegate.onNotify) {
    delegate.onNotify(notify);
  } else {
    acceptQuietly(notify, logger_);
  }
  if (alive.expired()) return;
  if (disposed_) {
    checkFinished();
    return;
  }
  // RFC 6665 §4.1.3: a terminated subscription may be retried, depending on the reason.
  const auto header = notify->message().header("Subscription-State");
  const auto subscriptionState = header ? sip::parseSubscriptionState(*header) : std::nullopt;
  if (!subscriptionState || sip::toLower(subscriptionState->state) != "terminated") return;
  if (subscriptionState->reason) {
    const std::string reason = sip::toLower(*subscriptionState->reason);
    logger_.log("Terminated subscription with reason ", reason);
    if (reason == "deactivated" || reason == "timeout") {
      // "...the client SHOULD attempt to re-subscribe immediately."
      initRequest();
      subscribe();
      return;
    }
    if (reason == "probation" || reason == "giveup") {
      // "...the client MAY attempt to re-subscribe later", not before retry-after seconds.
      initRequest();
      const uint32_t retryAfter = subscriptionState->retryAfter.value_or(0);
      if (retryAfter > 0) {
        const uint64_t ms = static_cast<uint64_t>(retryAfter) * 1000;
        retryAfterTimer_.start(static_cast<uint32_t>(ms > 0x7FFFFFFFull ? 0x7FFFFFFFull : ms), [this] { subscribe(); });
      } else {
        subscribe();
      }
      return;
    }
    // rejected, noresource, invariant and unknown reasons: the subscription is over.
  }
  unsubscribe();
}

void Subscriber::onDialogTerminated(const core::SubscriptionDialog* dialog) {
  if (dialog != dialog_.get()) return;
  if (disposed_) {
    checkFinished();
    return;
  }
  // Timer N after a refresh, a fatal refresh error, or the expiry without a refresh.
  if (state_ != SubscriptionState::Terminated) stateTransition(SubscriptionState::Terminated);
}

SubscriberResult Subscriber::subscribe() {
  if (state_ == SubscriptionState::Terminated) {
    logger_.error("An attempt was made to subscribe when the Subscriber is in 'Terminated' state.");
    return SubscriberResult::Terminated;
  }
  if (disposed_) {
    logger_.error("An attempt was made to subscribe when the Subscriber has been disposed.");
    return SubscriberResult::Disposed;
  }
  switch (requestState()) {
    case core::SubscriptionState::Initial: {
      // Also reached when re-subscribing after a terminating NOTIFY: the state stays Subscribed.
      std::weak_ptr<bool> alive = alive_;
      if (state_ == SubscriptionState::Initial) stateTransition(SubscriptionState::NotifyWait);
      if (alive.expired() || disposed_) return SubscriberResult::NothingToDo;
      sendRequest();
      return SubscriberResult::Sent;
    }
    case core::SubscriptionState::Active: {
      auto dialog = request_->subscription;
      core::RequestOptions options;
      options.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
      options.extraHeaders.push_back("Event: " + dialog->subscriptionEvent());
      options.extraHeaders.push_back("Expires: " + std::to_string(dialog->subscriptionExpiresInitial()));
      options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
      std::weak_ptr<bool> alive = alive_;
      auto failure = [this, alive](const core::IncomingResponse&) {
        if (!alive.expired()) unsubscribe();
      };
      core::OutgoingRequestDelegate d;
      d.onRedirect = failure;
      d.onReject = failure;
      dialog->subscribe(std::move(d), options);
      return SubscriberResult::Sent;
    }
    default: return SubscriberResult::NothingToDo;
  }
}

SubscriberResult Subscriber::unsubscribe() {
  if (disposed_) return SubscriberResult::NothingToDo;
  bool sent = false;
  if (dialog_ && live(requestState()) && live(dialog_->subscriptionState())) {
    sendUnsubscribe();
    sent = true;
  }
  stateTransition(SubscriptionState::Terminated);
  return sent ? SubscriberResult::Sent : SubscriberResult::NothingToDo;
}

void Subscriber::sendUnsubscribe() {
  unsubscribing_ = true;
  auto dialog = dialog_;
  core::RequestOptions options;
  options.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
  options.extraHeaders.push_back("Event: " + dialog->subscriptionEvent());
  options.extraHeaders.push_back("Expires: 0");
  options.extraHeaders.push_back("Contact: " + core_.configuration.contact.toString());
  std::weak_ptr<bool> alive = alive_;
  std::weak_ptr<core::SubscriptionDialog> weakDialog = dialog;
  core::OutgoingRequestDelegate d;
  // RFC 6665 §4.1.2.3: a 2xx means the NOTIFY that ends the subscription follows. Wait for it as
  // for any NOTIFY a SUBSCRIBE triggers (Timer N), then end the dialog ourselves.
  d.onAccept = [this, alive, weakDialog](const core::IncomingResponse&) {
    if (alive.expired()) return;
    auto dialog = weakDialog.lock();
    if (!dialog || dialog != dialog_ || !live(dialog->subscriptionState())) return;
    unsubscribeTimer_.start(core::Timers::TIMER_N, [this, weakDialog] {
      auto dialog = weakDialog.lock();
      if (!dialog || !live(dialog->subscriptionState())) return;
      logger_.warn("Timer N expired waiting for the NOTIFY that ends the subscription; ending it.");
      dialog->terminate();
    });
  };
  // A failed un-SUBSCRIBE: no NOTIFY will end the subscription; end it here.
  auto failure = [alive, weakDialog](const core::IncomingResponse&) {
    if (alive.expired()) return;
    auto dialog = weakDialog.lock();
    if (dialog && live(dialog->subscriptionState())) dialog->terminate();
  };
  d.onRedirect = failure;
  d.onReject = failure;
  // Sent by a plain UAC, not SubscriptionDialog::unsubscribe(): its re-SUBSCRIBE client applies
  // the 2xx's "Expires: 0" to the dialog, which then expires at once and answers the notifier's
  // final NOTIFY with 481. This way the dialog stays until that NOTIFY (or the guard above).
  auto uac = core::UserAgentClient::create(core_, dialog->createOutgoingRequestMessage("SUBSCRIBE", options),
                                           std::move(d));
  uac->attachDialog(dialog);
}

void Subscriber::dispose() {
  if (disposed_) return;
  disposed_ = true;
  logger_.log("Subscription ", id_, " in state ", toString(state_), " is being disposed");
  retryAfterTimer_.clear();
  disposeRequest();
  if (state_ == SubscriptionState::Subscribed && dialog_ && !unsubscribing_ && live(dialog_->subscriptionState())) {
    sendUnsubscribe();
  }
  checkFinished();
}

void Subscriber::checkFinished() {
  if (!disposed_ || finished_) return;
  if (unsubscribing_ && dialog_ && dialog_->subscriptionState() != core::SubscriptionState::Terminated) return;
  finished_ = true;
  unsubscribeTimer_.clear();
  if (delegate.onFinished) delegate.onFinished();
}

void Subscriber::stateTransition(SubscriptionState next) {
  if (state_ == next) return;
  if (!validTransition(state_, next)) {
    logger_.error(std::string("Invalid state transition from ") + toString(state_) + " to " + toString(next));
    return;
  }
  state_ = next;
  subscriptionLogger_.log("Subscription " + (dialog_ ? dialog_->id() : std::string("undefined")) + " transitioned to " +
                          toString(state_));
  std::weak_ptr<bool> alive = alive_;
  if (delegate.onStateChange) delegate.onStateChange(state_);
  if (alive.expired()) return;
  if (next == SubscriptionState::Terminated) dispose();
}

}  // namespace sip::api
