// SIP.js's Messager over the C++ one (src/api/messager.cpp): the MESSAGE is built in C++ at
// construction; this object keeps only what makes it the same request each time (Call-ID, From
// tag, CSeq) and asks the core to build and send it again on message(), so nothing in Wasm
// outlives a send. Responses reach the requestDelegate as SIP.js's { message } objects.
import { Grammar } from "../grammar/grammar.js";
import { incomingResponse, responseDelegateMethod, subscriptionArea } from "./subscription-area.js";
import { extraHeaderLines } from "./extra-headers.js";

const FINAL = new Set(["accept", "redirect", "reject"]);

function parseUriOption(value, what) {
  if (value === undefined || value === null || value === "") return undefined;
  const uri = typeof value === "string" ? Grammar.URIParse(value) : value;
  if (!uri) throw new TypeError(`Invalid ${what} URI: ${value}`);
  return String(uri);
}

/**
 * A messager sends a {@link Message} (outgoing MESSAGE).
 * @public
 */
export class Messager {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param targetURI - Request URI identifying the target of the message.
   * @param content - Content for the body of the message.
   * @param contentType - Content type of the body of the message.
   * @param options - Options bucket. See {@link MessagerOptions} for details.
   */
  constructor(userAgent, targetURI, content, contentType = "text/plain", options = {}) {
    this.logger = userAgent.getLogger("sip.Messager");
    if (targetURI === undefined || targetURI === null) {
      throw new TypeError("Invalid target URI: " + targetURI);
    }
    const params = options.params || {};
    const coreParams = {};
    for (const key of ["callId", "cseq", "fromTag", "toTag", "fromDisplayName", "toDisplayName"]) {
      if (params[key] !== undefined) coreParams[key] = params[key];
    }
    const fromUri = parseUriOption(params.fromUri, "from");
    const toUri = parseUriOption(params.toUri, "to");
    if (fromUri !== undefined) coreParams.fromUri = fromUri;
    if (toUri !== undefined) coreParams.toUri = toUri;

    this.userAgent = userAgent;
    this._target = String(targetURI);
    this._content = content === undefined || content === null ? "" : String(content);
    this._contentType = contentType === undefined || contentType === null ? "text/plain" : String(contentType);
    this._options = { extraHeaders: extraHeaderLines(options.extraHeaders), params: coreParams };
    const area = subscriptionArea(userAgent);
    const identity = JSON.parse(
      area.handle.messagerCreate(this._target, this._content, this._contentType, JSON.stringify(this._options))
    );
    if (identity.error) {
      throw new TypeError(identity.error);
    }
    // The request SIP.js builds once: every send repeats its Call-ID, From tag and CSeq.
    this._options.params.callId = identity.callId;
    this._options.params.fromTag = identity.fromTag;
    this._options.params.cseq = identity.cseq;
  }

  /**
   * Send the message.
   */
  message(options = {}) {
    const delegate = options.requestDelegate;
    let area;
    try {
      area = subscriptionArea(this.userAgent);
    } catch (e) {
      return Promise.reject(e);
    }
    const json = JSON.stringify(this._options);
    const id = area.handle.messagerSend(this._target, this._content, this._contentType, json, !!delegate);
    if (id === 0) {
      return Promise.reject(new Error(area.lastError() || "Messager: unable to send"));
    }
    if (!delegate) return Promise.resolve();
    // The core reports even a send that fails at once later (from a timer), so listening after
    // the send misses nothing.
    area.listen(id, (kind, value, text) => {
      if (kind !== "response") {
        area.forget(id);
        return;
      }
      if (FINAL.has(value)) area.forget(id);
      const method = responseDelegateMethod[value];
      if (method && typeof delegate[method] === "function") {
        delegate[method](incomingResponse(text, this.logger));
      }
    });
    return Promise.resolve();
  }
}
