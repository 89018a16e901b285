// How the UA core hands new requests outside a dialog to the application (SIP.js
// lib/core/user-agent-core/user-agent-core-delegate.d.ts). Without a callback the core answers as
// SIP.js does: INVITE 486 (reject default), MESSAGE 200, NOTIFY/REFER/REGISTER 405, SUBSCRIBE 480.
#pragma once
#include <functional>
#include <memory>

namespace sip::core {

class InviteUserAgentServer;
class MessageUserAgentServer;
class NotifyUserAgentServer;
class ReferUserAgentServer;
class RegisterUserAgentServer;
class SubscribeUserAgentServer;

struct UserAgentCoreDelegate {
  std::function<void(std::shared_ptr<InviteUserAgentServer>)> onInvite;
  std::function<void(std::shared_ptr<MessageUserAgentServer>)> onMessage;
  std::function<void(std::shared_ptr<NotifyUserAgentServer>)> onNotify;
  std::function<void(std::shared_ptr<ReferUserAgentServer>)> onRefer;
  std::function<void(std::shared_ptr<RegisterUserAgentServer>)> onRegister;
  std::function<void(std::shared_ptr<SubscribeUserAgentServer>)> onSubscribe;
};

}  // namespace sip::core
