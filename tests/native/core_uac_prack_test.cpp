// RFC 3262 reliable provisional responses: RSeq/RAck, PRACK, retransmission of the reliable 1xx
// until its PRACK (T1 doubling), 504 after 64*T1, out-of-order and duplicate 1xx on the UAC, 481
// for a PRACK matching nothing, and the 2xx held back until the PRACK.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialogs/session_dialog.h"
#include "core/timers.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/prack_user_agent.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kAnswerSdp;
using sip::test::kOfferSdp;
using sip::test::respond;
using sip::test::sdp;
using sip::test::UaPair;

class UasPrackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pair = std::make_unique<UaPair>();
    pair->bob->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { bobInvite = uas; };
  }
  void TearDown() override {
    bobInvite.reset();
    uac.reset();
    aliceEarly.reset();
    pair.reset();
    sip::test::expectNoLiveObjects();
  }
  // alice calls; she PRACKs every reliable 1xx unless `autoPrack` is false.
  void call(bool autoPrack = true) {
    OutgoingInviteRequestDelegate delegate;
    delegate.onProgress = [this, autoPrack](const PrackableIncomingResponseWithSession& r) {
      progress.push_back(r.message.statusCode);
      aliceEarly = r.session;
      if (autoPrack && r.message.hasHeader("RSeq")) r.prack(RequestOptions{});
    };
    delegate.onAccept = [this](const AckableIncomingResponseWithSession& r) {
      accepted = true;
      r.ack(RequestOptions{});
    };
    uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp), {"Supported: 100rel"}), delegate);
    pair->run();
    ASSERT_TRUE(bobInvite);
  }

  std::unique_ptr<UaPair> pair;
  std::shared_ptr<InviteUserAgentServer> bobInvite;
  std::shared_ptr<InviteUserAgentClient> uac;
  std::shared_ptr<SessionDialog> aliceEarly;
  std::vector<int> progress;
  bool accepted = false;
};

TEST_F(UasPrackTest, ReliableProvisionalWithAnswerIsPracked) {
  call();
  ResponseOptions options;
  options.body = sdp(kAnswerSdp);
  auto response = bobInvite->progressReliable(options);
  EXPECT_TRUE(bobInvite->waitingForPrack());
  EXPECT_EQ(response.session->signalingState(), SignalingState::Stable);
  pair->run();
  EXPECT_EQ(progress, (std::vector<int>{183}));
  const auto reliable = pair->bobWire.last("183 INVITE");
  EXPECT_EQ(reliable.header("Require").value_or(""), "100rel");
  ASSERT_TRUE(reliable.header("RSeq"));
  const std::string rseq(*reliable.header("RSeq"));
  const auto prack = pair->aliceWire.last("PRACK");
  const auto invite = pair->aliceWire.last("INVITE");
  EXPECT_EQ(std::string(prack.header("RAck").value_or("")),
            rseq + " " + std::to_string(invite.cseq()->number) + " INVITE");
  EXPECT_EQ(prack.toTag(), reliable.toTag()) << "PRACK is sent inside the early dialog";
  EXPECT_EQ(pair->bobWire.count("200 PRACK"), 1u);
  EXPECT_FALSE(bobInvite->waitingForPrack());
  ASSERT_TRUE(aliceEarly);
  EXPECT_EQ(aliceEarly->signalingState(), SignalingState::Stable);
  pair->advance(10000);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 1u) << "no retransmission once PRACKed";

  // The next reliable 1xx takes the next RSeq.
  bobInvite->progressReliable();
  pair->run();
  EXPECT_EQ(std::stoul(std::string(*pair->bobWire.last("183 INVITE").header("RSeq"))), std::stoul(rseq) + 1);
  EXPECT_EQ(pair->bobWire.count("200 PRACK"), 2u);

  auto ok = bobInvite->accept();  // repeats the answer sent in the 183
  EXPECT_EQ(ok.session->answer()->content, kAnswerSdp);
  pair->run();
  EXPECT_TRUE(accepted);
  EXPECT_EQ(pair->bobWire.last("200 INVITE").body, kAnswerSdp);
}

TEST_F(UasPrackTest, ReliableProvisionalIsRetransmittedUntilPrackThen504) {
  call(/*autoPrack=*/false);
  int timeouts = 0;
  bobInvite->onPrackTimeout = [&] { ++timeouts; };
  ResponseOptions options;
  options.body = sdp(kAnswerSdp);
  bobInvite->progressReliable(options);
  EXPECT_THROW(bobInvite->progressReliable(), std::logic_error) << "one unacknowledged reliable 1xx at a time";
  pair->run();
  // T1, 2T1, 4T1, ... without a T2 cap: at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s.
  pair->advance(500);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 2u);
  pair->advance(1000);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 3u);
  pair->advance(2000);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 4u);
  pair->advance(4000);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 5u);
  EXPECT_EQ(progress.size(), 1u) << "alice drops the retransmissions (same RSeq)";
  pair->advance(8000 + 16000);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 7u);
  EXPECT_EQ(timeouts, 0);
  pair->advance(500);  // 64*T1
  EXPECT_EQ(timeouts, 1);
  EXPECT_EQ(pair->bobWire.count("504 INVITE"), 1u);
  pair->run();
  EXPECT_EQ(pair->alice->dialogCount(), 0u);
  EXPECT_EQ(pair->bob->dialogCount(), 0u);
  bobInvite.reset();
  uac.reset();
  aliceEarly.reset();
  pair->expectQuiet();
}

TEST_F(UasPrackTest, LatePrackStopsTheRetransmissions) {
  call(false);
  bobInvite->progressReliable();
  pair->run();
  pair->advance(1500);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 3u);
  ASSERT_TRUE(aliceEarly);
  RequestOptions options;
  options.extraHeaders.push_back("RAck: " + std::string(*pair->bobWire.last("183 INVITE").header("RSeq")) + " " +
                                 std::to_string(pair->aliceWire.last("INVITE").cseq()->number) + " INVITE");
  aliceEarly->prack({}, options);
  pair->run();
  EXPECT_EQ(pair->bobWire.count("200 PRACK"), 1u);
  pair->advance(30000);
  EXPECT_EQ(pair->bobWire.count("183 INVITE"), 3u);
  EXPECT_EQ(pair->bobWire.count("504 INVITE"), 0u);
}

TEST_F(UasPrackTest, TwoHundredWaitsForThePrackOfAnAnswerBearingProvisional) {
  call(false);
  ResponseOptions options;
  options.body = sdp(kAnswerSdp);
  bobInvite->progressReliable(options);
  pair->run();
  auto held = bobInvite->accept();
  EXPECT_FALSE(held.message.empty());
  EXPECT_TRUE(held.session);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 0u) << "RFC 3262 §3: not before the PRACK";
  ASSERT_TRUE(aliceEarly);
  RequestOptions prack;
  prack.extraHeaders.push_back("RAck: " + std::string(*pair->bobWire.last("183 INVITE").header("RSeq")) + " " +
                               std::to_string(pair->aliceWire.last("INVITE").cseq()->number) + " INVITE");
  aliceEarly->prack({}, prack);
  pair->run();
  const auto summary = pair->bobWire.summary();
  ASSERT_GE(summary.size(), 2u);
  EXPECT_EQ(summary[summary.size() - 2], "200 PRACK");
  EXPECT_EQ(summary.back(), "200 INVITE");
  EXPECT_TRUE(accepted);
  EXPECT_EQ(pair->bobWire.last("200 INVITE").body, kAnswerSdp);
}

TEST_F(UasPrackTest, PrackMatchingNothingGets481) {
  call(false);
  bobInvite->progressReliable();
  pair->run();
  ASSERT_TRUE(aliceEarly);
  const std::string rseq(*pair->bobWire.last("183 INVITE").header("RSeq"));
  const std::string cseq = std::to_string(pair->aliceWire.last("INVITE").cseq()->number);
  auto prackWith = [&](const std::string& rack) {
    RequestOptions options;
    options.extraHeaders.push_back("RAck: " + rack);
    aliceEarly->prack({}, options);
    pair->run();
  };
  prackWith(std::to_string(std::stoul(rseq) + 1) + " " + cseq + " INVITE");  // wrong RSeq
  prackWith(rseq + " " + std::to_string(std::stoul(cseq) + 1) + " INVITE");  // wrong CSeq
  prackWith(rseq + " " + cseq + " UPDATE");                                   // wrong method
  EXPECT_EQ(pair->bobWire.count("481 PRACK"), 3u);
  EXPECT_TRUE(bobInvite->waitingForPrack());
  prackWith(rseq + " " + cseq + " INVITE");
  EXPECT_EQ(pair->bobWire.count("200 PRACK"), 1u);
  prackWith(rseq + " " + cseq + " INVITE");  // a second PRACK for the same response
  EXPECT_EQ(pair->bobWire.count("481 PRACK"), 4u);
}

TEST_F(UasPrackTest, SipJsStyleReliableProgressIsTrackedWithoutCoreRetransmission) {
  call();
  ResponseOptions options;
  options.statusCode = 183;
  options.extraHeaders = {"Require: 100rel", "RSeq: 77"};
  options.body = sdp(kAnswerSdp);
  bobInvite->progress(options);
  EXPECT_TRUE(bobInvite->waitingForPrack());
  pair->run();
  EXPECT_EQ(pair->aliceWire.last("PRACK").header("RAck").value_or(""),
            "77 " + std::to_string(pair->aliceWire.last("INVITE").cseq()->number) + " INVITE");
  EXPECT_FALSE(bobInvite->waitingForPrack());
  EXPECT_EQ(pair->bobWire.count("200 PRACK"), 1u);
}

class UacPrackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    core = std::make_unique<UserAgentCore>(host, *wire, sip::test::makeConfiguration("alice"));
  }
  void TearDown() override {
    uac.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::shared_ptr<InviteUserAgentClient> uac;
};

TEST_F(UacPrackTest, OutOfOrderAndRetransmittedReliableProvisionalsAreDropped) {
  std::vector<std::string> rseqs;
  OutgoingInviteRequestDelegate delegate;
  delegate.onProgress = [&](const PrackableIncomingResponseWithSession& r) {
    rseqs.push_back(std::string(r.message.header("RSeq").value_or("-")));
  };
  auto bob = *sip::parseUri("sip:bob@example.com");
  uac = core->invite(core->makeOutgoingRequestMessage("INVITE", bob, core->configuration.aor, bob, {},
                                                      {"Contact: <sip:alice@alice.invalid>"}, sdp(kOfferSdp)),
                     delegate);
  const auto invite = wire->last("INVITE");
  auto reliable = [&](int rseq) {
    return respond(invite, 180, "b-tag",
                   {"Contact: <sip:bob@b.example.com>", "Require: 100rel", "RSeq: " + std::to_string(rseq)});
  };
  receive(reliable(5));
  receive(reliable(5));  // retransmission
  receive(reliable(7));  // out of order
  receive(reliable(6));
  receive(respond(invite, 180, "b-tag", {"Contact: <sip:bob@b.example.com>"}));  // unreliable: always passes
  receive(reliable(7));
  EXPECT_EQ(rseqs, (std::vector<std::string>{"5", "6", "-", "7"}));
}

}  // namespace
