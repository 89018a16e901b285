// Test rig for the dialog / user agent / UA core layers: two UserAgentCores ("alice" and "bob")
// on one ManualHost, wired back to back by WireTransports that deliver each sent message to the
// other core on the next host tick (as a WebSocket would), record everything, and can lose
// messages on purpose. A single core can also be driven with scripted wire text.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages/body.h"
#include "core/messages/outgoing_request_message.h"
#include "core/transport.h"
#include "core/user_agent_core/user_agent_core.h"
#include "manual_host.h"
#include "sip/message.h"

namespace sip::test {

class WireTransport : public core::Transport {
 public:
  explicit WireTransport(ManualHost& host, std::string protocol = "WSS", bool reliable = true)
      : host_(host), protocol_(std::move(protocol)), reliable_(reliable) {}

  std::string protocol() const override { return protocol_; }
  bool reliable() const override { return reliable_; }
  void send(std::string message, SendCallback done) override;

  // Where sent messages go (the peer core's receive); unset: nowhere.
  std::function<void(const std::string&)> deliver;
  // Return true to lose a message (it is still recorded in sent()).
  std::function<bool(const std::string&)> drop;
  // Make sends fail (reported synchronously, as a rejected send would be).
  bool fail = false;

  const std::vector<std::string>& sent() const { return sent_; }
  void clearSent() { sent_.clear(); }
  // "INVITE", "ACK", ... for requests; "180 INVITE", "200 BYE", ... for responses.
  std::vector<std::string> summary() const;
  size_t count(std::string_view summaryLine) const;
  // The last sent message with this summary line, parsed (fails the test when absent).
  sip::Message last(std::string_view summaryLine) const;
  std::optional<sip::Message> find(std::string_view summaryLine, size_t occurrence = 0) const;

 private:
  ManualHost& host_;
  std::string protocol_;
  bool reliable_;
  std::vector<std::string> sent_;
};

std::string summarize(const sip::Message& message);

// Wire text of a response to `request` as a peer would send it: the request's Vias, From, To
// (plus `toTag` unless the To has one; empty: none), Call-ID and CSeq, then `extraHeaders`
// ("Name: value"), and the body (application/sdp unless a Content-Type is among the headers).
std::string respond(const sip::Message& request, int statusCode, std::string_view toTag = "peertag",
                    const std::vector<std::string>& extraHeaders = {}, std::string_view body = {});

// A request from a scripted peer "carol" to a core (user "bob"), as wire text.
struct PeerRequest {
  std::string method = "INVITE";
  std::string ruri = "sip:bob@example.com";
  std::string branch = "z9hG4bKpeer1";
  std::string fromTag = "carol-tag";
  std::string toTag;
  std::string callId = "peer-call-1";
  uint32_t cseq = 1;
  std::string contact = "<sip:carol@192.0.2.7>";
  std::vector<std::string> extra;
  std::string body;
  std::string contentType = "application/sdp";  // written when there is a body

  std::string text() const;
};

// A configuration for user `user` (AOR sip:<user>@example.com, Contact
// sip:<user>@<user>.invalid;transport=ws, Via host <user>.invalid, Call-ID prefix "<user>-").
core::UserAgentCoreConfiguration makeConfiguration(const std::string& user);

inline const char* kOfferSdp =
    "v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";
inline const char* kAnswerSdp =
    "v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0\r\n";

inline core::Body sdp(const char* content) { return core::fromBodyLegacy(content, "application/sdp"); }

class UaPair {
 public:
  explicit UaPair(bool reliable = true);
  ~UaPair();

  ManualHost host;
  WireTransport aliceWire;
  WireTransport bobWire;
  std::unique_ptr<core::UserAgentCore> alice;
  std::unique_ptr<core::UserAgentCore> bob;

  // Runs everything due now (deliveries, zero timers).
  void run() { host.runDue(); }
  void advance(uint64_t ms) { host.advance(ms); }

  // alice -> bob requests outside a dialog (Contact added for INVITE/SUBSCRIBE/REFER).
  core::OutgoingRequestMessage aliceRequest(const std::string& method, std::optional<core::Body> body = std::nullopt,
                                            std::vector<std::string> extraHeaders = {});

  // Lets every timer run out (5 minutes) and checks that both cores hold nothing any more.
  void expectQuiet();
};

// After all cores are gone: no dialog, UAC, UAS or transaction object is left, process-wide.
void expectNoLiveObjects();

}  // namespace sip::test
