/**
 * SIP method names.
 * @public
 */
export const C = {
  ACK: "ACK",
  BYE: "BYE",
  CANCEL: "CANCEL",
  INFO: "INFO",
  INVITE: "INVITE",
  MESSAGE: "MESSAGE",
  NOTIFY: "NOTIFY",
  OPTIONS: "OPTIONS",
  REGISTER: "REGISTER",
  UPDATE: "UPDATE",
  SUBSCRIBE: "SUBSCRIBE",
  PUBLISH: "PUBLISH",
  REFER: "REFER",
  PRACK: "PRACK"
};
