// The application's view of a request received inside a session or by the user agent (what
// SIP.js's Ack, Bye, Cancel, Info, Message, Notification and Referral wrap): the parsed message and,
// for requests that need an answer, accept()/reject() which answer through the bridge.
import { IncomingResponseMessage } from "../core/messages/incoming-response-message.js";
import { Parser } from "../core/messages/parser.js";

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

/** @internal */
export function makeIncomingRequest(text, logger, answer) {
  // Parsed when first read: most requests are answered without the application looking at them.
  let message;
  const respond = (defaultCode, options = {}) => {
    if (!answer) return undefined;
    const statusCode = options.statusCode || defaultCode;
    const body = options.body ? JSON.stringify(options.body) : "";
    if (!answer(statusCode, options.reasonPhrase || "", options.extraHeaders || [], body)) {
      throw new Error("Request already answered or no longer answerable.");
    }
    return undefined;
  };
  return {
    get message() {
      if (message === undefined) message = Parser.parseMessage(text, logger);
      return message;
    },
    accept: (options) => respond(200, options),
    reject: (options) => respond(480, options),
    progress: (options) => respond(180, options),
    trying: (options) => respond(100, options)
  };
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
