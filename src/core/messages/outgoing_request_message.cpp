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
                                               OutgoingRequestMessageOptions options,
                                               std::vector<std::string> extra, std::optional<Body> requestBody)
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
  setHeader(name, std::vector<std::string>{std::move(value)});
}

void OutgoingRequestMessage::setHeader(std::string_view name, std::vector<std::string> values) {
  std::string canonical = sip::canonicalHeaderName(name);
  if (auto* slot = findSlot(canonical)) {
    slot->second = std::move(values);
    return;
  }
  headers_.emplace_back(std::move(canonical), std::move(values));
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

sip::Message OutgoingRequestMessage::toMessage() const {
  sip::Message message;
  message.isRequest = true;
  message.method = method;
  message.ruri = ruri;
  size_t count = extraHeaders.size() + 4;
  for (const auto& slot : headers_) count += slot.second.size();
  message.headers.reserve(count);
  for (const auto& [name, values] : headers_) {
    for (const auto& value : values) message.headers.push_back(sip::Header{name, value});
  }
  for (const auto& line : extraHeaders) {
    if (auto split = splitHeaderLine(line)) message.headers.push_back(sip::Header{split->first, split->second});
  }
  message.headers.push_back(sip::Header{"Supported", joinTokens(options_.optionTags)});
  if (options_.userAgentString) message.headers.push_back(sip::Header{"User-Agent", *options_.userAgentString});
  if (body && !body->content.empty() && !body->contentType.empty()) {
    message.headers.push_back(sip::Header{"Content-Type", body->contentType});
    message.headers.push_back(sip::Header{"Content-Length", std::to_string(body->content.size())});
    message.body = body->content;
  } else {
    message.headers.push_back(sip::Header{"Content-Length", "0"});
  }
  return message;
}

std::string OutgoingRequestMessage::toString() const { return sip::serialize(toMessage()); }

}  // namespace sip::core
