// Dialog base (RFC 3261 §12; SIP.js lib/core/dialogs/dialog.js): the state a dialog usage shares,
// building requests inside it (§12.2.1.1: To/From/Call-ID, CSeq, Request-URI and Route from the
// remote target and route set, loose and strict routing), and the UAS rules for requests in it
// (§12.2.2: CSeq ordering).
//
// Ownership: a dialog is created by a static create() of its subclass, which registers it with
// the UserAgentCore (the core holds a shared_ptr in its dialog table, keyed by id). dispose()
// removes it from the table; whoever else holds it (the API layer) keeps a disposed dialog.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dialogs/dialog_state.h"
#include "core/messages/outgoing_request.h"
#include "core/messages/outgoing_request_message.h"
#include "core/transport.h"
#include "host.h"
#include "sip/message.h"

namespace sip::core {

class UserAgentCore;

class Dialog : public std::enable_shared_from_this<Dialog> {
 public:
  Dialog(const Dialog&) = delete;
  Dialog& operator=(const Dialog&) = delete;
  virtual ~Dialog();

  // §12.1.2: the state of a dialog a UAC creates from a response (1xx with To tag, or 2xx) to
  // `request`. nullopt when the response lacks a To tag or a Contact, or the request lacks a From
  // tag (SIP.js throws; for network input we refuse).
  static std::optional<DialogState> initialDialogStateForUserAgentClient(const OutgoingRequestMessage& request,
                                                                         const sip::Message& response);
  // §12.1.1: the state of a dialog a UAS creates by answering `request` with To tag `toTag`.
  // nullopt when the request lacks a Contact, From or To.
  static std::optional<DialogState> initialDialogStateForUserAgentServer(const sip::Message& request,
                                                                         const std::string& toTag, bool early = false);

  // Leaves the core's dialog table. Idempotent.
  virtual void dispose();
  bool isDisposed() const { return disposed_; }

  const std::string& id() const { return dialogState_.id; }
  bool early() const { return dialogState_.early; }
  const std::string& callId() const { return dialogState_.callId; }
  const std::string& localTag() const { return dialogState_.localTag; }
  const std::string& remoteTag() const { return dialogState_.remoteTag; }
  std::optional<uint32_t> localSequenceNumber() const { return dialogState_.localSequenceNumber; }
  std::optional<uint32_t> remoteSequenceNumber() const { return dialogState_.remoteSequenceNumber; }
  const sip::Uri& localURI() const { return dialogState_.localURI; }
  const sip::Uri& remoteURI() const { return dialogState_.remoteURI; }
  const sip::Uri& remoteTarget() const { return dialogState_.remoteTarget; }
  const std::vector<std::string>& routeSet() const { return dialogState_.routeSet; }
  bool secure() const { return dialogState_.secure; }
  const DialogState& dialogState() const { return dialogState_; }
  UserAgentCore& userAgentCore() const { return core_; }

  // Early -> confirmed.
  virtual void confirm();

  // §12.2.2 bookkeeping for a request accepted into the dialog (after sequenceGuard): records the
  // remote CSeq. ACKs are left to the subclass. Target refresh is the subclass's business.
  virtual void receiveRequest(const sip::Message& request);

  // §13.2.2.4 / §12.1.2: the route set from a 2xx's Record-Route, reversed.
  void recomputeRouteSet(const sip::Message& response);
  // §12.2.1.2 / §12.2.2: a target refresh replaces the remote target with the Contact URI, if any.
  void updateRemoteTarget(const sip::Message& message);

  // §12.2.1.1: a request inside the dialog. CSeq: options.cseq when given (ACK, CANCEL), else the
  // local sequence number incremented (1 when empty). Request-URI and Route: loose routing when
  // the first route has ";lr" (remote target in the Request-URI, the route set in Route), strict
  // routing otherwise (first route as Request-URI with parameters a Request-URI may not carry
  // stripped, the rest of the route set then the remote target in Route). SIP.js only does
  // loose routing.
  OutgoingRequestMessage createOutgoingRequestMessage(std::string_view method, const RequestOptions& options = {});

  // For the authentication retry of a request inside the dialog (a new CSeq).
  void incrementLocalSequenceNumber();

  // §12.2.2: false (after answering 500) when a request other than ACK has a CSeq not above the
  // remote sequence number.
  bool sequenceGuard(const sip::Message& request);

  // Dialogs constructed and not yet destroyed, process-wide (leak checks in tests).
  static size_t liveCount();

 protected:
  Dialog(UserAgentCore& core, DialogState state);
  // Adds this dialog to the core's table (called by the subclasses' create()).
  void registerWithCore();

  UserAgentCore& core_;
  DialogState dialogState_;
  bool disposed_ = false;
};

// §12.1.1 / §12.1.2: the "secure" flag: a SIPS Request-URI sent over TLS (or WSS).
bool isSecureDialog(const sip::Uri& requestUri, const Transport& transport);

// RFC 3261 §19.1.1 / §16.12: whether a route URI has the lr parameter (its name compared after
// %-decoding, RFC 4475 esc01 shows ";%6C%72").
bool routeIsLooseRouter(const sip::Uri& uri);

}  // namespace sip::core
