#include "core/transactions/message_helpers.h"

#include <cstdint>

#include "sip/text.h"

namespace sip::core {

std::string newBranch(Host& host) {
  // RFC 3261 §8.1.1.7: unique across time and space. SIP.js's seven decimal digits collide about
  // once in a few thousand calls while an answered INVITE's transaction lives (Timer L, 32 s), and
  // the colliding INVITE is then taken for a retransmission; 12 base-32 digits (60 bits) do not.
  return std::string(kMagicCookie) + randomToken(host, 12);
}

void setViaHeader(sip::Message& request, std::string_view branch, std::string_view transport, const ViaOptions& options) {
  std::string via = "SIP/2.0/";
  via += options.hackViaTcp ? std::string_view("TCP") : transport;
  via += ' ';
  via += options.viaHost;
  via += ";branch=";
  via += branch;
  if (options.forceRport) via += ";rport";
  request.setHeader("Via", via);
}

std::optional<std::string> makeAckForNon2xx(const sip::Message& invite, const sip::Message& response) {
  const auto from = invite.header("From");
  const auto via = invite.header("Via");  // top Via: the message layer keeps one entry per value
  const auto callId = invite.header("Call-ID");
  const auto cseq = invite.cseq();
  const auto to = response.header("To");
  if (!from || !via || !callId || !cseq || !to) return std::nullopt;

  std::string ack = "ACK " + invite.ruri.toString() + " SIP/2.0\r\n";
  for (const auto route : invite.headerValues("Route")) {
    ack += "Route: ";
    ack += route;
    ack += "\r\n";
  }
  ack += "Via: ";
  ack += *via;
  ack += "\r\nTo: ";
  ack += *to;
  ack += "\r\nFrom: ";
  ack += *from;
  ack += "\r\nCall-ID: ";
  ack += *callId;
  ack += "\r\nCSeq: " + std::to_string(cseq->number) + " ACK\r\n";
  ack += "Max-Forwards: 70\r\n";
  ack += "Content-Length: 0\r\n\r\n";
  return ack;
}

std::optional<std::string> toTagOf(std::string_view serializedMessage) {
  auto parsed = sip::parseMessage(serializedMessage);
  if (!parsed.message) return std::nullopt;
  return parsed.message->toTag();
}

std::optional<std::string> topViaSentBy(const sip::Message& message) {
  // Every server transaction lookup asks: read the sent-by alone, not the whole Via.
  const auto via = message.header("Via");
  return via ? sip::viaSentBy(*via) : std::nullopt;
}

}  // namespace sip::core
