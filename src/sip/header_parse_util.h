// Internal helpers shared by the header parsers (headers_*.cpp) and the JSON layer.
#pragma once
#include <string>
#include <string_view>

#include "sip/headers.h"
#include "sip/scanner.h"

namespace sip::detail {

// Sets *error (when non-null) to "<what>: <reason>", the reason being `err` or, when empty, the
// unexpected character at the scanner position.
void setParseError(std::string* error, std::string_view what, const std::string& err, const Scanner& s);

// One via-parm at the scanner position (no surrounding whitespace handling).
bool scanViaParm(Scanner& s, Via& via, std::string* error);
bool scanViaParm(Scanner& s, Via* via, std::string* error);  // via may be null (check only)

// auth-param = token EQUAL ( token / quoted-string ); value stored unquoted (and raw).
struct AuthParamScan {
  AuthParam param;
  std::string_view raw;  // value as written (quoted strings: inside of the quotes, escapes kept)
};
bool scanAuthParam(Scanner& s, AuthParamScan& out);

// Call-ID = word [ "@" word ]
bool scanCallId(Scanner& s);

// event-type = token-nodot *( "." token-nodot )
bool scanEventType(Scanner& s);

// Contact's q and expires values as sip.js stores them: numbers written back ("0.50" -> "0.5",
// "0060" -> "60"); other values untouched.
void normalizeContactParams(Params& params);

// qvalue of a Contact q parameter ("0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ]).
bool isQValue(std::string_view v);

}  // namespace sip::detail
