// Internal: a small JSON text builder. The JSON crossing into JavaScript is built on every received
// message, so it is written directly as text (nlohmann::json's DOM cost 5x more here); values are
// JSON text fragments, objects keep insertion order and overwrite repeated keys in place, as a
// JavaScript object does.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <string_view>
#include <utility>
#include <vector>

namespace sip::detail {

// The output of the streaming writers: a growable byte buffer whose appends are inline (in Wasm,
// std::string's push_back / append are calls into the prebuilt libc++, and `+= "literal"` adds a
// strlen). Grows by doubling; std::bad_alloc when memory runs out, as std::string.
class JsonOut {
 public:
  JsonOut() = default;
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;
  ~JsonOut() { std::free(buf_); }

  const char* data() const { return buf_; }
  char* data() { return buf_; }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }
  std::string_view view() const { return {buf_ == nullptr ? "" : buf_, size_}; }
  std::string str() const { return std::string(view()); }
  void clear() { size_ = 0; }
  void reserve(size_t n) {
    if (n > cap_) grow(n);
  }
  // Shrinking keeps the bytes before `n`; growing leaves the new bytes unspecified (write them).
  void resize(size_t n) {
    reserve(n);
    size_ = n;
  }
  // Frees the buffer (and its capacity).
  void release() {
    std::free(buf_);
    buf_ = nullptr;
    size_ = cap_ = 0;
  }
  // Room for `n` more bytes, returned for writing; the caller then calls commit(n).
  char* extend(size_t n) {
    if (cap_ - size_ < n) grow(size_ + n);
    return buf_ + size_;
  }
  void commit(size_t n) { size_ += n; }

  // Out of line: inlined, the many appends of the writers cost more code than time.
  void append(const char* p, size_t n);
  JsonOut& operator+=(char c) {
    if (size_ == cap_) grow(size_ + 1);
    buf_[size_++] = c;
    return *this;
  }
  template <size_t N>
  JsonOut& operator+=(const char (&literal)[N]) {
    append(literal, N - 1);
    return *this;
  }
  JsonOut& operator+=(std::string_view s) {
    append(s.data(), s.size());
    return *this;
  }

 private:
  void grow(size_t need);

  char* buf_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
};

// A fragment of JSON text (a complete value).
struct JsonText {
  std::string text;
};

// Appends `s` as a JSON string. Bytes that are not valid UTF-8 become U+FFFD (JSON text must be
// UTF-8; input from JavaScript always is).
void appendJsonString(std::string& out, std::string_view s);
void appendJsonString(JsonOut& out, std::string_view s);
std::string jsonString(std::string_view s);
class JsonObject;
class JsonArray;

// J(x): x as a JSON value.
inline JsonText J(std::string_view s) { return JsonText{jsonString(s)}; }
inline JsonText J(const std::string& s) { return JsonText{jsonString(s)}; }
inline JsonText J(const char* s) { return JsonText{jsonString(s)}; }
inline JsonText J(bool v) { return JsonText{v ? "true" : "false"}; }
inline JsonText J(std::nullptr_t) { return JsonText{"null"}; }
inline JsonText J(JsonText t) { return t; }
template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
JsonText J(T v) {
  return JsonText{std::to_string(v)};
}
JsonText J(const JsonObject& o);
JsonText J(const JsonArray& a);

class JsonObject {
 public:
  // Sets key to a JSON value; a key already present keeps its position and takes the value.
  void set(std::string_view key, JsonText value);
  bool has(std::string_view key) const;
  bool empty() const { return members_.empty(); }
  std::string str() const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;
  // Key -> position, built once an object gets large, so that building one stays linear in the
  // number of keys (a peer controls how many parameters a header has).
  std::unique_ptr<std::unordered_map<std::string, size_t>> index_;
};

// Streaming writers (json_shapes.cpp, grammar_json.cpp, message_json.cpp) append JSON text to one
// output string instead of building a value per member. A JavaScript object keeps a repeated key at
// its first position with the last value; streaming cannot go back, so a writer tracks the keys of
// the object it is writing and gives up (returns false) on a repeat, or past kMaxKeys keys, and
// the caller truncates its output and takes the JsonObject path above, which is always right.
class KeyTracker {
 public:
  static constexpr size_t kMaxKeys = 16;
  // False when `key` was already written in this object, or when there are too many keys to check.
  bool add(std::string_view key) {
    if (count_ == kMaxKeys) return false;
    for (size_t i = 0; i < count_; ++i) {
      if (keys_[i] == key) return false;
    }
    keys_[count_++] = key;
    return true;
  }

 private:
  std::string_view keys_[kMaxKeys];
  size_t count_ = 0;
};

// `"key":` (the key JSON-escaped).
inline void appendJsonKey(JsonOut& out, std::string_view key) {
  appendJsonString(out, key);
  out += ':';
}

// A non-negative integer as JSON.
void appendJsonUint(JsonOut& out, uint64_t v);

class JsonArray {
 public:
  void push(JsonText value) { items_.push_back(std::move(value.text)); }
  bool empty() const { return items_.empty(); }
  std::string str() const;

 private:
  std::vector<std::string> items_;
};

}  // namespace sip::detail
