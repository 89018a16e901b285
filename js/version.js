// The version sip.js 0.21.2 reports (its lib/version.js says "0.21.1"); kept identical so that
// anything derived from it (the default User-Agent header, feature checks) stays the same.
export const LIBRARY_VERSION = "0.21.1";
