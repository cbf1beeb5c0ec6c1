// node:wasi — the WASI class checks its options as Node v22 does; running a
// WASI program needs WebAssembly, which does not exist inside the sandbox
// (QuickJS has none), so the constructor then throws ERR_QUICKEXEC_UNSUPPORTED.
/* global require */
const common = require("internal/http_common", true);
const { E } = require("internal/crypto_errors", true);

process.emitWarning("WASI is an experimental feature and might change at any time", "ExperimentalWarning");

class WASI {
  constructor(options = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) throw E.invalidArgType("options", "of type object", options);
    const { version } = options;
    if (typeof version !== "string") throw E.invalidArgType("options.version", "of type string", version);
    if (version !== "unstable" && version !== "preview1") throw E.invalidArgValue("options.version", version, "unsupported WASI version");
    if (options.args !== undefined && !Array.isArray(options.args)) throw E.invalidArgType("options.args", "an instance of Array", options.args);
    for (const name of ["env", "preopens"]) {
      const value = options[name];
      if (value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value))) throw E.invalidArgType(`options.${name}`, "of type object", value);
    }
    if (options.returnOnExit !== undefined && typeof options.returnOnExit !== "boolean") throw E.invalidArgType("options.returnOnExit", "of type boolean", options.returnOnExit);
    throw common.unsupported("new WASI() (WASI runs WebAssembly, and there is no WebAssembly inside the sandbox)");
  }
}

export default { WASI };
