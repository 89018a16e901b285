// Core pieces with no parsing in them: timers, log levels, loggers, exceptions, method names,
// enums, and the message utilities at lib/core/messages/utils.js.
import { jest } from "@jest/globals";
import * as Core from "../../lib/core/index.js";
import * as Utils from "../../lib/core/messages/utils.js";
import * as SipJs from "sip.js";

describe("Timers", () => {
  test("SIP.js's values (RFC 3261, reliable transport)", () => {
    expect(Core.Timers).toEqual(SipJs.Core.Timers);
    expect(Core.Timers.T1).toBe(500);
    expect(Core.Timers.T2).toBe(4000);
    expect(Core.Timers.T4).toBe(5000);
    expect(Core.Timers.TIMER_B).toBe(32000);
    expect(Core.Timers.TIMER_F).toBe(32000);
    expect(Core.Timers.TIMER_H).toBe(32000);
    expect(Core.Timers.TIMER_D).toBe(0);
    expect(Core.Timers.TIMER_I).toBe(0);
    expect(Core.Timers.TIMER_J).toBe(0);
    expect(Core.Timers.TIMER_K).toBe(0);
  });
});

describe("enums and constants", () => {
  test("equal to sip.js's", () => {
    for (const name of ["Levels", "C", "SessionState", "SignalingState", "SubscriptionState", "TransactionState"]) {
      expect({ [name]: { ...Core[name] } }).toEqual({ [name]: { ...SipJs.Core[name] } });
    }
    expect(Core.Levels.warn).toBe(1);
    expect(Core.Levels[1]).toBe("warn");
  });
});

describe("exceptions", () => {
  test("are Errors with SIP.js's default messages", () => {
    const state = new Core.TransactionStateError();
    expect(state).toBeInstanceOf(Core.Exception);
    expect(state).toBeInstanceOf(Error);
    expect(state).toBeInstanceOf(Core.TransactionStateError);
    expect(state.message).toBe("Transaction state error.");
    expect(new Core.TransportError().message).toBe("Unspecified transport error.");
    expect(new Core.TransportError("closed").message).toBe("closed");
  });
});

describe("LoggerFactory and Logger", () => {
  let factory;
  let spies;
  beforeEach(() => {
    factory = new Core.LoggerFactory();
    spies = ["error", "warn", "log", "debug"].map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  test("prints at or below the level, with date, category and label", () => {
    const logger = factory.getLogger("sip.test");
    expect(factory.getLogger("sip.test")).toBe(logger);
    logger.warn("careful");
    logger.debug("hidden at the default level");
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(console.warn.mock.calls[0][0]).toMatch(/ \| sip\.test \| careful$/);
    expect(console.debug).not.toHaveBeenCalled();
    factory.level = Core.Levels.debug;
    factory.getLogger("sip.test", "label-1").debug("shown");
    expect(console.debug.mock.calls[0][0]).toMatch(/ \| sip\.test \| label-1 \| shown$/);
  });

  test("level: numbers, above 3 clamps, level names, invalid values are logged", () => {
    factory.level = 0;
    expect(factory.level).toBe(0);
    factory.level = 9;
    expect(factory.level).toBe(3);
    factory.level = "warn";
    expect(factory.level).toBe(Core.Levels.warn);
    factory.level = -1;
    expect(factory.level).toBe(Core.Levels.warn);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("invalid 'level' parameter value: -1"));
  });

  test("connector gets every message whatever the level; builtinEnabled=false silences the console", () => {
    const seen = [];
    factory.connector = (level, category, label, content) => seen.push([level, category, label, content]);
    factory.builtinEnabled = false;
    factory.getLogger("cat").debug("d");
    factory.getLogger("cat").error("e");
    expect(seen).toEqual([
      ["debug", "cat", undefined, "d"],
      ["error", "cat", undefined, "e"]
    ]);
    expect(console.error).not.toHaveBeenCalled();
    factory.connector = "nope";
    expect(factory.connector).toBeInstanceOf(Function);
    factory.connector = undefined;
    expect(factory.connector).toBeUndefined();
  });

  test("a Logger reads and sets its factory's level", () => {
    const logger = factory.getLogger("x");
    logger.level = Core.Levels.error;
    expect(factory.level).toBe(Core.Levels.error);
    expect(logger.level).toBe(Core.Levels.error);
  });
});

describe("message utilities", () => {
  test("headerize spells names as SIP.js does", () => {
    for (const name of ["call-id", "CSEQ", "www-authenticate", "min-se", "rack", "rseq", "x_custom_header", "content-type", "via", "Record-Route", "p-asserted-identity"]) {
      expect(Utils.headerize(name)).toBe(SipJs.URI.prototype.headerize.call(null, name));
    }
    expect(Utils.headerize("call-id")).toBe("Call-ID");
    expect(Utils.headerize("x_custom_header")).toBe("X-Custom-Header");
  });

  test("utf8Length (and its old name str_utf8_length) counts UTF-8 bytes", () => {
    for (const text of ["", "abc", "ñ", "€", "😀", "Grüße, 世界! 😀", "\r\n"]) {
      expect(Utils.utf8Length(text)).toBe(Buffer.byteLength(text, "utf8"));
      expect(Utils.str_utf8_length(text)).toBe(Buffer.byteLength(text, "utf8"));
    }
    expect(Utils.utf8Length("a\uD800b")).toBe(5);
  });

  test("reason phrases, tags, tokens", () => {
    expect(Utils.getReasonPhrase(200)).toBe("OK");
    expect(Utils.getReasonPhrase(481)).toBe("Call/Transaction Does Not Exist");
    expect(Utils.getReasonPhrase(299)).toBe("");
    expect(Utils.newTag()).toMatch(/^[0-9a-v]{10}$/);
    expect(Utils.createRandomToken(8, 16)).toMatch(/^[0-9a-f]{8}$/);
    expect(Utils.newTag()).not.toBe(Utils.newTag());
  });
});
