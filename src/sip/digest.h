// SIP digest authentication: the client side (building Authorization / Proxy-Authorization
// values from a WWW-Authenticate / Proxy-Authenticate challenge) and a server-side verifier.
//
// Protocol: RFC 2617 (MD5, MD5-sess, qop=auth/auth-int, RFC 2069 compatibility when the challenge
// has no qop), RFC 7616 (SHA-256, SHA-256-sess) as adopted for SIP by RFC 8760, RFC 3261 §22.
// Behaviour reference: sip.js 0.21.2 DigestAuthentication — same parameter order on the wire, same
// qop preference (auth before auth-int), same 12-character base-32 cnonce shape; sip.js only knows
// MD5, we also accept the SHA-256 and -sess algorithms.
//
// Everything here is platform-free: randomness for cnonces is injected by the caller (the host),
// and the types are plain strings so the grammar's parsed header types can convert to them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sip {

enum class DigestAlgorithm { Md5, Md5Sess, Sha256, Sha256Sess };

// Parses an algorithm token case-insensitively ("md5", "SHA-256-sess", ...). An empty token means
// MD5, the RFC 2617 §3.2.1 default when the challenge has no algorithm parameter. Unknown
// algorithms (e.g. "SHA-512-256", which SIP does not use) give nullopt.
std::optional<DigestAlgorithm> parseDigestAlgorithm(std::string_view token);

// Canonical spelling as registered by RFC 7616 §6.1: "MD5", "MD5-sess", "SHA-256", "SHA-256-sess".
std::string_view digestAlgorithmName(DigestAlgorithm algorithm);

// H(data) for the algorithm's hash function, in lowercase hex (32 digits for MD5, 64 for SHA-256).
std::string digestHashHex(DigestAlgorithm algorithm, std::string_view data);

// H(username ":" realm ":" password): the value a server stores and that sip.js accepts as a
// precomputed "ha1". For the -sess algorithms this is the inner hash; the session step
// (RFC 7616 §3.4.2) is applied per request.
std::string computeDigestHa1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                             std::string_view password);

// A WWW-Authenticate / Proxy-Authenticate challenge with its parameter values unquoted.
// Empty strings mean "absent".
struct DigestChallenge {
  std::string scheme = "Digest";
  std::string realm;
  std::string domain;
  std::string nonce;
  std::string opaque;
  bool stale = false;
  std::string algorithm;         // as received; empty means MD5
  std::vector<std::string> qop;  // qop-options; an entry may also be an unsplit "auth,auth-int" list
};

// Parses a challenge header value, e.g. `Digest realm="atlanta.com", nonce="...", qop="auth"`.
// Unknown parameters are ignored (RFC 2617 §3.2.1 asks clients to), a repeated parameter or a
// syntax error gives nullopt with the reason in *error. It does not judge the scheme or
// algorithm: computeDigestAuthorization does, so the caller can log what was offered.
std::optional<DigestChallenge> parseDigestChallenge(std::string_view headerValue, std::string* error = nullptr);

// Of several challenges in one response (RFC 8760 §2.4 lets a server offer SHA-256 and MD5
// side by side), the index of the topmost one this code can answer: scheme Digest, a supported
// algorithm, realm and nonce present, and a qop we support if qop is offered. nullopt if none.
std::optional<std::size_t> selectDigestChallenge(const std::vector<DigestChallenge>& challenges);

struct DigestCredentials {
  std::string username;
  std::string password;
  // Optional precomputed H(username:realm:password) in hex for the challenge's hash function.
  // Empty means compute it from the password. A value whose length does not fit the challenge's
  // algorithm (an MD5 ha1 against a SHA-256 challenge) is ignored in favour of the password.
  std::string ha1;
};

// The request being authorized. The views must stay valid for the duration of the call.
struct DigestRequest {
  std::string_view method;                // e.g. "REGISTER"
  std::string_view uri;                   // the Request-URI as sent, e.g. "sip:example.com"
  std::optional<std::string_view> body;   // entity body for qop=auth-int; nullopt means empty
};

enum class DigestQop { None, Auth, AuthInt };

// The qop to answer with (RFC 7616 §3.4 via sip.js): "auth" if offered, else "auth-int", or None
// when no qop was offered (RFC 2069 compatibility). nullopt when qop was offered but contains
// neither. Tokens compare case-insensitively; entries may be comma-separated lists.
std::optional<DigestQop> selectDigestQop(const std::vector<std::string>& options);

// nc-value: exactly 8 lowercase hex digits (RFC 2617 §3.2.2), e.g. 1 -> "00000001".
std::string formatNonceCount(std::uint32_t nonceCount);

// Builds the Authorization / Proxy-Authorization header value answering `challenge`, e.g.
//   Digest algorithm=MD5, username="alice", realm="atlanta.com", nonce="...", uri="sip:atlanta.com",
//   response="...", opaque="...", qop=auth, cnonce="...", nc=00000001
// (sip.js's parameter order; opaque only if the challenge had one, qop/cnonce/nc only if the
// challenge offered qop). `nonceCount` must be >= 1 when qop is used; `cnonce` must be non-empty.
// Returns nullopt, with a human-readable reason in *error, for a non-Digest scheme, an unsupported
// algorithm or qop, a missing realm or nonce, or a value that cannot be carried in a quoted string.
std::optional<std::string> computeDigestAuthorization(const DigestCredentials& credentials,
                                                      const DigestChallenge& challenge,
                                                      const DigestRequest& request, std::uint32_t nonceCount,
                                                      std::string_view cnonce, std::string* error = nullptr);

// An Authorization / Proxy-Authorization header value with its parameter values unquoted.
struct DigestAuthorization {
  std::string scheme;
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;
  std::string cnonce;
  std::string opaque;
  std::string qop;
  std::string nc;
};

std::optional<DigestAuthorization> parseDigestAuthorization(std::string_view headerValue,
                                                            std::string* error = nullptr);

enum class DigestVerifyResult {
  Ok,
  Malformed,           // unparsable, not Digest, or required parameters missing / ill-formed
  UsernameMismatch,
  RealmMismatch,
  NonceMismatch,       // a server would answer with a fresh challenge (stale=true if otherwise valid)
  OpaqueMismatch,
  AlgorithmMismatch,   // differs from the challenge, or unsupported
  QopMismatch,         // not one the challenge offered, or present when none was offered
  UriMismatch,
  ResponseMismatch,    // wrong password (or tampered request)
};

std::string_view toString(DigestVerifyResult result);

// Server side: checks `authorizationValue` against the challenge the server issued, the user's
// credentials (password or stored ha1) and the request it arrived on. The uri parameter is
// checked against request.uri unless that is empty. Replay protection (remembering nc per nonce)
// is the caller's business: it can read the nc from parseDigestAuthorization.
DigestVerifyResult verifyDigestResponse(std::string_view authorizationValue, const DigestChallenge& issued,
                                        const DigestCredentials& credentials, const DigestRequest& request);

// Client-side state across challenges: the credentials, a nonce count per nonce (so successive
// requests under one nonce send 00000001, 00000002, ...; a new nonce — typically after a
// stale=true challenge — starts again at 00000001), and a fresh cnonce for each request, drawn
// from the host's random source (the core never calls rand() or reads the clock).
class DigestAuthenticator {
 public:
  // A uniform 32-bit value per call, e.g. [&host] { return host.random(); }. Each cnonce takes
  // twelve draws, one base-32 digit from the top five bits of each: the digits sip.js's
  // createRandomToken(12) makes from Math.random() when random() is floor(Math.random() * 2^32).
  using RandomSource = std::function<std::uint32_t()>;

  // Throws std::invalid_argument if `random` is empty: a programming error, not network input.
  DigestAuthenticator(DigestCredentials credentials, RandomSource random);

  // Header value for `request` answering `challenge`, or nullopt with the reason in *error
  // (see computeDigestAuthorization). A failed attempt consumes no nonce count.
  std::optional<std::string> authenticate(const DigestChallenge& challenge, const DigestRequest& request,
                                          std::string* error = nullptr);

  // What the last successful authenticate() used; 0 / empty before the first.
  std::uint32_t lastNonceCount() const { return lastNonceCount_; }
  const std::string& lastCnonce() const { return lastCnonce_; }
  // Whether the last successfully answered challenge said stale=true: the credentials were fine
  // and only the nonce had expired, so retrying once more is legitimate (RFC 2617 §3.2.1).
  bool lastChallengeStale() const { return lastChallengeStale_; }

  const DigestCredentials& credentials() const { return credentials_; }

 private:
  struct NonceUse {
    std::string nonce;
    std::uint32_t count = 0;
  };
  // A handful of recent nonces (proxy and registrar challenges may interleave); the oldest is
  // forgotten first so a long-lived agent cannot grow this without bound.
  static constexpr std::size_t kMaxRememberedNonces = 8;

  std::string makeCnonce();

  DigestCredentials credentials_;
  RandomSource random_;
  std::vector<NonceUse> nonces_;  // most recently used last
  std::uint32_t lastNonceCount_ = 0;
  std::string lastCnonce_;
  bool lastChallengeStale_ = false;
};

}  // namespace sip
