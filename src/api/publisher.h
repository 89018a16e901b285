// SIP.js's Publisher (lib/api/publisher.js) as a C++ state machine over the UA core: event state
// publication (RFC 3903). publish() sends an initial or modifying PUBLISH, a 2xx gives the
// SIP-ETag and the granted expiry, the refresh (no body, SIP-If-Match) runs at 90% of it, a 412
// (the entity tag is unknown, e.g. expired) re-publishes the body from scratch, a 423 retries with
// Min-Expires, unpublish() sends Expires: 0. js/api/publisher.js adapts it to promises/emitters.
//
// Ownership: the Publisher borrows the core (which must outlive it) and owns its refresh timer.
// PUBLISHes in flight outlive it in the core's table; their callbacks check a liveness flag.
// Where SIP.js would throw from a response handler (a state change to the state it is already in,
// e.g. a second 2xx with Expires: 0), the transition is skipped with a log line instead.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/user_agent_core/user_agent_core.h"
#include "host.h"
#include "sip/message.h"
#include "sip/uri.h"

namespace sip::api {

// SIP.js's PublisherState values.
enum class PublisherState { Initial, Published, Unpublished, Terminated };
const char* toString(PublisherState state);

struct PublisherOptions {
  uint32_t expires = 3600;                 // seconds requested in Expires
  std::vector<std::string> extraHeaders;   // "Name: value" lines on every PUBLISH
  std::string contentType = "text/plain";  // of the published body
  bool unpublishOnClose = true;            // dispose() un-PUBLISHes a publication
  // SIP.js's deprecated `params`: From/To URIs (default: the AOR / the target) and the request's
  // Call-ID, CSeq, tags and display names.
  std::optional<sip::Uri> fromUri;
  std::optional<sip::Uri> toUri;
  core::OutgoingRequestMessageOverrides params;
};

// What the JS facade hears. Each callback is optional.
struct PublisherDelegate {
  std::function<void(PublisherState)> onStateChange;
  // Disposed (or terminated) with no PUBLISH left in flight: nothing more will happen, the owner
  // may destroy the publisher. Called once.
  std::function<void()> onFinished;
};

// Outcome of publish()/unpublish(). NothingToDo: unpublish() with nothing published.
enum class PublisherResult { Sent, NothingToDo, Terminated, Disposed };

class Publisher {
 public:
  static constexpr uint32_t kDefaultExpires = 3600;

  // Throws std::invalid_argument when the event type is not an Event header value.
  Publisher(core::UserAgentCore& core, sip::Uri target, std::string event, PublisherOptions options,
            PublisherDelegate delegate = {});
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  PublisherDelegate delegate;

  PublisherState state() const { return state_; }
  bool disposed() const { return disposed_; }
  bool finished() const { return finished_; }
  // The entity tag of the current publication (from the last 2xx), if any.
  const std::optional<std::string>& etag() const { return etag_; }
  // The expiry the next PUBLISH asks for (0 after unpublish()).
  uint32_t expires() const { return requestExpires_; }
  size_t requestsInFlight() const { return inFlight_; }
  const sip::Uri& target() const { return target_; }
  const std::string& event() const { return event_; }

  // Publishes `content` (initial PUBLISH, or a modification with SIP-If-Match when published).
  PublisherResult publish(std::string content);
  // Removes the publication (Expires: 0 with SIP-If-Match); nothing to send without an entity tag.
  PublisherResult unpublish();
  // SIP.js's dispose(): un-PUBLISHes when published and unpublishOnClose, otherwise forgets the
  // publication. onFinished follows once no PUBLISH is in flight. Idempotent.
  void dispose();

 private:
  void receiveResponse(const sip::Message& response);
  void refreshRequest();
  void sendPublishRequest();
  void stateTransition(PublisherState next);
  void forgetPublication();
  void checkFinished();

  core::UserAgentCore& core_;
  Logger logger_;
  sip::Uri target_;
  std::string event_;
  PublisherOptions options_;
  std::optional<std::string> body_;         // the last content given to publish() (SIP.js options.body)
  std::optional<std::string> requestBody_;  // the body of the next PUBLISH (none for refresh/remove)
  uint32_t requestExpires_;
  std::optional<std::string> etag_;
  PublisherState state_ = PublisherState::Initial;
  bool disposed_ = false;
  bool finished_ = false;
  size_t inFlight_ = 0;
  HostTimer refreshTimer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sip::api
