// Header values other than Via and authentication: numbers, CSeq/RAck, Call-ID, token lists,
// media types, Content-Disposition, events (RFC 6665), Replaces (RFC 3891), Reason (RFC 3326),
// session timers (RFC 4028), Retry-After, Warning, Timestamp, Date, Contact.
#include <algorithm>

#include "sip/grammar_internal.h"
#include "sip/header_parse_util.h"
#include "sip/headers.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {
namespace detail {

void setParseError(std::string* error, std::string_view /*what*/, const std::string& err, const Scanner& s) {
  if (error == nullptr) return;
  if (!err.empty()) {
    *error = err;
  } else if (s.atEnd()) {
    *error = "unexpected end at " + std::to_string(s.pos());
  } else {
    unsigned char c = static_cast<unsigned char>(s.peek());
    std::string shown = (c >= 0x20 && c < 0x7F) ? std::string(1, static_cast<char>(c)) : ("\\x" + std::to_string(c));
    *error = "unexpected character '" + shown + "' at " + std::to_string(s.pos());
  }
}

bool scanCallId(Scanner& s) {
  size_t start = s.pos();
  if (s.takeWord().empty()) return false;
  if (s.matchChar('@')) {
    if (s.takeWord().empty()) {
      s.setPos(start);
      return false;
    }
  }
  return true;
}

namespace {
bool isTokenNoDotChar(char c) { return cc::has(c, cc::kTokenNoDot); }
}  // namespace

bool scanEventType(Scanner& s) {
  size_t start = s.pos();
  if (s.takeWhile(isTokenNoDotChar).empty()) return false;
  while (s.peekIs('.')) {
    size_t dot = s.pos();
    s.advance();
    if (s.takeWhile(isTokenNoDotChar).empty()) {
      s.setPos(dot);
      break;
    }
  }
  // A dangling '.' (e.g. "presence.") is left unconsumed and makes the caller fail.
  return s.pos() > start;
}

bool isQValue(std::string_view v) {
  if (v.empty()) return false;
  if (v[0] != '0' && v[0] != '1') return false;
  if (v.size() == 1) return true;
  if (v[1] != '.' || v.size() > 5) return false;
  for (size_t i = 2; i < v.size(); ++i) {
    if (v[0] == '0' ? !isDigit(v[i]) : v[i] != '0') return false;
  }
  return true;
}

void normalizeContactParams(Params& params) {
  for (Param& p : params) {
    if (!p.value) continue;
    std::string& v = *p.value;
    if (p.name == "q" && !v.empty() && v[0] == '0') {
      // sip.js's qvalue: "0" [ "." 0*3DIGIT ], turned into a number (parseFloat) and back.
      bool ok = v.size() == 1 || (v[1] == '.' && v.size() <= 5);
      for (size_t i = 2; ok && i < v.size(); ++i) ok = isDigit(v[i]);
      if (ok && v.find('.') != std::string::npos) {
        while (v.back() == '0') v.pop_back();
        if (v.back() == '.') v.pop_back();
      }
    } else if (p.name == "expires" && !v.empty() && std::all_of(v.begin(), v.end(), isDigit)) {
      // delta-seconds through parseInt: leading zeros go.
      size_t i = 0;
      while (i + 1 < v.size() && v[i] == '0') ++i;
      v.erase(0, i);
    }
  }
}

}  // namespace detail

namespace {

using detail::setParseError;

bool isAllDigits(std::string_view v) { return !v.empty() && std::all_of(v.begin(), v.end(), isDigit); }

// Runs `body` over the trimmed value and requires it to consume everything.
template <typename T, typename F>
std::optional<T> parseAll(std::string_view value, std::string* error, F body) {
  Scanner s(trimWhitespace(value));
  std::string err;
  T out{};
  if (!body(s, out, err) || !s.atEnd()) {
    setParseError(error, "", err, s);
    return std::nullopt;
  }
  return out;
}

bool scanU32(Scanner& s, uint32_t& out, std::string& err, bool clamp) {
  std::string_view d = s.takeDigits();
  if (d.empty()) {
    err = "expected digits at " + std::to_string(s.pos());
    return false;
  }
  if (clamp) {
    out = digitsToU32Clamped(d);
    return true;
  }
  auto v = digitsToU32(d);
  if (!v) {
    err = "number out of range";
    return false;
  }
  out = *v;
  return true;
}

}  // namespace

std::optional<CSeq> parseCSeq(std::string_view value, std::string* error) {
  return parseAll<CSeq>(value, error, [](Scanner& s, CSeq& out, std::string& err) {
    if (!scanU32(s, out.number, err, false)) return false;
    if (!s.skipLWS()) {
      err = "expected whitespace after CSeq number";
      return false;
    }
    std::string_view m = s.takeToken();
    if (m.empty()) {
      err = "expected CSeq method";
      return false;
    }
    out.method = std::string(m);
    return true;
  });
}

std::optional<uint32_t> parseRSeq(std::string_view value, std::string* error) {
  return parseAll<uint32_t>(value, error, [](Scanner& s, uint32_t& out, std::string& err) {
    return scanU32(s, out, err, false);
  });
}

std::optional<RAck> parseRAck(std::string_view value, std::string* error) {
  return parseAll<RAck>(value, error, [](Scanner& s, RAck& out, std::string& err) {
    if (!scanU32(s, out.rseq, err, false)) return false;
    if (!s.skipLWS()) {
      err = "expected whitespace after RAck response-num";
      return false;
    }
    if (!scanU32(s, out.cseq, err, false)) return false;
    if (!s.skipLWS()) {
      err = "expected whitespace after RAck CSeq-num";
      return false;
    }
    std::string_view m = s.takeToken();
    if (m.empty()) {
      err = "expected RAck method";
      return false;
    }
    out.method = std::string(m);
    return true;
  });
}

std::optional<uint32_t> parseDeltaSeconds(std::string_view value, std::string* error) {
  return parseAll<uint32_t>(value, error, [](Scanner& s, uint32_t& out, std::string& err) {
    return scanU32(s, out, err, true);
  });
}

std::optional<uint32_t> parseContentLength(std::string_view value, std::string* error) {
  return parseAll<uint32_t>(value, error, [](Scanner& s, uint32_t& out, std::string& err) {
    return scanU32(s, out, err, false);
  });
}

std::optional<uint32_t> parseMaxForwards(std::string_view value, std::string* error) {
  return parseAll<uint32_t>(value, error, [](Scanner& s, uint32_t& out, std::string& err) {
    return scanU32(s, out, err, true);
  });
}

std::optional<std::string_view> parseCallIdView(std::string_view value, std::string* error) {
  return parseAll<std::string_view>(value, error, [](Scanner& s, std::string_view& out, std::string& err) {
    if (!detail::scanCallId(s)) {
      err = "invalid Call-ID";
      return false;
    }
    out = s.slice(0);
    return true;
  });
}

std::optional<std::string> parseCallId(std::string_view value, std::string* error) {
  auto view = parseCallIdView(value, error);
  return view ? std::optional<std::string>(*view) : std::nullopt;
}

std::optional<std::vector<std::string>> parseTokenList(std::string_view value, bool allowEmpty, std::string* error) {
  return parseAll<std::vector<std::string>>(
      value, error, [allowEmpty](Scanner& s, std::vector<std::string>& out, std::string& err) {
        if (s.atEnd()) {
          if (!allowEmpty) err = "empty list";
          return allowEmpty;
        }
        do {
          std::string_view t = s.takeToken();
          if (t.empty()) {
            err = "expected token at " + std::to_string(s.pos());
            return false;
          }
          out.emplace_back(t);
        } while (s.comma());
        return true;
      });
}

// ---- media types ----

namespace {

// m-parameter = m-attribute EQUAL m-value (token / quoted-string); value kept as written.
bool scanMediaParams(Scanner& s, Params& out, bool allowFlag) {
  while (true) {
    size_t before = s.pos();
    if (!s.semi()) return true;
    std::string_view name = s.takeToken();
    if (name.empty()) {
      s.setPos(before);
      return true;
    }
    Param p{toLower(name), std::nullopt};
    size_t afterName = s.pos();
    if (s.equal()) {
      size_t vs = s.pos();
      size_t quoteStart = 0;
      if (!s.takeToken().empty()) {
        p.value = std::string(s.slice(vs));
      } else if (s.quotedString(&quoteStart)) {
        p.value = std::string(s.slice(quoteStart));
      } else {
        s.setPos(afterName);
      }
    }
    if (!p.value && !allowFlag) {
      s.setPos(before);
      return true;
    }
    out.push_back(std::move(p));
  }
}

bool scanMediaType(Scanner& s, MediaType& out, std::string& err, bool acceptParams) {
  std::string_view type = s.takeToken();
  if (type.empty()) {
    err = "expected media type at " + std::to_string(s.pos());
    return false;
  }
  if (!s.slash()) {
    err = "expected '/' at " + std::to_string(s.pos());
    return false;
  }
  std::string_view sub = s.takeToken();
  if (sub.empty()) {
    err = "expected media subtype at " + std::to_string(s.pos());
    return false;
  }
  out.type = std::string(type);
  out.subtype = std::string(sub);
  // Accept's accept-params (q, generic-param) may be flags; Content-Type's m-parameters may not.
  return scanMediaParams(s, out.params, acceptParams);
}

}  // namespace

std::string MediaType::mimeType() const { return toLower(type) + "/" + toLower(subtype); }

std::string MediaType::toString() const {
  std::string out = type + "/" + subtype;
  appendParams(out, params);
  return out;
}

std::optional<MediaType> parseContentType(std::string_view value, std::string* error) {
  return parseAll<MediaType>(value, error, [](Scanner& s, MediaType& out, std::string& err) {
    return scanMediaType(s, out, err, false);
  });
}

std::optional<std::vector<MediaType>> parseAccept(std::string_view value, std::string* error) {
  return parseAll<std::vector<MediaType>>(value, error, [](Scanner& s, std::vector<MediaType>& out, std::string& err) {
    if (s.atEnd()) return true;
    do {
      MediaType m;
      if (!scanMediaType(s, m, err, true)) return false;
      out.push_back(std::move(m));
    } while (s.comma());
    return true;
  });
}

std::optional<ContentDisposition> parseContentDisposition(std::string_view value, std::string* error) {
  return parseAll<ContentDisposition>(value, error, [](Scanner& s, ContentDisposition& out, std::string& err) {
    std::string_view t = s.takeToken();
    if (t.empty()) {
      err = "expected disposition type";
      return false;
    }
    out.type = std::string(t);
    detail::scanGenericParams(s, out.params);
    return true;
  });
}

// ---- events ----

std::optional<Event> parseEvent(std::string_view value, std::string* error) {
  return parseAll<Event>(value, error, [](Scanner& s, Event& out, std::string& err) {
    size_t start = s.pos();
    if (!detail::scanEventType(s)) {
      err = "expected event type";
      return false;
    }
    out.type = std::string(s.slice(start));
    detail::scanGenericParams(s, out.params);
    return true;
  });
}

std::optional<SubscriptionState> parseSubscriptionState(std::string_view value, std::string* error) {
  return parseAll<SubscriptionState>(value, error, [](Scanner& s, SubscriptionState& out, std::string& err) {
    std::string_view st = s.takeToken();
    if (st.empty()) {
      err = "expected subscription state";
      return false;
    }
    out.state = std::string(st);
    detail::scanGenericParams(s, out.params);
    for (const Param& p : out.params) {
      if (!p.value) continue;
      if (p.name == "reason" && !out.reason) {
        out.reason = *p.value;
      } else if (p.name == "expires" && !out.expires) {
        if (isAllDigits(*p.value)) out.expires = digitsToU32Clamped(*p.value);
      } else if ((p.name == "retry-after" || p.name == "retry_after") && !out.retryAfter) {
        // RFC 6665 spells it retry-after; sip.js's grammar knows only retry_after.
        if (isAllDigits(*p.value)) out.retryAfter = digitsToU32Clamped(*p.value);
      }
    }
    return true;
  });
}

// ---- Replaces ----

std::optional<Replaces> parseReplaces(std::string_view value, std::string* error) {
  return parseAll<Replaces>(value, error, [](Scanner& s, Replaces& out, std::string& err) {
    size_t start = s.pos();
    if (!detail::scanCallId(s)) {
      err = "invalid call-id";
      return false;
    }
    out.callId = std::string(s.slice(start));
    detail::scanGenericParams(s, out.params);
    bool haveFrom = false;
    bool haveTo = false;
    for (const Param& p : out.params) {
      // to-tag / from-tag take a token (a quoted value makes it a generic-param, as in sip.js);
      // early-only takes no value.
      bool tokenValue = p.value && isToken(*p.value);
      if (p.name == "from-tag" && tokenValue) {
        out.fromTag = *p.value;
        haveFrom = true;
      } else if (p.name == "to-tag" && tokenValue) {
        out.toTag = *p.value;
        haveTo = true;
      } else if (p.name == "early-only") {
        if (p.value) {
          err = "early-only takes no value";
          return false;
        }
        out.earlyOnly = true;
      }
    }
    if (!haveFrom || !haveTo) {
      err = "Replaces needs from-tag and to-tag";
      return false;
    }
    return true;
  });
}

// ---- Reason ----

std::optional<std::vector<Reason>> parseReasonList(std::string_view value, std::string* error) {
  return parseAll<std::vector<Reason>>(value, error, [](Scanner& s, std::vector<Reason>& out, std::string& err) {
    do {
      Reason r;
      std::string_view proto = s.takeToken();
      if (proto.empty()) {
        err = "expected reason protocol at " + std::to_string(s.pos());
        return false;
      }
      r.protocol = std::string(proto);
      detail::scanGenericParams(s, r.params);
      for (const Param& p : r.params) {
        if (p.name == "cause" && p.value && !r.cause) {
          auto v = digitsToU32(*p.value);
          if (!v) {
            err = "invalid cause";
            return false;
          }
          r.cause = *v;
        } else if (p.name == "text" && p.value && !r.text) {
          const std::string& v = *p.value;
          if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
            r.text = unescapeQuoted(std::string_view(v).substr(1, v.size() - 2));
          } else {
            r.text = v;
          }
        }
      }
      out.push_back(std::move(r));
    } while (s.comma());
    return true;
  });
}

// ---- session timers ----

std::optional<SessionExpires> parseSessionExpires(std::string_view value, std::string* error) {
  return parseAll<SessionExpires>(value, error, [](Scanner& s, SessionExpires& out, std::string& err) {
    if (!scanU32(s, out.deltaSeconds, err, true)) return false;
    detail::scanGenericParams(s, out.params);
    for (const Param& p : out.params) {
      if (p.name == "refresher" && p.value && (iequals(*p.value, "uac") || iequals(*p.value, "uas"))) {
        out.refresher = toLower(*p.value);
      }
    }
    return true;
  });
}

std::optional<uint32_t> parseMinSE(std::string_view value, std::string* error) {
  return parseAll<uint32_t>(value, error, [](Scanner& s, uint32_t& out, std::string& err) {
    if (!scanU32(s, out, err, true)) return false;
    Params ignored;
    detail::scanGenericParams(s, ignored);
    return true;
  });
}

// ---- Retry-After, Warning, Timestamp, Date ----

std::optional<RetryAfter> parseRetryAfter(std::string_view value, std::string* error) {
  return parseAll<RetryAfter>(value, error, [](Scanner& s, RetryAfter& out, std::string& err) {
    if (!scanU32(s, out.seconds, err, true)) return false;
    size_t beforeComment = s.pos();
    s.skipSWS();
    if (auto c = s.comment()) {
      out.comment = std::string(*c);
    } else {
      s.setPos(beforeComment);
    }
    detail::scanGenericParams(s, out.params);
    for (const Param& p : out.params) {
      if (p.name == "duration" && p.value && !out.duration) {
        auto v = digitsToU32(*p.value);
        if (!v) {
          err = "invalid duration";
          return false;
        }
        out.duration = *v;
      }
    }
    return true;
  });
}

std::optional<std::vector<Warning>> parseWarningList(std::string_view value, std::string* error) {
  return parseAll<std::vector<Warning>>(value, error, [](Scanner& s, std::vector<Warning>& out, std::string& err) {
    do {
      Warning w;
      size_t cs = s.pos();
      std::string_view code = s.takeDigits();
      if (code.size() != 3) {
        s.setPos(cs);
        err = "expected 3-digit warn-code at " + std::to_string(s.pos());
        return false;
      }
      w.code = digitsToU32Clamped(code);
      if (!s.skipLWS()) {
        err = "expected whitespace after warn-code";
        return false;
      }
      size_t as = s.pos();
      // warn-agent = hostport / pseudonym (token)
      std::string_view host;
      HostType ht;
      std::optional<uint32_t> port;
      if (!detail::scanHostPort(s, &host, &ht, &port) || !(s.peekIs(' ') || s.peekIs('\t') || s.peekIs('\r'))) {
        s.setPos(as);
        if (s.takeToken().empty()) {
          err = "expected warn-agent at " + std::to_string(s.pos());
          return false;
        }
      }
      w.agent = std::string(s.slice(as));
      if (!s.skipLWS()) {
        err = "expected whitespace after warn-agent";
        return false;
      }
      auto text = s.quotedString();
      if (!text) {
        err = "expected quoted warn-text at " + std::to_string(s.pos());
        return false;
      }
      w.text = unescapeQuoted(*text);
      out.push_back(std::move(w));
    } while (s.comma());
    return true;
  });
}

std::optional<Timestamp> parseTimestamp(std::string_view value, std::string* error) {
  return parseAll<Timestamp>(value, error, [](Scanner& s, Timestamp& out, std::string& err) {
    size_t start = s.pos();
    if (s.takeDigits().empty()) {
      err = "expected timestamp digits";
      return false;
    }
    if (s.matchChar('.')) s.takeDigits();
    out.value = std::string(s.slice(start));
    size_t beforeDelay = s.pos();
    if (s.skipLWS()) {
      size_t ds = s.pos();
      s.takeDigits();
      if (s.matchChar('.')) s.takeDigits();
      if (s.pos() > ds) {
        out.delay = std::string(s.slice(ds));
      } else {
        s.setPos(beforeDelay);
      }
    }
    return true;
  });
}

std::optional<std::string> parseDate(std::string_view value, std::string* error) {
  return parseAll<std::string>(value, error, [](Scanner& s, std::string& out, std::string& err) {
    static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto oneOf = [&s](const std::string_view* list, size_t n) {
      for (size_t i = 0; i < n; ++i) {
        if (s.matchLiteral(list[i])) return true;
      }
      return false;
    };
    auto digits = [&s](size_t n) {
      for (size_t i = 0; i < n; ++i) {
        if (!isDigit(s.peek())) return false;
        s.advance();
      }
      return true;
    };
    bool ok = oneOf(kDays, 7) && s.matchChar(',') && s.matchChar(' ') && digits(2) && s.matchChar(' ') &&
              oneOf(kMonths, 12) && s.matchChar(' ') && digits(4) && s.matchChar(' ') && digits(2) &&
              s.matchChar(':') && digits(2) && s.matchChar(':') && digits(2) && s.matchChar(' ') &&
              s.matchLiteral("GMT");
    if (!ok) {
      err = "invalid rfc1123-date at " + std::to_string(s.pos());
      return false;
    }
    out = std::string(s.slice(0));
    return true;
  });
}

// ---- Contact ----

std::optional<ContactValue> parseContact(std::string_view value, std::string* error) {
  return parseAll<ContactValue>(value, error, [](Scanner& s, ContactValue& out, std::string& err) {
    if (s.peekIs('*')) {
      s.advance();
      out.star = true;
      return true;
    }
    do {
      NameAddr na;
      if (!detail::scanNameAddrHead(s, na, detail::NameAddrForm::NameAddrOrAddrSpec, true, &err)) return false;
      detail::scanGenericParams(s, na.params);
      out.contacts.push_back(std::move(na));
    } while (s.comma());
    return true;
  });
}

}  // namespace sip
