// SHA-256 per FIPS 180-4. All arithmetic is on uint32_t (wraps by definition), and words are
// assembled from bytes explicitly (big-endian), so the code is endian-independent and free of
// type punning.
#include "sip/sha256.h"

#include <algorithm>

namespace sip {

namespace {

constexpr std::uint32_t rotateRight(std::uint32_t x, unsigned n) {
  return (x >> n) | (x << (32U - n));
}

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first
// 64 primes.
constexpr std::array<std::uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

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

void Sha256::reset() {
  // FIPS 180-4 §5.3.3: the initial hash value H(0).
  state_ = {0x6a09e667U, 0xbb67ae85U, 0x3c6ef372U, 0xa54ff53aU,
            0x510e527fU, 0x9b05688cU, 0x1f83d9abU, 0x5be0cd19U};
  buffered_ = 0;
  totalBytes_ = 0;
}

void Sha256::processBlock(const std::uint8_t* block) {
  // §6.2.2 step 1: the message schedule W0..W63.
  std::array<std::uint32_t, 64> w{};
  for (std::size_t t = 0; t < 16; ++t) {
    w[t] = (static_cast<std::uint32_t>(block[t * 4]) << 24) | (static_cast<std::uint32_t>(block[t * 4 + 1]) << 16) |
           (static_cast<std::uint32_t>(block[t * 4 + 2]) << 8) | static_cast<std::uint32_t>(block[t * 4 + 3]);
  }
  for (std::size_t t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotateRight(w[t - 15], 7) ^ rotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotateRight(w[t - 2], 17) ^ rotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }

  // Steps 2-3: the 64 compression rounds.
  std::uint32_t a = state_[0];
  std::uint32_t b = state_[1];
  std::uint32_t c = state_[2];
  std::uint32_t d = state_[3];
  std::uint32_t e = state_[4];
  std::uint32_t f = state_[5];
  std::uint32_t g = state_[6];
  std::uint32_t h = state_[7];
  for (std::size_t t = 0; t < 64; ++t) {
    const std::uint32_t bigSigma1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25);
    const std::uint32_t ch = (e & f) ^ (~e & g);
    const std::uint32_t t1 = h + bigSigma1 + ch + kK[t] + w[t];
    const std::uint32_t bigSigma0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22);
    const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    const std::uint32_t t2 = bigSigma0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }

  // Step 4: the intermediate hash value.
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

void Sha256::update(const std::uint8_t* data, std::size_t size) {
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

void Sha256::update(std::string_view data) {
  // string_view holds char; reading it as unsigned char bytes is always allowed.
  update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
}

Sha256::Digest Sha256::finish() {
  // §5.1.1: append 0x80, zero-pad to 56 mod 64, then the 64-bit bit length (big-endian).
  const std::uint64_t bitLength = totalBytes_ * 8U;
  static constexpr std::uint8_t kPadding[kBlockSize] = {0x80};
  const std::size_t padLength = (buffered_ < 56) ? (56 - buffered_) : (120 - buffered_);
  update(kPadding, padLength);
  std::uint8_t lengthBytes[8];
  for (std::size_t i = 0; i < 8; ++i) lengthBytes[i] = static_cast<std::uint8_t>(bitLength >> (56 - 8 * i));
  update(lengthBytes, sizeof lengthBytes);

  Digest digest{};
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 4; ++j) digest[i * 4 + j] = static_cast<std::uint8_t>(state_[i] >> (24 - 8 * j));
  }
  reset();
  return digest;
}

Sha256::Digest sha256(std::string_view data) {
  Sha256 hasher;
  hasher.update(data);
  return hasher.finish();
}

std::string sha256Hex(std::string_view data) {
  const Sha256::Digest digest = sha256(data);
  return toLowerHex(digest.data(), digest.size());
}

}  // namespace sip
