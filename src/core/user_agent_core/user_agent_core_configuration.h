// What the UA core needs to know about its user agent (SIP.js
// lib/core/user-agent-core/user-agent-core-configuration.d.ts), plus the knobs for the RFC 3261
// §8.2 checks SIP.js leaves as TODOs.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/user_agent_core/allowed_methods.h"
#include "sip/digest.h"
#include "sip/uri.h"

namespace sip::core {

// SIP.js's Contact: the URI and GRUUs, and the text toString() gives (the API layer builds it,
// e.g. "<sip:abc@host.invalid;transport=ws>;expires=600"; empty means "<" + uri + ">").
struct Contact {
  sip::Uri uri;
  std::optional<sip::Uri> pubGruu;
  std::optional<sip::Uri> tempGruu;
  std::string value;

  std::string toString() const { return value.empty() ? "<" + uri.toString() + ">" : value; }
};

struct UserAgentCoreConfiguration {
  // ---- as SIP.js ----
  sip::Uri aor;                 // address of record: From of requests outside a dialog
  Contact contact;              // Contact of dialog-creating requests/responses
  std::string displayName;      // From display name
  bool hackViaTcp = false;      // write TCP in Via whatever the transport
  std::vector<std::string> routeSet;  // preloaded Route set for requests outside a dialog
  std::string sipjsId;          // Call-ID prefix; a request without To tag carrying it looped back (482)
  std::vector<std::string> supportedOptionTags;          // Supported of requests
  std::vector<std::string> supportedOptionTagsResponse;  // Supported of responses
  std::optional<std::string> userAgentHeaderFieldValue;  // User-Agent
  bool viaForceRport = false;
  std::string viaHost = "invalid.invalid";
  // SIP.js's authenticationFactory: credentials for answering 401/407, asked for once per UAC.
  // When empty, `credentials` is used; when both are empty challenges are passed to the delegate.
  std::function<std::optional<sip::DigestCredentials>()> authenticationFactory;
  std::optional<sip::DigestCredentials> credentials;

  // ---- beyond SIP.js's core configuration ----
  // Methods accepted (405 + Allow otherwise) and listed in Allow.
  std::vector<std::string> allowedMethods = defaultAllowedMethods();
  // Media types a session body (INVITE, UPDATE, PRACK) may have (415 + Accept otherwise), also
  // listed in Accept of OPTIONS answers.
  std::vector<std::string> acceptedBodyTypes = defaultAcceptedBodyTypes();
  // Answer a new INVITE with 100 Trying before the application sees it (RFC 3261 §17.2.1 wants
  // one within 200 ms unless a final/provisional response goes out first; SIP.js's UserAgent does
  // the same through IncomingInviteRequest.trying(), which then sends nothing twice).
  bool sendTryingForInvite = true;
  // SIP.js's check that the Request-URI user is the AOR's or the Contact's (404 otherwise).
  bool checkRequestUriUser = true;
  // SIP.js UserAgent's check that a response's single Via is ours (dropped otherwise).
  bool checkResponseVia = true;
  // A millisecond clock (JavaScript: Date.now) so that a subscription can tell how much of its
  // expiry is left; without one the last value set is reported. Host has no clock by design.
  std::function<double()> now;
};

}  // namespace sip::core
