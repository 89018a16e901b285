/** The SIP.js version this package reports. @public */
export declare const LIBRARY_VERSION = "0.21.1";
