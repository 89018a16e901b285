// TEMPORARY: stub bodies so dependents can link while the real implementations land.
#include "sip/grammar_json.h"
#include "sip/headers.h"
#include "sip/message.h"
#include "sip/message_json.h"

namespace sip {
bool Uri::isSip() const { return false; }
bool Uri::isSips() const { return false; }
bool Uri::isTel() const { return false; }
bool Uri::isAbsolute() const { return false; }
std::string Uri::aor() const { return {}; }
std::string Uri::toString() const { return {}; }
std::string Uri::toRawString() const { return {}; }
std::optional<Uri> parseSipUri(std::string_view, std::string*) { return std::nullopt; }
std::optional<Uri> parseUri(std::string_view, std::string*) { return std::nullopt; }
std::optional<std::string> percentDecode(std::string_view) { return std::nullopt; }
std::optional<std::string> NameAddr::unescapedDisplayName() const { return std::nullopt; }
std::string NameAddr::toString() const { return {}; }
std::optional<NameAddr> parseNameAddr(std::string_view, std::string*) { return std::nullopt; }
std::optional<std::vector<NameAddr>> parseNameAddrList(std::string_view, std::string*) { return std::nullopt; }
std::optional<std::string> parseDisplayName(std::string_view, std::string*) { return std::nullopt; }
std::string canonicalHeaderName(std::string_view name) { return std::string(name); }
bool isListHeader(std::string_view) { return false; }
std::optional<std::string> validateHeaderValue(std::string_view, std::string_view) { return std::nullopt; }
ParseResult parseMessage(std::string_view) { return ParseResult{std::nullopt, "not implemented"}; }
std::string serialize(const Message&) { return {}; }
std::string parseRuleToJson(std::string_view, std::string_view) { return "-1"; }
std::string parseMessageToJson(std::string_view) { return "{\"error\":\"not implemented\"}"; }
std::string messageToJson(const Message&) { return "{\"error\":\"not implemented\"}"; }
}  // namespace sip
