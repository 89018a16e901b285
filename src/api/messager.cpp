#include "api/messager.h"

#include "core/messages/body.h"
#include "core/user_agents/message_user_agent.h"

namespace sip::api {

Messager::Messager(core::UserAgentCore& core, const sip::Uri& target, std::string content, std::string contentType,
                   MessagerOptions options)
    : core_(core),
      request_(core.makeOutgoingRequestMessage(
          "MESSAGE", target, options.fromUri ? *options.fromUri : core.configuration.aor,
          options.toUri ? *options.toUri : target, options.params, options.extraHeaders,
          core::Body{"render", std::move(contentType), std::move(content)})) {}

std::shared_ptr<core::MessageUserAgentClient> Messager::message(core::OutgoingRequestDelegate delegate) {
  return core_.message(request_, std::move(delegate));
}

}  // namespace sip::api
