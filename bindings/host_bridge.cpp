#include "host_bridge.h"

#include <emscripten/emscripten.h>

#include <exception>
#include <utility>

// HEAPU8 and UTF8Decoder are the module's own (Emscripten's runtime); an empty text needs no view.
EM_JS(emscripten::EM_VAL, sipwasm_utf8_to_js, (const char* data, size_t size), {
  return Emval.toHandle(size ? UTF8Decoder.decode(HEAPU8.subarray(data, data + size)) : "");
});

// Math.random() is looked up at call time (a stub the application or a test installs is used).
EM_JS(void, sipwasm_random_fill, (uint32_t* out, size_t count), {
  for (var i = 0; i < count; i++) HEAPU32[(out >> 2) + i] = Math.floor(Math.random() * 4294967296);
});

// The env methods called for every message and timer, as direct imports: an embind method call
// (val::call) looks the method up by name and converts each argument through embind's generic
// wire-type tables, several times the cost of the call itself. `env` is the emval handle JsHost
// and JsTransport hold (kept alive by their val members); strings cross as UTF-8 bytes.
EM_JS(void, sipwasm_env_set_timer, (emscripten::EM_VAL env, uint32_t id, uint32_t ms), {
  Emval.toValue(env).setTimer(id, ms);
});
EM_JS(void, sipwasm_env_clear_timer, (emscripten::EM_VAL env, uint32_t id), {
  Emval.toValue(env).clearTimer(id);
});
EM_JS(void, sipwasm_env_send, (emscripten::EM_VAL env, uint32_t id, const char* data, size_t size), {
  Emval.toValue(env).send(id, size ? UTF8Decoder.decode(HEAPU8.subarray(data, data + size)) : "");
});

namespace sipwasm {

using emscripten::val;

val jsText(std::string_view utf8) { return val::take_ownership(sipwasm_utf8_to_js(utf8.data(), utf8.size())); }

JsHost::JsHost(val env) : env_(std::move(env)) {
  val level = env_["logLevel"];
  if (level.isNumber()) logLevel_ = level.as<int>();
}

JsHost::~JsHost() { clearAll(); }

void JsHost::clearAll() {
  auto timers = std::move(timers_);
  timers_.clear();
  for (auto& entry : timers) sipwasm_env_clear_timer(env_.as_handle(), entry.first);
}

sip::TimerId JsHost::setTimer(uint32_t ms, std::function<void()> callback) {
  do {
    ++next_;
  } while (next_ == 0 || timers_.count(next_));
  timers_.emplace(next_, std::move(callback));
  sipwasm_env_set_timer(env_.as_handle(), next_, ms);
  return next_;
}

void JsHost::clearTimer(sip::TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  timers_.erase(it);
  sipwasm_env_clear_timer(env_.as_handle(), id);
}

void JsHost::fire(sip::TimerId id) noexcept {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  auto callback = std::move(it->second);
  timers_.erase(it);
  try {
    if (callback) callback();
  } catch (const std::exception& e) {
    try {
      log(sip::LogLevel::Error, "sip.wasm.host", "", std::string("exception in a timer callback: ") + e.what());
    } catch (...) {
    }
  } catch (...) {
  }
}

uint32_t JsHost::random() {
  if (randomNext_ == randomBuffer_.size()) {
    sipwasm_random_fill(randomBuffer_.data(), randomBuffer_.size());
    randomNext_ = 0;
  }
  return randomBuffer_[randomNext_++];
}

bool JsHost::isLogEnabled(sip::LogLevel level) const { return static_cast<int>(level) <= logLevel_; }

void JsHost::log(sip::LogLevel level, std::string_view category, std::string_view label, std::string_view content) {
  if (!isLogEnabled(level)) return;
  env_.call<void>("log", static_cast<int>(level), std::string(category), std::string(label), jsText(content));
}

JsTransport::JsTransport(val env, std::string protocol) : env_(std::move(env)), protocol_(std::move(protocol)) {}

void JsTransport::send(std::string message, SendCallback done) {
  do {
    ++next_;
  } while (next_ == 0 || pending_.count(next_));
  uint32_t id = next_;
  pending_.emplace(id, std::move(done));
  sipwasm_env_send(env_.as_handle(), id, message.data(), message.size());  // may settle synchronously (done() re-enters)
}

void JsTransport::done(uint32_t id, bool ok, const std::string& error) noexcept {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  auto callback = std::move(it->second);
  pending_.erase(it);
  try {
    if (!callback) return;
    if (ok) {
      callback(std::nullopt);
    } else {
      callback(sip::core::TransportError{error.empty() ? std::string("transport send failed") : error});
    }
  } catch (...) {
  }
}

}  // namespace sipwasm
