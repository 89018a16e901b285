// Typed values of SIP header fields and their parsers (RFC 3261 §25 and the extension RFCs).
// Every parser takes the header VALUE (what follows "Name:"), may contain folded lines (CRLF SP),
// never throws, and returns nullopt with a reason in *error (when error != nullptr) on bad syntax.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/name_addr.h"
#include "sip/params.h"
#include "sip/uri.h"

namespace sip {

// ---- Via (RFC 3261 §20.42) ----
struct Via {
  std::string protocolName;     // "SIP" as written
  std::string protocolVersion;  // "2.0"
  std::string transport;        // as written ("UDP", "WSS", ...)
  std::string host;             // sent-by host as written (IPv6 with brackets)
  HostType hostType = HostType::Domain;
  std::optional<uint32_t> port;
  Params params;  // every via-param in order (branch, received, rport, ... included), names lowercased

  std::optional<std::string> branch() const { return paramValue(params, "branch"); }
  std::optional<std::string> received() const { return paramValue(params, "received"); }
  std::optional<std::string> maddr() const { return paramValue(params, "maddr"); }
  bool hasRport() const { return hasParam(params, "rport"); }
  std::optional<uint32_t> rport() const;
  std::optional<uint32_t> ttl() const;
  std::string toString() const;
};
std::optional<Via> parseVia(std::string_view value, std::string* error = nullptr);
std::optional<std::vector<Via>> parseViaList(std::string_view value, std::string* error = nullptr);
// The sent-by of the first via-parm of `value` as transaction matching compares it (RFC 3261
// §17.2.3): the host lowercased, then ":<port>" when a port is given. Reads no further than the
// sent-by, so on a Via that parseViaList rejects after it (parseMessage never keeps one) it still
// answers; nullopt when the sent-protocol or the sent-by is malformed.
std::optional<std::string> viaSentBy(std::string_view value);
// The same appended to `out` (false, `out` unspecified, when malformed): for keys built per message.
bool appendViaSentBy(std::string& out, std::string_view value);

// ---- CSeq (§20.16), RSeq / RAck (RFC 3262) ----
struct CSeq {
  uint32_t number = 0;
  std::string method;  // case-sensitive, as written
};
std::optional<CSeq> parseCSeq(std::string_view value, std::string* error = nullptr);

std::optional<uint32_t> parseRSeq(std::string_view value, std::string* error = nullptr);

struct RAck {
  uint32_t rseq = 0;
  uint32_t cseq = 0;
  std::string method;
};
std::optional<RAck> parseRAck(std::string_view value, std::string* error = nullptr);

// ---- plain numbers ----
// delta-seconds / 1*DIGIT values; values that overflow 32 bits are clamped to 2^32-1 as RFC 3261
// §20.19 allows for Expires ("a value larger than 2**32-1 ... SHOULD be treated as 2**32-1").
std::optional<uint32_t> parseDeltaSeconds(std::string_view value, std::string* error = nullptr);  // Expires, Min-Expires
std::optional<uint32_t> parseContentLength(std::string_view value, std::string* error = nullptr);
std::optional<uint32_t> parseMaxForwards(std::string_view value, std::string* error = nullptr);  // 1*DIGIT, <= 255 not enforced

// ---- Call-ID (§20.8) ----
// word [ "@" word ]; returns the value as written (trimmed).
std::optional<std::string> parseCallId(std::string_view value, std::string* error = nullptr);
// The same value as a view into `value`, for callers that only compare or hash it.
std::optional<std::string_view> parseCallIdView(std::string_view value, std::string* error = nullptr);

// ---- token lists: Allow, Supported, Require, Proxy-Require, Unsupported, Allow-Events,
//      Content-Encoding, Accept-Encoding, Accept-Language (tokens as written) ----
std::optional<std::vector<std::string>> parseTokenList(std::string_view value, bool allowEmpty,
                                                       std::string* error = nullptr);

// ---- Content-Type (§20.15), Accept (§20.1) ----
struct MediaType {
  std::string type;     // as written ("application", "*")
  std::string subtype;  // as written ("sdp", "*")
  Params params;        // names lowercased, values as written
  std::string mimeType() const;  // "type/subtype" lowercased, no params
  std::string toString() const;
};
std::optional<MediaType> parseContentType(std::string_view value, std::string* error = nullptr);
// Accept may be empty (RFC 3261 §20.1: "Accept:" with no value means nothing is acceptable).
std::optional<std::vector<MediaType>> parseAccept(std::string_view value, std::string* error = nullptr);

// ---- Content-Disposition (§20.11) ----
struct ContentDisposition {
  std::string type;  // as written ("session", "render", "early-session", ...)
  Params params;     // e.g. handling=optional
};
std::optional<ContentDisposition> parseContentDisposition(std::string_view value, std::string* error = nullptr);

// ---- Authentication (§20.27, §20.44, §20.7, §20.28; RFC 2617 / 7616 / 8760) ----
struct AuthParam {
  std::string name;   // lowercased
  std::string value;  // unquoted (quoted-pair escapes resolved) when it was a quoted-string
  bool quoted = false;
};
struct Challenge {
  std::string scheme;  // as written ("Digest")
  std::vector<AuthParam> params;  // every auth-param in order
  // Digest fields (nullopt when absent). realm/nonce/opaque/domain unquoted.
  std::optional<std::string> realm, domain, nonce, opaque;
  std::optional<bool> stale;           // "true"/"false" case-insensitively
  std::optional<std::string> algorithm;  // uppercased as sip.js does ("MD5", "SHA-256", "MD5-SESS")
  std::vector<std::string> qop;        // qop-options split at commas, lowercased
  const AuthParam* param(std::string_view name) const;
};
std::optional<Challenge> parseChallenge(std::string_view value, std::string* error = nullptr);

struct Credentials {
  std::string scheme;
  std::vector<AuthParam> params;
  std::optional<std::string> username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc;
  bool userhash = false;
  const AuthParam* param(std::string_view name) const;
};
std::optional<Credentials> parseCredentials(std::string_view value, std::string* error = nullptr);

// ---- Events (RFC 6665) ----
struct Event {
  std::string type;  // event-type as written (sip.js JSON lowercases it)
  Params params;     // e.g. id
};
std::optional<Event> parseEvent(std::string_view value, std::string* error = nullptr);

struct SubscriptionState {
  std::string state;  // as written: active / pending / terminated / extension token
  std::optional<std::string> reason;
  std::optional<uint32_t> expires;
  std::optional<uint32_t> retryAfter;
  Params params;  // every parameter in order, incl. the ones above
};
std::optional<SubscriptionState> parseSubscriptionState(std::string_view value, std::string* error = nullptr);

// ---- Replaces (RFC 3891) ----
struct Replaces {
  std::string callId;
  std::string fromTag;
  std::string toTag;
  bool earlyOnly = false;
  Params params;  // all params in order
};
std::optional<Replaces> parseReplaces(std::string_view value, std::string* error = nullptr);

// ---- Reason (RFC 3326) ----
struct Reason {
  std::string protocol;  // "SIP", "Q.850", or extension token, as written
  std::optional<uint32_t> cause;
  std::optional<std::string> text;  // unquoted
  Params params;
};
std::optional<std::vector<Reason>> parseReasonList(std::string_view value, std::string* error = nullptr);

// ---- Session timers (RFC 4028) ----
struct SessionExpires {
  uint32_t deltaSeconds = 0;
  std::optional<std::string> refresher;  // "uac" / "uas" (lowercased)
  Params params;
};
std::optional<SessionExpires> parseSessionExpires(std::string_view value, std::string* error = nullptr);
// Min-SE: delta-seconds *(SEMI generic-param)
std::optional<uint32_t> parseMinSE(std::string_view value, std::string* error = nullptr);

// ---- Retry-After (§20.33), Warning (§20.43), Timestamp (§20.38), Date (§20.17) ----
struct RetryAfter {
  uint32_t seconds = 0;
  std::optional<std::string> comment;  // including parentheses
  std::optional<uint32_t> duration;
  Params params;
};
std::optional<RetryAfter> parseRetryAfter(std::string_view value, std::string* error = nullptr);

struct Warning {
  uint32_t code = 0;      // 3DIGIT
  std::string agent;      // hostport or pseudonym
  std::string text;       // unquoted
};
std::optional<std::vector<Warning>> parseWarningList(std::string_view value, std::string* error = nullptr);

struct Timestamp {
  std::string value;                 // 1*DIGIT [ "." *DIGIT ]
  std::optional<std::string> delay;  // same form
};
std::optional<Timestamp> parseTimestamp(std::string_view value, std::string* error = nullptr);

// rfc1123-date, e.g. "Sat, 13 Nov 2010 23:29:00 GMT"; returned as written (trimmed).
std::optional<std::string> parseDate(std::string_view value, std::string* error = nullptr);

// ---- name-addr based headers ----
// From / To / Refer-To / Referred-By / P-Asserted-Identity element / Remote-Party-ID element:
// see parseNameAddr / parseNameAddrList in name_addr.h.
// Contact: "*" or a list of contact values.
struct ContactValue {
  bool star = false;
  std::vector<NameAddr> contacts;
};
std::optional<ContactValue> parseContact(std::string_view value, std::string* error = nullptr);

// ---- header names ----
// The long name spelled as sip.js's headerize spells it ("Call-ID", "CSeq", "WWW-Authenticate"),
// with RFC 3261 §7.3.3 compact forms and those of the extension RFCs expanded (i m e l c f s k t v
// o r b u x y a d j n).
std::string canonicalHeaderName(std::string_view name);
// Whether canonicalHeaderName(name) is `name` itself (most names are written canonically), without
// building it.
bool isCanonicalHeaderName(std::string_view name);
// Whether a stored header name is the header `name` names, i.e. canonicalHeaderName(name) up to
// case: what Message's lookups compare, without building the canonical name (no allocation).
bool headerNameIs(std::string_view stored, std::string_view name);
// Whether the header carries a comma-separated list (RFC 3261 §7.3.1) that the message layer splits
// into one entry per value (Via, Contact, Route, Record-Route, Allow, Supported, ...).
bool isListHeader(std::string_view canonicalName);

// Checks `value` against the grammar of the header named `canonicalName` (as returned by
// canonicalHeaderName). Returns nullopt when valid OR when the header is unknown, else a short
// reason ("invalid Via: expected '/' at 5").
std::optional<std::string> validateHeaderValue(std::string_view canonicalName, std::string_view value);

}  // namespace sip
