// Digest authentication; see digest.h for the protocol references and the API contract.
#include "sip/digest.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sip/md5.h"
#include "sip/sha256.h"
#include "sip/text.h"

namespace sip {

namespace {

bool isSess(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Md5Sess || algorithm == DigestAlgorithm::Sha256Sess;
}

std::size_t hashHexLength(DigestAlgorithm algorithm) {
  return (algorithm == DigestAlgorithm::Md5 || algorithm == DigestAlgorithm::Md5Sess) ? Md5::kDigestSize * 2
                                                                                         : Sha256::kDigestSize * 2;
}

std::string_view qopName(DigestQop qop) {
  switch (qop) {
    case DigestQop::Auth:
      return "auth";
    case DigestQop::AuthInt:
      return "auth-int";
    case DigestQop::None:
      break;
  }
  return "";
}

bool isWhitespace(char c) { return c == ' ' || c == '\t'; }

// RFC 3261 §25.1 token characters.
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '!':
    case '%':
    case '*':
    case '_':
    case '+':
    case '`':
    case '\'':
    case '~':
      return true;
    default:
      return false;
  }
}

bool isToken(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar); }

// Control characters other than HTAB cannot appear in a quoted-string unescaped, and CR/LF not
// even escaped (RFC 3261 §25.1). Refusing them when we emit a value also stops a hostile realm,
// nonce or uri from injecting header lines.
bool isForbiddenControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

bool isLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void setError(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
}

// Appends `"value"` with `\` and `"` escaped as quoted-pairs. Returns false for a value that no
// quoted-string can carry.
bool appendQuoted(std::string& out, std::string_view value) {
  if (std::any_of(value.begin(), value.end(), isForbiddenControl)) return false;
  out.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return true;
}

// ---- auth-param list parsing (RFC 3261 §25.1 / RFC 2617 §1.2) ----
// Deliberately local rather than headers.h's parseChallenge/parseCredentials, so digest stays
// self-contained; the Raw* names keep clear of headers.h's sip::AuthParam.

struct RawAuthParam {
  std::string name;  // lowercased: parameter names are case-insensitive
  std::string value;  // unquoted
};

struct RawAuthParams {
  std::string scheme;
  std::vector<RawAuthParam> params;

  const std::string* find(std::string_view name) const {
    for (const RawAuthParam& p : params) {
      if (p.name == name) return &p.value;
    }
    return nullptr;
  }
};

class AuthParamParser {
 public:
  explicit AuthParamParser(std::string_view input) : input_(input) {}

  std::optional<RawAuthParams> parse(std::string* error) {
    RawAuthParams result;
    skipWhitespace();
    result.scheme = std::string(readToken());
    if (result.scheme.empty()) return fail(error, "missing authentication scheme");
    // RFC 3261 §25.1: every challenge and credentials value has at least one parameter.
    if (atEnd()) return fail(error, "no parameters after authentication scheme");
    if (!isWhitespace(peek())) return fail(error, "expected whitespace after authentication scheme");

    while (true) {
      skipWhitespace();
      // Tolerate empty list elements ("a=1,,b=2"), as the #rule of RFC 2616 §2.1 does.
      if (!atEnd() && peek() == ',') {
        ++pos_;
        continue;
      }
      if (atEnd()) break;

      const std::string name = toLower(readToken());
      if (name.empty()) return fail(error, "expected a parameter name");
      skipWhitespace();
      if (atEnd() || peek() != '=') return fail(error, "expected '=' after parameter " + name);
      ++pos_;
      skipWhitespace();

      std::string value;
      if (!atEnd() && peek() == '"') {
        std::optional<std::string> quoted = readQuotedString();
        if (!quoted) return fail(error, "malformed quoted string in parameter " + name);
        value = std::move(*quoted);
      } else {
        // Strictly a token, but servers in the wild send unquoted nonces with '/', '=' and ':'
        // in them; accept any run of visible characters up to the next separator.
        const std::size_t start = pos_;
        while (!atEnd() && !isWhitespace(peek()) && peek() != ',' && peek() != '"' &&
               !isForbiddenControl(peek())) {
          ++pos_;
        }
        value = std::string(input_.substr(start, pos_ - start));
        if (value.empty()) return fail(error, "empty value for parameter " + name);
      }

      if (result.find(name) != nullptr) return fail(error, "repeated parameter " + name);
      result.params.push_back(RawAuthParam{name, std::move(value)});

      skipWhitespace();
      if (atEnd()) break;
      if (peek() != ',') return fail(error, "expected ',' after parameter " + name);
      ++pos_;
    }
    if (result.params.empty()) return fail(error, "no parameters after authentication scheme");
    return result;
  }

 private:
  bool atEnd() const { return pos_ >= input_.size(); }
  char peek() const { return input_[pos_]; }

  void skipWhitespace() {
    while (!atEnd() && isWhitespace(peek())) ++pos_;
  }

  std::string_view readToken() {
    const std::size_t start = pos_;
    while (!atEnd() && isTokenChar(peek())) ++pos_;
    return input_.substr(start, pos_ - start);
  }

  // At an opening DQUOTE: reads through the closing one, resolving quoted-pairs.
  std::optional<std::string> readQuotedString() {
    ++pos_;
    std::string value;
    while (!atEnd()) {
      const char c = input_[pos_++];
      if (c == '"') return value;
      if (c == '\\') {
        if (atEnd()) return std::nullopt;
        const char escaped = input_[pos_++];
        if (escaped == '\r' || escaped == '\n') return std::nullopt;
        value.push_back(escaped);
        continue;
      }
      if (isForbiddenControl(c)) return std::nullopt;
      value.push_back(c);
    }
    return std::nullopt;  // unterminated
  }

  static std::nullopt_t fail(std::string* error, std::string message) {
    setError(error, std::move(message));
    return std::nullopt;
  }

  std::string_view input_;
  std::size_t pos_ = 0;
};

// Appends the comma-separated tokens of one qop list ("auth, auth-int"), trimmed, to `out`.
// The views point into `list`.
void appendQopTokens(std::string_view list, std::vector<std::string_view>& out) {
  while (true) {
    const std::size_t comma = list.find(',');
    std::string_view token = list.substr(0, comma);
    while (!token.empty() && isWhitespace(token.front())) token.remove_prefix(1);
    while (!token.empty() && isWhitespace(token.back())) token.remove_suffix(1);
    if (!token.empty()) out.push_back(token);
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

// Splits each entry on commas, so both {"auth", "auth-int"} and {"auth, auth-int"} (the quoted
// form from the wire) give the same tokens. The views point into `options`.
std::vector<std::string_view> splitQopOptions(const std::vector<std::string>& options) {
  std::vector<std::string_view> tokens;
  for (const std::string& entry : options) appendQopTokens(entry, tokens);
  return tokens;
}

// HA1 before the -sess step: the precomputed value when it fits the algorithm, else computed.
std::optional<std::string> baseHa1(const DigestCredentials& credentials, DigestAlgorithm algorithm,
                                   std::string_view realm, std::string* error) {
  if (!credentials.ha1.empty()) {
    const std::string ha1 = toLower(credentials.ha1);  // users may paste upper-case hex
    if (ha1.size() == hashHexLength(algorithm) && isLowerHex(ha1)) return ha1;
    if (credentials.password.empty()) {
      setError(error, "precomputed ha1 is not a " + std::string(digestAlgorithmName(algorithm)) +
                          " hash and there is no password to fall back on");
      return std::nullopt;
    }
  }
  return computeDigestHa1(algorithm, credentials.username, realm, credentials.password);
}

// The request-digest of RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1 for MD5 / RFC 2069 without qop).
std::string computeResponse(DigestAlgorithm algorithm, DigestQop qop, std::string_view ha1, std::string_view nonce,
                            std::string_view nc, std::string_view cnonce, std::string_view method,
                            std::string_view uri, std::optional<std::string_view> body) {
  auto join = [](std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view part : parts) {
      if (!out.empty()) out.push_back(':');
      out.append(part);
    }
    return out;
  };
  // RFC 7616 §3.4.2: for -sess, HA1 = H(H(user:realm:pass) ":" nonce ":" cnonce).
  const std::string sessionHa1 = isSess(algorithm) ? digestHashHex(algorithm, join({ha1, nonce, cnonce}))
                                                   : std::string(ha1);
  // §3.4.3: auth-int binds the entity body into A2 via its hash.
  const std::string a2 = qop == DigestQop::AuthInt
                             ? join({method, uri, digestHashHex(algorithm, body.value_or(std::string_view()))})
                             : join({method, uri});
  const std::string ha2 = digestHashHex(algorithm, a2);
  if (qop == DigestQop::None) return digestHashHex(algorithm, join({sessionHa1, nonce, ha2}));
  return digestHashHex(algorithm, join({sessionHa1, nonce, nc, cnonce, qopName(qop), ha2}));
}

// Equal without an early exit, so a timing side channel does not leak how much of a response
// matched; compares hex case-insensitively.
bool hexEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned>(static_cast<unsigned char>(asciiLower(a[i])) ^
                                  static_cast<unsigned char>(asciiLower(b[i])));
  }
  return diff == 0;
}

bool isDigestScheme(std::string_view scheme) { return scheme.empty() || iequals(scheme, "Digest"); }

}  // namespace

std::optional<DigestAlgorithm> parseDigestAlgorithm(std::string_view token) {
  if (token.empty() || iequals(token, "MD5")) return DigestAlgorithm::Md5;
  if (iequals(token, "MD5-sess")) return DigestAlgorithm::Md5Sess;
  if (iequals(token, "SHA-256")) return DigestAlgorithm::Sha256;
  if (iequals(token, "SHA-256-sess")) return DigestAlgorithm::Sha256Sess;
  return std::nullopt;
}

std::string_view digestAlgorithmName(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::Md5:
      return "MD5";
    case DigestAlgorithm::Md5Sess:
      return "MD5-sess";
    case DigestAlgorithm::Sha256:
      return "SHA-256";
    case DigestAlgorithm::Sha256Sess:
      return "SHA-256-sess";
  }
  return "MD5";
}

std::string digestHashHex(DigestAlgorithm algorithm, std::string_view data) {
  if (algorithm == DigestAlgorithm::Md5 || algorithm == DigestAlgorithm::Md5Sess) return md5Hex(data);
  return sha256Hex(data);
}

std::string computeDigestHa1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                             std::string_view password) {
  std::string a1;
  a1.reserve(username.size() + realm.size() + password.size() + 2);
  a1.append(username).append(":").append(realm).append(":").append(password);
  return digestHashHex(algorithm, a1);
}

std::optional<DigestChallenge> parseDigestChallenge(std::string_view headerValue, std::string* error) {
  std::optional<RawAuthParams> parsed = AuthParamParser(headerValue).parse(error);
  if (!parsed) return std::nullopt;
  DigestChallenge challenge;
  challenge.scheme = parsed->scheme;
  for (RawAuthParam& p : parsed->params) {
    if (p.name == "realm") {
      challenge.realm = std::move(p.value);
    } else if (p.name == "domain") {
      challenge.domain = std::move(p.value);
    } else if (p.name == "nonce") {
      challenge.nonce = std::move(p.value);
    } else if (p.name == "opaque") {
      challenge.opaque = std::move(p.value);
    } else if (p.name == "stale") {
      // RFC 2617 §3.2.1: only "true" (any case) means stale; anything else is false.
      challenge.stale = iequals(p.value, "true");
    } else if (p.name == "algorithm") {
      challenge.algorithm = std::move(p.value);
    } else if (p.name == "qop") {
      std::vector<std::string_view> tokens;
      appendQopTokens(p.value, tokens);
      for (std::string_view token : tokens) challenge.qop.emplace_back(token);
    }
  }
  return challenge;
}

std::optional<std::size_t> selectDigestChallenge(const std::vector<DigestChallenge>& challenges) {
  for (std::size_t i = 0; i < challenges.size(); ++i) {
    const DigestChallenge& c = challenges[i];
    if (!isDigestScheme(c.scheme) || c.realm.empty() || c.nonce.empty()) continue;
    const std::optional<DigestAlgorithm> algorithm = parseDigestAlgorithm(c.algorithm);
    const std::optional<DigestQop> qop = selectDigestQop(c.qop);
    if (!algorithm || !qop) continue;
    if (isSess(*algorithm) && *qop == DigestQop::None) continue;
    return i;
  }
  return std::nullopt;
}

std::optional<DigestQop> selectDigestQop(const std::vector<std::string>& options) {
  const std::vector<std::string_view> tokens = splitQopOptions(options);
  if (tokens.empty()) return DigestQop::None;
  auto offered = [&](std::string_view name) {
    return std::any_of(tokens.begin(), tokens.end(), [&](std::string_view t) { return iequals(t, name); });
  };
  if (offered("auth")) return DigestQop::Auth;
  if (offered("auth-int")) return DigestQop::AuthInt;
  return std::nullopt;
}

std::string formatNonceCount(std::uint32_t nonceCount) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (std::size_t i = 0; i < 8; ++i) out[7 - i] = kDigits[(nonceCount >> (4 * i)) & 0xfU];
  return out;
}

std::optional<std::string> computeDigestAuthorization(const DigestCredentials& credentials,
                                                      const DigestChallenge& challenge,
                                                      const DigestRequest& request, std::uint32_t nonceCount,
                                                      std::string_view cnonce, std::string* error) {
  if (!isDigestScheme(challenge.scheme)) {
    setError(error, "unsupported authentication scheme '" + challenge.scheme + "'");
    return std::nullopt;
  }
  const std::optional<DigestAlgorithm> algorithm = parseDigestAlgorithm(challenge.algorithm);
  if (!algorithm) {
    setError(error, "unsupported digest algorithm '" + challenge.algorithm + "'");
    return std::nullopt;
  }
  // sip.js refuses these too: without realm and nonce there is nothing to hash against.
  if (challenge.realm.empty()) {
    setError(error, "challenge without realm");
    return std::nullopt;
  }
  if (challenge.nonce.empty()) {
    setError(error, "challenge without nonce");
    return std::nullopt;
  }
  const std::optional<DigestQop> qop = selectDigestQop(challenge.qop);
  if (!qop) {
    setError(error, "challenge qop offers neither auth nor auth-int");
    return std::nullopt;
  }
  if (*qop == DigestQop::None && isSess(*algorithm)) {
    // The session key mixes in the cnonce, which only exists when qop is in use (RFC 2617 §3.2.2.2).
    setError(error, std::string(digestAlgorithmName(*algorithm)) + " challenge without qop");
    return std::nullopt;
  }
  if (*qop != DigestQop::None) {
    if (nonceCount == 0) {
      setError(error, "nonce count must start at 1");
      return std::nullopt;
    }
    if (cnonce.empty()) {
      setError(error, "empty cnonce");
      return std::nullopt;
    }
  }
  if (!isToken(request.method)) {
    setError(error, "request method is not a token");
    return std::nullopt;
  }

  const std::optional<std::string> ha1 = baseHa1(credentials, *algorithm, challenge.realm, error);
  if (!ha1) return std::nullopt;
  const std::string nc = formatNonceCount(nonceCount);
  const std::string response = computeResponse(*algorithm, *qop, *ha1, challenge.nonce, nc, cnonce,
                                               request.method, request.uri, request.body);

  // Same parameter order as sip.js, so the two produce identical header values.
  std::string out = "Digest algorithm=";
  out.append(digestAlgorithmName(*algorithm));
  bool ok = true;
  auto quotedParam = [&](std::string_view name, std::string_view value) {
    out.append(", ").append(name).append("=");
    ok = appendQuoted(out, value) && ok;
  };
  quotedParam("username", credentials.username);
  quotedParam("realm", challenge.realm);
  quotedParam("nonce", challenge.nonce);
  quotedParam("uri", request.uri);
  quotedParam("response", response);
  if (!challenge.opaque.empty()) quotedParam("opaque", challenge.opaque);
  if (*qop != DigestQop::None) {
    out.append(", qop=").append(qopName(*qop));
    quotedParam("cnonce", cnonce);
    out.append(", nc=").append(nc);
  }
  if (!ok) {
    setError(error, "a credential, challenge or uri value contains control characters");
    return std::nullopt;
  }
  return out;
}

std::optional<DigestAuthorization> parseDigestAuthorization(std::string_view headerValue, std::string* error) {
  std::optional<RawAuthParams> parsed = AuthParamParser(headerValue).parse(error);
  if (!parsed) return std::nullopt;
  DigestAuthorization auth;
  auth.scheme = parsed->scheme;
  for (RawAuthParam& p : parsed->params) {
    std::string* field = nullptr;
    if (p.name == "username") field = &auth.username;
    else if (p.name == "realm") field = &auth.realm;
    else if (p.name == "nonce") field = &auth.nonce;
    else if (p.name == "uri") field = &auth.uri;
    else if (p.name == "response") field = &auth.response;
    else if (p.name == "algorithm") field = &auth.algorithm;
    else if (p.name == "cnonce") field = &auth.cnonce;
    else if (p.name == "opaque") field = &auth.opaque;
    else if (p.name == "qop") field = &auth.qop;
    else if (p.name == "nc") field = &auth.nc;
    if (field != nullptr) *field = std::move(p.value);
  }
  return auth;
}

std::string_view toString(DigestVerifyResult result) {
  switch (result) {
    case DigestVerifyResult::Ok:
      return "ok";
    case DigestVerifyResult::Malformed:
      return "malformed credentials";
    case DigestVerifyResult::UsernameMismatch:
      return "username mismatch";
    case DigestVerifyResult::RealmMismatch:
      return "realm mismatch";
    case DigestVerifyResult::NonceMismatch:
      return "nonce mismatch";
    case DigestVerifyResult::OpaqueMismatch:
      return "opaque mismatch";
    case DigestVerifyResult::AlgorithmMismatch:
      return "algorithm mismatch";
    case DigestVerifyResult::QopMismatch:
      return "qop mismatch";
    case DigestVerifyResult::UriMismatch:
      return "uri mismatch";
    case DigestVerifyResult::ResponseMismatch:
      return "response mismatch";
  }
  return "unknown";
}

DigestVerifyResult verifyDigestResponse(std::string_view authorizationValue, const DigestChallenge& issued,
                                        const DigestCredentials& credentials, const DigestRequest& request) {
  const std::optional<DigestAuthorization> auth = parseDigestAuthorization(authorizationValue);
  if (!auth || !iequals(auth->scheme, "Digest")) return DigestVerifyResult::Malformed;
  if (auth->nonce.empty() || auth->uri.empty() || auth->response.empty()) return DigestVerifyResult::Malformed;
  if (auth->username != credentials.username) return DigestVerifyResult::UsernameMismatch;
  if (auth->realm != issued.realm) return DigestVerifyResult::RealmMismatch;
  if (auth->nonce != issued.nonce) return DigestVerifyResult::NonceMismatch;
  if (!issued.opaque.empty() && auth->opaque != issued.opaque) return DigestVerifyResult::OpaqueMismatch;

  const std::optional<DigestAlgorithm> algorithm = parseDigestAlgorithm(auth->algorithm);
  const std::optional<DigestAlgorithm> issuedAlgorithm = parseDigestAlgorithm(issued.algorithm);
  if (!algorithm || !issuedAlgorithm || *algorithm != *issuedAlgorithm) return DigestVerifyResult::AlgorithmMismatch;

  // The client must answer with one of the offered qops, or with none if none was offered.
  DigestQop qop = DigestQop::None;
  const std::vector<std::string_view> offered = splitQopOptions(issued.qop);
  if (auth->qop.empty()) {
    if (!offered.empty()) return DigestVerifyResult::QopMismatch;
  } else {
    if (iequals(auth->qop, "auth")) qop = DigestQop::Auth;
    else if (iequals(auth->qop, "auth-int")) qop = DigestQop::AuthInt;
    else return DigestVerifyResult::QopMismatch;
    const bool wasOffered = std::any_of(offered.begin(), offered.end(),
                                        [&](std::string_view t) { return iequals(t, auth->qop); });
    if (!wasOffered) return DigestVerifyResult::QopMismatch;
    // nc-value = 8LHEX (RFC 2617 §3.2.2); cnonce is mandatory with qop.
    if (auth->cnonce.empty() || auth->nc.size() != 8 || !isLowerHex(toLower(auth->nc))) {
      return DigestVerifyResult::Malformed;
    }
  }
  if (qop == DigestQop::None && isSess(*algorithm)) return DigestVerifyResult::QopMismatch;
  if (!request.uri.empty() && auth->uri != request.uri) return DigestVerifyResult::UriMismatch;

  const std::optional<std::string> ha1 = baseHa1(credentials, *algorithm, issued.realm, nullptr);
  if (!ha1) return DigestVerifyResult::ResponseMismatch;
  // Hash the nc and uri exactly as the client sent them: they are inputs to its response.
  const std::string expected = computeResponse(*algorithm, qop, *ha1, auth->nonce, auth->nc, auth->cnonce,
                                               request.method, auth->uri, request.body);
  return hexEqual(expected, auth->response) ? DigestVerifyResult::Ok : DigestVerifyResult::ResponseMismatch;
}

DigestAuthenticator::DigestAuthenticator(DigestCredentials credentials, RandomSource random)
    : credentials_(std::move(credentials)), random_(std::move(random)) {
  if (!random_) throw std::invalid_argument("DigestAuthenticator needs a random source");
}

std::string DigestAuthenticator::makeCnonce() {
  // sip.js sends createRandomToken(12): twelve base-32 digits [0-9a-v], one Math.random() each,
  // digit = floor(Math.random() * 32). With the host's random() standing for
  // floor(Math.random() * 2^32), the top five bits are that digit, so a test that stubs
  // Math.random sees the same cnonce sip.js would send.
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuv";
  std::string cnonce;
  cnonce.reserve(12);
  for (int i = 0; i < 12; ++i) cnonce.push_back(kDigits[random_() >> 27]);
  return cnonce;
}

std::optional<std::string> DigestAuthenticator::authenticate(const DigestChallenge& challenge,
                                                             const DigestRequest& request, std::string* error) {
  auto known = std::find_if(nonces_.begin(), nonces_.end(),
                            [&](const NonceUse& use) { return use.nonce == challenge.nonce; });
  // nc-value is 8 hex digits; after 0xffffffff sip.js starts again at 1 rather than send 0.
  std::uint32_t count = 1;
  if (known != nonces_.end() && known->count != UINT32_MAX) count = known->count + 1;

  std::string cnonce = makeCnonce();
  std::optional<std::string> value = computeDigestAuthorization(credentials_, challenge, request, count, cnonce, error);
  if (!value) return std::nullopt;  // no nonce count consumed

  // Commit: this nonce becomes the most recently used; forget the oldest beyond the cap.
  if (known != nonces_.end()) nonces_.erase(known);
  nonces_.push_back(NonceUse{challenge.nonce, count});
  if (nonces_.size() > kMaxRememberedNonces) nonces_.erase(nonces_.begin());

  lastNonceCount_ = count;
  lastCnonce_ = std::move(cnonce);
  lastChallengeStale_ = challenge.stale;
  return value;
}

}  // namespace sip
