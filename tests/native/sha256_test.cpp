// SHA-256 against the FIPS 180-2 appendix B / NIST example vectors, plus padding-boundary
// lengths cross-checked with coreutils sha256sum, and the incremental API.
#include <gtest/gtest.h>

#include <string>

#include "sip/sha256.h"

namespace {

std::string hexOf(const sip::Sha256::Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

}  // namespace

TEST(Sha256, Fips180OneBlockMessage) {
  EXPECT_EQ(sip::sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, Fips180MultiBlockMessage) {
  EXPECT_EQ(sip::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, Fips180LongMessage) {
  EXPECT_EQ(sip::sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(sip::sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, NistFourBlockMessage) {
  EXPECT_EQ(sip::sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
                           "lmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

// 55 bytes is the longest message whose padding and length fit one block; 56..63 need a second
// block for the length; 64 is exactly one data block. Values from `sha256sum` on this machine.
TEST(Sha256, PaddingBoundaries) {
  EXPECT_EQ(sip::sha256Hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sip::sha256Hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sip::sha256Hex(std::string(63, 'a')), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  EXPECT_EQ(sip::sha256Hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(sip::sha256Hex(std::string(65, 'a')), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
  EXPECT_EQ(sip::sha256Hex(std::string(119, 'a')), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  EXPECT_EQ(sip::sha256Hex(std::string(120, 'a')), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c");
  EXPECT_EQ(sip::sha256Hex(std::string(128, 'a')), "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e");
}

// Every byte value, including NUL and bytes >= 0x80 that a signed char would make negative.
TEST(Sha256, AllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(sip::sha256Hex(bytes), "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

TEST(Sha256, IncrementalUpdatesMatchOneShot) {
  const std::string message(1000, 'x');
  for (std::size_t chunk : {1U, 3U, 55U, 63U, 64U, 65U, 127U, 999U}) {
    sip::Sha256 hasher;
    for (std::size_t pos = 0; pos < message.size(); pos += chunk) {
      hasher.update(std::string_view(message).substr(pos, chunk));
    }
    EXPECT_EQ(hexOf(hasher.finish()), sip::sha256Hex(message)) << "chunk " << chunk;
  }
}

TEST(Sha256, FinishResetsForReuse) {
  sip::Sha256 hasher;
  hasher.update("garbage");
  hasher.update(nullptr, 0);  // an empty update is a no-op, even with a null pointer
  (void)hasher.finish();
  hasher.update("abc");
  EXPECT_EQ(hexOf(hasher.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hexOf(hasher.finish()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
