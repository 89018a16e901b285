// SIP.js's Registerer (lib/api/registerer.js) as a C++ state machine over the UA core: REGISTER /
// un-REGISTER (RFC 3261 §10), the refresh before expiry and the expiry itself on host timers,
// 423 Min-Expires retry, 401/407 answered by the core's UAC. js/api/registerer.js adapts it to
// promises and emitters; the state/waiting transitions, their order and the wire text are here.
//
// Ownership: the Registerer borrows the core (which must outlive it) and owns its timers and the
// UAC of its outstanding REGISTER; destroying it disposes both, so no callback runs afterwards.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/messages/outgoing_request_message.h"
#include "core/user_agent_core/user_agent_core.h"
#include "host.h"
#include "sip/message.h"
#include "sip/uri.h"

namespace sip::core {
class RegisterUserAgentClient;
}

namespace sip::api {

// SIP.js's RegistererState values.
enum class RegistererState { Initial, Registered, Unregistered, Terminated };
const char* toString(RegistererState state);

struct RegistererOptions {
  uint32_t expires = 600;           // seconds (SIP.js: 0 or unset means the default 600)
  uint32_t refreshFrequency = 99;   // percent of expires, 50..99
  std::optional<sip::Uri> registrar;  // default: the AOR without its user part
  std::vector<std::string> extraHeaders;
  std::vector<std::string> extraContactHeaderParams;
  uint32_t regId = 0;               // 0: none
  std::string instanceId;           // empty: none
  // SIP.js's deprecated `params`: From/To URIs (default: the AOR) and the request's Call-ID, CSeq,
  // tags and display names.
  std::optional<sip::Uri> fromUri;
  std::optional<sip::Uri> toUri;
  core::OutgoingRequestMessageOverrides params;
};

// What the JS facade hears. Each callback is optional.
struct RegistererDelegate {
  std::function<void(RegistererState)> onStateChange;
  std::function<void(bool)> onWaitingChange;
  // The final (or provisional) response to a REGISTER this registerer sent: "accept", "progress",
  // "redirect", "reject" or "trying", with the message (for requestDelegate callbacks).
  std::function<void(const std::string& kind, const sip::Message& response)> onResponse;
};

// Outcome of register()/unregister(): SIP.js throws on Terminated/Disposed and rejects with
// RequestPendingError on Pending.
enum class RegistererResult { Sent, Terminated, Disposed, Pending };

class Registerer {
 public:
  static constexpr uint32_t kDefaultExpires = 600;
  static constexpr uint32_t kDefaultRefreshFrequency = 99;

  // Throws std::invalid_argument as SIP.js's constructor throws Error (bad refresh frequency,
  // no registrar). `contactUri` is the user agent's Contact URI ("<uri>" is written in Contact).
  Registerer(core::UserAgentCore& core, RegistererOptions options, RegistererDelegate delegate = {});
  ~Registerer();
  Registerer(const Registerer&) = delete;
  Registerer& operator=(const Registerer&) = delete;

  RegistererDelegate delegate;

  // SIP.js's id: Call-ID + From tag.
  const std::string& id() const { return id_; }
  RegistererState state() const { return state_; }
  bool waiting() const { return waiting_; }
  bool disposed() const { return disposed_; }
  uint32_t expires() const { return expires_; }
  const std::vector<std::string>& contacts() const { return contacts_; }
  std::optional<uint32_t> retryAfter() const { return retryAfter_; }
  const core::OutgoingRequestMessage& request() const { return request_; }

  // `extraHeaders` replaces the options' extra headers when given (SIP.js's requestOptions).
  RegistererResult register_(const std::optional<std::vector<std::string>>& extraHeaders = std::nullopt);
  RegistererResult unregister(bool all = false, const std::vector<std::string>& extraHeaders = {});
  // SIP.js's dispose(): un-REGISTERs when registered (after any outstanding REGISTER), then
  // Terminated. Returns false when already disposed. Completion is the Terminated state change.
  bool dispose();

 private:
  void registered(uint32_t expires);
  void unregistered();
  void terminated();
  void stateTransition(RegistererState next);
  void waitingToggle(bool waiting);
  void clearTimers();
  void doClose();
  std::string contactHeader(uint32_t expires) const;
  void onRegisterAccept(const sip::Message& response);
  void onRegisterReject(const sip::Message& response);
  void send(std::vector<std::string> extraHeaders, bool isRegister);
  void syncRequest();

  core::UserAgentCore& core_;
  Host& host_;
  Logger logger_;
  RegistererOptions options_;
  core::OutgoingRequestMessage request_;
  std::string id_;
  uint32_t expires_;
  uint32_t refreshFrequency_;
  RegistererState state_ = RegistererState::Initial;
  bool waiting_ = false;
  bool disposed_ = false;
  bool closeAfterWaiting_ = false;
  bool terminateOnStateChange_ = false;
  std::vector<std::string> contacts_;
  std::optional<uint32_t> retryAfter_;
  HostTimer registrationTimer_;
  HostTimer registrationExpiredTimer_;
  std::shared_ptr<core::RegisterUserAgentClient> uac_;
  // Callbacks of a UAC may outlive this object in the core's table; they check this flag.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sip::api
