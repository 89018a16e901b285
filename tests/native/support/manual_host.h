// Test doubles for the core's boundary (src/host.h, src/core/transport.h):
// - ManualHost: a manual clock. Timers fire only inside advance()/runDue(), in due-time order
//   (ties in the order they were set), including timers set by callbacks that fire meanwhile.
//   random() is a deterministic sequence (or scripted values); log lines are captured.
// - FakeTransport: captures every message sent and can make sends fail, synchronously or later.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/transport.h"
#include "host.h"

namespace sip::test {

struct LogLine {
  LogLevel level;
  std::string category;
  std::string label;
  std::string content;
};

class ManualHost : public Host {
 public:
  TimerId setTimer(uint32_t ms, std::function<void()> callback) override;
  void clearTimer(TimerId id) override;
  uint32_t random() override;
  void log(LogLevel level, std::string_view category, std::string_view label, std::string_view content) override;

  // Moves the clock forward by `ms`, firing every timer that falls due on the way, at its due time.
  // Returns how many timers fired.
  size_t advance(uint64_t ms);
  // Fires the timers due now (0 ms timers, also those they set). Returns how many fired.
  size_t runDue() { return advance(0); }
  uint64_t now() const { return now_; }
  size_t pendingTimers() const { return timers_.size(); }
  // Milliseconds until the next timer is due, or nullopt when none is pending.
  std::optional<uint64_t> nextTimerIn() const;
  size_t timersFired() const { return fired_; }

  // Makes random() return these values next (then the deterministic sequence resumes).
  void scriptRandom(std::vector<uint32_t> values) { scripted_.insert(scripted_.end(), values.begin(), values.end()); }

  const std::vector<LogLine>& logs() const { return logs_; }
  // Whether a captured line at `level` contains `needle`.
  bool logged(LogLevel level, std::string_view needle) const;
  size_t count(LogLevel level) const;
  void clearLogs() { logs_.clear(); }
  // Echo log lines to stderr (for debugging a test).
  bool echo = false;

 private:
  struct Pending {
    uint64_t due;
    uint64_t sequence;
    std::function<void()> callback;
  };
  uint64_t now_ = 0;
  uint64_t sequence_ = 0;
  TimerId nextId_ = 1;
  std::map<TimerId, Pending> timers_;
  size_t fired_ = 0;
  uint32_t randomState_ = 0x12345678u;
  std::deque<uint32_t> scripted_;
  std::vector<LogLine> logs_;
};

class FakeTransport : public core::Transport {
 public:
  enum class Mode {
    Succeed,   // report success synchronously
    FailSync,  // report failure synchronously, from inside send()
    Defer,     // keep the callback; settle() reports later
  };

  explicit FakeTransport(bool reliable = true, std::string protocol = "WSS")
      : reliable_(reliable), protocol_(std::move(protocol)) {}

  std::string protocol() const override { return protocol_; }
  bool reliable() const override { return reliable_; }
  void send(std::string message, SendCallback done) override;

  void setReliable(bool reliable) { reliable_ = reliable; }
  Mode mode = Mode::Succeed;
  std::string failureMessage = "fake transport failure";

  // Every message passed to send(), in order (failed ones included).
  const std::vector<std::string>& sent() const { return sent_; }
  size_t sentCount() const { return sent_.size(); }
  const std::string& lastSent() const { return sent_.back(); }
  void clearSent() { sent_.clear(); }

  // Settles every deferred send: success when `error` is nullopt.
  size_t settle(std::optional<core::TransportError> error = std::nullopt);
  size_t deferredCount() const { return deferred_.size(); }

 private:
  bool reliable_;
  std::string protocol_;
  std::vector<std::string> sent_;
  std::vector<SendCallback> deferred_;
};

}  // namespace sip::test
