// What the Publisher, Subscriber and Messager suites share: a user agent's in-memory transport to
// a scripted peer written as wire text, the peer's responses, and settling fake-timer work.
import { jest } from "@jest/globals";

/** Lets queued promise callbacks run. */
export const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** Runs promise callbacks and zero-delay fake timers until quiet. */
export const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await flush();
    jest.advanceTimersByTime(0);
  }
  await flush();
};

/** The first value of header `name` in wire text. */
export const header = (text, name) => {
  const m = new RegExp("^" + name + ":[ \\t]*(.*)$", "mi").exec(text);
  return m ? m[1].trim() : undefined;
};

/** A response to `request` as the peer writes it; its To gets `toTag` unless it has a tag. */
export function respond(request, status, extra = [], toTag = "server") {
  const lines = [`SIP/2.0 ${status} Whatever`];
  for (const m of request.matchAll(/^Via:[ \t]*(.*)$/gim)) lines.push("Via: " + m[1].trim());
  lines.push("From: " + header(request, "From"));
  const to = header(request, "To");
  lines.push("To: " + (/;tag=/.test(to) || !toTag ? to : `${to};tag=${toTag}`));
  lines.push("Call-ID: " + header(request, "Call-ID"), "CSeq: " + header(request, "CSeq"), ...extra);
  return lines.join("\r\n") + "\r\nContent-Length: 0\r\n\r\n";
}

/**
 * A transport (SIP.js's interface) that hands what the user agent sends to `options.peer.receive`
 * on a later microtask. With `fail` set, sending fails: a rejected promise, or a throw from inside
 * send() when `options.failsBy` is "throw".
 */
export class MemoryTransport {
  constructor(logger, options) {
    this.options = options;
    this.protocol = "WSS";
    this.fail = false;
    this.onMessage = undefined;
  }
  connect() {
    return Promise.resolve();
  }
  disconnect() {
    return Promise.resolve();
  }
  dispose() {
    return Promise.resolve();
  }
  isConnected() {
    return true;
  }
  send(message) {
    if (this.fail) {
      const error = new Error("socket closed");
      if (this.options.failsBy === "throw") throw error; // fails inside the core's send call
      return Promise.reject(error);
    }
    Promise.resolve().then(() => this.options.peer.receive(message));
    return Promise.resolve();
  }
}
