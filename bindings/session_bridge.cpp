// The sessions area of a user agent (see "API areas" in user_agent_core_bridge.h): Inviter,
// Invitation and Session (src/api/) driven from js/api/session-area.js, which holds the session
// description handlers and the application's promises and delegates.
//
// Numbers cross, not handles: sessions, promises (settle(promise, kind, message); kind -1 = resolved,
// else sip::api::FailureKind), SDH requests (the JS side answers sdhDescription / sdhDone), request
// delegates and in-dialog requests held for the application (answer()). A session the JS side
// releases is destroyed when the outermost bridge call returns (UserAgentCoreBridge::defer).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/invitation.h"
#include "api/inviter.h"
#include "api/session.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/refer_user_agent.h"
#include "core/user_agents/register_user_agent.h"
#include "core/user_agents/subscribe_user_agent.h"
#include "core/user_agents/user_agent_server.h"
#include "session_timer_options.h"
#include "sip/headers.h"
#include "sip/json_writer.h"
#include "user_agent_core_bridge.h"

// JS method names registered once with embind: a plain string name is read from Wasm memory
// character by character on every call.
EMSCRIPTEN_SYMBOL(hasDescription);
EMSCRIPTEN_SYMBOL(rollbackDescription);
EMSCRIPTEN_SYMBOL(adoptHandler);
EMSCRIPTEN_SYMBOL(requestSent);

// The env methods every call makes (several times each), as direct imports, like the host's (see
// host_bridge.cpp): no lookup by name, no generic argument conversion. Texts cross as UTF-8 bytes
// (pointer, size); callback, kind and state names are C string literals.
// `state` is a sip::api::SessionState; the names are SIP.js's SessionState values, in its order.
EM_JS(void, sipwasm_session_state_changed, (emscripten::EM_VAL env, uint32_t n, int state), {
  Emval.toValue(env).stateChanged(n, ["Initial", "Establishing", "Established", "Terminating", "Terminated"][state]);
});
static_assert(static_cast<int>(sip::api::SessionState::Initial) == 0 &&
                  static_cast<int>(sip::api::SessionState::Terminated) == 4,
              "sipwasm_session_state_changed names the states by their order");
EM_JS(void, sipwasm_session_settle, (emscripten::EM_VAL env, uint32_t promise, int kind, const char* text, size_t size), {
  Emval.toValue(env).settle(promise, kind, size ? UTF8Decoder.decode(HEAPU8.subarray(text, text + size)) : "");
});
// The response's text is not passed: the JS side asks for it (delegateResponse()) only when the
// application's delegate has that callback, so responses nobody reads are not serialized.
EM_JS(void, sipwasm_session_request_delegate, (emscripten::EM_VAL env, uint32_t n, uint32_t delegate, const char* callback), {
  Emval.toValue(env).requestDelegate(n, delegate, UTF8ToString(callback));
});
EM_JS(void, sipwasm_session_incoming_request,
      (emscripten::EM_VAL env, uint32_t n, const char* kind, uint32_t request, const char* text, size_t size), {
  Emval.toValue(env).incomingRequest(n, UTF8ToString(kind), request,
                                     size ? UTF8Decoder.decode(HEAPU8.subarray(text, text + size)) : "");
});
EM_JS(void, sipwasm_session_get_description,
      (emscripten::EM_VAL env, uint32_t n, uint32_t handler, int options, uint32_t request), {
  Emval.toValue(env).getDescription(n, handler, options, request);
});
EM_JS(void, sipwasm_session_set_description,
      (emscripten::EM_VAL env, uint32_t n, uint32_t handler, const char* type, size_t typeSize, const char* body,
       size_t bodySize, int options, uint32_t request), {
  Emval.toValue(env).setDescription(n, handler, typeSize ? UTF8Decoder.decode(HEAPU8.subarray(type, type + typeSize)) : "",
                                    bodySize ? UTF8Decoder.decode(HEAPU8.subarray(body, body + bodySize)) : "",
                                    options, request);
});
EM_JS(void, sipwasm_session_incoming_invite,
      (emscripten::EM_VAL env, uint32_t n, const char* text, size_t size, bool requires100rel, const char* id,
       size_t idSize, const char* replacee, size_t replaceeSize), {
  Emval.toValue(env).incomingInvite(n, size ? UTF8Decoder.decode(HEAPU8.subarray(text, text + size)) : "",
                                    !!requires100rel, idSize ? UTF8Decoder.decode(HEAPU8.subarray(id, id + idSize)) : "",
                                    replaceeSize ? UTF8Decoder.decode(HEAPU8.subarray(replacee, replacee + replaceeSize)) : "");
});
EM_JS(void, sipwasm_session_close_handler, (emscripten::EM_VAL env, uint32_t n, uint32_t handler), {
  Emval.toValue(env).closeHandler(n, handler);
});

namespace sipwasm {
namespace {

using emscripten::val;
using nlohmann::json;
using sip::api::Body;
using sip::api::Failure;
using sip::api::FailureKind;

std::optional<Body> bodyFrom(const json& o) {
  if (!o.is_object()) return std::nullopt;
  Body body;
  body.contentDisposition = stringOr(o, "contentDisposition", "render");
  body.contentType = stringOr(o, "contentType", "text/plain");
  body.content = stringOr(o, "content");
  return body;
}

sip::api::SessionRequestOptions requestOptionsFrom(const json& o) {
  sip::api::SessionRequestOptions r;
  if (!o.is_object()) return r;
  if (o.contains("extraHeaders")) r.extraHeaders = stringList(o["extraHeaders"]);
  if (o.contains("body")) r.body = bodyFrom(o["body"]);
  if (o.contains("delegate") && o["delegate"].is_number_unsigned()) r.delegate = o["delegate"].get<uint32_t>();
  return r;
}

json parse(const std::string& text) {
  // Most calls carry no options: skip the DOM for them.
  if (text.empty() || text == "{}") return json::object();
  json o = json::parse(text, nullptr, false);
  return o.is_discarded() ? json::object() : o;
}

// One JSON object written member by member, straight into `out` (sessionInfo).
struct JsonMembers {
  std::string& out;
  bool first = true;
  explicit JsonMembers(std::string& text) : out(text) { out += '{'; }
  void key(const char* name) {
    out += first ? "\"" : ",\"";
    first = false;
    out += name;
    out += "\":";
  }
  void text(const char* name, std::string_view value) {
    key(name);
    sip::detail::appendJsonString(out, value);
  }
  void raw(const char* name, std::string_view json) {
    key(name);
    out += json;
  }
  void body(const char* name, const sip::core::Body& body) {
    key(name);
    JsonMembers members(out);
    members.text("contentType", body.contentType);
    members.text("content", body.content);
    members.end();
  }
  void end() { out += '}'; }
};

}  // namespace

class SessionBridge final : public sip::api::SessionHost {
 public:
  SessionBridge(UserAgentCoreBridge& ua, val env, const std::string& configJson) : ua_(ua), env_(std::move(env)) {
    json config = parse(configJson);
    invitationOptions_.noAnswerTimeout = config.value("noAnswerTimeout", 60u);
    invitationOptions_.contact = stringOr(config, "contact");
    invitationOptions_.uaRequires100rel = config.value("require100rel", false);
    replacesSupported_ = config.value("replaces", false);
    invitationOptions_.sessionTimers = sessionTimersFrom(config);  // RFC 4028 (session_timer_options.h)
    if (auto* core = ua_.core()) {
      core->delegate.onInvite = [this](std::shared_ptr<sip::core::InviteUserAgentServer> uas) { onInvite(std::move(uas)); };
      // Requests outside a dialog go to the UserAgent's delegate (js/api/user-agent.js decides the
      // answer when it has none, as SIP.js does).
      core->delegate.onMessage = [this](std::shared_ptr<sip::core::MessageUserAgentServer> uas) { outside("MESSAGE", uas); };
      core->delegate.onNotify = [this](std::shared_ptr<sip::core::NotifyUserAgentServer> uas) { outside("NOTIFY", uas); };
      core->delegate.onRefer = [this](std::shared_ptr<sip::core::ReferUserAgentServer> uas) { outside("REFER", uas); };
      core->delegate.onRegister = [this](std::shared_ptr<sip::core::RegisterUserAgentServer> uas) { outside("REGISTER", uas); };
      core->delegate.onSubscribe = [this](std::shared_ptr<sip::core::SubscribeUserAgentServer> uas) { outside("SUBSCRIBE", uas); };
    }
  }
  ~SessionBridge() override {
    if (auto* core = ua_.core()) core->delegate = {};
    // Sessions first: they may call back while being destroyed (never into JS: env calls below
    // check alive_).
    alive_ = false;
    sessions_.clear();
    released_.clear();
    held_.clear();
  }

  // ---- creation ----
  uint32_t createInviter(const std::string& target, const std::string& optionsJson) {
    UserAgentCoreBridge::Entry entry(ua_);
    lastError_.clear();
    auto* core = ua_.core();
    if (!core) return fail("user agent core not available");
    auto uri = sip::parseUri(target);
    if (!uri) return fail("Invalid target: " + target);
    json o = parse(optionsJson);
    sip::api::InviterOptions options;
    options.earlyMedia = o.value("earlyMedia", false);
    options.inviteWithoutSdp = o.value("inviteWithoutSdp", false);
    options.anonymous = o.value("anonymous", false);
    options.extraHeaders = stringList(o.value("extraHeaders", json::array()));
    options.contact = stringOr(o, "contact");
    options.require100rel = o.value("require100rel", false);
    options.requireReplaces = o.value("requireReplaces", false);
    options.sessionTimers = sessionTimersFrom(o);  // RFC 4028
    if (o.contains("renderBody")) options.renderBody = bodyFrom(o["renderBody"]);
    const json params = o.value("params", json::object());
    for (const char* key : {"fromUri", "toUri"}) {
      if (!params.contains(key) || !params[key].is_string()) continue;
      auto u = sip::parseUri(params[key].get<std::string>());
      if (!u) return fail(std::string("Invalid ") + (std::string(key) == "fromUri" ? "from" : "to") + " URI: " +
                          params[key].get<std::string>());
      (std::string(key) == "fromUri" ? options.fromUri : options.toUri) = *u;
    }
    if (params.contains("callId") && params["callId"].is_string()) options.params.callId = params["callId"].get<std::string>();
    if (params.contains("cseq") && params["cseq"].is_number_unsigned()) options.params.cseq = params["cseq"].get<uint32_t>();
    if (params.contains("fromDisplayName") && params["fromDisplayName"].is_string())
      options.params.fromDisplayName = params["fromDisplayName"].get<std::string>();
    if (params.contains("toDisplayName") && params["toDisplayName"].is_string())
      options.params.toDisplayName = params["toDisplayName"].get<std::string>();
    if (o.contains("referred") && o["referred"].is_number_unsigned()) {
      if (auto referred = session(o["referred"].get<uint32_t>())) options.referred = referred;
    }
    try {
      auto inviter = sip::api::Inviter::create(*core, *this, *uri, std::move(options));
      return add(inviter);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }

  // ---- methods (promise settles through env.settle) ----
  void inviterInvite(uint32_t id, const std::string& optionsJson, uint32_t promise) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto inviter = asInviter(session(id));
    if (!inviter) return settleTerminated(promise);
    json o = parse(optionsJson);
    sip::api::InviteOptions options;
    options.withoutSdp = o.value("withoutSdp", false);
    options.delegate = o.value("delegate", 0u);
    options.reinviteRequest = requestOptionsFrom(o.value("requestOptions", json::object()));
    guarded(promise, [&] { inviter->invite(std::move(options), completion(promise)); });
  }
  void inviterCancel(uint32_t id, int statusCode, const std::string& reasonPhrase, const std::string& extraHeadersJson,
                     uint32_t promise) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto inviter = asInviter(session(id));
    if (!inviter) return settleTerminated(promise);
    guarded(promise, [&] {
      inviter->cancel(statusCode, reasonPhrase, parseHeaderList(extraHeadersJson).value_or(std::vector<std::string>{}),
                      completion(promise));
    });
  }
  void invitationRespond(uint32_t id, const std::string& what, const std::string& optionsJson, uint32_t promise) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto invitation = asInvitation(session(id));
    if (!invitation) return settleTerminated(promise);
    json o = parse(optionsJson);
    sip::api::ResponseRequestOptions options;
    options.statusCode = o.value("statusCode", 0);
    options.reasonPhrase = stringOr(o, "reasonPhrase");
    options.extraHeaders = stringList(o.value("extraHeaders", json::array()));
    if (o.contains("body")) options.body = bodyFrom(o["body"]);
    options.rel100 = o.value("rel100", false);
    options.sessionTimers = sessionTimersFrom(o);  // RFC 4028: accept()'s override
    guarded(promise, [&] {
      if (what == "accept") {
        invitation->accept(std::move(options), completion(promise));
      } else if (what == "progress") {
        invitation->progress(std::move(options), completion(promise));
      } else {
        invitation->reject(std::move(options), completion(promise));
      }
    });
  }
  void sessionRequest(uint32_t id, const std::string& what, const std::string& optionsJson, uint32_t promise) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto s = session(id);
    if (!s) return settleTerminated(promise);
    json o = parse(optionsJson);
    auto options = requestOptionsFrom(o);
    guarded(promise, [&] {
      if (what == "bye") {
        s->bye(std::move(options), completion(promise));
      } else if (what == "info") {
        s->info(std::move(options), completion(promise));
      } else if (what == "message") {
        s->message(std::move(options), completion(promise));
      } else if (what == "refer") {
        s->refer(stringOr(o, "referTo"), std::move(options), o.value("onNotify", false), completion(promise));
      } else if (what == "invite") {
        sip::api::ReinviteOptions r;
        r.request = std::move(options);
        r.withoutSdp = o.value("withoutSdp", false);
        s->reinvite(std::move(r), completion(promise));
      } else if (what == "update") {  // RFC 3311 (beyond SIP.js)
        s->update(sip::api::UpdateOptions{std::move(options), o.value("withoutSdp", false), false}, completion(promise));
      } else if (what == "dispose") {
        s->dispose(completion(promise));
      } else {
        settle(promise, Failure{FailureKind::Error, "unknown request " + what});
      }
    });
  }
  // SIP.js's userAgentCore.request(makeOutgoingRequestMessage(...), delegate): a request outside
  // a dialog (OPTIONS pings, ...). `delegate` numbers the JS request delegate. Returns false with
  // lastError() on a bad URI.
  bool requestOutsideDialog(const std::string& method, const std::string& ruri, const std::string& fromUri,
                            const std::string& toUri, const std::string& extraHeadersJson, const std::string& bodyJson,
                            uint32_t delegate) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto* core = ua_.core();
    auto r = sip::parseUri(ruri), f = sip::parseUri(fromUri), t = sip::parseUri(toUri);
    if (!core || !r || !f || !t) {
      lastError_ = "Invalid request URI, From or To URI";
      return false;
    }
    std::optional<Body> body;
    if (!bodyJson.empty()) body = bodyFrom(parse(bodyJson));
    try {
      auto message = core->makeOutgoingRequestMessage(method, *r, *f, *t, {},
                                                      parseHeaderList(extraHeadersJson).value_or(std::vector<std::string>{}), body);
      sip::core::OutgoingRequestDelegate d;
      if (delegate) {
        d = sip::api::forwardResponses([this, delegate](const char* callback, const sip::Message& response) {
          if (alive_) tellDelegate(0, delegate, callback, response);
        });
      }
      core->request(std::move(message), std::move(d));
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return false;
    }
    return true;
  }

  // What the JS facades read of a session (js/api/session.js): state, id, asserted identity, the
  // dialog, an Inviter's request. Written as JSON text directly (no DOM): the facades ask for it
  // when a session ends, to keep what the application may still read.
  val sessionInfo(uint32_t id) {
    auto s = session(id);
    if (!s) return jsText("null");
    std::string& out = infoText_;  // reused: its capacity stays (nothing in here calls out to JS)
    out.clear();
    JsonMembers info(out);
    info.text("state", sip::api::toString(s->state()));
    info.text("id", s->id());
    info.text("assertedIdentity", s->assertedIdentity());
    info.key("dialog");
    if (const auto& d = s->dialog()) {
      JsonMembers dialog(out);
      dialog.text("id", d->id());
      dialog.text("callId", d->callId());
      dialog.text("localTag", d->localTag());
      dialog.text("remoteTag", d->remoteTag());
      dialog.text("localURI", d->localURI().toString());
      dialog.text("remoteURI", d->remoteURI().toString());
      dialog.text("remoteTarget", d->remoteTarget().toString());
      dialog.raw("early", d->early() ? "true" : "false");
      dialog.text("sessionState", sip::core::toString(d->sessionState()));
      dialog.text("signalingState", sip::core::toString(d->signalingState()));
      if (d->offer()) dialog.body("offer", *d->offer());
      if (d->answer()) dialog.body("answer", *d->answer());
      dialog.end();
    } else {
      out += "null";
    }
    if (auto inviter = asInviter(s)) info.text("request", requestOf(*inviter));
    if (const auto& r = s->renderBody()) info.body("renderBody", *r);
    info.end();
    return jsText(out);
  }
  // The session's id (SIP.js's Session.id: Call-ID + From tag), or "" when unknown.
  std::string sessionId(uint32_t id) {
    auto s = session(id);
    return s ? s->id() : std::string();
  }
  // An Inviter's INVITE as the application sees it (Inviter.request), or "" for another session.
  std::string inviterRequest(uint32_t id) {
    auto inviter = asInviter(session(id));
    return inviter ? requestOf(*inviter) : std::string();
  }
  std::string requestOf(const sip::api::Inviter& inviter) {
    // The Via the transaction adds is not there before the INVITE is sent; SIP.js's has one.
    const auto& sent = inviter.request();
    if (!sent.branch.empty()) return sent.toString();
    auto request = sent;
    request.setViaHeader("z9hG4bK" + request.callId.substr(0, 7), ua_.core() ? ua_.core()->transport().protocol() : "WSS");
    return request.toString();
  }
  // This object's address in Wasm memory, for the raw exports (end of this file).
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(this); }
  void release(uint32_t id) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    released_.push_back(std::move(it->second));
    sessions_.erase(it);
    purgeReleased();
  }

  // ---- SDH answers ----
  void sdhDescription(uint32_t request, bool ok, const std::string& contentType, const std::string& body, int kind,
                      const std::string& message) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto it = descriptionRequests_.find(request);
    if (it == descriptionRequests_.end()) return;
    auto done = std::move(it->second);
    descriptionRequests_.erase(it);
    contain([&] {
      if (ok) {
        done(Body{"session", contentType, body}, std::nullopt);
      } else {
        done(std::nullopt, Failure{static_cast<FailureKind>(kind), message});
      }
    });
  }
  void sdhDone(uint32_t request, bool ok, int kind, const std::string& message) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto it = completions_.find(request);
    if (it == completions_.end()) return;
    auto done = std::move(it->second);
    completions_.erase(it);
    contain([&] { done(ok ? std::nullopt : std::optional<Failure>(Failure{static_cast<FailureKind>(kind), message})); });
  }

  // ---- in-dialog requests held for the application ----
  bool answer(uint32_t request, int statusCode, const std::string& reasonPhrase, const std::string& extraHeadersJson,
              const std::string& bodyJson) {
    UserAgentCoreBridge::Entry entry(ua_);
    auto it = held_.find(request);
    if (it == held_.end()) return false;
    auto uas = it->second;
    held_.erase(it);
    sip::core::ResponseOptions options;
    options.statusCode = statusCode;
    options.reasonPhrase = reasonPhrase;
    options.extraHeaders = parseHeaderList(extraHeadersJson).value_or(std::vector<std::string>{});
    if (!bodyJson.empty()) options.body = bodyFrom(parse(bodyJson));
    try {
      if (statusCode < 200) {
        uas->progress(std::move(options));
        held_.emplace(request, uas);
      } else if (statusCode < 300) {
        uas->accept(std::move(options));
      } else {
        uas->reject(std::move(options));
      }
    } catch (const std::exception& e) {
      lastError_ = e.what();
      return false;
    }
    return true;
  }

  std::string lastError() const { return lastError_; }
  uint32_t sessionCount() const { return static_cast<uint32_t>(sessions_.size()); }
  static uint32_t liveSessions() { return static_cast<uint32_t>(sip::api::Session::liveCount()); }

  // ---- SessionHost ----
  void getDescription(sip::api::Session& s, uint32_t handler, sip::api::DescriptionOptions options,
                      DescriptionCallback done) override {
    uint32_t request = ++nextRequest_;
    descriptionRequests_.emplace(request, std::move(done));
    if (alive_) sipwasm_session_get_description(env_.as_handle(), numberOf(s), handler, static_cast<int>(options), request);
  }
  void setDescription(sip::api::Session& s, uint32_t handler, const Body& body, sip::api::DescriptionOptions options,
                      sip::api::Completion done) override {
    uint32_t request = ++nextRequest_;
    completions_.emplace(request, std::move(done));
    if (!alive_) return;
    sipwasm_session_set_description(env_.as_handle(), numberOf(s), handler, body.contentType.data(), body.contentType.size(),
                                    body.content.data(), body.content.size(), static_cast<int>(options), request);
  }
  std::optional<Failure> hasDescription(sip::api::Session& s, const std::string& contentType) override {
    if (!alive_) return Failure{FailureKind::Error, "disposed"};
    std::string answer = env_.call<std::string>(hasDescription_symbol, numberOf(s), contentType);
    if (answer.empty()) return std::nullopt;
    if (answer == "unsupported") return Failure{FailureKind::ContentTypeUnsupported, "Content type unsupported"};
    return Failure{FailureKind::SdhError, answer};
  }
  void rollbackDescription(sip::api::Session& s, sip::api::Completion done) override {
    uint32_t request = ++nextRequest_;
    completions_.emplace(request, std::move(done));
    call(rollbackDescription_symbol, numberOf(s), request);
  }
  void closeDescriptionHandler(sip::api::Session& s, uint32_t handler) override {
    if (alive_) sipwasm_session_close_handler(env_.as_handle(), numberOf(s), handler);
  }
  void adoptDescriptionHandler(sip::api::Session& s, uint32_t handler) override { call(adoptHandler_symbol, numberOf(s), handler); }
  void stateChanged(sip::api::Session& s, sip::api::SessionState state) override {
    if (alive_) sipwasm_session_state_changed(env_.as_handle(), numberOf(s), static_cast<int>(state));
  }
  void requestDelegate(sip::api::Session& s, sip::api::DelegateId delegate, const char* callback,
                       const sip::Message& response) override {
    if (alive_) tellDelegate(numberOf(s), delegate, callback, response);
  }
  // The response a request delegate is being told of (valid during that call only), as text.
  val delegateResponse() const { return delegateResponse_ ? jsText(sip::serialize(*delegateResponse_)) : jsText(""); }
  void incomingRequest(sip::api::Session& s, const char* kind, uint32_t request, const sip::Message& message) override {
    if (!alive_) return;
    const std::string text = sip::serialize(message);
    sipwasm_session_incoming_request(env_.as_handle(), numberOf(s), kind, request, text.data(), text.size());
  }
  void reinviteAnswered(sip::api::Session& s, const sip::Message& request, const std::string& response,
                        int statusCode) override {
    if (alive_) env_.call<void>("reinviteAnswered", numberOf(s), jsText(sip::serialize(request)), jsText(response), statusCode);
  }
  void requestSent(sip::api::Session& s, const std::string& request) override { call(requestSent_symbol, numberOf(s), jsText(request)); }
  uint32_t holdRequest(std::shared_ptr<sip::core::UserAgentServer> uas) override {
    uint32_t id = ++nextRequest_;
    held_.emplace(id, std::move(uas));
    return id;
  }

 private:
  // A state machine error while continuing after the SDH answered is logged, never thrown into
  // JavaScript (rule 5: nothing aborts the instance or unwinds through the host's promise).
  template <typename F>
  void contain(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      if (auto* core = ua_.core()) core->host().log(sip::LogLevel::Error, "sip.Session", "", e.what());
    }
  }
  template <typename... Args>
  void call(const char* name, Args&&... args) {
    if (alive_) env_.call<void>(name, std::forward<Args>(args)...);
  }
  void tellDelegate(uint32_t session, sip::api::DelegateId delegate, const char* callback, const sip::Message& response) {
    const sip::Message* outer = std::exchange(delegateResponse_, &response);  // a delegate may cause another
    sipwasm_session_request_delegate(env_.as_handle(), session, delegate, callback);
    delegateResponse_ = outer;
  }
  uint32_t fail(const std::string& message) {
    lastError_ = message;
    return 0;
  }
  // Released sessions stay numbered while anything still holds them (a pending SDH answer, the
  // call that released them); once only we do, they go (at the end of the outermost bridge call).
  void purgeReleased() {
    for (auto it = released_.begin(); it != released_.end();) {
      if (it->use_count() == 1) {
        numbers_.erase(it->get());
        ua_.defer(std::move(*it));
        it = released_.erase(it);
      } else {
        ++it;
      }
    }
  }
  uint32_t add(const std::shared_ptr<sip::api::Session>& s) {
    purgeReleased();
    uint32_t id = ++nextSession_;
    sessions_.emplace(id, s);
    numbers_[s.get()] = id;
    return id;
  }
  uint32_t numberOf(const sip::api::Session& s) const {
    auto it = numbers_.find(&s);
    return it == numbers_.end() ? 0 : it->second;
  }
  std::shared_ptr<sip::api::Session> session(uint32_t id) const {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second;
  }
  // The session as an Inviter or an Invitation, null for the other kind: told apart by isInviter(),
  // not dynamic_cast, because the Wasm module is built without RTTI.
  static std::shared_ptr<sip::api::Inviter> asInviter(const std::shared_ptr<sip::api::Session>& s) {
    return s && s->isInviter() ? std::static_pointer_cast<sip::api::Inviter>(s) : nullptr;
  }
  static std::shared_ptr<sip::api::Invitation> asInvitation(const std::shared_ptr<sip::api::Session>& s) {
    return s && !s->isInviter() ? std::static_pointer_cast<sip::api::Invitation>(s) : nullptr;
  }
  sip::api::Completion completion(uint32_t promise) {
    return [this, promise](std::optional<Failure> failure) { settle(promise, failure); };
  }
  void settle(uint32_t promise, const std::optional<Failure>& failure) {
    if (!alive_ || promise == 0) return;
    if (failure) {
      sipwasm_session_settle(env_.as_handle(), promise, static_cast<int>(failure->kind), failure->message.data(),
                             failure->message.size());
    } else {
      sipwasm_session_settle(env_.as_handle(), promise, -1, nullptr, 0);
    }
  }
  void settleTerminated(uint32_t promise) { settle(promise, Failure{FailureKind::Error, "Invalid session state Terminated"}); }
  // Application errors thrown by the state machines (TypeError-like arguments, invalid transitions)
  // reject the promise instead of unwinding into JavaScript.
  template <typename F>
  void guarded(uint32_t promise, F&& f) {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      settle(promise, Failure{FailureKind::TypeError, e.what()});
    } catch (const std::exception& e) {
      settle(promise, Failure{FailureKind::Error, e.what()});
    }
  }

  void outside(const char* method, std::shared_ptr<sip::core::UserAgentServer> uas) {
    std::string text = sip::serialize(uas->message());
    uint32_t id = holdRequest(std::move(uas));
    if (alive_) env_.call<void>("incomingRequestOutsideDialog", std::string(method), id, jsText(text));
  }

  void onInvite(std::shared_ptr<sip::core::InviteUserAgentServer> uas) {
    auto* core = ua_.core();
    if (!core) return;
    if (sip::api::refuseBySessionTimer(invitationOptions_.sessionTimers, *uas)) return;  // RFC 4028 §9: 422
    std::shared_ptr<sip::api::Invitation> invitation;
    try {
      invitation = sip::api::Invitation::create(*core, *this, uas, invitationOptions_);
    } catch (const std::exception& e) {
      core->host().log(sip::LogLevel::Error, "sip.UserAgent", "", e.what());
      return;
    }
    uint32_t id = add(invitation);
    try {
      uas->trying();
    } catch (const std::exception&) {
    }
    if (replacesSupported_) {
      if (auto value = uas->message().header("Replaces")) {
        auto replaces = sip::parseReplaces(*value);
        auto reject = [&](int code) {
          sip::api::ResponseRequestOptions o;
          o.statusCode = code;
          invitation->reject(o, [](std::optional<Failure>) {});
          release(id);
        };
        if (!replaces) return reject(400);
        auto target = core->findDialog(replaces->callId + replaces->toTag + replaces->fromTag);
        if (!target) return reject(481);
        if (!target->early() && replaces->earlyOnly) return reject(486);
        for (const auto& [n, s] : sessions_) {
          if (s->id() == replaces->callId + replaces->fromTag || s->id() == replaces->callId + replaces->toTag) {
            invitation->replacee = s;
            break;
          }
        }
      }
    }
    if (alive_) {
      // The replaced session's id (RFC 3891, matched above) spares the JS side parsing the INVITE.
      const auto replacee = invitation->replacee.lock();
      const std::string text = sip::serialize(uas->message());
      const std::string sessionId = invitation->id();
      const std::string replaceeId = replacee ? replacee->id() : std::string();
      sipwasm_session_incoming_invite(env_.as_handle(), id, text.data(), text.size(), invitation->requires100rel(),
                                      sessionId.data(), sessionId.size(), replaceeId.data(), replaceeId.size());
    }
  }

  UserAgentCoreBridge& ua_;
  val env_;
  bool alive_ = true;
  bool replacesSupported_ = false;
  sip::api::InvitationOptions invitationOptions_;
  std::string lastError_;
  std::string infoText_;  // sessionInfo's text, built here each time
  const sip::Message* delegateResponse_ = nullptr;  // see delegateResponse()
  uint32_t nextSession_ = 0;
  uint32_t nextRequest_ = 0;
  std::map<uint32_t, std::shared_ptr<sip::api::Session>> sessions_;
  std::map<const sip::api::Session*, uint32_t> numbers_;
  std::vector<std::shared_ptr<sip::api::Session>> released_;
  std::map<uint32_t, DescriptionCallback> descriptionRequests_;
  std::map<uint32_t, sip::api::Completion> completions_;
  std::map<uint32_t, std::shared_ptr<sip::core::UserAgentServer>> held_;
};

}  // namespace sipwasm

// The answers every call gets from its session description handlers, and release, as raw exports
// (bindings/README.md, "Raw exports"): `area` is what SessionBridge.address() returned, used only
// while the JS side holds that handle. Failures, which carry messages, go through embind.
extern "C" {

EMSCRIPTEN_KEEPALIVE void sipwasm_session_release(sipwasm::SessionBridge* area, uint32_t session) {
  area->release(session);
}

EMSCRIPTEN_KEEPALIVE void sipwasm_sdh_done(sipwasm::SessionBridge* area, uint32_t request) {
  area->sdhDone(request, true, 0, std::string());
}

// `text` holds the content type's UTF-8 bytes (`typeSize`), then the body's (`bodySize`).
EMSCRIPTEN_KEEPALIVE void sipwasm_sdh_description(sipwasm::SessionBridge* area, uint32_t request, const char* text,
                                                  size_t typeSize, size_t bodySize) {
  area->sdhDescription(request, true, std::string(text, typeSize), std::string(text + typeSize, bodySize), 0,
                       std::string());
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(sipcore_session_bridge) {
  using sipwasm::SessionBridge;
  emscripten::class_<SessionBridge>("SessionBridge")
      .constructor<sipwasm::UserAgentCoreBridge&, emscripten::val, const std::string&>()
      .function("address", &SessionBridge::address)
      .function("createInviter", &SessionBridge::createInviter)
      .function("inviterInvite", &SessionBridge::inviterInvite)
      .function("inviterCancel", &SessionBridge::inviterCancel)
      .function("invitationRespond", &SessionBridge::invitationRespond)
      .function("sessionRequest", &SessionBridge::sessionRequest)
      .function("sessionInfo", &SessionBridge::sessionInfo)
      .function("delegateResponse", &SessionBridge::delegateResponse)
      .function("sessionId", &SessionBridge::sessionId)
      .function("inviterRequest", &SessionBridge::inviterRequest)
      .function("requestOutsideDialog", &SessionBridge::requestOutsideDialog)
      .function("release", &SessionBridge::release)
      .function("sdhDescription", &SessionBridge::sdhDescription)
      .function("sdhDone", &SessionBridge::sdhDone)
      .function("answer", &SessionBridge::answer)
      .function("lastError", &SessionBridge::lastError)
      .function("sessionCount", &SessionBridge::sessionCount)
      .class_function("liveSessions", &SessionBridge::liveSessions);
}
