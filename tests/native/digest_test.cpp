// Digest authentication against the published examples of RFC 2617 §3.5 and RFC 7616 §3.9.1,
// plus values for auth-int, RFC 2069 mode and the -sess algorithms computed independently with
// Python's hashlib (see each test), and the header format sip.js 0.21.2 puts on the wire.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sip/digest.h"

namespace {

using sip::DigestAlgorithm;
using sip::DigestChallenge;
using sip::DigestCredentials;
using sip::DigestQop;
using sip::DigestRequest;
using sip::DigestVerifyResult;

// RFC 2617 §3.5, unfolded.
constexpr const char* kRfc2617Challenge =
    "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
constexpr const char* kRfc2617Authorization =
    "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
    "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
    "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

// RFC 7616 §3.9.1.
constexpr const char* kRfc7616Realm = "http-auth@example.org";
constexpr const char* kRfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
constexpr const char* kRfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
constexpr const char* kRfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
constexpr const char* kRfc7616Sha256Authorization =
    "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
    "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
    "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

DigestChallenge rfc7616Challenge(std::string algorithm) {
  DigestChallenge c;
  c.realm = kRfc7616Realm;
  c.nonce = kRfc7616Nonce;
  c.opaque = kRfc7616Opaque;
  c.algorithm = std::move(algorithm);
  c.qop = {"auth", "auth-int"};
  return c;
}

const DigestCredentials kMufasa7616{"Mufasa", "Circle of Life", ""};
const DigestRequest kGetIndex{"GET", "/dir/index.html", std::nullopt};

std::string paramOf(const std::string& header, const std::string& name) {
  const std::optional<sip::DigestAuthorization> auth = sip::parseDigestAuthorization(header);
  if (!auth) return "<unparsable>";
  if (name == "response") return auth->response;
  if (name == "nc") return auth->nc;
  if (name == "cnonce") return auth->cnonce;
  if (name == "qop") return auth->qop;
  if (name == "algorithm") return auth->algorithm;
  if (name == "username") return auth->username;
  if (name == "nonce") return auth->nonce;
  return "<unknown>";
}

// A deterministic stand-in for the host's random source.
struct SequenceRandom {
  std::vector<std::uint32_t> values;
  std::size_t next = 0;
  std::uint32_t operator()() { return values[next++ % values.size()]; }
};

}  // namespace

// ---- published examples ----

TEST(Digest, Rfc2617Example) {
  std::string error;
  const std::optional<DigestChallenge> challenge = sip::parseDigestChallenge(kRfc2617Challenge, &error);
  ASSERT_TRUE(challenge) << error;
  const DigestCredentials mufasa{"Mufasa", "Circle Of Life", ""};
  const std::optional<std::string> header =
      sip::computeDigestAuthorization(mufasa, *challenge, kGetIndex, 1, "0a4f113b", &error);
  ASSERT_TRUE(header) << error;
  EXPECT_EQ(*header,
            "Digest algorithm=MD5, username=\"Mufasa\", realm=\"testrealm@host.com\", "
            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
            "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
            "qop=auth, cnonce=\"0a4f113b\", nc=00000001");
}

TEST(Digest, Rfc2617ExampleVerifiesServerSide) {
  const DigestChallenge challenge = *sip::parseDigestChallenge(kRfc2617Challenge);
  const DigestCredentials mufasa{"Mufasa", "Circle Of Life", ""};
  EXPECT_EQ(sip::verifyDigestResponse(kRfc2617Authorization, challenge, mufasa, kGetIndex), DigestVerifyResult::Ok);
  const DigestCredentials wrong{"Mufasa", "Circle of Life", ""};
  EXPECT_EQ(sip::verifyDigestResponse(kRfc2617Authorization, challenge, wrong, kGetIndex),
            DigestVerifyResult::ResponseMismatch);
}

TEST(Digest, Rfc7616Md5Example) {
  std::string error;
  const std::optional<std::string> header =
      sip::computeDigestAuthorization(kMufasa7616, rfc7616Challenge("MD5"), kGetIndex, 1, kRfc7616Cnonce, &error);
  ASSERT_TRUE(header) << error;
  EXPECT_EQ(paramOf(*header, "response"), "8ca523f5e9506fed4657c9700eebdbec");
  EXPECT_EQ(paramOf(*header, "algorithm"), "MD5");
}

TEST(Digest, Rfc7616Sha256Example) {
  std::string error;
  const std::optional<std::string> header = sip::computeDigestAuthorization(
      kMufasa7616, rfc7616Challenge("SHA-256"), kGetIndex, 1, kRfc7616Cnonce, &error);
  ASSERT_TRUE(header) << error;
  EXPECT_EQ(*header,
            "Digest algorithm=SHA-256, username=\"Mufasa\", realm=\"http-auth@example.org\", "
            "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
            "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
            "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", qop=auth, "
            "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", nc=00000001");
}

TEST(Digest, Rfc7616ChallengeParsesAndSha256ExampleVerifies) {
  // The challenge as printed in RFC 7616 §3.9.1 (unfolded), including the "auth, auth-int" list.
  const std::optional<DigestChallenge> challenge = sip::parseDigestChallenge(
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->qop, (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_EQ(challenge->algorithm, "SHA-256");
  EXPECT_EQ(sip::verifyDigestResponse(kRfc7616Sha256Authorization, *challenge, kMufasa7616, kGetIndex),
            DigestVerifyResult::Ok);
}

// ---- variants, expected values from Python hashlib (an independent implementation) ----

TEST(Digest, SessAlgorithms) {
  std::optional<std::string> header =
      sip::computeDigestAuthorization(kMufasa7616, rfc7616Challenge("MD5-sess"), kGetIndex, 1, kRfc7616Cnonce);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "response"), "e783283f46242139c486a698fec7211d");
  EXPECT_EQ(paramOf(*header, "algorithm"), "MD5-sess");

  header = sip::computeDigestAuthorization(kMufasa7616, rfc7616Challenge("SHA-256-sess"), kGetIndex, 1,
                                           kRfc7616Cnonce);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "response"), "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7");
  EXPECT_EQ(paramOf(*header, "algorithm"), "SHA-256-sess");
}

TEST(Digest, AlgorithmNamesAreCaseInsensitive) {
  EXPECT_EQ(sip::parseDigestAlgorithm(""), DigestAlgorithm::Md5);
  EXPECT_EQ(sip::parseDigestAlgorithm("md5"), DigestAlgorithm::Md5);
  EXPECT_EQ(sip::parseDigestAlgorithm("MD5-SESS"), DigestAlgorithm::Md5Sess);
  EXPECT_EQ(sip::parseDigestAlgorithm("sha-256"), DigestAlgorithm::Sha256);
  EXPECT_EQ(sip::parseDigestAlgorithm("Sha-256-Sess"), DigestAlgorithm::Sha256Sess);
  EXPECT_EQ(sip::parseDigestAlgorithm("SHA-512-256"), std::nullopt);
  EXPECT_EQ(sip::parseDigestAlgorithm("SHA256"), std::nullopt);

  // The canonical spelling goes on the wire whatever case the server used.
  const std::optional<std::string> header =
      sip::computeDigestAuthorization(kMufasa7616, rfc7616Challenge("sha-256"), kGetIndex, 1, kRfc7616Cnonce);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "algorithm"), "SHA-256");
  EXPECT_EQ(paramOf(*header, "response"), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(Digest, NoQopIsRfc2069Compatible) {
  DigestChallenge challenge;
  challenge.realm = "testrealm@host.com";
  challenge.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  const DigestCredentials mufasa{"Mufasa", "Circle Of Life", ""};
  const std::optional<std::string> header =
      sip::computeDigestAuthorization(mufasa, challenge, kGetIndex, 7, "ignored");
  ASSERT_TRUE(header);
  // No qop, cnonce, nc or opaque; algorithm=MD5 is still sent, as sip.js does.
  EXPECT_EQ(*header,
            "Digest algorithm=MD5, username=\"Mufasa\", realm=\"testrealm@host.com\", "
            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
            "response=\"670fd8c2df070c60b045671b8b24ff02\"");
  EXPECT_EQ(sip::verifyDigestResponse(*header, challenge, mufasa, kGetIndex), DigestVerifyResult::Ok);
}

TEST(Digest, PrefersAuthOverAuthInt) {
  EXPECT_EQ(sip::selectDigestQop({}), DigestQop::None);
  EXPECT_EQ(sip::selectDigestQop({"auth-int", "auth"}), DigestQop::Auth);
  EXPECT_EQ(sip::selectDigestQop({"auth-int,auth"}), DigestQop::Auth);
  EXPECT_EQ(sip::selectDigestQop({"AUTH"}), DigestQop::Auth);
  EXPECT_EQ(sip::selectDigestQop({"auth-int"}), DigestQop::AuthInt);
  EXPECT_EQ(sip::selectDigestQop({"auth-conf"}), std::nullopt);
}

TEST(Digest, AuthIntHashesTheBody) {
  DigestChallenge challenge;
  challenge.realm = "atlanta.com";
  challenge.nonce = "abc123";
  challenge.qop = {"auth-int"};
  const DigestCredentials alice{"alice", "secret", ""};
  const std::string body = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n";
  const DigestRequest invite{"INVITE", "sip:bob@biloxi.com", body};

  std::optional<std::string> header = sip::computeDigestAuthorization(alice, challenge, invite, 1, "0123456789ab");
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "qop"), "auth-int");
  EXPECT_EQ(paramOf(*header, "response"), "4481ec8212e325bee0dddd515f9a41a1");
  EXPECT_EQ(sip::verifyDigestResponse(*header, challenge, alice, invite), DigestVerifyResult::Ok);
  const DigestRequest tampered{"INVITE", "sip:bob@biloxi.com", std::string_view("v=1\r\n")};
  EXPECT_EQ(sip::verifyDigestResponse(*header, challenge, alice, tampered), DigestVerifyResult::ResponseMismatch);

  // No body hashes as the empty body.
  const DigestRequest noBody{"INVITE", "sip:bob@biloxi.com", std::nullopt};
  header = sip::computeDigestAuthorization(alice, challenge, noBody, 1, "0123456789ab");
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "response"), "12bb005e1ac7d2c9904c09f31c95ffa9");

  challenge.algorithm = "SHA-256";
  const DigestRequest message{"MESSAGE", "sip:bob@biloxi.com", std::string_view("hello")};
  header = sip::computeDigestAuthorization(alice, challenge, message, 2, "0123456789ab");
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "response"), "d964931f87e519d105fae0c74a6702460758f794fe79d553d8b9109a41223bb7");
  EXPECT_EQ(paramOf(*header, "nc"), "00000002");
}

// ---- precomputed HA1 (sip.js's authorizationHa1 option) ----

TEST(Digest, PrecomputedHa1) {
  EXPECT_EQ(sip::computeDigestHa1(DigestAlgorithm::Md5, "Mufasa", "testrealm@host.com", "Circle Of Life"),
            "939e7578ed9e3c518a452acee763bce9");
  const DigestChallenge challenge = *sip::parseDigestChallenge(kRfc2617Challenge);

  // No password at all: the ha1 alone must do, in either case of hex.
  for (const char* ha1 : {"939e7578ed9e3c518a452acee763bce9", "939E7578ED9E3C518A452ACEE763BCE9"}) {
    const DigestCredentials stored{"Mufasa", "", ha1};
    const std::optional<std::string> header = sip::computeDigestAuthorization(stored, challenge, kGetIndex, 1, "0a4f113b");
    ASSERT_TRUE(header);
    EXPECT_EQ(paramOf(*header, "response"), "6629fae49393a05397450978507c4ef1");
    EXPECT_EQ(sip::verifyDigestResponse(kRfc2617Authorization, challenge, stored, kGetIndex), DigestVerifyResult::Ok);
  }

  // An MD5 ha1 cannot answer a SHA-256 challenge: fall back to the password, or fail clearly.
  DigestCredentials md5Only{"Mufasa", "Circle of Life", sip::computeDigestHa1(DigestAlgorithm::Md5, "Mufasa",
                                                                              kRfc7616Realm, "Circle of Life")};
  std::optional<std::string> header =
      sip::computeDigestAuthorization(md5Only, rfc7616Challenge("SHA-256"), kGetIndex, 1, kRfc7616Cnonce);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "response"), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  md5Only.password.clear();
  std::string error;
  EXPECT_FALSE(
      sip::computeDigestAuthorization(md5Only, rfc7616Challenge("SHA-256"), kGetIndex, 1, kRfc7616Cnonce, &error));
  EXPECT_NE(error.find("ha1"), std::string::npos) << error;
}

// ---- refusals ----

TEST(Digest, RefusesWhatItCannotAnswer) {
  const DigestCredentials alice{"alice", "secret", ""};
  const DigestRequest reg{"REGISTER", "sip:atlanta.com", std::nullopt};
  auto refusal = [&](DigestChallenge c, std::uint32_t nc = 1, std::string_view cnonce = "abc",
                     DigestRequest request = DigestRequest{"REGISTER", "sip:atlanta.com", std::nullopt}) {
    std::string error;
    const std::optional<std::string> header = sip::computeDigestAuthorization(alice, c, request, nc, cnonce, &error);
    EXPECT_FALSE(header) << *header;
    EXPECT_FALSE(error.empty());
    return error;
  };
  DigestChallenge good;
  good.realm = "atlanta.com";
  good.nonce = "n1";
  good.qop = {"auth"};
  ASSERT_TRUE(sip::computeDigestAuthorization(alice, good, reg, 1, "abc"));

  DigestChallenge c = good;
  c.algorithm = "SHA-512-256";
  EXPECT_NE(refusal(c).find("SHA-512-256"), std::string::npos);
  c = good;
  c.scheme = "Basic";
  EXPECT_NE(refusal(c).find("Basic"), std::string::npos);
  c = good;
  c.realm.clear();
  EXPECT_NE(refusal(c).find("realm"), std::string::npos);
  c = good;
  c.nonce.clear();
  EXPECT_NE(refusal(c).find("nonce"), std::string::npos);
  c = good;
  c.qop = {"auth-conf"};
  EXPECT_NE(refusal(c).find("qop"), std::string::npos);
  c = good;
  c.qop.clear();
  c.algorithm = "MD5-sess";  // the session key needs a cnonce, which needs qop
  EXPECT_NE(refusal(c).find("qop"), std::string::npos);
  refusal(good, 0);                                               // nc 00000000 is never valid
  refusal(good, 1, "");                                           // qop needs a cnonce
  refusal(good, 1, "abc", DigestRequest{"REG ISTER", "sip:atlanta.com", std::nullopt});
  c = good;
  c.nonce = "n1\r\nX-Injected: yes";  // must not become a header line
  EXPECT_NE(refusal(c).find("control"), std::string::npos);
}

// ---- header formatting ----

TEST(Digest, FormatsNonceCountAsEightHexDigits) {
  EXPECT_EQ(sip::formatNonceCount(1), "00000001");
  EXPECT_EQ(sip::formatNonceCount(0xabcU), "00000abc");
  EXPECT_EQ(sip::formatNonceCount(0x12345678U), "12345678");
  EXPECT_EQ(sip::formatNonceCount(0xffffffffU), "ffffffff");
}

TEST(Digest, HeaderMatchesSipJsLayout) {
  DigestChallenge challenge;
  challenge.realm = "atlanta.com";
  challenge.nonce = "n1";
  challenge.qop = {"auth"};
  const DigestCredentials alice{"alice", "secret", ""};
  const std::optional<std::string> header = sip::computeDigestAuthorization(
      alice, challenge, DigestRequest{"REGISTER", "sip:atlanta.com", std::nullopt}, 1, "000000000000");
  ASSERT_TRUE(header);
  // No opaque in the challenge, so none in the answer.
  EXPECT_EQ(*header,
            "Digest algorithm=MD5, username=\"alice\", realm=\"atlanta.com\", nonce=\"n1\", uri=\"sip:atlanta.com\", "
            "response=\"f610ffb853f4cf83dd9bc6fccdc7201a\", qop=auth, cnonce=\"000000000000\", nc=00000001");
}

TEST(Digest, EscapesQuotesAndBackslashesInQuotedValues) {
  DigestChallenge challenge;
  challenge.realm = "the \"realm\"";
  challenge.nonce = "n\\1";
  challenge.qop = {"auth"};
  const DigestCredentials odd{"a\"b", "pw", ""};
  const DigestRequest reg{"REGISTER", "sip:atlanta.com", std::nullopt};
  const std::optional<std::string> header = sip::computeDigestAuthorization(odd, challenge, reg, 1, "c");
  ASSERT_TRUE(header);
  EXPECT_NE(header->find("username=\"a\\\"b\""), std::string::npos) << *header;
  EXPECT_NE(header->find("realm=\"the \\\"realm\\\"\""), std::string::npos) << *header;
  EXPECT_NE(header->find("nonce=\"n\\\\1\""), std::string::npos) << *header;
  // Hashes are over the unescaped values, so the round trip verifies.
  EXPECT_EQ(paramOf(*header, "username"), "a\"b");
  EXPECT_EQ(sip::verifyDigestResponse(*header, challenge, odd, reg), DigestVerifyResult::Ok);
}

// ---- challenge parsing ----

TEST(Digest, ParsesChallengeParameters) {
  std::string error;
  const std::optional<DigestChallenge> c = sip::parseDigestChallenge(
      "Digest  realm=\"atlanta.com\",domain=\"sip:ss1.carrier.com sip:ss2.carrier.com\", qop=auth ,"
      "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=md5, future=\"ignored\"",
      &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->scheme, "Digest");
  EXPECT_EQ(c->realm, "atlanta.com");
  EXPECT_EQ(c->domain, "sip:ss1.carrier.com sip:ss2.carrier.com");
  EXPECT_EQ(c->nonce, "f84f1cec41e6cbe5aea9c8e88d359");
  EXPECT_EQ(c->opaque, "");
  EXPECT_FALSE(c->stale);
  EXPECT_EQ(c->algorithm, "md5");
  EXPECT_EQ(c->qop, std::vector<std::string>{"auth"});
}

TEST(Digest, ParsesStaleCaseInsensitively) {
  EXPECT_TRUE(sip::parseDigestChallenge("Digest realm=\"r\", nonce=\"n\", stale=TRUE")->stale);
  EXPECT_TRUE(sip::parseDigestChallenge("Digest realm=\"r\", nonce=\"n\", stale=true")->stale);
  EXPECT_TRUE(sip::parseDigestChallenge("Digest realm=\"r\", nonce=\"n\", stale=\"true\"")->stale);
  EXPECT_FALSE(sip::parseDigestChallenge("Digest realm=\"r\", nonce=\"n\", stale=false")->stale);
  EXPECT_FALSE(sip::parseDigestChallenge("Digest realm=\"r\", nonce=\"n\", stale=yes")->stale);
  EXPECT_FALSE(sip::parseDigestChallenge("Digest realm=\"r\", nonce=\"n\"")->stale);
}

TEST(Digest, ParsesEscapesInQuotedStrings) {
  const std::optional<DigestChallenge> c =
      sip::parseDigestChallenge(R"(Digest realm="a \"quoted\" realm\\", nonce="n")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->realm, "a \"quoted\" realm\\");
}

TEST(Digest, RejectsMalformedChallenges) {
  for (const char* bad : {
           "",
           "Digest",
           "Digest realm",
           "Digest realm=",
           "Digest realm=\"unterminated",
           "Digest realm=\"r\" nonce=\"n\"",           // missing comma
           "Digest realm=\"r\", realm=\"s\"",          // repeated parameter is ambiguous
           "Digest realm=\"r\nX: y\", nonce=\"n\"",    // raw LF inside a quoted string
           "Digest realm=\"r\\",                       // escape at the end
           "Digestrealm=\"r\"",
       }) {
    std::string error;
    EXPECT_FALSE(sip::parseDigestChallenge(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(Digest, SelectsTopmostSupportedChallenge) {
  DigestChallenge sha512 = rfc7616Challenge("SHA-512-256");
  DigestChallenge sha256 = rfc7616Challenge("SHA-256");
  DigestChallenge md5 = rfc7616Challenge("MD5");
  DigestChallenge basic = md5;
  basic.scheme = "Basic";
  EXPECT_EQ(sip::selectDigestChallenge({sha512, sha256, md5}), 1U);
  EXPECT_EQ(sip::selectDigestChallenge({md5, sha256}), 0U);
  EXPECT_EQ(sip::selectDigestChallenge({basic, sha512}), std::nullopt);
  EXPECT_EQ(sip::selectDigestChallenge({}), std::nullopt);
}

// ---- server-side verification ----

TEST(Digest, VerifierRejectsEachMismatch) {
  const DigestChallenge challenge = rfc7616Challenge("SHA-256");
  const std::string good = kRfc7616Sha256Authorization;
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const std::size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  auto verify = [&](const std::string& header) {
    return sip::verifyDigestResponse(header, challenge, kMufasa7616, kGetIndex);
  };
  EXPECT_EQ(verify(good), DigestVerifyResult::Ok);
  EXPECT_EQ(verify("not a header"), DigestVerifyResult::Malformed);
  EXPECT_EQ(verify(replaced("Digest ", "Basic ")), DigestVerifyResult::Malformed);
  EXPECT_EQ(verify(replaced("Mufasa", "Simba")), DigestVerifyResult::UsernameMismatch);
  EXPECT_EQ(verify(replaced("http-auth@example.org", "other")), DigestVerifyResult::RealmMismatch);
  EXPECT_EQ(verify(replaced("7ypf/xlj", "8ypf/xlj")), DigestVerifyResult::NonceMismatch);
  EXPECT_EQ(verify(replaced("FQhe", "XXhe")), DigestVerifyResult::OpaqueMismatch);
  EXPECT_EQ(verify(replaced("algorithm=SHA-256", "algorithm=MD5")), DigestVerifyResult::AlgorithmMismatch);
  EXPECT_EQ(verify(replaced("qop=auth", "qop=auth-conf")), DigestVerifyResult::QopMismatch);
  EXPECT_EQ(verify(replaced("nc=00000001", "nc=1")), DigestVerifyResult::Malformed);
  EXPECT_EQ(verify(replaced("uri=\"/dir/index.html\"", "uri=\"/other\"")), DigestVerifyResult::UriMismatch);
  EXPECT_EQ(verify(replaced("nc=00000001", "nc=00000002")), DigestVerifyResult::ResponseMismatch);
  EXPECT_EQ(verify(replaced("response=\"7539", "response=\"7549")), DigestVerifyResult::ResponseMismatch);

  DigestChallenge noQop = challenge;
  noQop.qop.clear();
  EXPECT_EQ(sip::verifyDigestResponse(good, noQop, kMufasa7616, kGetIndex), DigestVerifyResult::QopMismatch);
  EXPECT_EQ(sip::toString(DigestVerifyResult::NonceMismatch), "nonce mismatch");
}

// ---- the stateful authenticator ----

TEST(DigestAuthenticator, CountsPerNonceAndResetsOnNewNonce) {
  sip::DigestAuthenticator auth({"alice", "secret", ""}, SequenceRandom{{0x12345678U, 0x9abcdef0U}});
  DigestChallenge challenge;
  challenge.realm = "atlanta.com";
  challenge.nonce = "n1";
  challenge.qop = {"auth"};
  const DigestRequest reg{"REGISTER", "sip:atlanta.com", std::nullopt};

  EXPECT_EQ(auth.lastNonceCount(), 0U);
  for (std::uint32_t expected = 1; expected <= 3; ++expected) {
    std::string error;
    const std::optional<std::string> header = auth.authenticate(challenge, reg, &error);
    ASSERT_TRUE(header) << error;
    EXPECT_EQ(auth.lastNonceCount(), expected);
    EXPECT_EQ(paramOf(*header, "nc"), sip::formatNonceCount(expected));
    EXPECT_EQ(paramOf(*header, "cnonce"), auth.lastCnonce());
    EXPECT_EQ(sip::verifyDigestResponse(*header, challenge, auth.credentials(), reg), DigestVerifyResult::Ok);
  }
  EXPECT_FALSE(auth.lastChallengeStale());

  // The server says the nonce went stale and hands out a new one: start again at 1.
  DigestChallenge stale = challenge;
  stale.nonce = "n2";
  stale.stale = true;
  std::optional<std::string> header = auth.authenticate(stale, reg);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "nc"), "00000001");
  EXPECT_EQ(paramOf(*header, "nonce"), "n2");
  EXPECT_TRUE(auth.lastChallengeStale());
  EXPECT_EQ(sip::verifyDigestResponse(*header, stale, auth.credentials(), reg), DigestVerifyResult::Ok);

  // A proxy's nonce interleaved with the registrar's keeps its own count.
  header = auth.authenticate(challenge, reg);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "nc"), "00000004");
  EXPECT_FALSE(auth.lastChallengeStale());
}

TEST(DigestAuthenticator, FailedAttemptConsumesNoCount) {
  sip::DigestAuthenticator auth({"alice", "secret", ""}, [] { return 0U; });
  DigestChallenge challenge;
  challenge.realm = "atlanta.com";
  challenge.nonce = "n1";
  challenge.qop = {"auth"};
  const DigestRequest reg{"REGISTER", "sip:atlanta.com", std::nullopt};
  ASSERT_TRUE(auth.authenticate(challenge, reg));

  DigestChallenge unsupported = challenge;
  unsupported.algorithm = "SHA-512-256";
  std::string error;
  EXPECT_FALSE(auth.authenticate(unsupported, reg, &error));
  EXPECT_NE(error.find("SHA-512-256"), std::string::npos);
  EXPECT_EQ(auth.lastNonceCount(), 1U);

  const std::optional<std::string> header = auth.authenticate(challenge, reg);
  ASSERT_TRUE(header);
  EXPECT_EQ(paramOf(*header, "nc"), "00000002");
}

TEST(DigestAuthenticator, CnonceComesFromTheHostRandomSource) {
  std::uint32_t draws = 0;
  // Draw i has i in its top five bits, like floor(Math.random() * 32) == i.
  sip::DigestAuthenticator auth({"alice", "secret", ""}, [&draws]() -> std::uint32_t {
    const std::uint32_t value = ((draws % 32U) << 27) | 0x07ffffffU;
    ++draws;
    return value;
  });
  DigestChallenge challenge;
  challenge.realm = "atlanta.com";
  challenge.nonce = "n1";
  challenge.qop = {"auth"};
  const DigestRequest reg{"REGISTER", "sip:atlanta.com", std::nullopt};
  ASSERT_TRUE(auth.authenticate(challenge, reg));
  // Twelve base-32 digits, one draw each, like sip.js's createRandomToken(12).
  EXPECT_EQ(auth.lastCnonce(), "0123456789ab");
  EXPECT_EQ(draws, 12U);

  ASSERT_TRUE(auth.authenticate(challenge, reg));
  EXPECT_EQ(auth.lastCnonce(), "cdefghijklmn");  // a fresh cnonce for every request
  EXPECT_EQ(draws, 24U);

  EXPECT_THROW(sip::DigestAuthenticator({"a", "b", ""}, nullptr), std::invalid_argument);
}

TEST(DigestAuthenticator, RemembersOnlyRecentNonces) {
  sip::DigestAuthenticator auth({"alice", "secret", ""}, [] { return 7U; });
  const DigestRequest reg{"REGISTER", "sip:atlanta.com", std::nullopt};
  auto challengeFor = [](int i) {
    DigestChallenge c;
    c.realm = "atlanta.com";
    c.nonce = "n" + std::to_string(i);
    c.qop = {"auth"};
    return c;
  };
  ASSERT_TRUE(auth.authenticate(challengeFor(0), reg));
  ASSERT_TRUE(auth.authenticate(challengeFor(0), reg));
  EXPECT_EQ(auth.lastNonceCount(), 2U);
  for (int i = 1; i <= 8; ++i) ASSERT_TRUE(auth.authenticate(challengeFor(i), reg));
  // Nonce n0 was pushed out by eight newer ones, so it counts from 1 again; n8 is still known.
  ASSERT_TRUE(auth.authenticate(challengeFor(0), reg));
  EXPECT_EQ(auth.lastNonceCount(), 1U);
  ASSERT_TRUE(auth.authenticate(challengeFor(8), reg));
  EXPECT_EQ(auth.lastNonceCount(), 2U);
}
