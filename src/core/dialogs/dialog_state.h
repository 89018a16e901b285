// Dialog state (RFC 3261 §12; SIP.js lib/core/dialogs/dialog-state.d.ts).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sip/uri.h"

namespace sip::core {

struct DialogState {
  std::string id;  // callId + localTag + remoteTag (SIP.js's dialog id)
  bool early = false;
  std::string callId;
  std::string localTag;
  std::string remoteTag;
  // Empty until the first request in that direction (§12.1.1 / §12.1.2).
  std::optional<uint32_t> localSequenceNumber;
  std::optional<uint32_t> remoteSequenceNumber;
  sip::Uri localURI;
  sip::Uri remoteURI;
  sip::Uri remoteTarget;
  // Record-Route values as received (URIs with all their parameters), in the order requests
  // follow them: the request's order for a UAS, reversed for a UAC.
  std::vector<std::string> routeSet;
  // Request over TLS with a SIPS Request-URI (§12.1.1). We cannot see the transport's security,
  // so this is set when the Request-URI is SIPS and the transport protocol is TLS/WSS.
  bool secure = false;
};

}  // namespace sip::core
