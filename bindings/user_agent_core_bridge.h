// The UA core and the API state machines over it, driven from JavaScript (js/core/user-agent-core/).
//
// One embind handle per user agent: `UserAgentCoreBridge`. It owns, in destruction order reversed:
// JsHost, JsTransport (host_bridge.h), the UserAgentCore, the Registerers (by integer id) and the
// user agent servers handed to JS (by integer id). The JS side holds that one handle and deletes
// it in its dispose(); no other C++ object is ever handed to JavaScript, so there is nothing else
// a user could leak (rule 3). Registerers and requests are named by numbers; everything else that
// crosses is a string or a number (rule 3: the wire text goes in and out as one string).
//
// API areas: each family of API objects (sessions, subscriptions, ...) has its own embind class in
// its own file (bindings/<area>_bridge.cpp), constructed from JavaScript with this bridge and its
// own env object: `new wasm.SessionBridge(coreBridgeHandle, env)`. An area uses core() and host(),
// opens an Entry in each of its entry points and parks released objects with defer(). The JS side
// (UserAgentCoreBridge.createArea) deletes area handles before this one.
//
// Re-entrancy: JS callbacks (env.registererEvent, env.incomingRequest, env.send) may call back into
// the bridge. A registerer released from inside one of its own callbacks is parked and destroyed
// when the outermost bridge call returns, so no C++ frame ever runs on a destroyed object.
#pragma once
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/registerer.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/register_user_agent.h"
#include "host_bridge.h"
#include "sip/message.h"
#include "sip/uri.h"

namespace sipwasm {

using emscripten::val;
using nlohmann::json;

inline std::vector<std::string> stringList(const json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const auto& item : value)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

inline std::string stringOr(const json& object, const char* key, std::string fallback = {}) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

// JSON array of strings, or nullopt for "" / not an array.
inline std::optional<std::vector<std::string>> parseHeaderList(const std::string& text) {
  if (text.empty()) return std::nullopt;
  json value = json::parse(text, nullptr, false);
  if (!value.is_array()) return std::nullopt;
  return stringList(value);
}

inline size_t gLiveBridges = 0;

class UserAgentCoreBridge {
 public:
  UserAgentCoreBridge(val env, const std::string& configurationJson)
      : env_(env), host_(env), transport_(env, "WSS") {
    ++gLiveBridges;
    try {
      configure(env, configurationJson);
    } catch (const std::exception& e) {
      core_.reset();
      error_ = std::string("Invalid configuration: ") + e.what();
    }
  }

  // Builds the core from the configuration JSON; on a bad value sets error_ (or throws).
  void configure(val env, const std::string& configurationJson) {
    json config = json::parse(configurationJson, nullptr, false);
    if (!config.is_object()) {
      error_ = "configuration is not a JSON object";
      return;
    }
    sip::core::UserAgentCoreConfiguration c;
    auto aor = sip::parseUri(stringOr(config, "aor"));
    if (!aor) {
      error_ = "Invalid aor: " + stringOr(config, "aor");
      return;
    }
    c.aor = *aor;
    auto contact = sip::parseUri(stringOr(config, "contact"));
    if (!contact) {
      error_ = "Invalid contact: " + stringOr(config, "contact");
      return;
    }
    c.contact.uri = *contact;
    c.displayName = stringOr(config, "displayName");
    c.hackViaTcp = config.value("hackViaTcp", false);
    c.viaForceRport = config.value("viaForceRport", false);
    c.checkRequestUriUser = config.value("checkRequestUriUser", true);
    c.checkResponseVia = config.value("checkResponseVia", true);
    c.viaHost = stringOr(config, "viaHost", c.viaHost);
    c.sipjsId = stringOr(config, "sipjsId");
    if (config.contains("routeSet")) c.routeSet = stringList(config["routeSet"]);
    if (config.contains("supportedOptionTags")) c.supportedOptionTags = stringList(config["supportedOptionTags"]);
    if (config.contains("supportedOptionTagsResponse"))
      c.supportedOptionTagsResponse = stringList(config["supportedOptionTagsResponse"]);
    if (config.contains("allowedMethods")) c.allowedMethods = stringList(config["allowedMethods"]);
    if (config.value("allowUpdate", false)) c.allowedMethods.push_back("UPDATE");  // RFC 3311 (sipExtensionUpdate)
    if (config.contains("userAgentString") && config["userAgentString"].is_string())
      c.userAgentHeaderFieldValue = config["userAgentString"].get<std::string>();
    std::string username = stringOr(config, "authorizationUsername");
    std::string password = stringOr(config, "authorizationPassword");
    std::string ha1 = stringOr(config, "authorizationHa1");
    if (!username.empty() || !password.empty() || !ha1.empty())
      c.credentials = sip::DigestCredentials{username, password, ha1};
    std::string protocol = stringOr(config, "protocol", "WSS");
    transport_.setProtocol(protocol);
    bool incomingRegister = config.value("acceptRegister", false);
    c.now = [env]() { return env.call<double>("now"); };

    sip::core::UserAgentCoreDelegate delegate;
    if (incomingRegister) {
      delegate.onRegister = [this](std::shared_ptr<sip::core::RegisterUserAgentServer> uas) {
        uint32_t id = ++nextRequestId_;
        std::string text = sip::serialize(uas->message());
        servers_.emplace(id, std::move(uas));
        env_.call<void>("incomingRequest", id, std::string("REGISTER"), jsText(text));
      };
    }
    core_ = std::make_unique<sip::core::UserAgentCore>(host_, transport_, std::move(c), std::move(delegate));
  }

  ~UserAgentCoreBridge() {
    dispose();
    --gLiveBridges;
  }

  UserAgentCoreBridge(const UserAgentCoreBridge&) = delete;
  UserAgentCoreBridge& operator=(const UserAgentCoreBridge&) = delete;

  std::string configurationError() const { return error_; }
  // This object's address in Wasm memory, for the raw exports (user_agent_core_bridge.cpp).
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(this); }

  // ---- inbound ----
  void receive(const std::string& data) {
    Entry entry(*this);
    if (core_) core_->receive(data);  // never throws
  }
  // The same for `size` bytes of UTF-8 the JS side wrote at `data` (with TextEncoder.encodeInto,
  // which is native, where embind's std::string conversion encodes in JavaScript); the caller owns
  // and frees them after this returns (the core copies what it keeps).
  void receiveUtf8(uintptr_t data, size_t size) {
    Entry entry(*this);
    if (core_) core_->receive(std::string_view(reinterpret_cast<const char*>(data), size));
  }
  void fireTimer(uint32_t id) {
    Entry entry(*this);
    host_.fire(id);
  }
  void sendDone(uint32_t id, bool ok, const std::string& error) {
    Entry entry(*this);
    transport_.done(id, ok, error);
  }

  // ---- Registerer ----
  // Returns the registerer's number (> 0), or 0 with lastError() set.
  uint32_t createRegisterer(const std::string& optionsJson) {
    Entry entry(*this);
    lastError_.clear();
    if (!core_) {
      lastError_ = "user agent core not available";
      return 0;
    }
    json o = json::parse(optionsJson, nullptr, false);
    if (!o.is_object()) o = json::object();
    sip::api::RegistererOptions options;
    if (o.contains("expires") && o["expires"].is_number()) {
      double e = o["expires"].get<double>();
      if (e < 0) {
        lastError_ = "Invalid expires.";
        return 0;
      }
      options.expires = static_cast<uint32_t>(e);
    }
    if (o.contains("refreshFrequency") && o["refreshFrequency"].is_number()) {
      double f = o["refreshFrequency"].get<double>();
      options.refreshFrequency = f < 0 ? 1000 : static_cast<uint32_t>(f);
    }
    if (o.contains("registrar") && o["registrar"].is_string()) {
      auto uri = sip::parseUri(o["registrar"].get<std::string>());
      if (!uri) {
        lastError_ = "Registrar undefined.";
        return 0;
      }
      options.registrar = *uri;
    }
    if (o.contains("extraHeaders")) options.extraHeaders = stringList(o["extraHeaders"]);
    if (o.contains("extraContactHeaderParams"))
      options.extraContactHeaderParams = stringList(o["extraContactHeaderParams"]);
    if (o.contains("regId") && o["regId"].is_number()) {
      double r = o["regId"].get<double>();
      if (r < 0) {
        lastError_ = "Invalid regId.";
        return 0;
      }
      options.regId = static_cast<uint32_t>(r);
    }
    options.instanceId = stringOr(o, "instanceId");
    if (o.contains("params") && o["params"].is_object()) {
      const json& p = o["params"];
      for (const char* key : {"fromUri", "toUri"}) {
        if (!p.contains(key) || !p[key].is_string()) continue;
        auto uri = sip::parseUri(p[key].get<std::string>());
        if (!uri) {
          lastError_ = std::string("Invalid ") + key + ".";
          return 0;
        }
        (std::string(key) == "fromUri" ? options.fromUri : options.toUri) = *uri;
      }
      if (p.contains("callId") && p["callId"].is_string()) options.params.callId = p["callId"].get<std::string>();
      if (p.contains("cseq") && p["cseq"].is_number_unsigned()) options.params.cseq = p["cseq"].get<uint32_t>();
      if (p.contains("fromTag") && p["fromTag"].is_string()) options.params.fromTag = p["fromTag"].get<std::string>();
      if (p.contains("toDisplayName") && p["toDisplayName"].is_string())
        options.params.toDisplayName = p["toDisplayName"].get<std::string>();
      if (p.contains("fromDisplayName") && p["fromDisplayName"].is_string())
        options.params.fromDisplayName = p["fromDisplayName"].get<std::string>();
    }
    uint32_t id = ++nextRegistererId_;
    try {
      sip::api::RegistererDelegate d;
      d.onStateChange = [this, id](sip::api::RegistererState state) {
        env_.call<void>("registererEvent", id, std::string("state"), std::string(sip::api::toString(state)),
                        std::string());
      };
      d.onWaitingChange = [this, id](bool waiting) {
        env_.call<void>("registererEvent", id, std::string("waiting"), std::string(waiting ? "true" : "false"),
                        std::string());
      };
      d.onResponse = [this, id](const std::string& kind, const sip::Message& response) {
        env_.call<void>("registererEvent", id, std::string("response"), kind, jsText(sip::serialize(response)));
      };
      registerers_.emplace(id, std::make_unique<sip::api::Registerer>(*core_, std::move(options), std::move(d)));
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return 0;
    }
    return id;
  }

  std::string lastError() const { return lastError_; }

  // 0 sent, 1 terminated, 2 disposed, 3 request pending, -1 unknown registerer, -2 internal error.
  int registererRegister(uint32_t id, const std::string& extraHeadersJson) {
    Entry entry(*this);
    auto* r = registerer(id);
    if (!r) return -1;
    try {
      return static_cast<int>(r->register_(parseHeaderList(extraHeadersJson)));
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return -2;
    }
  }
  int registererUnregister(uint32_t id, bool all, const std::string& extraHeadersJson) {
    Entry entry(*this);
    auto* r = registerer(id);
    if (!r) return -1;
    try {
      return static_cast<int>(r->unregister(all, parseHeaderList(extraHeadersJson).value_or(std::vector<std::string>{})));
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return -2;
    }
  }
  bool registererDispose(uint32_t id) {
    Entry entry(*this);
    auto* r = registerer(id);
    if (!r) return false;
    try {
      return r->dispose();
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return false;
    }
  }
  std::string registererState(uint32_t id) {
    auto* r = registerer(id);
    return r ? sip::api::toString(r->state()) : "Terminated";
  }
  bool registererWaiting(uint32_t id) {
    auto* r = registerer(id);
    return r && r->waiting();
  }
  std::string registererId(uint32_t id) {
    auto* r = registerer(id);
    return r ? r->id() : std::string();
  }
  // JSON: {"contacts": [...], "retryAfter": n | null, "expires": n}
  std::string registererInfo(uint32_t id) {
    auto* r = registerer(id);
    if (!r) return "null";
    json out;
    out["contacts"] = r->contacts();
    out["retryAfter"] = r->retryAfter() ? json(*r->retryAfter()) : json(nullptr);
    out["expires"] = r->expires();
    return out.dump();
  }
  // The JS facade is done with it (Terminated). Destroyed when the outermost bridge call returns.
  void releaseRegisterer(uint32_t id) {
    Entry entry(*this);
    auto it = registerers_.find(id);
    if (it == registerers_.end()) return;
    graveyard_.push_back(std::move(it->second));
    registerers_.erase(it);
  }

  // ---- incoming requests handed to JS (REGISTER when acceptRegister) ----
  // Answers request `id` with a final response; extra headers as a JSON array of "Name: value".
  bool respond(uint32_t id, int statusCode, const std::string& reasonPhrase, const std::string& extraHeadersJson) {
    Entry entry(*this);
    auto it = servers_.find(id);
    if (it == servers_.end()) return false;
    auto uas = std::move(it->second);
    servers_.erase(it);
    sip::core::ResponseOptions options;
    options.statusCode = statusCode;
    options.reasonPhrase = reasonPhrase;
    options.extraHeaders = parseHeaderList(extraHeadersJson).value_or(std::vector<std::string>{});
    try {
      if (statusCode >= 200 && statusCode < 300) {
        uas->accept(std::move(options));
      } else if (statusCode >= 300) {
        uas->reject(std::move(options));
      } else {
        return false;
      }
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return false;
    }
    return true;
  }

  // ---- ending ----
  // Ends everything: registerers (no un-REGISTER: that is Registerer.dispose()'s job), pending
  // requests, the core's transactions and dialogs, pending timers and sends. Idempotent.
  void dispose() {
    Entry entry(*this);
    servers_.clear();
    for (auto& r : registerers_) graveyard_.push_back(std::move(r.second));
    registerers_.clear();
    if (core_) core_->dispose();
  }

  // ---- introspection (tests) ----
  uint32_t pendingTimers() const { return static_cast<uint32_t>(host_.pendingTimers()); }
  uint32_t pendingSends() const { return static_cast<uint32_t>(transport_.pendingSends()); }
  uint32_t transactionCount() const { return core_ ? static_cast<uint32_t>(core_->transactionCount()) : 0; }
  uint32_t registererCount() const { return static_cast<uint32_t>(registerers_.size()); }
  static uint32_t liveBridges() { return static_cast<uint32_t>(gLiveBridges); }
  static uint32_t liveUserAgentClients() { return static_cast<uint32_t>(sip::core::UserAgentClient::liveCount()); }
  static uint32_t liveUserAgentServers() { return static_cast<uint32_t>(sip::core::UserAgentServer::liveCount()); }

  // ---- for the API areas (bindings/*_bridge.cpp) built over this user agent ----
  sip::core::UserAgentCore* core() { return core_.get(); }
  sip::Host& host() { return host_; }
  // Keeps `object` alive until the outermost bridge call returns (an API object released from
  // inside one of its own callbacks must not be destroyed under its own frames).
  void defer(std::shared_ptr<void> object) { deferred_.push_back(std::move(object)); }

  // Counts nested bridge calls; the outermost one empties the graveyard on its way out. Every
  // entry point from JavaScript (here and in the areas) opens one.
  struct Entry {
    explicit Entry(UserAgentCoreBridge& b) : bridge(b) { ++bridge.depth_; }
    ~Entry() {
      if (--bridge.depth_ == 0) {
        auto dead = std::move(bridge.graveyard_);
        bridge.graveyard_.clear();
        auto deferred = std::move(bridge.deferred_);
        bridge.deferred_.clear();
        ++bridge.depth_;  // a destructor that calls back in must not recurse here
        dead.clear();
        deferred.clear();
        --bridge.depth_;
      }
    }
    UserAgentCoreBridge& bridge;
  };

 private:

  sip::api::Registerer* registerer(uint32_t id) {
    auto it = registerers_.find(id);
    return it == registerers_.end() ? nullptr : it->second.get();
  }

  val env_;
  JsHost host_;
  JsTransport transport_;
  std::string error_;
  std::string lastError_;
  std::unique_ptr<sip::core::UserAgentCore> core_;
  uint32_t nextRegistererId_ = 0;
  uint32_t nextRequestId_ = 0;
  std::map<uint32_t, std::unique_ptr<sip::api::Registerer>> registerers_;
  std::vector<std::unique_ptr<sip::api::Registerer>> graveyard_;
  std::vector<std::shared_ptr<void>> deferred_;
  std::map<uint32_t, std::shared_ptr<sip::core::UserAgentServer>> servers_;
  int depth_ = 0;
};

}  // namespace sipwasm

