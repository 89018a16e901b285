// INVITE forking and CANCEL (RFC 3261 §9, §13.2.2.4): several early dialogs from one INVITE, a
// second 2xx (ACK then BYE, as SIP.js's Inviter does), CANCEL only after a 1xx, the CANCEL/2xx
// race (ACK then BYE), and the UAS side of CANCEL (200, then 487 to the INVITE).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialogs/session_dialog.h"
#include "core/timers.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/transaction_state_error.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kAnswerSdp;
using sip::test::kOfferSdp;
using sip::test::respond;
using sip::test::sdp;

class UacForkingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    core = std::make_unique<UserAgentCore>(host, *wire, sip::test::makeConfiguration("alice"));
  }
  void TearDown() override {
    sessions.clear();
    uac.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  sip::Message invite(OutgoingInviteRequestDelegate delegate = {}) {
    auto bob = *sip::parseUri("sip:bob@example.com");
    std::vector<std::string> extra{"Contact: " + core->configuration.contact.toString(),
                                   "Route: <sip:proxy.example.com;lr>"};
    uac = core->invite(core->makeOutgoingRequestMessage("INVITE", bob, core->configuration.aor, bob, {}, extra,
                                                        sdp(kOfferSdp)),
                       std::move(delegate));
    return wire->last("INVITE");
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  static std::string contactOf(const std::string& tag) { return "Contact: <sip:bob@" + tag + ".example.com>"; }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::shared_ptr<InviteUserAgentClient> uac;
  std::vector<std::shared_ptr<SessionDialog>> sessions;
};

TEST_F(UacForkingTest, OneEarlyDialogPerToTag) {
  OutgoingInviteRequestDelegate delegate;
  delegate.onProgress = [&](const PrackableIncomingResponseWithSession& r) { sessions.push_back(r.session); };
  const auto request = invite(delegate);
  receive(respond(request, 180, "fork-a", {contactOf("a")}));
  receive(respond(request, 180, "fork-b", {contactOf("b")}));
  receive(respond(request, 183, "fork-a", {contactOf("a")}, kAnswerSdp));
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_NE(sessions[0], sessions[1]);
  EXPECT_EQ(sessions[0], sessions[2]) << "same To tag, same early dialog";
  EXPECT_EQ(uac->earlyDialogCount(), 2u);
  EXPECT_EQ(core->dialogCount(), 2u);
  EXPECT_EQ(sessions[0]->signalingState(), SignalingState::Stable) << "the 183 answered our offer";
  EXPECT_EQ(sessions[1]->signalingState(), SignalingState::HaveLocalOffer);
  receive(respond(request, 486, "fork-b"));
  EXPECT_EQ(uac->earlyDialogCount(), 0u) << "a final non-2xx ends every early dialog";
  EXPECT_EQ(core->dialogCount(), 0u);
  EXPECT_EQ(sessions[0]->signalingState(), SignalingState::Closed);
  EXPECT_EQ(sessions[0]->sessionState(), SessionState::Early) << "SIP.js reports a disposed early dialog as Early";
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "ACK"}));
}

TEST_F(UacForkingTest, SecondTwoHundredIsAckedThenByedWithoutDelegate) {
  const auto request = invite();
  receive(respond(request, 180, "fork-a", {contactOf("a")}));
  receive(respond(request, 180, "fork-b", {contactOf("b")}));
  receive(respond(request, 200, "fork-a", {contactOf("a")}, kAnswerSdp));
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "ACK"}));
  receive(respond(request, 200, "fork-b", {contactOf("b")}, kAnswerSdp));
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "ACK", "ACK", "BYE"}));
  const auto secondAck = wire->find("ACK", 1);
  ASSERT_TRUE(secondAck);
  EXPECT_EQ(secondAck->toTag().value_or(""), "fork-b");
  EXPECT_EQ(secondAck->ruri.toString(), "sip:bob@b.example.com");
  const auto bye = wire->last("BYE");
  EXPECT_EQ(bye.toTag().value_or(""), "fork-b");
  EXPECT_EQ(uac->confirmedDialogCount(), 2u);
  EXPECT_EQ(core->dialogCount(), 1u) << "only fork a's dialog is left";
  // A retransmission of fork b's 2xx is ACKed again by the transaction, not passed up.
  receive(respond(request, 200, "fork-b", {contactOf("b")}, kAnswerSdp));
  EXPECT_EQ(wire->count("ACK"), 3u);
  EXPECT_EQ(wire->count("BYE"), 1u);
}

TEST_F(UacForkingTest, DelegateDecidesAboutExtraTwoHundredsAsSipJsInviterDoes) {
  std::shared_ptr<SessionDialog> established;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    r.ack(RequestOptions{});
    if (established) {
      RequestOptions options;
      options.extraHeaders.push_back("Reason: SIP;cause=200;text=\"Call completed elsewhere\"");
      r.session->bye({}, options);  // SIP.js's ackAndBye
      return;
    }
    established = r.session;
  };
  const auto request = invite(delegate);
  receive(respond(request, 200, "fork-a", {contactOf("a")}, kAnswerSdp));
  receive(respond(request, 200, "fork-b", {contactOf("b")}, kAnswerSdp));
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "ACK", "ACK", "BYE"}));
  EXPECT_TRUE(wire->last("BYE").hasHeader("Reason"));
  ASSERT_TRUE(established);
  EXPECT_EQ(established->remoteTag(), "fork-a");
  established.reset();
}

TEST_F(UacForkingTest, EarlyDialogsOfOtherForksEndWithTheTransaction) {
  const auto request = invite();
  receive(respond(request, 180, "fork-a", {contactOf("a")}));
  receive(respond(request, 180, "fork-b", {contactOf("b")}));
  receive(respond(request, 200, "fork-a", {contactOf("a")}, kAnswerSdp));
  EXPECT_EQ(uac->earlyDialogCount(), 1u);
  host.advance(Timers::TIMER_M);
  EXPECT_EQ(uac->earlyDialogCount(), 0u) << "Timer M ended the transaction, and fork b's early dialog with it";
  EXPECT_EQ(core->dialogCount(), 1u);
  EXPECT_EQ(core->userAgentClientCount(), 0u);
}

TEST_F(UacForkingTest, CancelWaitsForAProvisionalResponse) {
  int rejected = 0;
  OutgoingInviteRequestDelegate delegate;
  delegate.onReject = [&](const IncomingResponse& r) {
    EXPECT_EQ(r.message.statusCode, 487);
    ++rejected;
  };
  const auto request = invite(delegate);
  uac->cancel("SIP;cause=487;text=\"Request Terminated\"");
  EXPECT_EQ(wire->count("CANCEL"), 0u) << "§9.1: no CANCEL before a provisional response";
  receive(respond(request, 100, ""));
  const auto cancel = wire->last("CANCEL");
  EXPECT_EQ(cancel.branch(), request.branch());
  EXPECT_EQ(cancel.ruri.toString(), request.ruri.toString());
  EXPECT_EQ(cancel.cseq()->number, request.cseq()->number);
  EXPECT_EQ(cancel.cseq()->method, "CANCEL");
  EXPECT_EQ(cancel.callId(), request.callId());
  EXPECT_EQ(cancel.fromTag(), request.fromTag());
  EXPECT_FALSE(cancel.toTag());
  EXPECT_EQ(cancel.headerValues("Route"), request.headerValues("Route"));
  EXPECT_EQ(cancel.header("Reason").value_or(""), "SIP;cause=487;text=\"Request Terminated\"");
  receive(respond(cancel, 200, "fork-a"));
  receive(respond(request, 487, "fork-a"));
  EXPECT_EQ(rejected, 1);
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "CANCEL", "ACK"}));
  host.advance(60000);
  EXPECT_EQ(core->transactionCount(), 0u);
  EXPECT_EQ(core->userAgentClientCount(), 0u);
}

TEST_F(UacForkingTest, TwoHundredWinningTheRaceWithCancelIsAckedThenByed) {
  const auto request = invite();
  receive(respond(request, 180, "fork-a", {contactOf("a")}));
  uac->cancel();
  EXPECT_EQ(wire->count("CANCEL"), 1u);
  receive(respond(request, 200, "fork-a", {contactOf("a")}, kAnswerSdp));  // crossed the CANCEL
  receive(respond(wire->last("CANCEL"), 200, "fork-a"));
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "CANCEL", "ACK", "BYE"}));
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(UacForkingTest, CancelBeforeAnyResponseThenTwoHundredSendsNoCancel) {
  const auto request = invite();
  uac->cancel();
  receive(respond(request, 200, "fork-a", {contactOf("a")}, kAnswerSdp));
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "ACK", "BYE"}));
}

TEST(UasCancelTest, CancelGets200AndTheInvite487) {
  sip::test::UaPair pair;
  std::shared_ptr<InviteUserAgentServer> bobInvite;
  pair.bob->delegate.onInvite = [&](std::shared_ptr<InviteUserAgentServer> uas) {
    bobInvite = uas;
    uas->progress();
  };
  int rejected = 0;
  OutgoingInviteRequestDelegate delegate;
  delegate.onReject = [&](const IncomingResponse& r) {
    EXPECT_EQ(r.message.statusCode, 487);
    ++rejected;
  };
  auto uac = pair.alice->invite(pair.aliceRequest("INVITE", sdp(kOfferSdp)), delegate);
  pair.run();
  uac->cancel();
  pair.run();
  EXPECT_EQ(pair.bobWire.summary(), (std::vector<std::string>{"100 INVITE", "180 INVITE", "200 CANCEL", "487 INVITE"}));
  EXPECT_EQ(rejected, 1);
  EXPECT_EQ(pair.bob->dialogCount(), 0u);
  EXPECT_EQ(pair.alice->dialogCount(), 0u);
  EXPECT_THROW(bobInvite->accept(), TransactionStateError);
  bobInvite.reset();
  uac.reset();
  pair.expectQuiet();
}

TEST(UasCancelTest, CancelGoesToTheDelegateWhenItHasOne) {
  sip::test::UaPair pair;
  std::shared_ptr<InviteUserAgentServer> bobInvite;
  int cancels = 0;
  pair.bob->delegate.onInvite = [&](std::shared_ptr<InviteUserAgentServer> uas) {
    bobInvite = uas;
    uas->delegate.onCancel = [&](const sip::Message& cancel) {
      EXPECT_EQ(cancel.method, "CANCEL");
      ++cancels;
    };
    uas->progress();
  };
  auto uac = pair.alice->invite(pair.aliceRequest("INVITE", sdp(kOfferSdp)));
  pair.run();
  uac->cancel();
  pair.run();
  EXPECT_EQ(cancels, 1);
  EXPECT_EQ(pair.bobWire.count("200 CANCEL"), 1u);
  EXPECT_EQ(pair.bobWire.count("487 INVITE"), 0u) << "the delegate answers (SIP.js's Invitation rejects 487)";
  ResponseOptions options;
  options.statusCode = 487;
  bobInvite->reject(options);
  pair.run();
  EXPECT_EQ(pair.bobWire.count("487 INVITE"), 1u);
  bobInvite.reset();
  uac.reset();
}

TEST(UasCancelTest, CancelAfterTheFinalResponseHasNoEffectAndUnknownCancelGets481) {
  sip::test::UaPair pair;
  pair.bob->delegate.onInvite = [&](std::shared_ptr<InviteUserAgentServer> uas) {
    ResponseOptions options;
    options.body = sdp(kAnswerSdp);
    uas->accept(options);
  };
  auto uac = pair.alice->invite(pair.aliceRequest("INVITE", sdp(kOfferSdp)));
  pair.run();
  // A CANCEL crafted for the answered INVITE: 200, nothing else changes (§9.2).
  const auto invite = pair.aliceWire.last("INVITE");
  auto cancelText = [&](const std::string& branch) {
    std::string text = "CANCEL " + invite.ruri.toString() + " SIP/2.0\r\n";
    text += "Via: SIP/2.0/WSS alice.invalid;branch=" + branch + "\r\n";
    text += "Max-Forwards: 70\r\n";
    text += "To: " + std::string(*invite.header("To")) + "\r\n";
    text += "From: " + std::string(*invite.header("From")) + "\r\n";
    text += "Call-ID: " + *invite.callId() + "\r\n";
    text += "CSeq: " + std::to_string(invite.cseq()->number) + " CANCEL\r\n";
    text += "Content-Length: 0\r\n\r\n";
    return text;
  };
  pair.bob->receive(cancelText(*invite.branch()));
  EXPECT_EQ(pair.bobWire.count("200 CANCEL"), 1u);
  EXPECT_EQ(pair.bobWire.count("487 INVITE"), 0u);
  EXPECT_EQ(pair.bob->dialogCount(), 1u);
  // The same CANCEL with another branch matches nothing: 481.
  pair.bob->receive(cancelText("z9hG4bKother"));
  EXPECT_EQ(pair.bobWire.count("481 CANCEL"), 1u);
  uac.reset();
}

}  // namespace
