// SIP message parsing (RFC 3261 §7, §25.1) and the Message accessors.
#include "sip/message.h"

#include "sip/grammar_internal.h"
#include "sip/header_registry.h"
#include "sip/message_sink.h"
#include "sip/scanner.h"
#include "sip/text.h"

namespace sip {

// ---- accessors ----

std::optional<std::string_view> Message::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (headerNameIs(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

namespace {

// Calls `visit` with each value of the header `name`, in order: the typed accessors below walk the
// headers with it rather than collect the values into a vector first.
template <typename Visit>
void forEachValue(const Message& m, std::string_view name, Visit&& visit) {
  for (const Header& h : m.headers) {
    if (headerNameIs(h.name, name)) visit(std::string_view(h.value));
  }
}

}  // namespace

std::vector<std::string_view> Message::headerValues(std::string_view name) const {
  std::vector<std::string_view> out;
  forEachValue(*this, name, [&](std::string_view value) { out.push_back(value); });
  return out;
}

bool Message::hasHeader(std::string_view name) const { return header(name).has_value(); }

void Message::addHeader(std::string_view name, std::string_view value) {
  headers.push_back(Header{canonicalHeaderName(name), std::string(value)});
}

void Message::setHeader(std::string_view name, std::string_view value) {
  const std::string canonical = canonicalHeaderName(name);
  size_t firstAt = headers.size();
  for (size_t i = 0; i < headers.size(); ++i) {
    if (headers[i].name == canonical) {
      firstAt = i;
      break;
    }
  }
  std::erase_if(headers, [&](const Header& h) { return h.name == canonical; });
  if (firstAt > headers.size()) firstAt = headers.size();
  headers.insert(headers.begin() + static_cast<std::ptrdiff_t>(firstAt), Header{canonical, std::string(value)});
}

size_t Message::removeHeader(std::string_view name) {
  const std::string canonical = canonicalHeaderName(name);
  return std::erase_if(headers, [&](const Header& h) { return h.name == canonical; });
}

std::optional<NameAddr> Message::from() const {
  auto v = header("From");
  return v ? parseNameAddr(*v) : std::nullopt;
}

std::optional<NameAddr> Message::to() const {
  auto v = header("To");
  return v ? parseNameAddr(*v) : std::nullopt;
}

namespace {

// The core reads tags and branches a dozen times per message (transaction and dialog matching),
// so the usual shapes are read here without building a NameAddr or a Via (URI, parameter list: a
// few thousand instructions and allocations each). scanParam reads `*( ; name [= value] )` from
// `pos` to the end of `v` and gives the value of `param` (an inner nullopt when absent or without
// a value; the first or the last when repeated, as the full parser for that header keeps it). It
// gives nullopt when the text is not that simple shape, and the caller then asks the full parser,
// so the answer is always the full parser's.
enum class Repeated { FirstWins, LastWins };
std::optional<std::optional<std::string_view>> scanParam(std::string_view v, size_t pos, std::string_view param,
                                                         Repeated repeated) {
  const auto skipLws = [&] {
    while (pos < v.size() && (isWsp(v[pos]) || v[pos] == '\r' || v[pos] == '\n')) pos++;
  };
  // Unquoted values are tokens, or hosts (received=/maddr= may hold an IPv6 reference).
  const auto isValueChar = [](char c) { return isTokenChar(c) || c == '[' || c == ']' || c == ':'; };
  std::optional<std::string_view> found;
  bool seen = false;
  for (skipLws(); pos < v.size(); skipLws()) {
    if (v[pos] != ';') return std::nullopt;
    pos++;
    skipLws();
    const size_t nameStart = pos;
    while (pos < v.size() && isTokenChar(v[pos])) pos++;
    const std::string_view name = v.substr(nameStart, pos - nameStart);
    if (name.empty()) return std::nullopt;
    skipLws();
    std::optional<std::string_view> value;
    if (pos < v.size() && v[pos] == '=') {
      pos++;
      skipLws();
      const size_t valueStart = pos;
      if (pos < v.size() && v[pos] == '"') {
        for (pos++; pos < v.size() && v[pos] != '"'; pos++) {
          if (v[pos] == '\\') pos++;
        }
        if (pos >= v.size()) return std::nullopt;
        pos++;
      } else {
        while (pos < v.size() && isValueChar(v[pos])) pos++;
      }
      if (pos == valueStart) return std::nullopt;
      value = v.substr(valueStart, pos - valueStart);
    }
    if (iequals(name, param) && !(seen && repeated == Repeated::FirstWins)) {
      found = value;
      seen = true;
    }
  }
  return found;
}

// The full parsers keep parameter values as written, so a value they give is text of `v`: this
// returns that text as a view (for the shapes the scanners here hand over to them).
std::optional<std::string_view> viewIn(std::string_view v, const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  const size_t at = v.find(*value);
  if (at == std::string_view::npos) return std::nullopt;  // unreachable: see above
  return v.substr(at, value->size());
}

std::optional<std::string> owned(std::optional<std::string_view> view) {
  return view ? std::optional<std::string>(*view) : std::nullopt;
}

// The tag of a From/To value of the shape `[display-name] <URI> *(;param)`; anything else (a bare
// addr-spec, whose URI may end in header parameters; an unclosed quote) goes to parseNameAddr.
std::optional<std::string_view> tagOf(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  const std::string_view v = *header;
  size_t pos = 0;
  bool quoted = false;
  for (; pos < v.size(); pos++) {
    const char c = v[pos];
    if (quoted) {
      if (c == '\\') pos++;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      break;
    }
  }
  if (pos < v.size()) pos = v.find('>', pos);  // a URI cannot hold '>'
  if (pos < v.size()) {
    if (auto tag = scanParam(v, pos + 1, "tag", Repeated::LastWins)) return *tag;  // as NameAddr keeps it
  }
  auto nameAddr = parseNameAddr(v);
  return nameAddr ? viewIn(v, nameAddr->tag()) : std::nullopt;
}

// The branch of a Via value `SIP/2.0/<transport> <sent-by> *(;param)`: the parameters start at the
// first ';' (neither the protocol nor a host, IPv6 included, holds one).
std::optional<std::string_view> branchOf(std::string_view v) {
  const size_t semicolon = v.find(';');
  if (semicolon != std::string_view::npos && v.find_first_of(",(\"") > semicolon) {
    if (auto branch = scanParam(v, semicolon, "branch", Repeated::FirstWins)) return *branch;  // as Via keeps it
  }
  auto list = parseViaList(v);
  if (!list || list->empty()) return std::nullopt;
  return viewIn(v, list->front().branch());
}

}  // namespace

std::optional<std::string> Message::fromTag() const { return owned(fromTagView()); }
std::optional<std::string> Message::toTag() const { return owned(toTagView()); }
std::optional<std::string> Message::callId() const { return owned(callIdView()); }
std::optional<std::string> Message::branch() const { return owned(branchView()); }

std::optional<std::string_view> Message::fromTagView() const { return tagOf(header("From")); }
std::optional<std::string_view> Message::toTagView() const { return tagOf(header("To")); }

std::optional<std::string_view> Message::callIdView() const {
  auto v = header("Call-ID");
  return v ? parseCallIdView(*v) : std::nullopt;
}

std::optional<std::string_view> Message::branchView() const {
  auto via = header("Via");
  return via ? branchOf(*via) : std::nullopt;
}

std::optional<CSeq> Message::cseq() const {
  auto v = header("CSeq");
  return v ? parseCSeq(*v) : std::nullopt;
}

std::vector<Via> Message::vias() const {
  std::vector<Via> out;
  forEachValue(*this, "Via", [&](std::string_view v) {
    if (auto list = parseViaList(v)) {
      for (Via& via : *list) out.push_back(std::move(via));
    }
  });
  return out;
}

std::optional<Via> Message::topVia() const {
  auto v = header("Via");
  if (!v) return std::nullopt;
  auto list = parseViaList(*v);
  if (!list || list->empty()) return std::nullopt;
  return std::move(list->front());
}

std::optional<ContactValue> Message::contact() const {
  std::optional<ContactValue> out;
  forEachValue(*this, "Contact", [&](std::string_view v) {
    auto c = parseContact(v);
    if (!c) return;
    if (!out) out.emplace();
    out->star = out->star || c->star;
    for (NameAddr& na : c->contacts) out->contacts.push_back(std::move(na));
  });
  return out;
}

namespace {

std::vector<NameAddr> nameAddrs(const Message& m, std::string_view name) {
  std::vector<NameAddr> out;
  forEachValue(m, name, [&](std::string_view v) {
    if (auto list = parseNameAddrList(v)) {
      for (NameAddr& na : *list) out.push_back(std::move(na));
    }
  });
  return out;
}

}  // namespace

std::vector<NameAddr> Message::routes() const { return nameAddrs(*this, "Route"); }
std::vector<NameAddr> Message::recordRoutes() const { return nameAddrs(*this, "Record-Route"); }

std::optional<uint32_t> Message::maxForwards() const {
  auto v = header("Max-Forwards");
  return v ? parseMaxForwards(*v) : std::nullopt;
}

std::optional<uint32_t> Message::contentLength() const {
  auto v = header("Content-Length");
  return v ? parseContentLength(*v) : std::nullopt;
}

std::optional<MediaType> Message::contentType() const {
  auto v = header("Content-Type");
  return v ? parseContentType(*v) : std::nullopt;
}

std::optional<uint32_t> Message::expires() const {
  auto v = header("Expires");
  return v ? parseDeltaSeconds(*v) : std::nullopt;
}

std::vector<std::string> Message::tokens(std::string_view name) const {
  std::vector<std::string> out;
  forEachValue(*this, name, [&](std::string_view v) {
    if (auto list = parseTokenList(v, true)) {
      for (std::string& t : *list) out.push_back(std::move(t));
    }
  });
  return out;
}

// ---- parser ----

namespace {

ParseResult fail(std::string why) { return ParseResult{std::nullopt, std::move(why)}; }

bool isSipVersion20(std::string_view v) { return v.size() == 7 && iequals(v.substr(0, 4), "SIP/") && v.substr(4) == "2.0"; }

// "SIP/" 1*DIGIT "." 1*DIGIT
bool isSipVersionSyntax(std::string_view v) {
  Scanner s(v);
  return s.matchLiteralCI("SIP/") && !s.takeDigits().empty() && s.matchChar('.') && !s.takeDigits().empty() &&
         s.atEnd();
}

// Headers that must not appear twice (their value is a single item).
bool isSingleton(std::string_view name) {
  return name == "From" || name == "To" || name == "Call-ID" || name == "CSeq" || name == "Max-Forwards" ||
         name == "Content-Length" || name == "Content-Type";
}

// Request-Line / Status-Line; reported to the sink.
std::string parseStartLine(std::string_view line, detail::MessageSink& sink) {
  if (line.size() >= 4 && iequals(line.substr(0, 4), "SIP/")) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return "invalid status line";
    std::string_view version = line.substr(0, sp);
    if (!isSipVersionSyntax(version)) return "invalid status line";
    if (!isSipVersion20(version)) return "unsupported SIP version " + std::string(version);
    std::string_view rest = line.substr(sp + 1);
    if (rest.size() < 3 || !isDigit(rest[0]) || !isDigit(rest[1]) || !isDigit(rest[2]) ||
        (rest.size() > 3 && rest[3] != ' ') || (rest.size() == 3)) {
      return "invalid status code";
    }
    int code = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    if (code < 100 || code > 699) return "invalid status code " + std::string(rest.substr(0, 3));
    std::string_view reason = rest.substr(4);
    for (char c : reason) {
      unsigned char u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7F) return "invalid reason phrase";
    }
    sink.statusLine(code, reason);
    return {};
  }
  // Request-Line = Method SP Request-URI SP SIP-Version
  Scanner s(line);
  std::string_view method = s.takeToken();
  if (method.empty() || !s.matchChar(' ')) return "invalid request line";
  Uri ruri;
  std::string uriError;
  if (!detail::scanAnyUri(s, ruri, detail::UriContext::Full, &uriError)) return "invalid Request-URI: " + uriError;
  if (!s.matchChar(' ')) return "invalid request line";
  std::string_view version = s.rest();
  if (!isSipVersionSyntax(version)) return "invalid request line";
  if (!isSipVersion20(version)) return "unsupported SIP version " + std::string(version);
  sink.requestLine(method, std::move(ruri));
  return {};
}

// From, To, Refer-To, Referred-By: validated with parseNameAddr (their grammar's validator), whose
// value a sink may want.
bool isNameAddrSingle(std::string_view name) {
  return name == "From" || name == "To" || name == "Refer-To" || name == "Referred-By";
}

// parseMessage's sink: the Message.
class MessageBuilder final : public detail::MessageSink {
 public:
  explicit MessageBuilder(Message& message) : m(message) {}
  Message& m;

  void requestLine(std::string_view method, Uri&& ruri) override {
    m.isRequest = true;
    m.method = std::string(method);
    m.ruri = std::move(ruri);
  }
  void statusLine(int code, std::string_view reason) override {
    m.isRequest = false;
    m.statusCode = code;
    m.reasonPhrase = std::string(reason);
  }
  bool wantsValues(std::string_view) override { return false; }
  void header(std::string&& name, std::string_view value, const Via*, const NameAddr*) override {
    m.headers.push_back(Header{std::move(name), std::string(value)});
  }
  void body(std::string_view body) override { m.body = std::string(body); }
};

}  // namespace

namespace detail {

std::string parseMessageWith(std::string_view data, MessageSink& sink) {
  size_t pos = 0;
  // RFC 3261 §7.5: CRLFs before the start-line are ignored.
  while (data.size() - pos >= 2 && data[pos] == '\r' && data[pos + 1] == '\n') pos += 2;
  size_t lineEnd = data.find("\r\n", pos);
  if (lineEnd == std::string_view::npos) return "no CRLF found, not a SIP message";
  if (std::string e = parseStartLine(data.substr(pos, lineEnd - pos), sink); !e.empty()) return e;
  pos = lineEnd + 2;

  bool seen[7] = {};
  bool haveVia = false;
  std::vector<std::string_view> parts;
  std::vector<Via> vias;
  std::vector<NameAddr> nameAddrs;
  std::optional<uint32_t> contentLength;
  while (true) {
    if (data.size() - pos >= 2 && data[pos] == '\r' && data[pos + 1] == '\n') {
      pos += 2;
      break;
    }
    if (pos >= data.size()) return "missing empty line after the headers";
    // Find the end of this header field: a CRLF not followed by SP / HTAB (line folding).
    size_t end = pos;
    while (true) {
      end = data.find("\r\n", end);
      if (end == std::string_view::npos) return "missing empty line after the headers";
      if (end + 2 < data.size() && isWsp(data[end + 2])) {
        end += 2;
        continue;
      }
      break;
    }
    std::string_view field = data.substr(pos, end - pos);
    pos = end + 2;

    Scanner s(field);
    std::string_view rawName = s.takeToken();
    if (rawName.empty()) return "invalid header name in line: " + std::string(field.substr(0, 40));
    s.skipWsp();
    if (!s.matchChar(':')) return "invalid header line (no colon): " + std::string(field.substr(0, 40));
    std::string_view value = trimWhitespace(s.rest());
    std::string name = canonicalHeaderName(rawName);

    static constexpr std::string_view kSingletons[7] = {"From", "To", "Call-ID", "CSeq", "Max-Forwards",
                                                        "Content-Length", "Content-Type"};
    if (isSingleton(name)) {
      for (size_t i = 0; i < 7; ++i) {
        if (name == kSingletons[i]) {
          if (seen[i]) return "duplicate " + name + " header";
          seen[i] = true;
        }
      }
    }

    detail::HeaderGrammar grammar = detail::headerGrammar(name);
    if (grammar.list != detail::ListKind::None) {
      parts.clear();
      vias.clear();
      nameAddrs.clear();
      const bool wants = sink.wantsValues(name);
      const bool isVia = grammar.list == detail::ListKind::Via;
      std::string err;
      if (!detail::splitList(grammar.list, value, parts, &err, wants && isVia ? &vias : nullptr,
                             wants && !isVia ? &nameAddrs : nullptr)) {
        return "invalid " + name + " header: " + err;
      }
      if (isVia) haveVia = true;
      for (size_t i = 0; i < parts.size(); ++i) {
        const Via* via = i < vias.size() ? &vias[i] : nullptr;
        const NameAddr* na = i < nameAddrs.size() ? &nameAddrs[i] : nullptr;
        // The last entry takes the name; the others copy it.
        sink.header(i + 1 == parts.size() ? std::move(name) : std::string(name), parts[i], via, na);
      }
      continue;
    }
    if (std::string_view(name) == "Content-Length") {
      std::string err;
      contentLength = parseContentLength(value, &err);
      if (!contentLength) return "invalid Content-Length header: " + err;
    } else if (grammar.validate != nullptr && isNameAddrSingle(name)) {
      // Built only for a sink that takes the value; otherwise only checked (same grammar, same
      // errors, no URI strings).
      const bool wants = sink.wantsValues(name);
      std::string err;
      std::optional<NameAddr> na;
      const bool valid = wants ? (na = parseNameAddr(value, &err)).has_value() : detail::checkNameAddr(value, &err);
      if (!valid) return "invalid " + name + " header: " + (err.empty() ? std::string("syntax error") : err);
      sink.header(std::move(name), value, nullptr, wants ? &*na : nullptr);
      continue;
    } else if (grammar.validate != nullptr) {
      std::string err;
      if (!grammar.validate(value, &err)) {
        return "invalid " + name + " header: " + (err.empty() ? std::string("syntax error") : err);
      }
    }
    sink.header(std::move(name), value, nullptr, nullptr);
  }

  // Body: Content-Length bytes (RFC 3261 §18.3 discards anything after them); without the header
  // the rest of the data (message-oriented transports, §18.3 / RFC 7118).
  std::string_view rest = data.substr(pos);
  std::string_view body = rest;
  if (contentLength) {
    if (*contentLength > rest.size()) {
      return "Content-Length " + std::to_string(*contentLength) + " larger than the " +
             std::to_string(rest.size()) + " bytes of body";
    }
    body = rest.substr(0, *contentLength);
  }

  // Mandatory headers (RFC 3261 §8.1.1; Max-Forwards is not required on receipt, as in sip.js).
  if (!seen[0]) return "missing From header";
  if (!seen[1]) return "missing To header";
  if (!seen[2]) return "missing Call-ID header";
  if (!seen[3]) return "missing CSeq header";
  if (!haveVia) return "missing Via header";
  sink.body(body);
  return {};
}

}  // namespace detail

std::string parseMessageInto(std::string_view data, Message& m) {
  MessageBuilder builder(m);
  m.headers.reserve(16);
  if (std::string e = detail::parseMessageWith(data, builder); !e.empty()) return e;
  if (!m.isRequest) {
    // As sip.js's IncomingResponseMessage: a response's method is its CSeq method.
    if (auto cseq = m.cseq()) m.method = std::move(cseq->method);
  }
  return {};
}

ParseResult parseMessage(std::string_view data) {
  Message m;
  if (std::string e = parseMessageInto(data, m); !e.empty()) return fail(std::move(e));
  return ParseResult{std::move(m), {}};
}

std::optional<std::string> checkRequestSemantics(const Message& request) {
  if (!request.isRequest) return std::nullopt;
  auto cseq = request.cseq();
  if (!cseq) return "missing CSeq header";
  if (cseq->method != request.method) {
    return "CSeq method " + cseq->method + " does not match request method " + request.method;
  }
  return std::nullopt;
}

}  // namespace sip
