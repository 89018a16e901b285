// The "subscription" API area (user_agent_core_bridge.h, "API areas"): SIP.js's Subscriber,
// Publisher and Messager (RFC 6665, 3903, 3428 — the out-of-dialog event and message requests)
// over one user agent's core, driven by js/api/subscription-area.js.
//
// `new wasm.SubscriptionBridge(coreBridge, env)`; env has one method,
//   env.event(id, kind, value, text)
// with, per object id:
//   subscriber  "state" (SubscriptionState), "notify" (request number, NOTIFY wire text), "finished"
//   publisher   "state" (PublisherState), "finished"
//   MESSAGE     "response" (accept/progress/redirect/reject/trying, response wire text); a send is
//               done after its final response
// and, once, id 0 "closing" when the area is destroyed (the user agent stopped): nothing more
// will come and every object of the area is gone.
//
// Objects are named by numbers (one sequence for subscribers, publishers and MESSAGE sends);
// options cross as JSON, URIs and wire text as strings. A NOTIFY handed to JS waits in this area
// until JS answers it (respond()); one whose transaction ended meanwhile is dropped. "finished"
// objects are released by JS with release() and parked with defer(), so none is destroyed under
// its own callback. Every entry point opens an Entry and catches every C++ exception: JS sees a
// result code and lastError(), never a Wasm exception.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/messager.h"
#include "api/publisher.h"
#include "api/subscriber.h"
#include "core/messages/body.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/transaction_state_error.h"
#include "sip/message.h"
#include "sip/uri.h"
#include "user_agent_core_bridge.h"

namespace sipwasm {

namespace {

size_t gLiveAreas = 0;

// SIP.js's `params` option bucket (deprecated, still honoured): From/To URIs and the overrides of
// makeOutgoingRequestMessage. Returns an error text, empty when fine.
std::string readParams(const json& o, std::optional<sip::Uri>& fromUri, std::optional<sip::Uri>& toUri,
                       sip::core::OutgoingRequestMessageOverrides& params) {
  auto it = o.find("params");
  if (it == o.end() || !it->is_object()) return {};
  const json& p = *it;
  for (const char* key : {"fromUri", "toUri"}) {
    if (!p.contains(key) || !p[key].is_string()) continue;
    auto uri = sip::parseUri(p[key].get<std::string>());
    if (!uri) return std::string("Invalid ") + (std::string(key) == "fromUri" ? "from" : "to") + " URI: " +
                     p[key].get<std::string>();
    (std::string(key) == "fromUri" ? fromUri : toUri) = *uri;
  }
  if (p.contains("callId") && p["callId"].is_string()) params.callId = p["callId"].get<std::string>();
  if (p.contains("cseq") && p["cseq"].is_number_unsigned()) params.cseq = p["cseq"].get<uint32_t>();
  if (p.contains("fromTag") && p["fromTag"].is_string()) params.fromTag = p["fromTag"].get<std::string>();
  if (p.contains("toTag") && p["toTag"].is_string()) params.toTag = p["toTag"].get<std::string>();
  if (p.contains("fromDisplayName") && p["fromDisplayName"].is_string())
    params.fromDisplayName = p["fromDisplayName"].get<std::string>();
  if (p.contains("toDisplayName") && p["toDisplayName"].is_string())
    params.toDisplayName = p["toDisplayName"].get<std::string>();
  return {};
}

// A whole number of seconds from JSON, or `fallback` for a missing / non-integral / negative value.
uint32_t secondsOr(const json& o, const char* key, uint32_t fallback) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return fallback;
  double value = it->get<double>();
  if (!(value >= 0) || value != static_cast<double>(static_cast<uint64_t>(value)) || value > 4294967295.0)
    return fallback;
  return static_cast<uint32_t>(value);
}

json parseObject(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_object() ? value : json::object();
}

}  // namespace

class SubscriptionBridge {
 public:
  // Result codes of the operations (besides the API objects' own results, which are >= 0).
  static constexpr int kUnknown = -1;   // no such object (released or never created)
  static constexpr int kInternal = -2;  // an exception; see lastError()

  SubscriptionBridge(UserAgentCoreBridge& bridge, val env) : bridge_(bridge), env_(std::move(env)) { ++gLiveAreas; }

  ~SubscriptionBridge() {
    *alive_ = false;
    {
      UserAgentCoreBridge::Entry entry(bridge_);
      notifies_.clear();
      subscribers_.clear();
      publishers_.clear();
    }
    try {
      env_.call<void>("event", 0u, std::string("closing"), std::string(), std::string());
    } catch (...) {
    }
    --gLiveAreas;
  }

  SubscriptionBridge(const SubscriptionBridge&) = delete;
  SubscriptionBridge& operator=(const SubscriptionBridge&) = delete;

  std::string lastError() const { return lastError_; }

  // ---- Subscriber ----
  // options: {expires, extraHeaders, body, contentType}. Returns the number (> 0) or 0 (lastError).
  uint32_t createSubscriber(const std::string& target, const std::string& event, const std::string& optionsJson) {
    UserAgentCoreBridge::Entry entry(bridge_);
    lastError_.clear();
    auto* core = bridge_.core();
    if (!core) return fail("user agent core not available");
    auto uri = sip::parseUri(target);
    if (!uri) return fail("Invalid target URI: " + target);
    json o = parseObject(optionsJson);
    sip::api::SubscriberOptions options;
    options.expires = secondsOr(o, "expires", sip::api::Subscriber::kDefaultExpires);
    if (o.contains("extraHeaders")) options.extraHeaders = stringList(o["extraHeaders"]);
    if (o.contains("body") && o["body"].is_string()) {
      options.body = sip::core::fromBodyLegacy(o["body"].get<std::string>(), stringOr(o, "contentType", "application/sdp"));
    }
    uint32_t id = ++nextId_;
    try {
      sip::api::SubscriberDelegate d;
      d.onStateChange = [this, id](sip::api::SubscriptionState state) {
        emit(id, "state", sip::api::toString(state));
      };
      d.onNotify = [this, id](const std::shared_ptr<sip::core::NotifyUserAgentServer>& notify) {
        uint32_t requestId = parkNotify(notify);
        emit(id, "notify", std::to_string(requestId), sip::serialize(notify->message()));
      };
      d.onFinished = [this, id] { emit(id, "finished", ""); };
      subscribers_.emplace(id, std::make_shared<sip::api::Subscriber>(*core, *uri, event, std::move(options), std::move(d)));
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    return id;
  }

  // JSON: {"id", "state", "requestState", "dialog": {...} | null}; "null" when unknown.
  std::string subscriberInfo(uint32_t id) {
    auto* s = find(subscribers_, id);
    if (!s) return "null";
    json out;
    out["id"] = s->id();
    out["state"] = sip::api::toString(s->state());
    out["requestState"] = std::string(sip::core::toString(s->requestState()));
    if (const auto& dialog = s->dialog()) {
      json d;
      d["id"] = dialog->id();
      d["subscriptionEvent"] = dialog->subscriptionEvent();
      d["subscriptionState"] = std::string(sip::core::toString(dialog->subscriptionState()));
      d["subscriptionExpires"] = dialog->subscriptionExpires();
      d["subscriptionExpiresInitial"] = dialog->subscriptionExpiresInitial();
      d["autoRefresh"] = dialog->autoRefresh();
      out["dialog"] = d;
    } else {
      out["dialog"] = nullptr;
    }
    return out.dump();
  }

  // SubscriberResult: 0 sent, 1 nothing to do, 2 terminated, 3 disposed; or kUnknown / kInternal.
  int subscribe(uint32_t id) {
    return call(subscribers_, id, [](sip::api::Subscriber& s) { return static_cast<int>(s.subscribe()); });
  }
  int unsubscribe(uint32_t id) {
    return call(subscribers_, id, [](sip::api::Subscriber& s) { return static_cast<int>(s.unsubscribe()); });
  }
  int subscriberDispose(uint32_t id) {
    return call(subscribers_, id, [](sip::api::Subscriber& s) {
      s.dispose();
      return 0;
    });
  }

  // ---- NOTIFY answers ----
  // `method` "accept" or "reject"; options: {statusCode, reasonPhrase, extraHeaders,
  // body: {contentDisposition, contentType, content}}. 0 answered; 1 not answerable (already
  // answered, or its transaction is gone: SIP.js's TransactionStateError); 2 invalid status code
  // (SIP.js's TypeError); kInternal otherwise.
  int respond(uint32_t requestId, const std::string& method, const std::string& optionsJson) {
    UserAgentCoreBridge::Entry entry(bridge_);
    lastError_.clear();
    auto it = notifies_.find(requestId);
    if (it == notifies_.end()) {
      lastError_ = "NOTIFY not " + std::string(method == "reject" ? "rejectable" : "acceptable") +
                   ": already answered or ended.";
      return 1;
    }
    auto notify = it->second;
    json o = parseObject(optionsJson);
    sip::core::ResponseOptions options;
    if (o.contains("statusCode") && o["statusCode"].is_number_integer()) options.statusCode = o["statusCode"].get<int>();
    options.reasonPhrase = stringOr(o, "reasonPhrase");
    if (o.contains("extraHeaders")) options.extraHeaders = stringList(o["extraHeaders"]);
    if (o.contains("body") && o["body"].is_object()) {
      const json& b = o["body"];
      options.body = sip::core::Body{stringOr(b, "contentDisposition", "render"), stringOr(b, "contentType"),
                                     stringOr(b, "content")};
    }
    try {
      if (method == "reject") {
        notify->reject(std::move(options));
      } else {
        notify->accept(std::move(options));
      }
    } catch (const sip::core::TransactionStateError& e) {
      notifies_.erase(requestId);
      lastError_ = e.what();
      return 1;
    } catch (const std::invalid_argument& e) {
      lastError_ = e.what();
      return 2;
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return kInternal;
    }
    notifies_.erase(requestId);
    return 0;
  }

  // ---- Publisher ----
  // options: {expires, extraHeaders, contentType, unpublishOnClose, params}. Number or 0.
  uint32_t createPublisher(const std::string& target, const std::string& event, const std::string& optionsJson) {
    UserAgentCoreBridge::Entry entry(bridge_);
    lastError_.clear();
    auto* core = bridge_.core();
    if (!core) return fail("user agent core not available");
    auto uri = sip::parseUri(target);
    if (!uri) return fail("Invalid target URI: " + target);
    json o = parseObject(optionsJson);
    sip::api::PublisherOptions options;
    options.expires = secondsOr(o, "expires", sip::api::Publisher::kDefaultExpires);
    if (o.contains("extraHeaders")) options.extraHeaders = stringList(o["extraHeaders"]);
    options.contentType = stringOr(o, "contentType", "text/plain");
    if (options.contentType.empty()) options.contentType = "text/plain";
    if (o.contains("unpublishOnClose") && o["unpublishOnClose"].is_boolean())
      options.unpublishOnClose = o["unpublishOnClose"].get<bool>();
    std::string error = readParams(o, options.fromUri, options.toUri, options.params);
    if (!error.empty()) return fail(error);
    uint32_t id = ++nextId_;
    try {
      sip::api::PublisherDelegate d;
      d.onStateChange = [this, id](sip::api::PublisherState state) { emit(id, "state", sip::api::toString(state)); };
      d.onFinished = [this, id] { emit(id, "finished", ""); };
      publishers_.emplace(id, std::make_shared<sip::api::Publisher>(*core, *uri, event, std::move(options), std::move(d)));
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    return id;
  }

  // PublisherResult: 0 sent, 1 nothing to do, 2 terminated, 3 disposed; or kUnknown / kInternal.
  int publish(uint32_t id, const std::string& content) {
    return call(publishers_, id, [&](sip::api::Publisher& p) { return static_cast<int>(p.publish(content)); });
  }
  int unpublish(uint32_t id) {
    return call(publishers_, id, [](sip::api::Publisher& p) { return static_cast<int>(p.unpublish()); });
  }
  int publisherDispose(uint32_t id) {
    return call(publishers_, id, [](sip::api::Publisher& p) {
      p.dispose();
      return 0;
    });
  }
  std::string publisherState(uint32_t id) {
    auto* p = find(publishers_, id);
    return p ? sip::api::toString(p->state()) : "Terminated";
  }

  // ---- Messager ----
  // Builds the MESSAGE once: JSON {"callId", "fromTag", "cseq"} (the identity message() reuses),
  // or {"error": text}. options: {extraHeaders, params}.
  std::string messagerCreate(const std::string& target, const std::string& content, const std::string& contentType,
                             const std::string& optionsJson) {
    UserAgentCoreBridge::Entry entry(bridge_);
    json out;
    try {
      auto messager = makeMessager(target, content, contentType, optionsJson);
      if (!messager) {
        out["error"] = lastError_;
        return out.dump();
      }
      const auto& request = messager->request();
      out["callId"] = request.callId;
      out["fromTag"] = request.fromTag;
      out["cseq"] = request.cseq;
    } catch (const std::exception& e) {
      out["error"] = e.what();
    }
    return out.dump();
  }

  // Sends the MESSAGE (built as messagerCreate did; `optionsJson` carries the identity in
  // params). Returns the send's number (> 0; its responses come as "response" events when
  // `wantResponses`) or 0 (lastError).
  uint32_t messagerSend(const std::string& target, const std::string& content, const std::string& contentType,
                        const std::string& optionsJson, bool wantResponses) {
    UserAgentCoreBridge::Entry entry(bridge_);
    try {
      auto messager = makeMessager(target, content, contentType, optionsJson);
      if (!messager) return 0;
      uint32_t id = ++nextId_;
      sip::core::OutgoingRequestDelegate d;
      if (wantResponses) {
        std::weak_ptr<bool> alive = alive_;
        auto forward = [this, alive, id](const char* kind) {
          return [this, alive, id, kind](const sip::core::IncomingResponse& response) {
            if (alive.expired()) return;
            emit(id, "response", kind, sip::serialize(response.message));
          };
        };
        d.onAccept = forward("accept");
        d.onProgress = forward("progress");
        d.onRedirect = forward("redirect");
        d.onReject = forward("reject");
        d.onTrying = forward("trying");
      }
      messager->message(std::move(d));
      return id;
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return 0;
    }
  }

  // ---- ending ----
  // JS is done with object `id` (it said "finished", or the facade gave up on it). Destroyed when
  // the outermost bridge call returns.
  void release(uint32_t id) {
    UserAgentCoreBridge::Entry entry(bridge_);
    if (auto it = subscribers_.find(id); it != subscribers_.end()) {
      bridge_.defer(std::move(it->second));
      subscribers_.erase(it);
    }
    if (auto it = publishers_.find(id); it != publishers_.end()) {
      bridge_.defer(std::move(it->second));
      publishers_.erase(it);
    }
  }

  // ---- introspection (tests) ----
  uint32_t subscriberCount() const { return static_cast<uint32_t>(subscribers_.size()); }
  uint32_t publisherCount() const { return static_cast<uint32_t>(publishers_.size()); }
  uint32_t pendingNotifies() const { return static_cast<uint32_t>(notifies_.size()); }
  static uint32_t liveAreas() { return static_cast<uint32_t>(gLiveAreas); }

 private:
  template <typename T>
  static T* find(std::map<uint32_t, std::shared_ptr<T>>& table, uint32_t id) {
    auto it = table.find(id);
    return it == table.end() ? nullptr : it->second.get();
  }

  template <typename T, typename F>
  int call(std::map<uint32_t, std::shared_ptr<T>>& table, uint32_t id, F&& body) {
    UserAgentCoreBridge::Entry entry(bridge_);
    lastError_.clear();
    auto it = table.find(id);
    if (it == table.end()) return kUnknown;
    auto keep = it->second;  // a callback may release it meanwhile
    try {
      return body(*keep);
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return kInternal;
    }
  }

  uint32_t fail(std::string error) {
    lastError_ = std::move(error);
    return 0;
  }

  std::unique_ptr<sip::api::Messager> makeMessager(const std::string& target, const std::string& content,
                                                   const std::string& contentType, const std::string& optionsJson) {
    lastError_.clear();
    auto* core = bridge_.core();
    if (!core) {
      lastError_ = "user agent core not available";
      return nullptr;
    }
    auto uri = sip::parseUri(target);
    if (!uri) {
      lastError_ = "Invalid target URI: " + target;
      return nullptr;
    }
    json o = parseObject(optionsJson);
    sip::api::MessagerOptions options;
    if (o.contains("extraHeaders")) options.extraHeaders = stringList(o["extraHeaders"]);
    std::string error = readParams(o, options.fromUri, options.toUri, options.params);
    if (!error.empty()) {
      lastError_ = error;
      return nullptr;
    }
    return std::make_unique<sip::api::Messager>(*core, *uri, content, contentType.empty() ? "text/plain" : contentType,
                                                std::move(options));
  }

  uint32_t parkNotify(const std::shared_ptr<sip::core::NotifyUserAgentServer>& notify) {
    // NOTIFYs whose transaction ended unanswered (e.g. the core was reset) cannot be answered.
    for (auto it = notifies_.begin(); it != notifies_.end();) {
      if (!it->second->acceptable() && !it->second->rejectable()) {
        it = notifies_.erase(it);
      } else {
        ++it;
      }
    }
    uint32_t requestId = ++nextRequestId_;
    notifies_.emplace(requestId, notify);
    return requestId;
  }

  void emit(uint32_t id, const char* kind, const std::string& value, const std::string& text = {}) {
    env_.call<void>("event", id, std::string(kind), value, text);
  }

  UserAgentCoreBridge& bridge_;
  val env_;
  std::string lastError_;
  uint32_t nextId_ = 0;
  uint32_t nextRequestId_ = 0;
  std::map<uint32_t, std::shared_ptr<sip::api::Subscriber>> subscribers_;
  std::map<uint32_t, std::shared_ptr<sip::api::Publisher>> publishers_;
  std::map<uint32_t, std::shared_ptr<sip::core::NotifyUserAgentServer>> notifies_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sipwasm

EMSCRIPTEN_BINDINGS(sipcore_subscription_bridge) {
  using sipwasm::SubscriptionBridge;
  emscripten::class_<SubscriptionBridge>("SubscriptionBridge")
      .constructor<sipwasm::UserAgentCoreBridge&, emscripten::val>()
      .function("lastError", &SubscriptionBridge::lastError)
      .function("createSubscriber", &SubscriptionBridge::createSubscriber)
      .function("subscriberInfo", &SubscriptionBridge::subscriberInfo)
      .function("subscribe", &SubscriptionBridge::subscribe)
      .function("unsubscribe", &SubscriptionBridge::unsubscribe)
      .function("subscriberDispose", &SubscriptionBridge::subscriberDispose)
      .function("respond", &SubscriptionBridge::respond)
      .function("createPublisher", &SubscriptionBridge::createPublisher)
      .function("publish", &SubscriptionBridge::publish)
      .function("unpublish", &SubscriptionBridge::unpublish)
      .function("publisherDispose", &SubscriptionBridge::publisherDispose)
      .function("publisherState", &SubscriptionBridge::publisherState)
      .function("messagerCreate", &SubscriptionBridge::messagerCreate)
      .function("messagerSend", &SubscriptionBridge::messagerSend)
      .function("release", &SubscriptionBridge::release)
      .function("subscriberCount", &SubscriptionBridge::subscriberCount)
      .function("publisherCount", &SubscriptionBridge::publisherCount)
      .function("pendingNotifies", &SubscriptionBridge::pendingNotifies)
      .class_function("liveAreas", &SubscriptionBridge::liveAreas);
}
