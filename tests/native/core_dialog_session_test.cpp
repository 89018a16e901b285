// The INVITE dialog usage (SessionDialog): re-INVITE offer/answer, glare (491), 500 + Retry-After,
// rollback, 2xx retransmission and the ACK timeout (RFC 3261 §13.3.1.4, §14), UPDATE (RFC 3311),
// and the default answers to requests inside a session. Two cores back to back.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/dialogs/session_dialog.h"
#include "core/timers.h"
#include "core/user_agents/bye_user_agent.h"
#include "core/user_agents/info_user_agent.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/refer_user_agent.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/re_invite_user_agent.h"
#include "core/user_agents/update_user_agent.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kAnswerSdp;
using sip::test::kOfferSdp;
using sip::test::sdp;
using sip::test::UaPair;

const char* kOffer2 = "v=0\r\no=alice 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\n";
const char* kAnswer2 = "v=0\r\no=bob 2 3 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 3458 RTP/AVP 0\r\n";

class DialogSessionTest : public ::testing::Test {
 protected:
  void SetUp() override { pair = std::make_unique<UaPair>(); }
  void TearDown() override {
    aliceSession.reset();
    bobSession.reset();
    bobInvite.reset();
    uac.reset();
    pair.reset();
    sip::test::expectNoLiveObjects();
  }

  // An established call, alice calling bob. With ackReceived = false alice's ACK is lost.
  void establish(bool ackDelivered = true) {
    pair->bob->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { bobInvite = uas; };
    OutgoingInviteRequestDelegate delegate;
    delegate.onAccept = [this](const AckableIncomingResponseWithSession& r) {
      aliceSession = r.session;
      r.ack(RequestOptions{});
    };
    uac = pair->alice->invite(pair->aliceRequest("INVITE", sdp(kOfferSdp)), delegate);
    pair->run();
    ASSERT_TRUE(bobInvite);
    if (!ackDelivered) {
      pair->aliceWire.drop = [](const std::string& text) { return text.rfind("ACK ", 0) == 0; };
    }
    ResponseOptions options;
    options.body = sdp(kAnswerSdp);
    bobSession = bobInvite->accept(options).session;
    pair->run();
    ASSERT_TRUE(aliceSession);
    ASSERT_TRUE(bobSession);
  }

  // A copy of `text` with a new branch and CSeq number (a second request the API would refuse
  // to send).
  static std::string variant(std::string text, const std::string& branch, uint32_t cseq) {
    text = std::regex_replace(text, std::regex("branch=[^;\r\n]+"), "branch=" + branch);
    text = std::regex_replace(text, std::regex("CSeq: [0-9]+ "), "CSeq: " + std::to_string(cseq) + " ");
    return text;
  }

  std::unique_ptr<UaPair> pair;
  std::shared_ptr<InviteUserAgentClient> uac;
  std::shared_ptr<InviteUserAgentServer> bobInvite;
  std::shared_ptr<SessionDialog> aliceSession;
  std::shared_ptr<SessionDialog> bobSession;
};

TEST_F(DialogSessionTest, ReInviteOfferAnswer) {
  establish();
  EXPECT_EQ(bobSession->sessionState(), SessionState::Confirmed);
  std::shared_ptr<ReInviteUserAgentServer> reinvite;
  bobSession->delegate.onInvite = [&](std::shared_ptr<ReInviteUserAgentServer> uas) { reinvite = uas; };
  std::vector<std::string> events;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    events.push_back("accept");
    EXPECT_EQ(r.session, aliceSession);
    r.ack(RequestOptions{});
  };
  RequestOptions options;
  options.body = sdp(kOffer2);
  aliceSession->invite(delegate, options);
  EXPECT_THROW(aliceSession->invite(), std::logic_error) << "one re-INVITE at a time (§14.1)";
  pair->run();
  ASSERT_TRUE(reinvite);
  EXPECT_EQ(bobSession->signalingState(), SignalingState::HaveRemoteOffer);
  EXPECT_EQ(bobSession->offer()->content, kOffer2);
  EXPECT_THROW(bobSession->invite(), std::logic_error) << "a re-INVITE is being answered";
  ResponseOptions answer;
  answer.body = sdp(kAnswer2);
  auto response = reinvite->accept(answer);
  EXPECT_EQ(response.session, bobSession);
  EXPECT_EQ(bobSession->signalingState(), SignalingState::Stable);
  pair->run();
  EXPECT_EQ(events, (std::vector<std::string>{"accept"}));
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(aliceSession->answer()->content, kAnswer2);
  EXPECT_FALSE(bobSession->reinviteUserAgentServer) << "the ACK ended the re-INVITE";
  EXPECT_FALSE(aliceSession->reinviteUserAgentClient);
  EXPECT_EQ(pair->aliceWire.count("ACK"), 2u);
  pair->advance(10000);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 2u) << "no 2xx retransmission once the ACK came";
}

TEST_F(DialogSessionTest, GlareBothSidesGet491AndRollBack) {
  establish();
  std::vector<int> aliceRejects, bobRejects;
  OutgoingInviteRequestDelegate aliceDelegate, bobDelegate;
  aliceDelegate.onReject = [&](const IncomingResponse& r) { aliceRejects.push_back(r.message.statusCode); };
  bobDelegate.onReject = [&](const IncomingResponse& r) { bobRejects.push_back(r.message.statusCode); };
  RequestOptions aliceOffer, bobOffer;
  aliceOffer.body = sdp(kOffer2);
  bobOffer.body = sdp(kAnswer2);
  aliceSession->invite(aliceDelegate, aliceOffer);
  bobSession->invite(bobDelegate, bobOffer);  // crosses alice's on the wire
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::HaveLocalOffer);
  pair->run();
  EXPECT_EQ(aliceRejects, (std::vector<int>{491}));
  EXPECT_EQ(bobRejects, (std::vector<int>{491}));
  EXPECT_EQ(pair->aliceWire.count("491 INVITE"), 1u);
  EXPECT_EQ(pair->bobWire.count("491 INVITE"), 1u);
  // Rolled back to the first exchange.
  for (const auto& session : {aliceSession, bobSession}) {
    EXPECT_EQ(session->signalingState(), SignalingState::Stable);
    EXPECT_EQ(session->offer()->content, kOfferSdp);
    EXPECT_EQ(session->answer()->content, kAnswerSdp);
    EXPECT_FALSE(session->reinviteUserAgentClient);
  }
  // The 491s were ACKed by the transactions; the dialogs go on.
  EXPECT_EQ(pair->aliceWire.count("ACK"), 2u);
  RequestOptions again;
  again.body = sdp(kOffer2);
  EXPECT_NO_THROW(aliceSession->invite({}, again));
}

TEST_F(DialogSessionTest, SecondReInviteWhileTheFirstIsPendingGets500WithRetryAfter) {
  establish();
  std::shared_ptr<ReInviteUserAgentServer> reinvite;
  bobSession->delegate.onInvite = [&](std::shared_ptr<ReInviteUserAgentServer> uas) { reinvite = uas; };
  RequestOptions options;
  options.body = sdp(kOffer2);
  aliceSession->invite({}, options);
  pair->run();
  ASSERT_TRUE(reinvite);
  const auto first = pair->aliceWire.sent().back();
  pair->bob->receive(variant(first, "z9hG4bKsecond", pair->aliceWire.last("INVITE").cseq()->number + 1));
  const auto refused = pair->bobWire.last("500 INVITE");
  ASSERT_TRUE(refused.hasHeader("Retry-After"));
  const int seconds = std::stoi(std::string(*refused.header("Retry-After")));
  EXPECT_GE(seconds, 1);
  EXPECT_LE(seconds, 10);
}

TEST_F(DialogSessionTest, ReInviteRejectionRollsBackTheOffer) {
  establish();
  bobSession->delegate.onInvite = [](std::shared_ptr<ReInviteUserAgentServer> uas) {
    uas->reject();  // default 488
  };
  int rejected = 0;
  OutgoingInviteRequestDelegate delegate;
  delegate.onReject = [&](const IncomingResponse& r) {
    EXPECT_EQ(r.message.statusCode, 488);
    ++rejected;
  };
  RequestOptions options;
  options.body = sdp(kOffer2);
  aliceSession->invite(delegate, options);
  pair->run();
  EXPECT_EQ(rejected, 1);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(aliceSession->offer()->content, kOfferSdp);
  EXPECT_EQ(bobSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(bobSession->offer()->content, kOfferSdp);
  EXPECT_FALSE(bobSession->reinviteUserAgentServer);
}

TEST_F(DialogSessionTest, NoDelegateReInviteGets488) {
  establish();
  aliceSession->invite();
  pair->run();
  EXPECT_EQ(pair->bobWire.count("488 INVITE"), 1u);
}

TEST_F(DialogSessionTest, TwoHundredIsRetransmittedUntilTheAckThenByeOnTimeout) {
  establish(/*ackDelivered=*/false);
  EXPECT_EQ(bobSession->sessionState(), SessionState::AckWait);
  EXPECT_THROW(bobSession->bye(), std::logic_error) << "no BYE before the ACK (§15)";
  // T1, 2T1, 4T1, T2, T2, ... (§13.3.1.4): at 0.5 1.5 3.5 7.5 11.5 ... 31.5 s.
  pair->advance(500);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 2u);
  pair->advance(1000);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 3u);
  pair->advance(2000);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 4u);
  pair->advance(4000);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 5u);
  pair->advance(4000);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 6u);
  // alice's transaction answers each retransmission with the same ACK (lost as well).
  EXPECT_EQ(pair->aliceWire.count("ACK"), 6u);
  EXPECT_EQ(pair->bobWire.count("BYE"), 0u);
  pair->advance(Timers::TIMER_L);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 11u);
  EXPECT_EQ(pair->bobWire.count("BYE"), 1u) << "no ACK within 64*T1: BYE";
  EXPECT_EQ(pair->bob->dialogCount(), 0u);
  pair->run();
  EXPECT_EQ(pair->alice->dialogCount(), 0u);
  pair->expectQuiet();
}

TEST_F(DialogSessionTest, AckTimeoutGoesToTheDelegateWhenItHasOne) {
  establish(false);
  int timeouts = 0;
  bobSession->delegate.onAckTimeout = [&] { ++timeouts; };
  pair->advance(Timers::TIMER_L + 1000);
  EXPECT_EQ(timeouts, 1);
  EXPECT_EQ(pair->bobWire.count("BYE"), 0u);
  EXPECT_NO_THROW(bobSession->bye()) << "the server transaction has ended";
}

TEST_F(DialogSessionTest, ReInviteTwoHundredIsRetransmittedUntilItsAck) {
  establish();
  bobSession->delegate.onInvite = [](std::shared_ptr<ReInviteUserAgentServer> uas) {
    ResponseOptions options;
    options.body = sdp(kAnswer2);
    uas->accept(options);
  };
  pair->aliceWire.drop = [](const std::string& text) { return text.rfind("ACK ", 0) == 0; };
  RequestOptions options;
  options.body = sdp(kOffer2);
  aliceSession->invite({}, options);  // no onAccept: the core ACKs
  pair->run();
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 2u);
  pair->advance(500);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 3u);
  pair->aliceWire.drop = nullptr;
  pair->advance(1000);  // retransmission; alice's transaction re-sends the ACK, which arrives
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 4u);
  EXPECT_FALSE(bobSession->reinviteUserAgentServer);
  pair->advance(10000);
  EXPECT_EQ(pair->bobWire.count("200 INVITE"), 4u);
}

TEST_F(DialogSessionTest, AckBeingProcessedRefusesReInviteWith500) {
  std::function<void()> done;
  establish(false);
  bobSession->delegate.onAck = [&](const IncomingAckRequest&) { done = bobSession->beginAckProcessing(); };
  pair->aliceWire.drop = nullptr;
  pair->advance(500);  // 2xx retransmission -> ACK again, delivered this time
  ASSERT_TRUE(done);
  EXPECT_EQ(bobSession->sessionState(), SessionState::Confirmed);
  RequestOptions options;
  options.body = sdp(kOffer2);
  aliceSession->invite({}, options);
  pair->run();
  EXPECT_EQ(pair->bobWire.count("500 INVITE"), 1u);
  EXPECT_TRUE(pair->bobWire.last("500 INVITE").hasHeader("Retry-After"));
  done();
  done();  // idempotent
  aliceSession->invite({}, options);
  pair->run();
  EXPECT_EQ(pair->bobWire.count("488 INVITE"), 1u) << "processed normally now (no delegate: 488)";
}

TEST_F(DialogSessionTest, DefaultAnswersInsideASession) {
  establish();
  aliceSession->info();
  aliceSession->message();
  RequestOptions notify;
  notify.extraHeaders = {"Event: refer", "Subscription-State: terminated;reason=noresource"};
  notify.body = fromBodyLegacy("SIP/2.0 200 OK\r\n", "message/sipfrag");
  aliceSession->notify({}, notify);
  aliceSession->notify();  // no Event: 489 (RFC 6665 §8.2.1)
  aliceSession->refer();
  pair->run();
  const auto info = pair->bobWire.last("469 INFO");
  EXPECT_TRUE(info.hasHeader("Recv-Info"));
  EXPECT_EQ(pair->bobWire.count("200 MESSAGE"), 1u);
  EXPECT_EQ(pair->bobWire.count("200 NOTIFY"), 1u);
  EXPECT_EQ(pair->bobWire.count("489 NOTIFY"), 1u);
  EXPECT_EQ(pair->bobWire.count("480 REFER"), 1u);
}

TEST_F(DialogSessionTest, InfoWithDelegate) {
  establish();
  std::string received;
  bobSession->delegate.onInfo = [&](std::shared_ptr<InfoUserAgentServer> uas) {
    received = uas->message().body;
    uas->accept();
  };
  int accepted = 0;
  OutgoingRequestDelegate delegate;
  delegate.onAccept = [&](const IncomingResponse&) { ++accepted; };
  RequestOptions options;
  options.body = fromBodyLegacy("Signal=5\r\nDuration=160\r\n", "application/dtmf-relay");
  aliceSession->info(delegate, options);
  pair->run();
  EXPECT_EQ(received, "Signal=5\r\nDuration=160\r\n");
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable) << "a render body is no offer";
}

TEST_F(DialogSessionTest, ReferAndItsNotifiesInsideTheSession) {
  establish();
  // bob transfers alice (RFC 3515): REFER, 202, then NOTIFYs with sipfrag from alice.
  std::shared_ptr<ReferUserAgentServer> refer;
  aliceSession->delegate.onRefer = [&](std::shared_ptr<ReferUserAgentServer> uas) { refer = uas; };
  std::vector<std::string> notifies;
  bobSession->delegate.onNotify = [&](std::shared_ptr<NotifyUserAgentServer> uas) {
    notifies.push_back(uas->message().body);
    uas->accept();
  };
  std::vector<int> outcomes;
  OutgoingRequestDelegate delegate;
  delegate.onAccept = [&](const IncomingResponse& r) { outcomes.push_back(r.message.statusCode); };
  RequestOptions options;
  options.extraHeaders = {"Refer-To: <sip:carol@example.com>", "Referred-By: <sip:bob@example.com>"};
  bobSession->refer(delegate, options);
  pair->run();
  ASSERT_TRUE(refer);
  EXPECT_EQ(refer->message().header("Refer-To").value_or(""), "<sip:carol@example.com>");
  ResponseOptions accepted;
  accepted.statusCode = 202;
  refer->accept(accepted);
  for (const char* frag : {"SIP/2.0 100 Trying\r\n", "SIP/2.0 200 OK\r\n"}) {
    RequestOptions notify;
    notify.extraHeaders = {"Event: refer", std::string("Subscription-State: ") + (frag[8] == '1' ? "active" : "terminated;reason=noresource")};
    notify.body = fromBodyLegacy(frag, "message/sipfrag;version=2.0");
    aliceSession->notify({}, notify);
  }
  pair->run();
  EXPECT_EQ(outcomes, (std::vector<int>{202}));
  EXPECT_EQ(notifies, (std::vector<std::string>{"SIP/2.0 100 Trying\r\n", "SIP/2.0 200 OK\r\n"}));
  // MESSAGE inside the session goes to the session's delegate.
  std::string text;
  bobSession->delegate.onMessage = [&](std::shared_ptr<MessageUserAgentServer> uas) {
    text = uas->message().body;
    uas->accept();
  };
  RequestOptions message;
  message.body = fromBodyLegacy("hi bob", "text/plain");
  aliceSession->message({}, message);
  pair->run();
  EXPECT_EQ(text, "hi bob");
}

TEST_F(DialogSessionTest, ByeFromTheCallee) {
  establish();
  int byes = 0;
  aliceSession->delegate.onBye = [&](std::shared_ptr<ByeUserAgentServer> uas) {
    ++byes;
    uas->accept();
  };
  bobSession->bye();
  pair->run();
  EXPECT_EQ(byes, 1);
  EXPECT_EQ(pair->alice->dialogCount(), 0u);
  EXPECT_EQ(pair->bob->dialogCount(), 0u);
  pair->expectQuiet();
}

class DialogUpdateTest : public DialogSessionTest {
 protected:
  void SetUp() override {
    DialogSessionTest::SetUp();
    for (auto* core : {pair->alice.get(), pair->bob.get()}) core->configuration.allowedMethods.push_back("UPDATE");
  }
};

TEST_F(DialogUpdateTest, UpdateOfferAnswerAndTargetRefresh) {
  establish();
  std::shared_ptr<UpdateUserAgentServer> update;
  bobSession->delegate.onUpdate = [&](std::shared_ptr<UpdateUserAgentServer> uas) { update = uas; };
  int accepted = 0;
  OutgoingRequestDelegate delegate;
  delegate.onAccept = [&](const IncomingResponse&) { ++accepted; };
  RequestOptions options;
  options.body = sdp(kOffer2);
  options.extraHeaders.push_back("Contact: <sip:alice@198.51.100.1;transport=ws>");
  aliceSession->update(delegate, options);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::HaveLocalOffer);
  EXPECT_THROW(aliceSession->update({}, options), std::logic_error) << "an offer is outstanding";
  pair->run();
  ASSERT_TRUE(update);
  EXPECT_EQ(bobSession->signalingState(), SignalingState::HaveRemoteOffer);
  EXPECT_EQ(bobSession->remoteTarget().toString(), "sip:alice@198.51.100.1;transport=ws");
  ResponseOptions answer;
  answer.body = sdp(kAnswer2);
  update->accept(answer);
  pair->run();
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(aliceSession->answer()->content, kAnswer2);
  EXPECT_EQ(pair->bobWire.last("200 UPDATE").header("Contact").value_or(""), "<sip:bob@bob.invalid;transport=ws>");
}

TEST_F(DialogUpdateTest, UpdateGlareGets491AndAPendingRemoteOffer500) {
  establish();
  std::vector<int> aliceRejects, bobRejects;
  OutgoingRequestDelegate aliceDelegate, bobDelegate;
  aliceDelegate.onReject = [&](const IncomingResponse& r) { aliceRejects.push_back(r.message.statusCode); };
  bobDelegate.onReject = [&](const IncomingResponse& r) { bobRejects.push_back(r.message.statusCode); };
  RequestOptions a, b;
  a.body = sdp(kOffer2);
  b.body = sdp(kAnswer2);
  aliceSession->update(aliceDelegate, a);
  bobSession->update(bobDelegate, b);
  pair->run();
  EXPECT_EQ(aliceRejects, (std::vector<int>{491}));
  EXPECT_EQ(bobRejects, (std::vector<int>{491}));
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable);
  EXPECT_EQ(bobSession->signalingState(), SignalingState::Stable);

  // bob holds alice's offer without answering; a second offer from alice gets 500 + Retry-After.
  std::shared_ptr<UpdateUserAgentServer> held;
  bobSession->delegate.onUpdate = [&](std::shared_ptr<UpdateUserAgentServer> uas) { held = uas; };
  aliceSession->update({}, a);
  pair->run();
  ASSERT_TRUE(held);
  const auto text = pair->aliceWire.sent().back();
  pair->bob->receive(variant(text, "z9hG4bKupd2", pair->aliceWire.last("UPDATE").cseq()->number + 1));
  EXPECT_TRUE(pair->bobWire.last("500 UPDATE").hasHeader("Retry-After"));
  held->reject();
  EXPECT_EQ(bobSession->signalingState(), SignalingState::Stable);
}

TEST_F(DialogUpdateTest, UpdateWithoutOfferIsAcceptedByDefaultAndWithOfferRefused) {
  establish();
  aliceSession->update();
  pair->run();
  EXPECT_EQ(pair->bobWire.count("200 UPDATE"), 1u);
  RequestOptions offer;
  offer.body = sdp(kOffer2);
  aliceSession->update({}, offer);
  pair->run();
  EXPECT_EQ(pair->bobWire.count("488 UPDATE"), 1u);
  EXPECT_EQ(aliceSession->signalingState(), SignalingState::Stable) << "the refused offer was rolled back";
}

TEST_F(DialogSessionTest, UpdateIsRefusedWith405WhenNotAllowed) {
  establish();
  aliceSession->update();
  pair->run();
  const auto refused = pair->bobWire.last("405 UPDATE");
  EXPECT_EQ(refused.header("Allow").value_or(""), "ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE");
}

}  // namespace
