// INVITE client and server end to end (RFC 3261 §13, §15; SIP.js invite-user-agent-client/server):
// two UserAgentCores back to back.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialogs/session_dialog.h"
#include "core/user_agents/bye_user_agent.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/transaction_state_error.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kAnswerSdp;
using sip::test::kOfferSdp;
using sip::test::sdp;
using sip::test::UaPair;

class UacInviteTest : public ::testing::Test {
 protected:
  void SetUp() override { pair = std::make_unique<UaPair>(); }
  void TearDown() override {
    invites.clear();
    pair.reset();
    sip::test::expectNoLiveObjects();
  }

  // bob keeps every INVITE it gets.
  void bobCollectsInvites() {
    pair->bob->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { invites.push_back(uas); };
  }

  std::unique_ptr<UaPair> pair;
  std::vector<std::shared_ptr<InviteUserAgentServer>> invites;
  std::vector<std::string> events;
};

TEST_F(UacInviteTest, BasicCallSetupAndTeardown) {
  bobCollectsInvites();
  std::shared_ptr<SessionDialog> aliceSession;
  OutgoingInviteRequestDelegate delegate;
  delegate.onTrying = [&](const IncomingResponse&) { events.push_back("trying"); };
  delegate.onProgress = [&](const PrackableIncomingResponseWithSession& r) {
    events.push_back("progress:" + std::to_string(r.message.statusCode));
    EXPECT_EQ(r.session->sessionState(), SessionState::Early);
  };
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    events.push_back("accept");
    aliceSession = r.session;
    r.ack(RequestOptions{});
  };
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)), delegate);
  pair->run();
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_EQ(pair->bobWire.summary(), (std::vector<std::string>{"100 INVITE"}));

  auto progress = invites[0]->progress();
  ASSERT_TRUE(progress.session);
  EXPECT_EQ(progress.session->sessionState(), SessionState::Early);
  EXPECT_EQ(progress.session->signalingState(), SignalingState::HaveRemoteOffer);
  pair->run();
  EXPECT_EQ(uac->earlyDialogCount(), 1u);

  ResponseOptions accept;
  accept.body = sdp(kAnswerSdp);
  auto accepted = invites[0]->accept(accept);
  auto bobSession = accepted.session;
  ASSERT_TRUE(bobSession);
  EXPECT_EQ(bobSession.get(), progress.session.get()) << "the early dialog is confirmed, not replaced";
  EXPECT_EQ(bobSession->sessionState(), SessionState::AckWait);
  EXPECT_EQ(bobSession->signalingState(), SignalingState::Stable);
  pair->run();

  EXPECT_EQ(events, (std::vector<std::string>{"trying", "progress:180", "accept"}));
  ASSERT_TRUE(aliceSession);
  EXPECT_EQ(aliceSession->sessionState(), SessionState::Confirmed);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(aliceSession->answer()->content, kAnswerSdp);
  EXPECT_EQ(bobSession->sessionState(), SessionState::Confirmed) << "the ACK arrived";
  EXPECT_EQ(aliceSession->id(), aliceSession->callId() + aliceSession->localTag() + aliceSession->remoteTag());
  EXPECT_EQ(aliceSession->callId(), bobSession->callId());
  EXPECT_EQ(aliceSession->localTag(), bobSession->remoteTag());
  EXPECT_EQ(aliceSession->remoteTag(), bobSession->localTag());
  EXPECT_EQ(aliceSession->remoteTarget().toString(), "sip:bob@bob.invalid;transport=ws");
  EXPECT_EQ(bobSession->remoteTarget().toString(), "sip:alice@alice.invalid;transport=ws");
  EXPECT_EQ(pair->alice->dialogCount(), 1u);
  EXPECT_EQ(pair->bob->dialogCount(), 1u);

  // The wire: INVITE / 100 / 180 / 200 / ACK, the ACK with the INVITE's CSeq number.
  EXPECT_EQ(pair->aliceWire.summary(), (std::vector<std::string>{"INVITE", "ACK"}));
  EXPECT_EQ(pair->bobWire.summary(), (std::vector<std::string>{"100 INVITE", "180 INVITE", "200 INVITE"}));
  const auto invite = pair->aliceWire.last("INVITE");
  const auto ack = pair->aliceWire.last("ACK");
  EXPECT_EQ(ack.cseq()->number, invite.cseq()->number);
  EXPECT_NE(ack.branch(), invite.branch()) << "the ACK of a 2xx is its own transaction";
  EXPECT_EQ(ack.ruri.toString(), "sip:bob@bob.invalid;transport=ws") << "sent to the remote target";
  const auto ok = pair->bobWire.last("200 INVITE");
  EXPECT_EQ(ok.header("Contact").value_or(""), "<sip:bob@bob.invalid;transport=ws>");
  EXPECT_TRUE(ok.hasHeader("Allow"));
  EXPECT_EQ(ok.body, kAnswerSdp);

  // BYE from alice: both dialogs end; bob answers 200 by default.
  auto bye = aliceSession->bye();
  EXPECT_EQ(aliceSession->sessionState(), SessionState::Terminated);
  EXPECT_EQ(pair->alice->dialogCount(), 0u);
  pair->run();
  EXPECT_EQ(pair->bob->dialogCount(), 0u);
  EXPECT_EQ(pair->bobWire.count("200 BYE"), 1u);
  const auto byeMessage = pair->aliceWire.last("BYE");
  EXPECT_EQ(byeMessage.cseq()->number, invite.cseq()->number + 1);
  pair->expectQuiet();
}

TEST_F(UacInviteTest, RejectEndsEarlyDialogsAndTheTransactionAcksIt) {
  bobCollectsInvites();
  std::vector<int> rejected;
  OutgoingInviteRequestDelegate delegate;
  delegate.onReject = [&](const IncomingResponse& r) { rejected.push_back(r.message.statusCode); };
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)), delegate);
  pair->run();
  ASSERT_EQ(invites.size(), 1u);
  invites[0]->progress();
  pair->run();
  EXPECT_EQ(uac->earlyDialogCount(), 1u);
  EXPECT_EQ(pair->alice->dialogCount(), 1u);
  EXPECT_EQ(pair->bob->dialogCount(), 1u);
  invites[0]->reject();
  EXPECT_EQ(pair->bob->dialogCount(), 0u) << "a non-2xx final response ends the early dialog";
  pair->run();
  EXPECT_EQ(rejected, (std::vector<int>{486}));
  EXPECT_EQ(uac->earlyDialogCount(), 0u);
  EXPECT_EQ(pair->alice->dialogCount(), 0u);
  EXPECT_EQ(pair->aliceWire.summary(), (std::vector<std::string>{"INVITE", "ACK"}));
  const auto ack = pair->aliceWire.last("ACK");
  EXPECT_EQ(ack.branch(), pair->aliceWire.last("INVITE").branch()) << "the ACK of a non-2xx is in the transaction";
  invites.clear();
  uac.reset();
  pair->expectQuiet();
}

TEST_F(UacInviteTest, WithoutDelegatesTheCoreRejectsWith486AndTheUacAcks) {
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)));
  pair->run();
  EXPECT_EQ(pair->bobWire.summary(), (std::vector<std::string>{"100 INVITE", "486 INVITE"}));
  EXPECT_EQ(pair->aliceWire.summary(), (std::vector<std::string>{"INVITE", "ACK"}));
  uac.reset();
  pair->expectQuiet();
}

TEST_F(UacInviteTest, AcceptWithoutDelegateIsAckedAutomatically) {
  bobCollectsInvites();
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)));
  pair->run();
  ResponseOptions accept;
  accept.body = sdp(kAnswerSdp);
  invites[0]->accept(accept);
  pair->run();
  EXPECT_EQ(pair->aliceWire.summary(), (std::vector<std::string>{"INVITE", "ACK"}));
  EXPECT_EQ(pair->alice->dialogCount(), 1u);
  EXPECT_EQ(invites[0]->confirmedDialog()->sessionState(), SessionState::Confirmed);
}

TEST_F(UacInviteTest, AcceptNeedsABodyWhenAnOfferIsPending) {
  bobCollectsInvites();
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)));
  pair->run();
  EXPECT_THROW(invites[0]->accept(), std::logic_error);
  EXPECT_EQ(pair->bob->dialogCount(), 0u) << "a refused accept leaves no dialog";
  invites[0]->reject();
  invites.clear();
  uac.reset();
  pair->expectQuiet();
}

TEST_F(UacInviteTest, UasStateErrorsAreThrown) {
  bobCollectsInvites();
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)));
  pair->run();
  ResponseOptions bad;
  bad.statusCode = 200;
  EXPECT_THROW(invites[0]->progress(bad), std::invalid_argument);
  bad.statusCode = 180;
  EXPECT_THROW(invites[0]->reject(bad), std::invalid_argument);
  invites[0]->reject();
  EXPECT_THROW(invites[0]->reject(), TransactionStateError);
  EXPECT_THROW(invites[0]->progress(), TransactionStateError);
}

TEST_F(UacInviteTest, OfferlessInviteGetsTheOfferInTheTwoHundredAndTheAnswerInTheAck) {
  bobCollectsInvites();
  AckFunction ack;
  std::shared_ptr<SessionDialog> aliceSession;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    aliceSession = r.session;
    ack = r.ack;  // answered later, once the answer is ready (as SIP.js's Inviter does)
  };
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE"), delegate);
  pair->run();
  EXPECT_THROW(invites[0]->accept(), std::logic_error) << "the 2xx must carry the offer";
  ResponseOptions offer;
  offer.body = sdp(kAnswerSdp);
  auto bobSession = invites[0]->accept(offer).session;
  EXPECT_EQ(bobSession->signalingState(), SignalingState::HaveLocalOffer);
  pair->run();
  ASSERT_TRUE(aliceSession);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::HaveRemoteOffer);
  pair->advance(500);  // bob retransmits the 2xx; alice's transaction holds it back (no ACK yet)
  EXPECT_EQ(pair->aliceWire.count("ACK"), 0u);
  RequestOptions answer;
  answer.body = sdp(kOfferSdp);
  ack(answer);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable);
  pair->run();
  EXPECT_EQ(bobSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(bobSession->answer()->content, kOfferSdp);
  EXPECT_EQ(bobSession->sessionState(), SessionState::Confirmed);
  EXPECT_EQ(pair->aliceWire.last("ACK").body, kOfferSdp);
}

TEST_F(UacInviteTest, OneHundredTryingIsSentOnce) {
  bobCollectsInvites();
  auto uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)));
  pair->run();
  invites[0]->trying();  // as SIP.js's UserAgent does; nothing new on the wire
  EXPECT_EQ(pair->bobWire.summary(), (std::vector<std::string>{"100 INVITE"}));
  const auto trying = pair->bobWire.last("100 INVITE");
  EXPECT_FALSE(trying.toTag()) << "100 Trying carries no To tag";
}

TEST(UacInviteUnreliableTest, LostMessagesAreRetransmittedOverUdp) {
  UaPair pair(/*reliable=*/false);
  std::shared_ptr<InviteUserAgentServer> bobInvite;
  int invitesSeen = 0;
  pair.bob->delegate.onInvite = [&](std::shared_ptr<InviteUserAgentServer> uas) {
    ++invitesSeen;
    bobInvite = uas;
    ResponseOptions options;
    options.body = sdp(kAnswerSdp);
    uas->accept(options);
  };
  // The first INVITE and the first 2xx are lost.
  int inviteDrops = 1, okDrops = 1;
  pair.aliceWire.drop = [&](const std::string& text) { return text.rfind("INVITE ", 0) == 0 && inviteDrops-- > 0; };
  pair.bobWire.drop = [&](const std::string& text) { return text.rfind("SIP/2.0 200", 0) == 0 && okDrops-- > 0; };
  std::shared_ptr<SessionDialog> aliceSession;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    aliceSession = r.session;
    r.ack(RequestOptions{});
  };
  auto uac = pair.alice->invite(pair.aliceRequest("INVITE", sdp(kOfferSdp)), delegate);
  pair.run();
  EXPECT_EQ(invitesSeen, 0);
  pair.advance(500);  // Timer A: the INVITE again
  EXPECT_EQ(invitesSeen, 1);
  EXPECT_FALSE(aliceSession) << "the 2xx was lost";
  pair.advance(500);  // bob's 2xx retransmission (§13.3.1.4)
  ASSERT_TRUE(aliceSession);
  EXPECT_EQ(bobInvite->confirmedDialog()->sessionState(), SessionState::Confirmed);
  EXPECT_EQ(pair.aliceWire.count("INVITE"), 2u);
  aliceSession->bye();
  pair.run();
  EXPECT_EQ(pair.bobWire.count("200 BYE"), 1u);
  bobInvite.reset();
  uac.reset();
  aliceSession.reset();
  pair.expectQuiet();
}

}  // namespace
