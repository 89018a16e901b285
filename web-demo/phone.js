// One phone of the demo: a Web.SessionManager of this package behind a small UI (the
// #phone-template of index.html). It shows the phone's states (server, registration, call,
// media), what its delegate was told, and its SIP traffic (the transport's traceSip lines, taken
// from the user agent's logConnector).
const DOMAIN = "sipwasm.test";
const TRACE_LIMIT = 300;
const EVENT_LIMIT = 200;
const TONES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

const capitalized = (user) => user[0].toUpperCase() + user.slice(1);

/**
 * Builds a phone for `user` in `container` and returns its handle:
 * { user, manager, element, events, trace, session(), state(), rtpStats(), register(), ... }.
 * `library` is the package's index module (UserAgent state enums and Web).
 */
export function createPhone({ library, user, server, container, callTarget, transferTarget }) {
  const { Web, SessionState, Inviter } = library;
  const template = document.getElementById("phone-template");
  const element = template.content.firstElementChild.cloneNode(true);
  element.id = `phone-${user}`;
  container.append(element);
  const $ = (role) => element.querySelector(`[data-role="${role}"]`);
  const button = (action) => element.querySelector(`[data-action="${action}"]`);
  $("name").textContent = capitalized(user);
  $("aor").textContent = `sip:${user}@${DOMAIN}`;
  $("target").value = callTarget || "";
  $("transfer-target").value = transferTarget || "";

  const phone = {
    user,
    element,
    events: [], // [{ name, detail, at }]
    trace: [], // [{ direction: "out" | "in", startLine, text, at }]
    connection: "disconnected",
    registration: "unregistered",
    log: [], // warnings and errors of the user agent's loggers
  };

  // --- what the delegate is told -------------------------------------------------------------
  const note = (name, detail = "") => {
    phone.events.push({ name, detail, at: Date.now() });
    if (phone.events.length > EVENT_LIMIT) phone.events.shift();
    const item = document.createElement("li");
    item.dataset.event = name;
    item.textContent = detail ? `${name} ${detail}` : name;
    const list = $("events");
    list.prepend(item);
    while (list.children.length > EVENT_LIMIT) list.lastElementChild.remove();
    render();
  };

  // --- SIP traffic ---------------------------------------------------------------------------
  const traced = (direction, text) => {
    const startLine = text.split("\r\n", 1)[0];
    phone.trace.push({ direction, startLine, text, at: Date.now() });
    if (phone.trace.length > TRACE_LIMIT) phone.trace.shift();
    const entry = document.createElement("details");
    entry.className = `sip ${direction}`;
    const summary = document.createElement("summary");
    summary.textContent = `${direction === "out" ? "→" : "←"} ${startLine}`;
    const body = document.createElement("pre");
    body.textContent = text;
    entry.append(summary, body);
    const pane = $("trace");
    pane.prepend(entry);
    while (pane.children.length > TRACE_LIMIT) pane.lastElementChild.remove();
  };
  const logConnector = (level, category, label, content) => {
    if (category === "sip.Transport") {
      const sent = /^Sending WebSocket message:\n\n([\s\S]*)\n$/.exec(content);
      const received = /^Received WebSocket text message:\n\n([\s\S]*)\n$/.exec(content);
      if (sent) return traced("out", sent[1]);
      if (received) return traced("in", received[1]);
    }
    if (level === "error" || level === "warn") {
      phone.log.push(`${level} ${category}: ${content}`);
      if (phone.log.length > EVENT_LIMIT) phone.log.shift();
    }
  };

  // --- the session manager -------------------------------------------------------------------
  const manager = new Web.SessionManager(server, {
    aor: `sip:${user}@${DOMAIN}`,
    media: { constraints: { audio: true, video: false }, remote: { audio: $("remote-audio") } },
    registererOptions: { expires: 300 },
    reconnectionAttempts: 3,
    reconnectionDelay: 2,
    delegate: {
      onServerConnect: () => {
        phone.connection = "connected";
        note("onServerConnect");
      },
      onServerDisconnect: (error) => {
        phone.connection = "disconnected";
        phone.registration = "unregistered";
        note("onServerDisconnect", error ? error.message : "");
      },
      onRegistered: () => {
        phone.registration = "registered";
        note("onRegistered");
      },
      onUnregistered: () => {
        phone.registration = "unregistered";
        note("onUnregistered");
      },
      onCallCreated: (session) => {
        session.stateChange.addListener(() => render());
        note("onCallCreated", session instanceof Inviter ? "outgoing" : "incoming");
      },
      onCallReceived: (session) => {
        const from = session.remoteIdentity ? session.remoteIdentity.uri.toString() : "";
        note("onCallReceived", from);
        if ($("auto-answer").checked) phone.answer();
      },
      onCallAnswered: () => note("onCallAnswered"),
      onCallHangup: () => note("onCallHangup"),
      onCallHold: (_session, held) => note("onCallHold", held ? "held" : "resumed"),
      onCallDTMFReceived: (_session, tone, duration) => note("onCallDTMFReceived", `${tone} (${duration} ms)`),
      onMessageReceived: (message) => note("onMessageReceived", message.request.body),
    },
    userAgentOptions: {
      displayName: capitalized(user),
      authorizationUsername: user,
      authorizationPassword: `${user}-secret`,
      logBuiltinEnabled: false,
      logLevel: "log",
      logConnector,
      transportOptions: { server, traceSip: true, connectionTimeout: 5 },
      // Loopback only: host candidates are all there is, and all that is needed.
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 1000 },
    },
  });
  phone.manager = manager;

  /** The call the buttons act on: the newest managed session. */
  phone.session = () => {
    const managed = manager.managedSessions;
    return managed.length ? managed[managed.length - 1].session : undefined;
  };

  /** What the call row shows: idle, calling, ringing, connecting, established, on hold. */
  phone.callState = () => {
    const session = phone.session();
    if (!session) return "idle";
    const incoming = !(session instanceof Inviter);
    switch (session.state) {
      case SessionState.Initial:
        return incoming ? "ringing" : "calling";
      case SessionState.Establishing:
        return incoming ? "answering" : "calling";
      case SessionState.Established:
        return manager.isHeld(session) ? "on hold" : "established";
      default:
        return "ending";
    }
  };

  /** RTP counters of the call's RTCPeerConnection (audio): packets and bytes in and out. */
  phone.rtpStats = async () => {
    const session = phone.session();
    const pc = session && session.sessionDescriptionHandler && session.sessionDescriptionHandler.peerConnection;
    const totals = { packetsReceived: 0, bytesReceived: 0, packetsSent: 0, bytesSent: 0, connectionState: pc ? pc.connectionState : "none" };
    if (!pc) return totals;
    (await pc.getStats()).forEach((report) => {
      if (report.type === "inbound-rtp" && report.kind === "audio") {
        totals.packetsReceived += report.packetsReceived || 0;
        totals.bytesReceived += report.bytesReceived || 0;
      }
      if (report.type === "outbound-rtp" && report.kind === "audio") {
        totals.packetsSent += report.packetsSent || 0;
        totals.bytesSent += report.bytesSent || 0;
      }
    });
    return totals;
  };

  // --- actions -------------------------------------------------------------------------------
  // Every action reports a failure as an event rather than throwing into the page.
  const run = (name, action) => async () => {
    try {
      await action();
    } catch (error) {
      note("error", `${name}: ${error.message}`);
    } finally {
      render();
    }
  };
  const current = () => {
    const session = phone.session();
    if (!session) throw new Error("no call");
    return session;
  };
  phone.register = run("register", async () => {
    await manager.connect();
    await manager.register();
  });
  phone.unregister = run("unregister", () => manager.unregister());
  phone.call = run("call", () => manager.call($("target").value.trim()));
  phone.answer = run("answer", () => manager.answer(current()));
  phone.decline = run("decline", () => manager.decline(current()));
  phone.hangup = run("hangup", () => manager.hangup(current()));
  phone.toggleHold = run("hold", () => (manager.isHeld(current()) ? manager.unhold(current()) : manager.hold(current())));
  phone.toggleMute = run("mute", () => {
    const session = current();
    if (manager.isMuted(session)) manager.unmute(session);
    else manager.mute(session);
    render();
  });
  phone.sendDTMF = (tone) => run("dtmf", () => manager.sendDTMF(current(), tone))();
  phone.transfer = run("transfer", () => manager.transfer(current(), $("transfer-target").value.trim()));
  phone.message = run("message", async () => {
    const text = $("message-text").value;
    await manager.message($("target").value.trim(), text);
    note("message sent", text);
  });

  button("register").addEventListener("click", phone.register);
  button("unregister").addEventListener("click", phone.unregister);
  button("call").addEventListener("click", phone.call);
  button("answer").addEventListener("click", phone.answer);
  button("decline").addEventListener("click", phone.decline);
  button("hangup").addEventListener("click", phone.hangup);
  button("hold").addEventListener("click", phone.toggleHold);
  button("mute").addEventListener("click", phone.toggleMute);
  button("transfer").addEventListener("click", phone.transfer);
  button("message").addEventListener("click", phone.message);
  for (const tone of TONES) {
    const key = document.createElement("button");
    key.type = "button";
    key.dataset.tone = tone;
    key.textContent = tone;
    key.disabled = true;
    key.addEventListener("click", () => phone.sendDTMF(tone));
    $("keypad").append(key);
  }

  // --- rendering -----------------------------------------------------------------------------
  function render() {
    const session = phone.session();
    const callState = phone.callState();
    const established = session && session.state === SessionState.Established;
    const incomingRinging = callState === "ringing";
    $("transport").textContent = phone.connection;
    $("transport").className = phone.connection === "connected" ? "good" : "";
    $("registration").textContent = phone.registration;
    $("registration").className = phone.registration === "registered" ? "good" : "";
    $("call").textContent = manager.managedSessions.length > 1 ? `${callState} (+${manager.managedSessions.length - 1})` : callState;
    $("call").className = established ? "good" : incomingRinging ? "alert" : "";
    button("register").disabled = phone.registration === "registered";
    button("unregister").disabled = phone.registration !== "registered";
    button("call").disabled = phone.connection !== "connected";
    button("message").disabled = phone.connection !== "connected";
    button("answer").disabled = !incomingRinging;
    button("decline").disabled = !incomingRinging;
    button("hangup").disabled = !session;
    button("hold").disabled = !established;
    button("hold").textContent = established && manager.isHeld(session) ? "Unhold" : "Hold";
    button("mute").disabled = !established;
    button("mute").textContent = established && manager.isMuted(session) ? "Unmute" : "Mute";
    button("transfer").disabled = !established;
    for (const key of $("keypad").children) key.disabled = !established;
    element.dataset.call = callState;
  }
  phone.render = render;

  // Media counters, once a second while there is a call.
  setInterval(async () => {
    if (!phone.session()) {
      $("rtp").textContent = "–";
      return;
    }
    try {
      const stats = await phone.rtpStats();
      $("rtp").textContent = `${stats.connectionState}, RTP in ${stats.packetsReceived} / out ${stats.packetsSent} packets`;
    } catch {
      $("rtp").textContent = "–";
    }
  }, 1000);

  render();
  return phone;
}
