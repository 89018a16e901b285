import { WrappedRequest } from "./incoming-request.js";

/**
 * A REFER received inside a session (RFC 3515): accept() answers 202, reject() 480 by default (SIP.js's core default),
 * makeInviter() makes the Inviter that follows the referral (its progress is reported back to the
 * referrer as NOTIFYs by the C++ Inviter).
 * @public
 */
export class Referral extends WrappedRequest {
  constructor(incomingReferRequest, session) {
    super(incomingReferRequest);
    this.session = session;
  }
  get referTo() {
    const referTo = this.request.parseHeader("refer-to");
    if (!referTo) throw new Error("Failed to parse Refer-To header.");
    return referTo;
  }
  get referredBy() {
    return this.request.getHeader("referred-by");
  }
  get replaces() {
    const value = this.referTo.uri.getHeader("replaces");
    if (value instanceof Array) return value[0];
    return value;
  }
  accept(options = { statusCode: 202 }) {
    this.incomingRequest.accept(options);
    return Promise.resolve();
  }
  reject(options) {
    this.incomingRequest.reject(options);
    return Promise.resolve();
  }
  makeInviter(options) {
    if (this.inviter) return this.inviter;
    const targetURI = this.referTo.uri.clone();
    targetURI.clearHeaders();
    options = options || {};
    const extraHeaders = (options.extraHeaders || []).slice();
    const replaces = this.replaces;
    if (replaces) extraHeaders.push("Replaces: " + decodeURIComponent(replaces));
    const referredBy = this.referredBy;
    if (referredBy) extraHeaders.push("Referred-By: " + referredBy);
    options.extraHeaders = extraHeaders;
    this.inviter = this.session.userAgent._makeInviter(targetURI, options, this.session);
    return this.inviter;
  }
}
