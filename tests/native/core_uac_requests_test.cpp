// Requests outside a dialog (SIP.js OutgoingRequestMessage + UserAgentCore.register/message/
// publish/request): the request as written on the wire, and how a UAC reports each outcome:
// responses by class, Timer F/B as an internal 408, a transport error as an internal 503.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/timers.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/publish_user_agent_client.h"
#include "core/user_agents/register_user_agent.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;
using sip::test::respond;

class UacRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    core = std::make_unique<UserAgentCore>(host, *wire, sip::test::makeConfiguration("alice"));
    delegate.onTrying = [this](const IncomingResponse& r) { events.push_back("trying:" + std::to_string(r.message.statusCode)); };
    delegate.onProgress = [this](const IncomingResponse& r) { events.push_back("progress:" + std::to_string(r.message.statusCode)); };
    delegate.onAccept = [this](const IncomingResponse& r) { events.push_back("accept:" + std::to_string(r.message.statusCode)); };
    delegate.onRedirect = [this](const IncomingResponse& r) { events.push_back("redirect:" + std::to_string(r.message.statusCode)); };
    delegate.onReject = [this](const IncomingResponse& r) {
      events.push_back("reject:" + std::to_string(r.message.statusCode) + " " + r.message.reasonPhrase);
    };
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
  OutgoingRequestMessage make(const std::string& method, std::vector<std::string> extra = {},
                              std::optional<Body> body = std::nullopt) {
    auto target = *sip::parseUri(method == "REGISTER" ? "sip:example.com" : "sip:bob@example.com");
    auto to = method == "REGISTER" ? core->configuration.aor : target;
    return core->makeOutgoingRequestMessage(method, target, core->configuration.aor, to, {}, std::move(extra),
                                            std::move(body));
  }

  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  OutgoingRequestDelegate delegate;
  std::vector<std::shared_ptr<UserAgentClient>> uacs;
  std::vector<std::string> events;
};

TEST_F(UacRequestsTest, RegisterAsWrittenOnTheWire) {
  core->configuration.routeSet = {"<sip:edge.example.com;lr>"};
  core->configuration.viaForceRport = true;
  uacs.push_back(core->register_(make("REGISTER", {"Contact: <sip:alice@alice.invalid>;expires=600", "Expires: 600"}),
                                 delegate));
  const auto request = wire->last("REGISTER");
  EXPECT_EQ(request.ruri.toString(), "sip:example.com");
  EXPECT_EQ(request.header("Route").value_or(""), "<sip:edge.example.com;lr>");
  EXPECT_EQ(request.header("Max-Forwards").value_or(""), "70");
  EXPECT_EQ(request.header("To").value_or(""), "<sip:alice@example.com>");
  EXPECT_EQ(request.from()->displayName.value_or(""), "alice");
  EXPECT_EQ(request.fromTag()->size(), 10u);
  EXPECT_EQ(request.callId()->rfind("alice-", 0), 0u) << "sipjsId prefix";
  EXPECT_EQ(request.callId()->size(), std::string("alice-").size() + 15);
  EXPECT_EQ(request.cseq()->number, 1u);
  EXPECT_EQ(request.header("Supported").value_or(""), "outbound, path, gruu");
  EXPECT_EQ(request.header("User-Agent").value_or(""), "test-ua");
  EXPECT_EQ(request.header("Content-Length").value_or(""), "0");
  const auto via = request.topVia();
  ASSERT_TRUE(via);
  EXPECT_EQ(via->transport, "WSS");
  EXPECT_EQ(via->host, "alice.invalid");
  EXPECT_TRUE(via->hasRport());
  EXPECT_EQ(via->branch()->rfind("z9hG4bK", 0), 0u);
  // SIP.js's header order.
  std::vector<std::string> order;
  for (const auto& header : request.headers) order.push_back(header.name);
  EXPECT_EQ(order, (std::vector<std::string>{"Route", "Via", "To", "From", "CSeq", "Call-ID", "Max-Forwards", "Contact",
                                             "Expires", "Supported", "User-Agent", "Content-Length"}));
  receive(respond(request, 100, ""));
  receive(respond(request, 200, "reg"));
  EXPECT_EQ(events, (std::vector<std::string>{"trying:100", "accept:200"}));
  host.advance(1000);
  EXPECT_EQ(core->userAgentClientCount(), 0u);
  EXPECT_EQ(core->transactionCount(), 0u);
}

// toString() writes the text directly; it must be what the transaction layer sends, i.e. the
// serialized toMessage(), whatever the request carries.
TEST_F(UacRequestsTest, RequestTextIsTheSerializedMessage) {
  std::vector<OutgoingRequestMessage> requests;
  requests.push_back(make("REGISTER"));
  requests.push_back(make("MESSAGE", {"X-One: 1", "X-Two: two words"}, fromBodyLegacy("héllo", "text/plain")));
  requests.push_back(make("INFO", {}, Body{"render", "", "no type: no body"}));
  auto via = make("INVITE", {}, sip::test::sdp(sip::test::kOfferSdp));
  via.setViaHeader("z9hG4bKtest", "WSS");
  via.setHeader("Route", std::vector<std::string>{"<sip:proxy.example.com;lr>", "<sip:edge.example.com;lr>"});
  requests.push_back(via);
  for (const auto& request : requests) {
    EXPECT_EQ(request.toString(), sip::serialize(request.toMessage())) << request.method;
  }
  EXPECT_NE(requests[1].toString().find("\r\n\r\nhéllo"), std::string::npos);
  EXPECT_EQ(requests[2].toString().find("no type"), std::string::npos);
}

TEST_F(UacRequestsTest, MessageAndPublishOutcomes) {
  uacs.push_back(core->message(make("MESSAGE", {}, fromBodyLegacy("hello", "text/plain")), delegate));
  const auto message = wire->last("MESSAGE");
  EXPECT_EQ(message.body, "hello");
  EXPECT_EQ(message.header("Content-Type").value_or(""), "text/plain");
  EXPECT_EQ(message.header("Content-Length").value_or(""), "5");
  receive(respond(message, 202, "x"));
  uacs.push_back(core->publish(make("PUBLISH", {"Event: presence", "Expires: 60"}), delegate));
  receive(respond(wire->last("PUBLISH"), 412, "x"));
  uacs.push_back(core->request(make("OPTIONS"), delegate));
  receive(respond(wire->last("OPTIONS"), 302, "x", {"Contact: <sip:bob@elsewhere.example.com>"}));
  EXPECT_EQ(events, (std::vector<std::string>{"accept:202", "reject:412 Reason", "redirect:302"}));
}

TEST_F(UacRequestsTest, TimeoutIsAnInternal408) {
  uacs.push_back(core->request(make("OPTIONS"), delegate));
  host.advance(Timers::TIMER_F - 1);
  EXPECT_TRUE(events.empty());
  host.advance(1);
  EXPECT_EQ(events, (std::vector<std::string>{"reject:408 Request Timeout"}));
  EXPECT_EQ(core->transactionCount(), 0u);
}

TEST_F(UacRequestsTest, InviteTimeoutIsAnInternal408) {
  std::vector<int> rejects;
  OutgoingInviteRequestDelegate inviteDelegate;
  inviteDelegate.onReject = [&](const IncomingResponse& r) { rejects.push_back(r.message.statusCode); };
  uacs.push_back(core->invite(make("INVITE", {"Contact: <sip:alice@alice.invalid>"}), inviteDelegate));
  host.advance(Timers::TIMER_B);
  EXPECT_EQ(rejects, (std::vector<int>{408}));
}

TEST_F(UacRequestsTest, TransportErrorIsAnInternal503) {
  wire->fail = true;
  uacs.push_back(core->message(make("MESSAGE", {}, fromBodyLegacy("x", "text/plain")), delegate));
  EXPECT_TRUE(events.empty()) << "reported after the call that sent returns";
  host.runDue();
  EXPECT_EQ(events, (std::vector<std::string>{"reject:503 Service Unavailable"}));
  std::vector<int> rejects;
  OutgoingInviteRequestDelegate inviteDelegate;
  inviteDelegate.onReject = [&](const IncomingResponse& r) { rejects.push_back(r.message.statusCode); };
  uacs.push_back(core->invite(make("INVITE", {"Contact: <sip:alice@alice.invalid>"}), inviteDelegate));
  host.runDue();
  EXPECT_EQ(rejects, (std::vector<int>{503}));
  EXPECT_EQ(core->transactionCount(), 0u);
}

TEST_F(UacRequestsTest, ViaOptionsAndGruu) {
  core->configuration.hackViaTcp = true;
  core->configuration.contact.tempGruu = *sip::parseUri("sip:alice-temp@example.com;gr");
  uacs.push_back(core->invite(make("INVITE", {"Contact: <sip:alice@alice.invalid>"})));
  const auto invite = wire->last("INVITE");
  EXPECT_EQ(invite.topVia()->transport, "TCP");
  EXPECT_EQ(invite.header("Supported").value_or(""), "outbound, gruu");
}

TEST_F(UacRequestsTest, DialogCreatingRequestsGetOurContact) {
  EXPECT_EQ(make("INVITE").getHeaders("Contact"), (std::vector<std::string>{"<sip:alice@alice.invalid;transport=ws>"}));
  EXPECT_EQ(make("SUBSCRIBE").getHeaders("Contact").size(), 1u);
  EXPECT_EQ(make("INVITE", {"Contact: <sip:x@y>"}).getHeaders("Contact"), (std::vector<std::string>{"<sip:x@y>"}));
  EXPECT_TRUE(make("MESSAGE").getHeaders("Contact").empty());
  EXPECT_TRUE(make("REGISTER").getHeaders("Contact").empty()) << "a REGISTER's Contact is the binding: the caller's";
}

TEST_F(UacRequestsTest, OutgoingRequestMessageAccessors) {
  auto message = make("MESSAGE", {"X-Custom: one", "X-Custom: two", "no colon here"});
  EXPECT_EQ(message.getHeader("x-custom").value_or(""), "one");
  EXPECT_EQ(message.getHeaders("X-Custom"), (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(message.hasHeader("call-id"));
  EXPECT_TRUE(message.hasHeader("i")) << "compact form";
  EXPECT_FALSE(message.hasHeader("Authorization"));
  message.setHeader("Authorization", std::string("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"0\""));
  message.setViaHeader("z9hG4bKtest", "WSS");  // the transaction does this when it sends
  EXPECT_EQ(message.branch, "z9hG4bKtest");
  EXPECT_EQ(message.getHeader("authorization")->rfind("Digest username", 0), 0u);
  const std::string text = message.toString();
  EXPECT_EQ(text.find("no colon here"), std::string::npos) << "a malformed extra header line is not written";
  EXPECT_NE(text.find("Authorization: Digest username"), std::string::npos);
  auto parsed = sip::parseMessage(text);
  EXPECT_TRUE(parsed.message) << parsed.error << "\n" << text;
}

}  // namespace
