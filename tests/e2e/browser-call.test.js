// Two phones in headless Chromium, each its own page, calling each other through a private
// Kamailio with real RTCPeerConnections and the fake audio device: register, call, answer, audio
// flows both ways, hang up. Today the phones are sip.js 0.21.2 (the reference, bundled by esbuild);
// the two-phone demo of this package runs the same steps once its API is there.
import { useBrowser } from "./support/browser.js";
import { useKamailio } from "./support/kamailio.js";
import { until, withTimeout } from "./support/util.js";

const kamailio = useKamailio();
const browser = useBrowser();

// Runs in a page: a phone with window.phone = { ua, registerer, session, states, log }.
function startPhone({ user, server }) {
  const SIP = window.SIP;
  const phone = { states: [], log: [], session: undefined };
  window.phone = phone;
  const watch = (session) => {
    phone.session = session;
    session.stateChange.addListener((state) => phone.states.push(state));
  };
  const media = { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } };
  phone.ua = new SIP.UserAgent({
    uri: SIP.UserAgent.makeURI(`sip:${user}@sipwasm.test`),
    transportOptions: { server, connectionTimeout: 5, traceSip: false },
    authorizationUsername: user,
    authorizationPassword: `${user}-secret`,
    logBuiltinEnabled: false,
    logLevel: "warn",
    logConnector: (level, category, label, content) => phone.log.push(`${level} ${category} ${content}`),
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 2000 },
    delegate: {
      onInvite: (invitation) => {
        watch(invitation);
        invitation.accept(media).catch((e) => phone.log.push(`accept failed: ${e.message}`));
      },
    },
  });
  phone.call = (target) => {
    const inviter = new SIP.Inviter(phone.ua, SIP.UserAgent.makeURI(target), media);
    watch(inviter);
    return inviter.invite().then(() => "sent");
  };
  // Audio bytes received on the session's RTCPeerConnection so far.
  phone.audioBytesReceived = async () => {
    const pc = phone.session && phone.session.sessionDescriptionHandler && phone.session.sessionDescriptionHandler.peerConnection;
    if (!pc) return 0;
    let bytes = 0;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && (r.kind === "audio" || r.mediaType === "audio")) bytes += r.bytesReceived || 0;
    });
    return bytes;
  };
  phone.connectionState = () => {
    const sdh = phone.session && phone.session.sessionDescriptionHandler;
    return sdh && sdh.peerConnection ? sdh.peerConnection.connectionState : "none";
  };
  return phone.ua.start().then(() => {
    phone.registerer = new SIP.Registerer(phone.ua, { expires: 300 });
    return new Promise((resolve, reject) => {
      phone.registerer.stateChange.addListener((s) => s === SIP.RegistererState.Registered && resolve("registered"));
      phone.registerer.register({ requestDelegate: { onReject: (r) => reject(new Error(`REGISTER ${r.message.statusCode}`)) } }).catch(reject);
    });
  });
}

async function openPhone(url, user) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.SIP !== undefined, null, { timeout: 15000 });
  expect(await withTimeout(page.evaluate(startPhone, { user, server: kamailio.url }), 15000, `${user} registers`)).toBe("registered");
  return page;
}

const value = (page, fn, arg) => withTimeout(page.evaluate(fn, arg), 10000, "page.evaluate");

test("sip.js phones in two pages: register, call, answer, audio both ways over RTCPeerConnection, hang up", async () => {
  const url = await browser.serveBundle("/phones/sipjs.js", 'import * as SIP from "sip.js";\nwindow.SIP = SIP;');
  const alice = await openPhone(url, "alice");
  const bob = await openPhone(url, "bob");
  expect((await kamailio.registrations()).map((r) => r.aor).sort()).toEqual(["alice", "bob"]);

  expect(await value(alice, () => window.phone.call("sip:bob@sipwasm.test"))).toBe("sent");
  const established = () => Promise.all([alice, bob].map((p) => value(p, () => window.phone.states.includes("Established"))));
  await until(async () => (await established()).every(Boolean), { timeout: 15000, interval: 200, what: "both sessions Established" });

  await until(async () => (await Promise.all([alice, bob].map((p) => value(p, () => window.phone.connectionState())))).every((s) => s === "connected"), {
    timeout: 15000,
    interval: 200,
    what: "both RTCPeerConnections connected",
  });
  // The fake device sends audio: each side receives RTP.
  await until(async () => (await Promise.all([alice, bob].map((p) => value(p, () => window.phone.audioBytesReceived())))).every((b) => b > 1000), {
    timeout: 15000,
    interval: 250,
    what: "audio received on both sides",
  });
  await browser.screenshot(alice, "call-alice-established");

  // Alice hangs up: her BYE must reach Bob through Kamailio (routed by the alias of Bob's contact)
  // and come back 200.
  await value(alice, () =>
    window.phone.session.bye({
      requestDelegate: {
        onAccept: (r) => (window.phone.byeStatus = r.message.statusCode),
        onReject: (r) => (window.phone.byeStatus = r.message.statusCode),
      },
    })
  );
  await until(async () => (await Promise.all([alice, bob].map((p) => value(p, () => window.phone.states.at(-1))))).every((s) => s === "Terminated"), {
    timeout: 10000,
    interval: 100,
    what: "both sessions Terminated",
  });
  expect(await value(bob, () => window.phone.states)).toEqual(["Establishing", "Established", "Terminated"]);
  expect(await value(alice, () => window.phone.states)).toEqual(["Establishing", "Established", "Terminated"]);
  await until(() => value(alice, () => window.phone.byeStatus), { timeout: 5000, what: "the response to BYE" });
  expect(await value(alice, () => window.phone.byeStatus)).toBe(200);
  // Bob got the ACK of his 200 (else sip.js retransmits it and logs so).
  expect((await value(bob, () => window.phone.log)).filter((l) => /No ACK/.test(l))).toEqual([]);
  for (const page of [alice, bob]) {
    expect(page.e2e.errors).toEqual([]);
    await withTimeout(page.evaluate(() => window.phone.ua.stop()), 10000, "ua.stop()");
  }
});
