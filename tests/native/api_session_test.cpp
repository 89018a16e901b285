// src/api/session, inviter, invitation: SIP.js's Session state machines over two UserAgentCores
// joined back to back (UaPair), with a fake SessionHost whose session description handler answers
// "immediately but later" (on a 0 ms ManualHost timer, as a resolved promise would) and can be told
// to fail. Covers invite / accept / bye, cancel, reject, re-INVITE, the SDH failure paths and the
// ACK timeout, and checks that no session, dialog, UAC, UAS or transaction is left behind.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "api/invitation.h"
#include "api/inviter.h"
#include "api/session.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/user_agent_server.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::api;
using sip::test::ManualHost;
using sip::test::UaPair;

std::string sdpFrom(const std::string& label, int version) {
  return "v=0\r\no=" + label + " 1 " + std::to_string(version) +
         " IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
}

// The application and SDH side of one user agent's sessions. Every SDH answer comes later, on a
// 0 ms timer; failGet / failSet / failRollback make the next such call fail.
class FakeSessionHost final : public SessionHost {
 public:
  FakeSessionHost(ManualHost& clock, std::string label) : clock_(clock), label_(std::move(label)) {}

  std::optional<Failure> failGet;
  std::optional<Failure> failSet;
  std::optional<Failure> failRollback;
  // Answers requests held for the application (INFO, BYE, ...) with 200 at once.
  bool autoAnswer = true;
  // The content type the SDH takes (hasDescription).
  std::string acceptedType = "application/sdp";

  std::vector<std::string> events;         // everything, in order
  std::vector<std::string> remote;         // bodies given to setDescription
  std::map<const Session*, std::vector<std::string>> states;
  std::map<uint32_t, std::shared_ptr<sip::core::UserAgentServer>> held;

  std::vector<std::string> statesOf(const Session& session) { return states[&session]; }
  size_t count(const std::string& event) const {
    size_t n = 0;
    for (const auto& e : events) n += e == event ? 1 : 0;
    return n;
  }

  void getDescription(Session&, uint32_t handler, DescriptionOptions options, DescriptionCallback done) override {
    events.push_back("get:" + std::to_string(handler) + (options == DescriptionOptions::ReInvite ? ":reinvite" : ""));
    auto failure = std::exchange(failGet, std::nullopt);
    Body body{"session", "application/sdp", sdpFrom(label_, ++version_)};
    clock_.setTimer(0, [done = std::move(done), failure, body] {
      if (failure) {
        done(std::nullopt, failure);
      } else {
        done(body, std::nullopt);
      }
    });
  }
  void setDescription(Session&, uint32_t handler, const Body& body, DescriptionOptions options, Completion done) override {
    events.push_back("set:" + std::to_string(handler) + (options == DescriptionOptions::ReInvite ? ":reinvite" : ""));
    remote.push_back(body.content);
    auto failure = std::exchange(failSet, std::nullopt);
    clock_.setTimer(0, [done = std::move(done), failure] { done(failure); });
  }
  std::optional<Failure> hasDescription(Session&, const std::string& contentType) override {
    if (contentType == acceptedType) return std::nullopt;
    return Failure{FailureKind::ContentTypeUnsupported, "Content type unsupported"};
  }
  void rollbackDescription(Session&, Completion done) override {
    events.push_back("rollback");
    auto failure = std::exchange(failRollback, std::nullopt);
    clock_.setTimer(0, [done = std::move(done), failure] { done(failure); });
  }
  void closeDescriptionHandler(Session&, uint32_t handler) override { events.push_back("close:" + std::to_string(handler)); }
  void adoptDescriptionHandler(Session&, uint32_t handler) override { events.push_back("adopt:" + std::to_string(handler)); }
  void stateChanged(Session& session, SessionState state) override {
    events.push_back(std::string("state:") + toString(state));
    states[&session].push_back(toString(state));
  }
  void requestDelegate(Session&, DelegateId delegate, const char* callback, const sip::Message& response) override {
    events.push_back("delegate:" + std::to_string(delegate) + ":" + callback + ":" + std::to_string(response.statusCode));
  }
  void incomingRequest(Session&, const char* kind, uint32_t request, const sip::Message&) override {
    events.push_back(std::string("incoming:") + kind);
    if (request && autoAnswer) {
      auto uas = held[request];
      held.erase(request);
      uas->accept();
    }
  }
  void reinviteAnswered(Session&, const sip::Message& request, const std::string&, int statusCode) override {
    events.push_back("reinvite:" + std::string(request.method) + ":" + std::to_string(statusCode));
  }
  void requestSent(Session&, const std::string& request) override {
    events.push_back("sent:" + request.substr(0, request.find(' ')));
  }
  uint32_t holdRequest(std::shared_ptr<sip::core::UserAgentServer> uas) override {
    held.emplace(++nextHeld_, std::move(uas));
    return nextHeld_;
  }

 private:
  ManualHost& clock_;
  std::string label_;
  int version_ = 0;
  uint32_t nextHeld_ = 0;
};

// Records what a Completion was called with.
struct Outcome {
  bool called = false;
  std::optional<Failure> failure;
  Completion completion() {
    return [this](std::optional<Failure> f) {
      called = true;
      failure = std::move(f);
    };
  }
  bool ok() const { return called && !failure; }
};

class ApiSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pair = std::make_unique<UaPair>();
    aliceHost = std::make_unique<FakeSessionHost>(pair->host, "alice");
    bobHost = std::make_unique<FakeSessionHost>(pair->host, "bob");
    pair->bob->delegate.onInvite = [this](std::shared_ptr<sip::core::InviteUserAgentServer> uas) {
      InvitationOptions options = bobOptions;
      options.contact = "<sip:bob@bob.invalid;transport=ws>";
      auto invitation = Invitation::create(*pair->bob, *bobHost, uas, options);
      uas->trying();
      invitations.push_back(invitation);
    };
  }
  void TearDown() override {
    inviter.reset();
    invitations.clear();
    aliceHost->held.clear();
    bobHost->held.clear();
    pair.reset();  // the cores, their dialogs and transactions, and the clock with its timers
    EXPECT_EQ(Session::liveCount(), 0u) << "a session leaked";
    sip::test::expectNoLiveObjects();
  }

  std::shared_ptr<Inviter> makeInviter(InviterOptions options = {}) {
    options.contact = "<sip:alice@alice.invalid;transport=ws>";
    return Inviter::create(*pair->alice, *aliceHost, pair->bob->configuration.aor, std::move(options));
  }
  void run() { pair->run(); }
  std::vector<std::string> aliceSent() const { return pair->aliceWire.summary(); }
  std::vector<std::string> bobSent() const { return pair->bobWire.summary(); }

  // alice's INVITE reached bob (whose Invitation answered 100 Trying).
  void invite(InviterOptions options = {}) {
    inviter = makeInviter(std::move(options));
    Outcome sent;
    inviter->invite({}, sent.completion());
    run();
    ASSERT_TRUE(sent.ok());
    ASSERT_EQ(invitations.size(), 1u);
  }
  Invitation& invitation() { return *invitations.at(0); }
  void establish() {
    invite();
    Outcome accepted;
    invitation().accept({}, accepted.completion());
    run();
    ASSERT_TRUE(accepted.ok());
    ASSERT_EQ(inviter->state(), SessionState::Established);
    ASSERT_EQ(invitation().state(), SessionState::Established);
  }

  std::unique_ptr<UaPair> pair;
  std::unique_ptr<FakeSessionHost> aliceHost;
  std::unique_ptr<FakeSessionHost> bobHost;
  InvitationOptions bobOptions;
  std::shared_ptr<Inviter> inviter;
  std::vector<std::shared_ptr<Invitation>> invitations;
};

using States = std::vector<std::string>;
using Lines = std::vector<std::string>;

TEST_F(ApiSessionTest, InviteAcceptByeWalksBothStateMachines) {
  inviter = makeInviter();
  EXPECT_EQ(inviter->state(), SessionState::Initial);
  Outcome sent;
  inviter->invite({}, sent.completion());
  // The offer comes from the SDH first: nothing is sent before it answers.
  EXPECT_FALSE(sent.called);
  EXPECT_TRUE(pair->aliceWire.sent().empty());
  run();
  EXPECT_TRUE(sent.ok());
  ASSERT_EQ(invitations.size(), 1u);
  auto invite = pair->aliceWire.last("INVITE");
  EXPECT_EQ(invite.body, sdpFrom("alice", 1));
  EXPECT_EQ(std::string(*invite.header("Contact")), "<sip:alice@alice.invalid;transport=ws>");
  EXPECT_EQ(inviter->id(), *invite.callId() + *invite.fromTag());

  Outcome accepted;
  invitation().accept({}, accepted.completion());
  EXPECT_EQ(invitation().state(), SessionState::Establishing);
  run();
  EXPECT_TRUE(accepted.ok());
  EXPECT_EQ(aliceSent(), (Lines{"INVITE", "ACK"}));
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "200 INVITE"}));
  EXPECT_EQ(pair->bobWire.last("200 INVITE").body, sdpFrom("bob", 1));
  EXPECT_EQ(aliceHost->remote, (Lines{sdpFrom("bob", 1)}));
  EXPECT_EQ(bobHost->remote, (Lines{sdpFrom("alice", 1)}));
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Establishing", "Established"}));
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Established"}));
  EXPECT_EQ(bobHost->count("incoming:ack"), 1u);
  ASSERT_TRUE(inviter->dialog());
  EXPECT_EQ(inviter->dialog()->callId(), invitation().dialog()->callId());

  Outcome bye;
  SessionRequestOptions options;
  options.delegate = 7;
  options.extraHeaders.push_back("X-Why: done");
  inviter->bye(options, bye.completion());
  EXPECT_TRUE(bye.ok());
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
  run();
  EXPECT_EQ(std::string(*pair->aliceWire.last("BYE").header("X-Why")), "done");
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Established", "Terminated"}));
  EXPECT_EQ(bobHost->count("incoming:bye"), 1u);
  // The request delegate hears the 200 although the session ended when the BYE went out.
  EXPECT_EQ(aliceHost->count("delegate:7:onAccept:200"), 1u);
  // Dispose closed both session SDHs.
  EXPECT_EQ(aliceHost->count("close:0"), 1u);
  EXPECT_EQ(bobHost->count("close:0"), 1u);
  pair->expectQuiet();
}

TEST_F(ApiSessionTest, CancelBeforeTheAnswerEndsBothSides) {
  invite();
  Outcome canceled;
  inviter->cancel(486, "Busy Here", {}, canceled.completion());
  EXPECT_TRUE(canceled.ok());
  EXPECT_EQ(inviter->state(), SessionState::Terminating);
  EXPECT_TRUE(inviter->isCanceled());
  run();
  EXPECT_EQ(aliceSent(), (Lines{"INVITE", "CANCEL", "ACK"}));
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "200 CANCEL", "487 INVITE"}));
  EXPECT_EQ(std::string(*pair->aliceWire.last("CANCEL").header("Reason")), "SIP;cause=486;text=\"Busy Here\"");
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Establishing", "Terminating", "Terminated"}));
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Terminated"}));
  EXPECT_EQ(bobHost->count("incoming:cancel"), 1u);
  // A late accept() is refused.
  Outcome late;
  invitation().accept({}, late.completion());
  ASSERT_TRUE(late.failure);
  EXPECT_EQ(late.failure->kind, FailureKind::Error);
  EXPECT_EQ(late.failure->message, "Invalid session state Terminated");
  pair->expectQuiet();
}

TEST_F(ApiSessionTest, CancelBeforeTheInviteWasSentSendsNothing) {
  inviter = makeInviter();
  Outcome canceled;
  inviter->cancel(0, {}, {}, canceled.completion());
  EXPECT_TRUE(canceled.ok());
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Terminating", "Terminated"}));
  run();
  EXPECT_TRUE(pair->aliceWire.sent().empty());
}

TEST_F(ApiSessionTest, CancelWithABadStatusCodeThrowsAndChangesNothing) {
  invite();
  Outcome canceled;
  EXPECT_THROW(inviter->cancel(150, "Nope", {}, canceled.completion()), std::invalid_argument);
  EXPECT_EQ(inviter->state(), SessionState::Establishing) << "validated before the state changes";
  run();
  EXPECT_EQ(pair->aliceWire.count("CANCEL"), 0u);
  inviter->cancel(0, {}, {}, canceled.completion());
  run();
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
}

TEST_F(ApiSessionTest, RejectSendsTheFinalResponseAndEndsTheInviter) {
  invite();
  ResponseRequestOptions bad;
  bad.statusCode = 200;
  Outcome unused;
  EXPECT_THROW(invitation().reject(bad, unused.completion()), std::invalid_argument);
  EXPECT_THROW(invitation().progress(bad, unused.completion()), std::invalid_argument);
  EXPECT_FALSE(unused.called);
  ResponseRequestOptions options;
  options.statusCode = 603;
  options.extraHeaders.push_back("X-Why: no");
  Outcome rejected;
  invitation().reject(options, rejected.completion());
  EXPECT_TRUE(rejected.ok());
  run();
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "603 INVITE"}));
  EXPECT_EQ(pair->bobWire.last("603 INVITE").reasonPhrase, "Decline");
  EXPECT_EQ(aliceSent(), (Lines{"INVITE", "ACK"}));
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Terminated"}));
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Establishing", "Terminated"}));
  // reject() once more: refused.
  Outcome again;
  invitation().reject({}, again.completion());
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.failure->message, "Invalid session state Terminated");
  pair->expectQuiet();
}

TEST_F(ApiSessionTest, WrongStateCallsFailWithSipJsMessages) {
  inviter = makeInviter();
  Outcome bye, info, message, refer, reinvite;
  inviter->bye({}, bye.completion());
  inviter->info({}, info.completion());
  inviter->message({}, message.completion());
  inviter->refer("<sip:carol@example.com>", {}, false, refer.completion());
  for (auto* o : {&bye, &info, &message, &refer}) {
    ASSERT_TRUE(o->failure);
    EXPECT_EQ(o->failure->kind, FailureKind::Error);
    EXPECT_EQ(o->failure->message, "Invalid session state Initial");
  }
  ReinviteOptions r;
  inviter->reinvite(r, reinvite.completion());
  ASSERT_TRUE(reinvite.failure);
  EXPECT_EQ(reinvite.failure->message, "Invalid session state Initial");
  run();
  EXPECT_TRUE(pair->aliceWire.sent().empty());
  EXPECT_TRUE(aliceHost->statesOf(*inviter).empty());

  establish();
  Outcome cancel, accept;
  inviter->cancel(0, {}, {}, cancel.completion());
  ASSERT_TRUE(cancel.failure);
  EXPECT_EQ(cancel.failure->message, "Invalid session state Established");
  invitation().accept({}, accept.completion());
  ASSERT_TRUE(accept.failure);
  EXPECT_EQ(accept.failure->message, "Invalid session state Established");
}

TEST_F(ApiSessionTest, ReinviteOfferAnswerBothWays) {
  establish();
  ReinviteOptions options;
  options.request.delegate = 3;
  Outcome sent;
  inviter->reinvite(options, sent.completion());
  EXPECT_TRUE(inviter->pendingReinvite());
  // A second one while the first is pending.
  Outcome second;
  inviter->reinvite({}, second.completion());
  ASSERT_TRUE(second.failure);
  EXPECT_EQ(second.failure->kind, FailureKind::RequestPending);
  EXPECT_EQ(second.failure->message, "Reinvite in progress. Please wait until complete, then try again.");
  run();
  EXPECT_TRUE(sent.ok());
  EXPECT_FALSE(inviter->pendingReinvite());
  EXPECT_EQ(aliceSent(), (Lines{"INVITE", "ACK", "INVITE", "ACK"}));
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "200 INVITE", "200 INVITE"}));
  auto reinvite = pair->aliceWire.last("INVITE");
  EXPECT_EQ(reinvite.cseq()->number, 2u);
  EXPECT_EQ(reinvite.body, sdpFrom("alice", 2));
  EXPECT_EQ(std::string(*reinvite.header("Contact")), "<sip:alice@alice.invalid;transport=ws>");
  EXPECT_EQ(pair->bobWire.last("200 INVITE").body, sdpFrom("bob", 2));
  EXPECT_EQ(std::string(*pair->bobWire.last("200 INVITE").header("Contact")), "<sip:bob@bob.invalid;transport=ws>");
  EXPECT_EQ(aliceHost->count("get:0:reinvite"), 1u);
  EXPECT_EQ(aliceHost->count("set:0:reinvite"), 1u);
  EXPECT_EQ(bobHost->count("set:0:reinvite"), 1u);
  EXPECT_EQ(bobHost->count("get:0:reinvite"), 1u);
  EXPECT_EQ(bobHost->count("reinvite:INVITE:200"), 1u);
  EXPECT_EQ(aliceHost->count("delegate:3:onAccept:200"), 1u);

  // The other way, without SDP: bob's offer comes in alice's 200, bob answers in the ACK.
  ReinviteOptions withoutSdp;
  withoutSdp.withoutSdp = true;
  Outcome fromBob;
  invitation().reinvite(withoutSdp, fromBob.completion());
  EXPECT_TRUE(fromBob.ok()) << "sent at once: no offer to wait for";
  run();
  auto bobInvite = pair->bobWire.last("INVITE");
  EXPECT_TRUE(bobInvite.body.empty());
  EXPECT_EQ(pair->aliceWire.last("200 INVITE").body, sdpFrom("alice", 3));
  EXPECT_EQ(pair->bobWire.last("ACK").body, sdpFrom("bob", 3));
  EXPECT_EQ(aliceHost->remote.back(), sdpFrom("bob", 3));
  EXPECT_EQ(aliceHost->count("reinvite:INVITE:200"), 1u);
  EXPECT_EQ(inviter->state(), SessionState::Established);
  EXPECT_EQ(invitation().state(), SessionState::Established);
}

TEST_F(ApiSessionTest, ReinviteRefusedByThePeersSdhIs488AndRollsBack) {
  establish();
  bobHost->failSet = Failure{FailureKind::SdhError, "cannot take that offer"};
  ReinviteOptions options;
  options.request.delegate = 5;
  Outcome sent;
  inviter->reinvite(options, sent.completion());
  run();
  EXPECT_TRUE(sent.ok());
  EXPECT_EQ(bobSent().back(), "488 INVITE");
  EXPECT_EQ(bobHost->count("rollback"), 1u);
  EXPECT_EQ(bobHost->count("reinvite:INVITE:488"), 1u);
  EXPECT_EQ(aliceHost->count("rollback"), 1u);
  EXPECT_EQ(aliceHost->count("delegate:5:onReject:488"), 1u);
  EXPECT_EQ(inviter->state(), SessionState::Established);
  EXPECT_EQ(invitation().state(), SessionState::Established);
  EXPECT_FALSE(inviter->pendingReinvite());
}

TEST_F(ApiSessionTest, ReinviteWhoseRollbackFailsEndsTheSessionWithBye500) {
  establish();
  bobHost->failSet = Failure{FailureKind::SdhError, "cannot take that offer"};
  bobHost->failRollback = Failure{FailureKind::SdhError, "cannot roll back either"};
  Outcome sent;
  inviter->reinvite({}, sent.completion());
  run();
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "200 INVITE", "488 INVITE", "BYE"}));
  EXPECT_EQ(std::string(*pair->bobWire.last("BYE").header("Reason")), "SIP;cause=500;text=\"Internal Server Error\"");
  EXPECT_EQ(invitation().state(), SessionState::Terminated);
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
}

TEST_F(ApiSessionTest, AcceptWhoseAnswerFailsRejects480AndTerminates) {
  invite();
  bobHost->failGet = Failure{FailureKind::SdhError, "no media"};
  Outcome accepted;
  invitation().accept({}, accepted.completion());
  run();
  ASSERT_TRUE(accepted.failure);
  EXPECT_EQ(accepted.failure->kind, FailureKind::SdhError);
  EXPECT_EQ(accepted.failure->message, "no media");
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Terminated"}));
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "480 INVITE"}));
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Establishing", "Terminated"}));
  pair->expectQuiet();
}

TEST_F(ApiSessionTest, AnOfferTheSdhCannotTakeIsRejected415) {
  invite();
  bobHost->acceptedType = "application/x-nothing";  // the SDH refuses application/sdp
  Outcome accepted;
  invitation().accept({}, accepted.completion());
  run();
  ASSERT_TRUE(accepted.failure);
  EXPECT_EQ(accepted.failure->kind, FailureKind::ContentTypeUnsupported);
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "415 INVITE"}));
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Terminated"}));
  EXPECT_EQ(bobHost->count("set:0"), 0u);
}

TEST_F(ApiSessionTest, InviteWhoseOfferFailsTerminatesWithoutSending) {
  inviter = makeInviter();
  aliceHost->failGet = Failure{FailureKind::SdhError, "no microphone"};
  Outcome sent;
  inviter->invite({}, sent.completion());
  run();
  ASSERT_TRUE(sent.failure);
  EXPECT_EQ(sent.failure->message, "no microphone");
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Terminated"}));
  EXPECT_TRUE(pair->aliceWire.sent().empty());
}

TEST_F(ApiSessionTest, AnAnswerTheCallersSdhRefusesIsAckedAndByedWith488) {
  invite();
  aliceHost->failSet = Failure{FailureKind::SdhError, "bad answer"};
  Outcome accepted;
  invitation().accept({}, accepted.completion());
  run();
  EXPECT_EQ(aliceSent(), (Lines{"INVITE", "ACK", "BYE"}));
  EXPECT_EQ(std::string(*pair->aliceWire.last("BYE").header("Reason")), "SIP;cause=488;text=\"Not Acceptable Here\"");
  EXPECT_EQ(aliceHost->statesOf(*inviter), (States{"Establishing", "Terminated"}));
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Established", "Terminated"}));
  pair->expectQuiet();
}

TEST_F(ApiSessionTest, NoAckWithin64T1ByesAndTerminates) {
  invite();
  pair->aliceWire.drop = [](const std::string& text) { return text.rfind("ACK ", 0) == 0; };
  Outcome accepted;
  invitation().accept({}, accepted.completion());
  run();
  EXPECT_TRUE(accepted.ok());
  EXPECT_EQ(invitation().state(), SessionState::Established);
  pair->advance(31999);
  EXPECT_EQ(invitation().state(), SessionState::Established);
  EXPECT_GT(pair->bobWire.count("200 INVITE"), 5u) << "the 2xx is retransmitted meanwhile";
  EXPECT_EQ(pair->bobWire.count("BYE"), 0u);
  pair->advance(1);
  EXPECT_EQ(pair->bobWire.count("BYE"), 1u);
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Established", "Terminated"}));
  EXPECT_EQ(bobHost->count("incoming:ack"), 0u);
  run();
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
  pair->expectQuiet();
}

TEST_F(ApiSessionTest, ByeBeforeTheAckWaitsInTerminating) {
  invite();
  std::vector<std::string> held;
  pair->aliceWire.drop = [&held](const std::string& text) {
    if (text.rfind("ACK ", 0) != 0) return false;
    held.push_back(text);
    return true;
  };
  Outcome accepted;
  invitation().accept({}, accepted.completion());
  run();
  Outcome bye;
  invitation().bye({}, bye.completion());
  EXPECT_EQ(invitation().state(), SessionState::Terminating);
  EXPECT_FALSE(bye.called);
  run();
  EXPECT_EQ(pair->bobWire.count("BYE"), 0u);
  ASSERT_EQ(held.size(), 1u);
  pair->bob->receive(held[0]);
  run();
  EXPECT_TRUE(bye.ok());
  EXPECT_EQ(pair->bobWire.count("BYE"), 1u);
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Establishing", "Established", "Terminating", "Terminated"}));
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
}

TEST_F(ApiSessionTest, NoAnswerTimeoutRejects480) {
  bobOptions.noAnswerTimeout = 5;
  invite();
  pair->advance(4999);
  EXPECT_EQ(invitation().state(), SessionState::Initial);
  pair->advance(1);
  EXPECT_EQ(bobSent(), (Lines{"100 INVITE", "480 INVITE"}));
  EXPECT_EQ(bobHost->statesOf(invitation()), (States{"Terminated"}));
  run();
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
}

TEST_F(ApiSessionTest, InDialogRequestsReachTheHostAndItsAnswersTheDelegate) {
  establish();
  SessionRequestOptions info;
  info.delegate = 9;
  info.body = Body{"render", "application/dtmf-relay", "Signal=5\r\nDuration=160"};
  Outcome sentInfo, sentMessage;
  inviter->info(info, sentInfo.completion());
  SessionRequestOptions message;
  message.delegate = 10;
  message.body = Body{"render", "text/plain", "hi"};
  invitation().message(message, sentMessage.completion());
  EXPECT_TRUE(sentInfo.ok());
  EXPECT_TRUE(sentMessage.ok());
  run();
  EXPECT_EQ(pair->aliceWire.last("INFO").body, "Signal=5\r\nDuration=160");
  EXPECT_EQ(bobHost->count("incoming:info"), 1u);
  EXPECT_EQ(aliceHost->count("incoming:message"), 1u);
  EXPECT_EQ(aliceHost->count("delegate:9:onAccept:200"), 1u);
  EXPECT_EQ(bobHost->count("delegate:10:onAccept:200"), 1u);
  // A REFER without Refer-To is rejected by the session itself.
  EXPECT_EQ(bobHost->count("incoming:refer"), 0u);
}

TEST_F(ApiSessionTest, ReferCarriesSipJsHeadersAndTheReferredInviterNotifiesProgress) {
  establish();
  Outcome referred;
  inviter->refer("<sip:carol@example.com>", {}, true, referred.completion());
  EXPECT_TRUE(referred.ok());
  run();
  auto refer = pair->aliceWire.last("REFER");
  EXPECT_EQ(std::string(*refer.header("Refer-To")), "<sip:carol@example.com>");
  EXPECT_EQ(std::string(*refer.header("Referred-By")), "<sip:alice@example.com>");
  EXPECT_EQ(std::string(*refer.header("Contact")), "<sip:alice@alice.invalid;transport=ws>");
  EXPECT_EQ(bobHost->count("incoming:refer"), 1u);
  // bob follows it: an Inviter referred by his session reports to alice as NOTIFYs (sipfrag).
  InviterOptions options;
  options.contact = "<sip:bob@bob.invalid;transport=ws>";
  options.referred = invitations[0];
  auto transfer = Inviter::create(*pair->bob, *bobHost, *sip::parseUri("sip:carol@example.com"), options);
  // carol is scripted here: her INVITE stays on the wire; bob is fed a 180 and a 486 for it.
  pair->bobWire.drop = [](const std::string& text) { return text.rfind("INVITE sip:carol@", 0) == 0; };
  Outcome sent;
  transfer->invite({}, sent.completion());
  run();
  auto invite = pair->bobWire.last("INVITE");
  pair->bob->receive(sip::test::respond(invite, 180, "carol", {"Contact: <sip:carol@192.0.2.7>"}));
  run();
  pair->bob->receive(sip::test::respond(invite, 486, "carol"));
  run();
  std::vector<std::string> fragments;
  for (size_t i = 0; auto notify = pair->bobWire.find("NOTIFY", i); ++i) {
    EXPECT_EQ(std::string(*notify->header("Event")), "refer");
    EXPECT_EQ(std::string(*notify->header("Subscription-State")), "terminated");
    EXPECT_EQ(std::string(*notify->header("Content-Type")), "message/sipfrag");
    fragments.push_back(notify->body);
  }
  EXPECT_EQ(fragments, (Lines{"SIP/2.0 180 Reason", "SIP/2.0 486 Reason"}));
  // alice's session captured the NOTIFYs for the refer() caller's onNotify.
  EXPECT_EQ(aliceHost->count("incoming:referNotify"), 2u);
  EXPECT_EQ(transfer->state(), SessionState::Terminated);
  transfer.reset();
}

TEST_F(ApiSessionTest, AnInviterDroppedByItsOwnerIsFreedAndNeverCalledBack) {
  invite();
  std::weak_ptr<Inviter> weak = inviter;
  inviter.reset();
  EXPECT_TRUE(weak.expired());
  size_t before = aliceHost->events.size();
  Outcome accepted;
  invitation().accept({}, accepted.completion());
  run();
  EXPECT_TRUE(accepted.ok());
  // The 200 finds no session: the core answers it (ACK) on its own; the host hears nothing.
  EXPECT_EQ(aliceHost->events.size(), before);
}

}  // namespace
