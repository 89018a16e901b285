// Session beyond SIP.js: UPDATE (RFC 3311) and the glue of session timers (RFC 4028). See
// session_extensions.h.
#include "api/session_extensions.h"

#include <stdexcept>
#include <utility>

#include "api/inviter.h"
#include "api/session.h"
#include "core/messages/utils.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/update_user_agent.h"
#include "core/user_agents/user_agent_server.h"

namespace sip::api {

using core::SignalingState;

bool updateAllowed(const core::UserAgentCore& core) {
  return core::containsToken(core.configuration.allowedMethods, "UPDATE");
}

bool refuseBySessionTimer(const std::optional<SessionTimerOptions>& options, core::UserAgentServer& uas) {
  if (!options) return false;
  auto n = negotiateAsUas(*options, options->minSE, options->enabled, uas.message());
  if (!n.tooSmall) return false;
  core::ResponseOptions o;
  o.statusCode = 422;
  o.extraHeaders = n.headers();
  try {
    uas.reject(o);
  } catch (const std::exception&) {
    // Already answered (a CANCEL raced us): nothing to refuse any more.
  }
  return true;
}

// ---- session timers ----

void Session::makeSessionTimer(const SessionTimerOptions& options) {
  SessionTimer::Actions actions;
  // The timer belongs to the session and its host timers die with it: `this` outlives them.
  actions.refresh = [this](RefreshMethod method) { return refreshSession(method); };
  actions.expire = [this] { sessionExpired(); };
  timer_ = std::make_unique<SessionTimer>(core_.host(), options, inviter_, updateAllowed(core_), std::move(actions));
}

bool Session::refreshSession(RefreshMethod method) {
  if (state_ != SessionState::Established || !dialog_) return false;
  auto keepAlive = shared_from_this();
  std::weak_ptr<Session> weak = weak_from_this();
  auto logFailure = [weak](std::optional<Failure> failure) {
    auto self = weak.lock();
    if (self && failure) self->logger_.warn("Session refresh not sent: " + failure->message);
  };
  if (method == RefreshMethod::Update) {
    UpdateOptions options;
    options.withoutSdp = true;  // RFC 4028 §7.4: an UPDATE refresh need not renegotiate media
    options.sessionRefresh = true;
    update(std::move(options), logFailure);
    return true;
  }
  // A re-INVITE cannot go while another INVITE or an offer is outstanding.
  if (pendingReinvite_ || pendingUpdate_ || dialog_->reinviteUserAgentClient || dialog_->reinviteUserAgentServer ||
      dialog_->signalingState() != SignalingState::Stable) {
    return false;
  }
  ReinviteOptions options;
  options.sessionRefresh = true;
  reinvite(std::move(options), logFailure);
  return true;
}

void Session::sessionExpired() {
  auto keepAlive = shared_from_this();
  if (state_ != SessionState::Established) return;
  logger_.warn("Session " + id_ + " expired (RFC 4028): no session refresh in time, sending BYE");
  try {
    byeNow({}, {}, [](std::optional<Failure>) {});
  } catch (const std::exception& e) {
    logger_.error(e.what());
    if (state_ != SessionState::Terminated) stateTransition(SessionState::Terminated);
  }
}

bool Session::refuseBySessionTimer(const std::shared_ptr<core::UserAgentServer>& uas) {
  if (!timer_) return false;
  auto refusal = timer_->refuse(uas->message());
  if (!refusal) return false;
  core::ResponseOptions o;
  o.statusCode = 422;
  o.extraHeaders = *refusal;
  std::string text;
  try {
    text = uas->reject(o).message;
  } catch (const std::exception& e) {
    logger_.error(e.what());
  }
  host_.reinviteAnswered(*this, uas->message(), text, 422);
  return true;
}

bool Inviter::retryInviteAfter422(const sip::Message& response, DelegateId appDelegate) {
  if (!timer_ || !outgoingInviteRequest_ || isCanceled_ || state_ != SessionState::Establishing) return false;
  auto retry = inviteAfter422(*timer_, outgoingInviteRequest_->message(), response);
  if (!retry) return false;
  logger_.log("422 Session Interval Too Small: sending the INVITE again asking for " +
              std::to_string(timer_->interval()) + " s");
  request_ = std::make_shared<core::OutgoingRequestMessage>(std::move(*retry));  // the old UAC keeps its own
  sendInvite(appDelegate);
  return true;
}

// ---- UPDATE (RFC 3311) ----

namespace {
core::RequestOptions toRequestOptions(const SessionRequestOptions& options) {
  core::RequestOptions r;
  r.extraHeaders = options.extraHeaders;
  r.body = options.body;
  return r;
}
}  // namespace

void Session::update(UpdateOptions options, Completion done) {
  logger_.log("Session.update");
  if (!updateAllowed(core_)) {
    return done(Failure{FailureKind::Error,
                        "UPDATE is not enabled: set the user agent's sipExtensionUpdate option to \"Supported\"."});
  }
  // Early: an Invitation stays Initial until accept(), an Inviter is Establishing.
  std::shared_ptr<core::SessionDialog> dialog;
  if (state_ == SessionState::Established) {
    dialog = dialog_;
  } else if (state_ == SessionState::Initial || state_ == SessionState::Establishing) {
    dialog = earlyDialog();
  }
  if (!dialog && state_ != SessionState::Establishing) {
    return done(Failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)});
  }
  if (!dialog || dialog->signalingState() == SignalingState::Closed) {
    return done(Failure{FailureKind::Error,
                        "Session.update() needs a dialog: an established session, or an early dialog whose offer/answer "
                        "is complete (a reliable provisional response, or the earlyMedia option)."});
  }
  const bool offer = !options.withoutSdp;
  const bool established = state_ == SessionState::Established;
  if (offer) {
    // RFC 3311 §5.1: one offer at a time, and none before the early offer/answer is complete.
    if (pendingReinvite_ || pendingUpdate_ || dialog->signalingState() != SignalingState::Stable ||
        (!established && earlyOfferBlocked())) {
      return done(Failure{FailureKind::RequestPending,
                          "An offer/answer exchange is in progress. Please wait until it completes, then try again."});
    }
    pendingUpdate_ = true;
  }
  const DescriptionOptions descriptionOptions = established ? DescriptionOptions::ReInvite : DescriptionOptions::Session;
  const DelegateId appDelegate = options.request.delegate;
  const bool sessionRefresh = options.sessionRefresh;
  std::weak_ptr<Session> weak = weak_from_this();

  std::weak_ptr<core::SessionDialog> weakDialog = dialog;
  core::OutgoingRequestDelegate delegate;
  auto deliver = [weak, appDelegate](const char* callback, const sip::Message& response) {
    auto self = weak.lock();
    if (self && appDelegate) self->host_.requestDelegate(*self, appDelegate, callback, response);
  };
  delegate.onAccept = [weak, weakDialog, offer, descriptionOptions, deliver](const core::IncomingResponse& response) {
    auto self = weak.lock();
    if (!self) return;
    if (self->timer_ && self->state_ == SessionState::Established) self->timer_->requestAccepted(response.message);
    if (!offer) return deliver("onAccept", response.message);
    auto message = self->core_.shareMessage(response.message);  // kept until the answer is ready
    auto finish = [weak, message, deliver](const char* failure, int code) {
      auto s = weak.lock();
      if (!s) return;
      s->pendingUpdate_ = false;
      if (failure) {
        s->logger_.error(failure);
        if (s->state_ == SessionState::Established && s->dialog_) s->byeWithReason(code);
      }
      deliver("onAccept", *message);
    };
    auto answer = core::getBody(response.message);
    if (!answer || answer->contentDisposition != "session") {
      // The dialog still waits for an answer: take our offer back on both sides.
      if (auto dialog = weakDialog.lock()) dialog->signalingStateRollback();
      self->rollbackOffer([finish](std::optional<Failure>) {
        finish("Received 2xx response to UPDATE without a session description", 400);
      });
      return;
    }
    self->setAnswer(*answer, descriptionOptions, [finish](std::optional<Failure> failure) {
      finish(failure ? "Failed to handle the answer in a 2xx response to UPDATE" : nullptr, 488);
    });
  };
  auto rejected = [weak, offer, sessionRefresh, deliver](const char* callback, const core::IncomingResponse& response) {
    auto self = weak.lock();
    if (!self) return;
    self->logger_.warn("Received a non-2xx response to UPDATE");
    if (self->timer_ && self->state_ == SessionState::Established) {
      self->timer_->requestRejected(response.message, sessionRefresh);
    }
    if (!offer) return deliver(callback, response.message);
    self->pendingUpdate_ = false;
    auto message = self->core_.shareMessage(response.message);  // kept until the answer is ready
    self->rollbackOffer([weak, message, deliver, callback](std::optional<Failure> failure) {
      auto s = weak.lock();
      if (!s) return;
      if (failure && s->state_ == SessionState::Established && s->dialog_) {
        s->logger_.error("Failed to rollback offer on non-2xx response to UPDATE");
        s->byeWithReason(500, "Internal Server Error");
      }
      deliver(callback, *message);
    });
  };
  delegate.onReject = [rejected](const core::IncomingResponse& response) { rejected("onReject", response); };
  delegate.onRedirect = [rejected](const core::IncomingResponse& response) { rejected("onRedirect", response); };
  delegate.onProgress = [deliver](const core::IncomingResponse& response) { deliver("onProgress", response.message); };
  delegate.onTrying = [deliver](const core::IncomingResponse& response) { deliver("onTrying", response.message); };

  core::RequestOptions requestOptions = toRequestOptions(options.request);
  requestOptions.extraHeaders.push_back("Contact: " + contact_);
  if (timer_ && established) {
    for (auto& h : timer_->refreshRequestHeaders()) requestOptions.extraHeaders.push_back(h);
  }
  auto send = [weak, weakDialog, delegate = std::move(delegate), offer](core::RequestOptions o) -> std::optional<Failure> {
    auto self = weak.lock();
    auto dialog = weakDialog.lock();
    if (!self || !dialog || dialog->signalingState() == SignalingState::Closed) {
      return Failure{FailureKind::Error, "Dialog undefined."};
    }
    // Their offer may have arrived while our handler made ours: theirs wins, ours is withdrawn.
    if (offer && dialog->signalingState() != SignalingState::Stable) {
      return Failure{FailureKind::RequestPending,
                     "An offer/answer exchange is in progress. Please wait until it completes, then try again."};
    }
    try {
      auto uac = dialog->update(delegate, o);
      self->host_.requestSent(*self, uac->message().toString());
    } catch (const std::exception& e) {
      return Failure{FailureKind::Error, e.what()};
    }
    return std::nullopt;
  };
  if (!offer) return done(send(std::move(requestOptions)));
  getOffer(descriptionOptions, [weak, send, requestOptions, done](std::optional<Body> body,
                                                                    std::optional<Failure> failure) mutable {
    auto self = weak.lock();
    if (!self) return;
    if (!failure && !body) failure = Failure{FailureKind::Error, "No offer from the session description handler."};
    if (!failure) {
      requestOptions.body = Body{"session", body->contentType, body->content};
      failure = send(std::move(requestOptions));
      if (failure) self->rollbackOffer([](std::optional<Failure>) {});
    }
    if (failure) self->pendingUpdate_ = false;
    done(failure);
  });
}

void Session::handleUpdatesOn(const std::shared_ptr<core::SessionDialog>& dialog) {
  std::weak_ptr<Session> weak = weak_from_this();
  std::weak_ptr<core::SessionDialog> weakDialog = dialog;
  dialog->delegate.onUpdate = [weak, weakDialog](std::shared_ptr<core::UpdateUserAgentServer> uas) {
    auto self = weak.lock();
    auto d = weakDialog.lock();
    if (self && d) self->onUpdateRequest(std::move(uas));
  };
}

void Session::onUpdateRequest(std::shared_ptr<core::UpdateUserAgentServer> uas) {
  logger_.log("Session.onUpdateRequest");
  if (state_ == SessionState::Terminating || state_ == SessionState::Terminated) {
    logger_.error(std::string("UPDATE received while in state ") + toString(state_) + ", dropping request");
    return;
  }
  const bool established = state_ == SessionState::Established;
  if (established && refuseBySessionTimer(uas)) return;
  setAssertedIdentityFrom(uas->message());
  std::weak_ptr<Session> weak = weak_from_this();
  auto answerWith = [weak, uas](int statusCode, std::optional<Body> body) {
    auto self = weak.lock();
    if (!self) return;
    core::ResponseOptions o;
    o.statusCode = statusCode;
    std::string text;
    try {
      if (statusCode < 300) {
        o.extraHeaders.push_back("Contact: " + self->contact_);
        if (self->timer_ && self->state_ == SessionState::Established) {
          for (auto& h : self->timer_->accepting(uas->message())) o.extraHeaders.push_back(h);
        }
        o.body = std::move(body);
        text = uas->accept(o).message;
      } else {
        text = uas->reject(o).message;
      }
    } catch (const std::exception& e) {
      self->logger_.error(e.what());
      return;
    }
    self->host_.reinviteAnswered(*self, uas->message(), text, statusCode);
  };
  auto body = core::getBody(uas->message());
  if (!body || body->contentDisposition != "session") return answerWith(200, std::nullopt);
  // Our own offer is being made (not sent yet, so the dialog saw no glare): RFC 3311 §5.2 glare.
  if (pendingUpdate_ || pendingReinvite_) return answerWith(491, std::nullopt);
  const DescriptionOptions options = established ? DescriptionOptions::ReInvite : DescriptionOptions::Session;
  setOfferAndGetAnswer(*body, options, [weak, answerWith](std::optional<Body> answer, std::optional<Failure> failure) {
    auto self = weak.lock();
    if (!self) return;
    if (!failure && answer) return answerWith(200, Body{"session", answer->contentType, answer->content});
    self->logger_.error("Failed to handle the offer in an UPDATE");
    self->rollbackOffer([weak, answerWith](std::optional<Failure> rollbackFailure) {
      answerWith(488, std::nullopt);
      auto s = weak.lock();
      if (!s || !rollbackFailure) return;
      s->logger_.error("Failed to rollback offer on UPDATE request");
      if (s->state_ == SessionState::Established && s->dialog_) s->byeWithReason(500, "Internal Server Error");
    });
  });
}

}  // namespace sip::api
