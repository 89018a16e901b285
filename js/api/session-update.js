// Session.update() (RFC 3311 UPDATE, beyond SIP.js): the options become the JSON the C++ side
// (Session::update in src/api/session_extensions.cpp) takes; the request is sent and followed there.

/** @internal */
export function sessionUpdate(session, options = {}) {
  session.logger.log("Session.update");
  session._useReInviteDescriptionOptions(options);
  const request = session._requestOptions(options);
  request.withoutSdp = !!options.withoutSdp;
  // The application's own body only goes with an UPDATE that carries no offer.
  if (!options.withoutSdp) delete request.body;
  return session._request("update", request);
}
