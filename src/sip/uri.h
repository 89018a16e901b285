// URIs: sip:, sips: (RFC 3261 §19.1 / §25), tel: (RFC 3966, kept with its subscriber text) and any
// other absolute URI (RFC 3986 "scheme:rest", kept opaque).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/params.h"

namespace sip {

enum class HostType { Domain, IPv4, IPv6 };

// One "?name=value" URI header, name and value as written (value still %-escaped). (sip.js
// lowercases the name and its URI class re-capitalises it with headerize(); the JSON layer
// writes the headerized name.)
struct UriHeader {
  std::string name;
  std::string value;

  bool operator==(const UriHeader&) const = default;
};

struct Uri {
  // As written ("sip", "SIPS", "tel", "urn", ...). Compare with iequals / isSip().
  std::string scheme;
  // sip/sips: userinfo user part, %-escapes decoded (sip.js decodes with decodeURIComponent).
  // tel: the telephone-subscriber number (e.g. "+1-201-555-0123"), as written.
  std::optional<std::string> user;
  // sip/sips: the password of "user:password@", as written (still escaped). Deprecated by RFC 3261
  // but legal.
  std::optional<std::string> password;
  // sip/sips (and absolute URIs with an authority): host as written; IPv6 keeps its brackets.
  std::string host;
  HostType hostType = HostType::Domain;
  // Port when written: 1 to 5 digits, at most 65535. sip.js accepts "host:" with an empty port
  // too; so do we, leaving port unset.
  std::optional<uint32_t> port;
  // uri-parameters (sip/sips/tel), names lowercased, values as written except: transport and user
  // values are lowercased (as sip.js does).
  Params params;
  // "?h=v&h2=v2" headers (sip/sips only).
  std::vector<UriHeader> headers;
  // For schemes other than sip/sips/tel: everything after "scheme:" as written. Empty otherwise.
  std::string opaque;

  bool isSip() const;       // scheme is sip or sips (any case)
  bool isSips() const;      // scheme is sips
  bool isTel() const;       // scheme is tel and the rest parsed as telephone-subscriber *(;param)
  bool isAbsolute() const;  // neither sip/sips nor a parsed tel: `scheme` and `opaque` hold the text
                            // (plus user/host/port when it has a "//authority")

  const Param* param(std::string_view name) const { return findParam(params, name); }
  bool hasParam(std::string_view name) const { return sip::hasParam(params, name); }
  std::optional<std::string> paramValue(std::string_view name) const { return sip::paramValue(params, name); }

  // "user@host" with the host lowercased, as sip.js's URI.aor (just "host" when there is no user).
  std::string aor() const;

  // Serializes back to text. Scheme and host are written lowercased (as sip.js's URI.toString
  // writes its normal form); the user part is re-escaped (RFC 3261 user / unreserved characters
  // stay literal); params and headers are written as stored.
  std::string toString() const;
  // Same as toString but keeping scheme and host as written.
  std::string toRawString() const;

  bool operator==(const Uri&) const = default;
};

// SIP-URI / SIPS-URI only (sip.js start rule "SIP_URI").
std::optional<Uri> parseSipUri(std::string_view text, std::string* error = nullptr);
// Any URI allowed where RFC 3261 allows a Request-URI or addr-spec: SIP-URI / SIPS-URI / absoluteURI.
// tel: URIs get user = subscriber and params split; other schemes are kept in `opaque` after
// checking them against RFC 3261's absoluteURI rule.
std::optional<Uri> parseUri(std::string_view text, std::string* error = nullptr);

// %-decoding as decodeURIComponent does: fails (nullopt) on a malformed escape or when the decoded
// bytes are not valid UTF-8.
std::optional<std::string> percentDecode(std::string_view s);

}  // namespace sip
