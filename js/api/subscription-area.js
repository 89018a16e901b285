// The JavaScript side of bindings/subscription_bridge.cpp: one Wasm "subscription area" per user
// agent core, shared by its Subscribers, Publishers and Messagers (all internal; not exported).
//
// The area handle is created lazily, on the first such object, by the core bridge's createArea(),
// which deletes it before the core (so UserAgent.stop() ends it). It is cached on the user agent
// and made again when the user agent has a new core (start() after stop()). Objects cross as
// numbers; each facade listens to the events of its number (see the C++ file for the list).
//
// Also here: the two message adapters the facades share: a response handed to a request delegate
// ({ message }) and an incoming NOTIFY as SIP.js's IncomingNotifyRequest (message, accept, reject).
import { parseIncomingResponse } from "./incoming-request.js";
import { TransactionStateError } from "../core/exceptions/transaction-state-error.js";
import { Parser } from "../core/messages/parser.js";
import { extraHeaderLines } from "./extra-headers.js";

// respond() results (bindings/subscription_bridge.cpp).
const ANSWERED = 0;
const NOT_ANSWERABLE = 1;
const BAD_STATUS = 2;

function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

class SubscriptionArea {
  constructor(bridge, logger) {
    this.bridge = bridge;
    this.logger = logger;
    this._listeners = new Map();
    this._closed = false;
    this.handle = bridge.createArea("SubscriptionBridge", {
      event: (id, kind, value, text) => this._event(id, kind, value, text)
    });
  }

  /** False once the user agent's core (and with it this area) is gone. */
  get alive() {
    return !this._closed && this.bridge.alive;
  }

  /** Routes the events of object `id` to `listener(kind, value, text)`. */
  listen(id, listener) {
    this._listeners.set(id, listener);
  }

  forget(id) {
    this._listeners.delete(id);
  }

  /** The facade is done with object `id`. */
  release(id) {
    this._listeners.delete(id);
    if (this.alive) this.handle.release(id);
  }

  lastError() {
    return this.alive ? this.handle.lastError() : "";
  }

  _event(id, kind, value, text) {
    if (kind === "closing") {
      // The C++ area is being destroyed: tell every object, and never call into it again.
      this._closed = true;
      const listeners = Array.from(this._listeners.values());
      this._listeners.clear();
      for (const listener of listeners) this._call(listener, "closing", "", "");
      return;
    }
    const listener = this._listeners.get(id);
    if (listener) this._call(listener, kind, value, text);
  }

  _call(listener, kind, value, text) {
    try {
      listener(kind, value, text);
    } catch (e) {
      // An exception of the application's (a delegate, a state listener) must not unwind through Wasm.
      try {
        this.logger.error("exception in a listener: " + errorText(e));
      } catch (ignored) {
        // nothing more to do
      }
    }
  }
}

/**
 * The subscription area of `userAgent`'s current core, made on first use.
 * @internal
 */
export function subscriptionArea(userAgent) {
  const bridge = userAgent._bridge;
  if (!bridge) throw new TypeError("Invalid user agent: it has no core.");
  const cached = userAgent._subscriptionArea;
  if (cached && cached.bridge === bridge && cached.alive) return cached;
  const area = new SubscriptionArea(bridge, userAgent.getLogger("sip.wasm.subscriptions"));
  userAgent._subscriptionArea = area;
  return area;
}

/** A response as the core's request delegates receive it ({ message }). @internal */
export function incomingResponse(text, logger) {
  return { message: parseIncomingResponse(text, logger) };
}

// The result codes of the C++ Publisher/Subscriber calls (src/api/publisher.h, subscriber.h) and
// the area's UNKNOWN (the object is gone).
export const SENT = 0;
export const NOTHING_TO_DO = 1;
export const TERMINATED = 2;
export const DISPOSED = 3;
export const UNKNOWN = -1;

/**
 * The promise of publish()/subscribe() for a result code: SIP.js-style errors for calls made on a
 * terminated or disposed object (`who` "Publisher", `verb` "publish"). @internal
 */
export function resultToPromise(result, who, verb, isTerminated, area) {
  switch (result) {
    case SENT:
    case NOTHING_TO_DO:
      return Promise.resolve();
    case TERMINATED:
      return Promise.reject(new Error(`${who} terminated. Unable to ${verb}.`));
    case DISPOSED:
      return Promise.reject(new Error(`${who} disposed. Unable to ${verb}.`));
    case UNKNOWN:
      return Promise.reject(new Error(`${who} ${isTerminated ? "terminated" : "disposed"}. Unable to ${verb}.`));
    default:
      return Promise.reject(new Error(area.lastError() || `${who}: internal error`));
  }
}

/** The delegate method for a response kind of the C++ side. @internal */
export const responseDelegateMethod = {
  accept: "onAccept",
  progress: "onProgress",
  redirect: "onRedirect",
  reject: "onReject",
  trying: "onTrying"
};

function responseOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError("Invalid response options: expected an object.");
  const out = {};
  if (options.statusCode !== undefined) out.statusCode = options.statusCode;
  if (options.reasonPhrase !== undefined) out.reasonPhrase = String(options.reasonPhrase);
  if (options.extraHeaders !== undefined) out.extraHeaders = extraHeaderLines(options.extraHeaders);
  if (options.body !== undefined && options.body !== null) {
    const b = options.body;
    out.body = {
      contentDisposition: b.contentDisposition !== undefined ? String(b.contentDisposition) : "render",
      contentType: String(b.contentType),
      content: String(b.content)
    };
  }
  return out;
}

/**
 * SIP.js's IncomingNotifyRequest for NOTIFY `requestId` of the area: the message, and accept() /
 * reject() answering it through the C++ NOTIFY server. Returns undefined when the text does not
 * parse (the NOTIFY is then accepted so the notifier is not left waiting).
 * @internal
 */
export function incomingNotifyRequest(area, requestId, text, logger) {
  const answer = (method, options) => {
    const json = JSON.stringify(responseOptions(options));
    if (!area.alive) throw new TransactionStateError("NOTIFY not answerable: the user agent has stopped.");
    const result = area.handle.respond(requestId, method, json);
    if (result === ANSWERED) return;
    const why = area.handle.lastError();
    if (result === NOT_ANSWERABLE) throw new TransactionStateError(why);
    if (result === BAD_STATUS) throw new TypeError(why);
    throw new Error(why || "NOTIFY: internal error");
  };
  const message = Parser.parseMessage(text, logger);
  if (!message) {
    answer("accept");
    return undefined;
  }
  return {
    message,
    accept: (options) => answer("accept", options),
    reject: (options) => answer("reject", options)
  };
}
