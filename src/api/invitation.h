// SIP.js's Invitation (lib/api/invitation.js): the session of an incoming INVITE. accept() answers
// 2xx with an answer (or an offer when the INVITE had none), progress() 1xx (reliably, RFC 3262,
// when the peer requires or supports 100rel and it is asked for), reject() 3xx-6xx; a CANCEL ends
// it with 487; no answer within noAnswerTimeout gives 480, an Expires header 487. A session it
// replaces (RFC 3891) is ended with BYE once this one is established.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/session.h"

namespace sip::core {
class InviteUserAgentServer;
class PrackUserAgentServer;
}  // namespace sip::core

namespace sip::api {

struct InvitationOptions {
  uint32_t noAnswerTimeout = 60;  // seconds (SIP.js: 0 means 60)
  std::string contact;            // the UA's contact.toString()
  bool uaRequires100rel = false;  // sipExtension100rel === Required
};

struct ResponseRequestOptions {
  int statusCode = 0;
  std::string reasonPhrase;
  std::vector<std::string> extraHeaders;
  std::optional<Body> body;
  bool rel100 = false;  // progress(): ask for a reliable 1xx
};

class Invitation final : public Session {
  struct Tag {};

 public:
  static std::shared_ptr<Invitation> create(core::UserAgentCore& core, SessionHost& host,
                                            std::shared_ptr<core::InviteUserAgentServer> request,
                                            InvitationOptions options);
  Invitation(Tag, core::UserAgentCore& core, SessionHost& host, std::shared_ptr<core::InviteUserAgentServer> request,
             InvitationOptions options);
  ~Invitation() override;

  const sip::Message& request() const;
  // SIP.js's autoSendAnInitialProvisionalResponse (given the UA's sendInitialProvisionalResponse).
  bool requires100rel() const { return rel100_ == Rel100::Required; }

  void accept(ResponseRequestOptions options, Completion done);
  // Throws std::invalid_argument for a status code outside 100-199 (SIP.js's TypeError).
  void progress(ResponseRequestOptions options, Completion done);
  // Throws std::invalid_argument for a status code outside 300-699.
  void reject(ResponseRequestOptions options, Completion done);
  void dispose(Completion done) override;

 private:
  enum class Rel100 { None, Supported, Required };
  // Starts the timers; separate from the constructor because they need weak_from_this().
  void start();
  void onCancel(const sip::Message& cancel);
  void sendAccept(const ResponseRequestOptions& options, Completion done);
  void sendProgress(ResponseRequestOptions options, Completion done);
  void sendProgressReliable(ResponseRequestOptions options, Completion done);
  void onPrack(std::shared_ptr<core::PrackUserAgentServer> prack);
  // SIP.js's handleResponseError: reject with 480 (415 for an unsupported content type) if still
  // possible; the failure reaches the application unless a CANCEL caused it.
  void handleResponseError(const Failure& failure, Completion done);
  void clearTimers();

  std::shared_ptr<core::InviteUserAgentServer> incomingInviteRequest_;
  InvitationOptions options_;
  Rel100 rel100_ = Rel100::None;
  bool disposed_ = false;
  bool isCanceled_ = false;
  bool waitingForPrack_ = false;
  // accept() called while a reliable 1xx awaits its PRACK: runs once it arrives.
  std::function<void(std::optional<Failure>)> afterPrack_;
  // progress() promise of a reliable 1xx: settled when its PRACK is answered.
  Completion reliableProgressDone_;
  HostTimer userNoAnswerTimer_;
  HostTimer expiresTimer_;
};

}  // namespace sip::api
