#include "sip/scanner.h"

#include <array>
#include <limits>

#include "sip/text.h"

namespace sip {
namespace cc {
namespace {

constexpr std::array<uint16_t, 256> buildTable() {
  std::array<uint16_t, 256> t{};
  auto add = [&t](std::string_view chars, uint16_t flag) {
    for (char c : chars) t[static_cast<unsigned char>(c)] |= flag;
  };
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kAlpha;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kAlpha;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit | kHex;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  for (int c = 0; c < 128; ++c) {
    if (t[c] & (kAlpha | kDigit)) t[c] |= kToken | kTokenNoDot;
  }
  add("-_.!~*'()", kMark);
  add("-.!%*_+`'~", kToken);
  add("-!%*_+`'~", kTokenNoDot);
  add("()<>:\\\"/[]?{}", kWordExtra);
  add("&=+$,;?/", kUserUnreserved);
  add("[]/:&+$", kParamUnreserved);
  add("[]/?:+$", kHnvUnreserved);
  add(";/?:@&=+$,", kReserved);
  return t;
}

constexpr std::array<uint16_t, 256> kBuilt = buildTable();

}  // namespace

const uint16_t kTable[256] = {
#define SIP_ROW(i) kBuilt[i], kBuilt[i + 1], kBuilt[i + 2], kBuilt[i + 3], kBuilt[i + 4], kBuilt[i + 5], kBuilt[i + 6], kBuilt[i + 7]
    SIP_ROW(0),   SIP_ROW(8),   SIP_ROW(16),  SIP_ROW(24),  SIP_ROW(32),  SIP_ROW(40),  SIP_ROW(48),  SIP_ROW(56),
    SIP_ROW(64),  SIP_ROW(72),  SIP_ROW(80),  SIP_ROW(88),  SIP_ROW(96),  SIP_ROW(104), SIP_ROW(112), SIP_ROW(120),
    SIP_ROW(128), SIP_ROW(136), SIP_ROW(144), SIP_ROW(152), SIP_ROW(160), SIP_ROW(168), SIP_ROW(176), SIP_ROW(184),
    SIP_ROW(192), SIP_ROW(200), SIP_ROW(208), SIP_ROW(216), SIP_ROW(224), SIP_ROW(232), SIP_ROW(240), SIP_ROW(248),
#undef SIP_ROW
};

}  // namespace cc

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

std::string_view trimWhitespace(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t b = 0;
  size_t e = s.size();
  while (b < e && ws(s[b])) ++b;
  while (e > b && ws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

size_t utf8NonAsciiLength(std::string_view s, size_t pos) {
  // UTF8-NONASCII = %xC0-DF 1UTF8-CONT / %xE0-EF 2UTF8-CONT / %xF0-F7 3UTF8-CONT
  //               / %xF8-FB 4UTF8-CONT / %xFC-FD 5UTF8-CONT          (RFC 3261 §25.1)
  unsigned char c = static_cast<unsigned char>(s[pos]);
  size_t cont;
  if (c >= 0xC0 && c <= 0xDF) {
    cont = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    cont = 2;
  } else if (c >= 0xF0 && c <= 0xF7) {
    cont = 3;
  } else if (c >= 0xF8 && c <= 0xFB) {
    cont = 4;
  } else if (c >= 0xFC && c <= 0xFD) {
    cont = 5;
  } else {
    return 0;
  }
  if (pos + cont >= s.size()) return 0;
  for (size_t k = 1; k <= cont; ++k) {
    unsigned char u = static_cast<unsigned char>(s[pos + k]);
    if (u < 0x80 || u > 0xBF) return 0;
  }
  return cont + 1;
}

bool Scanner::matchLiteral(std::string_view lit) {
  if (s_.substr(pos_).starts_with(lit)) {
    pos_ += lit.size();
    return true;
  }
  return false;
}

bool Scanner::matchLiteralCI(std::string_view lit) {
  if (remaining() < lit.size()) return false;
  if (!iequals(s_.substr(pos_, lit.size()), lit)) return false;
  pos_ += lit.size();
  return true;
}

bool Scanner::skipLWS() {
  size_t p = pos_;
  while (p < s_.size() && isWsp(s_[p])) ++p;
  if (p + 1 < s_.size() && s_[p] == '\r' && s_[p + 1] == '\n') {
    // Folded line: CRLF must be followed by at least one WSP, else this is no LWS at all.
    size_t q = p + 2;
    if (q < s_.size() && isWsp(s_[q])) {
      while (q < s_.size() && isWsp(s_[q])) ++q;
      pos_ = q;
      return true;
    }
    return false;
  }
  if (p == pos_) return false;
  pos_ = p;
  return true;
}

bool Scanner::matchSeparator(char c) {
  size_t start = pos_;
  skipSWS();
  if (!matchChar(c)) {
    pos_ = start;
    return false;
  }
  skipSWS();
  return true;
}

bool Scanner::laquot() {
  size_t start = pos_;
  skipSWS();
  if (!matchChar('<')) {
    pos_ = start;
    return false;
  }
  return true;
}

bool Scanner::raquot() {
  if (!matchChar('>')) return false;
  skipSWS();
  return true;
}

std::optional<std::string_view> Scanner::quotedString(size_t* rawStart) {
  size_t start = pos_;
  skipSWS();
  if (!matchChar('"')) {
    pos_ = start;
    return std::nullopt;
  }
  size_t quotePos = pos_ - 1;
  size_t innerStart = pos_;
  while (true) {
    if (atEnd()) {
      pos_ = start;
      return std::nullopt;
    }
    char c = s_[pos_];
    if (c == '"') break;
    if (c == '\\') {
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      char n = peek(1);
      if (pos_ + 1 >= s_.size() || n == '\n' || n == '\r' || isNonAscii(n)) {
        pos_ = start;
        return std::nullopt;
      }
      pos_ += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      if (!skipLWS()) {
        pos_ = start;
        return std::nullopt;
      }
      continue;
    }
    // qdtext = %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
    unsigned char u = static_cast<unsigned char>(c);
    if (u == 0x21 || (u >= 0x23 && u <= 0x7E)) {
      ++pos_;
      continue;
    }
    if (size_t n = u >= 0x80 ? utf8NonAsciiLength(s_, pos_) : 0) {
      pos_ += n;
      continue;
    }
    pos_ = start;
    return std::nullopt;
  }
  std::string_view inner = s_.substr(innerStart, pos_ - innerStart);
  ++pos_;  // closing quote
  if (rawStart != nullptr) *rawStart = quotePos;
  return inner;
}

std::optional<std::string_view> Scanner::comment() {
  size_t start = pos_;
  if (!matchChar('(')) return std::nullopt;
  int depth = 1;
  while (depth > 0) {
    if (atEnd()) {
      pos_ = start;
      return std::nullopt;
    }
    char c = s_[pos_];
    if (c == '(') {
      ++depth;
      ++pos_;
    } else if (c == ')') {
      --depth;
      ++pos_;
    } else if (c == '\\') {
      char n = peek(1);
      if (pos_ + 1 >= s_.size() || n == '\n' || n == '\r' || isNonAscii(n)) {
        pos_ = start;
        return std::nullopt;
      }
      pos_ += 2;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      if (!skipLWS()) {
        pos_ = start;
        return std::nullopt;
      }
    } else {
      unsigned char u = static_cast<unsigned char>(c);
      // ctext = %x21-27 / %x2A-5B / %x5D-7E / UTF8-NONASCII
      size_t n = u >= 0x80 ? utf8NonAsciiLength(s_, pos_) : 0;
      if (u >= 0x21 && u <= 0x7E) {
        ++pos_;
      } else if (n > 0) {
        pos_ += n;
      } else {
        pos_ = start;
        return std::nullopt;
      }
    }
  }
  return s_.substr(start, pos_ - start);
}

std::string unescapeQuoted(std::string_view inner) {
  std::string out;
  out.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
    out += inner[i];
  }
  return out;
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

uint32_t digitsToU32Clamped(std::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) {
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > std::numeric_limits<uint32_t>::max()) return std::numeric_limits<uint32_t>::max();
  }
  return static_cast<uint32_t>(v);
}

std::optional<uint32_t> digitsToU32(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    if (!isDigit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  }
  return static_cast<uint32_t>(v);
}

size_t utf16Length(std::string_view utf8) {
  size_t n = 0;
  for (char ch : utf8) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80 || (c >= 0xC0 && c < 0xF0)) {
      ++n;  // ASCII, or lead byte of a 2/3-byte sequence (one BMP code unit)
    } else if (c >= 0xF0) {
      n += 2;  // lead byte of a 4-byte sequence: a surrogate pair
    }
    // continuation bytes 0x80-0xBF add nothing
  }
  return n;
}

}  // namespace sip
