// An outgoing request as the UAC core builds it (SIP.js lib/core/messages/outgoing-request-message.js).
//
// Header fields are kept the way SIP.js keeps them, so the wire text is the same: a small ordered
// map of "known" headers (Route, Via, To, From, CSeq, Call-ID, Max-Forwards, then whatever
// setHeader adds, e.g. Authorization), the caller's extra header lines in order, then Supported,
// User-Agent, Content-Type and Content-Length. The Via is a placeholder until the client
// transaction writes it (RFC 3261 §8.1.1.7: it is only known once the transport is chosen).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/messages/body.h"
#include "host.h"
#include "sip/message.h"
#include "sip/name_addr.h"
#include "sip/uri.h"

namespace sip::core {

// SIP.js's OutgoingRequestMessageOptions; empty strings mean "not given".
struct OutgoingRequestMessageOptions {
  std::string callId;
  std::string callIdPrefix;
  uint32_t cseq = 1;
  std::string toDisplayName;
  std::string toTag;
  std::string fromDisplayName;
  std::string fromTag;
  bool forceRport = false;
  bool hackViaTcp = false;
  std::vector<std::string> optionTags{"outbound"};
  std::vector<std::string> routeSet;
  std::optional<std::string> userAgentString = std::string("sip.js");
  std::string viaHost;
};

class OutgoingRequestMessage {
 public:
  // Builds the request. A missing From tag gets a new one; a missing Call-ID gets
  // callIdPrefix + 15 random base-32 digits (SIP.js's createRandomToken(15)).
  OutgoingRequestMessage(Host& host, std::string method, const sip::Uri& ruri, const sip::Uri& fromURI,
                         const sip::Uri& toURI, OutgoingRequestMessageOptions options = {},
                         std::vector<std::string> extraHeaders = {}, std::optional<Body> body = std::nullopt);

  // Fields as SIP.js exposes them. They describe the request; the wire text comes from the
  // headers (change both, as SIP.js's authentication retry does for CSeq). SIP.js's fromURI and
  // toURI are from.uri and to.uri here (one copy each: a request lives as long as its call).
  std::string method;
  sip::Uri ruri;
  std::string fromTag;
  sip::NameAddr from;
  std::string toTag;  // empty: no tag
  sip::NameAddr to;
  std::string callId;
  uint32_t cseq = 1;
  std::string branch;  // set by setViaHeader
  std::vector<std::string> extraHeaders;
  std::optional<Body> body;

  const OutgoingRequestMessageOptions& options() const { return options_; }

  // First value of a header (known headers first, then extra header lines), as SIP.js's getHeader.
  std::optional<std::string> getHeader(std::string_view name) const;
  std::vector<std::string> getHeaders(std::string_view name) const;
  bool hasHeader(std::string_view name) const;
  // Replaces a known header's values (adding it at the end of the known headers if new). An
  // empty vector keeps the slot but writes nothing (SIP.js's empty Route array).
  void setHeader(std::string_view name, std::string value);
  void setHeader(std::string_view name, std::vector<std::string> values);
  // SIP.js's setViaHeader: "SIP/2.0/<transport> <viaHost>;branch=<branch>[;rport]".
  void setViaHeader(std::string_view branchValue, std::string_view transport);

  // The request as a sip::Message (header order as on the wire), ready for a client transaction.
  sip::Message toMessage() const;
  // The wire text (SIP.js's toString).
  std::string toString() const;

 private:
  using HeaderSlot = std::pair<std::string, std::vector<std::string>>;
  // The seven the constructor sets plus one set later (Authorization, say): room for them up front.
  static constexpr size_t kUsualHeaderSlots = 8;
  HeaderSlot* findSlot(std::string_view canonicalName);
  // The values of the header `name` (any form), a new empty slot at the end when there is none.
  std::vector<std::string>& slotFor(std::string_view name);
  template <typename Visit>
  void forEachHeader(Visit&& visit) const;
  bool hasBody() const;
  const HeaderSlot* findSlot(std::string_view canonicalName) const;

  OutgoingRequestMessageOptions options_;
  std::vector<HeaderSlot> headers_;  // canonical name -> values, in insertion order
};

// A NameAddr with a URI, an optional display name and an optional tag (SIP.js's makeNameAddrHeader).
sip::NameAddr makeNameAddrHeader(const sip::Uri& uri, std::string_view displayName, std::string_view tag);

}  // namespace sip::core
