// Scanner-level building blocks shared by the parsers of src/sip (URIs, name-addrs, headers) and
// by the JSON layer, which needs positions and a few details the public structs do not keep.
// Not a public API: include only from src/sip/*.cpp.
#pragma once
#include <string>
#include <string_view>

#include "sip/name_addr.h"
#include "sip/params.h"
#include "sip/scanner.h"
#include "sip/uri.h"

namespace sip::detail {

// ---- hosts ----
// IPv4address with strict dec-octets (0-255, no leading zeros).
bool scanIPv4(Scanner& s);
// IPv6address (RFC 4291 text form, optional trailing IPv4), without brackets.
bool scanIPv6Address(Scanner& s);
// "[" IPv6address "]"
bool scanIPv6Reference(Scanner& s);
// hostname: *( domainlabel "." ) toplabel [ "." ] where domainlabel = 1*[A-Za-z0-9_-] (lenient as
// sip.js) and toplabel = ALPHA *[A-Za-z0-9-].
bool scanHostname(Scanner& s);
// host = hostname / IPv4address / IPv6reference (in that order, as sip.js). On success *host is the
// matched text.
bool scanHost(Scanner& s, std::string_view* host, HostType* type);
// ":" already consumed: 0..5 digits, value <= 65535; `port` set only when digits are there.
bool scanPortDigits(Scanner& s, std::optional<uint32_t>* port);
// hostport; `port` set only when digits follow ':' (0..5 digits accepted, as sip.js).
bool scanHostPort(Scanner& s, std::string_view* host, HostType* type, std::optional<uint32_t>* port);

// ---- URIs ----
enum class UriContext {
  Full,      // SIP-URI with uri-parameters and headers (Request-URI, inside <...>)
  AddrSpec,  // SIP-URI without parameters/headers: the bare addr-spec of From/To/Contact, whose
             // ";params" are header parameters
};
// SIP-URI / SIPS-URI starting at the scanner position. On failure the position is unchanged and
// *error (if given) says why.
bool scanSipUri(Scanner& s, Uri& out, UriContext ctx, std::string* error);
// The same checks with `out` null building nothing: the validators of the message parser accept
// exactly what the building form accepts, without a string or a vector per URI.
bool scanSipUri(Scanner& s, Uri* out, UriContext ctx, std::string* error);
// absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 3261 / 2396, plus '[' ']' for IPv6
// authorities). tel: URIs are split into subscriber + params. `stopAtSemicolon` (a bare addr-spec)
// stops it before ';' (header parameters follow), ',' (next list element) and '?' (RFC 3261 §20). Fills scheme/opaque and, for "//authority" forms,
// user/host/port.
bool scanAbsoluteUri(Scanner& s, Uri& out, bool stopAtSemicolon, std::string* error);
// Any URI: SIP-URI first, then absoluteURI.
bool scanAnyUri(Scanner& s, Uri& out, UriContext ctx, std::string* error);
bool scanAnyUri(Scanner& s, Uri* out, UriContext ctx, std::string* error);  // out may be null (check only)

// ---- parameters ----
// generic-param = token [ EQUAL gen-value ], gen-value = token / host / quoted-string.
// Name lowercased; value as written (quoted strings with their quotes).
bool scanGenericParam(Scanner& s, Param& out);
bool scanGenericParam(Scanner& s, Param* out);  // out may be null (check only)
// *( SEMI generic-param ), appending to `out` (a repeated name replaces the earlier value); stops (position before the SEMI) at the first SEMI
// not followed by a valid param.
void scanGenericParams(Scanner& s, Params& out);
// The same with `out` null: only moves past the parameters (what they are is not kept).
void scanGenericParams(Scanner& s, Params* out);

// ---- name-addr ----
struct NameAddrScan {
  NameAddr value;
  bool quotedDisplayName = false;
};
enum class NameAddrForm {
  NameAddrOrAddrSpec,  // From, To, Contact, Refer-To, Referred-By, P-Asserted-Identity
  NameAddrOnly,        // Route, Record-Route
};
// ( name-addr / addr-spec ) without the trailing parameters. `anyUri` allows absolute URIs (tel:,
// http:, urn:...) in addition to SIP URIs.
bool scanNameAddrHead(Scanner& s, NameAddr& out, NameAddrForm form, bool anyUri, std::string* error);
// The same with `out` null: only checks.
bool scanNameAddrHead(Scanner& s, NameAddr* out, NameAddrForm form, bool anyUri, std::string* error);
// name-addr / addr-spec *( SEMI generic-param ), the whole text: what parseNameAddr accepts, with
// its error text, without building the value.
bool checkNameAddr(std::string_view text, std::string* error);
// display-name = *(token LWS) / quoted-string; returns the sip.js form (trimmed, outer quotes
// removed, escapes kept).
bool scanDisplayName(Scanner& s, std::string* out);

}  // namespace sip::detail
