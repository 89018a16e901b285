#include "core/messages/outgoing_request_message.h"

#include "core/messages/utils.h"
#include "sip/headers.h"

namespace sip::core {

sip::NameAddr makeNameAddrHeader(const sip::Uri& uri, std::string_view displayName, std::string_view tag) {
  sip::NameAddr nameAddr;
  nameAddr.uri = uri;
  if (!displayName.empty()) nameAddr.displayName = std::string(displayName);
  if (!tag.empty()) sip::setParam(nameAddr.params, "tag", std::string(tag));
  return nameAddr;
}

OutgoingRequestMessage::OutgoingRequestMessage(Host& host, std::string methodName, const sip::Uri& requestUri,
                                               const sip::Uri& fromUri, const sip::Uri& toUri,
                                               OutgoingRequestMessageOptions options, std::vector<std::string> extra,
                                               std::optional<Body> requestBody)
    : method(std::move(methodName)),
      ruri(requestUri),
      extraHeaders(std::move(extra)),
      body(std::move(requestBody)),
      options_(std::move(options)) {
  fromTag = options_.fromTag.empty() ? newTag(host) : options_.fromTag;
  from = makeNameAddrHeader(fromUri, options_.fromDisplayName, fromTag);
  toTag = options_.toTag;
  to = makeNameAddrHeader(toUri, options_.toDisplayName, toTag);
  callId = options_.callId.empty() ? options_.callIdPrefix + randomToken(host, 15) : options_.callId;
  cseq = options_.cseq;

  headers_.reserve(kUsualHeaderSlots);
  setHeader("Route", options_.routeSet);
  setHeader("Via", std::string());
  setHeader("To", to.toString());
  setHeader("From", from.toString());
  setHeader("CSeq", std::to_string(cseq) + " " + method);
  setHeader("Call-ID", callId);
  setHeader("Max-Forwards", std::string("70"));
}

OutgoingRequestMessage::HeaderSlot* OutgoingRequestMessage::findSlot(std::string_view canonicalName) {
  for (auto& slot : headers_) {
    if (slot.first == canonicalName) return &slot;
  }
  return nullptr;
}

const OutgoingRequestMessage::HeaderSlot* OutgoingRequestMessage::findSlot(std::string_view canonicalName) const {
  for (const auto& slot : headers_) {
    if (slot.first == canonicalName) return &slot;
  }
  return nullptr;
}

std::optional<std::string> OutgoingRequestMessage::getHeader(std::string_view name) const {
  const std::string canonical = sip::canonicalHeaderName(name);
  if (const auto* slot = findSlot(canonical)) {
    if (!slot->second.empty()) return slot->second.front();
    return std::nullopt;
  }
  for (const auto& line : extraHeaders) {
    auto split = splitHeaderLine(line);
    if (split && split->first == canonical) return split->second;
  }
  return std::nullopt;
}

std::vector<std::string> OutgoingRequestMessage::getHeaders(std::string_view name) const {
  const std::string canonical = sip::canonicalHeaderName(name);
  if (const auto* slot = findSlot(canonical)) return slot->second;
  std::vector<std::string> out;
  for (const auto& line : extraHeaders) {
    auto split = splitHeaderLine(line);
    if (split && split->first == canonical) out.push_back(split->second);
  }
  return out;
}

bool OutgoingRequestMessage::hasHeader(std::string_view name) const {
  const std::string canonical = sip::canonicalHeaderName(name);
  if (findSlot(canonical) != nullptr) return true;
  for (const auto& line : extraHeaders) {
    auto split = splitHeaderLine(line);
    if (split && split->first == canonical) return true;
  }
  return false;
}

void OutgoingRequestMessage::setHeader(std::string_view name, std::string value) {
  // Not through the vector overload: a braced list would copy the value, and an existing slot
  // keeps its vector's storage.
  std::vector<std::string>& values = slotFor(name);
  values.clear();
  values.push_back(std::move(value));
}

void OutgoingRequestMessage::setHeader(std::string_view name, std::vector<std::string> values) {
  slotFor(name) = std::move(values);
}

std::vector<std::string>& OutgoingRequestMessage::slotFor(std::string_view name) {
  // Callers nearly always name the header canonically ("Via", "CSeq"...): looked up as it is then,
  // without building its canonical spelling first.
  if (sip::isCanonicalHeaderName(name)) {
    if (auto* slot = findSlot(name)) return slot->second;
    return headers_.emplace_back(std::string(name), std::vector<std::string>()).second;
  }
  std::string canonical = sip::canonicalHeaderName(name);
  if (auto* slot = findSlot(canonical)) return slot->second;
  return headers_.emplace_back(std::move(canonical), std::vector<std::string>()).second;
}

void OutgoingRequestMessage::setViaHeader(std::string_view branchValue, std::string_view transport) {
  std::string via = "SIP/2.0/";
  via += options_.hackViaTcp ? std::string_view("TCP") : transport;
  via += ' ';
  via += options_.viaHost;
  via += ";branch=";
  via += branchValue;
  if (options_.forceRport) via += ";rport";
  setHeader("Via", std::move(via));
  branch = std::string(branchValue);
}

// Every header line of the request in wire order, as (name, value): the header slots, the extra
// headers, Supported, User-Agent, then Content-Type / Content-Length. toMessage() and toString()
// both write from here, so the parsed form and the text cannot disagree.
template <typename Visit>
void OutgoingRequestMessage::forEachHeader(Visit&& visit) const {
  for (const auto& [name, values] : headers_) {
    for (const auto& value : values) visit(std::string_view(name), std::string_view(value));
  }
  for (const auto& line : extraHeaders) {
    // Visited as views of the line (no copy) unless the name has to be respelled canonically.
    const auto split = splitHeaderLineAsWritten(line);
    if (!split) continue;
    if (sip::isCanonicalHeaderName(split->first)) {
      visit(split->first, split->second);
    } else {
      visit(std::string_view(sip::canonicalHeaderName(split->first)), split->second);
    }
  }
  visit(std::string_view("Supported"), std::string_view(joinTokens(options_.optionTags)));
  if (options_.userAgentString) visit(std::string_view("User-Agent"), std::string_view(*options_.userAgentString));
  if (hasBody()) {
    visit(std::string_view("Content-Type"), std::string_view(body->contentType));
    visit(std::string_view("Content-Length"), std::string_view(std::to_string(body->content.size())));
  } else {
    visit(std::string_view("Content-Length"), std::string_view("0"));
  }
}

bool OutgoingRequestMessage::hasBody() const { return body && !body->content.empty() && !body->contentType.empty(); }

sip::Message OutgoingRequestMessage::toMessage() const {
  sip::Message message;
  message.isRequest = true;
  message.method = method;
  message.ruri = ruri;
  message.headers.reserve(headers_.size() + extraHeaders.size() + 4);
  forEachHeader([&](std::string_view name, std::string_view value) {
    message.headers.push_back(sip::Header{std::string(name), std::string(value)});
  });
  if (hasBody()) message.body = body->content;
  return message;
}

// The same text as sip::serialize(toMessage()), written directly (no copy of every header first).
std::string OutgoingRequestMessage::toString() const {
  std::string out;
  out.reserve(1024 + (hasBody() ? body->content.size() : 0));
  out += method;
  out += ' ';
  out += ruri.toRawString();
  out += " SIP/2.0\r\n";
  forEachHeader([&](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  });
  out += "\r\n";
  if (hasBody()) out += body->content;
  return out;
}

}  // namespace sip::core
