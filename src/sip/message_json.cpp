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

detail::Json messageJson(const Message& m) {
  using detail::Json;
  Json out = Json::object();
  if (m.isRequest) {
    out["type"] = "request";
    out["method"] = m.method;
    out["ruri"] = detail::uriJson(m.ruri);
  } else {
    out["type"] = "response";
    out["statusCode"] = m.statusCode;
    out["reasonPhrase"] = m.reasonPhrase;
  }
  Json headers = Json::array();
  for (const Header& h : m.headers) {
    Json entry = Json::array();
    entry.push_back(h.name);
    entry.push_back(h.value);
    std::string_view rule = ruleForHeader(h.name);
    std::optional<Json> parsed;
    if (!rule.empty()) parsed = detail::ruleJson(h.value, rule, false);
    entry.push_back(parsed ? std::move(*parsed) : Json(nullptr));
    headers.push_back(std::move(entry));
  }
  out["headers"] = std::move(headers);
  out["body"] = m.body;
  return out;
}

std::string errorJson(const std::string& why) {
  detail::Json out = detail::Json::object();
  out["error"] = why;
  return detail::dumpJson(out);
}

}  // namespace

std::string messageToJson(const Message& message) {
  try {
    return detail::dumpJson(messageJson(message));
  } catch (...) {
    return "{\"error\":\"out of memory\"}";
  }
}

std::string parseMessageToJson(std::string_view data) {
  try {
    ParseResult r = parseMessage(data);
    if (!r.message) return errorJson(r.error);
    return detail::dumpJson(messageJson(*r.message));
  } catch (...) {
    return "{\"error\":\"out of memory\"}";
  }
}

}  // namespace sip
