// What the SIP core needs from the world around it: a scheduler, randomness and logging.
//
// This is the Wasm/JavaScript boundary (see ../shared/DESIGN.md, rules 1-3). src/ never reads a
// clock, never sleeps and never draws entropy by itself: everything asynchronous enters through a
// Host callback. In the browser build, bindings/ implements Host with globalThis.setTimeout /
// clearTimeout looked up at call time (so jest/jasmine fake clocks drive the core), Math.random,
// and SIP.js's LoggerFactory. Natively, tests use tests/native/support/manual_host.h.
//
// Everything here is header-only on purpose: small, and the same for every target.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace sip {

// SIP.js's log levels (lib/core/log/levels.js), in increasing severity.
enum class LogLevel { Debug = 3, Log = 2, Warn = 1, Error = 0 };

inline std::string_view toString(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Log: return "log";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
  }
  return "log";
}

// A timer handle. 0 is never a live timer, so it can mean "no timer".
using TimerId = uint32_t;

class Host {
 public:
  virtual ~Host() = default;

  // Schedules `callback` to run once, `ms` milliseconds from now (0 = as soon as the host's event
  // loop gets to it). The callback ALWAYS runs later from the host's event loop, never re-entrantly
  // inside setTimer, so callers may set state after scheduling. Returns a non-zero id.
  virtual TimerId setTimer(uint32_t ms, std::function<void()> callback) = 0;
  // Cancels a pending timer. Unknown, already fired, or already cleared ids (and 0) are ignored.
  virtual void clearTimer(TimerId id) = 0;

  // A uniformly distributed 32-bit value. Math.random() in JavaScript; used for branches, tags,
  // Call-IDs and cnonces, so it need not be cryptographically strong (SIP.js's is not either).
  virtual uint32_t random() = 0;

  // Whether a line at `level` would be written. Lets hot paths skip building debug text that would
  // be thrown away (and keeps those strings from crossing the Wasm boundary).
  virtual bool isLogEnabled(LogLevel /*level*/) const { return true; }
  // One log line, shaped like SIP.js's LogConnector (level, category, label, content): category is
  // e.g. "sip.transaction.ict", label an object id (the transaction branch) or empty.
  virtual void log(LogLevel level, std::string_view category, std::string_view label, std::string_view content) = 0;
};

// Math.floor(Math.random() * n) with Host::random() standing in for Math.random():
// random / 2^32 is in [0, 1), so (random * n) >> 32 is in [0, n). n == 0 yields 0.
inline uint32_t randomBelow(Host& host, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(host.random()) * n) >> 32);
}

// SIP.js's createRandomToken(size, base): `size` digits in `base` (2..36), lowercase, as
// Number.prototype.toString(base) writes them. newTag() is randomToken(host, 10).
inline std::string randomToken(Host& host, size_t size, uint32_t base = 32) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  if (base < 2) base = 2;
  if (base > 36) base = 36;
  std::string token;
  token.reserve(size);
  for (size_t i = 0; i < size; ++i) token.push_back(kDigits[randomBelow(host, base)]);
  return token;
}

// A logger bound to a category and label, as SIP.js's loggerFactory.getLogger(category, label).
class Logger {
 public:
  // `category` is a string literal (it is kept as a pointer: every dialog, transaction and user
  // agent has a logger, and a copied category string was a heap block each).
  Logger(Host& host, const char* category, std::string label = {})
      : host_(&host), category_(category), label_(std::move(label)) {}

  bool enabled(LogLevel level) const { return host_->isLogEnabled(level); }
  void debug(std::string_view content) const { write(LogLevel::Debug, content); }
  void log(std::string_view content) const { write(LogLevel::Log, content); }
  // The same with the line given in pieces, joined only when the level is enabled: hot paths log
  // on every message, and a line nobody reads should cost no string.
  template <typename... Pieces>
  void debug(std::string_view first, const Pieces&... rest) const {
    writeJoined(LogLevel::Debug, first, rest...);
  }
  template <typename... Pieces>
  void log(std::string_view first, const Pieces&... rest) const {
    writeJoined(LogLevel::Log, first, rest...);
  }
  void warn(std::string_view content) const { write(LogLevel::Warn, content); }
  void error(std::string_view content) const { write(LogLevel::Error, content); }

  std::string_view category() const { return category_; }
  const std::string& label() const { return label_; }
  void setLabel(std::string label) { label_ = std::move(label); }

 private:
  void write(LogLevel level, std::string_view content) const {
    if (host_->isLogEnabled(level)) host_->log(level, category_, label_, content);
  }
  template <typename... Pieces>
  void writeJoined(LogLevel level, std::string_view first, const Pieces&... rest) const {
    if (!host_->isLogEnabled(level)) return;
    std::string line(first);
    (line.append(std::string_view(rest)), ...);
    host_->log(level, category_, label_, line);
  }

  Host* host_;
  const char* category_;
  std::string label_;
};

// One one-shot host timer owned by an object: clears itself when restarted or destroyed, so a
// callback can never run after its owner is gone. Not copyable (the callback captures the owner).
class HostTimer {
 public:
  explicit HostTimer(Host& host) : host_(&host) {}
  ~HostTimer() { clear(); }
  HostTimer(const HostTimer&) = delete;
  HostTimer& operator=(const HostTimer&) = delete;

  // (Re)starts the timer. The callback runs at most once; active() is already false inside it.
  void start(uint32_t ms, std::function<void()> callback) {
    clear();
    // The host owns the wrapper; `this` is valid whenever it runs because ~HostTimer clears it.
    id_ = host_->setTimer(ms, [this, cb = std::move(callback)]() {
      id_ = 0;
      cb();
    });
  }
  void clear() {
    if (id_ != 0) {
      host_->clearTimer(id_);
      id_ = 0;
    }
  }
  bool active() const { return id_ != 0; }

 private:
  Host* host_;
  TimerId id_ = 0;
};

}  // namespace sip
