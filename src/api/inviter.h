// SIP.js's Inviter (lib/api/inviter.js): the session of an outgoing INVITE. invite() gets an offer
// from the SDH (unless inviteWithoutSdp), sends the INVITE and follows its responses: reliable
// provisional responses are PRACKed (with an answer when they carry an offer, on an early-media
// handler per early dialog), the 2xx of the first dialog establishes the session (a 2xx of any
// further fork, or one that arrives after cancel(), is ACKed and BYEd), non-2xx finals end it.
// A session created by a REFER (referred) reports the INVITE's progress to the referrer as NOTIFYs.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/session.h"
#include "core/messages/outgoing_request_message.h"

namespace sip::core {
class InviteUserAgentClient;
}

namespace sip::api {

struct InviterOptions {
  bool earlyMedia = false;
  bool inviteWithoutSdp = false;
  bool anonymous = false;
  std::vector<std::string> extraHeaders;
  // SIP.js's renderbody/rendertype: sent with an INVITE without SDP, and in the ACK.
  std::optional<Body> renderBody;
  // SIP.js's params (fromUri, toUri, display names, call id...).
  std::optional<sip::Uri> fromUri;
  std::optional<sip::Uri> toUri;
  core::OutgoingRequestMessageOverrides params;
  // The Contact header value (the UA's contact.toString({anonymous, outbound})).
  std::string contact;
  bool require100rel = false;
  bool requireReplaces = false;
  // The session whose REFER made this Inviter (it hears about our progress as NOTIFYs).
  std::weak_ptr<Session> referred;
  // Set when the user agent supports session timers (RFC 4028; session_timer.h).
  std::optional<SessionTimerOptions> sessionTimers;
};

struct InviteOptions {
  bool withoutSdp = false;
  DelegateId delegate = 0;  // the application's requestDelegate
  // For a re-INVITE (invite() of an established session).
  SessionRequestOptions reinviteRequest;
};

class Inviter final : public Session {
  struct Tag {};

 public:
  static std::shared_ptr<Inviter> create(core::UserAgentCore& core, SessionHost& host, const sip::Uri& target,
                                         InviterOptions options);
  Inviter(Tag, core::UserAgentCore& core, SessionHost& host, const sip::Uri& target, InviterOptions options);
  ~Inviter() override;

  // The INVITE as it is (or will be) sent.
  const core::OutgoingRequestMessage& request() const { return *request_; }
  bool isCanceled() const { return isCanceled_; }

  // Initial: sends the INVITE; otherwise a re-INVITE (SIP.js's Session.invite).
  void invite(InviteOptions options, Completion done);
  // CANCEL (RFC 3261 §9.1) with an optional Reason (statusCode 200-699 and a phrase). Throws
  // std::invalid_argument for a status code outside that range (SIP.js's TypeError).
  void cancel(int statusCode, const std::string& reasonPhrase, std::vector<std::string> extraHeaders, Completion done);
  void dispose(Completion done) override;

 private:
  void sendInvite(DelegateId appDelegate);
  void disposeEarlyMedia();
  void notifyReferer(const sip::Message& response);
  void onAccept(const core::AckableIncomingResponseWithSession& response, Completion done);
  void onProgress(const core::PrackableIncomingResponseWithSession& response, Completion done);
  void onFinalNon2xx(const char* what);
  uint32_t earlyMediaHandlerFor(const std::string& dialogId);
  // Beyond SIP.js (session_extensions.cpp): RFC 4028 §7.3 (the INVITE again after a 422), and the
  // early dialog an UPDATE goes to (the early-media one, whose offer/answer uses our own SDH).
  bool retryInviteAfter422(const sip::Message& response, DelegateId appDelegate);
  std::shared_ptr<core::SessionDialog> earlyDialog() const override { return earlyMediaDialog_.lock(); }

  // Shared with the INVITE's UAC once sent, which updates it (Via, CSeq, credentials).
  std::shared_ptr<core::OutgoingRequestMessage> request_;
  bool earlyMedia_;
  bool inviteWithoutSdp_;
  bool disposed_ = false;
  bool isCanceled_ = false;
  std::shared_ptr<core::InviteUserAgentClient> outgoingInviteRequest_;
  std::weak_ptr<core::SessionDialog> earlyMediaDialog_;
  // Early-media SDH numbers by early dialog id (0 is the session's own handler).
  std::map<std::string, uint32_t> earlyMediaHandlers_;
  uint32_t nextHandler_ = 1;
  std::weak_ptr<Session> referred_;
};

}  // namespace sip::api
