#include "api/inviter.h"

#include <stdexcept>
#include <utility>

#include "core/messages/utils.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/prack_user_agent.h"

namespace sip::api {

using core::SignalingState;

namespace {
const char* kAllow = "Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER";

core::OutgoingRequestMessage makeInvite(core::UserAgentCore& core, const sip::Uri& target, InviterOptions& options,
                                        const std::string& fromTag) {
  if (options.anonymous) {
    options.params.fromDisplayName = "Anonymous";
    options.fromUri = sip::parseUri("sip:anonymous@anonymous.invalid");
  }
  sip::Uri fromURI = options.fromUri ? *options.fromUri : core.configuration.aor;
  sip::Uri toURI = options.toUri ? *options.toUri : target;
  core::OutgoingRequestMessageOverrides params = options.params;
  params.fromTag = fromTag;
  std::vector<std::string> extraHeaders = options.extraHeaders;
  if (options.anonymous) {
    extraHeaders.push_back("P-Preferred-Identity: " + core.configuration.aor.toString());
    extraHeaders.push_back("Privacy: id");
  }
  extraHeaders.push_back("Contact: " + options.contact);
  extraHeaders.push_back(std::string(kAllow) + (updateAllowed(core) ? ",UPDATE" : ""));  // RFC 3311
  if (options.require100rel) extraHeaders.push_back("Require: 100rel");
  if (options.requireReplaces) extraHeaders.push_back("Require: replaces");
  return core.makeOutgoingRequestMessage("INVITE", target, fromURI, toURI, params, std::move(extraHeaders));
}
}  // namespace

std::shared_ptr<Inviter> Inviter::create(core::UserAgentCore& core, SessionHost& host, const sip::Uri& target,
                                         InviterOptions options) {
  return std::make_shared<Inviter>(Tag{}, core, host, target, std::move(options));
}

Inviter::Inviter(Tag, core::UserAgentCore& core, SessionHost& host, const sip::Uri& target, InviterOptions options)
    : Session(core, host, true, "sip.Inviter"),
      request_(std::make_shared<core::OutgoingRequestMessage>(
          makeInvite(core, target, options, core::newTag(core.host())))),
      earlyMedia_(options.earlyMedia),
      inviteWithoutSdp_(options.inviteWithoutSdp),
      referred_(options.referred) {
  contact_ = options.contact;
  renderBody_ = options.renderBody;
  if (options.sessionTimers) {  // RFC 4028 (session_extensions.cpp)
    makeSessionTimer(*options.sessionTimers);
    for (auto& h : timer_->initialRequestHeaders()) request_->extraHeaders.push_back(h);
  }
  id_ = request_->callId + request_->fromTag;
}

Inviter::~Inviter() {
  if (outgoingInviteRequest_) outgoingInviteRequest_->delegate = {};
}

void Inviter::dispose(Completion done) {
  if (disposed_) return done(std::nullopt);
  disposed_ = true;
  disposeEarlyMedia();
  endThenDispose([this](Completion next) { cancel(0, {}, {}, std::move(next)); }, std::move(done));
}

void Inviter::cancel(int statusCode, const std::string& reasonPhrase, std::vector<std::string> extraHeaders,
                     Completion done) {
  logger_.log("Inviter.cancel");
  if (state_ != SessionState::Initial && state_ != SessionState::Establishing) {
    Failure failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)};
    logger_.error(failure.message);
    return done(failure);
  }
  // Checked before anything changes, as js/api/inviter.js does (SIP.js throws after moving to
  // Terminating, which leaves the session there with no CANCEL sent).
  if (statusCode && !reasonPhrase.empty() && (statusCode < 200 || statusCode > 699)) {
    throw std::invalid_argument("Invalid statusCode: " + std::to_string(statusCode));
  }
  auto keepAlive = shared_from_this();
  isCanceled_ = true;
  stateTransition(SessionState::Terminating);
  if (outgoingInviteRequest_) {
    std::string reason;
    if (statusCode && !reasonPhrase.empty()) {
      std::string text(core::getReasonPhrase(statusCode));
      if (text.empty()) text = reasonPhrase;
      reason = "SIP;cause=" + std::to_string(statusCode) + ";text=\"" + text + "\"";
    }
    core::RequestOptions options;
    options.extraHeaders = std::move(extraHeaders);
    outgoingInviteRequest_->cancel(reason, options);
  } else {
    logger_.warn("Canceled session before INVITE was sent");
    stateTransition(SessionState::Terminated);
  }
  done(std::nullopt);
}

void Inviter::invite(InviteOptions options, Completion done) {
  logger_.log("Inviter.invite");
  if (state_ != SessionState::Initial) {
    ReinviteOptions reinviteOptions;
    reinviteOptions.request = std::move(options.reinviteRequest);
    reinviteOptions.request.delegate = options.delegate;
    reinviteOptions.withoutSdp = options.withoutSdp;
    return reinvite(std::move(reinviteOptions), std::move(done));
  }
  const DelegateId appDelegate = options.delegate;
  if (options.withoutSdp || inviteWithoutSdp_) {
    if (renderBody_) request_->body = renderBody_;
    stateTransition(SessionState::Establishing);
    sendInvite(appDelegate);
    return done(std::nullopt);
  }
  std::weak_ptr<Session> weak = weak_from_this();
  getOffer(DescriptionOptions::Session, [weak, appDelegate, done](std::optional<Body> offer, std::optional<Failure> failure) {
    auto self = std::static_pointer_cast<Inviter>(weak.lock());
    if (!self) return;
    if (!failure) {
      try {
        if (offer) self->request_->body = Body{"session", offer->contentType, offer->content};
        self->stateTransition(SessionState::Establishing);
        self->sendInvite(appDelegate);
        return done(std::nullopt);
      } catch (const std::exception& e) {
        failure = Failure{FailureKind::Error, e.what()};
      }
    }
    self->logger_.log(failure->message);
    if (self->state_ != SessionState::Terminated) self->stateTransition(SessionState::Terminated);
    done(failure);
  });
}

void Inviter::sendInvite(DelegateId appDelegate) {
  std::weak_ptr<Session> weak = weak_from_this();
  auto self = [weak]() { return std::static_pointer_cast<Inviter>(weak.lock()); };
  core::OutgoingInviteRequestDelegate d;
  d.onAccept = [self, appDelegate](const core::AckableIncomingResponseWithSession& response) {
    auto s = self();
    if (!s) return;
    if (s->dialog_) {
      s->logger_.log("Additional confirmed dialog, sending ACK and BYE");
      s->ackAndBye(response.ack, response.session);
      return;
    }
    if (s->isCanceled_) {
      s->logger_.log("Canceled session accepted, sending ACK and BYE");
      s->ackAndBye(response.ack, response.session);
      if (s->state_ != SessionState::Terminated) s->stateTransition(SessionState::Terminated);
      return;
    }
    s->notifyReferer(response.message);
    auto message = s->core_.shareMessage(response.message);  // kept until the answer is ready
    std::weak_ptr<Inviter> w = s;
    s->onAccept(response, [w, appDelegate, message](std::optional<Failure> failure) {
      auto t = w.lock();
      if (!t) return;
      if (!failure && t->timer_) t->timer_->requestAccepted(*message);  // RFC 4028 §7.2
      t->disposeEarlyMedia();
      if (appDelegate) t->host_.requestDelegate(*t, appDelegate, "onAccept", *message);
    });
  };
  d.onProgress = [self, appDelegate](const core::PrackableIncomingResponseWithSession& response) {
    auto s = self();
    if (!s || s->isCanceled_) return;
    s->notifyReferer(response.message);
    auto message = s->core_.shareMessage(response.message);  // kept until the answer is ready
    std::weak_ptr<Inviter> w = s;
    s->onProgress(response, [w, appDelegate, message](std::optional<Failure> failure) {
      auto t = w.lock();
      if (!t) return;
      if (failure) t->disposeEarlyMedia();
      if (appDelegate) t->host_.requestDelegate(*t, appDelegate, "onProgress", *message);
    });
  };
  d.onRedirect = [self, appDelegate](const core::IncomingResponse& response) {
    auto s = self();
    if (!s) return;
    s->notifyReferer(response.message);
    s->onFinalNon2xx("Redirect");
    if (appDelegate) s->host_.requestDelegate(*s, appDelegate, "onRedirect", response.message);
  };
  d.onReject = [self, appDelegate](const core::IncomingResponse& response) {
    auto s = self();
    if (!s) return;
    if (s->retryInviteAfter422(response.message, appDelegate)) return;  // RFC 4028 §7.3
    s->notifyReferer(response.message);
    s->onFinalNon2xx("Reject");
    if (appDelegate) s->host_.requestDelegate(*s, appDelegate, "onReject", response.message);
  };
  d.onTrying = [self, appDelegate](const core::IncomingResponse& response) {
    auto s = self();
    if (!s) return;
    s->notifyReferer(response.message);
    if (s->state_ != SessionState::Establishing) {
      s->logger_.error(std::string("Trying received while in state ") + toString(s->state_) + ", dropping response");
    }
    if (appDelegate) s->host_.requestDelegate(*s, appDelegate, "onTrying", response.message);
  };
  // No requestSent: what invite() resolves with reads Inviter.request, the message the UAC sends
  // and updates (SIP.js's OutgoingInviteRequest.message is that same object).
  outgoingInviteRequest_ = core_.invite(request_, std::move(d));
}

void Inviter::onFinalNon2xx(const char* what) {
  logger_.log("Inviter.on", what);
  if (state_ != SessionState::Establishing && state_ != SessionState::Terminating) {
    logger_.error(std::string(what) + " received while in state " + toString(state_) + ", dropping response");
    return;
  }
  stateTransition(SessionState::Terminated);
}

void Inviter::disposeEarlyMedia() {
  for (const auto& [dialogId, handler] : earlyMediaHandlers_) host_.closeDescriptionHandler(*this, handler);
  earlyMediaHandlers_.clear();
}

uint32_t Inviter::earlyMediaHandlerFor(const std::string& dialogId) {
  auto it = earlyMediaHandlers_.find(dialogId);
  if (it != earlyMediaHandlers_.end()) return it->second;
  uint32_t handler = nextHandler_++;
  earlyMediaHandlers_.emplace(dialogId, handler);
  return handler;
}

void Inviter::notifyReferer(const sip::Message& response) {
  auto referred = referred_.lock();
  if (!referred || !referred->dialog()) return;
  core::RequestOptions options;
  options.extraHeaders = {"Event: refer", "Subscription-State: terminated"};
  std::string fragment = "SIP/2.0 " + std::to_string(response.statusCode) + " " + response.reasonPhrase;
  while (!fragment.empty() && fragment.back() == ' ') fragment.pop_back();
  options.body = Body{"render", "message/sipfrag", fragment};
  core::OutgoingRequestDelegate d;
  std::weak_ptr<Session> weak = weak_from_this();
  d.onReject = [weak](const core::IncomingResponse&) {
    if (auto self = std::static_pointer_cast<Inviter>(weak.lock())) self->referred_.reset();
  };
  try {
    referred->dialog()->notify(std::move(d), options);
  } catch (const std::exception& e) {
    logger_.error(e.what());
  }
}

void Inviter::onAccept(const core::AckableIncomingResponseWithSession& response, Completion done) {
  logger_.log("Inviter.onAccept");
  if (state_ != SessionState::Establishing) {
    logger_.error(std::string("Accept received while in state ") + toString(state_) + ", dropping response");
    return done(Failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)});
  }
  setAssertedIdentityFrom(response.message);
  auto session = response.session;
  auto ack = response.ack;
  adoptDialog(session, false);
  std::weak_ptr<Session> weak = weak_from_this();
  auto self = [weak]() { return std::static_pointer_cast<Inviter>(weak.lock()); };
  switch (session->signalingState()) {
    case SignalingState::Initial:
    case SignalingState::HaveLocalOffer:
      logger_.error("Received 2xx response to INVITE without a session description");
      ackAndBye(ack, session, 400, "Missing session description");
      stateTransition(SessionState::Terminated);
      return done(Failure{FailureKind::Error, "Bad Media Description"});
    case SignalingState::HaveRemoteOffer: {
      if (!session->offer()) return done(Failure{FailureKind::Error, "Session offer undefined."});
      setOfferAndGetAnswer(*session->offer(), DescriptionOptions::Session,
                           [self, ack, session, done](std::optional<Body> answer, std::optional<Failure> failure) {
                             auto s = self();
                             if (!s) return;
                             if (failure) {
                               s->ackAndBye(ack, session, 488, "Invalid session description");
                               if (s->state_ != SessionState::Terminated) s->stateTransition(SessionState::Terminated);
                               return done(failure);
                             }
                             core::RequestOptions o;
                             o.body = answer;
                             ack(o);
                             s->stateTransition(SessionState::Established);
                             done(std::nullopt);
                           });
      return;
    }
    case SignalingState::Stable: {
      if (!earlyMediaHandlers_.empty()) {
        auto it = earlyMediaHandlers_.find(session->id());
        if (it == earlyMediaHandlers_.end()) return done(Failure{FailureKind::Error, "Session description handler undefined."});
        host_.adoptDescriptionHandler(*this, it->second);
        earlyMediaHandlers_.erase(it);
        ack({});
        stateTransition(SessionState::Established);
        return done(std::nullopt);
      }
      if (auto early = earlyMediaDialog_.lock()) {
        if (early != session) {
          if (earlyMedia_) {
            logger_.error(
                "You have set the 'earlyMedia' option to 'true' which requires that your INVITE requests do not fork, "
                "and yet this INVITE request did in fact fork.");
          }
          logger_.error("Early media dialog does not equal confirmed dialog, terminating session");
          ackAndBye(ack, session, 488, "Not Acceptable Here");
          stateTransition(SessionState::Terminated);
          return done(Failure{FailureKind::Error, "Early media dialog does not equal confirmed dialog, terminating session"});
        }
        ack({});
        stateTransition(SessionState::Established);
        return done(std::nullopt);
      }
      if (!session->answer()) return done(Failure{FailureKind::Error, "Answer is undefined."});
      setAnswer(*session->answer(), DescriptionOptions::Session, [self, ack, session, done](std::optional<Failure> failure) {
        auto s = self();
        if (!s) return;
        if (failure) {
          s->logger_.error(failure->message);
          s->ackAndBye(ack, session, 488, "Not Acceptable Here");
          if (s->state_ != SessionState::Terminated) s->stateTransition(SessionState::Terminated);
          return done(failure);
        }
        core::RequestOptions o;
        if (s->renderBody_) o.body = Body{"render", s->renderBody_->contentType, s->renderBody_->content};
        ack(o);
        s->stateTransition(SessionState::Established);
        done(std::nullopt);
      });
      return;
    }
    case SignalingState::Closed:
      return done(Failure{FailureKind::Error, "Terminated."});
  }
}

void Inviter::onProgress(const core::PrackableIncomingResponseWithSession& response, Completion done) {
  logger_.log("Inviter.onProgress");
  if (state_ != SessionState::Establishing) {
    logger_.error(std::string("Progress received while in state ") + toString(state_) + ", dropping response");
    return done(Failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)});
  }
  const sip::Message& message = response.message;
  setAssertedIdentityFrom(message);
  bool requires100rel = false;
  for (const auto& tag : message.tokens("Require"))
    if (tag == "100rel") requires100rel = true;
  auto rseq = message.header("RSeq");
  const bool reliable = requires100rel && rseq && !rseq->empty();
  core::RequestOptions prackOptions;
  if (reliable) {
    prackOptions.extraHeaders.push_back("RAck: " + std::string(*rseq) + " " + std::string(message.header("CSeq").value_or("")));
  }
  auto session = response.session;
  auto prack = response.prack;
  switch (session->signalingState()) {
    case SignalingState::Initial:
      if (reliable) {
        logger_.warn("First reliable provisional response received MUST contain an offer when INVITE does not contain an offer.");
        prack(prackOptions);
      }
      return done(std::nullopt);
    case SignalingState::HaveLocalOffer:
      if (reliable) prack(prackOptions);
      return done(std::nullopt);
    case SignalingState::HaveRemoteOffer: {
      if (!reliable) {
        logger_.warn("Non-reliable provisional response MUST NOT contain an initial offer, discarding response.");
        return done(std::nullopt);
      }
      uint32_t handler = earlyMediaHandlerFor(session->id());
      auto offer = core::getBody(message).value_or(Body{"session", "application/sdp", message.body});
      std::weak_ptr<Session> weak = weak_from_this();
      setOfferAndGetAnswer(
          offer, DescriptionOptions::Session,
          [weak, prack, prackOptions, done](std::optional<Body> answer, std::optional<Failure> failure) mutable {
            auto s = weak.lock();
            if (!s) return;
            if (failure) {
              if (s->state() != SessionState::Terminated) std::static_pointer_cast<Inviter>(s)->stateTransition(SessionState::Terminated);
              return done(failure);
            }
            if (answer) prackOptions.body = Body{"session", answer->contentType, answer->content};
            prack(prackOptions);
            done(std::nullopt);
          },
          handler);
      return;
    }
    case SignalingState::Stable:
      if (reliable) prack(prackOptions);
      if (earlyMedia_ && !earlyMediaDialog_.lock()) {
        earlyMediaDialog_ = session;
        handleUpdatesOn(session);  // RFC 3311: UPDATE in the early dialog
        if (!session->answer()) return done(Failure{FailureKind::Error, "Answer is undefined."});
        std::weak_ptr<Session> weak = weak_from_this();
        setAnswer(*session->answer(), DescriptionOptions::Session, [weak, done](std::optional<Failure> failure) {
          auto s = std::static_pointer_cast<Inviter>(weak.lock());
          if (!s) return;
          if (failure && s->state_ != SessionState::Terminated) s->stateTransition(SessionState::Terminated);
          done(failure);
        });
        return;
      }
      return done(std::nullopt);
    case SignalingState::Closed:
      return done(Failure{FailureKind::Error, "Terminated."});
  }
}

}  // namespace sip::api
