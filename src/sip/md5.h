// MD5 message digest (RFC 1321), written here because no crypto library is available to the
// Wasm build. Used only for SIP digest authentication (RFC 2617 / RFC 8760), where MD5 is still
// the interoperable default; it is not a general-purpose secure hash.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sip {

// Incremental MD5: update() any number of times, then finish() once. After finish() the object
// is reset and can hash a new message.
class Md5 {
 public:
  static constexpr std::size_t kDigestSize = 16;
  using Digest = std::array<std::uint8_t, kDigestSize>;

  Md5() { reset(); }

  void reset();
  void update(const std::uint8_t* data, std::size_t size);
  void update(std::string_view data);
  Digest finish();

 private:
  static constexpr std::size_t kBlockSize = 64;
  void processBlock(const std::uint8_t* block);

  std::array<std::uint32_t, 4> state_{};
  std::array<std::uint8_t, kBlockSize> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t totalBytes_ = 0;  // message length; RFC 1321 appends it mod 2^64 bits
};

Md5::Digest md5(std::string_view data);

// Lowercase hexadecimal MD5 of `data`: the form digest authentication puts on the wire.
std::string md5Hex(std::string_view data);

}  // namespace sip
