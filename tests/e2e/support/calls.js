// Calls between UserAgents under Node, of either package (sip.js 0.21.2 or this one), through a
// private Kamailio. Media is not the point here (the Chromium tests cover WebRTC): each session
// gets a FakeSessionDescriptionHandler that writes a small audio SDP and models the one piece of
// media state the signalling carries, the stream direction (a=sendrecv/sendonly/recvonly/inactive),
// with the same rules as SIP.js's Web SessionDescriptionHandler.updateDirection (hold option,
// answer = intersection with the offer). Every SDP it makes or is given is kept, so a test can
// check at one side what the other side's SDH put on the wire.
//
//   import { makePhone, watchSession } from "./support/calls.js";
//   const alice = await makePhone(SIP, { user: "alice", server: kamailio.url });
//   const call = watchSession(new SIP.Inviter(alice.ua, SIP.UserAgent.makeURI("sip:bob@sipwasm.test")));
//   await call.session.invite();
//   const bobCall = await bob.nextInvitation();
//
// Every wait is bounded.
import { makeUserAgent } from "./useragents.js";
import { until, withTimeout } from "./util.js";

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m;

/** The first direction attribute of an SDP body ("sendrecv" if it has none, as RFC 3264 says). */
export function directionOf(sdp) {
  const m = DIRECTION.exec(sdp || "");
  return m ? m[1] : "sendrecv";
}

let nextPort = 20000;

/**
 * A session description handler without media. Signalling state as RTCPeerConnection's
 * ("stable", "have-local-offer", "have-remote-offer", "closed"); `direction` as its transceiver's.
 * local / remote: every SDP made / applied, in order.
 */
export class FakeSessionDescriptionHandler {
  constructor(owner) {
    this.owner = owner;
    this.port = nextPort += 2;
    this.version = 0;
    this.signalingState = "stable";
    this.direction = "sendrecv";
    this.local = [];
    this.remote = [];
    this.closed = false;
    this.dtmf = [];
  }

  get lastLocalDirection() {
    return this.local.length ? directionOf(this.local[this.local.length - 1]) : undefined;
  }

  get lastRemoteDirection() {
    return this.remote.length ? directionOf(this.remote[this.remote.length - 1]) : undefined;
  }

  sdp(direction) {
    this.version += 1;
    return [
      "v=0",
      `o=${this.owner} 1000 ${this.version} IN IP4 127.0.0.1`,
      "s=-",
      "c=IN IP4 127.0.0.1",
      "t=0 0",
      `m=audio ${this.port} RTP/AVP 0 101`,
      "a=rtpmap:0 PCMU/8000",
      "a=rtpmap:101 telephone-event/8000",
      `a=${direction}`,
      "",
    ].join("\r\n");
  }

  // SIP.js's Web SDH rules (updateDirection): an offer follows the transceiver's direction and the
  // hold option; an answer intersects the offered direction with the hold option.
  updateDirection(options) {
    const hold = !!(options && options.hold);
    if (this.signalingState === "stable") {
      switch (this.direction) {
        case "inactive":
        case "recvonly":
          this.direction = hold ? "inactive" : "recvonly";
          break;
        default:
          this.direction = hold ? "sendonly" : "sendrecv";
      }
      return;
    }
    switch (this.lastRemoteDirection) {
      case "inactive":
        this.direction = "inactive";
        break;
      case "recvonly":
        this.direction = "sendonly";
        break;
      case "sendonly":
        this.direction = hold ? "inactive" : "recvonly";
        break;
      default:
        this.direction = hold ? "sendonly" : "sendrecv";
    }
  }

  async getDescription(options, modifiers = []) {
    if (this.closed) throw new Error("Peer connection closed.");
    if (this.signalingState !== "stable" && this.signalingState !== "have-remote-offer") {
      throw new Error(`Invalid signaling state ${this.signalingState}`);
    }
    this.updateDirection(options);
    const type = this.signalingState === "stable" ? "offer" : "answer";
    let description = { type, sdp: this.sdp(this.direction) };
    for (const modifier of modifiers || []) description = await modifier(description);
    this.signalingState = type === "offer" ? "have-local-offer" : "stable";
    this.local.push(description.sdp);
    return { body: description.sdp, contentType: "application/sdp" };
  }

  async setDescription(sdp) {
    if (this.closed) throw new Error("Peer connection closed.");
    if (this.signalingState === "stable") this.signalingState = "have-remote-offer";
    else if (this.signalingState === "have-local-offer") this.signalingState = "stable";
    else throw new Error(`Invalid signaling state ${this.signalingState}`);
    this.remote.push(sdp);
  }

  hasDescription(contentType) {
    return contentType === "application/sdp";
  }

  async rollbackDescription() {
    if (this.signalingState === "have-local-offer") this.local.pop();
    if (this.signalingState === "have-remote-offer") this.remote.pop();
    this.signalingState = "stable";
  }

  sendDtmf(tones) {
    this.dtmf.push(tones);
    return true;
  }

  close() {
    this.closed = true;
    this.signalingState = "closed";
  }
}

/** A sessionDescriptionHandlerFactory that makes FakeSessionDescriptionHandlers and keeps them in `list`. */
export function fakeSdhFactory(owner, list = []) {
  const factory = () => {
    const sdh = new FakeSessionDescriptionHandler(owner);
    list.push(sdh);
    return sdh;
  };
  factory.handlers = list;
  return factory;
}

/**
 * What a session received and went through, recorded in order: states, infos, messages (bodies),
 * referrals, notifications (sipfrag bodies of REFER NOTIFYs), reinvites (SIP.js's onInvite
 * arguments), acks and byes (counts). The delegate answers INFO and MESSAGE with 200; REFERs are accepted and
 * followed (the new Inviter is watched too and handed to `onReferral`, if given) unless
 * `refer: false`.
 */
export function watchSession(session, { refer = true, onReferral, inviterOptions } = {}) {
  const record = {
    session,
    states: [],
    infos: [],
    messages: [],
    referrals: [],
    referredCalls: [],
    notifications: [],
    reinvites: [],
    byes: 0,
    acks: 0,
    errors: [],
  };
  session.stateChange.addListener((state) => record.states.push(state));
  session.delegate = {
    onInfo: (info) => {
      record.infos.push({ contentType: info.request.getHeader("Content-Type"), body: info.request.body });
      info.accept().catch((e) => record.errors.push(e));
    },
    onMessage: (message) => {
      record.messages.push(message.request.body);
      message.accept().catch((e) => record.errors.push(e));
    },
    onAck: () => {
      record.acks += 1;
    },
    onBye: (bye) => {
      record.byes += 1;
      bye.accept().catch((e) => record.errors.push(e));
    },
    onInvite: (request, response, statusCode) => record.reinvites.push({ request, response, statusCode }),
    onNotify: (notification) => {
      record.notifications.push(notification.request.body);
      notification.accept().catch((e) => record.errors.push(e));
    },
    onRefer: (referral) => {
      record.referrals.push(referral);
      if (!refer) {
        referral.reject().catch((e) => record.errors.push(e));
        return;
      }
      referral
        .accept()
        .then(() => {
          const inviter = referral.makeInviter(inviterOptions);
          const call = watchSession(inviter);
          record.referredCalls.push(call);
          if (onReferral) onReferral(call);
          return inviter.invite();
        })
        .catch((e) => record.errors.push(e));
    },
  };
  return record;
}

/**
 * A started UserAgent (makeUserAgent's handle) whose sessions get fake SDHs, with incoming
 * invitations queued: handle.invitations (all, watched with watchSession), handle.sdhs (all SDHs
 * made), handle.nextInvitation({ timeoutMs }) resolves with the next unclaimed watched invitation.
 * Options as makeUserAgent's, plus `register` (default true).
 */
export async function makePhone(SIP, { user, server, register = true, userAgentOptions = {}, watchOptions, ...rest }) {
  const sdhs = [];
  const invitations = [];
  let claimed = 0;
  const handle = await makeUserAgent(SIP, {
    user,
    server,
    register,
    ...rest,
    userAgentOptions: {
      sessionDescriptionHandlerFactory: fakeSdhFactory(user, sdhs),
      ...userAgentOptions,
      delegate: {
        onMessage: (message) => {
          handle.messages.push(message.request.body);
          message.accept().catch(() => undefined);
        },
        onInvite: (invitation) => invitations.push(watchSession(invitation, watchOptions)),
        ...(userAgentOptions.delegate || {}),
      },
    },
  });
  handle.sdhs = sdhs;
  handle.invitations = invitations;
  handle.nextInvitation = async ({ timeoutMs = 8000 } = {}) => {
    await until(() => invitations.length > claimed, { timeout: timeoutMs, what: `${user}: an incoming INVITE` });
    return invitations[claimed++];
  };
  /** An Inviter to `target` (a user name or URI string), watched; not yet invited. */
  handle.inviter = (target, options = {}) => {
    const uri = SIP.UserAgent.makeURI(target.includes(":") ? target : `sip:${target}@sipwasm.test`);
    return watchSession(new SIP.Inviter(handle.ua, uri, options), options.watch);
  };
  return handle;
}

/** Resolves once `session.state` is `state` (by name: "Established", ...), bounded. */
export function reachState(session, state, { timeoutMs = 8000, what } = {}) {
  return until(() => session.state === state, { timeout: timeoutMs, what: what || `session state ${state} (now ${session.state})` });
}

/**
 * Calls `callee` from `caller` (phones), answers, and resolves with both watched sessions once
 * Established and the callee has the ACK.
 */
export async function establishCall(caller, callee, { inviteOptions, acceptOptions, timeoutMs = 8000 } = {}) {
  const outgoing = caller.inviter(callee.user);
  await withTimeout(outgoing.session.invite(inviteOptions), timeoutMs, `${caller.user}: invite()`);
  const incoming = await callee.nextInvitation({ timeoutMs });
  await withTimeout(incoming.session.accept(acceptOptions), timeoutMs, `${callee.user}: accept()`);
  await reachState(outgoing.session, "Established", { timeoutMs, what: `${caller.user}'s call Established` });
  await reachState(incoming.session, "Established", { timeoutMs, what: `${callee.user}'s call Established` });
  await until(() => incoming.acks === 1, { timeout: timeoutMs, what: `${callee.user}: the ACK of the INVITE` });
  return { outgoing, incoming };
}
