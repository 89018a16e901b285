#include "api/session_timer.h"

#include <algorithm>
#include <utility>

#include "core/messages/utils.h"
#include "sip/headers.h"

namespace sip::api {

namespace {

// JavaScript's setTimeout takes at most 2^31 - 1 ms (a larger delay fires at once); the host
// timers run on it in the browser build.
constexpr uint64_t kMaxDelayMs = 2147483647u;
// A refresh that could not go out (another offer/answer exchange in progress) is tried again after
// this long; the expiry timer bounds the attempts.
constexpr uint32_t kBusyRetryMs = 2000;
// Refreshes retried after a failure (491, 500 + Retry-After, 422) before giving up until expiry.
constexpr uint32_t kMaxRetries = 5;

uint32_t clampMs(uint64_t ms) { return static_cast<uint32_t>(std::min(ms, kMaxDelayMs)); }

std::optional<sip::SessionExpires> sessionExpiresOf(const sip::Message& message) {
  auto value = message.header("Session-Expires");
  if (!value) return std::nullopt;
  auto parsed = sip::parseSessionExpires(*value);
  if (!parsed || parsed->deltaSeconds == 0) return std::nullopt;
  return parsed;
}

std::optional<uint32_t> minSEOf(const sip::Message& message) {
  auto value = message.header("Min-SE");
  if (!value) return std::nullopt;
  return sip::parseMinSE(*value);
}

bool listsTimer(const sip::Message& message) {
  return core::containsToken(message.tokens("Supported"), "timer") ||
         core::containsToken(message.tokens("Require"), "timer");
}

const char* refresherName(Refresher refresher) {
  switch (refresher) {
    case Refresher::Local: return "local";
    case Refresher::Remote: return "remote";
    case Refresher::None: break;
  }
  return "none";
}

}  // namespace

std::string validate(const SessionTimerOptions& options) {
  if (options.minSE < kMinimumSessionExpires) return "minSE must be at least 90 seconds (RFC 4028 section 5)";
  if (options.sessionExpires < options.minSE) return "sessionExpires must not be smaller than minSE";
  if (options.sessionExpires > kMaxDelayMs / 1000) return "sessionExpires must be at most 2147483 seconds";
  return {};
}

uint32_t expiryDelayMs(uint32_t intervalSeconds) {
  const uint64_t interval = intervalSeconds;
  return clampMs((interval - std::min<uint64_t>(32, interval / 3)) * 1000);
}

uint32_t refreshDelayMs(uint32_t intervalSeconds) { return clampMs(static_cast<uint64_t>(intervalSeconds) * 500); }

// ---- negotiation ----

std::vector<std::string> UasNegotiation::headers() const {
  if (tooSmall) return {"Min-SE: " + std::to_string(minSE)};
  if (!useTimer) return {};
  std::vector<std::string> out{"Session-Expires: " + std::to_string(interval) + ";refresher=" +
                               (uacRefreshes ? "uac" : "uas")};
  if (requireTimer) out.emplace_back("Require: timer");
  return out;
}

UasNegotiation negotiateAsUas(const SessionTimerOptions& options, uint32_t localMinSE, bool active,
                              const sip::Message& request) {
  UasNegotiation n;
  n.minSE = localMinSE;
  const bool uacSupports = listsTimer(request);
  const uint32_t requestMinSE = std::max(minSEOf(request).value_or(kMinimumSessionExpires), kMinimumSessionExpires);
  if (auto se = sessionExpiresOf(request)) {
    uint32_t interval = se->deltaSeconds;
    if (interval < localMinSE) {
      // §9: 422 with our Min-SE; a UAC that does not support timers could not take a 422 (a proxy
      // asked for the timer), so the interval is raised instead.
      if (uacSupports) {
        n.tooSmall = true;
        return n;
      }
      interval = localMinSE;
    }
    // §9: the UAS may make the interval shorter, not below either side's minimum.
    if (active && options.sessionExpires < interval) interval = std::max({options.sessionExpires, requestMinSE, localMinSE});
    n.useTimer = true;
    n.interval = interval;
    // §9: a refresher the request names is kept; otherwise the UAC refreshes if it can.
    n.uacRefreshes = se->refresher ? *se->refresher == "uac" : uacSupports;
  } else if (active) {
    // §9: no timer asked for; a UAS that wants one may add it to the 2xx.
    n.useTimer = true;
    n.interval = std::max({options.sessionExpires, requestMinSE, localMinSE});
    n.uacRefreshes = uacSupports;
  } else {
    return n;
  }
  // A UAC without session timers cannot refresh: the UAS must (§9).
  if (!uacSupports) n.uacRefreshes = false;
  // §9: Require: timer MUST be there when the UAC refreshes, SHOULD when it supports timers.
  n.requireTimer = n.uacRefreshes || uacSupports;
  return n;
}

UacNegotiation negotiateAsUac(const sip::Message& response) {
  UacNegotiation n;
  auto se = sessionExpiresOf(response);
  if (!se) {
    n.peerLacksTimer = !listsTimer(response);
    return n;
  }
  n.useTimer = true;
  n.interval = se->deltaSeconds;
  // §7.2: the 2xx names the refresher; "uac" (this side) when it does not.
  n.uacRefreshes = !se->refresher || *se->refresher == "uac";
  return n;
}

// ---- SessionTimer ----

SessionTimer::SessionTimer(Host& host, SessionTimerOptions options, bool ownsCallId, bool updateAllowed,
                           Actions actions)
    : host_(host),
      logger_(host, "sip.SessionTimer"),
      options_(options),
      ownsCallId_(ownsCallId),
      updateAllowed_(updateAllowed),
      actions_(std::move(actions)),
      interval_(options.sessionExpires),
      minSE_(options.minSE),
      refreshTimer_(host),
      expiryTimer_(host) {}

SessionTimer::~SessionTimer() = default;

void SessionTimer::setOptions(const SessionTimerOptions& options) {
  options_ = options;
  interval_ = options.sessionExpires;
  minSE_ = options.minSE;
}

RefreshMethod SessionTimer::refreshMethod() const {
  const bool update = options_.refreshMethod == RefreshMethod::Update && updateAllowed_ && peerAllowsUpdate_ &&
                      !updateRefused_;
  return update ? RefreshMethod::Update : RefreshMethod::Invite;
}

std::vector<std::string> SessionTimer::initialRequestHeaders() const {
  if (!options_.enabled) return {};
  return {"Session-Expires: " + std::to_string(interval_), "Min-SE: " + std::to_string(minSE_)};
}

std::vector<std::string> SessionTimer::refreshRequestHeaders() const {
  if (running()) {
    // §7.4 / §8: the refresher stays where it is: "uac" is us, the sender of this request.
    return {"Session-Expires: " + std::to_string(interval_) + ";refresher=" +
                (refresher_ == Refresher::Local ? "uac" : "uas"),
            "Min-SE: " + std::to_string(minSE_)};
  }
  return initialRequestHeaders();
}

void SessionTimer::notePeer(const sip::Message& message) {
  if (message.hasHeader("Allow")) peerAllowsUpdate_ = core::containsToken(message.tokens("Allow"), "UPDATE");
  if (message.hasHeader("Supported") || message.hasHeader("Require")) peerSupportsTimer_ = listsTimer(message);
}

void SessionTimer::requestAccepted(const sip::Message& response) {
  notePeer(response);
  retries_ = 0;
  const UacNegotiation n = negotiateAsUac(response);
  if (n.useTimer) {
    interval_ = n.interval;
    start(n.interval, n.uacRefreshes ? Refresher::Local : Refresher::Remote);
    return;
  }
  if (options_.enabled && !peerSupportsTimer_) {
    // §7.2 would turn the timer off here. A peer without session timers cannot notice a dead
    // session, so (as PJSIP does) we keep refreshing at our own interval: a refresh that fails
    // with 408/481 then ends the call.
    start(interval_, Refresher::Local);
    return;
  }
  if (running()) logger_.log("Session timer turned off: the 2xx carries no Session-Expires");
  stop();
}

bool SessionTimer::requestRejected(const sip::Message& response, bool refresh) {
  const int code = response.statusCode;
  if (code == 422) {
    // §7.3: ask again with at least the Min-SE of the 422.
    auto min = minSEOf(response);
    if (!min || *min <= interval_) {
      logger_.warn("422 without a usable Min-SE; not retrying");
      return false;
    }
    minSE_ = std::max(minSE_, *min);
    interval_ = *min;
    if (refresh && retries_++ < kMaxRetries) scheduleRefresh(0);
    return true;
  }
  if (!refresh) return false;
  switch (code) {
    case 491: {
      // RFC 3261 §14.1: the owner of the Call-ID waits 2.1-4 s, the other side 0-2 s.
      const uint32_t delay = ownsCallId_ ? 2100 + randomBelow(host_, 1900) : randomBelow(host_, 2000);
      if (retries_++ < kMaxRetries) scheduleRefresh(delay);
      return false;
    }
    case 405:
    case 501:
      if (lastMethod_ == RefreshMethod::Update && !updateRefused_) {
        logger_.warn("The peer refused an UPDATE refresh; refreshing with re-INVITE");
        updateRefused_ = true;
        scheduleRefresh(0);
      }
      return false;
    case 408:
    case 481: {
      // RFC 3261 §12.2.1.2: the dialog is gone.
      logger_.warn("Session refresh answered " + std::to_string(code) + ": ending the session");
      stop();
      auto expire = actions_.expire;
      if (expire) expire();
      return false;
    }
    case 500:
    case 503:
      if (auto retryAfter = response.header("Retry-After")) {
        if (auto parsed = sip::parseRetryAfter(*retryAfter); parsed && retries_++ < kMaxRetries) {
          scheduleRefresh(clampMs(static_cast<uint64_t>(parsed->seconds) * 1000));
          return false;
        }
      }
      break;
    default:
      break;
  }
  logger_.warn("Session refresh failed with " + std::to_string(code) + "; the session expires unless refreshed");
  return false;
}

std::optional<std::vector<std::string>> SessionTimer::refuse(const sip::Message& request) const {
  UasNegotiation n = negotiateAsUas(options_, minSE_, options_.enabled, request);
  if (!n.tooSmall) return std::nullopt;
  return n.headers();
}

std::vector<std::string> SessionTimer::accepting(const sip::Message& request) {
  notePeer(request);
  UasNegotiation n = negotiateAsUas(options_, minSE_, options_.enabled, request);
  if (n.tooSmall || !n.useTimer) {
    if (running()) logger_.log("Session timer turned off: the refresh request carries no Session-Expires");
    stop();
    return {};
  }
  retries_ = 0;
  interval_ = n.interval;
  start(n.interval, n.uacRefreshes ? Refresher::Remote : Refresher::Local);
  return n.headers();
}

void SessionTimer::stop() {
  refreshTimer_.clear();
  expiryTimer_.clear();
  refresher_ = Refresher::None;
}

void SessionTimer::start(uint32_t interval, Refresher refresher) {
  refresher_ = refresher;
  logger_.log("Session interval ", std::to_string(interval), " s, refresher ", refresherName(refresher));
  // §10: the side that does not refresh ends the session shortly before it expires. The refresher
  // learns of a failed refresh from its response (408/481 end the session at once); its own expiry
  // is only a backstop, at the full interval, so that the two sides do not BYE each other at once.
  const uint32_t expiry = refresher == Refresher::Local ? clampMs(static_cast<uint64_t>(interval) * 1000)
                                                        : expiryDelayMs(interval);
  expiryTimer_.start(expiry, [this] {
    logger_.warn("No session refresh before the session expired");
    refreshTimer_.clear();
    refresher_ = Refresher::None;
    auto expire = actions_.expire;  // may end (and release) the session: nothing of ours is used after
    if (expire) expire();
  });
  if (refresher == Refresher::Local) {
    scheduleRefresh(refreshDelayMs(interval));
  } else {
    refreshTimer_.clear();
  }
}

void SessionTimer::scheduleRefresh(uint32_t delayMs) {
  refreshTimer_.start(delayMs, [this] { refreshNow(); });
}

void SessionTimer::refreshNow() {
  const RefreshMethod method = refreshMethod();
  lastMethod_ = method;
  auto refresh = actions_.refresh;
  if (!refresh) return;
  // When the refresh went out, its response restarts (or retries) the timers; nothing of ours is
  // used after the action returns true (it may have ended the session).
  if (!refresh(method)) scheduleRefresh(kBusyRetryMs);
}

// ---- 422 to the initial INVITE ----

std::optional<core::OutgoingRequestMessage> inviteAfter422(SessionTimer& timer, const core::OutgoingRequestMessage& sent,
                                                           const sip::Message& response) {
  constexpr uint32_t kMaxInviteRetries = 2;
  if (response.statusCode != 422 || !timer.options().enabled || timer.inviteRetries_ >= kMaxInviteRetries) {
    return std::nullopt;
  }
  if (!timer.requestRejected(response, false)) return std::nullopt;
  ++timer.inviteRetries_;
  // §7.3: a new INVITE in the same call: same Call-ID, From tag and offer, the next CSeq.
  core::OutgoingRequestMessage retry = sent;
  retry.cseq = sent.cseq + 1;
  retry.setHeader("CSeq", std::to_string(retry.cseq) + " " + retry.method);
  auto& lines = retry.extraHeaders;
  lines.erase(std::remove_if(lines.begin(), lines.end(),
                             [](const std::string& line) {
                               auto split = core::splitHeaderLine(line);
                               return split && (split->first == "Session-Expires" || split->first == "Min-SE");
                             }),
              lines.end());
  for (auto& header : timer.initialRequestHeaders()) lines.push_back(std::move(header));
  return retry;
}

}  // namespace sip::api
