#include "api/invitation.h"

#include <stdexcept>
#include <utility>

#include "core/messages/utils.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/prack_user_agent.h"
#include "core/user_agents/transaction_state_error.h"
#include "sip/headers.h"

namespace sip::api {

using core::SignalingState;

namespace {
bool listsOptionTag(const sip::Message& message, const char* header, const char* tag) {
  for (const auto& value : message.tokens(header))
    if (value == tag) return true;
  return false;
}

core::ResponseOptions toResponseOptions(const ResponseRequestOptions& options) {
  core::ResponseOptions r;
  r.statusCode = options.statusCode;
  r.reasonPhrase = options.reasonPhrase;
  r.extraHeaders = options.extraHeaders;
  r.body = options.body;
  return r;
}
}  // namespace

std::shared_ptr<Invitation> Invitation::create(core::UserAgentCore& core, SessionHost& host,
                                               std::shared_ptr<core::InviteUserAgentServer> request,
                                               InvitationOptions options) {
  auto invitation = std::make_shared<Invitation>(Tag{}, core, host, std::move(request), std::move(options));
  invitation->start();
  return invitation;
}

Invitation::Invitation(Tag, core::UserAgentCore& core, SessionHost& host,
                       std::shared_ptr<core::InviteUserAgentServer> request, InvitationOptions options)
    : Session(core, host, false, "sip.Invitation"),
      incomingInviteRequest_(std::move(request)),
      options_(std::move(options)),
      userNoAnswerTimer_(core.host()),
      expiresTimer_(core.host()) {
  const sip::Message& message = incomingInviteRequest_->message();
  // SIP.js checks Require, then lets Supported override it.
  if (listsOptionTag(message, "Require", "100rel")) rel100_ = Rel100::Required;
  if (listsOptionTag(message, "Supported", "100rel")) rel100_ = Rel100::Supported;
  setAssertedIdentityFrom(message);
  contact_ = options_.contact;
  if (auto disposition = message.header("Content-Disposition")) {
    std::string type(*disposition);
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    if (type == "render") {
      renderBody_ = Body{"render", std::string(message.header("Content-Type").value_or("")), message.body};
    }
  }
  id_ = std::string(message.callIdView().value_or("")).append(message.fromTagView().value_or(""));
  if (options_.sessionTimers) makeSessionTimer(*options_.sessionTimers);  // RFC 4028
}

Invitation::~Invitation() {
  if (incomingInviteRequest_) {
    incomingInviteRequest_->delegate = {};
    incomingInviteRequest_->onPrackTimeout = nullptr;
  }
}

void Invitation::start() {
  std::weak_ptr<Session> weak = weak_from_this();
  auto self = [weak]() { return std::static_pointer_cast<Invitation>(weak.lock()); };
  incomingInviteRequest_->delegate.onCancel = [self](const sip::Message& cancel) {
    if (auto s = self()) s->onCancel(cancel);
  };
  incomingInviteRequest_->delegate.onTransportError = [self](const core::TransportError&) {
    if (auto s = self()) s->logger_.error("A transport error has occurred while handling an incoming INVITE request.");
  };
  uint32_t noAnswer = options_.noAnswerTimeout ? options_.noAnswerTimeout * 1000 : 60000;
  userNoAnswerTimer_.start(noAnswer, [self]() {
    auto s = self();
    if (!s) return;
    try {
      core::ResponseOptions o;
      o.statusCode = 480;
      s->incomingInviteRequest_->reject(o);
    } catch (const std::exception& e) {
      s->logger_.error(e.what());
    }
    if (s->state_ != SessionState::Terminated) s->stateTransition(SessionState::Terminated);
  });
  if (auto expires = incomingInviteRequest_->message().expires()) {
    expiresTimer_.start(*expires * 1000, [self]() {
      auto s = self();
      if (!s || s->state_ != SessionState::Initial) return;
      try {
        core::ResponseOptions o;
        o.statusCode = 487;
        s->incomingInviteRequest_->reject(o);
      } catch (const std::exception& e) {
        s->logger_.error(e.what());
      }
      s->stateTransition(SessionState::Terminated);
    });
  }
}

const sip::Message& Invitation::request() const { return incomingInviteRequest_->message(); }

void Invitation::clearTimers() {
  userNoAnswerTimer_.clear();
  expiresTimer_.clear();
}

void Invitation::dispose(Completion done) {
  if (disposed_) return done(std::nullopt);
  disposed_ = true;
  clearTimers();
  // SIP.js's prackNeverArrived: an accept() waiting for a PRACK fails.
  if (afterPrack_) {
    auto after = std::move(afterPrack_);
    afterPrack_ = nullptr;
    after(Failure{FailureKind::SessionTerminated, "The session has terminated."});
  }
  endThenDispose([this](Completion next) { reject({}, std::move(next)); }, std::move(done));
}

void Invitation::accept(ResponseRequestOptions options, Completion done) {
  logger_.log("Invitation.accept");
  if (state_ != SessionState::Initial) {
    Failure failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)};
    logger_.error(failure.message);
    return done(failure);
  }
  stateTransition(SessionState::Establishing);
  if (timer_ && options.sessionTimers) timer_->setOptions(*options.sessionTimers);  // RFC 4028 override
  std::weak_ptr<Session> weak = weak_from_this();
  sendAccept(options, [weak, done](std::optional<Failure> failure) {
    auto self = std::static_pointer_cast<Invitation>(weak.lock());
    if (!self) return;
    if (failure) return self->handleResponseError(*failure, done);
    done(std::nullopt);
  });
}

void Invitation::sendAccept(const ResponseRequestOptions& options, Completion done) {
  std::weak_ptr<Session> weak = weak_from_this();
  auto extraHeaders = options.extraHeaders;
  auto answer = [weak, extraHeaders, done](std::optional<Failure> failure) {
    auto self = std::static_pointer_cast<Invitation>(weak.lock());
    if (!self) return;
    if (failure) return done(failure);
    self->userNoAnswerTimer_.clear();
    self->generateResponseOfferAnswer(
        self->incomingInviteRequest_->message(), DescriptionOptions::Session,
        [weak, extraHeaders, done](std::optional<Body> body, std::optional<Failure> f) {
          auto s = std::static_pointer_cast<Invitation>(weak.lock());
          if (!s) return;
          if (f) return done(f);
          core::OutgoingResponse response;
          try {
            core::ResponseOptions o;
            o.statusCode = 200;
            o.body = body;
            o.extraHeaders = extraHeaders;
            if (s->timer_) for (auto& h : s->timer_->accepting(s->request())) o.extraHeaders.push_back(h);  // RFC 4028 §9
            response = s->incomingInviteRequest_->accept(o);
          } catch (const core::TransactionStateError& e) {
            return done(Failure{FailureKind::Error, e.what()});
          } catch (const std::exception& e) {
            return done(Failure{FailureKind::Error, e.what()});
          }
          auto session = response.session ? response.session : s->incomingInviteRequest_->confirmedDialog();
          if (!session) return done(Failure{FailureKind::Error, "Session dialog undefined."});
          s->adoptDialog(session, true);
          s->stateTransition(SessionState::Established);
          if (auto replacee = s->replacee.lock()) replacee->byeNow({}, {}, [](std::optional<Failure>) {});
          done(std::nullopt);
        });
  };
  if (waitingForPrack_) {
    afterPrack_ = std::move(answer);
    return;
  }
  answer(std::nullopt);
}

void Invitation::progress(ResponseRequestOptions options, Completion done) {
  logger_.log("Invitation.progress");
  if (state_ != SessionState::Initial) {
    Failure failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)};
    logger_.error(failure.message);
    return done(failure);
  }
  const int statusCode = options.statusCode ? options.statusCode : 180;
  if (statusCode < 100 || statusCode > 199) throw std::invalid_argument("Invalid statusCode: " + std::to_string(statusCode));
  if (waitingForPrack_) {
    logger_.warn("Unexpected call for progress while waiting for prack, ignoring");
    return done(std::nullopt);
  }
  std::weak_ptr<Session> weak = weak_from_this();
  auto settle = [weak, done](std::optional<Failure> failure) {
    auto self = std::static_pointer_cast<Invitation>(weak.lock());
    if (!self) return;
    if (failure) return self->handleResponseError(*failure, done);
    done(std::nullopt);
  };
  if (options.statusCode == 100) {
    try {
      incomingInviteRequest_->trying();
    } catch (const std::exception& e) {
      return settle(Failure{FailureKind::Error, e.what()});
    }
    return settle(std::nullopt);
  }
  const bool reliable = rel100_ == Rel100::Required || (rel100_ == Rel100::Supported && options.rel100) ||
                        (rel100_ == Rel100::Supported && options_.uaRequires100rel);
  if (!reliable) return sendProgress(std::move(options), settle);
  sendProgressReliable(std::move(options), settle);
}

void Invitation::sendProgress(ResponseRequestOptions options, Completion done) {
  if (options.statusCode == 0) options.statusCode = 180;
  auto send = [this, done](const ResponseRequestOptions& o, std::optional<Body> body) {
    try {
      auto r = toResponseOptions(o);
      r.body = body;
      auto response = incomingInviteRequest_->progress(r);
      if (response.session) dialog_ = response.session;
    } catch (const std::exception& e) {
      return done(Failure{FailureKind::Error, e.what()});
    }
    done(std::nullopt);
  };
  if (options.statusCode == 183 && !options.body) {
    // SIP.js's sendProgressWithSDP: early media.
    std::weak_ptr<Session> weak = weak_from_this();
    generateResponseOfferAnswer(incomingInviteRequest_->message(), DescriptionOptions::Session,
                                [weak, options, send, done](std::optional<Body> body, std::optional<Failure> failure) {
                                  if (!weak.lock()) return;
                                  if (failure) return done(failure);  // progress() rejects (handleResponseError)
                                  send(options, body);
                                });
    return;
  }
  send(options, options.body);
}

void Invitation::sendProgressReliable(ResponseRequestOptions options, Completion done) {
  if (options.statusCode == 0) options.statusCode = 183;
  waitingForPrack_ = true;
  reliableProgressDone_ = std::move(done);
  std::weak_ptr<Session> weak = weak_from_this();
  auto fail = [weak](const Failure& failure) {
    auto s = std::static_pointer_cast<Invitation>(weak.lock());
    if (!s) return;
    s->waitingForPrack_ = false;
    if (auto d = std::move(s->reliableProgressDone_)) d(failure);
  };
  generateResponseOfferAnswer(
      incomingInviteRequest_->message(), DescriptionOptions::Session,
      [weak, options, fail](std::optional<Body> body, std::optional<Failure> failure) {
        auto s = std::static_pointer_cast<Invitation>(weak.lock());
        if (!s) return;
        if (failure) return fail(*failure);
        core::OutgoingResponse response;
        try {
          auto r = toResponseOptions(options);
          r.body = body;
          response = s->incomingInviteRequest_->progressReliable(r);
        } catch (const std::exception& e) {
          return fail(Failure{FailureKind::Error, e.what()});
        }
        if (response.session) {
          s->dialog_ = response.session;
          core::SessionDelegate d;
          d.onPrack = [weak](std::shared_ptr<core::PrackUserAgentServer> prack) {
            if (auto t = std::static_pointer_cast<Invitation>(weak.lock())) t->onPrack(std::move(prack));
          };
          s->dialog_->delegate = std::move(d);
          s->handleUpdatesOn(s->dialog_);  // RFC 3311: UPDATE in the early dialog
        }
        s->incomingInviteRequest_->onPrackTimeout = [weak]() {
          auto t = std::static_pointer_cast<Invitation>(weak.lock());
          if (!t || !t->waitingForPrack_) return;
          t->waitingForPrack_ = false;
          t->logger_.warn("No PRACK received, rejecting INVITE.");
          if (t->state_ != SessionState::Terminated) t->stateTransition(SessionState::Terminated);
          if (auto d = std::move(t->reliableProgressDone_)) d(Failure{FailureKind::SessionTerminated, "The session has terminated."});
        };
      });
}

void Invitation::onPrack(std::shared_ptr<core::PrackUserAgentServer> prack) {
  if (!waitingForPrack_) {
    prack->accept();
    return;
  }
  waitingForPrack_ = false;
  std::weak_ptr<Session> weak = weak_from_this();
  auto answerPrack = [weak, prack](std::optional<Body> body, std::optional<Failure> failure) {
    auto s = std::static_pointer_cast<Invitation>(weak.lock());
    if (!s) return;
    auto progressDone = std::move(s->reliableProgressDone_);
    s->reliableProgressDone_ = nullptr;
    if (!failure) {
      try {
        core::ResponseOptions o;
        o.statusCode = 200;
        o.body = body;
        prack->accept(o);
      } catch (const std::exception& e) {
        failure = Failure{FailureKind::Error, e.what()};
      }
    }
    if (progressDone) progressDone(failure);
    if (auto after = std::move(s->afterPrack_)) {
      s->afterPrack_ = nullptr;
      after(failure);
    }
  };
  auto body = core::getBody(prack->message());
  if (!body || body->contentDisposition != "session" || !dialog_) return answerPrack(std::nullopt, std::nullopt);
  switch (dialog_->signalingState()) {
    case SignalingState::Stable:
      return setAnswer(*body, DescriptionOptions::Session,
                       [answerPrack](std::optional<Failure> f) { answerPrack(std::nullopt, std::move(f)); });
    case SignalingState::HaveRemoteOffer:
      return setOfferAndGetAnswer(*body, DescriptionOptions::Session, answerPrack);
    default:
      return answerPrack(std::nullopt, Failure{FailureKind::Error, std::string("Invalid signaling state ") +
                                                                       std::string(core::toString(dialog_->signalingState())) + "."});
  }
}

void Invitation::reject(ResponseRequestOptions options, Completion done) {
  logger_.log("Invitation.reject");
  if (state_ != SessionState::Initial && state_ != SessionState::Establishing) {
    Failure failure{FailureKind::Error, std::string("Invalid session state ") + toString(state_)};
    logger_.error(failure.message);
    return done(failure);
  }
  const int statusCode = options.statusCode ? options.statusCode : 480;
  if (statusCode < 300 || statusCode > 699) throw std::invalid_argument("Invalid statusCode: " + std::to_string(statusCode));
  auto r = toResponseOptions(options);
  r.statusCode = statusCode;
  if (r.reasonPhrase.empty()) r.reasonPhrase = std::string(core::getReasonPhrase(statusCode));
  try {
    if (statusCode < 400) {
      incomingInviteRequest_->redirect({}, r);
    } else {
      incomingInviteRequest_->reject(r);
    }
  } catch (const std::exception& e) {
    logger_.error(e.what());
  }
  stateTransition(SessionState::Terminated);
  done(std::nullopt);
}

void Invitation::onCancel(const sip::Message& cancel) {
  logger_.log("Invitation._onCancel");
  if (state_ != SessionState::Initial && state_ != SessionState::Establishing) {
    logger_.error(std::string("CANCEL received while in state ") + toString(state_) + ", dropping request");
    return;
  }
  auto keepAlive = shared_from_this();
  host_.incomingRequest(*this, "cancel", 0, cancel);
  isCanceled_ = true;
  try {
    core::ResponseOptions o;
    o.statusCode = 487;
    incomingInviteRequest_->reject(o);
  } catch (const std::exception& e) {
    logger_.error(e.what());
  }
  if (state_ != SessionState::Terminated) stateTransition(SessionState::Terminated);
}

void Invitation::handleResponseError(const Failure& failure, Completion done) {
  logger_.error(failure.message);
  int statusCode = 480;
  if (failure.kind == FailureKind::ContentTypeUnsupported) statusCode = 415;
  if (state_ == SessionState::Initial || state_ == SessionState::Establishing) {
    try {
      core::ResponseOptions o;
      o.statusCode = statusCode;
      incomingInviteRequest_->reject(o);
    } catch (const std::exception& e) {
      logger_.error(e.what());
    }
    stateTransition(SessionState::Terminated);
  }
  if (isCanceled_) {
    logger_.warn("An error occurred while attempting to formulate and send a response to an incoming INVITE."
                 " However a CANCEL was received and processed while doing so. Said error is being ignored.");
    return done(std::nullopt);
  }
  done(failure);
}

}  // namespace sip::api
