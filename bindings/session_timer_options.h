// The JSON shape of session timer options (RFC 4028) as js/api/session-timer-options.js sends
// them, read into sip::api::SessionTimerOptions: {"enabled": bool, "sessionExpires": n,
// "minSE": n, "refreshMethod": "UPDATE" | "INVITE"}. The JavaScript side has validated them (and
// thrown a TypeError otherwise); anything unusable here means "no session timer support".
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/session_timer.h"

namespace sipwasm {

// The options under `key` of `object`, or nullopt when absent or unusable.
inline std::optional<sip::api::SessionTimerOptions> sessionTimersFrom(const nlohmann::json& object,
                                                                      const char* key = "sessionTimers") {
  if (!object.is_object() || !object.contains(key) || !object[key].is_object()) return std::nullopt;
  const nlohmann::json& o = object[key];
  sip::api::SessionTimerOptions options;
  options.enabled = o.value("enabled", false);
  if (o.contains("sessionExpires") && o["sessionExpires"].is_number_unsigned())
    options.sessionExpires = o["sessionExpires"].get<uint32_t>();
  if (o.contains("minSE") && o["minSE"].is_number_unsigned()) options.minSE = o["minSE"].get<uint32_t>();
  if (o.value("refreshMethod", std::string("UPDATE")) == "INVITE")
    options.refreshMethod = sip::api::RefreshMethod::Invite;
  if (!sip::api::validate(options).empty()) return std::nullopt;
  return options;
}

}  // namespace sipwasm
