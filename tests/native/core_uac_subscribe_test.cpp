// SUBSCRIBE / NOTIFY (RFC 6665; SIP.js subscribe-user-agent-client.js, subscription-dialog.js): the
// NOTIFY that creates the subscription dialog, subscription states and expiry, Timer N, refresh
// (manual and automatic at 90%), unsubscribe, fatal refresh errors, 489 for a wrong Event.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialogs/subscription_dialog.h"
#include "core/timers.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/re_subscribe_user_agent.h"
#include "core/user_agents/subscribe_user_agent.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::respond;

class UacSubscribeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    auto configuration = sip::test::makeConfiguration("alice");
    configuration.now = [this] { return static_cast<double>(host.now()); };
    core = std::make_unique<UserAgentCore>(host, *wire, configuration);
  }
  void TearDown() override {
    subscription.reset();
    uac.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  sip::Message subscribe(uint32_t expires = 3600) {
    OutgoingSubscribeRequestDelegate delegate;
    delegate.onNotify = [this](const IncomingRequestWithSubscription& r) {
      events.push_back("notify");
      subscription = r.subscription;
      r.request->accept();
    };
    delegate.onNotifyTimeout = [this] { events.push_back("timeout"); };
    delegate.onAccept = [this](const IncomingResponse& r) { events.push_back("accept:" + std::to_string(r.message.statusCode)); };
    delegate.onReject = [this](const IncomingResponse& r) { events.push_back("reject:" + std::to_string(r.message.statusCode)); };
    auto bob = *sip::parseUri("sip:bob@example.com");
    uac = core->subscribe(core->makeOutgoingRequestMessage(
                              "SUBSCRIBE", bob, core->configuration.aor, bob, {},
                              {"Event: presence", "Expires: " + std::to_string(expires),
                               "Contact: " + core->configuration.contact.toString()}),
                          delegate);
    return wire->last("SUBSCRIBE");
  }
  std::string notify(const sip::Message& subscribe, uint32_t cseq, const std::string& state,
                     const std::string& event = "presence", const std::string& fromTag = "notifier") {
    std::string t = "NOTIFY sip:alice@alice.invalid;transport=ws SIP/2.0\r\n";
    t += "Via: SIP/2.0/WSS bob.invalid;branch=z9hG4bKn" + std::to_string(cseq) + fromTag + "\r\n";
    t += "Max-Forwards: 70\r\n";
    t += "From: <sip:bob@example.com>;tag=" + fromTag + "\r\n";
    t += "To: " + std::string(*subscribe.header("From")) + "\r\n";
    t += "Call-ID: " + *subscribe.callId() + "\r\n";
    t += "CSeq: " + std::to_string(cseq) + " NOTIFY\r\n";
    t += "Contact: <sip:bob@192.0.2.9>\r\n";
    if (!event.empty()) t += "Event: " + event + "\r\n";
    if (!state.empty()) t += "Subscription-State: " + state + "\r\n";
    t += "Content-Length: 0\r\n\r\n";
    return t;
  }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::shared_ptr<SubscribeUserAgentClient> uac;
  std::shared_ptr<SubscriptionDialog> subscription;
  std::vector<std::string> events;
};

TEST_F(UacSubscribeTest, NotifyCreatesTheSubscriptionDialog) {
  const auto request = subscribe(3600);
  EXPECT_EQ(request.header("Event").value_or(""), "presence");
  EXPECT_EQ(core->subscriberCount(), 1u);
  receive(respond(request, 200, "notifier", {"Expires: 1800", "Contact: <sip:bob@192.0.2.9>"}));
  EXPECT_EQ(uac->subscriptionExpires(), 1800u) << "the 2xx may shorten the expiry";
  receive(notify(request, 1, "active;expires=1200"));
  EXPECT_EQ(events, (std::vector<std::string>{"accept:200", "notify"}));
  ASSERT_TRUE(subscription);
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Active);
  EXPECT_EQ(subscription->subscriptionExpires(), 1200u);
  EXPECT_EQ(subscription->subscriptionEvent(), "presence");
  EXPECT_EQ(subscription->remoteTarget().toString(), "sip:bob@192.0.2.9");
  EXPECT_EQ(subscription->remoteTag(), "notifier");
  EXPECT_EQ(core->subscriberCount(), 0u) << "no longer waiting for a NOTIFY";
  EXPECT_EQ(core->dialogCount(), 1u);
  EXPECT_EQ(wire->count("200 NOTIFY"), 1u);

  // Later NOTIFYs go to the dialog; out of order ones get 500.
  std::vector<std::string> states;
  subscription->delegate.onNotify = [&](std::shared_ptr<NotifyUserAgentServer> uas) {
    states.push_back(std::string(uas->message().header("Subscription-State").value_or("")));
    uas->accept();
  };
  host.advance(100 * 1000);
  EXPECT_EQ(subscription->subscriptionExpires(), 1100u) << "counts down with the configured clock";
  receive(notify(request, 2, "pending;expires=900"));
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Active) << "active -> pending is not a valid transition";
  receive(notify(request, 2, "active"));
  EXPECT_EQ(wire->count("500 NOTIFY"), 1u);
  receive(notify(request, 3, "terminated;reason=noresource"));
  EXPECT_EQ(states.size(), 2u);
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Terminated);
  EXPECT_EQ(core->dialogCount(), 0u);
  uac.reset();
  subscription.reset();
  host.advance(120000);
  EXPECT_EQ(core->transactionCount(), 0u);
}

TEST_F(UacSubscribeTest, NotifyMayComeBeforeTheTwoHundred) {
  const auto request = subscribe();
  receive(notify(request, 1, "pending"));
  ASSERT_TRUE(subscription);
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Pending);
  receive(respond(request, 202, "notifier", {"Expires: 600"}));
  EXPECT_EQ(subscription->subscriptionExpires(), 600u);
  EXPECT_EQ(events, (std::vector<std::string>{"notify", "accept:202"}));
}

TEST_F(UacSubscribeTest, TimerNWithoutNotify) {
  const auto request = subscribe();
  receive(respond(request, 200, "notifier", {"Expires: 3600"}));
  host.advance(Timers::TIMER_N - 1);
  EXPECT_EQ(events, (std::vector<std::string>{"accept:200"}));
  host.advance(1);
  EXPECT_EQ(events, (std::vector<std::string>{"accept:200", "timeout"}));
  EXPECT_EQ(core->subscriberCount(), 0u);
  receive(notify(request, 1, "active"));
  EXPECT_EQ(wire->count("481 NOTIFY"), 1u) << "too late: no subscription";
}

TEST_F(UacSubscribeTest, RejectedSubscribeStopsWaiting) {
  const auto request = subscribe();
  receive(respond(request, 489, "notifier"));
  EXPECT_EQ(events, (std::vector<std::string>{"reject:489"}));
  EXPECT_EQ(core->subscriberCount(), 0u);
  host.advance(Timers::TIMER_N);
  EXPECT_EQ(events.size(), 1u) << "no Timer N after a failure";
}

TEST_F(UacSubscribeTest, WrongEventOrStateGets489) {
  const auto request = subscribe();
  receive(notify(request, 1, "active", "dialog"));  // another package: no such subscription
  EXPECT_EQ(wire->count("481 NOTIFY"), 1u);
  receive(notify(request, 2, ""));
  EXPECT_EQ(wire->count("489 NOTIFY"), 1u);
  EXPECT_FALSE(subscription);
  receive(notify(request, 3, "active", ""));  // no Event at all
  EXPECT_EQ(wire->count("489 NOTIFY"), 2u);
  receive(notify(request, 4, "active;expires=60"));
  ASSERT_TRUE(subscription);
  receive(notify(request, 5, "active", "dialog"));  // inside the dialog: wrong package
  EXPECT_EQ(wire->count("489 NOTIFY"), 3u);
}

TEST_F(UacSubscribeTest, FirstNotifyTerminatedCreatesNoDialog) {
  const auto request = subscribe();
  receive(notify(request, 1, "terminated;reason=rejected"));
  EXPECT_EQ(events, (std::vector<std::string>{"notify"}));
  EXPECT_FALSE(subscription);
  EXPECT_EQ(uac->subscriptionState(), SubscriptionState::Terminated);
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(UacSubscribeTest, RefreshUnsubscribeAndTimerN) {
  const auto request = subscribe(600);
  receive(notify(request, 1, "active;expires=600"));
  ASSERT_TRUE(subscription);
  int terminated = 0;
  subscription->delegate.onTerminated = [&] { ++terminated; };
  subscription->refresh();
  const auto refresh = wire->last("SUBSCRIBE");
  EXPECT_EQ(refresh.toTag().value_or(""), "notifier");
  EXPECT_EQ(refresh.header("Expires").value_or(""), "600");
  EXPECT_EQ(refresh.ruri.toString(), "sip:bob@192.0.2.9");
  EXPECT_EQ(refresh.cseq()->number, request.cseq()->number + 1);
  receive(respond(refresh, 200, "", {"Expires: 300"}));
  EXPECT_EQ(subscription->subscriptionExpires(), 300u);
  receive(notify(request, 2, "active;expires=300"));
  // Timer N guards the refresh's NOTIFY: without one the subscription ends.
  subscription->refresh();
  receive(respond(wire->last("SUBSCRIBE"), 200, "", {"Expires: 300"}));
  host.advance(Timers::TIMER_N);
  EXPECT_EQ(terminated, 1);
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Terminated);
  EXPECT_THROW(subscription->refresh(), std::logic_error);
}

TEST_F(UacSubscribeTest, UnsubscribeHasNoTimerN) {
  const auto request = subscribe(600);
  receive(notify(request, 1, "active;expires=600"));
  ASSERT_TRUE(subscription);
  subscription->unsubscribe();
  EXPECT_EQ(wire->last("SUBSCRIBE").header("Expires").value_or(""), "0");
  receive(respond(wire->last("SUBSCRIBE"), 200, "", {"Expires: 0"}));
  receive(notify(request, 2, "terminated;reason=timeout"));
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Terminated);
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(UacSubscribeTest, FatalRefreshErrorTerminates) {
  const auto request = subscribe(600);
  receive(notify(request, 1, "active;expires=600"));
  ASSERT_TRUE(subscription);
  int terminated = 0;
  subscription->delegate.onTerminated = [&] { ++terminated; };
  subscription->refresh();
  receive(respond(wire->last("SUBSCRIBE"), 481, ""));
  EXPECT_EQ(terminated, 1);
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(UacSubscribeTest, AutoRefreshAtNinetyPercent) {
  const auto request = subscribe(100);
  receive(notify(request, 1, "active;expires=100"));
  ASSERT_TRUE(subscription);
  std::vector<std::shared_ptr<ReSubscribeUserAgentClient>> refreshes;
  subscription->delegate.onRefresh = [&](std::shared_ptr<ReSubscribeUserAgentClient> r) { refreshes.push_back(r); };
  subscription->setAutoRefresh(true);
  EXPECT_EQ(subscription->subscriptionRefresh(), 90u);
  host.advance(89999);
  EXPECT_TRUE(refreshes.empty());
  host.advance(1);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(wire->count("SUBSCRIBE"), 2u);
  receive(respond(wire->last("SUBSCRIBE"), 200, "", {"Expires: 100"}));
  receive(notify(request, 2, "active;expires=100"));
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Active);
  refreshes.clear();
}

TEST_F(UacSubscribeTest, ExpiryWithoutRefreshTerminates) {
  const auto request = subscribe(60);
  receive(notify(request, 1, "active;expires=60"));
  ASSERT_TRUE(subscription);
  int terminated = 0;
  subscription->delegate.onTerminated = [&] { ++terminated; };
  host.advance(60000);
  EXPECT_EQ(terminated, 1);
  EXPECT_EQ(subscription->subscriptionState(), SubscriptionState::Terminated);
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST(UacSubscribeArgumentsTest, EventAndExpiresAreRequired) {
  sip::test::ManualHost host;
  sip::test::WireTransport wire(host);
  {
    UserAgentCore core(host, wire, sip::test::makeConfiguration("alice"));
    auto bob = *sip::parseUri("sip:bob@example.com");
    EXPECT_THROW(core.subscribe(core.makeOutgoingRequestMessage("SUBSCRIBE", bob, bob, bob, {}, {"Expires: 60"})),
                 std::invalid_argument);
    EXPECT_THROW(core.subscribe(core.makeOutgoingRequestMessage("SUBSCRIBE", bob, bob, bob, {}, {"Event: presence"})),
                 std::invalid_argument);
    EXPECT_TRUE(wire.sent().empty());
  }
  sip::test::expectNoLiveObjects();
}

}  // namespace
