// The guest's bootstrap. Evaluated once in every fresh QuickJS context; it is
// a function of the engine's private `host` object, which it keeps in this
// closure only: nothing that reaches the host is left on the guest's globals.
//
// It installs console, process, timers, queueMicrotask, the frozen clock and
// require, and returns the engine's handle on the guest: the scheduler, the
// module runner and the result serializer.
//
// Each concern lives in its own module under prelude/ (clock, scheduler, console,
// process, require, host bridge, os, errors); this file wires them together
// over `rt`, the run's state they share, and builds the engine's handle.
import { serializeResult } from "./serialize.js";
import { ErrorCtor } from "./prelude/primordials.js";
import { installClock } from "./prelude/clock.js";
import { installRandom } from "./prelude/random.js";
import { installScheduler } from "./prelude/scheduler.js";
import { installConsole } from "./prelude/console.js";
import { installProcess } from "./prelude/process.js";
import { installRequire } from "./prelude/require.js";
import { installHostBridge } from "./prelude/host-bridge.js";
import { createErrors } from "./prelude/errors.js";
import { installStackTrace } from "./stack-trace.js";
import { installProcessExtras, releaseOf } from "./process-extras.js";
import { OS_CONSTANTS } from "./prelude/os.js";

export default function prelude(host) {
  "use strict";
  const g = globalThis;
  const hostStdio = host.stdio;
  const hostNow = host.now;
  const promiseThen = Promise.prototype.then;

  // Anything that reaches the host or shares memory goes.
  delete g.SharedArrayBuffer;
  delete g.Atomics;
  delete g.WebAssembly;

  // The run's state the prelude's parts share: set by the engine's configure, and once the program exits.
  // process: the guest's process object, for the scheduler's warnings.
  // bindAsync: node:async_hooks, once loaded, binds each scheduled callback to the async context it was scheduled in.
  // capture: process.setUncaughtExceptionCaptureCallback's function, or null.
  const rt = { exiting: false, config: null, frozen: false, virtual: false, startTime: 0, stdinText: null, process: null, bindAsync: null, capture: null, requireBuiltin: null };
  // Host errors are rebuilt from references taken here, before any guest code ran.
  const { hostError, formatUncaught, safeString, withoutInternalFrames } = createErrors(rt, loadInspect);
  installStackTrace(g, (lines) => withoutInternalFrames(lines.join("\n")).split("\n").filter((l) => l !== ""));

  // ---- output ---------------------------------------------------------------
  function write(channel, text) {
    if (!rt.exiting) hostStdio(channel, text);
  }

  const { perfNow } = installClock(g, rt, hostNow, host.timeZone);
  const scheduler = installScheduler(g, rt, hostNow);
  const { setImmediate, nextTick, checkCallback, timersModule, loop, refCounts } = scheduler;
  const console = installConsole(g, rt, hostStdio, perfNow, loadInspect);
  const { process, listeners, emitProcess, ExitSignal, exitCodeOf, makeEnv } = installProcess(
    g,
    rt,
    host,
    write,
    checkCallback,
    nextTick,
    setImmediate,
    perfNow,
  );
  rt.process = process;
  installProcessExtras(process, {
    listeners, checkCallback, write, nextTick, refCounts, os: () => rt.config.os,
    signals: OS_CONSTANTS.signals,
    children: () => requireBuiltin("internal/child_registry", true).children,
    // The identity the host configured (processConfig.uid / gid), read on the first identity call.
    initialIds: () => ({ uid: rt.config.process.uid ?? 0, gid: rt.config.process.gid ?? 0 }),
    load: (name) => requireBuiltin(name, true),
    setCapture: (fn) => (rt.capture = fn),
  });
  const { coreModules, requireBuiltin, loader } = installRequire(g, rt, host, { process, console, timersModule });
  rt.requireBuiltin = requireBuiltin;
  const bridge = installHostBridge(rt, host, coreModules, hostError);
  // The clock of the global performance (node:perf_hooks, loaded lazily).
  coreModules["internal/clock"] = () => ({ now: perfNow, timeOrigin: () => rt.startTime });
  const configureRandom = installRandom(rt, coreModules, requireBuiltin);
  coreModules["internal/async_context"] = () => ({
    /** Installs `bind(callback, type, resource)`, which returns the callback to run later in its current context. */
    setBinder(bind) {
      rt.bindAsync = bind;
    },
  });

  // node:vm's realms: the engine function that makes and runs contexts (see src/engine/realms.ts).
  coreModules["internal/realm_host"] = () => host.realm;

  // ---- the engine's handle ---------------------------------------------------
  const api = {
    configure(json) {
      const config = (rt.config = JSON.parse(json));
      rt.frozen = config.timing === "freeze";
      rt.virtual = config.timing === "virtual";
      rt.startTime = config.startTime;
      configureRandom();
      const p = config.process;
      process.version = p.version;
      process.release = releaseOf(p.version);
      process.versions = p.versions;
      process.arch = p.arch;
      process.platform = p.platform;
      process.argv = p.argv;
      process.argv0 = p.argv[0] || "node";
      process.execPath = p.execPath;
      process.pid = p.pid;
      process.ppid = p.ppid;
      process.title = p.title;
      process.env = makeEnv(p.env);
      rt.stdinText = config.stdin;
    },
    runMain(fn, filename, dirname) {
      loader.runMain(fn, filename, dirname);
    },
    mainExports() {
      return loader.mainExports();
    },
    hostError,
    // An exception nothing caught: "uncaughtException" listeners take it (true), or it ends the program.
    // 'uncaughtExceptionMonitor' listeners see it first; a capture callback takes it before the listeners.
    uncaughtException(error) {
      if (rt.exiting) return false;
      emitProcess("uncaughtExceptionMonitor", error, "uncaughtException");
      if (rt.capture !== null) {
        rt.capture(error);
        return true;
      }
      if (!listeners.has("uncaughtException") || listeners.get("uncaughtException").length === 0) return false;
      emitProcess("uncaughtException", error, "uncaughtException");
      return true;
    },
    // The loop ran dry: "beforeExit" listeners may schedule more work (true if any ran).
    emitBeforeExit() {
      if (rt.exiting) return false;
      return emitProcess("beforeExit", exitCodeOf(process.exitCode));
    },
    cjsExportNames(filename) {
      return loader.exportNames(loader.requireFile(filename));
    },
    builtinExportNames(name) {
      const m = requireBuiltin(name);
      return Object.keys(m).filter((k) => k !== "default" && /^[A-Za-z_$][\w$]*$/.test(k));
    },
    // runTicks, nextTimerAt, runTimer, immediateBatch, runImmediate (see prelude/scheduler.js).
    ...loop,
    hasRefs() {
      return loop.hasRefs() || bridge.hasRefs();
    },
    // Host work the guest holds references for (async ops, handles): the virtual clock waits for it instead of jumping.
    hostRefs: bridge.hasRefs,
    // A host event: an async op settled, or a handle's resource has news.
    deliver: bridge.deliver,
    exitCode() {
      return exitCodeOf(process.exitCode);
    },
    isExitSignal(value) {
      return value instanceof ExitSignal;
    },
    // Node's 'exit' event, at the natural end of the program.
    emitExit(fatalCode) {
      if (fatalCode !== undefined) process.exitCode = fatalCode;
      if (rt.exiting) return exitCodeOf(process.exitCode);
      process._exiting = true;
      const code = exitCodeOf(process.exitCode);
      emitProcess("exit", code);
      rt.exiting = true;
      return exitCodeOf(process.exitCode);
    },
    formatError(error) {
      return formatUncaught(error);
    },
    // A rejection still unhandled once the microtask queue drained: listeners
    // of "unhandledRejection" take it, otherwise it is the uncaught error.
    unhandledRejection(reason, promise) {
      if (emitProcess("unhandledRejection", reason, promise)) return undefined;
      if (reason instanceof ErrorCtor) return reason;
      const err = new ErrorCtor(
        "This error originated either by throwing inside of an async function without a catch block, " +
          "or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason " +
          `"${safeString(reason)}".`,
      );
      err.name = "UnhandledPromiseRejection";
      err.code = "ERR_UNHANDLED_REJECTION";
      err.stack = `${err.name}: ${err.message}`;
      return err;
    },
    markHandled(promise) {
      if (promise instanceof Promise) promiseThen.call(promise, undefined, () => {});
    },
    serialize(value) {
      return serializeResult(value);
    },
  };
  return api;

  function loadInspect() {
    return requireBuiltin("internal/inspect", true);
  }
}
