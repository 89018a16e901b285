// name-addr / addr-spec with header parameters (From, To, Contact, Route, Record-Route, Refer-To,
// Referred-By, P-Asserted-Identity, Remote-Party-ID, ...), RFC 3261 §20.10 / §25.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/params.h"
#include "sip/uri.h"

namespace sip {

struct NameAddr {
  // The display name as sip.js's grammar yields it: surrounding whitespace trimmed, and for a
  // quoted display name the outer quotes removed but backslash escapes KEPT (so that writing it
  // back between quotes reproduces the original). nullopt when there is none. See
  // unescapedDisplayName() for the text a human would read.
  std::optional<std::string> displayName;
  Uri uri;
  // Header parameters (after '>' or after an addr-spec), names lowercased, values as written
  // (quoted strings keep their quotes; Contact's q "0.50" stays "0.50" here, only the JSON layer
  // writes sip.js's numbers). A repeated name replaces the earlier value in place
  // (as sip.js's parameter objects behave).
  Params params;
  // Whether the value was written with <...> (name-addr) rather than as a bare addr-spec.
  bool angleBrackets = true;

  const Param* param(std::string_view name) const { return findParam(params, name); }
  bool hasParam(std::string_view name) const { return sip::hasParam(params, name); }
  std::optional<std::string> paramValue(std::string_view name) const { return sip::paramValue(params, name); }
  std::optional<std::string> tag() const { return paramValue("tag"); }

  // The display name with quoted-pair escapes resolved.
  std::optional<std::string> unescapedDisplayName() const;

  // '"Name" <uri>;params' (always with angle brackets, as sip.js writes it); the URI via
  // Uri::toString().
  std::string toString() const;

  bool operator==(const NameAddr&) const = default;
};

// One `( name-addr / addr-spec ) *( SEMI param )` value (From/To/Refer-To/... form).
std::optional<NameAddr> parseNameAddr(std::string_view text, std::string* error = nullptr);
// A comma-separated list of them (Contact without "*", Route, Record-Route, P-Asserted-Identity).
std::optional<std::vector<NameAddr>> parseNameAddrList(std::string_view text, std::string* error = nullptr);

// Display name parsing (sip.js start rule "displayName"): token *(LWS token) or quoted-string.
std::optional<std::string> parseDisplayName(std::string_view text, std::string* error = nullptr);

}  // namespace sip
