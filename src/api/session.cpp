#include "api/session.h"

#include <atomic>
#include <stdexcept>
#include <utility>

#include "core/messages/utils.h"
#include "core/user_agents/bye_user_agent.h"
#include "core/user_agents/info_user_agent.h"
#include "core/user_agents/message_user_agent.h"
#include "core/user_agents/notify_user_agent.h"
#include "core/user_agents/re_invite_user_agent.h"
#include "core/user_agents/refer_user_agent.h"

namespace sip::api {

using core::SignalingState;

namespace {
std::atomic<size_t> gLiveSessions{0};

core::RequestOptions toRequestOptions(const SessionRequestOptions& options) {
  core::RequestOptions r;
  r.extraHeaders = options.extraHeaders;
  r.body = options.body;
  return r;
}

Failure invalidState(SessionState state) {
  return Failure{FailureKind::Error, std::string("Invalid session state ") + toString(state)};
}
}  // namespace

const char* toString(SessionState state) {
  switch (state) {
    case SessionState::Initial: return "Initial";
    case SessionState::Establishing: return "Establishing";
    case SessionState::Established: return "Established";
    case SessionState::Terminating: return "Terminating";
    case SessionState::Terminated: return "Terminated";
  }
  return "Unknown";
}

size_t Session::liveCount() { return gLiveSessions.load(); }

Session::Session(core::UserAgentCore& core, SessionHost& host, bool inviter, const char* category)
    : core_(core), host_(host), logger_(core.host(), category), inviter_(inviter) {
  ++gLiveSessions;
}

Session::~Session() {
  // Dropping the session must not leave the dialog calling into freed memory.
  if (dialog_) dialog_->delegate = {};
  --gLiveSessions;
}

std::string Session::reasonHeaderValue(int code, const std::string& reason) {
  std::string text(core::getReasonPhrase(code));
  if (text.empty()) text = reason;
  return "SIP;cause=" + std::to_string(code) + ";text=\"" + text + "\"";
}

void Session::stateTransition(SessionState newState) {
  auto invalid = [&] {
    throw std::logic_error(std::string("Invalid state transition from ") + toString(state_) + " to " +
                           toString(newState));
  };
  switch (state_) {
    case SessionState::Initial:
      if (newState == SessionState::Initial) invalid();
      break;
    case SessionState::Establishing:
      if (newState != SessionState::Established && newState != SessionState::Terminating &&
          newState != SessionState::Terminated)
        invalid();
      break;
    case SessionState::Established:
      if (newState != SessionState::Terminating && newState != SessionState::Terminated) invalid();
      break;
    case SessionState::Terminating:
      if (newState != SessionState::Terminated) invalid();
      break;
    case SessionState::Terminated:
      invalid();
  }
  auto keepAlive = shared_from_this();
  state_ = newState;
  logger_.log("Session ", id_, " transitioned to state ", toString(state_));
  host_.stateChanged(*this, state_);
  if (newState == SessionState::Terminated) dispose([](std::optional<Failure>) {});
}

void Session::dispose(Completion done) { disposeSession(std::move(done)); }

void Session::endThenDispose(const std::function<void(Completion)>& end, Completion done) {
  if (state_ != SessionState::Initial && state_ != SessionState::Establishing) return disposeSession(std::move(done));
  std::weak_ptr<Session> weak = weak_from_this();
  end([weak, done](std::optional<Failure>) {
    if (auto self = weak.lock()) {
      self->disposeSession(done);
    } else {
      done(std::nullopt);
    }
  });
}

void Session::disposeSession(Completion done) {
  logger_.log("Session ", id_, " in state ", toString(state_), " is being disposed");
  if (timer_) timer_->stop();  // RFC 4028 (session_extensions.cpp)
  host_.closeDescriptionHandler(*this, 0);
  if (state_ != SessionState::Established) return done(std::nullopt);
  // SIP.js resolves dispose() of an established session when its BYE is answered.
  auto finish = std::make_shared<Completion>(std::move(done));
  auto settle = [finish]() {
    if (*finish) (*finish)(std::nullopt);
    *finish = nullptr;
  };
  core::OutgoingRequestDelegate delegate;
  delegate.onAccept = [settle](const core::IncomingResponse&) { settle(); };
  delegate.onRedirect = [settle](const core::IncomingResponse&) { settle(); };
  delegate.onReject = [settle](const core::IncomingResponse&) { settle(); };
  try {
    byeNow(std::move(delegate), {}, [settle](std::optional<Failure> failure) {
      if (failure) settle();
    });
  } catch (const std::exception& e) {
    logger_.error(e.what());
    settle();
  }
}

core::OutgoingRequestDelegate forwardResponses(std::function<void(const char*, const sip::Message&)> forward) {
  auto make = [forward](const char* name) {
    return [forward, name](const core::IncomingResponse& response) { forward(name, response.message); };
  };
  core::OutgoingRequestDelegate d;
  d.onAccept = make("onAccept");
  d.onProgress = make("onProgress");
  d.onRedirect = make("onRedirect");
  d.onReject = make("onReject");
  d.onTrying = make("onTrying");
  return d;
}

core::OutgoingRequestDelegate Session::requestDelegateFor(DelegateId delegate) {
  if (delegate == 0) return {};
  // The application hears the response even when the session has ended meanwhile (a BYE's 200
  // comes after Terminated). The request's UAC holds this until its transaction ends; the session
  // does not hold the UAC, so this forms no cycle.
  return forwardResponses([self = shared_from_this(), delegate](const char* callback, const sip::Message& response) {
    self->host_.requestDelegate(*self, delegate, callback, response);
  });
}


// ---- outgoing requests in the session ----

void Session::bye(SessionRequestOptions options, Completion done) {
  if (state_ != SessionState::Established) {
    std::string message = "Session.bye() may only be called if established session.";
    logger_.error(message);
    done(invalidState(state_));
    return;
  }
  byeNow(requestDelegateFor(options.delegate), toRequestOptions(options), std::move(done));
}

void Session::byeNow(core::OutgoingRequestDelegate delegate, core::RequestOptions requestOptions, Completion done) {
  if (!dialog_) {
    done(Failure{FailureKind::Error, "Session dialog undefined."});
    return;
  }
  auto dialog = dialog_;
  switch (dialog->sessionState()) {
    case core::SessionState::AckWait: {
      // The ACK of our 2xx has not come yet: BYE once it does (or once it never will).
      stateTransition(SessionState::Terminating);
      auto sendBye = std::make_shared<std::function<void()>>();
      std::weak_ptr<Session> weak = weak_from_this();
      *sendBye = [weak, dialog, delegate, requestOptions, done]() {
        auto self = weak.lock();
        try {
          auto uac = dialog->bye(delegate, requestOptions);
          if (self) self->host_.requestSent(*self, uac->message().toString());
        } catch (const std::exception& e) {
          if (self) self->logger_.error(e.what());
        }
        if (self && self->state_ != SessionState::Terminated) self->stateTransition(SessionState::Terminated);
        done(std::nullopt);
      };
      core::SessionDelegate d;
      d.onAck = [sendBye](const core::IncomingAckRequest&) { (*sendBye)(); };
      d.onAckTimeout = [sendBye]() { (*sendBye)(); };
      dialog->delegate = std::move(d);
      return;
    }
    case core::SessionState::Confirmed:
      host_.requestSent(*this, dialog->bye(delegate, requestOptions)->message().toString());
      stateTransition(SessionState::Terminated);
      done(std::nullopt);
      return;
    default:
      throw std::logic_error(std::string("Invalid dialog state ") + std::string(core::toString(dialog->sessionState())));
  }
}

void Session::info(SessionRequestOptions options, Completion done) {
  if (state_ != SessionState::Established) {
    logger_.error("Session.info() may only be called if established session.");
    done(invalidState(state_));
    return;
  }
  if (!dialog_) return done(Failure{FailureKind::Error, "Session dialog undefined."});
  host_.requestSent(*this, dialog_->info(requestDelegateFor(options.delegate), toRequestOptions(options))->message().toString());
  done(std::nullopt);
}

void Session::message(SessionRequestOptions options, Completion done) {
  if (state_ != SessionState::Established) {
    logger_.error("Session.message() may only be called if established session.");
    done(invalidState(state_));
    return;
  }
  if (!dialog_) return done(Failure{FailureKind::Error, "Session dialog undefined."});
  host_.requestSent(*this, dialog_->message(requestDelegateFor(options.delegate), toRequestOptions(options))->message().toString());
  done(std::nullopt);
}

void Session::refer(const std::string& referTo, SessionRequestOptions options, bool capturesNotify, Completion done) {
  if (state_ != SessionState::Established) {
    logger_.error("Session.refer() may only be called if established session.");
    done(invalidState(state_));
    return;
  }
  if (!dialog_) return done(Failure{FailureKind::Error, "Session dialog undefined."});
  options.extraHeaders.push_back("Referred-By: <" + core_.configuration.aor.toString() + ">");
  options.extraHeaders.push_back("Contact: " + contact_);
  options.extraHeaders.push_back("Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER");
  options.extraHeaders.push_back("Refer-To: " + referTo);
  capturesNotify_ = capturesNotify;
  host_.requestSent(*this, dialog_->refer(requestDelegateFor(options.delegate), toRequestOptions(options))->message().toString());
  done(std::nullopt);
}

void Session::reinvite(ReinviteOptions options, Completion done) {
  logger_.log("Session.invite");
  if (state_ != SessionState::Established) return done(invalidState(state_));
  if (pendingReinvite_ || pendingUpdate_)  // pendingUpdate_: our UPDATE offer (RFC 3311)
    return done(Failure{FailureKind::RequestPending, "Reinvite in progress. Please wait until complete, then try again."});
  pendingReinvite_ = true;
  const DelegateId appDelegate = options.request.delegate;
  const bool withoutSdp = options.withoutSdp;
  const bool sessionRefresh = options.sessionRefresh;
  std::weak_ptr<Session> weak = weak_from_this();

  core::OutgoingInviteRequestDelegate delegate;
  delegate.onAccept = [weak, appDelegate, withoutSdp](const core::AckableIncomingResponseWithSession& response) {
    auto self = weak.lock();
    if (!self) return;
    if (self->timer_) self->timer_->requestAccepted(response.message);  // RFC 4028: refreshed
    auto body = core::getBody(response.message);
    if (!body) {
      self->logger_.error("Received 2xx response to re-INVITE without a session description");
      self->ackAndBye(response.ack, response.session, 400, "Missing session description");
      self->stateTransition(SessionState::Terminated);
      self->pendingReinvite_ = false;
      return;
    }
    auto message = self->core_.shareMessage(response.message);  // kept until the answer is ready
    auto ack = response.ack;
    auto session = response.session;
    auto finish = [weak, appDelegate, message]() {
      auto s = weak.lock();
      if (!s) return;
      s->pendingReinvite_ = false;
      if (appDelegate) s->host_.requestDelegate(*s, appDelegate, "onAccept", *message);
    };
    auto failed = [weak, ack, session](const char* what) {
      auto s = weak.lock();
      if (!s) return;
      s->logger_.error(what);
      if (s->state_ == SessionState::Terminated) {
        ack({});
      } else {
        s->ackAndBye(ack, session, 488, "Bad Media Description");
        s->stateTransition(SessionState::Terminated);
      }
    };
    if (withoutSdp) {
      // Our re-INVITE had no offer: the 2xx carries it, the ACK carries our answer.
      self->setOfferAndGetAnswer(*body, DescriptionOptions::ReInvite,
                                 [weak, ack, failed, finish](std::optional<Body> answer, std::optional<Failure> failure) {
                                   if (failure) {
                                     failed("Failed to handle offer in 2xx response to re-INVITE");
                                   } else {
                                     core::RequestOptions o;
                                     o.body = answer;
                                     ack(o);
                                   }
                                   finish();
                                 });
    } else {
      self->setAnswer(*body, DescriptionOptions::ReInvite, [ack, failed, finish](std::optional<Failure> failure) {
        if (failure) {
          failed("Failed to handle answer in 2xx response to re-INVITE");
        } else {
          ack({});
        }
        finish();
      });
    }
  };
  delegate.onReject = [weak, appDelegate, withoutSdp, sessionRefresh](const core::IncomingResponse& response) {
    auto self = weak.lock();
    if (!self) return;
    self->logger_.warn("Received a non-2xx response to re-INVITE");
    if (self->timer_) self->timer_->requestRejected(response.message, sessionRefresh);  // RFC 4028
    self->pendingReinvite_ = false;
    if (withoutSdp) {
      if (appDelegate) self->host_.requestDelegate(*self, appDelegate, "onReject", response.message);
      return;
    }
    auto message = self->core_.shareMessage(response.message);  // kept until the answer is ready
    self->rollbackOffer([weak, appDelegate, message](std::optional<Failure> failure) {
      auto s = weak.lock();
      if (!s) return;
      if (failure) {
        s->logger_.error("Failed to rollback offer on non-2xx response to re-INVITE");
        if (s->state_ != SessionState::Terminated && s->dialog_) s->byeWithReason(500, "Internal Server Error");
      }
      if (appDelegate) s->host_.requestDelegate(*s, appDelegate, "onReject", *message);
    });
  };

  core::RequestOptions requestOptions = toRequestOptions(options.request);
  requestOptions.extraHeaders.push_back("Allow: " + core_.allowHeaderValue());
  requestOptions.extraHeaders.push_back("Contact: " + contact_);
  if (timer_) for (auto& h : timer_->refreshRequestHeaders()) requestOptions.extraHeaders.push_back(h);  // RFC 4028
  if (withoutSdp) {
    if (!dialog_) {
      pendingReinvite_ = false;
      return done(Failure{FailureKind::Error, "Dialog undefined."});
    }
    host_.requestSent(*this, dialog_->invite(std::move(delegate), requestOptions)->message().toString());
    return done(std::nullopt);
  }
  getOffer(DescriptionOptions::ReInvite,
           [weak, delegate = std::move(delegate), requestOptions, done](std::optional<Body> offer,
                                                                         std::optional<Failure> failure) mutable {
             auto self = weak.lock();
             if (!self) return;
             if (!failure && !self->dialog_) failure = Failure{FailureKind::Error, "Dialog undefined."};
             if (failure) {
               self->logger_.error(failure->message);
               self->logger_.error("Failed to send re-INVITE");
               self->pendingReinvite_ = false;
               return done(failure);
             }
             requestOptions.body = offer;
             try {
               auto uac = self->dialog_->invite(std::move(delegate), requestOptions);
               self->host_.requestSent(*self, uac->message().toString());
             } catch (const std::exception& e) {
               self->pendingReinvite_ = false;
               return done(Failure{FailureKind::Error, e.what()});
             }
             done(std::nullopt);
           });
}

void Session::ackAndBye(const core::AckFunction& ack,
                        const std::shared_ptr<core::SessionDialog>& dialog, int statusCode,
                        const std::string& reasonPhrase) {
  if (ack) ack({});
  core::RequestOptions o;
  if (statusCode) o.extraHeaders.push_back("Reason: " + reasonHeaderValue(statusCode, reasonPhrase));
  if (dialog) {
    try {
      dialog->bye({}, o);
    } catch (const std::exception& e) {
      logger_.error(e.what());
    }
  }
}

void Session::setAssertedIdentityFrom(const sip::Message& message) {
  if (auto pai = message.header("P-Asserted-Identity")) assertedIdentity_ = std::string(*pai);
}

// ---- the session description handler, as SIP.js's promise helpers ----

void Session::getOffer(DescriptionOptions options, SessionHost::DescriptionCallback done, uint32_t handler) {
  host_.getDescription(*this, handler, options, guard(
                                                    [this, done](std::optional<Body> body, std::optional<Failure> f) {
                                                      if (f) logger_.error("Session.getOffer: SDH getDescription failed: " + f->message);
                                                      done(std::move(body), std::move(f));
                                                    }));
}

void Session::setAnswer(const Body& answer, DescriptionOptions options, Completion done, uint32_t handler) {
  if (handler == 0) {
    if (auto refused = host_.hasDescription(*this, answer.contentType)) return done(refused);
  }
  host_.setDescription(*this, handler, answer, options, guard([this, done](std::optional<Failure> f) {
                         if (f) logger_.error("Session.setAnswer: SDH setDescription failed: " + f->message);
                         done(std::move(f));
                       }));
}

void Session::setOfferAndGetAnswer(const Body& offer, DescriptionOptions options, SessionHost::DescriptionCallback done,
                                   uint32_t handler) {
  if (handler == 0) {
    if (auto refused = host_.hasDescription(*this, offer.contentType)) return done(std::nullopt, refused);
  }
  host_.setDescription(*this, handler, offer, options, [self = shared_from_this(), options, done, handler](std::optional<Failure> f) {
    if (f) {
      self->logger_.error("Session.setOfferAndGetAnswer: SDH setDescription failed: " + f->message);
      return done(std::nullopt, f);
    }
    self->host_.getDescription(*self, handler, options, [s = self, done](std::optional<Body> body, std::optional<Failure> f2) {
      if (f2) s->logger_.error("Session.setOfferAndGetAnswer: SDH getDescription failed: " + f2->message);
      done(std::move(body), std::move(f2));
    });
  });
}

void Session::rollbackOffer(Completion done) { host_.rollbackDescription(*this, guard(std::move(done))); }

void Session::generateResponseOfferAnswer(const sip::Message& request, DescriptionOptions options,
                                          SessionHost::DescriptionCallback done) {
  if (dialog_) return generateResponseOfferAnswerInDialog(options, std::move(done));
  auto body = core::getBody(request);
  if (!body || body->contentDisposition != "session") return getOffer(options, std::move(done));
  setOfferAndGetAnswer(*body, options, std::move(done));
}

void Session::generateResponseOfferAnswerInDialog(DescriptionOptions options, SessionHost::DescriptionCallback done) {
  if (!dialog_) return done(std::nullopt, Failure{FailureKind::Error, "Dialog undefined."});
  switch (dialog_->signalingState()) {
    case SignalingState::Initial:
      return getOffer(options, std::move(done));
    case SignalingState::HaveLocalOffer:
      return done(std::nullopt, std::nullopt);
    case SignalingState::HaveRemoteOffer:
      if (!dialog_->offer())
        return done(std::nullopt, Failure{FailureKind::Error, "Session offer undefined in signaling state HaveRemoteOffer."});
      return setOfferAndGetAnswer(*dialog_->offer(), options, std::move(done));
    case SignalingState::Stable:
      if (state_ != SessionState::Established) return done(std::nullopt, std::nullopt);
      return getOffer(options, std::move(done));
    case SignalingState::Closed:
      return done(std::nullopt, Failure{FailureKind::Error, "Invalid signaling state Closed."});
  }
}

// ---- requests inside the session ----

void Session::adoptDialog(std::shared_ptr<core::SessionDialog> dialog, bool withAckTimeout) {
  dialog_ = std::move(dialog);
  std::weak_ptr<Session> weak = weak_from_this();
  core::SessionDelegate d;
  std::weak_ptr<core::SessionDialog> weakDialog = dialog_;
  d.onAck = [weak, weakDialog](const core::IncomingAckRequest& ack) {
    auto self = weak.lock();
    auto dialog = weakDialog.lock();
    if (!self || !dialog) return;
    self->onAckRequest(ack, dialog->beginAckProcessing());
  };
  if (withAckTimeout) {
    d.onAckTimeout = [weak]() {
      if (auto self = weak.lock()) self->onAckTimeout();
    };
  }
  d.onBye = [weak](std::shared_ptr<core::ByeUserAgentServer> uas) {
    if (auto self = weak.lock()) self->onByeRequest(std::move(uas));
  };
  d.onInfo = [weak](std::shared_ptr<core::InfoUserAgentServer> uas) {
    if (auto self = weak.lock()) self->onInfoRequest(std::move(uas));
  };
  d.onInvite = [weak](std::shared_ptr<core::ReInviteUserAgentServer> uas) {
    if (auto self = weak.lock()) self->onInviteRequest(std::move(uas));
  };
  d.onMessage = [weak](std::shared_ptr<core::MessageUserAgentServer> uas) {
    if (auto self = weak.lock()) self->onMessageRequest(std::move(uas));
  };
  d.onNotify = [weak](std::shared_ptr<core::NotifyUserAgentServer> uas) {
    if (auto self = weak.lock()) self->onNotifyRequest(std::move(uas));
  };
  d.onPrack = [weak](std::shared_ptr<core::PrackUserAgentServer>) {
    // SIP.js throws "Unimplemented." for a PRACK in an established session; answer it instead.
    if (auto self = weak.lock()) self->logger_.warn("PRACK received in an established session");
  };
  d.onRefer = [weak](std::shared_ptr<core::ReferUserAgentServer> uas) {
    if (auto self = weak.lock()) self->onReferRequest(std::move(uas));
  };
  dialog_->delegate = std::move(d);
  handleUpdatesOn(dialog_);  // RFC 3311 (session_extensions.cpp)
}

void Session::onAckTimeout() {
  logger_.log("No ACK received for an extended period of time, terminating session");
  if (dialog_) {
    try {
      dialog_->bye();
    } catch (const std::exception& e) {
      logger_.error(e.what());
    }
  }
  if (state_ != SessionState::Terminated) stateTransition(SessionState::Terminated);
}

void Session::onAckRequest(const core::IncomingAckRequest& ack, std::function<void()> finished) {
  logger_.log("Session.onAckRequest");
  if (state_ != SessionState::Established && state_ != SessionState::Terminating) {
    logger_.error(std::string("ACK received while in state ") + toString(state_) + ", dropping request");
    return finished();
  }
  if (!dialog_) return finished();
  auto options = pendingReinviteAck_ ? DescriptionOptions::ReInvite : DescriptionOptions::Session;
  host_.incomingRequest(*this, "ack", 0, ack.message);
  pendingReinviteAck_ = false;
  switch (dialog_->signalingState()) {
    case SignalingState::Initial:
    case SignalingState::HaveLocalOffer:
    case SignalingState::HaveRemoteOffer:
      logger_.error(std::string("Invalid signaling state ") + std::string(core::toString(dialog_->signalingState())) + ".");
      byeWithReason(488, "Bad Media Description");
      return finished();
    case SignalingState::Stable: {
      auto body = core::getBody(ack.message);
      if (!body) return finished();
      if (body->contentDisposition == "render") {
        renderBody_ = body;
        return finished();
      }
      if (body->contentDisposition != "session") return finished();
      std::weak_ptr<Session> weak = weak_from_this();
      setAnswer(*body, options, [weak, finished](std::optional<Failure> failure) {
        auto self = weak.lock();
        if (self && failure) {
          self->logger_.error(failure->message);
          self->byeWithReason(488, "Bad Media Description");
        }
        finished();
      });
      return;
    }
    case SignalingState::Closed:
      logger_.error("Invalid signaling state Closed.");
      return finished();
  }
}

bool Session::establishedFor(const char* method) const {
  if (state_ == SessionState::Established) return true;
  logger_.error(std::string(method) + " received while in state " + toString(state_) + ", dropping request");
  return false;
}

void Session::byeWithReason(int code, const std::string& reasonPhrase) {
  if (dialog_) {
    core::RequestOptions o;
    o.extraHeaders.push_back("Reason: " + reasonHeaderValue(code, reasonPhrase));
    try {
      dialog_->bye({}, o);
    } catch (const std::exception& e) {
      logger_.error(e.what());
    }
  }
  if (state_ != SessionState::Terminated) stateTransition(SessionState::Terminated);
}

void Session::onByeRequest(std::shared_ptr<core::ByeUserAgentServer> uas) {
  logger_.log("Session.onByeRequest");
  if (!establishedFor("BYE")) return;
  host_.incomingRequest(*this, "bye", host_.holdRequest(uas), uas->message());
  stateTransition(SessionState::Terminated);
}

void Session::onInfoRequest(std::shared_ptr<core::InfoUserAgentServer> uas) {
  logger_.log("Session.onInfoRequest");
  if (!establishedFor("INFO")) return;
  host_.incomingRequest(*this, "info", host_.holdRequest(uas), uas->message());
}

void Session::onMessageRequest(std::shared_ptr<core::MessageUserAgentServer> uas) {
  logger_.log("Session.onMessageRequest");
  if (!establishedFor("MESSAGE")) return;
  host_.incomingRequest(*this, "message", host_.holdRequest(uas), uas->message());
}

void Session::onNotifyRequest(std::shared_ptr<core::NotifyUserAgentServer> uas) {
  logger_.log("Session.onNotifyRequest");
  if (!establishedFor("NOTIFY")) return;
  host_.incomingRequest(*this, capturesNotify_ ? "referNotify" : "notify", host_.holdRequest(uas), uas->message());
}

void Session::onReferRequest(std::shared_ptr<core::ReferUserAgentServer> uas) {
  logger_.log("Session.onReferRequest");
  if (!establishedFor("REFER")) return;
  if (!uas->message().hasHeader("Refer-To")) {
    logger_.warn("Invalid REFER packet. A refer-to header is required. Rejecting.");
    uas->reject();
    return;
  }
  host_.incomingRequest(*this, "refer", host_.holdRequest(uas), uas->message());
}

void Session::onInviteRequest(std::shared_ptr<core::ReInviteUserAgentServer> uas) {
  logger_.log("Session.onInviteRequest");
  if (!establishedFor("INVITE")) return;
  if (refuseBySessionTimer(uas)) return;  // RFC 4028 §9: 422
  pendingReinviteAck_ = true;
  setAssertedIdentityFrom(uas->message());
  std::weak_ptr<Session> weak = weak_from_this();
  auto reject488 = [weak, uas]() {
    auto self = weak.lock();
    if (!self) return;
    core::ResponseOptions o;
    o.statusCode = 488;
    std::string text;
    try {
      text = uas->reject(o).message;
    } catch (const std::exception& e) {
      self->logger_.error(e.what());
    }
    self->host_.reinviteAnswered(*self, uas->message(), text, 488);
  };
  generateResponseOfferAnswerInDialog(
      DescriptionOptions::ReInvite, [weak, uas, reject488](std::optional<Body> body, std::optional<Failure> failure) {
        auto self = weak.lock();
        if (!self) return;
        if (!failure) {
          core::ResponseOptions o;
          o.statusCode = 200;
          o.extraHeaders.push_back("Contact: " + self->contact_);
          if (self->timer_) for (auto& h : self->timer_->accepting(uas->message())) o.extraHeaders.push_back(h);  // RFC 4028
          o.body = body;
          std::string text;
          try {
            text = uas->accept(o).message;
          } catch (const std::exception& e) {
            self->logger_.error(e.what());
            return;
          }
          self->host_.reinviteAnswered(*self, uas->message(), text, 200);
          return;
        }
        self->logger_.error(failure->message);
        self->logger_.error("Failed to handle to re-INVITE request");
        if (!self->dialog_ || self->dialog_->signalingState() == SignalingState::Stable) return reject488();
        self->rollbackOffer([weak, reject488](std::optional<Failure> rollbackFailure) {
          auto s = weak.lock();
          if (!s) return;
          if (!rollbackFailure) return reject488();
          s->logger_.error("Failed to rollback offer on re-INVITE request");
          reject488();
          if (s->state_ != SessionState::Terminated && s->dialog_) s->byeWithReason(500, "Internal Server Error");
        });
      });
}

}  // namespace sip::api
