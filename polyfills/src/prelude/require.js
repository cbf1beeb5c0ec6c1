// The guest's require of builtins: the prelude's own core modules, then the
// host's bundled builtins (each evaluated once, on first require), and the
// CommonJS loader for the program's own files (../loader.js).
import { ObjectDefine } from "./primordials.js";
import { installLazyGlobals } from "../globals.js";
import { installLocaleMethods } from "../locale-methods.js";
import { createLoader } from "../loader.js";
import { makeOs } from "./os.js";

export function installRequire(g, rt, host, { process, console, timersModule }) {
  const hostBuiltin = host.builtin;
  const hostCall = host.call;
  const hostCompile = host.compile;
  const hostModuleSource = host.moduleSource;
  const hostRequireModule = host.requireModule;
  // The bundled builtins' names: data the engine put on the host object when it built the sandbox (the same in every run).
  const hostBuiltinNames = Array.isArray(host.builtinNames) ? host.builtinNames.slice() : [];

  const builtinCache = new Map();
  const coreModules = {
    process: () => process,
    console: () => console,
    timers: () => requireBuiltin("internal/timers_legacy", true).extend(timersModule),
    "timers/promises": () => timersModule.promises,
    os: () => requireBuiltin("internal/os", true).createOs(makeOs(rt.config), process),
  };
  // Builtins only reachable with the node: scheme (a bare name is a package, as in Node).
  const SCHEME_ONLY = new Set(["test"]);
  function requireBuiltin(name, internal) {
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    if (!internal && bare.startsWith("internal/")) return notFound(name);
    if (!internal && bare === name && SCHEME_ONLY.has(bare)) return notFound(name);
    if (builtinCache.has(bare)) return builtinCache.get(bare);
    let exports;
    if (Object.prototype.hasOwnProperty.call(coreModules, bare)) {
      exports = coreModules[bare]();
    } else {
      const factory = hostBuiltin(bare);
      if (typeof factory !== "function") return notFound(name);
      const module = { exports: {} };
      builtinCache.set(bare, module.exports);
      factory.call(module.exports, module, module.exports, requireBuiltin, process);
      exports = module.exports;
      // Node's process is an EventEmitter; the link is made once the guest can see EventEmitter at all.
      // As in Node, its prototype is process.constructor's (named "process"), which inherits EventEmitter's.
      if (bare === "events" && typeof exports === "function" && Object.getPrototypeOf(process) === Object.prototype) {
        const ProcessCtor = function process() {};
        ProcessCtor.prototype = Object.create(exports.prototype, { constructor: { value: ProcessCtor, writable: true, configurable: true } });
        Object.setPrototypeOf(process, ProcessCtor.prototype);
      }
    }
    builtinCache.set(bare, exports);
    return exports;
  }
  function notFound(name, parent) {
    const err = new Error(`Cannot find module '${name}'` + (parent ? `\nRequire stack:\n- ${parent}` : ""));
    err.code = "MODULE_NOT_FOUND";
    err.requireStack = parent ? [parent] : [];
    throw err;
  }
  function builtinNames() {
    const names = Object.keys(coreModules).concat(hostBuiltinNames);
    return names.filter((n) => !n.startsWith("internal/") && !SCHEME_ONLY.has(n)).sort();
  }
  function isBuiltin(name) {
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    if (bare.startsWith("internal/") || (bare === name && SCHEME_ONLY.has(bare))) return false;
    return Object.prototype.hasOwnProperty.call(coreModules, bare) || hostBuiltin(bare, true) === true;
  }
  ObjectDefine(g, Symbol.for("quickexec.require"), { value: requireBuiltin });
  installLazyGlobals(g, requireBuiltin);
  installLocaleMethods(requireBuiltin);
  const loader = createLoader({ hostCall, hostCompile, hostModuleSource, hostRequireModule, requireBuiltin, isBuiltin, builtinNames, process });
  ObjectDefine(g, Symbol.for("quickexec.requireFile"), { value: loader.requireFile });
  coreModules.module = () => loader.Module;
  return { coreModules, requireBuiltin, loader };
}
