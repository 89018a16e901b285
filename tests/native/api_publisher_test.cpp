// src/api/publisher: SIP.js's Publisher state machine (RFC 3903 PUBLISH) over the UA core, on a
// manual clock: SIP-ETag and SIP-If-Match, refresh at 90% of the granted expiry, 412 and 423
// recovery, unpublish, dispose, and the states and results of calls in the wrong state.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/publisher.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::api;
using sip::core::UserAgentCore;
using sip::test::respond;

class ApiPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    core = std::make_unique<UserAgentCore>(host, *wire, sip::test::makeConfiguration("alice"));
  }
  void TearDown() override {
    publisher.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void make(PublisherOptions options = {}) {
    PublisherDelegate d;
    d.onStateChange = [this](PublisherState s) { events.push_back(std::string("state:") + toString(s)); };
    d.onFinished = [this] { events.push_back("finished"); };
    publisher = std::make_unique<Publisher>(*core, *sip::parseUri("sip:presence@example.com"), "presence",
                                            std::move(options), std::move(d));
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  sip::Message last() { return wire->last("PUBLISH"); }
  size_t publishes() const { return wire->count("PUBLISH"); }
  static std::string header(const sip::Message& m, const char* name) {
    auto value = m.header(name);
    return value ? std::string(*value) : std::string("<none>");
  }
  void ok(const std::string& etag, uint32_t expires) {
    receive(respond(last(), 200, "pubtag", {"SIP-ETag: " + etag, "Expires: " + std::to_string(expires)}));
  }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::unique_ptr<Publisher> publisher;
  std::vector<std::string> events;
};

TEST_F(ApiPublisherTest, InitialPublishCarriesBodyEventAndExpiresThenPublished) {
  make();
  EXPECT_EQ(publisher->state(), PublisherState::Initial);
  EXPECT_EQ(publisher->publish("<presence/>"), PublisherResult::Sent);
  host.runDue();
  auto request = last();
  EXPECT_EQ(request.ruri.toString(), "sip:presence@example.com");
  EXPECT_EQ(header(request, "Event"), "presence");
  EXPECT_EQ(header(request, "Expires"), "3600");
  EXPECT_EQ(header(request, "SIP-If-Match"), "<none>");
  EXPECT_EQ(header(request, "Content-Type"), "text/plain");
  EXPECT_EQ(request.body, "<presence/>");
  EXPECT_EQ(header(request, "To"), "<sip:presence@example.com>");
  ok("etag-1", 60);
  EXPECT_EQ(publisher->state(), PublisherState::Published);
  EXPECT_EQ(publisher->etag(), "etag-1");
  EXPECT_EQ(publisher->expires(), 60u);  // the 2xx may shorten the expiry
  EXPECT_EQ(events, (std::vector<std::string>{"state:Published"}));
}

TEST_F(ApiPublisherTest, RefreshAtNinetyPercentWithEntityTagAndNoBody) {
  make();
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 60);
  host.advance(53999);
  EXPECT_EQ(publishes(), 1u);
  host.advance(1);
  ASSERT_EQ(publishes(), 2u);
  auto refresh = last();
  EXPECT_EQ(header(refresh, "SIP-If-Match"), "etag-1");
  EXPECT_EQ(header(refresh, "Expires"), "60");
  EXPECT_TRUE(refresh.body.empty());
  EXPECT_EQ(header(refresh, "Content-Type"), "<none>");
  ok("etag-2", 60);
  EXPECT_EQ(publisher->etag(), "etag-2");
  host.advance(54000);
  ASSERT_EQ(publishes(), 3u);
  EXPECT_EQ(header(last(), "SIP-If-Match"), "etag-2");
  EXPECT_EQ(events, (std::vector<std::string>{"state:Published"}));  // refreshes change no state
}

TEST_F(ApiPublisherTest, LargerExpiresThanRequestedIsIgnored) {
  make({.expires = 100});
  publisher->publish("open");
  host.runDue();
  ok("e", 500);
  EXPECT_EQ(publisher->expires(), 100u);
  EXPECT_TRUE(host.logged(sip::LogLevel::Warn, "Bad Expires header"));
  host.advance(90000);
  EXPECT_EQ(publishes(), 2u);
}

TEST_F(ApiPublisherTest, ModifyingPublishCarriesTheEntityTagAndTheNewBody) {
  make();
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 3600);
  publisher->publish("closed");
  host.runDue();
  auto modify = last();
  EXPECT_EQ(header(modify, "SIP-If-Match"), "etag-1");
  EXPECT_EQ(modify.body, "closed");
  // Each PUBLISH is a new request outside a dialog, as in SIP.js (new Call-ID, CSeq 1).
  EXPECT_NE(*modify.callId(), *wire->find("PUBLISH", 0)->callId());
}

TEST_F(ApiPublisherTest, PreconditionFailedRepublishesFromScratch) {
  make();
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 60);
  host.advance(54000);  // refresh
  ASSERT_EQ(publishes(), 2u);
  receive(respond(last(), 412, "pubtag"));
  ASSERT_EQ(publishes(), 3u);
  auto again = last();
  EXPECT_EQ(header(again, "SIP-If-Match"), "<none>");
  EXPECT_EQ(again.body, "open");
  EXPECT_EQ(header(again, "Expires"), "60");
  EXPECT_EQ(publisher->state(), PublisherState::Published);
  ok("etag-3", 60);
  EXPECT_EQ(publisher->etag(), "etag-3");
  EXPECT_EQ(events, (std::vector<std::string>{"state:Published"}));
}

TEST_F(ApiPublisherTest, PreconditionFailedWithoutEntityTagTerminates) {
  make();
  publisher->publish("open");
  host.runDue();
  receive(respond(last(), 412, "pubtag"));
  EXPECT_EQ(publishes(), 1u);
  EXPECT_EQ(publisher->state(), PublisherState::Terminated);
  EXPECT_TRUE(publisher->disposed());
  EXPECT_EQ(events, (std::vector<std::string>{"state:Unpublished", "state:Terminated", "finished"}));
}

TEST_F(ApiPublisherTest, IntervalTooBriefRetriesWithMinExpires) {
  make({.expires = 30});
  publisher->publish("open");
  host.runDue();
  receive(respond(last(), 423, "pubtag", {"Min-Expires: 120"}));
  ASSERT_EQ(publishes(), 2u);
  EXPECT_EQ(header(last(), "Expires"), "120");
  EXPECT_EQ(last().body, "open");
  ok("e", 120);
  EXPECT_EQ(publisher->state(), PublisherState::Published);
  host.advance(108000);
  EXPECT_EQ(publishes(), 3u);
}

TEST_F(ApiPublisherTest, IntervalTooBriefWithoutUsableMinExpiresTerminates) {
  make({.expires = 30});
  publisher->publish("open");
  host.runDue();
  receive(respond(last(), 423, "pubtag", {"Min-Expires: 10"}));  // not more than we asked: would loop
  EXPECT_EQ(publishes(), 1u);
  EXPECT_EQ(publisher->state(), PublisherState::Terminated);
  make();
  publisher->publish("open");
  host.runDue();
  receive(respond(last(), 423, "pubtag"));
  EXPECT_EQ(publisher->state(), PublisherState::Terminated);
}

TEST_F(ApiPublisherTest, UnpublishRemovesWithEntityTagThenPublishStartsOver) {
  make();
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 60);
  EXPECT_EQ(publisher->unpublish(), PublisherResult::Sent);
  host.runDue();
  auto remove = last();
  EXPECT_EQ(header(remove, "Expires"), "0");
  EXPECT_EQ(header(remove, "SIP-If-Match"), "etag-1");
  EXPECT_TRUE(remove.body.empty());
  receive(respond(remove, 200, "pubtag", {"SIP-ETag: etag-1", "Expires: 0"}));
  EXPECT_EQ(publisher->state(), PublisherState::Unpublished);
  EXPECT_EQ(publisher->etag(), std::nullopt);
  host.advance(120000);
  EXPECT_EQ(publishes(), 2u);  // no refresh after unpublish
  EXPECT_EQ(publisher->unpublish(), PublisherResult::NothingToDo);
  publisher->publish("again");
  host.runDue();
  EXPECT_EQ(header(last(), "Expires"), "3600");
  EXPECT_EQ(header(last(), "SIP-If-Match"), "<none>");
  ok("etag-9", 3600);
  EXPECT_EQ(events, (std::vector<std::string>{"state:Published", "state:Unpublished", "state:Published"}));
}

TEST_F(ApiPublisherTest, RejectionTerminatesAndARepeatedUnpublishedIsNoError) {
  make();
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 60);
  publisher->unpublish();
  host.runDue();
  receive(respond(last(), 200, "pubtag", {"Expires: 0"}));
  publisher->publish("x");
  host.runDue();
  // SIP.js would throw here (Unpublished -> Unpublished) from inside the response handler.
  receive(respond(last(), 403, "pubtag"));
  EXPECT_EQ(publisher->state(), PublisherState::Terminated);
  EXPECT_EQ(events, (std::vector<std::string>{"state:Published", "state:Unpublished", "state:Terminated", "finished"}));
  EXPECT_EQ(publisher->publish("y"), PublisherResult::Terminated);
  EXPECT_EQ(publishes(), 3u);
}

TEST_F(ApiPublisherTest, NoAnswerIsATimeoutThatTerminates) {
  make();
  publisher->publish("open");
  host.advance(31999);
  EXPECT_EQ(publisher->state(), PublisherState::Initial);
  host.advance(1);  // Timer F: the core's 408
  EXPECT_EQ(publisher->state(), PublisherState::Terminated);
  EXPECT_EQ(events.back(), "finished");
}

TEST_F(ApiPublisherTest, DisposeUnpublishesAndFinishesAfterTheAnswer) {
  make();
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 60);
  publisher->dispose();
  host.runDue();
  EXPECT_EQ(publishes(), 2u);
  EXPECT_EQ(header(last(), "Expires"), "0");
  EXPECT_EQ(header(last(), "SIP-If-Match"), "etag-1");
  EXPECT_FALSE(publisher->finished());
  EXPECT_EQ(publisher->publish("no"), PublisherResult::Disposed);
  EXPECT_EQ(publisher->unpublish(), PublisherResult::NothingToDo);
  receive(respond(last(), 200, "pubtag", {"Expires: 0"}));
  EXPECT_TRUE(publisher->finished());
  EXPECT_EQ(events, (std::vector<std::string>{"state:Published", "state:Unpublished", "finished"}));
  host.advance(100000);
  EXPECT_EQ(publishes(), 2u);
  publisher->dispose();  // idempotent
  EXPECT_EQ(events.size(), 3u);
}

TEST_F(ApiPublisherTest, DisposeWithoutUnpublishOnCloseForgetsThePublication) {
  make({.unpublishOnClose = false});
  publisher->publish("open");
  host.runDue();
  ok("etag-1", 60);
  publisher->dispose();
  EXPECT_TRUE(publisher->finished());
  host.advance(100000);
  EXPECT_EQ(publishes(), 1u);  // no un-PUBLISH, no refresh
  EXPECT_EQ(publisher->state(), PublisherState::Published);
}

TEST_F(ApiPublisherTest, DisposeWhileTheFirstPublishIsInFlightWaitsForIt) {
  make();
  publisher->publish("open");
  host.runDue();
  publisher->dispose();
  EXPECT_FALSE(publisher->finished());
  ok("etag-1", 60);  // as SIP.js: forgotten, not refreshed (it expires at the server)
  EXPECT_TRUE(publisher->finished());
  EXPECT_EQ(publisher->state(), PublisherState::Unpublished);
  host.advance(100000);
  EXPECT_EQ(publishes(), 1u);
}

TEST_F(ApiPublisherTest, ParamsSetFromAndToAndTheEventMustBeAnEventType) {
  PublisherOptions options;
  options.fromUri = *sip::parseUri("sip:me@example.org");
  options.toUri = *sip::parseUri("sip:you@example.org");
  options.params.fromDisplayName = "Me";
  options.extraHeaders = {"X-Extra: 1"};
  options.contentType = "application/pidf+xml";
  make(options);
  publisher->publish("<presence/>");
  host.runDue();
  auto request = last();
  EXPECT_EQ(header(request, "From").rfind("\"Me\" <sip:me@example.org>;tag=", 0), 0u);
  EXPECT_EQ(header(request, "To"), "<sip:you@example.org>");
  EXPECT_EQ(header(request, "X-Extra"), "1");
  EXPECT_EQ(header(request, "Content-Type"), "application/pidf+xml");
  EXPECT_THROW(Publisher(*core, *sip::parseUri("sip:a@example.com"), "pres\r\nX: injected", {}), std::invalid_argument);
  EXPECT_THROW(Publisher(*core, *sip::parseUri("sip:a@example.com"), "", {}), std::invalid_argument);
}

TEST_F(ApiPublisherTest, AuthenticationIsAnsweredByTheCore) {
  auto configuration = sip::test::makeConfiguration("alice");
  configuration.credentials = sip::DigestCredentials{"alice", "secret", ""};
  publisher.reset();
  core = std::make_unique<UserAgentCore>(host, *wire, configuration);
  make();
  publisher->publish("open");
  host.runDue();
  receive(respond(last(), 407, "pubtag", {"Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\""}));
  ASSERT_EQ(publishes(), 2u);
  EXPECT_NE(header(last(), "Proxy-Authorization"), "<none>");
  ok("etag-1", 60);
  EXPECT_EQ(publisher->state(), PublisherState::Published);
}

}  // namespace
