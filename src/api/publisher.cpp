#include "api/publisher.h"

#include <algorithm>
#include <stdexcept>

#include "core/messages/body.h"
#include "core/user_agents/publish_user_agent_client.h"
#include "sip/headers.h"

namespace sip::api {

const char* toString(PublisherState state) {
  switch (state) {
    case PublisherState::Initial: return "Initial";
    case PublisherState::Published: return "Published";
    case PublisherState::Unpublished: return "Unpublished";
    case PublisherState::Terminated: return "Terminated";
  }
  return "Initial";
}

Publisher::Publisher(core::UserAgentCore& core, sip::Uri target, std::string event, PublisherOptions options,
                     PublisherDelegate delegateIn)
    : delegate(std::move(delegateIn)),
      core_(core),
      logger_(core.host(), "sip.Publisher"),
      target_(std::move(target)),
      event_(std::move(event)),
      options_(std::move(options)),
      requestExpires_(options_.expires),
      refreshTimer_(core.host()) {
  // The event type is written into an Event header line: it must be one.
  if (!sip::parseEvent(event_)) throw std::invalid_argument("Invalid event type: " + event_);
}

Publisher::~Publisher() { *alive_ = false; }

PublisherResult Publisher::publish(std::string content) {
  if (state_ == PublisherState::Terminated) {
    logger_.error("An attempt was made to publish when the Publisher is in 'Terminated' state.");
    return PublisherResult::Terminated;
  }
  if (disposed_) {
    logger_.error("An attempt was made to publish when the Publisher has been disposed.");
    return PublisherResult::Disposed;
  }
  refreshTimer_.clear();
  body_ = std::move(content);
  requestBody_ = body_;
  if (requestExpires_ == 0) {
    // The first PUBLISH after an unpublish is an initial one again.
    requestExpires_ = options_.expires;
    etag_.reset();
  }
  sendPublishRequest();
  return PublisherResult::Sent;
}

PublisherResult Publisher::unpublish() {
  if (disposed_ || state_ == PublisherState::Terminated) return PublisherResult::NothingToDo;
  refreshTimer_.clear();
  requestBody_.reset();
  requestExpires_ = 0;
  if (!etag_) return PublisherResult::NothingToDo;
  sendPublishRequest();
  return PublisherResult::Sent;
}

void Publisher::dispose() {
  if (disposed_) return;
  disposed_ = true;
  logger_.log("Publisher " + target_.toString() + ":" + event_ + " in state " + toString(state_) +
              " is being disposed");
  if (options_.unpublishOnClose && state_ == PublisherState::Published) {
    // unpublish() refuses once disposed; this is its body.
    refreshTimer_.clear();
    requestBody_.reset();
    requestExpires_ = 0;
    if (etag_) sendPublishRequest();
  } else {
    forgetPublication();
  }
  checkFinished();
}

void Publisher::forgetPublication() {
  refreshTimer_.clear();
  requestBody_.reset();
  requestExpires_ = 0;
  etag_.reset();
}

void Publisher::refreshRequest() {
  // A refresh carries no body (RFC 3903 §4.1): the entity tag names what is refreshed.
  requestBody_.reset();
  if (!etag_ || requestExpires_ == 0) {
    logger_.error("Publication refresh without an entity tag or expiry; not sent.");
    return;
  }
  sendPublishRequest();
}

void Publisher::sendPublishRequest() {
  std::vector<std::string> headers = options_.extraHeaders;
  headers.push_back("Event: " + event_);
  headers.push_back("Expires: " + std::to_string(requestExpires_));
  if (etag_) headers.push_back("SIP-If-Match: " + *etag_);
  std::optional<core::Body> body;
  if (requestBody_) body = core::fromBodyLegacy(*requestBody_, options_.contentType);
  auto request = core_.makeOutgoingRequestMessage("PUBLISH", target_,
                                                  options_.fromUri ? *options_.fromUri : core_.configuration.aor,
                                                  options_.toUri ? *options_.toUri : target_, options_.params,
                                                  std::move(headers), std::move(body));
  std::weak_ptr<bool> alive = alive_;
  auto handler = [this, alive](const core::IncomingResponse& response) {
    auto flag = alive.lock();
    if (!flag || !*flag) return;
    receiveResponse(response.message);
  };
  core::OutgoingRequestDelegate d{handler, handler, handler, handler, handler};
  // Counted before sending, so that any answer, however soon, finds it counted.
  ++inFlight_;
  core_.publish(std::move(request), std::move(d));
}

void Publisher::receiveResponse(const sip::Message& response) {
  const int statusCode = response.statusCode;
  if (statusCode < 200) return;
  if (inFlight_ > 0) --inFlight_;
  std::weak_ptr<bool> alive = alive_;
  if (statusCode < 300) {
    if (auto tag = response.header("SIP-ETag")) {
      etag_ = std::string(*tag);
    } else {
      logger_.warn("SIP-ETag header missing in a 200-class response to PUBLISH");
    }
    if (auto header = response.header("Expires")) {
      auto expires = sip::parseDeltaSeconds(*header);
      if (expires && *expires <= requestExpires_) {
        requestExpires_ = *expires;
      } else {
        logger_.warn("Bad Expires header in a 200-class response to PUBLISH");
      }
    } else {
      logger_.warn("Expires header missing in a 200-class response to PUBLISH");
    }
    if (requestExpires_ != 0) {
      // Refresh at 90% of the granted expiry (SIP.js's choice; RFC 3903 leaves it to the client).
      uint64_t ms = static_cast<uint64_t>(requestExpires_) * 900;
      refreshTimer_.start(static_cast<uint32_t>(std::min<uint64_t>(ms, 0x7FFFFFFFull)), [this] { refreshRequest(); });
      if (state_ != PublisherState::Published) stateTransition(PublisherState::Published);
    } else {
      stateTransition(PublisherState::Unpublished);
    }
  } else if (statusCode == 412) {
    // RFC 3903 §6: the entity tag is unknown (the publication expired): publish again from scratch,
    // unless this was a removal.
    if (etag_ && requestExpires_ != 0 && body_) {
      logger_.warn("412 response to PUBLISH, recovering");
      etag_.reset();
      refreshTimer_.clear();
      requestBody_ = body_;
      sendPublishRequest();
    } else {
      logger_.warn("412 response to PUBLISH, recovery failed");
      requestExpires_ = 0;
      stateTransition(PublisherState::Unpublished);
      if (!alive.expired()) stateTransition(PublisherState::Terminated);
    }
  } else if (statusCode == 423) {
    // RFC 3903 §6: the expiry is too short; retry with the Min-Expires the server asks for.
    std::optional<uint32_t> minExpires;
    if (auto header = response.header("Min-Expires")) minExpires = sip::parseDeltaSeconds(*header);
    if (requestExpires_ != 0 && minExpires && *minExpires > requestExpires_ && body_) {
      logger_.warn("423 code in response to PUBLISH, adjusting the Expires value and trying to recover");
      requestExpires_ = *minExpires;
      refreshTimer_.clear();
      requestBody_ = body_;
      sendPublishRequest();
    } else {
      logger_.warn(requestExpires_ != 0 && response.header("Min-Expires")
                       ? "Bad 423 response Min-Expires header received for PUBLISH"
                       : "423 response to PUBLISH, recovery failed");
      requestExpires_ = 0;
      stateTransition(PublisherState::Unpublished);
      if (!alive.expired()) stateTransition(PublisherState::Terminated);
    }
  } else {
    requestExpires_ = 0;
    stateTransition(PublisherState::Unpublished);
    if (!alive.expired()) stateTransition(PublisherState::Terminated);
  }
  if (alive.expired()) return;
  if (requestExpires_ == 0) {
    refreshTimer_.clear();
    requestBody_.reset();
    etag_.reset();
  }
  checkFinished();
}

void Publisher::stateTransition(PublisherState next) {
  bool valid = false;
  switch (state_) {
    case PublisherState::Initial: valid = next != PublisherState::Initial; break;
    case PublisherState::Published:
      valid = next == PublisherState::Unpublished || next == PublisherState::Terminated;
      break;
    case PublisherState::Unpublished:
      valid = next == PublisherState::Published || next == PublisherState::Terminated;
      break;
    case PublisherState::Terminated: valid = false; break;
  }
  if (!valid) {
    // SIP.js throws from inside the response handler here; a response must not break the app.
    logger_.log(std::string("Publication state transition from ") + toString(state_) + " to " + toString(next) +
                " skipped");
    return;
  }
  state_ = next;
  logger_.log("Publication transitioned to state ", toString(state_));
  std::weak_ptr<bool> alive = alive_;
  if (delegate.onStateChange) delegate.onStateChange(state_);
  if (alive.expired()) return;
  if (next == PublisherState::Terminated) {
    dispose();
  }
}

void Publisher::checkFinished() {
  if (!disposed_ || inFlight_ != 0 || finished_) return;
  finished_ = true;
  if (delegate.onFinished) delegate.onFinished();
}

}  // namespace sip::api
