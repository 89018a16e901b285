#include "ua_harness.h"

#include <gtest/gtest.h>

#include "core/dialogs/dialog.h"
#include "core/transactions/transaction.h"
#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"
#include "sip_fixtures.h"

namespace sip::test {

void WireTransport::send(std::string message, SendCallback done) {
  sent_.push_back(message);
  if (fail) {
    if (done) done(core::TransportError{"wire down"});
    return;
  }
  if (done) done(std::nullopt);
  if (drop && drop(message)) return;
  if (!deliver) return;
  auto target = deliver;
  host_.setTimer(0, [target, message = std::move(message)] { target(message); });
}

std::string summarize(const sip::Message& message) {
  if (message.isRequest) return message.method;
  const auto cseq = message.cseq();
  return std::to_string(message.statusCode) + " " + (cseq ? cseq->method : std::string("?"));
}

std::string respond(const sip::Message& request, int statusCode, std::string_view toTag,
                    const std::vector<std::string>& extraHeaders, std::string_view body) {
  std::string text = "SIP/2.0 " + std::to_string(statusCode) + " Reason\r\n";
  for (const auto via : request.headerValues("Via")) text += "Via: " + std::string(via) + "\r\n";
  text += "From: " + std::string(request.header("From").value_or("")) + "\r\n";
  text += "To: " + std::string(request.header("To").value_or(""));
  if (!toTag.empty() && !request.toTag()) text += ";tag=" + std::string(toTag);
  text += "\r\n";
  text += "Call-ID: " + std::string(request.header("Call-ID").value_or("")) + "\r\n";
  text += "CSeq: " + std::string(request.header("CSeq").value_or("")) + "\r\n";
  bool hasType = false;
  for (const auto& header : extraHeaders) {
    text += header + "\r\n";
    if (header.rfind("Content-Type:", 0) == 0) hasType = true;
  }
  if (!body.empty() && !hasType) text += "Content-Type: application/sdp\r\n";
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  text += body;
  return text;
}

std::vector<std::string> WireTransport::summary() const {
  std::vector<std::string> out;
  for (const auto& text : sent_) {
    auto parsed = sip::parseMessage(text);
    out.push_back(parsed.message ? summarize(*parsed.message) : std::string("<unparsable>"));
  }
  return out;
}

size_t WireTransport::count(std::string_view summaryLine) const {
  size_t n = 0;
  for (const auto& line : summary()) n += line == summaryLine ? 1 : 0;
  return n;
}

std::optional<sip::Message> WireTransport::find(std::string_view summaryLine, size_t occurrence) const {
  for (const auto& text : sent_) {
    auto parsed = sip::parseMessage(text);
    if (parsed.message && summarize(*parsed.message) == summaryLine) {
      if (occurrence == 0) return std::move(*parsed.message);
      --occurrence;
    }
  }
  return std::nullopt;
}

sip::Message WireTransport::last(std::string_view summaryLine) const {
  for (auto it = sent_.rbegin(); it != sent_.rend(); ++it) {
    auto parsed = sip::parseMessage(*it);
    if (parsed.message && summarize(*parsed.message) == summaryLine) return std::move(*parsed.message);
  }
  ADD_FAILURE() << "nothing sent matches \"" << summaryLine << "\"";
  return sip::Message{};
}

std::string PeerRequest::text() const {
  std::string t = method + " " + ruri + " SIP/2.0\r\n";
  t += "Via: SIP/2.0/WSS carol.invalid;branch=" + branch + "\r\n";
  t += "Max-Forwards: 70\r\n";
  t += "From: <sip:carol@example.com>;tag=" + fromTag + "\r\n";
  t += "To: <sip:bob@example.com>" + (toTag.empty() ? std::string() : ";tag=" + toTag) + "\r\n";
  t += "Call-ID: " + callId + "\r\n";
  t += "CSeq: " + std::to_string(cseq) + " " + method + "\r\n";
  if (!contact.empty()) t += "Contact: " + contact + "\r\n";
  for (const auto& h : extra) t += h + "\r\n";
  if (!body.empty() && !contentType.empty()) t += "Content-Type: " + contentType + "\r\n";
  t += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return t;
}

core::UserAgentCoreConfiguration makeConfiguration(const std::string& user) {
  core::UserAgentCoreConfiguration configuration;
  configuration.aor = *sip::parseUri("sip:" + user + "@example.com");
  configuration.contact.uri = *sip::parseUri("sip:" + user + "@" + user + ".invalid;transport=ws");
  configuration.displayName = user;
  configuration.sipjsId = user + "-";
  configuration.supportedOptionTags = {"outbound"};
  configuration.supportedOptionTagsResponse = {"outbound"};
  configuration.userAgentHeaderFieldValue = "test-ua";
  configuration.viaHost = user + ".invalid";
  return configuration;
}

UaPair::UaPair(bool reliable)
    : aliceWire(host, reliable ? "WSS" : "UDP", reliable), bobWire(host, reliable ? "WSS" : "UDP", reliable) {
  alice = std::make_unique<core::UserAgentCore>(host, aliceWire, makeConfiguration("alice"));
  bob = std::make_unique<core::UserAgentCore>(host, bobWire, makeConfiguration("bob"));
  aliceWire.deliver = [this](const std::string& text) {
    if (bob) bob->receive(text);
  };
  bobWire.deliver = [this](const std::string& text) {
    if (alice) alice->receive(text);
  };
}

UaPair::~UaPair() {
  alice.reset();
  bob.reset();
}

core::OutgoingRequestMessage UaPair::aliceRequest(const std::string& method, std::optional<core::Body> body,
                                                  std::vector<std::string> extraHeaders) {
  if (method == "INVITE" || method == "SUBSCRIBE" || method == "REFER") {
    extraHeaders.push_back("Contact: " + alice->configuration.contact.toString());
  }
  const auto bobUri = bob->configuration.aor;
  return alice->makeOutgoingRequestMessage(method, bobUri, alice->configuration.aor, bobUri, {},
                                           std::move(extraHeaders), std::move(body));
}

void UaPair::expectQuiet() {
  for (int i = 0; i < 10; ++i) host.advance(30000);
  for (auto* core : {alice.get(), bob.get()}) {
    EXPECT_EQ(core->dialogCount(), 0u);
    EXPECT_EQ(core->userAgentClientCount(), 0u);
    EXPECT_EQ(core->userAgentServerCount(), 0u);
    EXPECT_EQ(core->transactionCount(), 0u);
    EXPECT_EQ(core->subscriberCount(), 0u);
  }
}

void expectNoLiveObjects() {
  EXPECT_EQ(core::Dialog::liveCount(), 0u) << "a dialog leaked";
  EXPECT_EQ(core::UserAgentClient::liveCount(), 0u) << "a UAC leaked";
  EXPECT_EQ(core::UserAgentServer::liveCount(), 0u) << "a UAS leaked";
  EXPECT_EQ(core::Transaction::liveCount(), 0u) << "a transaction leaked";
}

}  // namespace sip::test
