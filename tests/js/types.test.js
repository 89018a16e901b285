// The .d.ts files: TypeScript code written against sip.js's grammar and core types compiles
// against this package (strict mode, Node16 module resolution, and bundler resolution).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const lib = path.join(root, "lib");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");

const source = (libPath) => `
import { Core, Grammar, NameAddrHeader, Parameters, URI, Web, equivalentURI, name, version } from "${libPath}/index.js";
import {
  C,
  Exception,
  IncomingMessage,
  IncomingRequestMessage,
  IncomingResponseMessage,
  Levels,
  Logger,
  LoggerFactory,
  Parser,
  SessionState,
  SignalingState,
  SubscriptionState,
  Timers,
  TransactionState,
  TransactionStateError,
  TransportError
} from "${libPath}/core/index.js";
import * as GrammarModule from "${libPath}/grammar/index.js";

const uri: URI = new URI("sip", "alice", "example.com", 5060, { transport: "ws" }, { Subject: ["hi"] });
const scheme: string = uri.scheme;
const user: string | undefined = uri.user;
const port: number | undefined = uri.port;
uri.port = undefined;
uri.user = "bob";
const aor: string = uri.aor;
const headers: Array<string> | undefined = uri.getHeader("subject");
uri.setHeader("X-A", ["1", "2"]);
const param: string | null | undefined = uri.getParam("transport");
const raw: string = uri.toRaw();
const copy: URI = uri.clone();
const same: boolean = equivalentURI(uri, copy);

const nameAddr = new NameAddrHeader(uri, "Alice", { tag: "abc" });
const display: string = nameAddr.displayName;
const friendly: string = nameAddr.friendlyName;
const nameAddrUri: URI = nameAddr.uri;
const params: Parameters = nameAddr;
const cloned: NameAddrHeader = nameAddr.clone();

const parsedUri: URI | undefined = Grammar.URIParse("sip:alice@example.com");
const parsedNameAddr: NameAddrHeader | undefined = Grammar.nameAddrHeaderParse("<sip:alice@example.com>");
const anything: unknown = Grammar.parse("1 INVITE", "CSeq");
const coreUri: Core.URI = uri;
const grammarUri: GrammarModule.URI = uri;

const factory = new LoggerFactory();
factory.level = Levels.warn;
factory.builtinEnabled = false;
factory.connector = (level: string, category: string, label: string | undefined, content: string) => undefined;
const logger: Logger = factory.getLogger("sip.test");
logger.warn("text");
const message = Parser.parseMessage("SIP/2.0 200 OK\\r\\n\\r\\n", logger);
if (message instanceof IncomingRequestMessage) {
  const ruri: URI | undefined = message.ruri;
  const method: string = message.method;
}
if (message instanceof IncomingResponseMessage) {
  const status: number | undefined = message.statusCode;
  const reason: string | undefined = message.reasonPhrase;
}
if (message) {
  const incoming: IncomingMessage = message;
  const from: NameAddrHeader = incoming.from;
  const tag: string = incoming.fromTag;
  const callId: string = incoming.callId;
  const cseq: number = incoming.cseq;
  const first: string | undefined = incoming.getHeader("via");
  const all: Array<string> = incoming.getHeaders("via");
  const has: boolean = incoming.hasHeader("via");
  const parsed: unknown = incoming.parseHeader("via");
  incoming.setHeader("x", "y");
  incoming.addHeader("x", "z");
  const body: string = incoming.body;
}
const t1: number = Timers.T1;
const timerB: number = Timers.TIMER_B;
const invite: string = C.INVITE;
const states: Array<string> = [SessionState.Confirmed, SignalingState.Stable, SubscriptionState.Active, TransactionState.Trying];
const errors: Array<Exception> = [new TransactionStateError(), new TransportError("x")];
const pkg: string = name + "/" + version;
export {};
`;

function compile(options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipwasm-types-"));
  try {
    fs.writeFileSync(path.join(dir, "use.ts"), source(lib.split(path.sep).join("/")));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    return execFileSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", "--noUnusedLocals", "false", "--target", "es2020", "--skipLibCheck", "false", ...options, path.join(dir, "use.ts")],
      { encoding: "utf8", cwd: dir, timeout: 120000 }
    );
  } catch (e) {
    return String(e.stdout || "") + String(e.stderr || "") || String(e);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("TypeScript declarations", () => {
  test("compile with module node16", () => {
    expect(compile(["--module", "node16", "--moduleResolution", "node16"])).toBe("");
  }, 120000);

  test("compile with module esnext and bundler resolution", () => {
    expect(compile(["--module", "esnext", "--moduleResolution", "bundler"])).toBe("");
  }, 120000);
});
