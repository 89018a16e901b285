#include "sip/json_writer.h"

#include <cstring>

namespace sip::detail {

namespace {

// Length of the valid UTF-8 sequence at s[i] (strict: no overlongs, surrogates or > U+10FFFF),
// 0 when invalid.
size_t validUtf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 1;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 2;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 3;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n >= s.size()) return 0;
  for (size_t k = 1; k <= n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n + 1;
}

// Bytes that appendJsonString cannot copy as they are: controls, '"', '\\' and every non-ASCII byte
// (checked as UTF-8 sequences).
constexpr bool needsCare(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

struct CareTable {
  bool v[256];
  constexpr CareTable() : v() {
    for (int i = 0; i < 256; ++i) v[i] = needsCare(static_cast<unsigned char>(i));
  }
};
constexpr CareTable kCare;

}  // namespace

namespace {

// Whether any of the 8 bytes of `w` needs care (is < 0x20, '"', '\\' or >= 0x80). Exact as an
// "any" test (the classic has-zero-byte / has-less-than tricks).
inline bool anyCare8(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t below20 = w - kOnes * 0x20;
  const uint64_t quote = w ^ (kOnes * '"');
  const uint64_t slash = w ^ (kOnes * '\\');
  return ((below20 | (quote - kOnes) | (slash - kOnes)) & ~w & kHigh) != 0 || (w & kHigh) != 0;
}

// The first position at or after `i` whose byte needs care, or n.
inline size_t skipClean(const unsigned char* p, size_t i, size_t n) {
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (anyCare8(w)) break;
    i += 8;
  }
  while (i < n && !kCare.v[p[i]]) ++i;
  return i;
}

}  // namespace

namespace {

// How a byte that needs care is written: `in` bytes of the input become `length` bytes (a valid
// UTF-8 sequence stays as it is; the rest become an escape or U+FFFD).
struct CareSpan {
  size_t in;
  size_t length;
};
inline CareSpan careSpanAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x80) {
    if (const size_t len = validUtf8Length(s, i); len > 0) return {len, len};
    return {1, 3};  // U+FFFD
  }
  switch (c) {
    case '"': case '\\': case '\n': case '\r': case '\t': case '\b': case '\f': return {1, 2};
    default: return {1, 6};  // \u00XX
  }
}

// Writes the care span at s[i] (see careSpanAt) to dst; returns the bytes written.
inline size_t writeCareSpan(std::string_view s, size_t i, const CareSpan& span, char* dst) {
  static const char* kHex = "0123456789abcdef";
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x80) {
    if (span.in == 1) {
      std::memcpy(dst, "\xEF\xBF\xBD", 3);  // an invalid UTF-8 byte -> U+FFFD
    } else {
      std::memcpy(dst, s.data() + i, span.in);  // a valid sequence, as it is
    }
    return span.length;
  }
  dst[0] = '\\';
  switch (c) {
    case '"': dst[1] = '"'; break;
    case '\\': dst[1] = '\\'; break;
    case '\n': dst[1] = 'n'; break;
    case '\r': dst[1] = 'r'; break;
    case '\t': dst[1] = 't'; break;
    case '\b': dst[1] = 'b'; break;
    case '\f': dst[1] = 'f'; break;
    default: {
      const char esc[5] = {'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      std::memcpy(dst + 1, esc, 5);
    }
  }
  return span.length;
}

template <class Out>
void appendJsonStringTo(Out& out, std::string_view s) {
  const size_t n = s.size();
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  // Fast path: most values are plain ASCII without quotes or backslashes.
  const size_t firstCare = skipClean(p, 0, n);
  if (firstCare == n) {
    const size_t at = out.size();
    out.resize(at + n + 2);
    char* dst = out.data() + at;
    dst[0] = '"';
    if (n != 0) std::memcpy(dst + 1, s.data(), n);
    dst[n + 1] = '"';
    return;
  }
  // The rest (whole messages and SDP bodies with their CRLFs, quoted display names, non-ASCII):
  // measure the written text first, then write it at once into room made for it, rather than
  // appending escape by escape (each a possible reallocation).
  size_t length = 2 + firstCare;
  for (size_t i = firstCare; i < n;) {
    const CareSpan span = careSpanAt(s, i);
    length += span.length;
    i += span.in;
    const size_t clean = skipClean(p, i, n);
    length += clean - i;
    i = clean;
  }
  const size_t at = out.size();
  out.resize(at + length);
  char* dst = out.data() + at;
  *dst++ = '"';
  std::memcpy(dst, s.data(), firstCare);
  dst += firstCare;
  for (size_t i = firstCare; i < n;) {
    const CareSpan span = careSpanAt(s, i);
    dst += writeCareSpan(s, i, span, dst);
    i += span.in;
    const size_t clean = skipClean(p, i, n);
    std::memcpy(dst, s.data() + i, clean - i);
    dst += clean - i;
    i = clean;
  }
  *dst = '"';
}

}  // namespace

void appendJsonString(JsonOut& out, std::string_view s) { appendJsonStringTo(out, s); }

// Straight into the string: the bindings write a session's snapshot (a dozen strings) this way for
// every call, and a JsonOut in between was a heap block per string.
void appendJsonString(std::string& out, std::string_view s) { appendJsonStringTo(out, s); }

void JsonOut::append(const char* p, size_t n) {
  if (cap_ - size_ < n) grow(size_ + n);
  if (n != 0) std::memcpy(buf_ + size_, p, n);
  size_ += n;
}

void JsonOut::grow(size_t need) {
  size_t cap = cap_ < 256 ? 256 : cap_;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) throw std::bad_alloc();
    cap *= 2;
  }
  void* p = std::realloc(buf_, cap);
  if (p == nullptr) throw std::bad_alloc();
  buf_ = static_cast<char*>(p);
  cap_ = cap;
}

void appendJsonUint(JsonOut& out, uint64_t v) {
  char buf[20];
  size_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  char* dst = out.extend(n);
  for (size_t i = 0; i < n; ++i) dst[i] = buf[n - 1 - i];
  out.commit(n);
}

std::string jsonString(std::string_view s) {
  JsonOut out;
  appendJsonStringTo(out, s);
  return out.str();
}

void JsonObject::set(std::string_view key, JsonText value) {
  constexpr size_t kIndexFrom = 16;
  if (index_) {
    auto [it, inserted] = index_->try_emplace(std::string(key), members_.size());
    if (!inserted) {
      members_[it->second].second = std::move(value.text);
      return;
    }
    members_.emplace_back(std::string(key), std::move(value.text));
    return;
  }
  for (auto& m : members_) {
    if (m.first == key) {
      m.second = std::move(value.text);
      return;
    }
  }
  members_.emplace_back(std::string(key), std::move(value.text));
  if (members_.size() >= kIndexFrom) {
    index_ = std::make_unique<std::unordered_map<std::string, size_t>>();
    for (size_t i = 0; i < members_.size(); ++i) index_->emplace(members_[i].first, i);
  }
}

JsonText J(const JsonObject& o) { return JsonText{o.str()}; }
JsonText J(const JsonArray& a) { return JsonText{a.str()}; }

bool JsonObject::has(std::string_view key) const {
  if (index_) return index_->count(std::string(key)) > 0;
  for (const auto& m : members_) {
    if (m.first == key) return true;
  }
  return false;
}

std::string JsonObject::str() const {
  size_t size = 2;
  for (const auto& m : members_) size += m.first.size() + m.second.size() + 4;
  std::string out;
  out.reserve(size);
  out += '{';
  bool first = true;
  for (const auto& m : members_) {
    if (!first) out += ',';
    first = false;
    appendJsonString(out, m.first);
    out += ':';
    out += m.second;
  }
  out += '}';
  return out;
}

std::string JsonArray::str() const {
  size_t size = 2;
  for (const auto& v : items_) size += v.size() + 1;
  std::string out;
  out.reserve(size);
  out += '[';
  bool first = true;
  for (const auto& v : items_) {
    if (!first) out += ',';
    first = false;
    out += v;
  }
  out += ']';
  return out;
}

}  // namespace sip::detail
