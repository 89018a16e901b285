// Message JSON for the JavaScript side (bindings/README.md, "Message JSON").
#include "sip/message_json.h"

#include "sip/json_shapes.h"

namespace sip {
namespace {

// The grammar rule whose JSON is the parsed value of a header, "" for headers kept raw.
std::string_view ruleForHeader(std::string_view name) {
  struct Entry {
    std::string_view header;
    std::string_view rule;
  };
  static constexpr Entry kMap[] = {
      {"Via", "Via"},
      {"From", "From"},
      {"To", "To"},
      {"Call-ID", "Call_ID"},
      {"CSeq", "CSeq"},
      {"Contact", "Contact"},
      {"Record-Route", "Record_Route"},
      {"Route", "Route"},
      {"Path", "Route"},
      {"Service-Route", "Route"},
      {"Max-Forwards", "Max_Forwards"},
      {"Content-Length", "Content_Length"},
      {"Content-Type", "Content_Type"},
      {"Content-Disposition", "Content_Disposition"},
      {"Content-Encoding", "Content_Encoding"},
      {"Expires", "Expires"},
      {"Min-Expires", "Min_Expires"},
      {"Allow", "Allow"},
      {"Supported", "Supported"},
      {"Require", "Require"},
      {"Proxy-Require", "Proxy_Require"},
      {"Unsupported", "Unsupported"},
      {"WWW-Authenticate", "WWW_Authenticate"},
      {"Proxy-Authenticate", "Proxy_Authenticate"},
      {"Authorization", "Authorization"},
      {"Proxy-Authorization", "Proxy_Authorization"},
      {"Event", "Event"},
      {"Allow-Events", "Allow_Events"},
      {"Subscription-State", "Subscription_State"},
      {"Refer-To", "Refer_To"},
      {"Referred-By", "Referred_By"},
      {"Replaces", "Replaces"},
      {"RSeq", "RSeq"},
      {"RAck", "RAck"},
      {"Reason", "Reason"},
      {"Session-Expires", "Session_Expires"},
      {"Min-SE", "Min_SE"},
      {"P-Asserted-Identity", "P_Asserted_Identity"},
      {"P-Preferred-Identity", "P_Preferred_Identity"},
      {"Remote-Party-ID", "Remote_Party_ID"},
      {"Accept", "Accept"},
      {"Date", "Date"},
      {"Timestamp", "Timestamp"},
      {"Warning", "Warning"},
      {"Retry-After", "Retry_After"},
  };
  for (const Entry& e : kMap) {
    if (e.header == name) return e.rule;
  }
  return {};
}

// Headers whose parsed value the message JSON carries: the ones sip.js parses while parsing a
// message (its Parser.parseHeader), Via only for the first value. The others are parsed when read
// (parseHeaderValueToJson), as sip.js parses them in IncomingMessage.parseHeader.
bool parsedEagerly(std::string_view name, bool firstVia) {
  switch (name.size()) {
    case 2: return name == "To";
    case 3: return name == "Via" && firstVia;
    case 4: return name == "From" || name == "CSeq";
    case 7: return name == "Call-ID" || name == "Contact";
    case 8: return name == "Refer-To";
    case 12: return name == "Record-Route" || name == "Max-Forwards" || name == "Content-Type";
    case 14: return name == "Content-Length";
    case 16: return name == "WWW-Authenticate";
    case 18: return name == "Proxy-Authenticate";
    default: return false;
  }
}

void messageJson(const Message& m, std::string& out) {
  out.reserve(out.size() + 256 + m.body.size() * 9 / 8 + m.headers.size() * 128);
  if (m.isRequest) {
    out += "{\"type\":\"request\",\"method\":";
    detail::appendJsonString(out, m.method);
    out += ",\"ruri\":";
    const size_t mark = out.size();
    if (!detail::writeUriJson(out, m.ruri)) {
      out.resize(mark);
      out += detail::uriJson(m.ruri).text;
    }
  } else {
    out += "{\"type\":\"response\",\"statusCode\":";
    detail::appendJsonUint(out, static_cast<uint64_t>(m.statusCode));
    out += ",\"reasonPhrase\":";
    detail::appendJsonString(out, m.reasonPhrase);
  }
  out += ",\"headers\":[";
  bool first = true;
  bool firstVia = true;
  for (const Header& h : m.headers) {
    if (!first) out += ',';
    first = false;
    out += '[';
    detail::appendJsonString(out, h.name);
    out += ',';
    detail::appendJsonString(out, h.value);
    out += ',';
    const bool eager = parsedEagerly(h.name, firstVia);
    if (h.name == "Via") firstVia = false;
    std::string_view rule = eager ? ruleForHeader(h.name) : std::string_view();
    if (rule.empty() || !detail::appendRuleJson(out, h.value, rule, false)) out += "null";
    out += ']';
  }
  out += "],\"body\":";
  detail::appendJsonString(out, m.body);
  out += '}';
}

std::string messageJson(const Message& m) {
  std::string out;
  messageJson(m, out);
  return out;
}

std::string errorJson(const std::string& why) {
  std::string out = "{\"error\":";
  detail::appendJsonString(out, why);
  out += '}';
  return out;
}

}  // namespace

std::string messageToJson(const Message& message) {
  try {
    return messageJson(message);
  } catch (...) {
    return "{\"error\":\"out of memory\"}";
  }
}

void parseMessageToJson(std::string_view data, std::string& out) {
  out.clear();
  try {
    ParseResult r = parseMessage(data);
    if (!r.message) {
      out = errorJson(r.error);
    } else {
      messageJson(*r.message, out);
    }
  } catch (...) {
    out = "{\"error\":\"out of memory\"}";
  }
}

std::string parseMessageToJson(std::string_view data) {
  std::string out;
  parseMessageToJson(data, out);
  return out;
}

std::string parseHeaderValueToJson(std::string_view name, std::string_view value) {
  try {
    std::string_view rule = ruleForHeader(name);
    std::string out;
    if (rule.empty() || !detail::appendRuleJson(out, value, rule, false)) return "-1";
    return out;
  } catch (...) {
    return "-1";
  }
}

}  // namespace sip
