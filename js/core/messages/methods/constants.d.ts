/**
 * SIP method names.
 * @public
 */
export declare namespace C {
  const ACK = "ACK";
  const BYE = "BYE";
  const CANCEL = "CANCEL";
  const INFO = "INFO";
  const INVITE = "INVITE";
  const MESSAGE = "MESSAGE";
  const NOTIFY = "NOTIFY";
  const OPTIONS = "OPTIONS";
  const REGISTER = "REGISTER";
  const UPDATE = "UPDATE";
  const SUBSCRIBE = "SUBSCRIBE";
  const PUBLISH = "PUBLISH";
  const REFER = "REFER";
  const PRACK = "PRACK";
}
