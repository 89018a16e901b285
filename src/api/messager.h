// SIP.js's Messager (lib/api/messager.js): a MESSAGE outside a dialog (RFC 3428). The request is
// built once, at construction (so its Call-ID, From tag and CSeq are fixed, as SIP.js's are), and
// message() sends it, each time in a new transaction.
//
// The object holds no timer and nothing the core calls back into: the UAC a send creates lives in
// the core's table until its transaction ends, and its delegate is the caller's. So a Messager can
// be a short-lived value; the JS facade keeps only the identity (Call-ID, From tag, CSeq) and
// rebuilds the same request for each send.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/messages/outgoing_request.h"
#include "core/messages/outgoing_request_message.h"
#include "core/user_agent_core/user_agent_core.h"
#include "sip/uri.h"

namespace sip::core {
class MessageUserAgentClient;
}

namespace sip::api {

struct MessagerOptions {
  std::vector<std::string> extraHeaders;
  // SIP.js's deprecated `params`: From/To URIs (default: the AOR / the target) and the request's
  // Call-ID, CSeq, tags and display names.
  std::optional<sip::Uri> fromUri;
  std::optional<sip::Uri> toUri;
  core::OutgoingRequestMessageOverrides params;
};

class Messager {
 public:
  Messager(core::UserAgentCore& core, const sip::Uri& target, std::string content,
           std::string contentType = "text/plain", MessagerOptions options = {});

  const core::OutgoingRequestMessage& request() const { return request_; }

  // Sends the MESSAGE; responses go to `delegate`.
  std::shared_ptr<core::MessageUserAgentClient> message(core::OutgoingRequestDelegate delegate = {});

 private:
  core::UserAgentCore& core_;
  core::OutgoingRequestMessage request_;
};

}  // namespace sip::api
