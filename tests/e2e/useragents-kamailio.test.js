// The same scenarios with sip.js 0.21.2 (the reference) and this package: UserAgents under Node
// (`ws` as the WebSocket) registering with digest through a private Kamailio.
import { useKamailio } from "./support/kamailio.js";
import { installNodeWebSocket } from "./support/sip.js";
import { makeUserAgent, packages } from "./support/useragents.js";
import { until, withTimeout } from "./support/util.js";

const kamailio = useKamailio();
let restoreWebSocket;
const agents = [];
beforeAll(() => {
  restoreWebSocket = installNodeWebSocket();
});
afterAll(() => restoreWebSocket());
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.dispose()));
});

async function agent(SIP, options) {
  const a = await makeUserAgent(SIP, { server: kamailio.url, ...options });
  agents.push(a);
  return a;
}

describe.each(packages)("%s", (name, load) => {
  test("a Registerer registers with digest (Kamailio's location table shows it) and unregisters", async () => {
    const SIP = await load();
    const alice = await agent(SIP, { user: "alice" });
    const registerer = await alice.register({ expires: 300 });
    expect(registerer.state).toBe(SIP.RegistererState.Registered);
    const contactUser = alice.ua.contact.uri.user;
    expect(await kamailio.rpc("ul.dump")).toContain(contactUser);
    await withTimeout(registerer.unregister(), 8000, "unregister()");
    await until(() => registerer.state === SIP.RegistererState.Unregistered, { what: "Unregistered" });
    expect(await kamailio.rpc("ul.dump")).not.toContain(contactUser);
  });

  test("a wrong password: the REGISTER is rejected, not retried forever", async () => {
    const SIP = await load();
    const bob = await agent(SIP, { user: "bob", password: "wrong" });
    await expect(bob.register()).rejects.toThrow(/REGISTER rejected: 401/);
    expect(bob.registerer.state).not.toBe(SIP.RegistererState.Registered);
  });
});
