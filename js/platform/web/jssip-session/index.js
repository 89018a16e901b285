// A JsSIP-style call over the package's SIP.js-style sessions (Web.JsSIPSession).
export { JsSIPSession } from "./jssip-session.js";
