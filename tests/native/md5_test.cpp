// MD5 against the RFC 1321 appendix A.5 test suite, plus padding-boundary lengths and a long
// message cross-checked with coreutils md5sum, and the incremental API.
#include <gtest/gtest.h>

#include <string>

#include "sip/md5.h"

namespace {

std::string hexOf(const sip::Md5::Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

}  // namespace

TEST(Md5, Rfc1321TestSuite) {
  EXPECT_EQ(sip::md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(sip::md5Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(sip::md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(sip::md5Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(sip::md5Hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(sip::md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(sip::md5Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// 55 bytes is the longest message whose padding and length fit one block; 56..63 need a second
// block for the length; 64 is exactly one data block. Values from `md5sum` on this machine.
TEST(Md5, PaddingBoundaries) {
  EXPECT_EQ(sip::md5Hex(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");
  EXPECT_EQ(sip::md5Hex(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(sip::md5Hex(std::string(63, 'a')), "b06521f39153d618550606be297466d5");
  EXPECT_EQ(sip::md5Hex(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
  EXPECT_EQ(sip::md5Hex(std::string(65, 'a')), "c743a45e0d2e6a95cb859adae0248435");
  EXPECT_EQ(sip::md5Hex(std::string(119, 'a')), "8a7bd0732ed6a28ce75f6dabc90e1613");
  EXPECT_EQ(sip::md5Hex(std::string(120, 'a')), "5f61c0ccad4cac44c75ff505e1f1e537");
  EXPECT_EQ(sip::md5Hex(std::string(128, 'a')), "e510683b3f5ffe4093d021808bc6ff70");
}

TEST(Md5, OneMillionA) {
  EXPECT_EQ(sip::md5Hex(std::string(1000000, 'a')), "7707d6ae4e027c70eea2a935c2296f21");
}

// Every byte value, including NUL and bytes >= 0x80 that a signed char would make negative.
TEST(Md5, AllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(sip::md5Hex(bytes), "e2c865db4162bed963bfaa9ef6ac18f0");
}

TEST(Md5, IncrementalUpdatesMatchOneShot) {
  const std::string message(1000, 'x');
  for (std::size_t chunk : {1U, 3U, 55U, 63U, 64U, 65U, 127U, 999U}) {
    sip::Md5 hasher;
    for (std::size_t pos = 0; pos < message.size(); pos += chunk) {
      hasher.update(std::string_view(message).substr(pos, chunk));
    }
    EXPECT_EQ(hexOf(hasher.finish()), sip::md5Hex(message)) << "chunk " << chunk;
  }
}

TEST(Md5, FinishResetsForReuse) {
  sip::Md5 hasher;
  hasher.update("garbage");
  hasher.update(nullptr, 0);  // an empty update is a no-op, even with a null pointer
  (void)hasher.finish();
  hasher.update("abc");
  EXPECT_EQ(hexOf(hasher.finish()), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hexOf(hasher.finish()), "d41d8cd98f00b204e9800998ecf8427e");
}
