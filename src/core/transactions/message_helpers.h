// Small message-layer helpers the transaction layer needs that sip::Message does not offer (yet).
// Free functions over sip::Message so that src/sip stays owned by the message layer.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "host.h"
#include "sip/message.h"

namespace sip::core {

// RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this.
inline constexpr std::string_view kMagicCookie = "z9hG4bK";

inline bool hasMagicCookie(std::string_view branch) { return branch.substr(0, kMagicCookie.size()) == kMagicCookie; }

// A new branch: "z9hG4bK" + 12 random base-32 digits (SIP.js: + Math.floor(Math.random() * 10000000),
// which is not unique enough; see the .cpp).
std::string newBranch(Host& host);

// How the UA writes its Via (SIP.js's OutgoingRequestMessage options viaHost, forceRport,
// hackViaTcp).
struct ViaOptions {
  std::string viaHost = "invalid.invalid";
  bool forceRport = false;
  bool hackViaTcp = false;  // write "TCP" whatever the transport is
};

// SIP.js's setViaHeader: replaces every Via with "SIP/2.0/<transport> <viaHost>;branch=<branch>[;rport]".
void setViaHeader(sip::Message& request, std::string_view branch, std::string_view transport, const ViaOptions& options);

// The ACK a client INVITE transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3):
// Request-URI, Call-ID, From, CSeq number and top Via (so the same branch) of the INVITE, the To
// of the response, the INVITE's Route headers, Max-Forwards 70 and no body. Returns nullopt when
// the INVITE lacks From, Via, Call-ID or CSeq, or the response lacks To.
//
// Unlike SIP.js (which copies only the first Route value) every Route value is copied, as §17.1.1.3
// requires ("MUST contain ... the same Route header field values as the original request").
std::optional<std::string> makeAckForNon2xx(const sip::Message& invite, const sip::Message& response);

// The To tag of a serialized message, parsing it (used only on the rare RFC 2543 ACK matching path).
std::optional<std::string> toTagOf(std::string_view serializedMessage);

// The top Via's sent-by, normalized for comparison: host lowercased, ":" port when written.
std::optional<std::string> topViaSentBy(const sip::Message& message);

// The method a request names for transaction matching: ACK belongs to the INVITE transaction
// (RFC 3261 §17.2.3), everything else (CANCEL included) to its own.
inline std::string_view matchingMethod(std::string_view method) { return method == "ACK" ? std::string_view("INVITE") : method; }

}  // namespace sip::core
