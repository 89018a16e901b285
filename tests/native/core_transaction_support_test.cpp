// The host boundary and its test doubles: ManualHost's clock, HostTimer, randomToken, Logger,
// FakeTransport. The transaction tests rely on these behaving exactly as documented.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/timers.h"
#include "host.h"
#include "support/manual_host.h"

using sip::HostTimer;
using sip::LogLevel;
using sip::test::FakeTransport;
using sip::test::ManualHost;

TEST(CoreTransactionSupport, ManualHostFiresTimersInDueOrderAtTheirDueTime) {
  ManualHost host;
  std::vector<std::pair<std::string, uint64_t>> fired;
  host.setTimer(300, [&] { fired.emplace_back("c", host.now()); });
  host.setTimer(100, [&] { fired.emplace_back("a", host.now()); });
  host.setTimer(200, [&] { fired.emplace_back("b", host.now()); });
  host.setTimer(100, [&] { fired.emplace_back("a2", host.now()); });  // same due time: set order

  EXPECT_EQ(host.advance(99), 0u);
  EXPECT_TRUE(fired.empty());
  EXPECT_EQ(host.advance(150), 3u);  // now 249
  ASSERT_EQ(fired.size(), 3u);
  EXPECT_EQ(fired[0], std::make_pair(std::string("a"), uint64_t{100}));
  EXPECT_EQ(fired[1], std::make_pair(std::string("a2"), uint64_t{100}));
  EXPECT_EQ(fired[2], std::make_pair(std::string("b"), uint64_t{200}));
  EXPECT_EQ(host.now(), 249u);
  EXPECT_EQ(host.nextTimerIn(), std::optional<uint64_t>(51));
  host.advance(51);
  EXPECT_EQ(fired.back(), std::make_pair(std::string("c"), uint64_t{300}));
  EXPECT_EQ(host.pendingTimers(), 0u);
  EXPECT_EQ(host.nextTimerIn(), std::nullopt);
}

TEST(CoreTransactionSupport, ManualHostNeverRunsACallbackInsideSetTimer) {
  ManualHost host;
  bool ran = false;
  host.setTimer(0, [&] { ran = true; });
  EXPECT_FALSE(ran);  // a 0 ms timer waits for the event loop
  EXPECT_EQ(host.runDue(), 1u);
  EXPECT_TRUE(ran);
}

TEST(CoreTransactionSupport, ManualHostFiresTimersSetByFiringCallbacksWithinTheSameAdvance) {
  ManualHost host;
  std::vector<uint64_t> times;
  std::function<void()> tick = [&] {
    times.push_back(host.now());
    if (times.size() < 4) host.setTimer(1000, tick);
  };
  host.setTimer(1000, tick);
  host.advance(10000);
  EXPECT_EQ(times, (std::vector<uint64_t>{1000, 2000, 3000, 4000}));
  // And 0 ms chains run to completion in runDue().
  int chain = 0;
  std::function<void()> zero = [&] {
    if (++chain < 5) host.setTimer(0, zero);
  };
  host.setTimer(0, zero);
  host.runDue();
  EXPECT_EQ(chain, 5);
}

TEST(CoreTransactionSupport, ClearedTimersDoNotFireAndClearingIsIdempotent) {
  ManualHost host;
  int count = 0;
  auto id = host.setTimer(10, [&] { ++count; });
  EXPECT_NE(id, 0u);
  host.clearTimer(id);
  host.clearTimer(id);
  host.clearTimer(0);
  host.clearTimer(12345);
  host.advance(100);
  EXPECT_EQ(count, 0);
  // A callback clearing another pending timer prevents it.
  sip::TimerId second = 0;
  host.setTimer(10, [&] { host.clearTimer(second); });
  second = host.setTimer(20, [&] { ++count; });
  host.advance(100);
  EXPECT_EQ(count, 0);
}

TEST(CoreTransactionSupport, HostTimerRestartsClearsAndClearsOnDestruction) {
  ManualHost host;
  int fired = 0;
  {
    HostTimer timer(host);
    timer.start(100, [&] { ++fired; });
    EXPECT_TRUE(timer.active());
    timer.start(200, [&] { fired += 10; });  // restart replaces the first
    EXPECT_EQ(host.pendingTimers(), 1u);
    host.advance(150);
    EXPECT_EQ(fired, 0);
    host.advance(50);
    EXPECT_EQ(fired, 10);
    EXPECT_FALSE(timer.active());
    timer.start(100, [&] { ++fired; });
  }  // destroyed while pending
  EXPECT_EQ(host.pendingTimers(), 0u);
  host.advance(1000);
  EXPECT_EQ(fired, 10);
}

TEST(CoreTransactionSupport, HostTimerIsInactiveInsideItsOwnCallback) {
  ManualHost host;
  HostTimer timer(host);
  bool activeInside = true;
  timer.start(5, [&] { activeInside = timer.active(); });
  host.advance(5);
  EXPECT_FALSE(activeInside);
}

TEST(CoreTransactionSupport, RandomIsDeterministicAndScriptable) {
  ManualHost a, b;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.random(), b.random());
  a.scriptRandom({0u, 0xFFFFFFFFu});
  EXPECT_EQ(a.random(), 0u);
  EXPECT_EQ(a.random(), 0xFFFFFFFFu);
}

TEST(CoreTransactionSupport, RandomTokenMirrorsCreateRandomToken) {
  ManualHost host;
  // Math.floor(r * 32) for r = 0, 0.5, just below 1, 1/32.
  host.scriptRandom({0u, 0x80000000u, 0xFFFFFFFFu, 0x08000000u});
  EXPECT_EQ(sip::randomToken(host, 4), "0gv1");
  const std::string tag = sip::randomToken(host, 10);
  EXPECT_EQ(tag.size(), 10u);
  for (char c : tag) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'v')) << c;
  host.scriptRandom({0xFFFFFFFFu});
  EXPECT_EQ(sip::randomToken(host, 1, 10), "9");
  host.scriptRandom({0xFFFFFFFFu});
  EXPECT_EQ(sip::randomBelow(host, 10000000), 9999999u);
}

TEST(CoreTransactionSupport, LoggerWritesCategoryLabelAndLevel) {
  ManualHost host;
  sip::Logger logger(host, "sip.test", "label-1");
  logger.debug("d");
  logger.log("l");
  logger.warn("w");
  logger.error("e");
  ASSERT_EQ(host.logs().size(), 4u);
  EXPECT_EQ(host.logs()[0].level, LogLevel::Debug);
  EXPECT_EQ(host.logs()[1].level, LogLevel::Log);
  EXPECT_EQ(host.logs()[2].level, LogLevel::Warn);
  EXPECT_EQ(host.logs()[3].level, LogLevel::Error);
  EXPECT_EQ(host.logs()[3].category, "sip.test");
  EXPECT_EQ(host.logs()[3].label, "label-1");
  EXPECT_EQ(host.logs()[3].content, "e");
  EXPECT_TRUE(host.logged(LogLevel::Warn, "w"));
  EXPECT_FALSE(host.logged(LogLevel::Warn, "e"));
}

// A line given in pieces is the pieces joined; nothing is written when its level is off.
TEST(CoreTransactionSupport, LoggerJoinsPiecesOnlyWhenTheLevelIsEnabled) {
  struct ErrorsOnlyHost : ManualHost {
    bool isLogEnabled(LogLevel level) const override { return level == LogLevel::Error; }
  };
  ManualHost host;
  sip::Logger logger(host, "sip.test");
  const std::string id = "abc";
  logger.log("Session ", id, " in state ", std::string_view("Established"));
  logger.debug("d", std::to_string(7));
  ASSERT_EQ(host.logs().size(), 2u);
  EXPECT_EQ(host.logs()[0].level, LogLevel::Log);
  EXPECT_EQ(host.logs()[0].content, "Session abc in state Established");
  EXPECT_EQ(host.logs()[1].level, LogLevel::Debug);
  EXPECT_EQ(host.logs()[1].content, "d7");
  ErrorsOnlyHost quiet;
  sip::Logger quietLogger(quiet, "sip.test");
  quietLogger.log("Session ", id);
  quietLogger.debug("d", id);
  EXPECT_TRUE(quiet.logs().empty());
}

TEST(CoreTransactionSupport, FakeTransportCapturesAndFailsOnDemand) {
  FakeTransport transport;
  EXPECT_TRUE(transport.reliable());
  EXPECT_EQ(transport.protocol(), "WSS");
  std::vector<std::optional<sip::core::TransportError>> results;
  auto record = [&](std::optional<sip::core::TransportError> e) { results.push_back(e); };

  transport.send("one", record);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].has_value());

  transport.mode = FakeTransport::Mode::FailSync;
  transport.send("two", record);
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[1].has_value());
  EXPECT_EQ(results[1]->message, "fake transport failure");

  transport.mode = FakeTransport::Mode::Defer;
  transport.send("three", record);
  transport.send("four", nullptr);  // an empty callback is allowed
  EXPECT_EQ(results.size(), 2u);
  EXPECT_EQ(transport.deferredCount(), 2u);
  EXPECT_EQ(transport.settle(sip::core::TransportError{"later"}), 2u);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2]->message, "later");
  EXPECT_EQ(transport.sent(), (std::vector<std::string>{"one", "two", "three", "four"}));
}

TEST(CoreTransactionSupport, TimerValuesMatchSipJsAndRfc3261) {
  using sip::core::Timers;
  using sip::core::UnreliableTimers;
  EXPECT_EQ(Timers::T1, 500u);
  EXPECT_EQ(Timers::T2, 4000u);
  EXPECT_EQ(Timers::T4, 5000u);
  EXPECT_EQ(Timers::TIMER_B, 32000u);
  EXPECT_EQ(Timers::TIMER_D, 0u);
  EXPECT_EQ(Timers::TIMER_F, 32000u);
  EXPECT_EQ(Timers::TIMER_H, 32000u);
  EXPECT_EQ(Timers::TIMER_I, 0u);
  EXPECT_EQ(Timers::TIMER_J, 0u);
  EXPECT_EQ(Timers::TIMER_K, 0u);
  EXPECT_EQ(Timers::TIMER_L, 32000u);
  EXPECT_EQ(Timers::TIMER_M, 32000u);
  EXPECT_EQ(Timers::TIMER_N, 32000u);
  EXPECT_EQ(Timers::PROVISIONAL_RESPONSE_INTERVAL, 60000u);
  EXPECT_EQ(sip::core::timerD(false), 32000u);
  EXPECT_EQ(sip::core::timerI(false), 5000u);
  EXPECT_EQ(sip::core::timerJ(false), 32000u);
  EXPECT_EQ(sip::core::timerK(false), 5000u);
  EXPECT_EQ(UnreliableTimers::TIMER_A, 500u);
  EXPECT_EQ(sip::core::nextRetransmitInterval(500), 1000u);
  EXPECT_EQ(sip::core::nextRetransmitInterval(2000), 4000u);
  EXPECT_EQ(sip::core::nextRetransmitInterval(4000), 4000u);
}
