// SIP.js's Publisher over the C++ state machine (src/api/publisher.cpp): PUBLISH, SIP-ETag,
// refresh, 412/423 recovery and unpublish run there. This file adapts options, turns its state
// events into the emitter and its results into the errors of calls in the wrong state.
import { EmitterImpl } from "./emitter.js";
import { PublisherState } from "./publisher-state.js";
import { UNKNOWN, resultToPromise, subscriptionArea } from "./subscription-area.js";
import { extraHeaderLines } from "./extra-headers.js";

// PublisherResult (src/api/publisher.h) and the area's codes.

const DEFAULT_EXPIRES = 3600;

function uriText(value, what) {
  if (value === undefined) return undefined;
  if (value === null) throw new TypeError(`Invalid ${what} URI: null`);
  return String(value);
}

/**
 * A publisher publishes a publication (outgoing PUBLISH).
 * @public
 */
export class Publisher {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param targetURI - Request URI identifying the target of the message.
   * @param eventType - The event type identifying the published document.
   * @param options - Options bucket. See {@link PublisherOptions} for details.
   */
  constructor(userAgent, targetURI, eventType, options = {}) {
    this.disposed = false;
    this._state = PublisherState.Initial;
    this._stateEventEmitter = new EmitterImpl();
    this.userAgent = userAgent;
    this.logger = userAgent.getLogger("sip.Publisher");
    if (targetURI === undefined || targetURI === null) {
      throw new TypeError("Invalid target URI: " + targetURI);
    }
    if (typeof eventType !== "string" || eventType === "") {
      throw new TypeError("Invalid event type: " + eventType);
    }
    const normalized = Object.assign({}, options);
    normalized.extraHeaders = extraHeaderLines(options.extraHeaders);
    normalized.contentType = options.contentType || "text/plain";
    normalized.expires =
      typeof options.expires === "number" && Number.isInteger(options.expires) && options.expires >= 0
        ? options.expires
        : DEFAULT_EXPIRES;
    if (typeof options.unpublishOnClose !== "boolean") {
      normalized.unpublishOnClose = true;
    }
    this.target = targetURI;
    this.event = eventType;
    this.options = normalized;

    const params = options.params || {};
    const coreParams = {};
    for (const key of ["callId", "cseq", "fromTag", "toTag", "fromDisplayName", "toDisplayName"]) {
      if (params[key] !== undefined) coreParams[key] = params[key];
    }
    const fromUri = uriText(params.fromUri, "from");
    const toUri = uriText(params.toUri, "to");
    if (fromUri !== undefined) coreParams.fromUri = fromUri;
    if (toUri !== undefined) coreParams.toUri = toUri;

    this._released = false;
    this._area = subscriptionArea(userAgent);
    this._pid = this._area.handle.createPublisher(
      String(targetURI),
      eventType,
      JSON.stringify({
        expires: normalized.expires,
        extraHeaders: normalized.extraHeaders.map(String),
        contentType: String(normalized.contentType),
        unpublishOnClose: normalized.unpublishOnClose,
        params: coreParams
      })
    );
    if (this._pid === 0) {
      throw new TypeError(this._area.lastError());
    }
    this._area.listen(this._pid, (kind, value) => this._onEvent(kind, value));
    this.id = this.target.toString() + ":" + this.event;
    if (!this.userAgent._publishers) this.userAgent._publishers = {};
    this.userAgent._publishers[this.id] = this;
  }

  /**
   * Destructor. Un-PUBLISHes a publication when `unpublishOnClose` (the default); resolves at
   * once, as SIP.js does, without waiting for the answer.
   */
  dispose() {
    if (this.disposed) {
      return Promise.resolve();
    }
    this.disposed = true;
    this._unregister();
    if (!this._released && this._area.alive) {
      this._area.handle.publisherDispose(this._pid);
    }
    return Promise.resolve();
  }

  /** The publication state. */
  get state() {
    return this._state;
  }

  /** Emits when the publisher state changes. */
  get stateChange() {
    return this._stateEventEmitter;
  }

  /**
   * Publish.
   * @param content - Body to publish
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  publish(content, options = {}) {
    if (content === undefined || content === null) {
      return Promise.reject(new TypeError("Publisher.publish: content must be a string."));
    }
    const result = this._released || !this._area.alive ? UNKNOWN : this._area.handle.publish(this._pid, String(content));
    return resultToPromise(result, "Publisher", "publish", this._state === PublisherState.Terminated, this._area);
  }

  /**
   * Unpublish (nothing to send when nothing is published).
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  unpublish(options = {}) {
    if (!this._released && this._area.alive) {
      this._area.handle.unpublish(this._pid);
    }
    return Promise.resolve();
  }

  _unregister() {
    const registry = this.userAgent._publishers;
    if (registry && registry[this.id] === this) delete registry[this.id];
  }

  _onEvent(kind, value) {
    switch (kind) {
      case "state":
        this._state = value;
        this._stateEventEmitter.emit(this._state);
        if (value === PublisherState.Terminated) {
          this.dispose();
        }
        break;
      case "finished":
        // Disposed and no PUBLISH in flight: nothing more will happen.
        this._released = true;
        this._area.release(this._pid);
        break;
      case "closing":
        this._released = true;
        this.disposed = true;
        this._unregister();
        break;
      default:
        break;
    }
  }
}
