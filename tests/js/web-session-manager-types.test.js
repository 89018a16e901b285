// The .d.ts of Web.SessionManager and Web.SimpleUser: TypeScript code written against sip.js
// 0.21.2's SessionManager and SimpleUser compiles against this package (strict mode, Node16 and
// bundler resolution), and misuse is still caught.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const lib = path.join(root, "lib").split(path.sep).join("/");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");

const source = `
import { Invitation, Inviter, Message, Session, SessionState, UserAgent, Web } from "${lib}/index.js";
import {
  ManagedSession,
  ManagedSessionFactory,
  SessionManager,
  SessionManagerDelegate,
  SessionManagerOptions,
  SimpleUser,
  SimpleUserDelegate,
  SimpleUserOptions,
  defaultManagedSessionFactory
} from "${lib}/platform/web/index.js";

const audio = document.createElement("audio");
const video = document.createElement("video");
const delegate: SessionManagerDelegate = {
  onCallAnswered: (session: Session) => undefined,
  onCallCreated: (session: Session) => undefined,
  onCallReceived: (session: Session) => undefined,
  onCallHangup: (session: Session) => undefined,
  onCallHold: (session: Session, held: boolean) => undefined,
  onCallDTMFReceived: (session: Session, tone: string, duration: number) => undefined,
  onMessageReceived: (message: Message) => message.accept(),
  onRegistered: () => undefined,
  onUnregistered: () => undefined,
  onServerConnect: () => undefined,
  onServerDisconnect: (error?: Error) => undefined
};
const factory: ManagedSessionFactory = (manager: SessionManager, session: Session): ManagedSession => ({ session, held: false, muted: false });
const options: SessionManagerOptions = {
  aor: "sip:alice@sipwasm.test",
  autoStop: false,
  delegate,
  iceStopWaitingOnServerReflexive: true,
  managedSessionFactory: factory,
  maxSimultaneousSessions: 2,
  media: { constraints: { audio: true, video: true }, local: { video }, remote: (session: Session) => ({ audio, video }) },
  optionsPingInterval: 30,
  optionsPingRequestURI: "sip:sipwasm.test",
  reconnectionAttempts: 3,
  reconnectionDelay: 4,
  registrationRetry: true,
  registrationRetryInterval: 3,
  registerGuard: () => Promise.resolve(false),
  registererOptions: { expires: 300 },
  registererRegisterOptions: { requestDelegate: { onReject: () => undefined } },
  sendDTMFUsingSessionDescriptionHandler: false,
  userAgentOptions: { authorizationUsername: "alice", authorizationPassword: "alice-secret", displayName: "Alice" }
};
const manager = new Web.SessionManager("wss://example.com", options);
const sameClass: typeof SessionManager = Web.SessionManager;
const ua: UserAgent = manager.userAgent;
const managed: Array<ManagedSession> = manager.managedSessions;
manager.delegate = undefined;
const defaultFactory: ManagedSessionFactory = defaultManagedSessionFactory();

async function useManager(session: Session, other: Session): Promise<void> {
  await manager.connect();
  await manager.register({ requestDelegate: { onAccept: () => undefined } });
  const inviter: Inviter = await manager.call("sip:bob@sipwasm.test", { earlyMedia: true }, { requestDelegate: {} });
  if (session instanceof Invitation) await manager.answer(session, { sessionDescriptionHandlerOptions: {} });
  await manager.decline(session);
  await manager.hold(session);
  await manager.unhold(session);
  const held: boolean = manager.isHeld(session);
  manager.mute(session);
  manager.unmute(session);
  const muted: boolean = manager.isMuted(session);
  await manager.sendDTMF(session, "5");
  await manager.transfer(session, "sip:carol@sipwasm.test");
  await manager.transfer(session, other, { requestDelegate: {} });
  await manager.message("sip:bob@sipwasm.test", "hi");
  await manager.hangup(session);
  const local: MediaStream | undefined = manager.getLocalMediaStream(session);
  const remote: MediaStream | undefined = manager.getRemoteMediaStream(session);
  const track: MediaStreamTrack | undefined = manager.getRemoteAudioTrack(session) || manager.getLocalVideoTrack(session);
  const connected: boolean = manager.isConnected();
  const state: SessionState = session.state;
  await manager.unregister({});
  await manager.disconnect();
}

const simpleDelegate: SimpleUserDelegate = {
  onCallAnswered: () => undefined,
  onCallCreated: () => undefined,
  onCallReceived: () => undefined,
  onCallHangup: () => undefined,
  onCallHold: (held: boolean) => undefined,
  onCallDTMFReceived: (tone: string, duration: number) => undefined,
  onMessageReceived: (message: string) => undefined,
  onRegistered: () => undefined,
  onUnregistered: () => undefined,
  onServerConnect: () => undefined,
  onServerDisconnect: (error?: Error) => undefined
};
const simpleOptions: SimpleUserOptions = {
  aor: "sip:bob@sipwasm.test",
  delegate: simpleDelegate,
  media: { constraints: { audio: true, video: false }, local: { video }, remote: { audio } },
  reconnectionAttempts: 1,
  reconnectionDelay: 2,
  registererOptions: {},
  sendDTMFUsingSessionDescriptionHandler: true,
  userAgentOptions: {}
};
const simple = new Web.SimpleUser("wss://example.com", simpleOptions);
const sameSimple: typeof SimpleUser = Web.SimpleUser;
simple.delegate = simpleDelegate;

async function useSimple(): Promise<void> {
  await simple.connect();
  await simple.register();
  await simple.call("sip:alice@sipwasm.test");
  await simple.answer();
  await simple.decline();
  await simple.hold();
  await simple.unhold();
  const held: boolean = simple.isHeld();
  simple.mute();
  simple.unmute();
  const muted: boolean = simple.isMuted();
  await simple.sendDTMF("1");
  await simple.message("sip:alice@sipwasm.test", "hi");
  await simple.hangup();
  const id: string = simple.id;
  const streams: Array<MediaStream | undefined> = [simple.localMediaStream, simple.remoteMediaStream];
  const tracks: Array<MediaStreamTrack | undefined> = [simple.localAudioTrack, simple.localVideoTrack, simple.remoteAudioTrack, simple.remoteVideoTrack];
  await simple.unregister();
  await simple.disconnect();
}
export {};
`;

// Misuse that sip.js's declarations reject must be rejected here too.
const misuse = `
import { Web } from "${lib}/index.js";
const manager = new Web.SessionManager("wss://example.com", { maxSimultaneousSessions: "two" });
const simple = new Web.SimpleUser("wss://example.com");
simple.session;
simple.call();
manager.constraints;
export {};
`;

function compile(text, options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipwasm-types-sm-"));
  try {
    fs.writeFileSync(path.join(dir, "use.ts"), text);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    return execFileSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", "--target", "es2020", "--lib", "es2020,dom", "--skipLibCheck", "false", ...options, path.join(dir, "use.ts")],
      { encoding: "utf8", cwd: dir, timeout: 120000 }
    );
  } catch (e) {
    return String(e.stdout || "") + String(e.stderr || "") || String(e);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("SessionManager and SimpleUser declarations", () => {
  test("sip.js-style code compiles with module node16", () => {
    expect(compile(source, ["--module", "node16", "--moduleResolution", "node16"])).toBe("");
  }, 120000);

  test("sip.js-style code compiles with module esnext and bundler resolution", () => {
    expect(compile(source, ["--module", "esnext", "--moduleResolution", "bundler"])).toBe("");
  }, 120000);

  test("misuse is caught: a wrong option type, private members, a missing argument", () => {
    const output = compile(misuse, ["--module", "node16", "--moduleResolution", "node16"]);
    expect(output).toMatch(/use\.ts\(3,.*error TS2322/); // "two" is not a number
    expect(output).toMatch(/use\.ts\(5,.*error TS2341/); // session is private
    expect(output).toMatch(/use\.ts\(6,.*error TS2554/); // call() needs a destination
    expect(output).toMatch(/use\.ts\(7,.*error TS2341/); // constraints is private
  }, 120000);
});
