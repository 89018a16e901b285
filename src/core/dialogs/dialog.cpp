#include "core/dialogs/dialog.h"

#include <algorithm>

#include "core/messages/utils.h"
#include "core/user_agent_core/user_agent_core.h"
#include "sip/name_addr.h"
#include "sip/text.h"

namespace sip::core {

namespace {

size_t gLiveDialogs = 0;

// The remote target: the URI of the first Contact, none when any Contact is "*" (as read from
// message.contact(), without collecting every value's name-addrs and copying the URI out).
std::optional<sip::Uri> firstContactUri(const sip::Message& message) {
  std::optional<sip::Uri> first;
  for (const sip::Header& header : message.headers) {
    if (!sip::headerNameIs(header.name, "Contact")) continue;
    auto contact = sip::parseContact(header.value);
    if (!contact) continue;
    if (contact->star) return std::nullopt;
    if (!first && !contact->contacts.empty()) first = std::move(contact->contacts.front().uri);
  }
  return first;
}

std::vector<std::string> recordRouteValues(const sip::Message& message) {
  std::vector<std::string> out;
  for (const auto value : message.headerValues("Record-Route")) out.emplace_back(value);
  return out;
}

}  // namespace

bool isSecureDialog(const sip::Uri& requestUri, const Transport& transport) {
  if (!requestUri.isSips()) return false;
  const std::string protocol = sip::toLower(transport.protocol());
  return protocol == "tls" || protocol == "wss";
}

bool routeIsLooseRouter(const sip::Uri& uri) {
  for (const auto& param : uri.params) {
    if (param.name == "lr") return true;
    if (param.name.find('%') != std::string::npos) {
      if (auto decoded = sip::percentDecode(param.name); decoded && sip::iequals(*decoded, "lr")) return true;
    }
  }
  return false;
}

size_t Dialog::liveCount() { return gLiveDialogs; }

Dialog::Dialog(UserAgentCore& core, DialogState state) : core_(core), dialogState_(std::move(state)) { ++gLiveDialogs; }

Dialog::~Dialog() { --gLiveDialogs; }

std::optional<DialogState> Dialog::initialDialogStateForUserAgentClient(const OutgoingRequestMessage& request,
                                                                        const sip::Message& response) {
  // §12.1.2: route set = Record-Route of the response, reversed; remote target = its Contact.
  auto routeSet = recordRouteValues(response);
  std::reverse(routeSet.begin(), routeSet.end());
  auto remoteTarget = firstContactUri(response);
  auto remoteTag = response.toTag();
  // SIP.js requires a To tag (no RFC 2543 To-tag-less dialogs) and a Contact; so do we.
  if (!remoteTarget || !remoteTag || remoteTag->empty() || request.fromTag.empty() || request.callId.empty()) {
    return std::nullopt;
  }
  DialogState state;
  state.callId = request.callId;
  state.localTag = request.fromTag;
  state.remoteTag = *remoteTag;
  state.id = state.callId + state.localTag + state.remoteTag;
  state.early = response.statusCode < 200;
  state.localSequenceNumber = request.cseq;
  state.localURI = request.from.uri;
  state.remoteURI = request.to.uri;
  state.remoteTarget = std::move(*remoteTarget);
  state.routeSet = std::move(routeSet);
  state.secure = false;  // set by the caller when it knows better
  return state;
}

std::optional<DialogState> Dialog::initialDialogStateForUserAgentServer(const sip::Message& request,
                                                                        const std::string& toTag, bool early) {
  // §12.1.1: route set = Record-Route of the request in order; remote target = its Contact
  // (for an RFC 2543 request without one, its From URI).
  auto remoteTarget = firstContactUri(request);
  auto from = request.from();
  if (!remoteTarget && !request.contact() && from) remoteTarget = from->uri;
  auto to = request.to();
  auto callId = request.callId();
  auto cseq = request.cseq();
  if (!remoteTarget || !from || !to || !callId || !cseq) return std::nullopt;
  DialogState state;
  state.callId = *callId;
  state.localTag = toTag;
  state.remoteTag = from->tag().value_or("");  // RFC 2543 peers may send no From tag
  state.id = state.callId + state.localTag + state.remoteTag;
  state.early = early;
  state.remoteSequenceNumber = cseq->number;
  state.localURI = to->uri;
  state.remoteURI = from->uri;
  state.remoteTarget = std::move(*remoteTarget);
  state.routeSet = recordRouteValues(request);
  state.secure = false;
  return state;
}

void Dialog::registerWithCore() {
  core_.addDialog(shared_from_this());
}

void Dialog::dispose() {
  if (disposed_) return;
  disposed_ = true;
  auto self = shared_from_this();  // leaving the table may drop the last other reference
  core_.removeDialog(*this);
}

void Dialog::confirm() { dialogState_.early = false; }

void Dialog::receiveRequest(const sip::Message& request) {
  // ACKs carry the INVITE's CSeq; their handling is the session dialog's.
  if (request.method == "ACK") return;
  const auto cseq = request.cseq();
  if (!cseq) return;
  // §12.2.2: in order (sequenceGuard already refused lower numbers); gaps are fine (a challenged
  // request is resent with a new CSeq, so the UAS sees a hole).
  dialogState_.remoteSequenceNumber = cseq->number;
}

void Dialog::recomputeRouteSet(const sip::Message& response) {
  auto routeSet = recordRouteValues(response);
  std::reverse(routeSet.begin(), routeSet.end());
  dialogState_.routeSet = std::move(routeSet);
}

void Dialog::updateRemoteTarget(const sip::Message& message) {
  if (auto target = firstContactUri(message)) dialogState_.remoteTarget = std::move(*target);
}

OutgoingRequestMessage Dialog::createOutgoingRequestMessage(std::string_view method, const RequestOptions& options) {
  uint32_t cseq = 0;
  if (options.cseq) {
    cseq = *options.cseq;
  } else if (!dialogState_.localSequenceNumber) {
    cseq = 1;  // §8.1.1.5: any initial value below 2^31 will do; SIP.js starts at 1
    dialogState_.localSequenceNumber = cseq;
  } else {
    cseq = ++*dialogState_.localSequenceNumber;
  }

  sip::Uri ruri = dialogState_.remoteTarget;
  std::vector<std::string> routeSet = dialogState_.routeSet;
  if (!routeSet.empty()) {
    auto firstRoute = sip::parseNameAddr(routeSet.front());
    if (firstRoute && !routeIsLooseRouter(firstRoute->uri)) {
      // §12.2.1.1 strict routing: the first route becomes the Request-URI (without the URI
      // parameters and headers a Request-URI may not carry, §19.1.1: "method" and headers),
      // the remote target goes to the end of the Route set.
      ruri = firstRoute->uri;
      ruri.headers.clear();
      sip::removeParam(ruri.params, "method");
      routeSet.erase(routeSet.begin());
      routeSet.push_back("<" + dialogState_.remoteTarget.toString() + ">");
    }
  }

  OutgoingRequestMessageOverrides overrides;
  overrides.callId = dialogState_.callId;
  overrides.cseq = cseq;
  overrides.fromTag = dialogState_.localTag;
  overrides.toTag = dialogState_.remoteTag;
  overrides.routeSet = std::move(routeSet);
  return core_.makeOutgoingRequestMessage(std::string(method), ruri, dialogState_.localURI, dialogState_.remoteURI,
                                          overrides, options.extraHeaders, options.body);
}

void Dialog::incrementLocalSequenceNumber() {
  if (!dialogState_.localSequenceNumber) {
    core_.logger().warn("Local sequence number undefined; starting at 1.");
    dialogState_.localSequenceNumber = 0;
  }
  ++*dialogState_.localSequenceNumber;
}

bool Dialog::sequenceGuard(const sip::Message& request) {
  if (request.method == "ACK") return true;
  const auto cseq = request.cseq();
  // Lower than or equal to the last one: a late retransmission (absorbed by the transaction layer
  // while it lived) or a broken request; either way out of order (§12.2.2: 500).
  if (cseq && dialogState_.remoteSequenceNumber && cseq->number <= *dialogState_.remoteSequenceNumber) {
    ResponseOptions options;
    options.statusCode = 500;
    core_.replyStateless(request, options);
    return false;
  }
  return true;
}

}  // namespace sip::core
