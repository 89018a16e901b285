// MD5 per RFC 1321 §3. All arithmetic is on uint32_t (wraps by definition), and words are
// assembled from bytes explicitly, so the code is endian-independent and free of type punning.
#include "sip/md5.h"

#include <algorithm>

namespace sip {

namespace {

constexpr std::uint32_t rotateLeft(std::uint32_t x, unsigned n) {
  return (x << n) | (x >> (32U - n));
}

// RFC 1321 §3.4: T[i] = floor(2^32 * |sin(i + 1)|), tabulated rather than computed so results
// never depend on the platform's libm.
constexpr std::array<std::uint32_t, 64> kT = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

// Per-round shift amounts (RFC 1321 §3.4, S11..S44), four per round.
constexpr std::array<unsigned, 16> kShift = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

std::string toLowerHex(const std::uint8_t* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
  return out;
}

}  // namespace

void Md5::reset() {
  // RFC 1321 §3.3: the initial MD buffer, written as little-endian words.
  state_ = {0x67452301U, 0xefcdab89U, 0x98badcfeU, 0x10325476U};
  buffered_ = 0;
  totalBytes_ = 0;
}

void Md5::processBlock(const std::uint8_t* block) {
  // MD5 reads the block as 16 little-endian 32-bit words.
  std::array<std::uint32_t, 16> x{};
  for (std::size_t i = 0; i < 16; ++i) {
    x[i] = static_cast<std::uint32_t>(block[i * 4]) | (static_cast<std::uint32_t>(block[i * 4 + 1]) << 8) |
           (static_cast<std::uint32_t>(block[i * 4 + 2]) << 16) |
           (static_cast<std::uint32_t>(block[i * 4 + 3]) << 24);
  }

  std::uint32_t a = state_[0];
  std::uint32_t b = state_[1];
  std::uint32_t c = state_[2];
  std::uint32_t d = state_[3];

  // The four rounds of RFC 1321 §3.4 differ only in the auxiliary function (F, G, H, I) and in
  // which message word step i consumes; expressing that as a loop keeps the 64 steps auditable
  // against the RFC's table instead of 64 hand-unrolled lines.
  for (unsigned i = 0; i < 64; ++i) {
    std::uint32_t f = 0;
    unsigned g = 0;
    const unsigned round = i / 16;
    if (round == 0) {
      f = (b & c) | (~b & d);  // F
      g = i;
    } else if (round == 1) {
      f = (b & d) | (c & ~d);  // G
      g = (5 * i + 1) % 16;
    } else if (round == 2) {
      f = b ^ c ^ d;  // H
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);  // I
      g = (7 * i) % 16;
    }
    const std::uint32_t rotated = rotateLeft(a + f + kT[i] + x[g], kShift[round * 4 + (i % 4)]);
    a = d;
    d = c;
    c = b;
    b = b + rotated;
  }

  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::update(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;  // data may be null for an empty update
  totalBytes_ += size;
  // Top up a partial block first, then hash whole blocks straight from the input.
  if (buffered_ > 0) {
    const std::size_t take = std::min(kBlockSize - buffered_, size);
    std::copy(data, data + take, buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_));
    buffered_ += take;
    data += take;
    size -= take;
    if (buffered_ < kBlockSize) return;
    processBlock(buffer_.data());
    buffered_ = 0;
  }
  while (size >= kBlockSize) {
    processBlock(data);
    data += kBlockSize;
    size -= kBlockSize;
  }
  std::copy(data, data + size, buffer_.begin());
  buffered_ = size;
}

void Md5::update(std::string_view data) {
  // string_view holds char; reading it as unsigned char bytes is always allowed.
  update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
}

Md5::Digest Md5::finish() {
  // RFC 1321 §3.1-3.2: append 0x80, zero-pad to 56 mod 64, then the bit length (little-endian).
  const std::uint64_t bitLength = totalBytes_ * 8U;  // wraps mod 2^64 as the RFC specifies
  static constexpr std::uint8_t kPadding[kBlockSize] = {0x80};
  const std::size_t padLength = (buffered_ < 56) ? (56 - buffered_) : (120 - buffered_);
  update(kPadding, padLength);
  std::uint8_t lengthBytes[8];
  for (std::size_t i = 0; i < 8; ++i) lengthBytes[i] = static_cast<std::uint8_t>(bitLength >> (8 * i));
  update(lengthBytes, sizeof lengthBytes);

  Digest digest{};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) digest[i * 4 + j] = static_cast<std::uint8_t>(state_[i] >> (8 * j));
  }
  reset();
  return digest;
}

Md5::Digest md5(std::string_view data) {
  Md5 hasher;
  hasher.update(data);
  return hasher.finish();
}

std::string md5Hex(std::string_view data) {
  const Md5::Digest digest = md5(data);
  return toLowerHex(digest.data(), digest.size());
}

}  // namespace sip
