#include "core/user_agents/re_subscribe_user_agent.h"

#include <algorithm>

#include "core/dialogs/subscription_dialog.h"
#include "sip/headers.h"

namespace sip::core {

ReSubscribeUserAgentClient::ReSubscribeUserAgentClient(UserAgentCore& core, OutgoingRequestMessage message,
                                                       std::shared_ptr<SubscriptionDialog> dialog)
    : UserAgentClient(TransactionType::NonInvite, core, std::move(message)), dialog_(std::move(dialog)) {}

std::shared_ptr<ReSubscribeUserAgentClient> ReSubscribeUserAgentClient::create(
    const std::shared_ptr<SubscriptionDialog>& dialog, OutgoingRequestDelegate delegate, const RequestOptions& options) {
  std::shared_ptr<ReSubscribeUserAgentClient> uac(new ReSubscribeUserAgentClient(
      dialog->userAgentCore(), dialog->createOutgoingRequestMessage("SUBSCRIBE", options), dialog));
  uac->delegate = std::move(delegate);
  uac->attachDialog(dialog);
  uac->init();
  return uac;
}

void ReSubscribeUserAgentClient::receiveResponse(const sip::Message& response) {
  if (!authenticationGuard(response, dialog_.get())) return;
  const int statusCode = response.statusCode;
  if (statusCode >= 200 && statusCode < 300) {
    const auto expiresHeader = response.header("Expires");
    const auto expires = expiresHeader ? sip::parseDeltaSeconds(*expiresHeader) : std::nullopt;
    if (!expires) {
      logger_.warn("Expires header missing in a 200-class response to SUBSCRIBE");
    } else if (dialog_->subscriptionExpires() > *expires) {
      dialog_->setSubscriptionExpires(*expires);
    }
  }
  if (statusCode >= 400 && statusCode < 700) {
    // RFC 6665 §4.1.2.2: these mean the subscription is gone.
    static constexpr int kFatal[] = {404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604};
    if (std::find(std::begin(kFatal), std::end(kFatal), statusCode) != std::end(kFatal)) dialog_->terminate();
  }
  dispatchResponse(response, delegate);
}

}  // namespace sip::core
