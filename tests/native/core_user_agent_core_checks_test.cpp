// The UA core's receive path (RFC 3261 §8.2, §9.2, §12.2.2, §17): the answers a UA must give
// (405 + Allow, 416, 404, 400, 482, 420 + Unsupported, 415 + Accept/Accept-Encoding, 406, 481, 200
// to OPTIONS, 100 Trying), the defaults per method, dropped responses, unparsable input, and that
// nothing escapes receive().
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/refer_user_agent.h"
#include "core/user_agents/register_user_agent.h"
#include "core/user_agents/subscribe_user_agent.h"
#include "support/sip_fixtures.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::kOfferSdp;
using sip::test::PeerRequest;

class UserAgentCoreChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    core = std::make_unique<UserAgentCore>(host, *wire, sip::test::makeConfiguration("bob"));
  }
  void TearDown() override {
    kept.clear();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  void receive(const std::string& text) {
    core->receive(text);
    host.runDue();
  }
  static PeerRequest request(const std::string& method) {
    PeerRequest r;
    r.method = method;
    if (method != "INVITE") r.contact.clear();
    return r;
  }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::vector<std::shared_ptr<UserAgentServer>> kept;
};

TEST_F(UserAgentCoreChecksTest, UnknownOrUnsupportedMethodGets405WithAllow) {
  receive(request("FOO").text());
  receive(request("PUBLISH").text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"405 FOO", "405 PUBLISH"}));
  const auto response = wire->last("405 FOO");
  EXPECT_EQ(response.header("Allow").value_or(""),
            "ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE");
  EXPECT_EQ(response.reasonPhrase, "Method Not Allowed");
  EXPECT_EQ(response.header("User-Agent").value_or(""), "test-ua");
  EXPECT_EQ(response.header("Supported").value_or(""), "outbound");
  EXPECT_TRUE(response.toTag());
}

TEST_F(UserAgentCoreChecksTest, ResponsesCopyTheRequestHeaders) {
  auto r = request("FOO");
  r.extra = {"Via: SIP/2.0/TCP second.example.com;branch=z9hG4bK2nd"};
  receive(r.text());
  const auto response = wire->last("405 FOO");
  EXPECT_EQ(response.headerValues("Via"),
            (std::vector<std::string_view>{"SIP/2.0/WSS carol.invalid;branch=z9hG4bKpeer1",
                                           "SIP/2.0/TCP second.example.com;branch=z9hG4bK2nd"}));
  EXPECT_EQ(response.header("From").value_or(""), "<sip:carol@example.com>;tag=carol-tag");
  EXPECT_EQ(response.callId().value_or(""), "peer-call-1");
  EXPECT_EQ(response.cseq()->number, 1u);
  EXPECT_EQ(response.cseq()->method, "FOO");
}

TEST_F(UserAgentCoreChecksTest, UnsupportedRequestUriSchemeGets416) {
  auto tel = request("INVITE");
  tel.ruri = "tel:+1-201-555-0123";
  receive(tel.text());
  auto other = request("OPTIONS");
  other.ruri = "mailto:bob@example.com";
  other.branch = "z9hG4bKpeer2";
  receive(other.text());
  auto sips = request("OPTIONS");
  sips.ruri = "sips:bob@example.com";
  sips.branch = "z9hG4bKpeer3";
  receive(sips.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"416 INVITE", "416 OPTIONS", "200 OPTIONS"}));
  EXPECT_EQ(wire->last("416 INVITE").reasonPhrase, "Unsupported URI Scheme");
}

TEST_F(UserAgentCoreChecksTest, RequestUriNotOursGets404) {
  auto r = request("OPTIONS");
  r.ruri = "sip:somebody-else@example.com";
  receive(r.text());
  auto contact = request("OPTIONS");
  contact.ruri = "sip:bob@bob.invalid;transport=ws";  // our Contact's user
  contact.branch = "z9hG4bKpeer2";
  receive(contact.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"404 OPTIONS", "200 OPTIONS"}));
}

TEST_F(UserAgentCoreChecksTest, InviteWithoutContactGets400) {
  auto r = request("INVITE");
  r.contact.clear();
  receive(r.text());
  auto star = request("INVITE");
  star.contact = "*";
  star.branch = "z9hG4bKstar";
  star.callId = "other-call";
  receive(star.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"400 INVITE", "400 INVITE"}));
  EXPECT_EQ(wire->last("400 INVITE").reasonPhrase, "Missing Contact Header");
}

TEST_F(UserAgentCoreChecksTest, MergedRequestGets482) {
  core->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { kept.push_back(uas); };
  auto first = request("INVITE");
  receive(first.text());
  receive(first.text());  // a retransmission: the transaction re-sends its 100
  auto forked = first;
  forked.branch = "z9hG4bKother-path";
  receive(forked.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"100 INVITE", "100 INVITE", "482 INVITE"}));
  EXPECT_EQ(kept.size(), 1u);
}

TEST_F(UserAgentCoreChecksTest, OurOwnRequestLoopingBackGets482) {
  auto r = request("OPTIONS");
  r.callId = "bob-abc123";  // our Call-ID prefix
  receive(r.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"482 OPTIONS"}));
}

TEST_F(UserAgentCoreChecksTest, UnknownRequiredExtensionGets420WithUnsupported) {
  auto r = request("OPTIONS");
  r.extra = {"Require: outbound, foo", "Require: bar"};
  receive(r.text());
  const auto response = wire->last("420 OPTIONS");
  EXPECT_EQ(response.reasonPhrase, "Bad Extension");
  EXPECT_EQ(response.header("Unsupported").value_or(""), "foo, bar");
  auto known = request("OPTIONS");
  known.branch = "z9hG4bKpeer2";
  known.extra = {"Require: outbound"};
  receive(known.text());
  EXPECT_EQ(wire->count("200 OPTIONS"), 1u);
}

TEST_F(UserAgentCoreChecksTest, Require100relIsAcceptedWhenSupported) {
  core->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { kept.push_back(uas); };
  auto r = request("INVITE");
  r.extra = {"Require: 100rel"};
  receive(r.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"420 INVITE"}));
  core->configuration.supportedOptionTagsResponse.push_back("100rel");
  r.branch = "z9hG4bKpeer2";
  r.callId = "another";
  receive(r.text());
  EXPECT_EQ(wire->count("100 INVITE"), 1u);
}

TEST_F(UserAgentCoreChecksTest, UnsupportedSessionBodyGets415WithAccept) {
  auto r = request("INVITE");
  r.body = "<audio/>";
  r.contentType = "application/unknownformat";
  receive(r.text());
  const auto response = wire->last("415 INVITE");
  EXPECT_EQ(response.header("Accept").value_or(""), "application/sdp,application/dtmf-relay");
  // handling=optional: the body may be ignored.
  core->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { kept.push_back(uas); };
  auto optional = r;
  optional.branch = "z9hG4bKopt";
  optional.callId = "optional-call";
  optional.extra = {"Content-Disposition: session;handling=optional"};
  receive(optional.text());
  EXPECT_EQ(kept.size(), 1u);
  // The content type's parameters and case do not matter.
  auto sdpType = r;
  sdpType.branch = "z9hG4bKsdp";
  sdpType.callId = "sdp-call";
  sdpType.body = kOfferSdp;
  sdpType.contentType = "Application/SDP; charset=utf-8";
  receive(sdpType.text());
  EXPECT_EQ(kept.size(), 2u);
  // A MESSAGE body is the application's business.
  core->delegate.onMessage = [this](std::shared_ptr<MessageUserAgentServer> uas) { kept.push_back(uas); };
  auto message = request("MESSAGE");
  message.branch = "z9hG4bKmsg";
  message.body = "hello";
  message.contentType = "text/plain";
  receive(message.text());
  EXPECT_EQ(kept.size(), 3u);
}

TEST_F(UserAgentCoreChecksTest, EncodedBodyGets415WithAcceptEncoding) {
  auto r = request("MESSAGE");
  r.body = "xxxx";
  r.contentType = "text/plain";
  r.extra = {"Content-Encoding: gzip"};
  receive(r.text());
  const auto response = wire->last("415 MESSAGE");
  EXPECT_EQ(response.header("Accept-Encoding").value_or(""), "identity");
}

TEST_F(UserAgentCoreChecksTest, InviteThatAcceptsNoSessionDescriptionGets406) {
  auto r = request("INVITE");
  r.extra = {"Accept: text/nobodyKnowsThis"};
  receive(r.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"406 INVITE"}));
  core->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { kept.push_back(uas); };
  auto wildcard = r;
  wildcard.branch = "z9hG4bKw";
  wildcard.callId = "w";
  wildcard.extra = {"Accept: text/plain, application/*"};
  receive(wildcard.text());
  EXPECT_EQ(kept.size(), 1u);
}

TEST_F(UserAgentCoreChecksTest, CSeqMethodMismatchGets400) {
  std::string text = request("OPTIONS").text();
  text.replace(text.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 INVITE");
  receive(text);
  EXPECT_EQ(wire->sent().size(), 1u);
  EXPECT_EQ(wire->last("400 INVITE").statusCode, 400);
}

TEST_F(UserAgentCoreChecksTest, BareMagicCookieBranchGets400) {
  auto r = request("OPTIONS");
  r.branch = "z9hG4bK";
  receive(r.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"400 OPTIONS"}));
}

TEST_F(UserAgentCoreChecksTest, RequestsOnlyValidInsideADialogGet481OutsideOne) {
  receive(request("BYE").text());
  auto prack = request("PRACK");
  prack.branch = "z9hG4bKp";
  receive(prack.text());
  core->configuration.allowedMethods.push_back("UPDATE");
  auto update = request("UPDATE");
  update.branch = "z9hG4bKu";
  receive(update.text());
  auto info = request("INFO");
  info.branch = "z9hG4bKi";
  receive(info.text());
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"481 BYE", "481 PRACK", "481 UPDATE", "405 INFO"}));
}

TEST_F(UserAgentCoreChecksTest, OptionsIsAnsweredWithAllowAndAccept) {
  receive(request("OPTIONS").text());
  const auto response = wire->last("200 OPTIONS");
  EXPECT_EQ(response.header("Allow").value_or(""),
            "ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE");
  EXPECT_EQ(response.header("Accept").value_or(""), "application/sdp,application/dtmf-relay");
}

TEST_F(UserAgentCoreChecksTest, DefaultAnswersWithoutDelegates) {
  const char* methods[] = {"INVITE", "MESSAGE", "NOTIFY", "REFER", "REGISTER", "SUBSCRIBE"};
  int i = 0;
  for (const char* method : methods) {
    auto r = request(method);
    r.branch = "z9hG4bKm" + std::to_string(i);
    r.callId = "call-" + std::to_string(i++);
    if (std::string(method) == "NOTIFY" || std::string(method) == "SUBSCRIBE") r.extra = {"Event: presence"};
    receive(r.text());
  }
  EXPECT_EQ(wire->summary(), (std::vector<std::string>{"100 INVITE", "486 INVITE", "200 MESSAGE", "405 NOTIFY",
                                                       "405 REFER", "405 REGISTER", "480 SUBSCRIBE"}));
  host.advance(60000);
  EXPECT_EQ(core->transactionCount(), 0u);
  EXPECT_EQ(core->userAgentServerCount(), 0u);
}

TEST_F(UserAgentCoreChecksTest, DelegatesGetTheirRequests) {
  std::vector<std::string> got;
  core->delegate.onMessage = [&](std::shared_ptr<MessageUserAgentServer> uas) {
    got.push_back("MESSAGE:" + uas->message().body);
    uas->accept();
  };
  core->delegate.onNotify = [&](std::shared_ptr<NotifyUserAgentServer> uas) {
    got.push_back("NOTIFY");
    uas->accept();
  };
  core->delegate.onRefer = [&](std::shared_ptr<ReferUserAgentServer> uas) {
    got.push_back("REFER");
    ResponseOptions options;
    options.statusCode = 202;
    uas->accept(options);
  };
  core->delegate.onRegister = [&](std::shared_ptr<RegisterUserAgentServer> uas) {
    got.push_back("REGISTER");
    uas->redirect({*sip::parseUri("sip:bob@elsewhere.example.com")});
  };
  core->delegate.onSubscribe = [&](std::shared_ptr<SubscribeUserAgentServer> uas) {
    got.push_back("SUBSCRIBE");
    uas->reject(ResponseOptions{489});
  };
  int i = 0;
  for (const char* method : {"MESSAGE", "NOTIFY", "REFER", "REGISTER", "SUBSCRIBE"}) {
    auto r = request(method);
    r.branch = "z9hG4bKd" + std::to_string(i);
    r.callId = "d-" + std::to_string(i++);
    if (std::string(method) == "MESSAGE") {
      r.body = "hi";
      r.contentType = "text/plain";
    }
    receive(r.text());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"MESSAGE:hi", "NOTIFY", "REFER", "REGISTER", "SUBSCRIBE"}));
  EXPECT_EQ(wire->summary(),
            (std::vector<std::string>{"200 MESSAGE", "200 NOTIFY", "202 REFER", "302 REGISTER", "489 SUBSCRIBE"}));
  EXPECT_EQ(wire->last("302 REGISTER").header("Contact").value_or(""), "<sip:bob@elsewhere.example.com>");
}

TEST_F(UserAgentCoreChecksTest, NonInviteRetransmissionIsAnsweredByTheTransaction) {
  // Over UDP, Timer J keeps the transaction for 64*T1: the retransmission gets the same 200.
  sip::test::WireTransport udp(host, "UDP", /*reliable=*/false);
  auto udpCore = std::make_unique<UserAgentCore>(host, udp, sip::test::makeConfiguration("bob"));
  int messages = 0;
  udpCore->delegate.onMessage = [&](std::shared_ptr<MessageUserAgentServer> uas) {
    ++messages;
    uas->accept();
  };
  auto r = request("MESSAGE");
  udpCore->receive(r.text());
  udpCore->receive(r.text());
  EXPECT_EQ(messages, 1);
  EXPECT_EQ(udp.count("200 MESSAGE"), 2u);
  // Over a reliable transport Timer J is 0 (SIP.js): a late copy is a new request.
  receive(r.text());
  receive(r.text());
  EXPECT_EQ(wire->count("200 MESSAGE"), 2u) << "each copy answered as a new request (default 200)";
  host.advance(60000);
  udpCore.reset();
}

TEST_F(UserAgentCoreChecksTest, AckIsNeverAnswered) {
  auto ack = request("ACK");
  ack.toTag = "unknown";
  receive(ack.text());
  auto tel = request("ACK");
  tel.ruri = "tel:+123";
  receive(tel.text());
  auto stray = request("ACK");
  receive(stray.text());
  EXPECT_TRUE(wire->sent().empty());
}

TEST_F(UserAgentCoreChecksTest, ResponsesThatMatchNothingOrAreNotOursAreDropped) {
  const std::string response =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS bob.invalid;branch=z9hG4bKnothing\r\n"
      "From: <sip:bob@example.com>;tag=1\r\nTo: <sip:x@example.com>;tag=2\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n";
  receive(response);
  EXPECT_TRUE(host.logged(sip::LogLevel::Warn, "Discarding unmatched 200 response"));
  std::string twoVias = response;
  twoVias.insert(twoVias.find("From:"), "Via: SIP/2.0/WSS other.invalid;branch=z9hG4bK2\r\n");
  receive(twoVias);
  EXPECT_TRUE(host.logged(sip::LogLevel::Warn, "More than one Via"));
  std::string otherHost = response;
  otherHost.replace(otherHost.find("bob.invalid"), 11, "eve.invalid");
  receive(otherHost);
  EXPECT_TRUE(host.logged(sip::LogLevel::Warn, "does not match UA Via host"));
  EXPECT_TRUE(wire->sent().empty());
}

TEST_F(UserAgentCoreChecksTest, UnparsableInputIsDroppedOrAnswered400) {
  receive("garbage");
  receive("");
  receive("SIP/2.0 200 OK\r\nVia: broken\r\n\r\n");
  EXPECT_TRUE(wire->sent().empty());
  EXPECT_TRUE(host.logged(sip::LogLevel::Warn, "Failed to parse incoming message"));
  // Enough to answer: a Via, From, To, Call-ID and CSeq, but a broken Content-Length.
  std::string text = request("OPTIONS").text();
  text.replace(text.find("Content-Length: 0"), 17, "Content-Length: 99");
  receive(text);
  ASSERT_EQ(wire->sent().size(), 1u);
  const auto response = sip::test::parseOrFail(wire->sent().back());
  EXPECT_EQ(response.statusCode, 400);
  EXPECT_EQ(response.callId().value_or(""), "peer-call-1");
  EXPECT_TRUE(response.toTag());
  // Another SIP version: 505.
  std::string version = request("OPTIONS").text();
  version.replace(version.find("SIP/2.0\r\n"), 7, "SIP/7.0");
  receive(version);
  ASSERT_EQ(wire->sent().size(), 2u);
  EXPECT_EQ(sip::test::parseOrFail(wire->sent().back()).statusCode, 505);
  // An unparsable ACK is never answered.
  std::string ack = request("ACK").text();
  ack.replace(ack.find("Content-Length: 0"), 17, "Content-Length: 99");
  receive(ack);
  EXPECT_EQ(wire->sent().size(), 2u);
}

TEST_F(UserAgentCoreChecksTest, ExceptionsFromDelegatesNeverEscapeReceive) {
  core->delegate.onInvite = [](std::shared_ptr<InviteUserAgentServer>) { throw std::runtime_error("app bug"); };
  core->delegate.onMessage = [](std::shared_ptr<MessageUserAgentServer> uas) {
    uas->accept();
    uas->accept();  // TransactionStateError
  };
  EXPECT_NO_THROW(receive(request("INVITE").text()));
  auto message = request("MESSAGE");
  message.branch = "z9hG4bKmsg";
  EXPECT_NO_THROW(receive(message.text()));
  EXPECT_TRUE(host.logged(sip::LogLevel::Error, "app bug"));
  EXPECT_EQ(wire->count("200 MESSAGE"), 1u);
  host.advance(60000);
  core->dispose();
  EXPECT_EQ(core->transactionCount(), 0u);
}

// A UAS keeps the very message receive() parsed (shared with the core while it is received, then
// owned by the UAS and its transaction), not a copy; a message the core is not receiving is copied.
TEST_F(UserAgentCoreChecksTest, UserAgentServersShareTheReceivedMessage) {
  const sip::Message* seenByDelegate = nullptr;
  std::shared_ptr<const sip::Message> sharedDuringReceive;
  core->delegate.onInvite = [&](std::shared_ptr<InviteUserAgentServer> uas) {
    kept.push_back(uas);
    seenByDelegate = &uas->message();
    sharedDuringReceive = core->shareMessage(uas->message());
  };
  receive(request("INVITE").text());
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(sharedDuringReceive.get(), seenByDelegate);
  EXPECT_EQ(&kept[0]->transaction()->request(), seenByDelegate);
  EXPECT_EQ(kept[0]->message().method, "INVITE");

  // Outside receive() (or for any other message) shareMessage copies.
  const auto copy = core->shareMessage(kept[0]->message());
  EXPECT_NE(copy.get(), &kept[0]->message());
  EXPECT_EQ(sip::serialize(*copy), sip::serialize(kept[0]->message()));
  sharedDuringReceive.reset();
  kept[0]->reject();
}

}  // namespace
