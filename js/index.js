// Name and version, as sip.js exports them.
import { LIBRARY_VERSION } from "./version.js";
const version = LIBRARY_VERSION;
const name = "sip.js";
export { name, version };
// The API
export * from "./api/index.js";
// The grammar
export * from "./grammar/index.js";
// The core, as a namespace
import * as Core from "./core/index.js";
export { Core };
// The web platform, as a namespace
import * as Web from "./platform/web/index.js";
export { Web };
