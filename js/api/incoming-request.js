// The application's view of a request received inside a session or by the user agent (what
// SIP.js's Ack, Bye, Cancel, Info, Message, Notification and Referral wrap): the parsed message and,
// for requests that need an answer, accept()/reject() which answer through the bridge.
import { IncomingResponseMessage } from "../core/messages/incoming-response-message.js";
import { Parser } from "../core/messages/parser.js";
import { extraHeaderLines } from "./extra-headers.js";

/**
 * @internal A response for a request delegate. The core's own responses (408 on timeout, 503 on a
 * transport error) are a bare status line, which the message parser refuses; SIP.js hands those to
 * delegates as messages with just a status.
 */
export function parseIncomingResponse(text, logger) {
  const parsed = Parser.parseMessage(text, logger);
  if (parsed) return parsed;
  const response = new IncomingResponseMessage();
  const m = /^SIP\/2\.0 (\d{3}) ?([^\r\n]*)/.exec(text);
  response.statusCode = m ? Number(m[1]) : 500;
  response.reasonPhrase = m ? m[2] : "";
  response.data = text;
  return response;
}

// A class rather than an object literal with a getter and closures: V8 builds a literal's accessor
// on every evaluation, and every call hands over two of these (its ACK and BYE).
class HeldIncomingRequest {
  constructor(text, logger, answer) {
    this._text = text;
    this._logger = logger;
    this._answer = answer;
    this._message = undefined;
  }
  // Parsed when first read: most requests are answered without the application looking at them.
  get message() {
    if (this._message === undefined) this._message = Parser.parseMessage(this._text, this._logger);
    return this._message;
  }
  accept(options) {
    return this._respond(200, options);
  }
  reject(options) {
    return this._respond(480, options);
  }
  progress(options) {
    return this._respond(180, options);
  }
  trying(options) {
    return this._respond(100, options);
  }
  _respond(defaultCode, options = {}) {
    if (!this._answer) return undefined;
    const statusCode = options.statusCode || defaultCode;
    const body = options.body ? JSON.stringify(options.body) : "";
    if (!this._answer(statusCode, options.reasonPhrase || "", extraHeaderLines(options.extraHeaders), body)) {
      throw new Error("Request already answered or no longer answerable.");
    }
    return undefined;
  }
}

/** @internal */
export function makeIncomingRequest(text, logger, answer) {
  return new HeldIncomingRequest(text, logger, answer);
}

/** The base of the request wrappers: `request` and accept()/reject() that return promises. */
export class WrappedRequest {
  constructor(incomingRequest) {
    this.incomingRequest = incomingRequest;
  }
  /** Incoming request message. */
  get request() {
    return this.incomingRequest.message;
  }
  /** Accept the request (2xx). */
  accept(options) {
    this.incomingRequest.accept(options);
    return Promise.resolve();
  }
  /** Reject the request (4xx-6xx). */
  reject(options) {
    this.incomingRequest.reject(options);
    return Promise.resolve();
  }
}
