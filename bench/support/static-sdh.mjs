// A session description handler with no media: it offers and answers one fixed SDP body and
// accepts whatever the peer sends. It implements the public SessionDescriptionHandler interface of
// sip.js 0.21.2, so benchmarks measure signalling only.

export const STATIC_SDP = [
  "v=0",
  "o=- 0 0 IN IP4 127.0.0.1",
  "s=-",
  "c=IN IP4 127.0.0.1",
  "t=0 0",
  "m=audio 9 RTP/AVP 0",
  "a=rtpmap:0 PCMU/8000",
  "a=sendrecv",
  ""
].join("\r\n");

const DESCRIPTION = Object.freeze({ body: STATIC_SDP, contentType: "application/sdp" });

class StaticSessionDescriptionHandler {
  close() {}
  getDescription() {
    return Promise.resolve(DESCRIPTION);
  }
  hasDescription(contentType) {
    return contentType === "application/sdp";
  }
  rollbackDescription() {
    return Promise.resolve();
  }
  setDescription() {
    return Promise.resolve();
  }
  sendDtmf() {
    return false;
  }
}

/** The `sessionDescriptionHandlerFactory` option: one handler per session. */
export function staticSessionDescriptionHandlerFactory() {
  return new StaticSessionDescriptionHandler();
}
