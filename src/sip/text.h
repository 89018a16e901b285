// Small ASCII text helpers shared by the SIP grammar. SIP tokens are ASCII; these never touch
// bytes >= 0x80, so UTF-8 text (display names, quoted strings) passes through unchanged.
#pragma once
#include <string>
#include <string_view>

namespace sip {

inline char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string toLower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

}  // namespace sip
