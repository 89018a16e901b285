#include "manual_host.h"

#include <iostream>
#include <utility>

namespace sip::test {

TimerId ManualHost::setTimer(uint32_t ms, std::function<void()> callback) {
  const TimerId id = nextId_++;
  if (nextId_ == 0) nextId_ = 1;
  timers_.emplace(id, Pending{now_ + ms, sequence_++, std::move(callback)});
  return id;
}

void ManualHost::clearTimer(TimerId id) { timers_.erase(id); }

uint32_t ManualHost::random() {
  if (!scripted_.empty()) {
    const uint32_t value = scripted_.front();
    scripted_.pop_front();
    return value;
  }
  // xorshift32: deterministic, well spread, never 0 from a non-zero seed.
  randomState_ ^= randomState_ << 13;
  randomState_ ^= randomState_ >> 17;
  randomState_ ^= randomState_ << 5;
  return randomState_;
}

void ManualHost::log(LogLevel level, std::string_view category, std::string_view label, std::string_view content) {
  if (echo) std::cerr << toString(level) << " | " << category << " | " << label << " | " << content << "\n";
  logs_.push_back(LogLine{level, std::string(category), std::string(label), std::string(content)});
}

size_t ManualHost::advance(uint64_t ms) {
  const uint64_t target = now_ + ms;
  size_t count = 0;
  for (;;) {
    auto next = timers_.end();
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->second.due > target) continue;
      if (next == timers_.end() || it->second.due < next->second.due ||
          (it->second.due == next->second.due && it->second.sequence < next->second.sequence)) {
        next = it;
      }
    }
    if (next == timers_.end()) break;
    // Take the callback out before running it: it may set or clear timers (even its own id).
    now_ = next->second.due;
    auto callback = std::move(next->second.callback);
    timers_.erase(next);
    ++count;
    ++fired_;
    callback();
  }
  now_ = target;
  return count;
}

std::optional<uint64_t> ManualHost::nextTimerIn() const {
  std::optional<uint64_t> earliest;
  for (const auto& [id, pending] : timers_) {
    (void)id;
    if (!earliest || pending.due < *earliest) earliest = pending.due;
  }
  if (!earliest) return std::nullopt;
  return *earliest - now_;
}

bool ManualHost::logged(LogLevel level, std::string_view needle) const {
  for (const auto& line : logs_) {
    if (line.level == level && line.content.find(needle) != std::string::npos) return true;
  }
  return false;
}

size_t ManualHost::count(LogLevel level) const {
  size_t n = 0;
  for (const auto& line : logs_) n += line.level == level ? 1 : 0;
  return n;
}

void FakeTransport::send(std::string message, SendCallback done) {
  sent_.push_back(std::move(message));
  switch (mode) {
    case Mode::Succeed:
      if (done) done(std::nullopt);
      return;
    case Mode::FailSync:
      if (done) done(core::TransportError{failureMessage});
      return;
    case Mode::Defer:
      deferred_.push_back(std::move(done));
      return;
  }
}

size_t FakeTransport::settle(std::optional<core::TransportError> error) {
  auto callbacks = std::move(deferred_);
  deferred_.clear();
  for (auto& callback : callbacks) {
    if (callback) callback(error);
  }
  return callbacks.size();
}

}  // namespace sip::test
