// The API's Emitter, exceptions and TransportState; and the TypeScript declarations of these and
// of the web platform (transport, session description handler, modifiers), compiled against
// code written for sip.js's types.
import { jest } from "@jest/globals";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as Api from "../../lib/api/index.js";
import * as Root from "../../lib/index.js";
import { Exception } from "../../lib/core/index.js";
import * as SipJs from "sip.js";

const {
  ContentTypeUnsupportedError,
  EmitterImpl,
  RequestPendingError,
  SessionDescriptionHandlerError,
  SessionTerminatedError,
  StateTransitionError,
  TransportState
} = Api;

describe("EmitterImpl", () => {
  test("listeners are called in the order added, with the emitted value", () => {
    const emitter = new EmitterImpl();
    const calls = [];
    emitter.addListener((v) => calls.push(["a", v]));
    emitter.addListener((v) => calls.push(["b", v]));
    emitter.emit(1);
    emitter.emit("two");
    expect(calls).toEqual([
      ["a", 1],
      ["b", 1],
      ["a", "two"],
      ["b", "two"]
    ]);
  });

  test("once: called at most once, then removed", () => {
    const emitter = new EmitterImpl();
    const once = jest.fn();
    const always = jest.fn();
    emitter.addListener(once, { once: true });
    emitter.addListener(always, { once: false });
    emitter.emit(1);
    emitter.emit(2);
    expect(once.mock.calls).toEqual([[1]]);
    expect(always.mock.calls).toEqual([[1], [2]]);
  });

  test("a once listener that emits again from inside itself still runs once", () => {
    const emitter = new EmitterImpl();
    const seen = [];
    emitter.addListener(
      (v) => {
        seen.push(v);
        if (v === 1) {
          emitter.emit(2);
        }
      },
      { once: true }
    );
    emitter.emit(1);
    emitter.emit(3);
    expect(seen).toEqual([1]);
  });

  test("removeListener removes every registration of the listener, once ones too", () => {
    const emitter = new EmitterImpl();
    const listener = jest.fn();
    const other = jest.fn();
    emitter.addListener(listener);
    emitter.addListener(listener);
    emitter.addListener(other);
    emitter.emit("x");
    expect(listener).toHaveBeenCalledTimes(2);
    emitter.removeListener(listener);
    emitter.emit("y");
    expect(listener).toHaveBeenCalledTimes(2);
    expect(other).toHaveBeenCalledTimes(2);

    const onceListener = jest.fn();
    emitter.addListener(onceListener, { once: true });
    emitter.removeListener(onceListener);
    emitter.emit("z");
    expect(onceListener).not.toHaveBeenCalled();
    emitter.removeListener(() => undefined); // unknown: nothing happens
  });

  test("removeAllListeners", () => {
    const emitter = new EmitterImpl();
    const listener = jest.fn();
    emitter.addListener(listener);
    emitter.addListener(listener, { once: true });
    emitter.removeAllListeners();
    emitter.emit(1);
    expect(listener).not.toHaveBeenCalled();
  });

  test("changes made while emitting take effect from the next emit", () => {
    const emitter = new EmitterImpl();
    const calls = [];
    const late = (v) => calls.push(["late", v]);
    const second = (v) => calls.push(["second", v]);
    emitter.addListener((v) => {
      calls.push(["first", v]);
      if (v === 1) {
        emitter.addListener(late);
        emitter.removeListener(second);
      }
    });
    emitter.addListener(second);
    emitter.emit(1);
    emitter.emit(2);
    expect(calls).toEqual([
      ["first", 1],
      ["second", 1],
      ["first", 2],
      ["late", 2]
    ]);
  });

  test("a once listener removed by an earlier listener during an emit still gets that emit, and only that one", () => {
    const emitter = new EmitterImpl();
    const once = jest.fn();
    emitter.addListener(() => emitter.removeListener(once));
    emitter.addListener(once, { once: true });
    emitter.emit(1);
    emitter.emit(2);
    expect(once.mock.calls).toEqual([[1]]);
  });

  test("on / off / once: the deprecated aliases", () => {
    const emitter = new EmitterImpl();
    const on = jest.fn();
    const once = jest.fn();
    emitter.on(on);
    emitter.once(once);
    emitter.emit(1);
    emitter.off(on);
    emitter.emit(2);
    expect(on.mock.calls).toEqual([[1]]);
    expect(once.mock.calls).toEqual([[1]]);
  });

  test("a listener that throws stops that emit (the exception reaches the emitter)", () => {
    const emitter = new EmitterImpl();
    const after = jest.fn();
    emitter.addListener(() => {
      throw new Error("boom");
    });
    emitter.addListener(after);
    expect(() => emitter.emit(1)).toThrow("boom");
    expect(after).not.toHaveBeenCalled();
  });

  test("a listener must be a function", () => {
    expect(() => new EmitterImpl().addListener(undefined)).toThrow(TypeError);
    expect(() => new EmitterImpl().addListener("x")).toThrow(TypeError);
  });

  test("the same calls as sip.js's EmitterImpl on a shared script", () => {
    const script = (Impl) => {
      const emitter = new Impl();
      const log = [];
      const a = (v) => log.push(`a${v}`);
      const b = (v) => log.push(`b${v}`);
      emitter.addListener(a);
      emitter.addListener(b, { once: true });
      emitter.on(a);
      emitter.emit(1);
      emitter.emit(2);
      emitter.off(a);
      emitter.once(b);
      emitter.emit(3);
      emitter.emit(4);
      emitter.addListener(a);
      emitter.removeAllListeners();
      emitter.emit(5);
      return log;
    };
    expect(script(EmitterImpl)).toEqual(script(SipJs.EmitterImpl));
  });
});

describe("exceptions", () => {
  const cases = [
    [ContentTypeUnsupportedError, SipJs.ContentTypeUnsupportedError, "Unsupported content type."],
    [RequestPendingError, SipJs.RequestPendingError, "Request pending."],
    [SessionDescriptionHandlerError, SipJs.SessionDescriptionHandlerError, "Unspecified session description handler error."],
    [SessionTerminatedError, SipJs.SessionTerminatedError, "The session has terminated."],
    [StateTransitionError, SipJs.StateTransitionError, "An error occurred during state transition."]
  ];

  test.each(cases)("%p: default message, prototype chain, instanceof", (Ours, Theirs, message) => {
    const e = new Ours();
    expect(e.message).toBe(message);
    expect(e.message).toBe(new Theirs().message);
    expect(e).toBeInstanceOf(Ours);
    expect(e).toBeInstanceOf(Exception);
    expect(e).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(Ours.prototype)).toBe(Exception.prototype);
    expect(Object.getPrototypeOf(Exception.prototype)).toBe(Error.prototype);
    expect(e.name).toBe(new Theirs().name);
    expect(typeof e.stack).toBe("string");
    expect(Ours.name).toBe(Theirs.name);
    // the other exceptions are not this one
    for (const [Other] of cases) {
      if (Other !== Ours) {
        expect(e).not.toBeInstanceOf(Other);
      }
    }
  });

  test("a message given replaces the default, except for SessionTerminatedError", () => {
    expect(new ContentTypeUnsupportedError("text/html").message).toBe("text/html");
    expect(new RequestPendingError("busy").message).toBe("busy");
    expect(new SessionDescriptionHandlerError("no media").message).toBe("no media");
    expect(new StateTransitionError("Loop detected.").message).toBe("Loop detected.");
    expect(new SessionTerminatedError("ignored").message).toBe("The session has terminated.");
  });

  test("instanceof holds across the package's entry points", () => {
    expect(Root.StateTransitionError).toBe(StateTransitionError);
    expect(Root.SessionTerminatedError).toBe(SessionTerminatedError);
    expect(Root.EmitterImpl).toBe(EmitterImpl);
    expect(Root.TransportState).toBe(TransportState);
    expect(new Root.RequestPendingError()).toBeInstanceOf(Root.Core.Exception);
  });

  test("a subclass defined by an application keeps instanceof", () => {
    class MyError extends SessionDescriptionHandlerError {}
    const e = new MyError("mine");
    expect(e).toBeInstanceOf(MyError);
    expect(e).toBeInstanceOf(SessionDescriptionHandlerError);
    expect(e).toBeInstanceOf(Exception);
  });
});

describe("TransportState", () => {
  test("sip.js's values", () => {
    expect({ ...TransportState }).toEqual({ ...SipJs.TransportState });
    expect(TransportState).toEqual({
      Connecting: "Connecting",
      Connected: "Connected",
      Disconnecting: "Disconnecting",
      Disconnected: "Disconnected"
    });
  });
});

// ---------------------------------------------------------------------------------------------

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const lib = path.join(root, "lib").split(path.sep).join("/");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");

// Code written against sip.js 0.21.2's types for these parts.
const source = `
import {
  BodyAndContentType,
  ContentTypeUnsupportedError,
  Emitter,
  EmitterImpl,
  RequestPendingError,
  SessionDescriptionHandler as SessionDescriptionHandlerDefinition,
  SessionDescriptionHandlerFactory as FactoryDefinition,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions as OptionsDefinition,
  SessionDescriptionHandlerError,
  SessionTerminatedError,
  StateTransitionError,
  Transport as TransportDefinition,
  TransportState
} from "${lib}/api/index.js";
import { Exception, Logger, LoggerFactory } from "${lib}/core/index.js";
import { Web } from "${lib}/index.js";
import {
  MediaStreamFactory,
  PeerConnectionDelegate,
  SessionDescriptionHandler,
  SessionDescriptionHandlerConfiguration,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerFactoryOptions,
  SessionDescriptionHandlerOptions,
  Transport,
  TransportOptions,
  WebAudioSessionDescriptionHandler,
  defaultMediaStreamFactory,
  defaultPeerConnectionConfiguration,
  defaultSessionDescriptionHandlerFactory,
  holdModifier,
  stripG722,
  stripRtpPayload,
  stripVideo
} from "${lib}/platform/web/index.js";

const emitter = new EmitterImpl<TransportState>();
const listener = (state: TransportState): void => undefined;
emitter.addListener(listener, { once: true });
emitter.removeListener(listener);
emitter.on(listener);
emitter.off(listener);
emitter.once(listener);
emitter.emit(TransportState.Connected);
emitter.removeAllListeners();
const asEmitter: Emitter<TransportState> = emitter;

const errors: Array<Exception> = [
  new ContentTypeUnsupportedError(),
  new RequestPendingError("x"),
  new SessionDescriptionHandlerError(),
  new SessionTerminatedError(),
  new StateTransitionError("Loop detected.")
];
const isError: Error = errors[0];

const logger: Logger = new LoggerFactory().getLogger("sip.Transport");
const options: TransportOptions = { server: "wss://sip.example.com", connectionTimeout: 5, keepAliveInterval: 30, traceSip: false };
const transport = new Transport(logger, options);
const api: TransportDefinition = transport;
transport.onConnect = () => undefined;
transport.onDisconnect = (error?: Error) => undefined;
transport.onMessage = (message: string) => undefined;
transport.stateChange.addListener((state: TransportState) => {
  if (state === TransportState.Disconnected) {
    transport.connect().catch((e: Error) => undefined);
  }
});
const protocol: string = transport.protocol;
const server: string = transport.server;
const ws: WebSocket | undefined = transport.ws;
const connected: boolean = transport.isConnected();
const p1: Promise<void> = transport.connect();
const p2: Promise<void> = transport.send("OPTIONS sip:x SIP/2.0\\r\\n\\r\\n");
const p3: Promise<void> = transport.disconnect();
const p4: Promise<void> = transport.dispose();
const webTransport: Web.Transport = transport;

const mediaStreamFactory: MediaStreamFactory = (constraints: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(constraints);
const configuration: SessionDescriptionHandlerConfiguration = { iceGatheringTimeout: 500, peerConnectionConfiguration: defaultPeerConnectionConfiguration() };
const sdh = new SessionDescriptionHandler(logger, defaultMediaStreamFactory(), configuration);
const definition: SessionDescriptionHandlerDefinition = sdh;
const delegate: PeerConnectionDelegate = {
  onicecandidate: (event: RTCPeerConnectionIceEvent) => undefined,
  ontrack: (event: Event) => undefined,
  onconnectionstatechange: () => undefined
};
sdh.peerConnectionDelegate = delegate;
const pc: RTCPeerConnection | undefined = sdh.peerConnection;
const local: MediaStream = sdh.localMediaStream;
const remote: MediaStream = sdh.remoteMediaStream;
const channel: RTCDataChannel | undefined = sdh.dataChannel;
const sdhOptions: SessionDescriptionHandlerOptions = {
  constraints: { audio: true, video: false },
  hold: true,
  iceGatheringTimeout: 0,
  offerOptions: { iceRestart: true },
  dataChannel: true,
  onDataChannel: (dc: RTCDataChannel) => undefined
};
const generic: OptionsDefinition = sdhOptions;
const modifiers: Array<SessionDescriptionHandlerModifier> = [holdModifier, stripG722, stripVideo, stripRtpPayload("opus"), Web.stripTelephoneEvent];
const description: Promise<BodyAndContentType> = sdh.getDescription(sdhOptions, modifiers);
const set: Promise<void> = sdh.setDescription("v=0", sdhOptions, modifiers);
const rollback: Promise<void> | undefined = definition.rollbackDescription && definition.rollbackDescription();
const sent: boolean = sdh.sendDtmf("1", { duration: 100, interToneGap: 70 });
const has: boolean = sdh.hasDescription("application/sdp");
sdh.enableSenderTracks(false);
sdh.enableReceiverTracks(true);
sdh.iceGatheringComplete();
sdh.close();

class MySessionDescriptionHandler extends SessionDescriptionHandler {
  protected updateDirection(options?: SessionDescriptionHandlerOptions): Promise<void> {
    return super.updateDirection(options);
  }
}

const factory: SessionDescriptionHandlerFactory = defaultSessionDescriptionHandlerFactory(mediaStreamFactory);
const factoryDefinition: FactoryDefinition = factory;
const factoryOptions: SessionDescriptionHandlerFactoryOptions = { iceGatheringTimeout: 0 };
const custom: FactoryDefinition = (session, options) => new MySessionDescriptionHandler(logger, mediaStreamFactory, options as SessionDescriptionHandlerConfiguration);
const audio = new WebAudioSessionDescriptionHandler(logger, mediaStreamFactory);
const context: AudioContext | undefined = WebAudioSessionDescriptionHandler.audioContext;
export {};
`;

function compile(options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipwasm-web-types-"));
  try {
    fs.writeFileSync(path.join(dir, "use.ts"), source);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    return execFileSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", "--target", "es2020", "--skipLibCheck", "false", ...options, path.join(dir, "use.ts")],
      { encoding: "utf8", cwd: dir, timeout: 120000 }
    );
  } catch (e) {
    return String(e.stdout || "") + String(e.stderr || "") || String(e);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("TypeScript declarations", () => {
  test("code written against sip.js's types for the emitter, exceptions, transport, handler and modifiers compiles", () => {
    expect(compile(["--module", "node16", "--moduleResolution", "node16"])).toBe("");
  }, 120000);
});
