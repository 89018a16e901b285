// src/api/session_timer (RFC 4028 session timers): the negotiation functions, the SessionTimer
// state machine on a manual clock, the 422 retry of an INVITE, and two sessions of ours
// (Inviter / Invitation over two UA cores) that refresh, refresh with UPDATE, retry after a 422
// and end with BYE when a refresh goes missing.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/invitation.h"
#include "api/inviter.h"
#include "api/session_timer.h"
#include "core/messages/utils.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/user_agent_server.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::api;
using sip::test::ManualHost;

// ---- messages ----

std::string headersText(const std::vector<std::string>& headers) {
  std::string text;
  for (const auto& h : headers) text += h + "\r\n";
  return text;
}

sip::Message request(const std::vector<std::string>& headers, const std::string& method = "INVITE") {
  std::string text = method + " sip:bob@example.com SIP/2.0\r\n"
                              "Via: SIP/2.0/WSS alice.invalid;branch=z9hG4bKtest1\r\n"
                              "From: <sip:alice@example.com>;tag=a1\r\n"
                              "To: <sip:bob@example.com>\r\n"
                              "Call-ID: timer-test-1\r\n"
                              "CSeq: 1 " +
                     method + "\r\nMax-Forwards: 70\r\n" + headersText(headers) + "Content-Length: 0\r\n\r\n";
  auto parsed = sip::parseMessage(text);
  EXPECT_TRUE(parsed.message) << parsed.error;
  return parsed.message ? *parsed.message : sip::Message{};
}

sip::Message response(int statusCode, const std::vector<std::string>& headers, const std::string& method = "INVITE") {
  std::string text = "SIP/2.0 " + std::to_string(statusCode) +
                     " Reason\r\n"
                     "Via: SIP/2.0/WSS alice.invalid;branch=z9hG4bKtest1\r\n"
                     "From: <sip:alice@example.com>;tag=a1\r\n"
                     "To: <sip:bob@example.com>;tag=b1\r\n"
                     "Call-ID: timer-test-1\r\n"
                     "CSeq: 1 " +
                     method + "\r\n" + headersText(headers) + "Content-Length: 0\r\n\r\n";
  auto parsed = sip::parseMessage(text);
  EXPECT_TRUE(parsed.message) << parsed.error;
  return parsed.message ? *parsed.message : sip::Message{};
}

SessionTimerOptions enabled(uint32_t sessionExpires = 1800, uint32_t minSE = 90,
                            RefreshMethod method = RefreshMethod::Update) {
  SessionTimerOptions o;
  o.enabled = true;
  o.sessionExpires = sessionExpires;
  o.minSE = minSE;
  o.refreshMethod = method;
  return o;
}

using Headers = std::vector<std::string>;

// ---- options and delays ----

TEST(SessionTimerOptionsTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(validate(enabled()), "");
  EXPECT_EQ(validate(SessionTimerOptions{}), "");  // the defaults
  EXPECT_NE(validate(enabled(1800, 89)).find("minSE"), std::string::npos);
  EXPECT_NE(validate(enabled(100, 120)).find("sessionExpires"), std::string::npos);
  EXPECT_NE(validate(enabled(3000000, 90)).find("2147483"), std::string::npos);
  EXPECT_EQ(validate(enabled(90, 90)), "");
}

TEST(SessionTimerOptionsTest, ExpiryIsTheIntervalLessMin32OrAThirdAndRefreshIsHalf) {
  EXPECT_EQ(expiryDelayMs(90), 60000u);      // 90 - 30
  EXPECT_EQ(expiryDelayMs(96), 64000u);      // 96 - 32
  EXPECT_EQ(expiryDelayMs(1800), 1768000u);  // 1800 - 32
  EXPECT_EQ(expiryDelayMs(60), 40000u);      // a peer's (too small) interval still works
  EXPECT_EQ(refreshDelayMs(90), 45000u);
  EXPECT_EQ(refreshDelayMs(1800), 900000u);
  // JavaScript's setTimeout takes at most 2^31 - 1 ms: longer intervals are clamped, not wrapped.
  EXPECT_EQ(expiryDelayMs(4294967295u), 2147483647u);
  EXPECT_EQ(refreshDelayMs(4294967295u), 2147483647u);
}

// ---- negotiation as UAS (RFC 4028 §9) ----

TEST(SessionTimerNegotiationTest, UasKeepsTheAskedIntervalAndLetsASupportingUacRefresh) {
  auto n = negotiateAsUas(enabled(), 90, true, request({"Session-Expires: 1800", "Supported: timer"}));
  EXPECT_FALSE(n.tooSmall);
  EXPECT_TRUE(n.useTimer);
  EXPECT_EQ(n.interval, 1800u);
  EXPECT_TRUE(n.uacRefreshes);
  EXPECT_EQ(n.headers(), (Headers{"Session-Expires: 1800;refresher=uac", "Require: timer"}));
}

TEST(SessionTimerNegotiationTest, UasAnswers422WithItsMinSeWhenTheIntervalIsTooSmall) {
  auto n = negotiateAsUas(enabled(1800, 300), 300, true, request({"Session-Expires: 120", "Supported: timer"}));
  EXPECT_TRUE(n.tooSmall);
  EXPECT_EQ(n.headers(), (Headers{"Min-SE: 300"}));
}

TEST(SessionTimerNegotiationTest, UasRaisesATooSmallIntervalForAUacThatCannotTakeA422) {
  // No Supported: timer (a proxy added Session-Expires): the UAS must refresh, and raise it itself.
  auto n = negotiateAsUas(enabled(1800, 300), 300, true, request({"Session-Expires: 120"}));
  EXPECT_FALSE(n.tooSmall);
  EXPECT_EQ(n.interval, 300u);
  EXPECT_FALSE(n.uacRefreshes);
  EXPECT_EQ(n.headers(), (Headers{"Session-Expires: 300;refresher=uas"}));
}

TEST(SessionTimerNegotiationTest, UasShortensTheIntervalButNotBelowEitherMinimum) {
  auto shorter = negotiateAsUas(enabled(600), 90, true, request({"Session-Expires: 3600", "Supported: timer"}));
  EXPECT_EQ(shorter.interval, 600u);
  auto floor = negotiateAsUas(enabled(600), 90, true,
                              request({"Session-Expires: 3600", "Min-SE: 1000", "Supported: timer"}));
  EXPECT_EQ(floor.interval, 1000u);
  // A passive session (enabled: false) takes the interval as asked.
  auto passive = negotiateAsUas(SessionTimerOptions{}, 90, false, request({"Session-Expires: 3600", "Supported: timer"}));
  EXPECT_EQ(passive.interval, 3600u);
}

TEST(SessionTimerNegotiationTest, UasKeepsTheRefresherTheRequestNames) {
  auto n = negotiateAsUas(enabled(), 90, true,
                          request({"Session-Expires: 1800;refresher=uas", "Supported: timer"}));
  EXPECT_FALSE(n.uacRefreshes);
  EXPECT_EQ(n.headers(), (Headers{"Session-Expires: 1800;refresher=uas", "Require: timer"}));
}

TEST(SessionTimerNegotiationTest, UasInsertsATimerOnlyWhenActive) {
  auto supporting = negotiateAsUas(enabled(1200), 90, true, request({"Supported: timer, 100rel"}));
  EXPECT_EQ(supporting.headers(), (Headers{"Session-Expires: 1200;refresher=uac", "Require: timer"}));
  // SIP.js's INVITE: no timer support, so we refresh and the 2xx requires nothing.
  auto sipjs = negotiateAsUas(enabled(1200), 90, true, request({"Supported: outbound"}));
  EXPECT_EQ(sipjs.headers(), (Headers{"Session-Expires: 1200;refresher=uas"}));
  auto passive = negotiateAsUas(SessionTimerOptions{}, 90, false, request({"Supported: timer"}));
  EXPECT_FALSE(passive.useTimer);
  EXPECT_TRUE(passive.headers().empty());
}

TEST(SessionTimerNegotiationTest, CompactSessionExpiresIsRead) {
  auto n = negotiateAsUas(enabled(), 90, true, request({"x: 900;refresher=uac", "k: timer"}));
  EXPECT_EQ(n.interval, 900u);
  EXPECT_TRUE(n.uacRefreshes);
}

// ---- negotiation as UAC (RFC 4028 §7.2) ----

TEST(SessionTimerNegotiationTest, UacTakesIntervalAndRefresherFromThe2xx) {
  auto uac = negotiateAsUac(response(200, {"Session-Expires: 1200;refresher=uac", "Require: timer"}));
  EXPECT_TRUE(uac.useTimer);
  EXPECT_EQ(uac.interval, 1200u);
  EXPECT_TRUE(uac.uacRefreshes);
  EXPECT_FALSE(negotiateAsUac(response(200, {"Session-Expires: 1200;refresher=uas"})).uacRefreshes);
  EXPECT_TRUE(negotiateAsUac(response(200, {"Session-Expires: 1200"})).uacRefreshes);
  auto off = negotiateAsUac(response(200, {"Supported: timer"}));
  EXPECT_FALSE(off.useTimer);
  EXPECT_FALSE(off.peerLacksTimer);
  EXPECT_TRUE(negotiateAsUac(response(200, {"Supported: outbound"})).peerLacksTimer);
}

// ---- the SessionTimer state machine ----

class SessionTimerTest : public ::testing::Test {
 protected:
  void make(SessionTimerOptions options = enabled(90), bool ownsCallId = true, bool updateAllowed = true) {
    SessionTimer::Actions actions;
    actions.refresh = [this](RefreshMethod method) {
      refreshes.push_back(method);
      refreshTimes.push_back(host.now());
      return refreshSucceeds;
    };
    actions.expire = [this] { expiries.push_back(host.now()); };
    timer = std::make_unique<SessionTimer>(host, options, ownsCallId, updateAllowed, std::move(actions));
  }

  ManualHost host;
  std::unique_ptr<SessionTimer> timer;
  std::vector<RefreshMethod> refreshes;
  std::vector<uint64_t> refreshTimes;
  std::vector<uint64_t> expiries;
  bool refreshSucceeds = true;
};

TEST_F(SessionTimerTest, HeadersOfRequestsWeSend) {
  make(enabled(1800, 120));
  EXPECT_EQ(timer->initialRequestHeaders(), (Headers{"Session-Expires: 1800", "Min-SE: 120"}));
  EXPECT_EQ(timer->refreshRequestHeaders(), (Headers{"Session-Expires: 1800", "Min-SE: 120"}));
  timer->requestAccepted(response(200, {"Session-Expires: 1800;refresher=uas", "Require: timer"}));
  // The peer stays the refresher: in our request it is the UAS.
  EXPECT_EQ(timer->refreshRequestHeaders(), (Headers{"Session-Expires: 1800;refresher=uas", "Min-SE: 120"}));
  SessionTimer passive(host, SessionTimerOptions{}, true, true, {});
  EXPECT_TRUE(passive.initialRequestHeaders().empty());
  EXPECT_TRUE(passive.refreshRequestHeaders().empty());
}

TEST_F(SessionTimerTest, LocalRefresherRefreshesAtHalfTheIntervalAndExpiresAtTheFullIntervalWithoutAnAnswer) {
  make();
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac", "Require: timer"}));
  EXPECT_TRUE(timer->running());
  EXPECT_EQ(timer->refresher(), Refresher::Local);
  host.advance(44999);
  EXPECT_TRUE(refreshes.empty());
  host.advance(1);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(refreshes[0], RefreshMethod::Invite);  // the peer's Allow is unknown
  // The refresher's expiry is a backstop at the full interval (the peer ends it at 60 s).
  host.advance(44999);
  EXPECT_TRUE(expiries.empty());
  host.advance(1);
  EXPECT_EQ(expiries, (std::vector<uint64_t>{90000}));
  EXPECT_FALSE(timer->running());
  host.advance(600000);
  EXPECT_EQ(expiries.size(), 1u);
  EXPECT_EQ(refreshes.size(), 1u);
}

TEST_F(SessionTimerTest, EachAcceptedRefreshRestartsBothTimers) {
  make();
  auto ok = response(200, {"Session-Expires: 90;refresher=uac", "Require: timer"});
  timer->requestAccepted(ok);
  for (int i = 1; i <= 20; ++i) {
    host.advance(45000);
    ASSERT_EQ(refreshes.size(), static_cast<size_t>(i));
    host.advance(100);  // the 2xx to the refresh
    timer->requestAccepted(ok);
  }
  EXPECT_TRUE(expiries.empty());
  EXPECT_EQ(refreshTimes[1] - refreshTimes[0], 45100u);
}

TEST_F(SessionTimerTest, RemoteRefresherIsWaitedForAndTheSessionExpiresWithoutIt) {
  make();
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uas", "Require: timer"}));
  EXPECT_EQ(timer->refresher(), Refresher::Remote);
  host.advance(59999);
  EXPECT_TRUE(refreshes.empty());
  EXPECT_TRUE(expiries.empty());
  // Their refresh arrives: the expiry moves on.
  auto headers = timer->accepting(request({"Session-Expires: 90;refresher=uac", "Supported: timer"}, "UPDATE"));
  EXPECT_EQ(headers, (Headers{"Session-Expires: 90;refresher=uac", "Require: timer"}));
  EXPECT_EQ(timer->refresher(), Refresher::Remote);
  host.advance(59999);
  EXPECT_TRUE(expiries.empty());
  host.advance(1);
  EXPECT_EQ(expiries, (std::vector<uint64_t>{119999}));
  EXPECT_TRUE(refreshes.empty());
}

TEST_F(SessionTimerTest, AcceptingARequestFromAPeerWithoutTimersMakesUsTheRefresher) {
  make(enabled(1800));
  auto headers = timer->accepting(request({"Supported: outbound", "Allow: INVITE, ACK, BYE, CANCEL"}));
  EXPECT_EQ(headers, (Headers{"Session-Expires: 1800;refresher=uas"}));
  EXPECT_EQ(timer->refresher(), Refresher::Local);
  host.advance(900000);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(refreshes[0], RefreshMethod::Invite);  // the peer does not allow UPDATE
}

TEST_F(SessionTimerTest, RefreshesWithUpdateWhenBothSidesAllowIt) {
  make(enabled(90));
  timer->requestAccepted(
      response(200, {"Session-Expires: 90;refresher=uac", "Require: timer", "Allow: INVITE, ACK, BYE, UPDATE"}));
  EXPECT_EQ(timer->refreshMethod(), RefreshMethod::Update);
  host.advance(45000);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(refreshes[0], RefreshMethod::Update);
  // The peer refuses it: re-INVITE at once, and from then on.
  timer->requestRejected(response(405, {"Allow: INVITE, ACK, BYE"}, "UPDATE"), true);
  host.runDue();
  ASSERT_EQ(refreshes.size(), 2u);
  EXPECT_EQ(refreshes[1], RefreshMethod::Invite);
  EXPECT_EQ(timer->refreshMethod(), RefreshMethod::Invite);
}

TEST_F(SessionTimerTest, RefreshMethodFollowsOptionsAndOurOwnUpdateSupport) {
  auto allowUpdate = response(200, {"Session-Expires: 90;refresher=uac", "Allow: INVITE, UPDATE"});
  make(enabled(90, 90, RefreshMethod::Invite));
  timer->requestAccepted(allowUpdate);
  EXPECT_EQ(timer->refreshMethod(), RefreshMethod::Invite);
  make(enabled(90), true, /*updateAllowed=*/false);
  timer->requestAccepted(allowUpdate);
  EXPECT_EQ(timer->refreshMethod(), RefreshMethod::Invite);
  make(enabled(90));
  timer->requestAccepted(allowUpdate);
  EXPECT_EQ(timer->refreshMethod(), RefreshMethod::Update);
  // A later 2xx without Allow keeps what we know.
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  EXPECT_EQ(timer->refreshMethod(), RefreshMethod::Update);
}

TEST_F(SessionTimerTest, A422RaisesIntervalAndMinSeAndTheRefreshIsSentAgain) {
  make(enabled(90));
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac", "Require: timer"}));
  host.advance(45000);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_TRUE(timer->requestRejected(response(422, {"Min-SE: 300"}), true));
  EXPECT_EQ(timer->interval(), 300u);
  EXPECT_EQ(timer->minSE(), 300u);
  EXPECT_EQ(timer->refreshRequestHeaders(), (Headers{"Session-Expires: 300;refresher=uac", "Min-SE: 300"}));
  host.runDue();
  EXPECT_EQ(refreshes.size(), 2u);
  // A 422 that asks for nothing larger cannot be helped.
  EXPECT_FALSE(timer->requestRejected(response(422, {"Min-SE: 200"}), true));
  EXPECT_FALSE(timer->requestRejected(response(422, {}), true));
  // The application's own request: Min-SE learnt, nothing sent by the timer.
  EXPECT_TRUE(timer->requestRejected(response(422, {"Min-SE: 600"}), false));
  host.runDue();
  EXPECT_EQ(refreshes.size(), 2u);
  EXPECT_EQ(timer->interval(), 600u);
}

TEST_F(SessionTimerTest, GlareIsRetriedAfterTheRfc3261BackOff) {
  make(enabled(90), /*ownsCallId=*/true);
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  host.advance(45000);
  host.scriptRandom({0});  // the shortest wait: 2.1 s for the owner of the Call-ID
  timer->requestRejected(response(491, {}), true);
  host.advance(2099);
  EXPECT_EQ(refreshes.size(), 1u);
  host.advance(1);
  EXPECT_EQ(refreshes.size(), 2u);

  make(enabled(90), /*ownsCallId=*/false);
  refreshes.clear();
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  host.advance(45000);
  host.scriptRandom({0x80000000u});  // half of 0-2 s for the other side
  timer->requestRejected(response(491, {}), true);
  host.advance(999);
  EXPECT_EQ(refreshes.size(), 1u);
  host.advance(1);
  EXPECT_EQ(refreshes.size(), 2u);
}

TEST_F(SessionTimerTest, RetryAfterOf500IsHonouredAndOtherFailuresWaitForExpiry) {
  make(enabled(90));
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  host.advance(45000);
  timer->requestRejected(response(500, {"Retry-After: 3"}), true);
  host.advance(2999);
  EXPECT_EQ(refreshes.size(), 1u);
  host.advance(1);
  EXPECT_EQ(refreshes.size(), 2u);
  timer->requestRejected(response(488, {}), true);
  host.advance(41999);
  EXPECT_EQ(refreshes.size(), 2u);
  EXPECT_TRUE(expiries.empty());
  host.advance(1);  // 90 s after the last 2xx
  EXPECT_EQ(expiries.size(), 1u);
}

TEST_F(SessionTimerTest, A408Or481ToARefreshEndsTheSessionAtOnce) {
  make(enabled(90));
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  host.advance(45000);
  timer->requestRejected(response(481, {}), true);
  EXPECT_EQ(expiries, (std::vector<uint64_t>{45000}));
  EXPECT_FALSE(timer->running());
  host.advance(600000);
  EXPECT_EQ(expiries.size(), 1u);
  EXPECT_EQ(refreshes.size(), 1u);
}

TEST_F(SessionTimerTest, ABusySessionIsAskedAgainLater) {
  make(enabled(90));
  refreshSucceeds = false;
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  host.advance(45000);
  EXPECT_EQ(refreshes.size(), 1u);
  host.advance(2000);
  EXPECT_EQ(refreshes.size(), 2u);
  refreshSucceeds = true;
  host.advance(2000);
  EXPECT_EQ(refreshes.size(), 3u);
  host.advance(10000);
  EXPECT_EQ(refreshes.size(), 3u);
}

TEST_F(SessionTimerTest, A2xxWithoutSessionExpiresTurnsTheTimerOffUnlessThePeerLacksTimers) {
  make(enabled(90));
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac", "Supported: timer"}));
  timer->requestAccepted(response(200, {"Supported: timer"}));
  EXPECT_FALSE(timer->running());
  host.advance(600000);
  EXPECT_TRUE(refreshes.empty());
  EXPECT_TRUE(expiries.empty());

  // SIP.js answers without Session-Expires and without "timer": we go on refreshing ourselves.
  make(enabled(90));
  timer->requestAccepted(response(200, {"Supported: outbound"}));
  EXPECT_EQ(timer->refresher(), Refresher::Local);
  EXPECT_EQ(timer->interval(), 90u);
  host.advance(45000);
  EXPECT_EQ(refreshes.size(), 1u);

  // A passive session only obeys.
  make(SessionTimerOptions{});
  timer->requestAccepted(response(200, {"Supported: outbound"}));
  EXPECT_FALSE(timer->running());
}

TEST_F(SessionTimerTest, RefuseGives422HeadersForATooSmallInterval) {
  make(enabled(1800, 600));
  EXPECT_EQ(timer->refuse(request({"Session-Expires: 300", "Supported: timer"})), (Headers{"Min-SE: 600"}));
  EXPECT_EQ(timer->refuse(request({"Session-Expires: 600", "Supported: timer"})), std::nullopt);
  EXPECT_EQ(timer->refuse(request({"Supported: timer"})), std::nullopt);
}

TEST_F(SessionTimerTest, StopEndsEverything) {
  make(enabled(90));
  timer->requestAccepted(response(200, {"Session-Expires: 90;refresher=uac"}));
  timer->stop();
  EXPECT_FALSE(timer->running());
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(SessionTimerTest, InviteAfter422HasTheNextCSeqAndTheLargerInterval) {
  make(enabled(90));
  sip::core::OutgoingRequestMessage invite(host, "INVITE", *sip::parseUri("sip:bob@example.com"),
                                           *sip::parseUri("sip:alice@example.com"), *sip::parseUri("sip:bob@example.com"),
                                           {}, {"Contact: <sip:alice@alice.invalid>", "Session-Expires: 90", "Min-SE: 90"});
  EXPECT_EQ(inviteAfter422(*timer, invite, response(486, {})), std::nullopt);
  auto retry = inviteAfter422(*timer, invite, response(422, {"Min-SE: 400"}));
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->cseq, invite.cseq + 1);
  EXPECT_EQ(retry->getHeader("CSeq"), std::to_string(invite.cseq + 1) + " INVITE");
  EXPECT_EQ(retry->callId, invite.callId);
  EXPECT_EQ(retry->fromTag, invite.fromTag);
  EXPECT_EQ(retry->getHeaders("Session-Expires"), (std::vector<std::string>{"400"}));
  EXPECT_EQ(retry->getHeaders("Min-SE"), (std::vector<std::string>{"400"}));
  EXPECT_EQ(retry->getHeader("Contact"), "<sip:alice@alice.invalid>");
  auto again = inviteAfter422(*timer, *retry, response(422, {"Min-SE: 500"}));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->cseq, invite.cseq + 2);
  // Enough: a peer that keeps asking for more is not followed forever.
  EXPECT_EQ(inviteAfter422(*timer, *again, response(422, {"Min-SE: 600"})), std::nullopt);
}

// ---- two sessions of ours over two UA cores ----

// A SessionHost whose session description handler answers on the next tick with fixed SDP, and
// which answers every request it is handed with 200, as SIP.js's defaults do.
class TestSessionHost : public SessionHost {
 public:
  explicit TestSessionHost(ManualHost& clock) : clock_(clock) {}

  void getDescription(Session&, uint32_t, DescriptionOptions, DescriptionCallback done) override {
    ++descriptions;
    clock_.setTimer(0, [done] { done(sip::test::sdp(sip::test::kOfferSdp), std::nullopt); });
  }
  void setDescription(Session&, uint32_t, const Body&, DescriptionOptions, Completion done) override {
    clock_.setTimer(0, [done] { done(std::nullopt); });
  }
  std::optional<Failure> hasDescription(Session&, const std::string&) override { return std::nullopt; }
  void rollbackDescription(Session&, Completion done) override {
    clock_.setTimer(0, [done] { done(std::nullopt); });
  }
  void closeDescriptionHandler(Session&, uint32_t) override {}
  void adoptDescriptionHandler(Session&, uint32_t) override {}
  void stateChanged(Session& session, SessionState state) override {
    states[&session].push_back(state);
  }
  void requestDelegate(Session&, DelegateId, const char*, const sip::Message&) override {}
  void incomingRequest(Session&, const char*, uint32_t request, const sip::Message&) override {
    auto it = held_.find(request);
    if (it == held_.end()) return;
    auto uas = it->second;
    held_.erase(it);
    uas->accept();
  }
  void reinviteAnswered(Session&, const sip::Message& request, const std::string&, int statusCode) override {
    answered.push_back(request.method + " " + std::to_string(statusCode));
  }
  uint32_t holdRequest(std::shared_ptr<sip::core::UserAgentServer> uas) override {
    held_.emplace(++next_, std::move(uas));
    return next_;
  }

  std::map<Session*, std::vector<SessionState>> states;
  std::vector<std::string> answered;
  int descriptions = 0;

 private:
  ManualHost& clock_;
  std::map<uint32_t, std::shared_ptr<sip::core::UserAgentServer>> held_;
  uint32_t next_ = 0;
};

class SessionTimerCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* core : {pair.alice.get(), pair.bob.get()}) {
      core->configuration.supportedOptionTags.push_back("timer");
      core->configuration.supportedOptionTagsResponse.push_back("timer");
    }
    pair.bob->delegate.onInvite = [this](std::shared_ptr<sip::core::InviteUserAgentServer> uas) {
      InvitationOptions options;
      options.contact = pair.bob->configuration.contact.toString();
      options.sessionTimers = bobTimers;
      if (refuseBySessionTimer(options.sessionTimers, *uas)) return;
      invitation = Invitation::create(*pair.bob, bobHost, uas, options);
      invitation->accept({}, [](std::optional<Failure>) {});
    };
  }
  void TearDown() override {
    inviter.reset();
    invitation.reset();
  }
  void allowUpdate() {
    for (auto* core : {pair.alice.get(), pair.bob.get()}) core->configuration.allowedMethods.push_back("UPDATE");
  }
  void call(SessionTimerOptions aliceTimers) {
    InviterOptions options;
    options.contact = pair.alice->configuration.contact.toString();
    options.sessionTimers = aliceTimers;
    inviter = Inviter::create(*pair.alice, aliceHost, pair.bob->configuration.aor, options);
    inviter->invite({}, [](std::optional<Failure>) {});
    for (int i = 0; i < 10; ++i) pair.run();
  }
  // Moves the clock in steps so that every message is delivered when it would be.
  void advance(uint64_t ms) {
    for (uint64_t done = 0; done < ms; done += 100) pair.advance(std::min<uint64_t>(100, ms - done));
  }

  sip::test::UaPair pair;
  TestSessionHost aliceHost{pair.host};
  TestSessionHost bobHost{pair.host};
  std::optional<SessionTimerOptions> bobTimers = enabled(1800);
  std::shared_ptr<Inviter> inviter;
  std::shared_ptr<Invitation> invitation;
};

TEST_F(SessionTimerCallTest, NegotiatesRefreshesWithReInviteAndStaysUp) {
  call(enabled(90));
  ASSERT_TRUE(invitation);
  ASSERT_EQ(inviter->state(), SessionState::Established);
  ASSERT_EQ(invitation->state(), SessionState::Established);
  auto invite = pair.aliceWire.last("INVITE");
  EXPECT_EQ(invite.header("Session-Expires"), "90");
  EXPECT_EQ(invite.header("Min-SE"), "90");
  EXPECT_TRUE(sip::core::containsToken(invite.tokens("Supported"), "timer"));
  auto ok = pair.bobWire.last("200 INVITE");
  EXPECT_EQ(ok.header("Session-Expires"), "90;refresher=uac");
  EXPECT_EQ(ok.header("Require"), "timer");
  EXPECT_EQ(inviter->sessionTimer()->refresher(), Refresher::Local);
  EXPECT_EQ(invitation->sessionTimer()->refresher(), Refresher::Remote);

  advance(10 * 90000);  // ten session intervals
  EXPECT_EQ(inviter->state(), SessionState::Established);
  EXPECT_EQ(invitation->state(), SessionState::Established);
  // One re-INVITE (UPDATE is not allowed here) every 45 s, each a refresh with an offer.
  const size_t reinvites = pair.aliceWire.count("INVITE") - 1;
  EXPECT_GE(reinvites, 19u);
  EXPECT_LE(reinvites, 20u);
  EXPECT_EQ(pair.aliceWire.count("UPDATE"), 0u);
  auto refresh = pair.aliceWire.last("INVITE");
  EXPECT_EQ(refresh.header("Session-Expires"), "90;refresher=uac");
  EXPECT_FALSE(refresh.body.empty());
  EXPECT_EQ(pair.bobWire.last("200 INVITE").header("Session-Expires"), "90;refresher=uac");
  EXPECT_EQ(pair.aliceWire.count("BYE") + pair.bobWire.count("BYE"), 0u);
}

TEST_F(SessionTimerCallTest, RefreshesWithUpdateWhenBothAllowIt) {
  allowUpdate();
  call(enabled(90));
  ASSERT_EQ(inviter->state(), SessionState::Established);
  EXPECT_TRUE(sip::core::containsToken(pair.aliceWire.last("INVITE").tokens("Allow"), "UPDATE"));
  advance(5 * 90000);
  EXPECT_EQ(inviter->state(), SessionState::Established);
  EXPECT_GE(pair.aliceWire.count("UPDATE"), 9u);
  EXPECT_EQ(pair.aliceWire.count("INVITE"), 1u);
  auto update = pair.aliceWire.last("UPDATE");
  EXPECT_EQ(update.header("Session-Expires"), "90;refresher=uac");
  EXPECT_TRUE(update.body.empty());
  EXPECT_EQ(pair.bobWire.last("200 UPDATE").header("Session-Expires"), "90;refresher=uac");
  EXPECT_EQ(bobHost.answered.back(), "UPDATE 200");
}

TEST_F(SessionTimerCallTest, TheCalleeSendsByeWhenARefreshGoesMissing) {
  allowUpdate();
  call(enabled(90));
  ASSERT_EQ(invitation->state(), SessionState::Established);
  advance(3 * 45000 + 500);  // three refreshes answered
  ASSERT_EQ(pair.bobWire.count("200 UPDATE"), 3u);
  const uint64_t lastRefresh = pair.host.now() - 500;
  pair.aliceWire.drop = [](const std::string& text) { return text.rfind("UPDATE ", 0) == 0; };
  // The next refresh is lost; bob ends the session 60 s (90 - 30) after the last one.
  while (invitation->state() == SessionState::Established && pair.host.now() < lastRefresh + 120000) pair.advance(100);
  EXPECT_EQ(invitation->state(), SessionState::Terminated);
  EXPECT_GE(pair.host.now(), lastRefresh + 60000);
  EXPECT_LE(pair.host.now(), lastRefresh + 60000 + 200);
  EXPECT_EQ(pair.bobWire.count("BYE"), 1u);
  for (int i = 0; i < 10; ++i) pair.run();
  EXPECT_EQ(inviter->state(), SessionState::Terminated);
}

TEST_F(SessionTimerCallTest, AnInviteBelowTheCalleesMinSeIsRetriedAfter422) {
  bobTimers = enabled(1800, 600);
  call(enabled(300));
  ASSERT_EQ(inviter->state(), SessionState::Established);
  EXPECT_EQ(pair.bobWire.count("422 INVITE"), 1u);
  ASSERT_EQ(pair.aliceWire.count("INVITE"), 2u);
  auto first = *pair.aliceWire.find("INVITE", 0);
  auto second = *pair.aliceWire.find("INVITE", 1);
  EXPECT_EQ(first.header("Session-Expires"), "300");
  EXPECT_EQ(second.header("Session-Expires"), "600");
  EXPECT_EQ(second.header("Min-SE"), "600");
  EXPECT_EQ(second.cseq()->number, first.cseq()->number + 1);
  EXPECT_EQ(second.callId(), first.callId());
  EXPECT_EQ(pair.bobWire.last("200 INVITE").header("Session-Expires"), "600;refresher=uac");
  EXPECT_EQ(inviter->sessionTimer()->interval(), 600u);
}

TEST_F(SessionTimerCallTest, APassiveCallerStillRefreshesWhenTheCalleeAsksItTo) {
  call(SessionTimerOptions{});  // enabled: false on a user agent that supports timers
  ASSERT_EQ(inviter->state(), SessionState::Established);
  EXPECT_FALSE(pair.aliceWire.last("INVITE").hasHeader("Session-Expires"));
  // Bob inserts a timer and, as alice lists "timer", makes her the refresher.
  EXPECT_EQ(pair.bobWire.last("200 INVITE").header("Session-Expires"), "1800;refresher=uac");
  EXPECT_EQ(inviter->sessionTimer()->refresher(), Refresher::Local);
  advance(900000 + 500);
  EXPECT_EQ(pair.aliceWire.count("INVITE"), 2u);
  EXPECT_EQ(invitation->state(), SessionState::Established);
}

}  // namespace
