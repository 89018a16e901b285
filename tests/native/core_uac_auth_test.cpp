// 401/407 digest authentication of the UAC (RFC 3261 §22.2, RFC 2617, RFC 7616 / RFC 8760):
// one retry per challenge with MD5 or SHA-256 credentials, a new CSeq, no authentication loop,
// stale nonces, credentials on the ACK, and inside a dialog.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialogs/session_dialog.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/register_user_agent.h"
#include "sip/digest.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kAnswerSdp;
using sip::test::kOfferSdp;
using sip::test::respond;
using sip::test::sdp;

class UacAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    auto configuration = sip::test::makeConfiguration("alice");
    configuration.credentials = sip::DigestCredentials{"alice", "secret", ""};
    core = std::make_unique<UserAgentCore>(host, *wire, configuration);
    delegate.onAccept = [this](const IncomingResponse& r) { events.push_back("accept:" + std::to_string(r.message.statusCode)); };
    delegate.onReject = [this](const IncomingResponse& r) { events.push_back("reject:" + std::to_string(r.message.statusCode)); };
  }
  void TearDown() override {
    uacs.clear();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  sip::Message registerRequest() {
    auto registrar = *sip::parseUri("sip:example.com");
    uacs.push_back(core->register_(core->makeOutgoingRequestMessage("REGISTER", registrar, core->configuration.aor,
                                                                     core->configuration.aor, {},
                                                                     {"Contact: <sip:alice@alice.invalid>", "Expires: 600"}),
                                   delegate));
    return wire->last("REGISTER");
  }
  static std::string challenge(const std::string& algorithm, const std::string& nonce, bool stale = false) {
    return "Digest realm=\"example.com\", nonce=\"" + nonce + "\", opaque=\"op4que\", qop=\"auth\"" +
           (algorithm.empty() ? std::string() : ", algorithm=" + algorithm) + (stale ? ", stale=true" : "");
  }
  // Checks an Authorization value as a registrar would.
  static sip::DigestVerifyResult verify(const sip::Message& request, const std::string& header,
                                        const std::string& algorithm, const std::string& nonce) {
    auto issued = sip::parseDigestChallenge(challenge(algorithm, nonce));
    EXPECT_TRUE(issued);
    const std::string uri = request.ruri.toString();
    return sip::verifyDigestResponse(std::string(request.header(header).value_or("")), *issued,
                                     sip::DigestCredentials{"alice", "secret", ""},
                                     sip::DigestRequest{request.method, uri, std::nullopt});
  }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  OutgoingRequestDelegate delegate;
  std::vector<std::shared_ptr<UserAgentClient>> uacs;
  std::vector<std::string> events;
};

TEST_F(UacAuthTest, Md5ChallengeIsAnsweredOnceWithANewCSeq) {
  const auto first = registerRequest();
  receive(respond(first, 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n1")}));
  EXPECT_TRUE(events.empty()) << "the challenge is not the delegate's business";
  ASSERT_EQ(wire->count("REGISTER"), 2u);
  const auto second = wire->last("REGISTER");
  EXPECT_EQ(second.cseq()->number, first.cseq()->number + 1);
  EXPECT_EQ(second.callId(), first.callId());
  EXPECT_EQ(second.fromTag(), first.fromTag());
  EXPECT_NE(second.branch(), first.branch()) << "a new transaction";
  const std::string authorization(second.header("Authorization").value_or(""));
  EXPECT_NE(authorization.find("algorithm=MD5"), std::string::npos) << authorization;
  EXPECT_NE(authorization.find("username=\"alice\""), std::string::npos);
  EXPECT_NE(authorization.find("nc=00000001"), std::string::npos);
  EXPECT_EQ(verify(second, "Authorization", "MD5", "n1"), sip::DigestVerifyResult::Ok);
  receive(respond(second, 200, "reg"));
  EXPECT_EQ(events, (std::vector<std::string>{"accept:200"}));
}

TEST_F(UacAuthTest, Sha256IsPreferredWhenOfferedFirst) {
  const auto first = registerRequest();
  receive(respond(first, 401, "reg",
                  {"WWW-Authenticate: " + challenge("SHA-256", "n2"), "WWW-Authenticate: " + challenge("MD5", "n2")}));
  const auto second = wire->last("REGISTER");
  const std::string authorization(second.header("Authorization").value_or(""));
  EXPECT_NE(authorization.find("algorithm=SHA-256"), std::string::npos) << authorization;
  EXPECT_EQ(verify(second, "Authorization", "SHA-256", "n2"), sip::DigestVerifyResult::Ok);
}

TEST_F(UacAuthTest, UnsupportedAlgorithmFallsBackToTheNextChallenge) {
  const auto first = registerRequest();
  receive(respond(first, 401, "reg",
                  {"WWW-Authenticate: " + challenge("SHA-512-256", "n3"), "WWW-Authenticate: " + challenge("MD5", "n3")}));
  EXPECT_EQ(verify(wire->last("REGISTER"), "Authorization", "MD5", "n3"), sip::DigestVerifyResult::Ok);
}

TEST_F(UacAuthTest, SecondChallengeIsNotRetried) {
  const auto first = registerRequest();
  receive(respond(first, 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n1")}));
  receive(respond(wire->last("REGISTER"), 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n2")}));
  EXPECT_EQ(wire->count("REGISTER"), 2u) << "wrong credentials: no loop";
  EXPECT_EQ(events, (std::vector<std::string>{"reject:401"}));
}

TEST_F(UacAuthTest, StaleNonceIsRetriedOnceMore) {
  const auto first = registerRequest();
  receive(respond(first, 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n1")}));
  receive(respond(wire->last("REGISTER"), 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n2", true)}));
  EXPECT_EQ(wire->count("REGISTER"), 3u);
  const auto third = wire->last("REGISTER");
  EXPECT_EQ(third.cseq()->number, first.cseq()->number + 2);
  EXPECT_EQ(verify(third, "Authorization", "MD5", "n2"), sip::DigestVerifyResult::Ok);
  receive(respond(third, 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n3", true)}));
  EXPECT_EQ(wire->count("REGISTER"), 3u) << "stale only once";
  EXPECT_EQ(events, (std::vector<std::string>{"reject:401"}));
}

TEST_F(UacAuthTest, NoCredentialsMeansTheDelegateSeesTheChallenge) {
  core->configuration.credentials.reset();
  const auto first = registerRequest();
  receive(respond(first, 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n1")}));
  EXPECT_EQ(wire->count("REGISTER"), 1u);
  EXPECT_EQ(events, (std::vector<std::string>{"reject:401"}));
}

TEST_F(UacAuthTest, AuthenticationFactoryIsAskedOnce) {
  int asked = 0;
  core->configuration.authenticationFactory = [&]() -> std::optional<sip::DigestCredentials> {
    ++asked;
    return sip::DigestCredentials{"alice", "secret", ""};
  };
  const auto first = registerRequest();
  receive(respond(first, 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n1")}));
  receive(respond(wire->last("REGISTER"), 401, "reg", {"WWW-Authenticate: " + challenge("MD5", "n2", true)}));
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(wire->count("REGISTER"), 3u);
}

TEST_F(UacAuthTest, ProxyChallengeToInviteAndCredentialsOnTheAck) {
  auto bob = *sip::parseUri("sip:bob@example.com");
  std::shared_ptr<SessionDialog> session;
  std::vector<std::string> inviteEvents;
  OutgoingInviteRequestDelegate inviteDelegate;
  inviteDelegate.onAccept = [&](const AckableIncomingResponseWithSession& r) {
    session = r.session;
    r.ack(RequestOptions{});
  };
  inviteDelegate.onReject = [&](const IncomingResponse& r) { inviteEvents.push_back(std::to_string(r.message.statusCode)); };
  uacs.push_back(core->invite(core->makeOutgoingRequestMessage("INVITE", bob, core->configuration.aor, bob, {},
                                                               {"Contact: <sip:alice@alice.invalid>"}, sdp(kOfferSdp)),
                              inviteDelegate));
  const auto first = wire->last("INVITE");
  receive(respond(first, 407, "proxy", {"Proxy-Authenticate: " + challenge("MD5", "pn")}));
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"INVITE", "ACK", "INVITE"})) << "the 407 was ACKed";
  EXPECT_TRUE(inviteEvents.empty());
  const auto second = wire->last("INVITE");
  EXPECT_EQ(second.cseq()->number, first.cseq()->number + 1);
  EXPECT_EQ(verify(second, "Proxy-Authorization", "MD5", "pn"), sip::DigestVerifyResult::Ok);
  EXPECT_EQ(second.body, kOfferSdp);
  receive(respond(second, 200, "bob", {"Contact: <sip:bob@b.example.com>"}, kAnswerSdp));
  ASSERT_TRUE(session);
  const auto ack = wire->last("ACK");
  EXPECT_EQ(ack.cseq()->number, second.cseq()->number);
  EXPECT_EQ(ack.header("Proxy-Authorization"), second.header("Proxy-Authorization"))
      << "§13.2.2.4: the ACK carries the INVITE's credentials";
  // Inside the dialog: a challenged BYE is resent with the dialog's next CSeq.
  session->info();
  const auto info = wire->last("INFO");
  receive(respond(info, 407, "", {"Proxy-Authenticate: " + challenge("MD5", "pn2")}));
  const auto retried = wire->last("INFO");
  EXPECT_EQ(retried.cseq()->number, info.cseq()->number + 1);
  EXPECT_EQ(session->localSequenceNumber(), retried.cseq()->number);
  EXPECT_EQ(verify(retried, "Proxy-Authorization", "MD5", "pn2"), sip::DigestVerifyResult::Ok);
  session.reset();
}

TEST_F(UacAuthTest, MalformedChallengeGoesToTheDelegate) {
  const auto first = registerRequest();
  receive(respond(first, 401, "reg", {"WWW-Authenticate: Basic realm=\"x\""}));
  receive(respond(first, 401, "reg"));  // retransmission of the final response: absorbed
  EXPECT_EQ(wire->count("REGISTER"), 1u);
  EXPECT_EQ(events, (std::vector<std::string>{"reject:401"}));
}

}  // namespace
