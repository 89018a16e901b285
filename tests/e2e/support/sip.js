// A scripted SIP peer over the package's own Web.Transport, for protocol-level scenarios that need
// no UserAgent: it sends requests written by hand and waits (bounded) for their responses, which
// it parses with Core.Parser.parseMessage.
//
//   const peer = await connectPeer(kamailio.url, { user: "alice" });
//   const { status, message } = await peer.request(peer.buildRequest({ method: "OPTIONS" }));
//   await peer.close();
import { createHash, randomBytes } from "node:crypto";
import { WebSocket } from "ws";
import { Core, Web } from "../../../lib/index.js";
import { domain as defaultDomain } from "./kamailio.js";
import { captureLogger, withTimeout } from "./util.js";

/** Makes `ws`'s WebSocket the global one (Node 20 has none); returns a function that undoes it. */
export function installNodeWebSocket() {
  const saved = globalThis.WebSocket;
  globalThis.WebSocket = WebSocket;
  return () => {
    globalThis.WebSocket = saved;
  };
}

export const randomToken = (bytes = 6) => randomBytes(bytes).toString("hex");

/** Parses a SIP message with the package's parser; undefined (and the reason in `warnings`) if rejected. */
export function parse(text, warnings = []) {
  const logger = { warn: (s) => warnings.push(s), error: (s) => warnings.push(s), log() {}, debug() {} };
  return Core.Parser.parseMessage(text, logger);
}

/** The value of a digest challenge parameter (`realm`, `nonce`, ...) of a WWW-/Proxy-Authenticate value. */
export function challengeParam(header, name) {
  const m = new RegExp(`[\\s,]${name}\\s*=\\s*(?:"([^"]*)"|([^\\s,]+))`, "i").exec(" " + header.replace(/^\s*Digest\s+/i, ","));
  return m ? (m[1] !== undefined ? m[1] : m[2]) : undefined;
}

/** An RFC 2617 MD5 digest Authorization value (qop=auth when offered). */
export function digestAuthorization({ challenge, method, uri, user, password, cnonce = randomToken(8), nc = "00000001" }) {
  const md5 = (s) => createHash("md5").update(s).digest("hex");
  const realm = challengeParam(challenge, "realm");
  const nonce = challengeParam(challenge, "nonce");
  const opaque = challengeParam(challenge, "opaque");
  const qops = (challengeParam(challenge, "qop") || "").split(",").map((s) => s.trim());
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const withQop = qops.includes("auth");
  const response = withQop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  let value = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5`;
  if (withQop) value += `, qop=auth, cnonce="${cnonce}", nc=${nc}`;
  if (opaque !== undefined) value += `, opaque="${opaque}"`;
  return value;
}

/**
 * A peer: the package's Web.Transport plus bookkeeping. Use connectPeer().
 * - transport: the Web.Transport; log: its captured logger ({ logs, text() })
 * - received: every message text received, in order; events: "connect" / "disconnect:<message>"
 * - buildRequest(opts), request(text|opts, { timeoutMs }), waitForMessage(predicate, { timeoutMs }),
 *   nextCSeq(), close()
 */
export class Peer {
  constructor(server, { user = "alice", domain = defaultDomain, connectionTimeout = 5, transportOptions = {} } = {}) {
    this.user = user;
    this.domain = domain;
    this.host = `${randomToken(6)}.invalid`; // as sip.js's UserAgent names its WebSocket contact host
    this.callId = randomToken(10);
    this.fromTag = randomToken(5);
    this.cseq = 1;
    this.received = [];
    this.events = [];
    this.disconnectErrors = [];
    this.waiters = new Set();
    this.log = captureLogger("sip.transport");
    this.transport = new Web.Transport(this.log.logger, { server, connectionTimeout, traceSip: false, ...transportOptions });
    this.transport.onConnect = () => this.events.push("connect");
    this.transport.onDisconnect = (error) => {
      this.events.push(`disconnect:${error ? error.message : "-"}`);
      this.disconnectErrors.push(error);
      for (const w of this.waiters) w.onDisconnect(error);
    };
    this.transport.onMessage = (text) => {
      this.received.push(text);
      for (const w of this.waiters) w.check(text);
    };
  }

  get aor() {
    return `sip:${this.user}@${this.domain}`;
  }

  get contact() {
    return `<sip:${this.user}@${this.host};transport=ws>`;
  }

  nextCSeq() {
    return this.cseq++;
  }

  /**
   * A request written by hand, CRLF line ends. Options: method (OPTIONS), ruri (the domain, or the
   * AOR for REGISTER), to (the AOR), callId (this peer's), cseq (the next), branch (new),
   * contact (this peer's; null for none), headers (extra lines), body ("").
   */
  buildRequest({ method = "OPTIONS", ruri, to, callId = this.callId, cseq = this.nextCSeq(), branch = `z9hG4bK${randomToken(8)}`, contact = this.contact, headers = [], body = "" } = {}) {
    const lines = [
      `${method} ${ruri || (method === "REGISTER" ? `sip:${this.domain}` : this.aor)} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
      "Max-Forwards: 70",
      `To: <${to || this.aor}>`,
      `From: <${this.aor}>;tag=${this.fromTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
    ];
    if (contact) lines.push(`Contact: ${contact}`);
    lines.push(...headers, "User-Agent: sip-wasm-e2e", `Content-Length: ${Buffer.byteLength(body)}`, "", body);
    return lines.join("\r\n");
  }

  /**
   * Resolves with the first received message (text) for which predicate(text, parsed) holds,
   * looking at what already arrived first; rejects on timeout or if the transport disconnects.
   */
  waitForMessage(predicate, { timeoutMs = 5000, what = "a matching message", since = 0 } = {}) {
    for (const text of this.received.slice(since)) {
      const parsed = parse(text);
      if (predicate(text, parsed)) return Promise.resolve(text);
    }
    let waiter;
    const promise = new Promise((resolve, reject) => {
      waiter = {
        check: (text) => {
          if (predicate(text, parse(text))) resolve(text);
        },
        onDisconnect: (error) => reject(new Error(`transport disconnected while waiting for ${what}: ${error ? error.message : "-"}`)),
      };
      this.waiters.add(waiter);
    });
    return withTimeout(promise, timeoutMs, what).finally(() => this.waiters.delete(waiter));
  }

  /**
   * Sends a request (text, or options for buildRequest) and resolves with its final response:
   * { status, reason, message (parsed IncomingResponseMessage), text, request }.
   */
  async request(requestOrOptions, { timeoutMs = 5000 } = {}) {
    const request = typeof requestOrOptions === "string" ? requestOrOptions : this.buildRequest(requestOrOptions);
    const sent = parse(request);
    if (!sent) throw new Error(`the request does not parse:\n${request}`);
    const since = this.received.length;
    const waiting = this.waitForMessage(
      (text, m) => m instanceof Core.IncomingResponseMessage && m.callId === sent.callId && m.cseq === sent.cseq && m.method === sent.method && m.statusCode >= 200,
      { timeoutMs, what: `the final response to ${sent.method} (CSeq ${sent.cseq})`, since }
    );
    await this.transport.send(request);
    const text = await waiting;
    const message = parse(text);
    return { status: message.statusCode, reason: message.reasonPhrase, message, text, request };
  }

  /**
   * REGISTER with digest: the 401 challenge, then the credentials. Resolves with the final
   * response of the authenticated REGISTER. `expires` 0 unregisters.
   */
  async register({ password = `${this.user}-secret`, expires = 600, timeoutMs = 5000 } = {}) {
    const ruri = `sip:${this.domain}`;
    const first = await this.request({ method: "REGISTER", ruri, headers: [`Expires: ${expires}`] }, { timeoutMs });
    if (first.status !== 401) return first;
    const challenge = first.message.getHeader("WWW-Authenticate");
    const authorization = digestAuthorization({ challenge, method: "REGISTER", uri: ruri, user: this.user, password });
    return this.request({ method: "REGISTER", ruri, headers: [`Expires: ${expires}`, `Authorization: ${authorization}`] }, { timeoutMs });
  }

  /** Disconnects (bounded); never throws. */
  async close() {
    this.transport.onDisconnect = undefined;
    await withTimeout(this.transport.dispose(), 5000, "transport to disconnect").catch(() => undefined);
  }
}

/** Creates a Peer and connects it (bounded by connectionTimeout). */
export async function connectPeer(server, options) {
  const peer = new Peer(server, options);
  await withTimeout(peer.transport.connect(), (peer.transport.configuration.connectionTimeout + 5) * 1000, `connect to ${server}`);
  return peer;
}
