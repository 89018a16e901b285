// SHA-256 (FIPS 180-4 §6.2), written here because no crypto library is available to the Wasm
// build. Used for SIP digest authentication with algorithm=SHA-256 (RFC 8760 / RFC 7616).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sip {

// Incremental SHA-256: update() any number of times, then finish() once. After finish() the
// object is reset and can hash a new message.
class Sha256 {
 public:
  static constexpr std::size_t kDigestSize = 32;
  using Digest = std::array<std::uint8_t, kDigestSize>;

  Sha256() { reset(); }

  void reset();
  void update(const std::uint8_t* data, std::size_t size);
  void update(std::string_view data);
  Digest finish();

 private:
  static constexpr std::size_t kBlockSize = 64;
  void processBlock(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, kBlockSize> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t totalBytes_ = 0;  // FIPS 180-4 limits messages to < 2^64 bits
};

Sha256::Digest sha256(std::string_view data);

// Lowercase hexadecimal SHA-256 of `data`: the form digest authentication puts on the wire.
std::string sha256Hex(std::string_view data);

}  // namespace sip
