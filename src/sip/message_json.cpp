// Message JSON for the JavaScript side (bindings/README.md, "Message JSON").
#include "sip/message_json.h"

#include <algorithm>
#include <vector>

#include "sip/json_shapes.h"
#include "sip/message_sink.h"
#include "sip/scanner.h"

namespace sip {
namespace {

// The grammar rule whose JSON is the parsed value of a header, "" for headers kept raw.
constexpr size_t kNameBuckets = 24;  // names this long or longer share the last bucket

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
  // By length first: few names share a length.
  struct Index {
    std::vector<const Entry*> byLength[kNameBuckets + 1];  // the last: names of kNameBuckets bytes and more
    Index() {
      for (const Entry& e : kMap) byLength[std::min(e.header.size(), kNameBuckets)].push_back(&e);
    }
  };
  static const Index index;
  for (const Entry* e : index.byLength[std::min(name.size(), kNameBuckets)]) {
    if (e->header == name) return e->rule;
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

void appendRuleOrNull(detail::JsonOut& out, std::string_view value, std::string_view rule) {
  if (rule.empty() || !detail::appendRuleJson(out, value, rule, false)) out += "null";
}

// A name-addr the parser read, as its header's rule gives it: From/To (FromTo), Refer-To (Plain),
// or one element of Contact (Contact) / Record-Route (Plain), [{position, offset, parsed}].
detail::NameAddrFlavor flavorOf(std::string_view name) {
  using detail::NameAddrFlavor;
  return name == "Contact"                  ? NameAddrFlavor::Contact
         : (name == "From" || name == "To") ? NameAddrFlavor::FromTo
                                            : NameAddrFlavor::Plain;
}

void appendNameAddrValue(detail::JsonOut& out, std::string_view name, std::string_view value, const NameAddr& na) {
  const bool list = name == "Contact" || name == "Record-Route";
  const detail::NameAddrFlavor flavor = flavorOf(name);
  if (list) {
    out += "[{\"position\":";
    detail::appendJsonUint(out, utf16Length(value));
    out += ",\"offset\":0,\"parsed\":";
  }
  const size_t mark = out.size();
  if (!detail::writeNameAddrJson(out, na, flavor)) {
    out.resize(mark);
    out += detail::nameAddrJson(na, flavor).text;
  }
  if (list) out += "}]";
}

void appendRuri(detail::JsonOut& out, const Uri& ruri) {
  const size_t mark = out.size();
  if (!detail::writeUriJson(out, ruri)) {
    out.resize(mark);
    out += detail::uriJson(ruri).text;
  }
}

void messageJson(const Message& m, detail::JsonOut& out) {
  out.reserve(out.size() + 256 + m.body.size() * 9 / 8 + m.headers.size() * 128);
  if (m.isRequest) {
    out += "{\"type\":\"request\",\"method\":";
    detail::appendJsonString(out, m.method);
    out += ",\"ruri\":";
    appendRuri(out, m.ruri);
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
    appendRuleOrNull(out, h.value, eager ? ruleForHeader(h.name) : std::string_view());
    out += ']';
  }
  out += "],\"body\":";
  detail::appendJsonString(out, m.body);
  out += '}';
}

// parseMessageToJson's sink: the same JSON as messageJson(parseMessage(data)), written while
// parsing, with the values the parser read (first Via, From, To, Refer-To, Contact, Record-Route)
// written from what it read instead of parsed again. `packed`: the raw Wasm path's form
// (bindings/README.md, "Packed message JSON").
class JsonSink final : public detail::MessageSink {
 public:
  JsonSink(detail::JsonOut& out, bool packed) : out_(out), packed_(packed) {}

  void requestLine(std::string_view method, Uri&& ruri) override {
    if (packed_) {
      out_ += '[';
      detail::appendJsonString(out_, method);
      out_ += ',';
      detail::writeUriPacked(out_, ruri);
      return;
    }
    out_ += "{\"type\":\"request\",\"method\":";
    detail::appendJsonString(out_, method);
    out_ += ",\"ruri\":";
    appendRuri(out_, ruri);
    out_ += ",\"headers\":[";
  }
  void statusLine(int code, std::string_view reason) override {
    if (packed_) {
      out_ += '[';
      detail::appendJsonUint(out_, static_cast<uint64_t>(code));
      out_ += ',';
      detail::appendJsonString(out_, reason);
      return;
    }
    out_ += "{\"type\":\"response\",\"statusCode\":";
    detail::appendJsonUint(out_, static_cast<uint64_t>(code));
    out_ += ",\"reasonPhrase\":";
    detail::appendJsonString(out_, reason);
    out_ += ",\"headers\":[";
  }
  bool wantsValues(std::string_view name) override {
    return (name == "Via" && firstVia_) || name == "From" || name == "To" || name == "Refer-To" ||
           name == "Contact" || name == "Record-Route";
  }
  void header(std::string&& nameString, std::string_view value, const Via* via, const NameAddr* na) override {
    const std::string_view name = nameString;
    if (packed_) {
      out_ += ',';
    } else {
      if (!first_) out_ += ',';
      first_ = false;
      out_ += '[';
    }
    detail::appendJsonString(out_, name);
    out_ += ',';
    detail::appendJsonString(out_, value);
    out_ += ',';
    const bool eager = parsedEagerly(name, firstVia_);
    if (name == "Via") firstVia_ = false;
    if (!eager) {
      out_ += "null";
    } else if (via != nullptr) {
      const size_t mark = out_.size();
      if (!detail::writeViaJson(out_, *via)) {
        out_.resize(mark);
        appendRuleOrNull(out_, value, "Via");
      }
    } else if (na != nullptr) {
      if (packed_) {
        detail::writeNameAddrPacked(out_, *na, flavorOf(name));
      } else {
        appendNameAddrValue(out_, name, value, *na);
      }
    } else if (packed_ && wantsValues(name)) {
      out_ += "null";  // Contact: * (the rule does not match it either)
    } else {
      appendRuleOrNull(out_, value, ruleForHeader(name));
    }
    if (!packed_) out_ += ']';
  }
  void body(std::string_view body) override {
    out_ += packed_ ? "," : "],\"body\":";
    detail::appendJsonString(out_, body);
    out_ += packed_ ? ']' : '}';
  }

 private:
  detail::JsonOut& out_;
  bool packed_;
  bool first_ = true;
  bool firstVia_ = true;
};

std::string messageJson(const Message& m) {
  detail::JsonOut out;
  messageJson(m, out);
  return out.str();
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

std::string parseMessageToJson(std::string_view data) {
  try {
    detail::JsonOut out;
    out.reserve(data.size() * 2 + 256);
    JsonSink sink(out, false);
    std::string error = detail::parseMessageWith(data, sink);
    if (!error.empty()) return errorJson(error);
    return out.str();
  } catch (...) {
    return "{\"error\":\"out of memory\"}";
  }
}

void parseMessageToPackedJson(std::string_view data, detail::JsonOut& out) {
  out.clear();
  try {
    out.reserve(data.size() * 2 + 256);
    JsonSink sink(out, true);
    std::string error = detail::parseMessageWith(data, sink);
    if (!error.empty()) {
      out.clear();
      detail::appendJsonString(out, error);
    }
  } catch (...) {
    out.clear();
    out += "\"out of memory\"";
  }
}

std::string parseHeaderValueToJson(std::string_view name, std::string_view value) {
  try {
    std::string_view rule = ruleForHeader(name);
    detail::JsonOut out;
    if (rule.empty() || !detail::appendRuleJson(out, value, rule, false)) return "-1";
    return out.str();
  } catch (...) {
    return "-1";
  }
}

}  // namespace sip
