// src/api/registerer: SIP.js's Registerer state machine over the UA core, on a manual clock.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/registerer.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::api;
using sip::core::UserAgentCore;
using sip::test::respond;

class ApiRegistererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    auto configuration = sip::test::makeConfiguration("alice");
    configuration.credentials = sip::DigestCredentials{"alice", "secret", ""};
    core = std::make_unique<UserAgentCore>(host, *wire, configuration);
  }
  void TearDown() override {
    registerer.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void make(RegistererOptions options = {}) {
    RegistererDelegate d;
    d.onStateChange = [this](RegistererState s) { events.push_back(std::string("state:") + toString(s)); };
    d.onWaitingChange = [this](bool w) { events.push_back(w ? "waiting:true" : "waiting:false"); };
    d.onResponse = [this](const std::string& kind, const sip::Message& m) {
      events.push_back("response:" + kind + ":" + std::to_string(m.statusCode));
    };
    registerer = std::make_unique<Registerer>(*core, std::move(options), std::move(d));
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  sip::Message lastRegister() { return wire->last("REGISTER"); }
  std::string ok(const sip::Message& request, const std::string& contactParams = ";expires=600") {
    return respond(request, 200, "regtag", {"Contact: <sip:alice@alice.invalid;transport=ws>" + contactParams});
  }
  size_t registers() const { return wire->count("REGISTER"); }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::unique_ptr<Registerer> registerer;
  std::vector<std::string> events;
};

TEST_F(ApiRegistererTest, RegisterSendsSipJsRequestAndBecomesRegistered) {
  make();
  EXPECT_EQ(registerer->state(), RegistererState::Initial);
  EXPECT_EQ(registerer->register_(), RegistererResult::Sent);
  host.runDue();
  auto request = lastRegister();
  EXPECT_EQ(request.ruri.toString(), "sip:example.com");
  EXPECT_EQ(std::string(*request.header("CSeq")), "2 REGISTER");
  EXPECT_EQ(std::string(*request.header("Contact")), "<sip:alice@alice.invalid;transport=ws>;expires=600");
  EXPECT_EQ(std::string(*request.header("Allow")), "ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER");
  EXPECT_TRUE(registerer->waiting());
  receive(ok(request));
  EXPECT_EQ(registerer->state(), RegistererState::Registered);
  EXPECT_FALSE(registerer->waiting());
  EXPECT_EQ(events, (std::vector<std::string>{"waiting:true", "state:Registered", "response:accept:200", "waiting:false"}));
  EXPECT_EQ(registerer->id(), registerer->request().callId + registerer->request().fromTag);
}

TEST_F(ApiRegistererTest, RefreshesAt99PercentAndExpiresWithoutAnswer) {
  make();
  registerer->register_();
  host.runDue();
  receive(ok(lastRegister()));
  ASSERT_EQ(registers(), 1u);
  host.advance(593999);
  EXPECT_EQ(registers(), 1u);
  host.advance(1);
  EXPECT_EQ(registers(), 2u);
  EXPECT_EQ(std::string(*lastRegister().header("CSeq")), "3 REGISTER");
  // No answer: the registration expires at 600 s (before the 408 at 626 s).
  host.advance(5999);
  EXPECT_EQ(registerer->state(), RegistererState::Registered);
  host.advance(1);
  EXPECT_EQ(registerer->state(), RegistererState::Unregistered);
  host.advance(40000);  // Timer F: 408, no second state change
  EXPECT_FALSE(registerer->waiting());
  EXPECT_EQ(events.back(), "waiting:false");
}

TEST_F(ApiRegistererTest, ChallengeIsAnsweredByTheCoreAndRefreshKeepsCredentials) {
  make({.expires = 100});
  registerer->register_();
  host.runDue();
  receive(respond(lastRegister(), 401, "regtag",
                  {"WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256"}));
  ASSERT_EQ(registers(), 2u);
  auto retry = lastRegister();
  EXPECT_EQ(std::string(*retry.header("CSeq")), "3 REGISTER");
  EXPECT_TRUE(retry.header("Authorization").has_value());
  receive(ok(retry, ";expires=100"));
  EXPECT_EQ(registerer->state(), RegistererState::Registered);
  EXPECT_EQ(events, (std::vector<std::string>{"waiting:true", "state:Registered", "response:accept:200", "waiting:false"}));
  host.advance(99000);
  ASSERT_EQ(registers(), 3u);
  auto refresh = lastRegister();
  EXPECT_EQ(std::string(*refresh.header("CSeq")), "4 REGISTER");
  EXPECT_TRUE(refresh.header("Authorization").has_value());  // as sip.js: the request object keeps it
}

TEST_F(ApiRegistererTest, MinExpiresRetry) {
  make({.expires = 30});
  registerer->register_();
  host.runDue();
  receive(respond(lastRegister(), 423, "regtag", {"Min-Expires: 1200"}));
  ASSERT_EQ(registers(), 2u);
  EXPECT_EQ(std::string(*lastRegister().header("Contact")), "<sip:alice@alice.invalid;transport=ws>;expires=1200");
  EXPECT_EQ(registerer->expires(), 1200u);
  receive(ok(lastRegister(), ";expires=1200"));
  EXPECT_EQ(registerer->state(), RegistererState::Registered);
}

TEST_F(ApiRegistererTest, MinExpiresMissingIsUnregistered) {
  make();
  registerer->register_();
  host.runDue();
  receive(respond(lastRegister(), 423, "regtag"));
  EXPECT_EQ(registers(), 1u);
  EXPECT_EQ(registerer->state(), RegistererState::Unregistered);
  EXPECT_FALSE(registerer->waiting());
}

TEST_F(ApiRegistererTest, ContactNotOursOrWithoutExpiresIsUnregistered) {
  make();
  registerer->register_();
  host.runDue();
  receive(respond(lastRegister(), 200, "regtag", {"Contact: <sip:bob@bob.invalid>;expires=600"}));
  EXPECT_EQ(registerer->state(), RegistererState::Unregistered);
  EXPECT_FALSE(registerer->waiting());
  registerer->register_();
  host.runDue();
  receive(ok(lastRegister(), ""));
  EXPECT_EQ(registerer->state(), RegistererState::Unregistered);
  EXPECT_FALSE(registerer->waiting());
}

TEST_F(ApiRegistererTest, RejectKeepsRetryAfterDuringTheCallback) {
  make();
  std::optional<uint32_t> seen;
  registerer->delegate.onResponse = [&](const std::string&, const sip::Message&) { seen = registerer->retryAfter(); };
  registerer->register_();
  host.runDue();
  receive(respond(lastRegister(), 503, "regtag", {"Retry-After: 30"}));
  EXPECT_EQ(seen, 30u);
  EXPECT_FALSE(registerer->retryAfter().has_value());
  EXPECT_EQ(registerer->state(), RegistererState::Unregistered);
}

TEST_F(ApiRegistererTest, PendingTerminatedAndDisposedResults) {
  make();
  EXPECT_EQ(registerer->register_(), RegistererResult::Sent);
  EXPECT_EQ(registerer->register_(), RegistererResult::Pending);
  EXPECT_EQ(registerer->unregister(), RegistererResult::Pending);
  host.runDue();
  receive(respond(lastRegister(), 403, "regtag"));
  EXPECT_TRUE(registerer->dispose());
  EXPECT_FALSE(registerer->dispose());
  EXPECT_EQ(registerer->state(), RegistererState::Terminated);
  EXPECT_EQ(registerer->register_(), RegistererResult::Terminated);
  EXPECT_EQ(registerer->unregister(), RegistererResult::Terminated);
}

TEST_F(ApiRegistererTest, DisposeWhileWaitingThenRegisteredUnregistersThenTerminates) {
  make();
  registerer->register_();
  host.runDue();
  registerer->dispose();
  EXPECT_EQ(registerer->state(), RegistererState::Initial);
  receive(ok(lastRegister()));
  ASSERT_EQ(registers(), 2u);
  EXPECT_EQ(std::string(*lastRegister().header("Contact")), "<sip:alice@alice.invalid;transport=ws>;expires=0");
  receive(respond(lastRegister(), 200, "regtag"));
  EXPECT_EQ(registerer->state(), RegistererState::Terminated);
  EXPECT_EQ(events, (std::vector<std::string>{"waiting:true", "state:Registered", "response:accept:200", "waiting:false",
                                              "waiting:true", "state:Unregistered", "state:Terminated",
                                              "response:accept:200", "waiting:false"}));
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(ApiRegistererTest, UnregisterAllAndExtraHeaders) {
  make({.extraHeaders = {"X-A: 1"}, .extraContactHeaderParams = {"ob"}, .instanceId = "2d2b39e2-1d57-4b5b-a3d7-6f2a1f1ea9c4"});
  registerer->register_();
  host.runDue();
  auto request = lastRegister();
  EXPECT_EQ(std::string(*request.header("X-A")), "1");
  EXPECT_EQ(std::string(*request.header("Contact")),
            "<sip:alice@alice.invalid;transport=ws>;reg-id=1;+sip.instance=\"<urn:uuid:2d2b39e2-1d57-4b5b-a3d7-"
            "6f2a1f1ea9c4>\";ob;expires=600");
  receive(ok(request));
  EXPECT_EQ(registerer->unregister(true, {"X-B: 2"}), RegistererResult::Sent);
  host.runDue();
  auto un = lastRegister();
  EXPECT_EQ(std::string(*un.header("Contact")), "*");
  EXPECT_EQ(std::string(*un.header("Expires")), "0");
  EXPECT_EQ(std::string(*un.header("X-B")), "2");
  receive(respond(un, 200, "regtag"));
  EXPECT_EQ(registerer->state(), RegistererState::Unregistered);
}

TEST_F(ApiRegistererTest, ParamsOverrideFromToCallIdAndCSeq) {
  RegistererOptions options;
  options.registrar = *sip::parseUri("sip:registrar.example.com");
  options.fromUri = *sip::parseUri("sip:alias@example.com");
  options.params.callId = "reg-call-1";
  options.params.cseq = 40;
  options.params.fromDisplayName = "Alice";
  make(std::move(options));
  EXPECT_EQ(registerer->id(), "reg-call-1" + registerer->request().fromTag);
  registerer->register_();
  host.runDue();
  auto request = lastRegister();
  EXPECT_EQ(request.ruri.toString(), "sip:registrar.example.com");
  EXPECT_EQ(std::string(*request.header("Call-ID")), "reg-call-1");
  EXPECT_EQ(std::string(*request.header("CSeq")), "41 REGISTER");
  EXPECT_EQ(request.from()->uri.toString(), "sip:alias@example.com");
  EXPECT_EQ(request.from()->displayName.value_or(""), "Alice");
  EXPECT_EQ(request.to()->uri.toString(), "sip:alice@example.com");
}

TEST_F(ApiRegistererTest, DestroyedWithARequestOutstandingIsSafe) {
  make();
  registerer->register_();
  host.runDue();
  auto request = lastRegister();
  registerer.reset();
  receive(ok(request));
  host.advance(700000);
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST(ApiRegistererOptions, InvalidRefreshFrequencyThrows) {
  sip::test::ManualHost host;
  sip::test::WireTransport wire(host);
  UserAgentCore core(host, wire, sip::test::makeConfiguration("alice"));
  EXPECT_THROW(Registerer(core, {.refreshFrequency = 49}), std::invalid_argument);
  EXPECT_THROW(Registerer(core, {.refreshFrequency = 100}), std::invalid_argument);
  Registerer ok(core, {.refreshFrequency = 50});
  EXPECT_EQ(ok.state(), RegistererState::Initial);
}

}  // namespace
