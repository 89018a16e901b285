#include "api/registerer.h"

#include <stdexcept>

#include "core/user_agents/register_user_agent.h"
#include "sip/headers.h"
#include "sip/name_addr.h"

namespace sip::api {

const char* toString(RegistererState state) {
  switch (state) {
    case RegistererState::Initial: return "Initial";
    case RegistererState::Registered: return "Registered";
    case RegistererState::Unregistered: return "Unregistered";
    case RegistererState::Terminated: return "Terminated";
  }
  return "Initial";
}

namespace {

sip::Uri defaultRegistrar(const sip::Uri& aor) {
  sip::Uri registrar = aor;
  registrar.user.reset();
  registrar.password.reset();
  return registrar;
}

// Number(text) for the small non-negative integers registrars send; nullopt when not a number.
std::optional<uint32_t> toSeconds(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  if (b == e) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = b; i < e; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
    if (value > 0xFFFFFFFFull) value = 0xFFFFFFFFull;
  }
  return static_cast<uint32_t>(value);
}

}  // namespace

Registerer::Registerer(core::UserAgentCore& core, RegistererOptions options, RegistererDelegate delegateIn)
    : delegate(std::move(delegateIn)),
      core_(core),
      host_(core.host()),
      logger_(core.host(), "sip.Registerer"),
      options_(std::move(options)),
      request_(core.makeOutgoingRequestMessage("REGISTER",
                                               options_.registrar ? *options_.registrar
                                                                  : defaultRegistrar(core.configuration.aor),
                                               options_.fromUri ? *options_.fromUri : core.configuration.aor,
                                               options_.toUri ? *options_.toUri : core.configuration.aor,
                                               options_.params, options_.extraHeaders)),
      registrationTimer_(core.host()),
      registrationExpiredTimer_(core.host()) {
  if (!options_.registrar) options_.registrar = defaultRegistrar(core.configuration.aor);
  if (options_.regId != 0 && options_.instanceId.empty()) {
    // SIP.js takes the user agent's instance id; the facade passes it in.
  } else if (options_.regId == 0 && !options_.instanceId.empty()) {
    options_.regId = 1;
  }
  expires_ = options_.expires ? options_.expires : kDefaultExpires;
  refreshFrequency_ = options_.refreshFrequency ? options_.refreshFrequency : kDefaultRefreshFrequency;
  if (refreshFrequency_ < 50 || refreshFrequency_ > 99) {
    throw std::invalid_argument(
        "Invalid refresh frequency. The value represents a percentage of the expiration time and should be "
        "between 50 and 99.");
  }
  id_ = request_.callId + request_.fromTag;
}

Registerer::~Registerer() {
  *alive_ = false;
  clearTimers();
  if (uac_) uac_->dispose();
}

std::string Registerer::contactHeader(uint32_t expires) const {
  std::string contact = "<" + core_.configuration.contact.uri.toString() + ">";
  if (options_.regId != 0 && !options_.instanceId.empty()) {
    contact += ";reg-id=" + std::to_string(options_.regId);
    contact += ";+sip.instance=\"<urn:uuid:" + options_.instanceId + ">\"";
  }
  for (const auto& param : options_.extraContactHeaderParams) contact += ";" + param;
  contact += ";expires=" + std::to_string(expires);
  return contact;
}

void Registerer::send(std::vector<std::string> extraHeaders, bool isRegister) {
  request_.cseq++;
  request_.setHeader("CSeq", std::to_string(request_.cseq) + " REGISTER");
  request_.extraHeaders = std::move(extraHeaders);
  waitingToggle(true);
  std::weak_ptr<bool> alive = alive_;
  auto guard = [this, alive](auto&& body) {
    return [this, alive, body](const core::IncomingResponse& response) {
      auto flag = alive.lock();
      if (!flag || !*flag) return;
      body(response.message);
    };
  };
  auto notify = [this](const char* kind, const sip::Message& message) {
    if (delegate.onResponse) delegate.onResponse(kind, message);
  };
  core::OutgoingRequestDelegate d;
  d.onTrying = guard([notify](const sip::Message& m) { notify("trying", m); });
  d.onProgress = guard([notify](const sip::Message& m) { notify("progress", m); });
  if (isRegister) {
    d.onAccept = guard([this](const sip::Message& m) { onRegisterAccept(m); });
    d.onRedirect = guard([this, notify](const sip::Message& m) {
      syncRequest();
      logger_.error("Redirect received. Not supported.");
      unregistered();
      notify("redirect", m);
      waitingToggle(false);
    });
    d.onReject = guard([this](const sip::Message& m) { onRegisterReject(m); });
  } else {
    d.onAccept = guard([this, notify](const sip::Message& m) {
      syncRequest();
      contacts_.clear();
      for (auto v : m.headerValues("Contact")) contacts_.emplace_back(v);
      unregistered();
      notify("accept", m);
      waitingToggle(false);
    });
    d.onRedirect = guard([this, notify](const sip::Message& m) {
      syncRequest();
      logger_.error("Unregister redirected. Not currently supported.");
      unregistered();
      notify("redirect", m);
      waitingToggle(false);
    });
    d.onReject = guard([this, notify](const sip::Message& m) {
      syncRequest();
      logger_.error("Unregister rejected with status code " + std::to_string(m.statusCode));
      unregistered();
      notify("reject", m);
      waitingToggle(false);
    });
  }
  if (uac_) uac_->dispose();
  uac_ = core_.register_(request_, std::move(d));
}

// SIP.js's UAC changes the registerer's own request object on an authentication retry (new CSeq,
// Authorization kept for refreshes); ours works on a copy, so take it back once it is final.
void Registerer::syncRequest() {
  if (uac_) request_ = uac_->message();
}

RegistererResult Registerer::register_(const std::optional<std::vector<std::string>>& extraHeaders) {
  if (state_ == RegistererState::Terminated) {
    logger_.error("An attempt was made to send a REGISTER request when the Registerer is in 'Terminated' state.");
    return RegistererResult::Terminated;
  }
  if (disposed_) {
    logger_.error("An attempt was made to send a REGISTER request when the Registerer has been disposed.");
    return RegistererResult::Disposed;
  }
  if (waiting_) {
    logger_.warn("An attempt was made to send a REGISTER request while a prior one was still in progress.");
    return RegistererResult::Pending;
  }
  if (extraHeaders) options_.extraHeaders = *extraHeaders;
  std::vector<std::string> headers = options_.extraHeaders;
  headers.push_back("Contact: " + contactHeader(expires_));
  headers.push_back("Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER");
  send(std::move(headers), true);
  return RegistererResult::Sent;
}

void Registerer::onRegisterAccept(const sip::Message& response) {
  syncRequest();
  std::optional<uint32_t> expires;
  if (auto header = response.header("Expires")) expires = toSeconds(*header);
  contacts_.clear();
  for (auto v : response.headerValues("Contact")) contacts_.emplace_back(v);
  if (contacts_.empty()) {
    logger_.error("No Contact header in response to REGISTER, dropping response.");
    unregistered();
    // SIP.js leaves waiting set here (it returns before toggling); we do the same.
    return;
  }
  const sip::Uri& ours = core_.configuration.contact.uri;
  std::optional<sip::NameAddr> match;
  for (size_t i = contacts_.size(); i-- > 0 && !match;) {
    auto parsed = sip::parseContact(contacts_[i]);
    if (!parsed) continue;
    for (auto& contact : parsed->contacts) {
      if (contact.uri.user == ours.user) {
        match = contact;
        expires = std::nullopt;
        if (auto v = sip::paramValue(contact.params, "expires")) expires = toSeconds(*v);
        break;
      }
    }
  }
  if (!match) {
    logger_.error("No Contact header pointing to us, dropping response");
    unregistered();
    waitingToggle(false);
    return;
  }
  if (!expires) {
    logger_.error("Contact pointing to us is missing expires parameter, dropping response");
    unregistered();
    waitingToggle(false);
    return;
  }
  auto unquote = [](std::string v) {
    std::string out;
    for (char c : v)
      if (c != '"') out.push_back(c);
    return out;
  };
  if (auto gruu = sip::paramValue(match->params, "temp-gruu")) {
    if (auto uri = sip::parseUri(unquote(*gruu))) core_.configuration.contact.tempGruu = *uri;
  }
  if (auto gruu = sip::paramValue(match->params, "pub-gruu")) {
    if (auto uri = sip::parseUri(unquote(*gruu))) core_.configuration.contact.pubGruu = *uri;
  }
  registered(*expires);
  if (delegate.onResponse) delegate.onResponse("accept", response);
  waitingToggle(false);
}

void Registerer::onRegisterReject(const sip::Message& response) {
  syncRequest();
  if (response.statusCode == 423) {
    std::optional<uint32_t> minExpires;
    if (auto header = response.header("Min-Expires")) minExpires = toSeconds(*header);
    if (!minExpires) {
      logger_.error("423 response received for REGISTER without Min-Expires, dropping response");
      unregistered();
      waitingToggle(false);
      return;
    }
    expires_ = *minExpires;
    waitingToggle(false);
    register_();
    return;
  }
  logger_.warn("Failed to register, status code " + std::to_string(response.statusCode));
  retryAfter_.reset();
  if (response.statusCode == 500 || response.statusCode == 503) {
    if (auto header = response.header("Retry-After")) {
      std::string_view v = *header;
      size_t n = 0;
      while (n < v.size() && v[n] >= '0' && v[n] <= '9') ++n;
      if (n) retryAfter_ = toSeconds(v.substr(0, n));
    }
  }
  unregistered();
  if (delegate.onResponse) delegate.onResponse("reject", response);
  retryAfter_.reset();
  waitingToggle(false);
}

RegistererResult Registerer::unregister(bool all, const std::vector<std::string>& extraHeaders) {
  if (state_ == RegistererState::Terminated) {
    logger_.error("An attempt was made to send a REGISTER request when the Registerer is in 'Terminated' state.");
    return RegistererResult::Terminated;
  }
  if (disposed_ && state_ != RegistererState::Registered) {
    logger_.error("An attempt was made to send a REGISTER request when the Registerer has been disposed.");
    return RegistererResult::Disposed;
  }
  if (waiting_) {
    logger_.warn("An attempt was made to send a REGISTER request while a prior one was still in progress.");
    return RegistererResult::Pending;
  }
  if (state_ != RegistererState::Registered && !all) {
    logger_.warn("Not currently registered, but sending an unregister anyway.");
  }
  std::vector<std::string> headers = extraHeaders;
  if (all) {
    headers.push_back("Contact: *");
    headers.push_back("Expires: 0");
  } else {
    headers.push_back("Contact: " + contactHeader(0));
  }
  registrationTimer_.clear();
  send(std::move(headers), false);
  return RegistererResult::Sent;
}

bool Registerer::dispose() {
  if (disposed_) return false;
  disposed_ = true;
  logger_.log("Registerer ", id_, " in state ", toString(state_), " is being disposed");
  if (waiting_) {
    closeAfterWaiting_ = true;
  } else {
    doClose();
  }
  return true;
}

void Registerer::doClose() {
  if (!waiting_ && state_ == RegistererState::Registered) {
    terminateOnStateChange_ = true;
    unregister();
    return;
  }
  terminated();
}

void Registerer::clearTimers() {
  registrationTimer_.clear();
  registrationExpiredTimer_.clear();
}

void Registerer::registered(uint32_t expires) {
  clearTimers();
  uint64_t refreshMs = static_cast<uint64_t>(refreshFrequency_) * expires * 10;  // (f/100)*expires*1000
  uint64_t expiryMs = static_cast<uint64_t>(expires) * 1000;
  auto clamp = [](uint64_t ms) { return static_cast<uint32_t>(ms > 0x7FFFFFFFull ? 0x7FFFFFFFull : ms); };
  registrationTimer_.start(clamp(refreshMs), [this] { register_(); });
  registrationExpiredTimer_.start(clamp(expiryMs), [this] {
    logger_.warn("Registration expired");
    unregistered();
  });
  if (state_ != RegistererState::Registered) stateTransition(RegistererState::Registered);
}

void Registerer::unregistered() {
  clearTimers();
  if (state_ != RegistererState::Unregistered) stateTransition(RegistererState::Unregistered);
}

void Registerer::terminated() {
  clearTimers();
  if (state_ != RegistererState::Terminated) stateTransition(RegistererState::Terminated);
}

void Registerer::stateTransition(RegistererState next) {
  bool valid = false;
  switch (state_) {
    case RegistererState::Initial: valid = next != RegistererState::Initial; break;
    case RegistererState::Registered:
      valid = next == RegistererState::Unregistered || next == RegistererState::Terminated;
      break;
    case RegistererState::Unregistered:
      valid = next == RegistererState::Registered || next == RegistererState::Terminated;
      break;
    case RegistererState::Terminated: valid = false; break;
  }
  if (!valid) {
    throw std::logic_error(std::string("Invalid state transition from ") + toString(state_) + " to " + toString(next));
  }
  state_ = next;
  logger_.log("Registration transitioned to state ", toString(state_));
  std::weak_ptr<bool> alive = alive_;
  if (delegate.onStateChange) delegate.onStateChange(state_);
  if (alive.expired()) return;
  // dispose() waiting for the un-REGISTER: the first state change after it ends the registerer.
  if (terminateOnStateChange_ && next != RegistererState::Terminated) {
    terminateOnStateChange_ = false;
    terminated();
    return;
  }
  if (next == RegistererState::Terminated) {
    terminateOnStateChange_ = false;
    if (!disposed_) dispose();
  }
}

void Registerer::waitingToggle(bool waiting) {
  if (waiting_ == waiting) {
    throw std::logic_error(std::string("Invalid waiting transition from ") + (waiting_ ? "true" : "false") + " to " +
                           (waiting ? "true" : "false"));
  }
  waiting_ = waiting;
  logger_.log("Waiting toggled to ", waiting_ ? "true" : "false");
  std::weak_ptr<bool> alive = alive_;
  if (delegate.onWaitingChange) delegate.onWaitingChange(waiting_);
  if (alive.expired()) return;
  if (!waiting_ && closeAfterWaiting_) {
    closeAfterWaiting_ = false;
    doClose();
  }
}

}  // namespace sip::api
