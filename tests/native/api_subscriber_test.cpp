// src/api/subscriber: SIP.js's Subscriber state machine (RFC 6665) over the UA core, on a manual
// clock, against a scripted notifier: SUBSCRIBE -> NOTIFY -> Subscribed, NOTIFY before the 2xx,
// automatic refresh, Timer N, expiry, Subscription-State: terminated with each reason class,
// 481/489, unsubscribe and dispose (waiting for the dialog to end), calls in the wrong state.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/subscriber.h"
#include "core/user_agents/notify_user_agent.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::api;
using sip::core::UserAgentCore;
using sip::test::respond;
using CoreState = sip::core::SubscriptionState;

class ApiSubscriberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    auto configuration = sip::test::makeConfiguration("alice");
    configuration.now = [this] { return static_cast<double>(host.now()); };
    core = std::make_unique<UserAgentCore>(host, *wire, configuration);
  }
  void TearDown() override {
    held.clear();
    subscriber.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  // answer: whether the delegate accepts each NOTIFY itself (otherwise it keeps them in `held`).
  void make(SubscriberOptions options = {}, bool answer = true) {
    SubscriberDelegate d;
    d.onStateChange = [this](SubscriptionState s) { events.push_back(std::string("state:") + toString(s)); };
    d.onNotify = [this, answer](const std::shared_ptr<sip::core::NotifyUserAgentServer>& notify) {
      events.push_back("notify:" + std::string(notify->message().header("Subscription-State").value_or("")));
      if (answer) {
        notify->accept();
      } else {
        held.push_back(notify);
      }
    };
    d.onFinished = [this] { events.push_back("finished"); };
    subscriber = std::make_unique<Subscriber>(*core, *sip::parseUri("sip:bob@example.com"), "presence",
                                              std::move(options), std::move(d));
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  sip::Message lastSubscribe() { return wire->last("SUBSCRIBE"); }
  size_t subscribes() const { return wire->count("SUBSCRIBE"); }
  static std::string header(const sip::Message& m, const char* name) {
    auto value = m.header(name);
    return value ? std::string(*value) : std::string("<none>");
  }
  // A NOTIFY from the notifier "bob" for the subscription `subscribe` started.
  std::string notify(const sip::Message& subscribe, const std::string& state, const std::string& event = "presence",
                     const std::string& body = {}) {
    uint32_t cseq = ++notifyCseq;
    std::string t = "NOTIFY sip:alice@alice.invalid;transport=ws SIP/2.0\r\n";
    t += "Via: SIP/2.0/WSS bob.invalid;branch=z9hG4bKnotify" + std::to_string(cseq) + "\r\n";
    t += "Max-Forwards: 70\r\n";
    t += "From: <sip:bob@example.com>;tag=notifier\r\n";
    t += "To: " + header(subscribe, "From") + "\r\n";
    t += "Call-ID: " + *subscribe.callId() + "\r\n";
    t += "CSeq: " + std::to_string(cseq) + " NOTIFY\r\n";
    t += "Contact: <sip:bob@192.0.2.9>\r\n";
    t += "Event: " + event + "\r\n";
    t += "Subscription-State: " + state + "\r\n";
    if (!body.empty()) t += "Content-Type: application/pidf+xml\r\n";
    t += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return t;
  }
  // Subscribes and lets the notifier accept: 200 (Expires) then NOTIFY active.
  sip::Message establish(uint32_t expires = 600) {
    make();
    EXPECT_EQ(subscriber->subscribe(), SubscriberResult::Sent);
    host.runDue();
    auto request = lastSubscribe();
    receive(respond(request, 200, "notifier", {"Expires: " + std::to_string(expires)}));
    receive(notify(request, "active;expires=" + std::to_string(expires)));
    EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
    return request;
  }
  size_t notifyAnswers(int status) const { return wire->count(std::to_string(status) + " NOTIFY"); }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::unique_ptr<Subscriber> subscriber;
  std::vector<std::shared_ptr<sip::core::NotifyUserAgentServer>> held;
  std::vector<std::string> events;
  uint32_t notifyCseq = 0;
};

TEST_F(ApiSubscriberTest, SubscribeNotifySubscribed) {
  make({.expires = 600, .extraHeaders = {"Accept: application/pidf+xml"}});
  EXPECT_EQ(subscriber->state(), SubscriptionState::Initial);
  EXPECT_EQ(subscriber->requestState(), CoreState::Initial);
  EXPECT_EQ(subscriber->subscribe(), SubscriberResult::Sent);
  host.runDue();
  auto request = lastSubscribe();
  EXPECT_EQ(request.ruri.toString(), "sip:bob@example.com");
  EXPECT_EQ(header(request, "Event"), "presence");
  EXPECT_EQ(header(request, "Expires"), "600");
  EXPECT_EQ(header(request, "Accept"), "application/pidf+xml");
  EXPECT_EQ(header(request, "Contact"), "<sip:alice@alice.invalid;transport=ws>");
  EXPECT_NE(header(request, "Allow"), "<none>");
  EXPECT_EQ(subscriber->id(), *request.callId() + *request.fromTag() + "presence");
  EXPECT_EQ(subscriber->state(), SubscriptionState::NotifyWait);
  EXPECT_EQ(subscriber->requestState(), CoreState::NotifyWait);
  // A second subscribe() while waiting sends nothing.
  EXPECT_EQ(subscriber->subscribe(), SubscriberResult::NothingToDo);
  EXPECT_EQ(subscribes(), 1u);
  receive(respond(request, 202, "notifier", {"Expires: 600"}));
  EXPECT_EQ(subscriber->state(), SubscriptionState::NotifyWait);
  receive(notify(request, "active;expires=600", "presence", "<presence/>"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  EXPECT_EQ(subscriber->requestState(), CoreState::Active);
  ASSERT_TRUE(subscriber->dialog());
  EXPECT_TRUE(subscriber->dialog()->autoRefresh());
  EXPECT_EQ(notifyAnswers(200), 1u);
  EXPECT_EQ(events, (std::vector<std::string>{"state:NotifyWait", "state:Subscribed", "notify:active;expires=600"}));
}

TEST_F(ApiSubscriberTest, NotifyBeforeTheFinalResponseAndAnsweredLater) {
  make({}, false);
  subscriber->subscribe();
  host.runDue();
  auto request = lastSubscribe();
  receive(notify(request, "pending"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  EXPECT_EQ(subscriber->requestState(), CoreState::Pending);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(notifyAnswers(200), 0u);
  held[0]->reject({.statusCode = 403});  // the application answers later, and may refuse
  host.runDue();
  EXPECT_EQ(notifyAnswers(403), 1u);
  receive(respond(request, 200, "notifier", {"Expires: 3600"}));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
}

TEST_F(ApiSubscriberTest, RefreshesItselfAtNinetyPercentAndStaysSubscribed) {
  auto request = establish(600);
  ASSERT_EQ(subscribes(), 1u);
  host.advance(539999);
  EXPECT_EQ(subscribes(), 1u);
  host.advance(1);
  ASSERT_EQ(subscribes(), 2u);
  auto refresh = lastSubscribe();
  EXPECT_EQ(*refresh.callId(), *request.callId());
  EXPECT_EQ(*refresh.toTag(), "notifier");  // inside the dialog
  EXPECT_EQ(header(refresh, "Expires"), "600");
  receive(respond(refresh, 200, "", {"Expires: 600"}));
  receive(notify(request, "active;expires=600"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  // The next refresh is timed from the new expiry.
  host.advance(540000);
  EXPECT_EQ(subscribes(), 3u);
}

TEST_F(ApiSubscriberTest, ManualRefreshWhenActiveAndItsRejectionUnsubscribes) {
  establish(600);
  EXPECT_EQ(subscriber->subscribe(), SubscriberResult::Sent);
  host.runDue();
  ASSERT_EQ(subscribes(), 2u);
  auto refresh = lastSubscribe();
  EXPECT_EQ(*refresh.toTag(), "notifier");
  receive(respond(refresh, 500, ""));  // not fatal for the dialog; SIP.js unsubscribes
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  ASSERT_EQ(subscribes(), 3u);
  EXPECT_EQ(header(lastSubscribe(), "Expires"), "0");
}

TEST_F(ApiSubscriberTest, TimerNWithoutTheFirstNotifyTerminates) {
  make();
  subscriber->subscribe();
  host.runDue();
  receive(respond(lastSubscribe(), 200, "notifier", {"Expires: 3600"}));
  host.advance(31999);
  EXPECT_EQ(subscriber->state(), SubscriptionState::NotifyWait);
  host.advance(1);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(events, (std::vector<std::string>{"state:NotifyWait", "state:Terminated", "finished"}));
}

TEST_F(ApiSubscriberTest, TimerNAfterARefreshTerminates) {
  establish(600);
  host.advance(540000);  // automatic refresh
  ASSERT_EQ(subscribes(), 2u);
  receive(respond(lastSubscribe(), 200, "", {"Expires: 600"}));
  host.advance(31999);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  host.advance(1);  // no NOTIFY for the refresh
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_TRUE(subscriber->finished());
}

TEST_F(ApiSubscriberTest, ExpiresWithoutAnAnsweredRefresh) {
  auto request = establish(60);
  wire->drop = [](const std::string&) { return true; };  // nothing reaches the notifier any more
  host.advance(54000);
  ASSERT_EQ(subscribes(), 2u);  // the refresh went out (and was lost)
  host.advance(5999);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  host.advance(1);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_EQ(subscriber->requestState(), CoreState::Terminated);
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(ApiSubscriberTest, TerminatedNotifyWithAFinalReasonEnds) {
  auto request = establish();
  receive(notify(request, "terminated;reason=noresource"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(subscribes(), 1u);  // the dialog ended by itself: no un-SUBSCRIBE
  EXPECT_EQ(notifyAnswers(200), 2u);
  EXPECT_EQ(events, (std::vector<std::string>{"state:NotifyWait", "state:Subscribed", "notify:active;expires=600",
                                              "notify:terminated;reason=noresource", "state:Terminated", "finished"}));
}

TEST_F(ApiSubscriberTest, TerminatedNotifyDeactivatedResubscribesAtOnceWithANewRequest) {
  auto request = establish();
  receive(notify(request, "terminated;reason=deactivated"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  ASSERT_EQ(subscribes(), 2u);
  auto again = lastSubscribe();
  EXPECT_NE(*again.callId(), *request.callId());
  EXPECT_FALSE(again.toTag().has_value());
  EXPECT_EQ(subscriber->requestState(), CoreState::NotifyWait);
  receive(respond(again, 200, "notifier2", {"Expires: 600"}));
  receive(notify(again, "active;expires=600"));
  EXPECT_EQ(subscriber->requestState(), CoreState::Active);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
}

TEST_F(ApiSubscriberTest, TerminatedNotifyProbationWaitsRetryAfterSeconds) {
  auto request = establish();
  receive(notify(request, "terminated;reason=probation;retry-after=30"));
  EXPECT_EQ(subscribes(), 1u);
  host.advance(29999);
  EXPECT_EQ(subscribes(), 1u);  // RFC 6665: seconds (SIP.js waits 30 ms)
  host.advance(1);
  EXPECT_EQ(subscribes(), 2u);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
}

TEST_F(ApiSubscriberTest, FirstNotifyAlreadyTerminatedEnds) {
  make();
  subscriber->subscribe();
  host.runDue();
  auto request = lastSubscribe();
  receive(notify(request, "terminated;reason=rejected"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_FALSE(subscriber->dialog());
  EXPECT_EQ(events, (std::vector<std::string>{"state:NotifyWait", "state:Subscribed",
                                              "notify:terminated;reason=rejected", "state:Terminated", "finished"}));
}

TEST_F(ApiSubscriberTest, RejectedSubscribeTerminates) {
  make();
  subscriber->subscribe();
  host.runDue();
  receive(respond(lastSubscribe(), 404, "notifier"));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(core->subscriberCount(), 0u);
  // A NOTIFY now is for nobody: the core answers 481.
  receive(notify(lastSubscribe(), "active"));
  EXPECT_EQ(notifyAnswers(481), 1u);
}

TEST_F(ApiSubscriberTest, RefreshAnswered481EndsTheSubscription) {
  establish(600);
  host.advance(540000);
  receive(respond(lastSubscribe(), 481, ""));
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_EQ(core->dialogCount(), 0u);
  EXPECT_EQ(subscribes(), 2u);  // gone at the notifier: no un-SUBSCRIBE
}

TEST_F(ApiSubscriberTest, NotifyForAnotherEventIsAnswered489AndChangesNothing) {
  auto request = establish();
  receive(notify(request, "terminated", "dialog"));
  EXPECT_EQ(notifyAnswers(489), 1u);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);
  EXPECT_EQ(events.size(), 3u);
}

TEST_F(ApiSubscriberTest, UnsubscribeTerminatesAtOnceAndFinishesWithTheLastNotify) {
  auto request = establish();
  EXPECT_EQ(subscriber->unsubscribe(), SubscriberResult::Sent);
  host.runDue();
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  ASSERT_EQ(subscribes(), 2u);
  auto un = lastSubscribe();
  EXPECT_EQ(header(un, "Expires"), "0");
  EXPECT_EQ(*un.toTag(), "notifier");
  EXPECT_FALSE(subscriber->finished());
  receive(respond(un, 200, "", {"Expires: 0"}));
  receive(notify(request, "terminated;reason=timeout"));
  EXPECT_EQ(notifyAnswers(200), 2u);  // accepted, not handed to the application any more
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(subscribes(), 2u);  // reason=timeout does not re-subscribe an ended subscriber
  EXPECT_EQ(events, (std::vector<std::string>{"state:NotifyWait", "state:Subscribed", "notify:active;expires=600",
                                              "state:Terminated", "finished"}));
  EXPECT_EQ(core->dialogCount(), 0u);
  EXPECT_EQ(subscriber->subscribe(), SubscriberResult::Terminated);
  EXPECT_EQ(subscriber->unsubscribe(), SubscriberResult::NothingToDo);
}

TEST_F(ApiSubscriberTest, DisposeWhenSubscribedUnsubscribesAndWaitsAtMostTimerN) {
  establish();
  subscriber->dispose();
  host.runDue();
  ASSERT_EQ(subscribes(), 2u);
  EXPECT_EQ(header(lastSubscribe(), "Expires"), "0");
  EXPECT_EQ(subscriber->state(), SubscriptionState::Subscribed);  // as SIP.js: no state change
  receive(respond(lastSubscribe(), 200, "", {"Expires: 0"}));
  host.advance(31999);
  EXPECT_FALSE(subscriber->finished());
  host.advance(1);  // the terminating NOTIFY never came
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(core->dialogCount(), 0u);
  EXPECT_EQ(subscriber->subscribe(), SubscriberResult::Disposed);
}

TEST_F(ApiSubscriberTest, DisposeFinishesWhenTheUnsubscribeFails) {
  establish();
  subscriber->dispose();
  host.runDue();
  receive(respond(lastSubscribe(), 500, ""));
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(ApiSubscriberTest, DisposeBeforeAnyNotifyStopsWaiting) {
  make();
  subscriber->subscribe();
  host.runDue();
  auto request = lastSubscribe();
  subscriber->dispose();
  EXPECT_TRUE(subscriber->finished());
  EXPECT_EQ(core->subscriberCount(), 0u);
  receive(notify(request, "active"));
  EXPECT_EQ(notifyAnswers(481), 1u);
  EXPECT_EQ(subscriber->state(), SubscriptionState::NotifyWait);
}

TEST_F(ApiSubscriberTest, UnsubscribeBeforeSubscribeAndBadEventType) {
  make();
  EXPECT_EQ(subscriber->unsubscribe(), SubscriberResult::NothingToDo);
  EXPECT_EQ(subscriber->state(), SubscriptionState::Terminated);
  EXPECT_EQ(subscriber->subscribe(), SubscriberResult::Terminated);
  EXPECT_EQ(subscribes(), 0u);
  EXPECT_THROW(Subscriber(*core, *sip::parseUri("sip:a@example.com"), "a b"), std::invalid_argument);
}

TEST_F(ApiSubscriberTest, DestroyedWhileSubscribedLeavesNothingBehind) {
  establish();
  subscriber.reset();
  EXPECT_EQ(core->dialogCount(), 0u);
  host.advance(600000);
  EXPECT_EQ(subscribes(), 1u);  // no refresh from an orphaned dialog
}

}  // namespace
