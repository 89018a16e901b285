// Internal: a small JSON text builder. The JSON crossing into JavaScript is built on every received
// message, so it is written directly as text (nlohmann::json's DOM cost 5x more here); values are
// JSON text fragments, objects keep insertion order and overwrite repeated keys in place, as a
// JavaScript object does.
#pragma once
#include <cstdint>
#include <string>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <string_view>
#include <utility>
#include <vector>

namespace sip::detail {

// A fragment of JSON text (a complete value).
struct JsonText {
  std::string text;
};

// Appends `s` as a JSON string. Bytes that are not valid UTF-8 become U+FFFD (JSON text must be
// UTF-8; input from JavaScript always is).
void appendJsonString(std::string& out, std::string_view s);
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
inline void appendJsonKey(std::string& out, std::string_view key) {
  appendJsonString(out, key);
  out += ':';
}

// A non-negative integer as JSON.
void appendJsonUint(std::string& out, uint64_t v);

class JsonArray {
 public:
  void push(JsonText value) { items_.push_back(std::move(value.text)); }
  bool empty() const { return items_.empty(); }
  std::string str() const;

 private:
  std::vector<std::string> items_;
};

}  // namespace sip::detail
