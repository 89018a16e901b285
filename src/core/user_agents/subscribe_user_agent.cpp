#include "core/user_agents/subscribe_user_agent.h"

#include <algorithm>
#include <stdexcept>

#include "core/messages/utils.h"
#include "core/timers.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/notify_user_agent.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

SubscribeUserAgentClient::SubscribeUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)), N_(core.host()) {}

std::shared_ptr<SubscribeUserAgentClient> SubscribeUserAgentClient::create(UserAgentCore& core,
                                                                           OutgoingRequestMessage message,
                                                                           OutgoingSubscribeRequestDelegate delegate) {
  const auto event = message.getHeader("Event");
  if (!event) throw std::invalid_argument("Event undefined");
  const auto expiresHeader = message.getHeader("Expires");
  if (!expiresHeader) throw std::invalid_argument("Expires undefined");
  const auto expires = sip::parseDeltaSeconds(*expiresHeader);
  if (!expires) throw std::invalid_argument("Expires invalid");
  std::shared_ptr<SubscribeUserAgentClient> uac(new SubscribeUserAgentClient(core, std::move(message)));
  uac->delegate = std::move(delegate);
  uac->subscriberId_ = subscriptionKey(uac->message().callId, uac->message().fromTag, *event);
  uac->subscriptionExpiresRequested_ = uac->subscriptionExpires_ = *expires;
  uac->subscriptionEvent_ = *event;
  uac->subscriptionState_ = SubscriptionState::NotifyWait;
  uac->init();
  uac->waitNotifyStart();
  return uac;
}

void SubscribeUserAgentClient::dispose() {
  // SIP.js keeps waiting for the NOTIFY after the transaction ends (Timer N runs on); so do we.
  UserAgentClient::dispose();
}

void SubscribeUserAgentClient::onNotify(const std::shared_ptr<NotifyUserAgentServer>& uas) {
  const sip::Message& request = uas->message();
  ResponseOptions bad;
  bad.statusCode = 489;
  const auto eventHeader = request.header("Event");
  const auto event = eventHeader ? sip::parseEvent(*eventHeader) : std::nullopt;
  const auto ourEvent = sip::parseEvent(subscriptionEvent_);
  if (!event || !ourEvent || event->type != ourEvent->type) {
    logger_.warn("Failed to parse event.");
    uas->reject(bad);
    return;
  }
  const auto stateHeader = request.header("Subscription-State");
  const auto subscriptionState = stateHeader ? sip::parseSubscriptionState(*stateHeader) : std::nullopt;
  if (!subscriptionState || subscriptionState->state.empty()) {
    logger_.warn("Failed to parse subscription state.");
    uas->reject(bad);
    return;
  }
  const std::string state = sip::toLower(subscriptionState->state);
  if (state != "pending" && state != "active" && state != "terminated") {
    logger_.warn("Invalid subscription state " + subscriptionState->state);
    uas->reject(bad);
    return;
  }
  if (state != "terminated" && !request.contact()) {
    logger_.warn("Failed to parse contact.");
    uas->reject(bad);
    return;
  }
  if (dialog_) {
    // SIP.js throws here; a second dialog from a fork is refused instead (only one is installed).
    logger_.warn("Dialog already created. This implementation only supports install of single subscriptions.");
    ResponseOptions gone;
    gone.statusCode = 481;
    uas->reject(gone);
    return;
  }
  auto keep = shared_from_this();
  waitNotifyStop();
  if (subscriptionState->expires) {
    subscriptionExpires_ = std::min(subscriptionExpires_, *subscriptionState->expires);
  }
  if (state == "pending") {
    subscriptionState_ = SubscriptionState::Pending;
  } else if (state == "active") {
    subscriptionState_ = SubscriptionState::Active;
  } else {
    subscriptionState_ = SubscriptionState::Terminated;
  }
  if (subscriptionState_ != SubscriptionState::Terminated) {
    auto dialogState = SubscriptionDialog::initialDialogStateForSubscription(*message_, request);
    if (!dialogState) {
      uas->reject(bad);
      return;
    }
    dialog_ = SubscriptionDialog::create(subscriptionEvent_, subscriptionExpires_, subscriptionState_, core_,
                                         std::move(*dialogState));
    // The dialog takes over the NOTIFY's CSeq as the remote sequence number.
    dialog_->Dialog::receiveRequest(request);
  }
  if (auto callback = delegate.onNotify) {
    callback(IncomingRequestWithSubscription{uas, dialog_});
  } else {
    uas->accept();
  }
}

void SubscribeUserAgentClient::waitNotifyStart() {
  if (waitingForNotify_) return;
  waitingForNotify_ = true;
  core_.addSubscriber(subscriberId_, std::static_pointer_cast<SubscribeUserAgentClient>(shared_from_this()));
  std::weak_ptr<SubscribeUserAgentClient> weak = std::static_pointer_cast<SubscribeUserAgentClient>(shared_from_this());
  N_.start(Timers::TIMER_N, [weak] {
    if (auto self = weak.lock()) callSafely(self->logger_, "Timer N", [&] { self->timerN(); });
  });
}

void SubscribeUserAgentClient::waitNotifyStop() {
  // Not N_.active(): inside Timer N's own callback the timer already counts as inactive.
  if (waitingForNotify_) {
    waitingForNotify_ = false;
    N_.clear();
    core_.removeSubscriber(subscriberId_, this);
  }
}

void SubscribeUserAgentClient::receiveResponse(const sip::Message& response) {
  if (!authenticationGuard(response)) return;
  auto keep = shared_from_this();
  const int statusCode = response.statusCode;
  if (statusCode >= 200 && statusCode < 300) {
    const auto expiresHeader = response.header("Expires");
    const auto expires = expiresHeader ? sip::parseDeltaSeconds(*expiresHeader) : std::nullopt;
    if (!expires) {
      logger_.warn("Expires header missing in a 200-class response to SUBSCRIBE");
    } else {
      if (*expires > subscriptionExpiresRequested_) {
        logger_.warn("Expires header in a 200-class response to SUBSCRIBE with a higher value than the one in the request");
      }
      if (*expires < subscriptionExpires_) subscriptionExpires_ = *expires;
    }
    if (dialog_ && dialog_->subscriptionExpires() > subscriptionExpires_) {
      dialog_->setSubscriptionExpires(subscriptionExpires_);
    }
  }
  if (statusCode >= 300 && statusCode < 700) waitNotifyStop();  // no NOTIFY follows a failure
  dispatchResponse(response, delegate);
}

void SubscribeUserAgentClient::timerN() {
  logger_.warn("Timer N expired for SUBSCRIBE user agent client. Timed out waiting for NOTIFY.");
  auto keep = shared_from_this();
  waitNotifyStop();
  if (auto callback = delegate.onNotifyTimeout) callback();
}

SubscribeUserAgentServer::SubscribeUserAgentServer(UserAgentCore& core, const sip::Message& request)
    : UserAgentServer(TransactionType::NonInvite, core, request) {}

std::shared_ptr<SubscribeUserAgentServer> SubscribeUserAgentServer::create(UserAgentCore& core,
                                                                           const sip::Message& request) {
  std::shared_ptr<SubscribeUserAgentServer> uas(new SubscribeUserAgentServer(core, request));
  uas->init();
  return uas;
}

}  // namespace sip::core
