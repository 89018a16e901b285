// sip::Host and sip::core::Transport implemented by JavaScript (DESIGN.md rules 1-3).
//
// Both talk to ONE JavaScript "environment" object (an emscripten::val) that the JS side of the
// bridge (js/core/user-agent-core/user-agent-core-bridge.js) builds:
//   env.setTimer(id, ms)      -> globalThis.setTimeout(() => bridge.fireTimer(id), ms), looked up
//                                at call time so fake clocks (jest, jasmine) drive the core
//   env.clearTimer(id)        -> globalThis.clearTimeout(<the handle stored for id>)
//   env.logLevel              -> read once: the highest level written (error 0 .. debug 3)
//   env.log(level, category, label, content)
//   env.send(id, message)     -> transport.send(message); settles with bridge.sendDone(id, ok, error)
// Random numbers are Math.random() scaled to [0, 2^32), drawn 64 at a time straight into Wasm
// memory: a call makes some sixty (tags, Call-IDs, branches are one draw per character, as
// SIP.js's createRandomToken), which were as many calls into JavaScript.
// Only numbers and strings cross; ids are chosen here. env's methods never throw (the JS side
// catches), so no JavaScript exception unwinds through Wasm frames.
//
// Lifetimes: the bridge object owns JsHost and JsTransport; each owns one val handle to env (freed
// in its destructor) and its pending callbacks (dropped, never run, when destroyed). JsHost clears
// every pending JS timer when destroyed, so no JS timer outlives the core.
#pragma once
#include <emscripten/val.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "core/transport.h"
#include "host.h"

namespace sipwasm {

// A JavaScript string decoded from UTF-8 text by the engine's TextDecoder. Passing a std::string
// to a JS function through embind walks every byte in JavaScript first (looking for NULs); SIP
// messages cross a dozen times per call, so the message-sized strings go through this instead.
emscripten::val jsText(std::string_view utf8);

class JsHost final : public sip::Host {
 public:
  explicit JsHost(emscripten::val env);
  ~JsHost() override;

  sip::TimerId setTimer(uint32_t ms, std::function<void()> callback) override;
  void clearTimer(sip::TimerId id) override;
  uint32_t random() override;
  bool isLogEnabled(sip::LogLevel level) const override;
  void log(sip::LogLevel level, std::string_view category, std::string_view label, std::string_view content) override;

  // The JS timer for `id` fired. Unknown ids (cleared meanwhile) are ignored. Never throws.
  void fire(sip::TimerId id) noexcept;
  size_t pendingTimers() const { return timers_.size(); }
  // Drops every pending timer (clearing it in JS).
  void clearAll();

 private:
  emscripten::val env_;
  sip::TimerId next_ = 0;
  std::unordered_map<sip::TimerId, std::function<void()>> timers_;
  int logLevel_ = 3;
  std::array<uint32_t, 64> randomBuffer_{};
  size_t randomNext_ = randomBuffer_.size();  // empty: the first draw fills it
};

class JsTransport final : public sip::core::Transport {
 public:
  JsTransport(emscripten::val env, std::string protocol);
  ~JsTransport() override = default;

  std::string protocol() const override { return protocol_; }
  void setProtocol(std::string protocol) { protocol_ = std::move(protocol); }
  void send(std::string message, SendCallback done) override;

  // transport.send(message) settled. Unknown ids are ignored. Never throws.
  void done(uint32_t id, bool ok, const std::string& error) noexcept;
  size_t pendingSends() const { return pending_.size(); }
  // Forgets pending sends (their callbacks never run).
  void clearAll() { pending_.clear(); }

 private:
  emscripten::val env_;
  std::string protocol_;
  uint32_t next_ = 0;
  std::unordered_map<uint32_t, SendCallback> pending_;
};

}  // namespace sipwasm
