// Header names (compact forms, canonical spelling) and the per-header grammar dispatch used to
// validate values and split list headers.
#include "sip/header_registry.h"

#include <array>
#include <vector>

#include "sip/grammar_internal.h"
#include "sip/header_parse_util.h"
#include "sip/headers.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {

namespace {

// RFC 3261 §7.3.3 and the extension RFCs' compact forms.
std::string_view expandCompact(char c) {
  switch (asciiLower(c)) {
    case 'a': return "Accept-Contact";       // RFC 3841
    case 'b': return "Referred-By";          // RFC 3892
    case 'c': return "Content-Type";
    case 'd': return "Request-Disposition";  // RFC 3841
    case 'e': return "Content-Encoding";
    case 'f': return "From";
    case 'i': return "Call-ID";
    case 'j': return "Reject-Contact";       // RFC 3841
    case 'k': return "Supported";
    case 'l': return "Content-Length";
    case 'm': return "Contact";
    case 'n': return "Identity-Info";        // RFC 4474
    case 'o': return "Event";                // RFC 6665
    case 'r': return "Refer-To";             // RFC 3515
    case 's': return "Subject";
    case 't': return "To";
    case 'u': return "Allow-Events";         // RFC 6665
    case 'v': return "Via";
    case 'x': return "Session-Expires";      // RFC 4028
    case 'y': return "Identity";             // RFC 4474
    default: return {};
  }
}

}  // namespace

namespace detail {

namespace {

// Whether headerize(name) is `name` itself (most names on the wire are spelled canonically).
bool isHeaderized(std::string_view name) {
  bool startOfPart = true;
  for (char c : name) {
    if (c == '-') {
      startOfPart = true;
      continue;
    }
    if (c == '_' || (startOfPart ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z'))) {
      // Not as headerize writes it, unless it is one of the spellings headerize ends with.
      return name == "Call-ID" || name == "CSeq" || name == "WWW-Authenticate" || name == "RSeq" ||
             name == "RAck" || name == "Min-SE";
    }
    startOfPart = false;
  }
  // Spelled as headerize writes it before its exceptions, which respell these.
  return name != "Cseq" && name != "Rack" && name != "Rseq" && name != "Min-Se" && name != "Call-Id" &&
         name != "Www-Authenticate";
}

}  // namespace

std::string headerize(std::string_view name) {
  if (isHeaderized(name)) return std::string(name);
  // sip.js's headerize: '_' becomes '-', each '-'-separated part capitalized, then a few
  // exceptions spelled as the RFCs spell them.
  std::string out;
  out.reserve(name.size());
  bool startOfPart = true;
  for (char c : name) {
    if (c == '_' || c == '-') {
      out += '-';
      startOfPart = true;
      continue;
    }
    if (startOfPart) {
      out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      startOfPart = false;
    } else {
      out += asciiLower(c);
    }
  }
  switch (out.size()) {
    case 4:
      if (out == "Cseq") return "CSeq";
      if (out == "Rack") return "RAck";
      if (out == "Rseq") return "RSeq";
      break;
    case 6:
      if (out == "Min-Se") return "Min-SE";
      break;
    case 7:
      if (out == "Call-Id") return "Call-ID";
      break;
    case 16:
      if (out == "Www-Authenticate") return "WWW-Authenticate";
      break;
    default:
      break;
  }
  return out;
}

}  // namespace detail

bool headerNameIs(std::string_view stored, std::string_view name) {
  if (name.size() == 1) {
    std::string_view expanded = expandCompact(name[0]);
    if (!expanded.empty() && iequals(stored, expanded)) return true;
  }
  if (stored.size() != name.size()) return false;
  if (stored == name) return true;  // the usual case: both spelled canonically
  // headerize() only changes case and turns '_' into '-'.
  for (size_t i = 0; i < name.size(); i++) {
    const char a = stored[i] == '_' ? '-' : asciiLower(stored[i]);
    const char b = name[i] == '_' ? '-' : asciiLower(name[i]);
    if (a != b) return false;
  }
  return true;
}

std::string canonicalHeaderName(std::string_view name) {
  if (name.size() == 1) {
    std::string_view expanded = expandCompact(name[0]);
    if (!expanded.empty()) return std::string(expanded);
  }
  return detail::headerize(name);
}

bool isCanonicalHeaderName(std::string_view name) {
  if (name.size() == 1 && !expandCompact(name[0]).empty()) return false;
  return detail::isHeaderized(name);
}

namespace detail {

namespace {

using Validator = bool (*)(std::string_view value, std::string* error);

template <typename T>
bool ok(const std::optional<T>& v) {
  return v.has_value();
}

bool validateNameAddrSingle(std::string_view v, std::string* e) { return checkNameAddr(v, e); }

bool validateAnything(std::string_view, std::string*) { return true; }

struct Entry {
  std::string_view name;
  Validator validate;
  ListKind list;
};

// Token lists: tokens separated by commas (RFC 3261 option-tag / Method lists). Checked without
// building the list.
bool tokenList(std::string_view v, std::string* e, bool allowEmpty) {
  Scanner s(trimWhitespace(v));
  if (s.atEnd()) {
    if (!allowEmpty) setParseError(e, "", "empty list", s);
    return allowEmpty;
  }
  do {
    if (s.takeToken().empty()) {
      setParseError(e, "", "expected token at " + std::to_string(s.pos()), s);
      return false;
    }
  } while (s.comma());
  if (!s.atEnd()) {
    setParseError(e, "", "", s);
    return false;
  }
  return true;
}
bool tokensAllowEmpty(std::string_view v, std::string* e) { return tokenList(v, e, true); }
bool tokensNonEmpty(std::string_view v, std::string* e) { return tokenList(v, e, false); }

bool allowEvents(std::string_view v, std::string* e) {
  Scanner s(trimWhitespace(v));
  do {
    if (!scanEventType(s)) {
      setParseError(e, "", "expected event type at " + std::to_string(s.pos()), s);
      return false;
    }
  } while (s.comma());
  if (!s.atEnd()) {
    setParseError(e, "", "", s);
    return false;
  }
  return true;
}

// Accept-Encoding / Accept-Language: [ token *(SEMI generic-param) *(COMMA ...) ]
bool tokenParamList(std::string_view v, std::string* e) {
  Scanner s(trimWhitespace(v));
  if (s.atEnd()) return true;
  do {
    if (s.takeToken().empty()) {
      setParseError(e, "", "expected token at " + std::to_string(s.pos()), s);
      return false;
    }
    Params ignored;
    scanGenericParams(s, ignored);
  } while (s.comma());
  if (!s.atEnd()) {
    setParseError(e, "", "", s);
    return false;
  }
  return true;
}

bool callIdList(std::string_view v, std::string* e) {
  Scanner s(trimWhitespace(v));
  do {
    if (!scanCallId(s)) {
      setParseError(e, "", "invalid callid at " + std::to_string(s.pos()), s);
      return false;
    }
  } while (s.comma());
  if (!s.atEnd()) {
    setParseError(e, "", "", s);
    return false;
  }
  return true;
}

bool mimeVersion(std::string_view v, std::string* e) {
  Scanner s(trimWhitespace(v));
  if (s.takeDigits().empty() || !s.matchChar('.') || s.takeDigits().empty() || !s.atEnd()) {
    setParseError(e, "", "invalid MIME-Version", s);
    return false;
  }
  return true;
}

bool singleToken(std::string_view v, std::string* e) {
  Scanner s(trimWhitespace(v));
  if (s.takeToken().empty() || !s.atEnd()) {
    setParseError(e, "", "expected a token", s);
    return false;
  }
  return true;
}

// Sorted by name for binary search.
constexpr Entry kEntries[] = {
    {"Accept", [](std::string_view v, std::string* e) { return ok(parseAccept(v, e)); }, ListKind::None},
    {"Accept-Encoding", tokenParamList, ListKind::None},
    {"Accept-Language", tokenParamList, ListKind::None},
    {"Allow", tokensAllowEmpty, ListKind::None},
    {"Allow-Events", allowEvents, ListKind::None},
    {"Authorization", [](std::string_view v, std::string* e) { return ok(parseCredentials(v, e)); }, ListKind::None},
    {"CSeq", [](std::string_view v, std::string* e) { return ok(parseCSeq(v, e)); }, ListKind::None},
    {"Call-ID", [](std::string_view v, std::string* e) { return ok(parseCallIdView(v, e)); }, ListKind::None},
    {"Contact", [](std::string_view v, std::string* e) { return ok(parseContact(v, e)); }, ListKind::Contact},
    {"Content-Disposition", [](std::string_view v, std::string* e) { return ok(parseContentDisposition(v, e)); },
     ListKind::None},
    {"Content-Encoding", tokensNonEmpty, ListKind::None},
    {"Content-Length", [](std::string_view v, std::string* e) { return ok(parseContentLength(v, e)); }, ListKind::None},
    {"Content-Type", [](std::string_view v, std::string* e) { return ok(parseContentType(v, e)); }, ListKind::None},
    {"Date", [](std::string_view v, std::string* e) { return ok(parseDate(v, e)); }, ListKind::None},
    {"Event", [](std::string_view v, std::string* e) { return ok(parseEvent(v, e)); }, ListKind::None},
    {"Expires", [](std::string_view v, std::string* e) { return ok(parseDeltaSeconds(v, e)); }, ListKind::None},
    {"From", validateNameAddrSingle, ListKind::None},
    {"In-Reply-To", callIdList, ListKind::None},
    {"Max-Forwards", [](std::string_view v, std::string* e) { return ok(parseMaxForwards(v, e)); }, ListKind::None},
    {"Mime-Version", mimeVersion, ListKind::None},
    {"Min-Expires", [](std::string_view v, std::string* e) { return ok(parseDeltaSeconds(v, e)); }, ListKind::None},
    {"Min-SE", [](std::string_view v, std::string* e) { return ok(parseMinSE(v, e)); }, ListKind::None},
    {"Organization", validateAnything, ListKind::None},
    {"P-Asserted-Identity", nullptr, ListKind::NameAddrOrAddrSpec},
    {"P-Preferred-Identity", nullptr, ListKind::NameAddrOrAddrSpec},
    {"Path", nullptr, ListKind::NameAddr},
    {"Priority", singleToken, ListKind::None},
    {"Proxy-Authenticate", [](std::string_view v, std::string* e) { return ok(parseChallenge(v, e)); },
     ListKind::None},
    {"Proxy-Authorization", [](std::string_view v, std::string* e) { return ok(parseCredentials(v, e)); },
     ListKind::None},
    {"Proxy-Require", tokensNonEmpty, ListKind::None},
    {"RAck", [](std::string_view v, std::string* e) { return ok(parseRAck(v, e)); }, ListKind::None},
    {"RSeq", [](std::string_view v, std::string* e) { return ok(parseRSeq(v, e)); }, ListKind::None},
    {"Reason", [](std::string_view v, std::string* e) { return ok(parseReasonList(v, e)); }, ListKind::None},
    {"Record-Route", nullptr, ListKind::NameAddr},
    {"Refer-To", validateNameAddrSingle, ListKind::None},
    {"Referred-By", validateNameAddrSingle, ListKind::None},
    {"Remote-Party-ID", nullptr, ListKind::NameAddrOrAddrSpec},
    {"Replaces", [](std::string_view v, std::string* e) { return ok(parseReplaces(v, e)); }, ListKind::None},
    {"Require", tokensAllowEmpty, ListKind::None},
    {"Retry-After", [](std::string_view v, std::string* e) { return ok(parseRetryAfter(v, e)); }, ListKind::None},
    {"Route", nullptr, ListKind::NameAddr},
    {"Service-Route", nullptr, ListKind::NameAddr},
    {"Session-Expires", [](std::string_view v, std::string* e) { return ok(parseSessionExpires(v, e)); },
     ListKind::None},
    {"Subscription-State", [](std::string_view v, std::string* e) { return ok(parseSubscriptionState(v, e)); },
     ListKind::None},
    {"Supported", tokensAllowEmpty, ListKind::None},
    {"Timestamp", [](std::string_view v, std::string* e) { return ok(parseTimestamp(v, e)); }, ListKind::None},
    {"To", validateNameAddrSingle, ListKind::None},
    {"Unsupported", tokensNonEmpty, ListKind::None},
    {"Via", nullptr, ListKind::Via},
    {"WWW-Authenticate", [](std::string_view v, std::string* e) { return ok(parseChallenge(v, e)); },
     ListKind::None},
    {"Warning", [](std::string_view v, std::string* e) { return ok(parseWarningList(v, e)); }, ListKind::None},
};

constexpr bool entriesSorted() {
  for (size_t i = 1; i < std::size(kEntries); ++i) {
    if (!(kEntries[i - 1].name < kEntries[i].name)) return false;
  }
  return true;
}
static_assert(entriesSorted(), "kEntries must be sorted by name");

// Lookup by length first: most names differ in length, and equal-length candidates are few.
const Entry* findEntry(std::string_view canonicalName) {
  constexpr size_t kMaxLen = 24;
  struct Buckets {
    std::array<std::vector<const Entry*>, kMaxLen + 1> byLength;
    Buckets() {
      for (const Entry& e : kEntries) byLength[e.name.size()].push_back(&e);
    }
  };
  static const Buckets buckets;
  if (canonicalName.size() > kMaxLen) return nullptr;
  for (const Entry* e : buckets.byLength[canonicalName.size()]) {
    if (e->name == canonicalName) return e;
  }
  return nullptr;
}

}  // namespace

ListKind listKind(std::string_view canonicalName) {
  const Entry* e = findEntry(canonicalName);
  return e == nullptr ? ListKind::None : e->list;
}

HeaderGrammar headerGrammar(std::string_view canonicalName) {
  const Entry* e = findEntry(canonicalName);
  if (e == nullptr) return {};
  return HeaderGrammar{true, e->list, e->validate};
}

bool splitList(ListKind kind, std::string_view value, std::vector<std::string_view>& out, std::string* error,
               std::vector<Via>* vias, std::vector<NameAddr>* nameAddrs) {
  Scanner s(trimWhitespace(value));
  std::string err;
  if (kind == ListKind::Contact && s.peekIs('*')) {
    s.advance();
    if (!s.atEnd()) {
      setParseError(error, "", "", s);
      return false;
    }
    out.push_back(s.input());
    return true;
  }
  do {
    size_t start = s.pos();
    if (kind == ListKind::Via) {
      Via via;  // built only when the caller takes the values; otherwise only checked
      if (!scanViaParm(s, vias != nullptr ? &via : nullptr, &err)) {
        setParseError(error, "", err, s);
        return false;
      }
      if (vias != nullptr) vias->push_back(std::move(via));
    } else {
      // Built only when the caller takes the values; otherwise only checked.
      NameAddr na;
      NameAddr* out = nameAddrs != nullptr ? &na : nullptr;
      NameAddrForm form = kind == ListKind::NameAddr ? NameAddrForm::NameAddrOnly : NameAddrForm::NameAddrOrAddrSpec;
      if (!scanNameAddrHead(s, out, form, true, &err)) {
        setParseError(error, "", err, s);
        return false;
      }
      scanGenericParams(s, out != nullptr ? &na.params : nullptr);
      if (nameAddrs != nullptr) nameAddrs->push_back(std::move(na));
    }
    out.push_back(trimWhitespace(s.slice(start)));
  } while (s.comma());
  if (!s.atEnd()) {
    setParseError(error, "", err, s);
    return false;
  }
  return true;
}

}  // namespace detail

bool isListHeader(std::string_view canonicalName) { return detail::listKind(canonicalName) != detail::ListKind::None; }

std::optional<std::string> validateHeaderValue(std::string_view canonicalName, std::string_view value) {
  const detail::Entry* e = detail::findEntry(canonicalName);
  if (e == nullptr) return std::nullopt;
  std::string error;
  bool valid;
  if (e->validate != nullptr) {
    valid = e->validate(value, &error);
  } else {
    std::vector<std::string_view> parts;
    valid = detail::splitList(e->list, value, parts, &error);
  }
  if (valid) return std::nullopt;
  return "invalid " + std::string(canonicalName) + " header: " + (error.empty() ? "syntax error" : error);
}

}  // namespace sip
