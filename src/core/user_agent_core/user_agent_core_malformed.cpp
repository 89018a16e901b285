// What the UA core does with text the message layer could not parse (DESIGN rule 5, RFC 3261
// §8.2, RFC 4475 §3.1.2): drop it with a log line, unless it is a request (not an ACK) whose Via,
// From, To, Call-ID and CSeq can still be read, in which case it gets a 400 (or 505 when the
// request line names another SIP version, RFC 3261 §8.2.2 / RFC 4475 §3.1.2.16). The reading
// here is deliberately simple (header lines, folding, first occurrence wins) and bounded by the
// input; the values are echoed as received, which is what a response must do.
#include <string>
#include <string_view>
#include <vector>

#include "core/messages/utils.h"
#include "core/user_agent_core/user_agent_core.h"
#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

namespace {

struct LooseHeader {
  std::string name;   // canonical
  std::string value;  // unfolded, trimmed
};

struct LooseMessage {
  std::string startLine;
  std::vector<LooseHeader> headers;

  const std::string* first(std::string_view name) const {
    for (const auto& header : headers) {
      if (header.name == name) return &header.value;
    }
    return nullptr;
  }
};

// Splits the head of `data` (up to the first empty line) into a start line and header fields.
LooseMessage looseParse(std::string_view data) {
  LooseMessage message;
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (lines.empty() && message.startLine.empty() && line.empty()) continue;  // leading CRLFs
    if (message.startLine.empty()) {
      message.startLine = std::string(line);
      continue;
    }
    if (line.empty()) break;  // end of the header section
    if ((line.front() == ' ' || line.front() == '\t') && !lines.empty()) {
      lines.back() += ' ';
      lines.back() += trimmed(line);  // folding (§7.3.1)
    } else {
      lines.emplace_back(line);
    }
  }
  for (const auto& line : lines) {
    if (auto split = splitHeaderLine(line)) message.headers.push_back(LooseHeader{split->first, split->second});
  }
  return message;
}

bool hasControlCharacters(std::string_view value) {
  for (unsigned char c : value) {
    if (c < 0x20 && c != '\t') return true;
  }
  return false;
}

}  // namespace

void UserAgentCore::receiveUnparsable(std::string_view data, const std::string& error) {
  logger_.warn("Failed to parse incoming message (" + error + ").");
  const LooseMessage message = looseParse(data);
  const std::string& startLine = message.startLine;
  if (startLine.empty() || sip::iequals(std::string_view(startLine).substr(0, 4), "SIP/")) {
    logger_.warn("Dropping unparsable message.");
    return;
  }
  // Request-Line: Method SP Request-URI SP SIP-Version (tolerating extra spaces).
  std::vector<std::string_view> parts;
  std::string_view rest = startLine;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    std::string_view part = rest.substr(0, space);
    if (!part.empty()) parts.push_back(part);
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  if (parts.empty() || parts.front() == "ACK") {
    logger_.warn("Dropping unparsable message.");
    return;
  }
  int statusCode = 400;
  std::string_view version = parts.back();
  if (parts.size() >= 3 && version.size() > 4 && sip::iequals(version.substr(0, 4), "SIP/") &&
      !sip::iequals(version, "SIP/2.0")) {
    statusCode = 505;
  }

  const std::string* from = message.first("From");
  const std::string* to = message.first("To");
  const std::string* callId = message.first("Call-ID");
  const std::string* cseq = message.first("CSeq");
  std::vector<const std::string*> vias;
  for (const auto& header : message.headers) {
    if (header.name == "Via") vias.push_back(&header.value);
  }
  // The Vias are echoed as far as they make sense: a value that does not parse is cut down to
  // its sent-protocol and sent-by (RFC 4475 badinv01's "SIP/2.0/UDP 192.0.2.15;;,;,,"), so that the
  // client can still match the answer; one without even that ends the attempt.
  std::vector<std::string> echoedVias;
  for (const std::string* via : vias) {
    if (sip::parseViaList(*via)) {
      echoedVias.push_back(*via);
      continue;
    }
    std::string_view prefix(*via);
    prefix = trimmed(prefix.substr(0, prefix.find_first_of(";,")));
    if (auto parsed = sip::parseVia(prefix); parsed && sip::iequals(parsed->protocolName, "SIP")) {
      echoedVias.emplace_back(prefix);
    } else {
      echoedVias.clear();
      break;
    }
  }
  if (!from || !to || !callId || !cseq || echoedVias.empty() || callId->empty()) {
    logger_.warn("Dropping unparsable request: not enough of it to answer.");
    return;
  }
  for (const std::string* value : {from, to, callId, cseq}) {
    if (hasControlCharacters(*value)) {
      logger_.warn("Dropping unparsable request: control characters in a header needed to answer.");
      return;
    }
  }

  std::string response = "SIP/2.0 " + std::to_string(statusCode) + " " + std::string(getReasonPhrase(statusCode)) + "\r\n";
  for (const auto& via : echoedVias) response += "Via: " + via + "\r\n";
  response += "From: " + *from + "\r\n";
  response += "To: " + *to;
  // A To without a tag gets one (§8.2.6.2); the check is textual since the To may not parse.
  if (auto parsed = sip::parseNameAddr(*to); !parsed || !parsed->tag()) response += ";tag=" + newTag(host_);
  response += "\r\n";
  response += "Call-ID: " + *callId + "\r\n";
  response += "CSeq: " + *cseq + "\r\n";
  if (configuration.userAgentHeaderFieldValue) response += "User-Agent: " + *configuration.userAgentHeaderFieldValue + "\r\n";
  response += "Content-Length: 0\r\n\r\n";
  logger_.warn("Answering unparsable request with " + std::to_string(statusCode) + ".");
  sendStateless(std::move(response), std::string(parts.front()));
}

}  // namespace sip::core
