// Dialog state (RFC 3261 §12): creation as UAC and UAS, route sets (Record-Route reversed for the
// UAC, loose and strict routing), remote target refresh, CSeq ordering (500) and unknown dialogs
// (481), early vs confirmed, termination. One core against scripted wire text.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialogs/session_dialog.h"
#include "core/user_agents/info_user_agent.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/re_invite_user_agent.h"
#include "support/sip_fixtures.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kAnswerSdp;
using sip::test::kOfferSdp;
using sip::test::respond;
using sip::test::sdp;

using sip::test::PeerRequest;

class DialogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    core = std::make_unique<UserAgentCore>(host, *wire, sip::test::makeConfiguration("bob"));
  }
  void TearDown() override {
    invites.clear();
    uac.reset();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  void collectInvites() {
    core->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { invites.push_back(uas); };
  }
  // Receives `request` (an INVITE with an offer), expects exactly one invitation and accepts it with
  // the answer; the session the 2xx made.
  std::shared_ptr<SessionDialog> acceptWithAnswer(PeerRequest& request) {
    request.body = kOfferSdp;
    receive(request.text());
    EXPECT_EQ(invites.size(), 1u);
    if (invites.size() != 1) return nullptr;
    ResponseOptions options;
    options.body = sdp(kAnswerSdp);
    return invites[0]->accept(options).session;
  }
  // bob calls "carol" and returns the INVITE as sent.
  sip::Message callCarol(OutgoingInviteRequestDelegate delegate = {}) {
    auto carol = *sip::parseUri("sip:carol@example.com");
    std::vector<std::string> extra{"Contact: " + core->configuration.contact.toString()};
    uac = core->invite(core->makeOutgoingRequestMessage("INVITE", carol, core->configuration.aor, carol, {}, extra,
                                                        sdp(kOfferSdp)),
                       std::move(delegate));
    return wire->last("INVITE");
  }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::shared_ptr<InviteUserAgentClient> uac;
  std::vector<std::shared_ptr<InviteUserAgentServer>> invites;
};

TEST_F(DialogTest, UacDialogStateFromTheTwoHundred) {
  std::shared_ptr<SessionDialog> session;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) { session = r.session; };
  const auto invite = callCarol(delegate);
  receive(respond(invite, 200, "carol-tag",
                  {"Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr;foo=bar>",
                   "Contact: <sip:carol@192.0.2.7>"},
                  kAnswerSdp));
  ASSERT_TRUE(session);
  EXPECT_FALSE(session->early());
  EXPECT_EQ(session->callId(), invite.callId().value());
  EXPECT_EQ(session->localTag(), invite.fromTag().value());
  EXPECT_EQ(session->remoteTag(), "carol-tag");
  EXPECT_EQ(session->localSequenceNumber(), invite.cseq()->number);
  EXPECT_FALSE(session->remoteSequenceNumber());
  EXPECT_EQ(session->localURI().toString(), "sip:bob@example.com");
  EXPECT_EQ(session->remoteURI().toString(), "sip:carol@example.com");
  EXPECT_EQ(session->remoteTarget().toString(), "sip:carol@192.0.2.7");
  // §12.1.2: Record-Route reversed, all parameters kept.
  EXPECT_EQ(session->routeSet(),
            (std::vector<std::string>{"<sip:p2.example.com;lr;foo=bar>", "<sip:p1.example.com;lr>"}));
  EXPECT_EQ(core->findDialog(session->id()), session);

  // Loose routing (§12.2.1.1): remote target in the Request-URI, the route set in Route.
  session->ack();
  const auto ack = wire->last("ACK");
  EXPECT_EQ(ack.ruri.toString(), "sip:carol@192.0.2.7");
  EXPECT_EQ(ack.headerValues("Route"),
            (std::vector<std::string_view>{"<sip:p2.example.com;lr;foo=bar>", "<sip:p1.example.com;lr>"}));
  EXPECT_EQ(ack.toTag().value_or(""), "carol-tag");
  EXPECT_EQ(ack.fromTag(), invite.fromTag());
  EXPECT_EQ(ack.callId(), invite.callId());

  session->info();
  const auto info = wire->last("INFO");
  EXPECT_EQ(info.cseq()->number, invite.cseq()->number + 1) << "CSeq increments by one inside the dialog";
  EXPECT_EQ(info.headerValues("Route").size(), 2u);
  session->info();
  EXPECT_EQ(wire->last("INFO").cseq()->number, invite.cseq()->number + 2);
}

TEST_F(DialogTest, StrictRoutingPutsTheFirstRouteInTheRequestUri) {
  std::shared_ptr<SessionDialog> session;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    session = r.session;
    r.ack(RequestOptions{});
  };
  const auto invite = callCarol(delegate);
  // Reversed, the first route is p2, an RFC 2543 strict router (no ;lr) with a method param.
  receive(respond(invite, 200, "carol-tag",
                  {"Record-Route: <sip:p1.example.com;lr>", "Record-Route: <sip:p2.example.com;method=INVITE;x=y>",
                   "Contact: <sip:carol@192.0.2.7>"},
                  kAnswerSdp));
  ASSERT_TRUE(session);
  const auto ack = wire->last("ACK");
  EXPECT_EQ(ack.ruri.toString(), "sip:p2.example.com;x=y") << "method is not allowed in a Request-URI";
  EXPECT_EQ(ack.headerValues("Route"),
            (std::vector<std::string_view>{"<sip:p1.example.com;lr>", "<sip:carol@192.0.2.7>"}))
      << "the rest of the route set, then the remote target";
}

TEST_F(DialogTest, UasDialogStateAndRouteSetInRequestOrder) {
  collectInvites();
  PeerRequest request;
  request.extra = {"Record-Route: <sip:p1.example.com;lr>", "Record-Route: <sip:p2.example.com;lr>"};
  request.cseq = 7;
  auto session = acceptWithAnswer(request);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->remoteSequenceNumber(), 7u);
  EXPECT_FALSE(session->localSequenceNumber());
  EXPECT_EQ(session->localTag(), invites[0]->toTag());
  EXPECT_EQ(session->remoteTag(), "carol-tag");
  EXPECT_EQ(session->localURI().toString(), "sip:bob@example.com");
  EXPECT_EQ(session->remoteURI().toString(), "sip:carol@example.com");
  EXPECT_EQ(session->routeSet(), (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
  // §12.1.1: the 2xx copies Record-Route in order.
  const auto ok = wire->last("200 INVITE");
  EXPECT_EQ(ok.headerValues("Record-Route"),
            (std::vector<std::string_view>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
  EXPECT_EQ(ok.toTag().value_or(""), invites[0]->toTag());

  // ACK, then a request of ours: CSeq starts at 1, routes in order.
  PeerRequest ack = request;
  ack.method = "ACK";
  ack.branch = "z9hG4bKpeerack";
  ack.toTag = session->localTag();
  ack.body.clear();
  receive(ack.text());
  EXPECT_EQ(session->sessionState(), SessionState::Confirmed);
  session->bye();
  const auto bye = wire->last("BYE");
  EXPECT_EQ(bye.cseq()->number, 1u);
  EXPECT_EQ(bye.ruri.toString(), "sip:carol@192.0.2.7");
  EXPECT_EQ(bye.headerValues("Route"), (std::vector<std::string_view>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
  EXPECT_EQ(core->dialogCount(), 0u);
}

TEST_F(DialogTest, RemoteTargetIsTheFirstUriOfTheFirstContact) {
  collectInvites();
  PeerRequest request;
  request.contact = "<sip:carol@192.0.2.7>;expires=60, <sip:carol@192.0.2.70>";
  request.extra = {"Contact: <sip:carol@192.0.2.71>"};
  auto session = acceptWithAnswer(request);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->remoteTarget().toString(), "sip:carol@192.0.2.7");
}

class ConfirmedUasDialogTest : public DialogTest {
 protected:
  void SetUp() override {
    DialogTest::SetUp();
    collectInvites();
    invite.cseq = 10;
    session = acceptWithAnswer(invite);
    ASSERT_TRUE(session);
    PeerRequest ack = invite;
    ack.method = "ACK";
    ack.branch = "z9hG4bKpeerack";
    ack.toTag = session->localTag();
    ack.body.clear();
    receive(ack.text());
  }
  void TearDown() override {
    session.reset();
    DialogTest::TearDown();
  }
  PeerRequest inDialog(const std::string& method, uint32_t cseq, const std::string& branch) {
    PeerRequest r = invite;
    r.method = method;
    r.cseq = cseq;
    r.branch = branch;
    r.toTag = session->localTag();
    r.body.clear();
    if (method != "INVITE" && method != "UPDATE") r.contact.clear();
    return r;
  }
  PeerRequest invite;
  std::shared_ptr<SessionDialog> session;
};

TEST_F(ConfirmedUasDialogTest, RequestsMustComeInCSeqOrder) {
  ASSERT_EQ(session->sessionState(), SessionState::Confirmed);
  std::vector<uint32_t> infos;
  session->delegate.onInfo = [&](std::shared_ptr<InfoUserAgentServer> uas) {
    infos.push_back(uas->message().cseq()->number);
    uas->accept();
  };
  receive(inDialog("INFO", 12, "z9hG4bKi1").text());  // a gap is fine (§12.2.2)
  EXPECT_EQ(session->remoteSequenceNumber(), 12u);
  receive(inDialog("INFO", 11, "z9hG4bKi2").text());  // lower: 500
  receive(inDialog("INFO", 12, "z9hG4bKi3").text());  // equal: 500
  EXPECT_EQ(infos, (std::vector<uint32_t>{12}));
  EXPECT_EQ(wire->count("200 INFO"), 1u);
  EXPECT_EQ(wire->count("500 INFO"), 2u);
  EXPECT_EQ(session->remoteSequenceNumber(), 12u) << "a rejected request changes no state";
  receive(inDialog("INFO", 13, "z9hG4bKi4").text());
  EXPECT_EQ(infos, (std::vector<uint32_t>{12, 13}));
}

TEST_F(ConfirmedUasDialogTest, UnknownDialogGets481) {
  auto request = inDialog("INFO", 20, "z9hG4bKx1");
  request.toTag = "no-such-tag";
  receive(request.text());
  EXPECT_EQ(wire->count("481 INFO"), 1u);
  auto bye = inDialog("BYE", 21, "z9hG4bKx2");
  bye.toTag.clear();  // §15.1.2: a BYE without tags is rejected
  receive(bye.text());
  EXPECT_EQ(wire->count("481 BYE"), 1u);
  EXPECT_EQ(core->dialogCount(), 1u);
}

TEST_F(ConfirmedUasDialogTest, ReInviteRefreshesTheRemoteTarget) {
  std::shared_ptr<ReInviteUserAgentServer> reinvite;
  session->delegate.onInvite = [&](std::shared_ptr<ReInviteUserAgentServer> uas) { reinvite = uas; };
  auto request = inDialog("INVITE", 11, "z9hG4bKre1");
  request.contact = "<sip:carol@198.51.100.9:5070>";
  request.body = kOfferSdp;
  receive(request.text());
  ASSERT_TRUE(reinvite);
  EXPECT_EQ(session->remoteTarget().toString(), "sip:carol@198.51.100.9:5070");
  EXPECT_EQ(session->signalingState(), SignalingState::HaveRemoteOffer);
  ResponseOptions options;
  options.body = sdp(kAnswerSdp);
  reinvite->accept(options);
  const auto ok = wire->last("200 INVITE");
  EXPECT_EQ(ok.header("Contact").value_or(""), "<sip:bob@bob.invalid;transport=ws>");
  session->info();
  EXPECT_EQ(wire->last("INFO").ruri.toString(), "sip:carol@198.51.100.9:5070");
}

TEST_F(ConfirmedUasDialogTest, ByeEndsTheDialog) {
  receive(inDialog("BYE", 11, "z9hG4bKbye").text());
  EXPECT_EQ(wire->count("200 BYE"), 1u);
  EXPECT_EQ(core->dialogCount(), 0u);
  EXPECT_EQ(session->sessionState(), SessionState::Terminated);
  EXPECT_EQ(session->signalingState(), SignalingState::Closed);
  EXPECT_FALSE(session->offer());
  receive(inDialog("INFO", 12, "z9hG4bKafter").text());
  EXPECT_EQ(wire->count("481 INFO"), 1u);
}

TEST_F(ConfirmedUasDialogTest, OptionsInsideADialogIsAnsweredLikeOutside) {
  receive(inDialog("OPTIONS", 11, "z9hG4bKopt").text());
  const auto ok = wire->last("200 OPTIONS");
  EXPECT_TRUE(ok.hasHeader("Allow"));
  EXPECT_TRUE(ok.hasHeader("Accept"));
}

TEST_F(DialogTest, UacTargetRefreshFromTheReInviteTwoHundred) {
  std::shared_ptr<SessionDialog> session;
  OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    session = r.session;
    r.ack(RequestOptions{});
  };
  const auto invite = callCarol(delegate);
  receive(respond(invite, 200, "carol-tag", {"Contact: <sip:carol@192.0.2.7>"}, kAnswerSdp));
  ASSERT_TRUE(session);
  std::vector<std::string> events;
  OutgoingInviteRequestDelegate reDelegate;
  reDelegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    events.push_back("accept");
    r.ack(RequestOptions{});
  };
  RequestOptions options;
  options.body = sdp(kOfferSdp);
  options.extraHeaders.push_back("Contact: " + core->configuration.contact.toString());
  session->invite(reDelegate, options);
  EXPECT_EQ(session->signalingState(), SignalingState::HaveLocalOffer);
  const auto reinvite = wire->last("INVITE");
  EXPECT_EQ(reinvite.toTag().value_or(""), "carol-tag");
  EXPECT_EQ(reinvite.cseq()->number, invite.cseq()->number + 1);
  receive(respond(reinvite, 200, "", {"Contact: <sip:carol@203.0.113.5>"}, kAnswerSdp));
  EXPECT_EQ(events, (std::vector<std::string>{"accept"}));
  EXPECT_EQ(session->remoteTarget().toString(), "sip:carol@203.0.113.5");
  EXPECT_EQ(session->signalingState(), SignalingState::Stable);
  const auto ack = wire->last("ACK");
  EXPECT_EQ(ack.cseq()->number, reinvite.cseq()->number);
  EXPECT_EQ(ack.ruri.toString(), "sip:carol@203.0.113.5");
}

TEST_F(DialogTest, EarlyDialogsFromProvisionalsAndTheirConfirmation) {
  std::vector<std::shared_ptr<SessionDialog>> progressSessions;
  std::shared_ptr<SessionDialog> accepted;
  OutgoingInviteRequestDelegate delegate;
  delegate.onProgress = [&](const PrackableIncomingResponseWithSession& r) { progressSessions.push_back(r.session); };
  delegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    accepted = r.session;
    r.ack(RequestOptions{});
  };
  const auto invite = callCarol(delegate);
  receive(respond(invite, 180, "", {"Contact: <sip:carol@192.0.2.7>"}));  // no To tag: no dialog
  EXPECT_TRUE(progressSessions.empty());
  EXPECT_EQ(core->dialogCount(), 0u);
  receive(respond(invite, 180, "carol-tag", {"Contact: <sip:carol@192.0.2.7>", "Record-Route: <sip:p1.example.com;lr>"}));
  ASSERT_EQ(progressSessions.size(), 1u);
  EXPECT_TRUE(progressSessions[0]->early());
  EXPECT_EQ(progressSessions[0]->sessionState(), SessionState::Early);
  EXPECT_EQ(core->dialogCount(), 1u);
  EXPECT_THROW(progressSessions[0]->info(), std::logic_error) << "INFO needs a confirmed dialog";
  receive(respond(invite, 200, "carol-tag",
                  {"Contact: <sip:carol@192.0.2.8>", "Record-Route: <sip:p9.example.com;lr>"}, kAnswerSdp));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted, progressSessions[0]) << "the 2xx confirms the early dialog of its To tag";
  EXPECT_FALSE(accepted->early());
  // §13.2.2.4: route set recomputed from the 2xx; the 2xx's Contact is the remote target.
  EXPECT_EQ(accepted->routeSet(), (std::vector<std::string>{"<sip:p9.example.com;lr>"}));
  EXPECT_EQ(accepted->remoteTarget().toString(), "sip:carol@192.0.2.8");
}

TEST_F(DialogTest, ProvisionalWithoutContactIsDropped) {
  int progress = 0;
  OutgoingInviteRequestDelegate delegate;
  delegate.onProgress = [&](const PrackableIncomingResponseWithSession&) { ++progress; };
  const auto invite = callCarol(delegate);
  receive(respond(invite, 183, "carol-tag", {}));
  EXPECT_EQ(progress, 0);
  EXPECT_EQ(core->dialogCount(), 0u);
}

}  // namespace
