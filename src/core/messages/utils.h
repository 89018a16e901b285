// Small helpers shared by the dialog and user agent layers (SIP.js lib/core/messages/utils.js).
#pragma once
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host.h"

namespace sip::core {

// A new From/To tag as SIP.js's newTag(): ten base-32 digits from the host's random source.
inline std::string newTag(Host& host) { return randomToken(host, 10); }

// The reason phrase SIP.js's getReasonPhrase gives a status code ("" for unknown codes).
std::string_view getReasonPhrase(int statusCode);

// Leading and trailing SP/HTAB/CR/LF removed.
std::string_view trimmed(std::string_view text);

// Splits an extra header line "Name: value" (SIP.js's extraHeaders entries) into the canonical
// header name and the trimmed value. nullopt when there is no ':' or the name is empty.
std::optional<std::pair<std::string, std::string>> splitHeaderLine(std::string_view line);
// The same as views of `line`, the name as written (not canonicalized).
std::optional<std::pair<std::string_view, std::string_view>> splitHeaderLineAsWritten(std::string_view line);

// Whether `tokens` contains `token`, ASCII case-insensitively (option tags, methods in lists).
bool containsToken(const std::vector<std::string>& tokens, std::string_view token);

// "a, b, c".
std::string joinTokens(const std::vector<std::string>& tokens, std::string_view separator = ", ");
// The same, appended to `out`.
void appendTokens(std::string& out, const std::vector<std::string>& tokens, std::string_view separator = ", ");

// Runs `f`, logging (not propagating) any exception. Used where control comes from the network or
// a host timer and reaches application delegates: rule 5 of DESIGN.md says nothing the network
// sends may throw into the host, and an exception escaping a timer callback would land in the
// JavaScript event loop as an uncaught error.
template <class F>
void callSafely(const Logger& logger, std::string_view context, F&& f) noexcept {
  try {
    std::forward<F>(f)();
  } catch (const std::exception& e) {
    try {
      logger.error(std::string("Exception in ") + std::string(context) + ": " + e.what());
    } catch (...) {
    }
  } catch (...) {
    try {
      logger.error(std::string("Unknown exception in ") + std::string(context) + ".");
    } catch (...) {
    }
  }
}

}  // namespace sip::core
