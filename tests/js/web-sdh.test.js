// Web.SessionDescriptionHandler and its factories over a fake WebRTC stack (Node has none): a
// small RTCPeerConnection that keeps transceivers, makes SDP offers and answers from them (with
// RFC 3264 direction rules), moves through signaling and ICE gathering states and fires the
// events a browser fires; plus MediaStream, tracks, RTCDTMFSender, getUserMedia and AudioContext.
import { jest } from "@jest/globals";
import * as Web from "../../lib/platform/web/index.js";
import {
  SessionDescriptionHandler,
  WebAudioSessionDescriptionHandler,
  defaultMediaStreamFactory,
  defaultPeerConnectionConfiguration,
  defaultSessionDescriptionHandlerFactory,
  startLocalConference
} from "../../lib/platform/web/session-description-handler/index.js";
import { holdModifier, stripTelephoneEvent } from "../../lib/platform/web/modifiers/index.js";
import { LoggerFactory } from "../../lib/core/log/index.js";

// ---------------------------------------------------------------------------------------------
// The fake WebRTC stack

let nextId = 1;

class FakeMediaStreamTrack {
  constructor(kind, label = `${kind} ${nextId}`) {
    this.kind = kind;
    this.id = `track-${nextId++}`;
    this.label = label;
    this.enabled = true;
    this.readyState = "live";
  }
  stop() {
    this.readyState = "ended";
  }
}

class FakeMediaStream extends EventTarget {
  constructor(tracks = []) {
    super();
    this.id = `stream-${nextId++}`;
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === "audio");
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === "video");
  }
  getTrackById(id) {
    return this.tracks.find((t) => t.id === id) || null;
  }
  addTrack(track) {
    if (!this.tracks.includes(track)) {
      this.tracks.push(track);
    }
  }
  removeTrack(track) {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

class FakeMediaStreamTrackEvent extends Event {
  constructor(type, init) {
    super(type);
    this.track = init.track;
  }
}

class FakeDTMFSender {
  constructor() {
    this.inserted = [];
  }
  insertDTMF(tones, duration = 100, interToneGap = 70) {
    if (!/^[0-9A-D#*,]*$/i.test(tones)) {
      const error = new Error("InvalidCharacterError: tones contain an invalid character");
      error.name = "InvalidCharacterError";
      throw error;
    }
    this.inserted.push({ tones, duration, interToneGap });
  }
}

class FakeSender {
  constructor(track, kind) {
    this.track = track;
    this.dtmf = kind === "audio" ? new FakeDTMFSender() : null;
  }
  replaceTrack(track) {
    this.track = track;
    return Promise.resolve();
  }
}

class FakeTransceiver {
  constructor(kind, direction, mid = null) {
    this.kind = kind;
    this.mid = mid;
    this.direction = direction;
    this.currentDirection = null;
    this.sender = new FakeSender(null, kind);
    this.receiver = { track: new FakeMediaStreamTrack(kind, `remote ${kind}`) };
    this.remoteTrackSignalled = false;
  }
}

const reverse = (direction) => ({ sendonly: "recvonly", recvonly: "sendonly" })[direction] || direction;
const allowsSend = (direction) => direction === "sendrecv" || direction === "sendonly";
const allowsRecv = (direction) => direction === "sendrecv" || direction === "recvonly";
const directionOf = (send, recv) => (send && recv ? "sendrecv" : send ? "sendonly" : recv ? "recvonly" : "inactive");

// The media sections of an SDP: { kind, mid, direction }.
function mediaSections(sdp) {
  const result = [];
  let sessionDirection = "sendrecv";
  for (const line of sdp.split(/\r\n/)) {
    const m = /^m=(\w+) /.exec(line);
    if (m) {
      result.push({ kind: m[1], mid: String(result.length), direction: undefined });
      continue;
    }
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(line);
    if (direction) {
      if (result.length) {
        result[result.length - 1].direction = direction[1];
      } else {
        sessionDirection = direction[1];
      }
    }
    const mid = /^a=mid:(\S+)$/.exec(line);
    if (mid && result.length) {
      result[result.length - 1].mid = mid[1];
    }
  }
  return result.map((s) => ({ ...s, direction: s.direction || sessionDirection }));
}

function makeSdp(sections) {
  const lines = ["v=0", `o=- ${nextId++} 2 IN IP4 127.0.0.1`, "s=-", "t=0 0"];
  lines.push(`a=group:BUNDLE ${sections.map((s) => s.mid).join(" ")}`);
  for (const s of sections) {
    if (s.kind === "audio") {
      lines.push("m=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8 101", "c=IN IP4 0.0.0.0", `a=mid:${s.mid}`, `a=${s.direction}`);
      lines.push("a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:9 G722/8000");
      lines.push("a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16");
    } else {
      lines.push("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", `a=mid:${s.mid}`, `a=${s.direction}`);
      lines.push("a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96");
    }
  }
  return lines.join("\r\n") + "\r\n";
}

function withCandidates(sdp) {
  return sdp
    .split(/(?=^m=)/m)
    .map((section, i) =>
      i === 0 ? section : section + "a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host\r\na=end-of-candidates\r\n"
    )
    .join("");
}

class FakeRTCPeerConnection {
  constructor(configuration) {
    FakeRTCPeerConnection.instances.push(this);
    this.configuration = configuration;
    this.signalingState = "stable";
    this.iceGatheringState = "new";
    this.iceConnectionState = "new";
    this.connectionState = "new";
    this.localDescription = null;
    this.remoteDescription = null;
    this.transceivers = [];
    this.dataChannels = [];
    this.calls = [];
    this.gathering = FakeRTCPeerConnection.gathering; // "immediate" | "never"
  }
  fire(handler, event = new Event(handler.slice(2))) {
    if (typeof this[handler] === "function") {
      this[handler](event);
    }
  }
  setSignalingState(state) {
    this.signalingState = state;
    this.fire("onsignalingstatechange");
  }
  addTrack(track) {
    this.calls.push(["addTrack", track.kind]);
    if (this.signalingState === "closed") {
      throw new Error("InvalidStateError: closed");
    }
    let transceiver = this.transceivers.find((t) => t.kind === track.kind && !t.sender.track && t.direction !== "stopped");
    if (transceiver) {
      transceiver.direction = transceiver.direction === "recvonly" ? "sendrecv" : transceiver.direction === "inactive" ? "sendonly" : transceiver.direction;
    } else {
      transceiver = new FakeTransceiver(track.kind, "sendrecv");
      this.transceivers.push(transceiver);
    }
    transceiver.sender.track = track;
    return transceiver.sender;
  }
  getSenders() {
    return this.transceivers.map((t) => t.sender);
  }
  getReceivers() {
    return this.transceivers.map((t) => t.receiver);
  }
  getTransceivers() {
    return [...this.transceivers];
  }
  createDataChannel(label, options) {
    const channel = { label, options, closed: false, close() { this.closed = true; } };
    this.dataChannels.push(channel);
    return channel;
  }
  createOffer(options) {
    this.calls.push(["createOffer", options]);
    if (this.signalingState !== "stable" && this.signalingState !== "have-local-offer") {
      return Promise.reject(new Error(`InvalidStateError: createOffer in ${this.signalingState}`));
    }
    this.transceivers.forEach((t, i) => {
      if (t.mid === null) {
        t.mid = String(i);
      }
    });
    const sections = this.transceivers.map((t) => ({ kind: t.kind, mid: t.mid, direction: t.direction }));
    return Promise.resolve({ type: "offer", sdp: makeSdp(sections) });
  }
  createAnswer(options) {
    this.calls.push(["createAnswer", options]);
    if (this.signalingState !== "have-remote-offer") {
      return Promise.reject(new Error(`InvalidStateError: createAnswer in ${this.signalingState}`));
    }
    const sections = mediaSections(this.remoteDescription.sdp).map((offered) => {
      const t = this.transceivers.find((x) => x.mid === offered.mid);
      const local = t ? t.direction : "inactive";
      const remote = reverse(offered.direction);
      return {
        kind: offered.kind,
        mid: offered.mid,
        direction: directionOf(allowsSend(local) && allowsSend(remote), allowsRecv(local) && allowsRecv(remote))
      };
    });
    return Promise.resolve({ type: "answer", sdp: makeSdp(sections) });
  }
  setLocalDescription(description) {
    this.calls.push(["setLocalDescription", description.type]);
    const { type, sdp } = description;
    if (type === "rollback") {
      if (this.signalingState !== "have-local-offer") {
        return Promise.reject(new Error(`InvalidStateError: rollback in ${this.signalingState}`));
      }
      this.localDescription = this.stableLocal || null;
      this.setSignalingState("stable");
      return Promise.resolve();
    }
    if (!sdp || !sdp.startsWith("v=0")) {
      return Promise.reject(new Error("OperationError: invalid SDP"));
    }
    if (type === "offer" && this.signalingState === "stable") {
      this.setSignalingState("have-local-offer");
    } else if (type === "answer" && this.signalingState === "have-remote-offer") {
      for (const s of mediaSections(sdp)) {
        const t = this.transceivers.find((x) => x.mid === s.mid);
        if (t) {
          t.currentDirection = s.direction;
        }
      }
      this.setSignalingState("stable");
    } else {
      return Promise.reject(new Error(`InvalidStateError: set local ${type} in ${this.signalingState}`));
    }
    this.localDescription = { type, sdp: this.iceGatheringState === "complete" ? withCandidates(sdp) : sdp };
    if (type === "answer") {
      this.stableLocal = this.localDescription;
    }
    if (this.iceGatheringState !== "complete") {
      this.iceGatheringState = "gathering";
      this.fire("onicegatheringstatechange");
      if (this.gathering === "immediate") {
        Promise.resolve().then(() => this.finishGathering());
      }
    }
    return Promise.resolve();
  }
  finishGathering() {
    if (this.signalingState === "closed" || this.iceGatheringState === "complete") {
      return;
    }
    this.fire("onicecandidate", Object.assign(new Event("icecandidate"), { candidate: { candidate: "candidate:1 1 udp" } }));
    if (this.localDescription) {
      this.localDescription = { ...this.localDescription, sdp: withCandidates(this.localDescription.sdp) };
    }
    this.iceGatheringState = "complete";
    this.fire("onicegatheringstatechange");
    this.fire("onicecandidate", Object.assign(new Event("icecandidate"), { candidate: null }));
  }
  setRemoteDescription(description) {
    this.calls.push(["setRemoteDescription", description.type]);
    const { type, sdp } = description;
    if (type === "rollback") {
      if (this.signalingState !== "have-remote-offer") {
        return Promise.reject(new Error(`InvalidStateError: rollback in ${this.signalingState}`));
      }
      this.remoteDescription = this.stableRemote || null;
      this.setSignalingState("stable");
      return Promise.resolve();
    }
    if (!sdp || !sdp.startsWith("v=0")) {
      return Promise.reject(new Error("OperationError: Failed to parse SessionDescription."));
    }
    const sections = mediaSections(sdp);
    if (type === "offer" && this.signalingState === "stable") {
      for (const s of sections) {
        if (!this.transceivers.some((t) => t.mid === s.mid)) {
          const reuse = this.transceivers.find((t) => t.mid === null && t.kind === s.kind);
          if (reuse) {
            reuse.mid = s.mid;
          } else {
            this.transceivers.push(new FakeTransceiver(s.kind, "recvonly", s.mid));
          }
        }
      }
      this.remoteDescription = { type, sdp };
      this.setSignalingState("have-remote-offer");
    } else if (type === "answer" && this.signalingState === "have-local-offer") {
      for (const s of sections) {
        const t = this.transceivers.find((x) => x.mid === s.mid);
        if (t) {
          t.currentDirection = reverse(s.direction);
        }
      }
      this.remoteDescription = { type, sdp };
      this.stableRemote = this.remoteDescription;
      this.stableLocal = this.localDescription;
      this.setSignalingState("stable");
    } else {
      return Promise.reject(new Error(`InvalidStateError: set remote ${type} in ${this.signalingState}`));
    }
    for (const s of sections) {
      const t = this.transceivers.find((x) => x.mid === s.mid);
      if (t && allowsSend(s.direction) && !t.remoteTrackSignalled) {
        t.remoteTrackSignalled = true;
        this.fire("ontrack", Object.assign(new Event("track"), { track: t.receiver.track, transceiver: t }));
      }
    }
    return Promise.resolve();
  }
  close() {
    this.calls.push(["close"]);
    this.signalingState = "closed";
  }
}
FakeRTCPeerConnection.instances = [];
FakeRTCPeerConnection.gathering = "immediate";

// ---------------------------------------------------------------------------------------------

const globalsToFake = {
  RTCPeerConnection: FakeRTCPeerConnection,
  MediaStream: FakeMediaStream,
  MediaStreamTrackEvent: FakeMediaStreamTrackEvent
};
const savedGlobals = {};

let logs;
let getUserMediaCalls;

function makeLogger() {
  const factory = new LoggerFactory();
  factory.builtinEnabled = false;
  factory.connector = (level, category, label, content) => logs.push({ level, category, content });
  return factory.getLogger("sip.SessionDescriptionHandler");
}

// A media stream factory like getUserMedia: new tracks of the kinds asked for.
function mediaStreamFactory(constraints, sdh, options) {
  getUserMediaCalls.push({ constraints, sdh, options });
  const tracks = [];
  if (constraints.audio) {
    tracks.push(new FakeMediaStreamTrack("audio", "microphone"));
  }
  if (constraints.video) {
    tracks.push(new FakeMediaStreamTrack("video", "camera"));
  }
  return Promise.resolve(new FakeMediaStream(tracks));
}

function makeSdh(configuration = { iceGatheringTimeout: 0 }) {
  return new SessionDescriptionHandler(makeLogger(), mediaStreamFactory, configuration);
}

function directions(sdp) {
  return mediaSections(sdp).map((s) => s.direction);
}

function rawOffer(sectionDirections, kinds) {
  return makeSdp(sectionDirections.map((direction, i) => ({ kind: kinds ? kinds[i] : "audio", mid: String(i), direction })));
}

// A full offer/answer between two handlers; returns [offer, answer] bodies.
async function negotiate(offerer, answerer, offerOptions, answerOptions) {
  const offer = await offerer.getDescription(offerOptions);
  await answerer.setDescription(offer.body, answerOptions);
  const answer = await answerer.getDescription(answerOptions);
  await offerer.setDescription(answer.body, offerOptions);
  return [offer.body, answer.body];
}

beforeAll(() => {
  for (const [name, value] of Object.entries(globalsToFake)) {
    savedGlobals[name] = globalThis[name];
    globalThis[name] = value;
  }
});

afterAll(() => {
  for (const name of Object.keys(globalsToFake)) {
    globalThis[name] = savedGlobals[name];
  }
});

beforeEach(() => {
  logs = [];
  getUserMediaCalls = [];
  FakeRTCPeerConnection.instances = [];
  FakeRTCPeerConnection.gathering = "immediate";
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe("exports", () => {
  test("Web exports the handler, its factories and the default configuration", () => {
    expect(Web.SessionDescriptionHandler).toBe(SessionDescriptionHandler);
    expect(Web.WebAudioSessionDescriptionHandler).toBe(WebAudioSessionDescriptionHandler);
    expect(Web.defaultSessionDescriptionHandlerFactory).toBe(defaultSessionDescriptionHandlerFactory);
    expect(Web.defaultMediaStreamFactory).toBe(defaultMediaStreamFactory);
    expect(Web.defaultPeerConnectionConfiguration).toBe(defaultPeerConnectionConfiguration);
    expect(Web.startLocalConference).toBe(startLocalConference);
  });

  test("defaultPeerConnectionConfiguration is sip.js's, a new object each call", () => {
    const configuration = defaultPeerConnectionConfiguration();
    expect(configuration).toEqual({
      bundlePolicy: "balanced",
      certificates: undefined,
      iceCandidatePoolSize: 0,
      iceServers: [{ urls: "stun:stun.l.google.com:19302" }],
      iceTransportPolicy: "all",
      rtcpMuxPolicy: "require"
    });
    expect(defaultPeerConnectionConfiguration()).not.toBe(configuration);
  });
});

describe("defaultSessionDescriptionHandlerFactory", () => {
  function fakeSession() {
    const logger = makeLogger();
    return { userAgent: { getLogger: jest.fn(() => logger) }, logger };
  }

  test("reads the logger off session.userAgent; default ICE timeout 5000 ms and peer connection configuration", () => {
    const session = fakeSession();
    const sdh = defaultSessionDescriptionHandlerFactory(mediaStreamFactory)(session, undefined);
    expect(sdh).toBeInstanceOf(SessionDescriptionHandler);
    expect(session.userAgent.getLogger).toHaveBeenCalledWith("sip.SessionDescriptionHandler");
    expect(sdh.sessionDescriptionHandlerConfiguration.iceGatheringTimeout).toBe(5000);
    expect(FakeRTCPeerConnection.instances[0].configuration).toEqual(defaultPeerConnectionConfiguration());
    expect(sdh.peerConnection).toBe(FakeRTCPeerConnection.instances[0]);
  });

  test("factory options: iceGatheringTimeout (0 allowed) and peerConnectionConfiguration over the defaults", () => {
    const iceServers = [{ urls: "turn:turn.example.com", username: "u", credential: "p" }];
    const sdh = defaultSessionDescriptionHandlerFactory(mediaStreamFactory)(fakeSession(), {
      iceGatheringTimeout: 0,
      peerConnectionConfiguration: { iceServers, iceTransportPolicy: "relay" }
    });
    expect(sdh.sessionDescriptionHandlerConfiguration.iceGatheringTimeout).toBe(0);
    expect(FakeRTCPeerConnection.instances[0].configuration).toEqual({
      ...defaultPeerConnectionConfiguration(),
      iceServers,
      iceTransportPolicy: "relay"
    });
  });

  test("the media stream factory gets (constraints, handler, options); without one, getUserMedia", async () => {
    const sdh = defaultSessionDescriptionHandlerFactory(mediaStreamFactory)(fakeSession(), { iceGatheringTimeout: 0 });
    const options = { constraints: { audio: true, video: false } };
    await sdh.getDescription(options);
    expect(getUserMediaCalls).toHaveLength(1);
    expect(getUserMediaCalls[0].constraints).toEqual({ audio: true, video: false });
    expect(getUserMediaCalls[0].sdh).toBe(sdh);
    expect(getUserMediaCalls[0].options).toBe(options);
  });
});

describe("defaultMediaStreamFactory", () => {
  const savedNavigator = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  function setNavigator(value) {
    Object.defineProperty(globalThis, "navigator", { value, configurable: true, writable: true });
  }
  afterEach(() => {
    if (savedNavigator) {
      Object.defineProperty(globalThis, "navigator", savedNavigator);
    } else {
      delete globalThis.navigator;
    }
  });

  test("no audio and no video: a stream without tracks, no getUserMedia", async () => {
    const getUserMedia = jest.fn();
    setNavigator({ mediaDevices: { getUserMedia } });
    const stream = await defaultMediaStreamFactory()({ audio: false, video: false });
    expect(stream).toBeInstanceOf(FakeMediaStream);
    expect(stream.getTracks()).toEqual([]);
    expect(getUserMedia).not.toHaveBeenCalled();
  });

  test("otherwise navigator.mediaDevices.getUserMedia(constraints), called on mediaDevices", async () => {
    const stream = new FakeMediaStream([new FakeMediaStreamTrack("audio")]);
    const mediaDevices = {
      getUserMedia: jest.fn(function (constraints) {
        return this === mediaDevices ? Promise.resolve(stream) : Promise.reject(new TypeError("Illegal invocation"));
      })
    };
    setNavigator({ mediaDevices });
    const constraints = { audio: { echoCancellation: true }, video: false };
    await expect(defaultMediaStreamFactory()(constraints)).resolves.toBe(stream);
    expect(mediaDevices.getUserMedia).toHaveBeenCalledWith(constraints);
  });

  test("no mediaDevices (an insecure context): rejects", async () => {
    setNavigator({});
    await expect(defaultMediaStreamFactory()({ audio: true })).rejects.toThrow(
      "Media devices not available in insecure contexts."
    );
  });
});

describe("offer/answer", () => {
  test("getDescription makes an offer with local audio; the answerer's setDescription/getDescription answer it", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    const addTrack = jest.fn();
    alice.localMediaStream.addEventListener("addtrack", addTrack);
    const remoteAddTrack = jest.fn();
    bob.remoteMediaStream.addEventListener("addtrack", remoteAddTrack);

    const offer = await alice.getDescription();
    expect(offer.contentType).toBe("application/sdp");
    expect(offer.body).toMatch(/^v=0\r\n/);
    expect(offer.body).toContain("m=audio 9 UDP/TLS/RTP/SAVPF");
    expect(directions(offer.body)).toEqual(["sendrecv"]);
    expect(offer.body).toContain("a=candidate:"); // returned after ICE gathering completed
    expect(alice.peerConnection.signalingState).toBe("have-local-offer");
    // default constraints: audio only
    expect(getUserMediaCalls[0].constraints).toEqual({ audio: true });
    expect(alice.localMediaStream.getAudioTracks()).toHaveLength(1);
    expect(alice.localMediaStream.getAudioTracks()[0].label).toBe("microphone");
    expect(addTrack).toHaveBeenCalledTimes(1);
    expect(addTrack.mock.calls[0][0].track).toBe(alice.localMediaStream.getAudioTracks()[0]);

    await bob.setDescription(offer.body);
    expect(bob.peerConnection.signalingState).toBe("have-remote-offer");
    expect(bob.peerConnection.remoteDescription).toEqual({ type: "offer", sdp: offer.body });
    expect(bob.remoteMediaStream.getAudioTracks()).toHaveLength(1);
    expect(remoteAddTrack).toHaveBeenCalledTimes(1);

    const answer = await bob.getDescription();
    expect(directions(answer.body)).toEqual(["sendrecv"]);
    expect(bob.peerConnection.signalingState).toBe("stable");
    expect(bob.peerConnection.calls.filter((c) => c[0] === "addTrack")).toEqual([["addTrack", "audio"]]);

    await alice.setDescription(answer.body);
    expect(alice.peerConnection.signalingState).toBe("stable");
    expect(alice.peerConnection.remoteDescription).toEqual({ type: "answer", sdp: answer.body });
    expect(alice.remoteMediaStream.getAudioTracks()).toHaveLength(1);
  });

  test("hasDescription: application/sdp only (type and subtype case-insensitive, parameters ignored)", () => {
    const sdh = makeSdh();
    expect(sdh.hasDescription("application/sdp")).toBe(true);
    expect(sdh.hasDescription("Application/SDP")).toBe(true);
    expect(sdh.hasDescription("application/sdp; charset=utf-8")).toBe(true);
    expect(sdh.hasDescription("text/plain")).toBe(false);
    expect(sdh.hasDescription("multipart/mixed")).toBe(false);
    expect(sdh.hasDescription("")).toBe(false);
    expect(sdh.hasDescription(undefined)).toBe(false);
  });

  test("offer and answer options reach createOffer and createAnswer", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    const offerOptions = { offerToReceiveVideo: true };
    const answerOptions = { voiceActivityDetection: false };
    await negotiate(alice, bob, { offerOptions }, { answerOptions });
    expect(alice.peerConnection.calls.find((c) => c[0] === "createOffer")[1]).toBe(offerOptions);
    expect(bob.peerConnection.calls.find((c) => c[0] === "createAnswer")[1]).toBe(answerOptions);
  });

  test("modifiers apply to the local description before it is set, and to the remote one", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    const offer = await alice.getDescription(undefined, [stripTelephoneEvent]);
    expect(offer.body).not.toContain("telephone-event");
    expect(alice.peerConnection.localDescription.sdp).not.toContain("telephone-event");
    const seen = [];
    const spy = (description) => {
      seen.push(description.type);
      return Promise.resolve(description);
    };
    await bob.setDescription(offer.body, undefined, [spy, stripTelephoneEvent]);
    expect(seen).toEqual(["offer"]);
    const answer = await bob.getDescription(undefined, [spy]);
    expect(seen).toEqual(["offer", "answer"]);
    await alice.setDescription(answer.body, undefined, [spy]);
    expect(seen).toEqual(["offer", "answer", "answer"]);
  });

  test("a modifier returning no SDP rejects with Invalid SDP.", async () => {
    const sdh = makeSdh();
    await expect(sdh.getDescription(undefined, [() => Promise.resolve({ type: "offer", sdp: "" })])).rejects.toThrow(
      "Invalid SDP."
    );
    expect(logs.some((l) => /getDescription failed/.test(l.content))).toBe(true);
  });

  test("setDescription rejects what the peer connection refuses; getDescription rejects in have-local-offer", async () => {
    const sdh = makeSdh();
    await expect(sdh.setDescription("garbage")).rejects.toThrow("Failed to parse SessionDescription");
    await sdh.getDescription();
    await expect(sdh.getDescription()).rejects.toThrow("Invalid signaling state have-local-offer");
  });

  test("constraints: unchanged ones reuse the local media; new ones get new media (audio replaced, video added)", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    await negotiate(alice, bob);
    expect(getUserMediaCalls).toHaveLength(2); // one each
    const firstAudio = alice.localMediaStream.getAudioTracks()[0];
    await negotiate(alice, bob, { constraints: { audio: true } });
    expect(getUserMediaCalls).toHaveLength(2);
    expect(alice.localMediaStream.getAudioTracks()[0]).toBe(firstAudio);

    const removed = jest.fn();
    alice.localMediaStream.addEventListener("removetrack", removed);
    await negotiate(alice, bob, { constraints: { audio: true, video: true } });
    expect(getUserMediaCalls[2].constraints).toEqual({ audio: true, video: true });
    const audio = alice.localMediaStream.getAudioTracks()[0];
    expect(audio).not.toBe(firstAudio);
    expect(firstAudio.readyState).toBe("ended");
    expect(removed.mock.calls.map((c) => c[0].track)).toEqual([firstAudio]);
    expect(alice.localMediaStream.getVideoTracks()).toHaveLength(1);
    const senders = alice.peerConnection.getSenders();
    expect(senders.map((s) => s.track)).toEqual([audio, alice.localMediaStream.getVideoTracks()[0]]);
    expect(alice.peerConnection.calls.filter((c) => c[0] === "addTrack")).toEqual([
      ["addTrack", "audio"],
      ["addTrack", "video"]
    ]);
  });
});

describe("hold: directions of the offer and the answer", () => {
  test("hold offers sendonly, the held side answers recvonly; unhold offers sendrecv again", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    await negotiate(alice, bob);
    const [holdOffer, holdAnswer] = await negotiate(alice, bob, { hold: true });
    expect(directions(holdOffer)).toEqual(["sendonly"]);
    expect(directions(holdAnswer)).toEqual(["recvonly"]);
    const [unholdOffer, unholdAnswer] = await negotiate(alice, bob, { hold: false });
    expect(directions(unholdOffer)).toEqual(["sendrecv"]);
    expect(directions(unholdAnswer)).toEqual(["sendrecv"]);
  });

  test("both on hold: the second holder offers inactive and gets inactive", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    await negotiate(alice, bob);
    await negotiate(alice, bob, { hold: true }); // bob's transceiver: recvonly
    const [offer, answer] = await negotiate(bob, alice, { hold: true }, { hold: true });
    expect(directions(offer)).toEqual(["inactive"]);
    expect(directions(answer)).toEqual(["inactive"]);
    // bob takes his hold off, alice still holds: recvonly offered, sendonly answered
    const [offer2, answer2] = await negotiate(bob, alice, { hold: false }, { hold: true });
    expect(directions(offer2)).toEqual(["recvonly"]);
    expect(directions(answer2)).toEqual(["sendonly"]);
  });

  test("answer direction for each offered direction, with and without hold (RFC 3264 §6.1)", async () => {
    const table = [
      ["sendrecv", false, "sendrecv"],
      ["sendrecv", true, "sendonly"],
      ["sendonly", false, "recvonly"],
      ["sendonly", true, "inactive"],
      ["recvonly", false, "sendonly"],
      ["recvonly", true, "sendonly"],
      ["inactive", false, "inactive"],
      ["inactive", true, "inactive"]
    ];
    for (const [offered, hold, expected] of table) {
      const sdh = makeSdh();
      await sdh.setDescription(rawOffer([offered]), { hold });
      const answer = await sdh.getDescription({ hold });
      expect([offered, hold, directions(answer.body)[0]]).toEqual([offered, hold, expected]);
      expect(sdh.peerConnection.getTransceivers()[0].direction).toBe(expected);
    }
  });

  test("each media description is answered from its own offered direction", async () => {
    const sdh = makeSdh();
    // (the first direction attribute of the offer does not decide for every media description)
    await sdh.setDescription(rawOffer(["sendonly", "sendrecv"], ["video", "audio"]), { constraints: { audio: true, video: true } });
    const answer = await sdh.getDescription({ constraints: { audio: true, video: true } });
    expect(directions(answer.body)).toEqual(["recvonly", "sendrecv"]);
    expect(sdh.peerConnection.getTransceivers().map((t) => [t.mid, t.direction])).toEqual([
      ["1", "sendrecv"],
      ["0", "recvonly"]
    ]);
  });

  test("the holdModifier as a modifier on an offer", async () => {
    const sdh = makeSdh();
    const offer = await sdh.getDescription(undefined, [holdModifier]);
    expect(directions(offer.body)).toEqual(["sendonly"]);
  });
});

describe("ICE gathering", () => {
  test("getDescription waits for gathering to complete, up to iceGatheringTimeout, then goes on without it", async () => {
    jest.useFakeTimers();
    FakeRTCPeerConnection.gathering = "never";
    const sdh = makeSdh({ iceGatheringTimeout: 1000 });
    let result;
    sdh.getDescription().then((r) => (result = r));
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    expect(sdh.peerConnection.iceGatheringState).toBe("gathering");
    jest.advanceTimersByTime(999);
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    expect(result).toBeUndefined();
    jest.advanceTimersByTime(1);
    for (let i = 0; i < 200 && !result; i++) {
      await Promise.resolve();
    }
    expect(result.contentType).toBe("application/sdp");
    expect(result.body).not.toContain("a=candidate:"); // gathered so far: none
  });

  test("the timeout of a call overrides the configured one; 0 waits for gathering however long", async () => {
    jest.useFakeTimers();
    FakeRTCPeerConnection.gathering = "never";
    const sdh = makeSdh({ iceGatheringTimeout: 1000 });
    let result;
    sdh.getDescription({ iceGatheringTimeout: 0 }).then((r) => (result = r));
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    jest.advanceTimersByTime(3600000);
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    expect(result).toBeUndefined();
    sdh.peerConnection.finishGathering();
    for (let i = 0; i < 200 && !result; i++) {
      await Promise.resolve();
    }
    expect(result.body).toContain("a=candidate:");
    expect(result.body).toContain("a=end-of-candidates");
  });

  test("iceGatheringComplete() ends the wait early", async () => {
    FakeRTCPeerConnection.gathering = "never";
    const sdh = makeSdh({ iceGatheringTimeout: 0 });
    const description = sdh.getDescription();
    await new Promise((resolve) => setTimeout(resolve, 5));
    sdh.iceGatheringComplete();
    await expect(description).resolves.toMatchObject({ contentType: "application/sdp" });
  });

  test("a second wait supersedes the first, which rejects", async () => {
    FakeRTCPeerConnection.gathering = "never";
    const sdh = makeSdh();
    await sdh.setLocalSessionDescription(await sdh.createLocalOfferOrAnswer());
    const first = sdh.waitForIceGatheringComplete(false, 0);
    const second = sdh.waitForIceGatheringComplete(false, 0);
    await expect(first).rejects.toThrow("Promise superseded.");
    sdh.peerConnection.finishGathering();
    await expect(second).resolves.toBeUndefined();
    // already complete: resolves at once, unless restarting
    await expect(sdh.waitForIceGatheringComplete(false, 0)).resolves.toBeUndefined();
  });

  test("the ICE timeout uses globalThis.setTimeout at call time", async () => {
    FakeRTCPeerConnection.gathering = "never";
    const sdh = makeSdh({ iceGatheringTimeout: 250 });
    const setTimeoutSpy = jest.spyOn(globalThis, "setTimeout");
    const description = sdh.getDescription();
    await expect(description).resolves.toBeDefined();
    expect(setTimeoutSpy.mock.calls.some((c) => c[1] === 250)).toBe(true);
  });
});

describe("DTMF", () => {
  test("sendDtmf inserts the tones in the audio sender's RTCDTMFSender, with duration and gap", async () => {
    const sdh = makeSdh();
    await sdh.getDescription();
    expect(sdh.sendDtmf("123#*", { duration: 200, interToneGap: 50 })).toBe(true);
    expect(sdh.sendDtmf("A")).toBe(true);
    const dtmf = sdh.peerConnection.getSenders()[0].dtmf;
    expect(dtmf.inserted).toEqual([
      { tones: "123#*", duration: 200, interToneGap: 50 },
      { tones: "A", duration: 100, interToneGap: 70 }
    ]);
  });

  test("the audio sender is used even when a video sender comes first", async () => {
    const sdh = makeSdh();
    const bob = makeSdh();
    await negotiate(sdh, bob, { constraints: { audio: false, video: true } });
    await negotiate(sdh, bob, { constraints: { audio: true, video: true } });
    const senders = sdh.peerConnection.getSenders();
    expect(senders[0].track.kind).toBe("video");
    expect(sdh.sendDtmf("5")).toBe(true);
    expect(senders[1].dtmf.inserted).toEqual([{ tones: "5", duration: 100, interToneGap: 70 }]);
  });

  test("false without senders, without a DTMF sender, on invalid tones, and once closed", async () => {
    const sdh = makeSdh();
    expect(sdh.sendDtmf("1")).toBe(false); // no senders yet
    await sdh.getDescription({ constraints: { audio: false, video: true } });
    expect(sdh.sendDtmf("1")).toBe(false); // a video sender only
    const audio = makeSdh();
    await audio.getDescription();
    expect(audio.sendDtmf("1X")).toBe(false);
    expect(logs.some((l) => /InvalidCharacterError/.test(l.content))).toBe(true);
    audio.close();
    expect(audio.sendDtmf("1")).toBe(false);
  });
});

describe("mute, delegate, data channel", () => {
  test("enableSenderTracks / enableReceiverTracks switch the tracks' enabled flag", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    await negotiate(alice, bob);
    const sent = alice.peerConnection.getSenders()[0].track;
    const received = alice.peerConnection.getReceivers()[0].track;
    alice.enableSenderTracks(false);
    expect(sent.enabled).toBe(false);
    expect(received.enabled).toBe(true);
    alice.enableReceiverTracks(false);
    expect(received.enabled).toBe(false);
    alice.enableSenderTracks(true);
    alice.enableReceiverTracks(true);
    expect([sent.enabled, received.enabled]).toEqual([true, true]);
  });

  test("peerConnectionDelegate receives the peer connection's events", async () => {
    const sdh = makeSdh();
    const seen = [];
    const names = [
      "onconnectionstatechange",
      "ondatachannel",
      "onicecandidate",
      "onicecandidateerror",
      "oniceconnectionstatechange",
      "onicegatheringstatechange",
      "onnegotiationneeded",
      "onsignalingstatechange",
      "ontrack"
    ];
    sdh.peerConnectionDelegate = Object.fromEntries(names.map((name) => [name, (event) => seen.push([name, event])]));
    expect(Object.keys(sdh.peerConnectionDelegate)).toEqual(names);
    await sdh.setDescription(rawOffer(["sendrecv"]));
    await sdh.getDescription();
    const pc = sdh.peerConnection;
    pc.fire("onconnectionstatechange");
    pc.fire("oniceconnectionstatechange");
    pc.fire("onnegotiationneeded");
    pc.fire("onicecandidateerror");
    const channel = { label: "remote", close() {} };
    pc.fire("ondatachannel", Object.assign(new Event("datachannel"), { channel }));
    const fired = new Set(seen.map((s) => s[0]));
    expect([...fired].sort()).toEqual([...names].sort());
    expect(seen.find((s) => s[0] === "ontrack")[1].track).toBe(sdh.remoteMediaStream.getAudioTracks()[0]);
    expect(sdh.dataChannel).toBe(channel);
  });

  test("dataChannel: the first offer creates it (label, options) and onDataChannel is called", async () => {
    const sdh = makeSdh();
    const onDataChannel = jest.fn();
    const dataChannelOptions = { ordered: false };
    await sdh.getDescription({ dataChannel: true, dataChannelLabel: "chat", dataChannelOptions, onDataChannel });
    const pc = sdh.peerConnection;
    expect(pc.dataChannels).toHaveLength(1);
    expect(pc.dataChannels[0].label).toBe("chat");
    expect(pc.dataChannels[0].options).toBe(dataChannelOptions);
    expect(sdh.dataChannel).toBe(pc.dataChannels[0]);
    expect(onDataChannel).toHaveBeenCalledWith(pc.dataChannels[0]);
    // an answerer does not create one
    const answerer = makeSdh();
    await answerer.setDescription(rawOffer(["sendrecv"]));
    await answerer.getDescription({ dataChannel: true });
    expect(answerer.peerConnection.dataChannels).toHaveLength(0);
  });
});

describe("rollback and close", () => {
  test("rollbackDescription undoes a local offer (and its directions) or a remote offer; nothing to do when stable", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    await negotiate(alice, bob);
    await alice.getDescription({ hold: true });
    expect(alice.peerConnection.signalingState).toBe("have-local-offer");
    expect(alice.peerConnection.getTransceivers()[0].direction).toBe("sendonly");
    await alice.rollbackDescription();
    expect(alice.peerConnection.signalingState).toBe("stable");
    expect(alice.peerConnection.getTransceivers()[0].direction).toBe("sendrecv");

    const offer = await alice.getDescription();
    await bob.setDescription(offer.body);
    expect(bob.peerConnection.signalingState).toBe("have-remote-offer");
    await bob.rollbackDescription();
    expect(bob.peerConnection.signalingState).toBe("stable");
    expect(bob.peerConnection.calls.filter((c) => c[1] === "rollback")).toEqual([["setRemoteDescription", "rollback"]]);

    const before = bob.peerConnection.calls.length;
    await bob.rollbackDescription();
    expect(bob.peerConnection.calls.length).toBe(before);
    // after a rollback the next offer/answer works
    await negotiate(bob, alice);
    expect(bob.peerConnection.signalingState).toBe("stable");
  });

  test("close stops every track, closes the peer connection and the data channel; later calls fail", async () => {
    const alice = makeSdh();
    const bob = makeSdh();
    await negotiate(alice, bob, { dataChannel: true });
    const pc = alice.peerConnection;
    const tracks = [...pc.getSenders().map((s) => s.track), ...pc.getReceivers().map((r) => r.track)];
    alice.close();
    expect(tracks.every((t) => t.readyState === "ended")).toBe(true);
    expect(pc.signalingState).toBe("closed");
    expect(pc.dataChannels[0].closed).toBe(true);
    expect(alice.peerConnection).toBeUndefined();
    alice.close(); // twice: nothing
    expect(pc.calls.filter((c) => c[0] === "close")).toHaveLength(1);
    await expect(alice.getDescription()).rejects.toThrow("Peer connection closed.");
    await expect(alice.setDescription("v=0\r\n")).rejects.toThrow("Peer connection closed.");
    await expect(alice.rollbackDescription()).rejects.toThrow("Peer connection closed.");
    expect(() => alice.enableSenderTracks(true)).toThrow("Peer connection closed.");
    expect(() => alice.enableReceiverTracks(true)).toThrow("Peer connection closed.");
  });

  test("close while getDescription waits for ICE gathering: it rejects", async () => {
    FakeRTCPeerConnection.gathering = "never";
    const sdh = makeSdh({ iceGatheringTimeout: 0 });
    const description = sdh.getDescription();
    await new Promise((resolve) => setTimeout(resolve, 5));
    sdh.close();
    await expect(description).rejects.toThrow("Peer connection closed.");
  });

  test("without RTCPeerConnection the constructor throws a clear Error", () => {
    globalThis.RTCPeerConnection = undefined;
    try {
      expect(() => makeSdh()).toThrow(/RTCPeerConnection is not available/);
    } finally {
      globalThis.RTCPeerConnection = FakeRTCPeerConnection;
    }
  });
});

describe("WebAudioSessionDescriptionHandler", () => {
  class FakeNode {
    constructor(kind, stream) {
      this.kind = kind;
      this.stream = stream;
      this.connections = [];
    }
    connect(node) {
      this.connections.push(node);
    }
    disconnect(node) {
      this.connections = this.connections.filter((n) => n !== node);
    }
  }
  class FakeAudioContext {
    constructor() {
      this.sources = [];
    }
    createMediaStreamSource(stream) {
      const node = new FakeNode("source", stream);
      this.sources.push(node);
      return node;
    }
    createMediaStreamDestination() {
      return new FakeNode("destination", new FakeMediaStream([new FakeMediaStreamTrack("audio", "mix")]));
    }
  }
  beforeEach(() => {
    globalThis.AudioContext = FakeAudioContext;
    WebAudioSessionDescriptionHandler.audioContext = undefined;
  });
  afterEach(() => {
    delete globalThis.AudioContext;
    WebAudioSessionDescriptionHandler.audioContext = undefined;
  });

  function makeWebAudio() {
    return new WebAudioSessionDescriptionHandler(makeLogger(), mediaStreamFactory, { iceGatheringTimeout: 0 });
  }

  test("sends the Web Audio mix; mute acts on the microphone; close stops the microphone", async () => {
    const sdh = makeWebAudio();
    expect(WebAudioSessionDescriptionHandler.audioContext).toBeInstanceOf(FakeAudioContext);
    await sdh.getDescription();
    const sent = sdh.peerConnection.getSenders()[0].track;
    expect(sent.label).toBe("mix");
    const microphone = sdh.localMediaStreamReal.getAudioTracks()[0];
    expect(microphone.label).toBe("microphone");
    sdh.enableSenderTracks(false);
    expect(microphone.enabled).toBe(false);
    expect(sent.enabled).toBe(true);
    sdh.close();
    expect(microphone.readyState).toBe("ended");
  });

  test("startLocalConference mixes each party's received audio into the others' sent audio", async () => {
    const a = makeWebAudio();
    const b = makeWebAudio();
    await a.getDescription();
    await b.getDescription();
    startLocalConference([{ sessionDescriptionHandler: a }, { sessionDescriptionHandler: b }]);
    const context = WebAudioSessionDescriptionHandler.audioContext;
    const fromA = context.sources.find((n) => n.stream === a.remoteMediaStream);
    const fromB = context.sources.find((n) => n.stream === b.remoteMediaStream);
    expect(fromA.connections).toEqual([b.localMediaStreamDestinationNode]);
    expect(fromB.connections).toEqual([a.localMediaStreamDestinationNode]);
    expect(() => startLocalConference([{ sessionDescriptionHandler: a }])).toThrow(/at leaast 2 sessions/);
    expect(() => startLocalConference([{ sessionDescriptionHandler: a }, { sessionDescriptionHandler: makeSdh() }])).toThrow(
      /not instance of/
    );
  });
});
