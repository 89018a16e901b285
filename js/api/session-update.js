// Session.update() (RFC 3311 UPDATE, beyond SIP.js): the options become the JSON the C++ side
// (Session::update in src/api/session_extensions.cpp) takes; the request is sent and followed there.

/** @internal */
export function sessionUpdate(session, options = {}) {
  session.logger.log("Session.update");
  if (options.sessionDescriptionHandlerModifiers) {
    session.sessionDescriptionHandlerModifiersReInvite = options.sessionDescriptionHandlerModifiers;
  }
  if (options.sessionDescriptionHandlerOptions) {
    session.sessionDescriptionHandlerOptionsReInvite = options.sessionDescriptionHandlerOptions;
  }
  const requestOptions = options.requestOptions || {};
  const request = { delegate: session._area.delegate(options.requestDelegate), withoutSdp: !!options.withoutSdp };
  if (requestOptions.extraHeaders) request.extraHeaders = requestOptions.extraHeaders.slice();
  if (requestOptions.body && options.withoutSdp) {
    request.body = {
      contentDisposition: requestOptions.body.contentDisposition || "render",
      contentType: requestOptions.body.contentType || "text/plain",
      content: requestOptions.body.content || ""
    };
  }
  return session._request("update", request);
}
