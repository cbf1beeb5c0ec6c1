/**
 * How a run ended, as an `EngineResult`: stopped by a limit, `process.exit`
 * or a stop request; ended by an uncaught exception; or finished, with the
 * program's exports copied out.
 * @module
 */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import { EXIT, type EngineResult } from "./protocol.js";
import type { GuestApi } from "./guest-api.js";
import type { RunState } from "./run-state.js";

/** The result for a run that a limit, `process.exit` or a stop request ended, if one did. */
export function stoppedResult(run: RunState): EngineResult | null {
  const { meter } = run;
  meter.check();
  const base = { fuel: meter.fuel, cpuTimeMs: meter.cpuTimeMs };
  switch (meter.stopReason) {
    case null:
      return null;
    case "memory":
      return { ...base, code: EXIT.MEMORY_LIMIT, errorMessage: `Memory limit of ${run.spec.memoryLimitMb} MB exceeded` };
    case "cpu":
      return { ...base, code: EXIT.CPU_LIMIT, errorMessage: "CPU time limit exceeded" };
    case "fuel":
      return { ...base, code: EXIT.CPU_LIMIT, errorMessage: `Fuel limit of ${meter.fuelLimit} exceeded` };
    case "wall":
      return { ...base, code: EXIT.CPU_LIMIT, errorMessage: wallTimeMessage(run.spec.wallTimeLimitMs) };
    case "terminated":
      return { ...base, code: EXIT.TERMINATED, errorMessage: "The run was terminated" };
    case "exit":
      return { ...base, code: run.exitCode ?? 0 };
  }
}

/** The message of a run the wall-time limit ended (the host's watchdog says the same). */
export function wallTimeMessage(limitMs: number | undefined): string {
  return limitMs ? `Wall-time limit of ${limitMs} ms exceeded` : "Wall-time limit exceeded";
}

/**
 * The result for a program that an uncaught exception ended (consumes
 * `error`): the error is printed to stderr as Node prints it, and "exit"
 * listeners still run. An exit signal thrown by `process.exit` is no error.
 */
export function uncaughtResult(api: GuestApi, run: RunState, error: QuickJSHandle): EngineResult {
  const { ctx } = api;
  let message = "Uncaught exception";
  const isExit = api.call("isExitSignal", error.dup());
  if (!("error" in isExit)) {
    const exit = ctx.dump(isExit.value) === true;
    isExit.value.dispose();
    if (exit) {
      error.dispose();
      return stoppedResult(run) ?? { code: run.exitCode ?? 0, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
    }
  } else isExit.error!.dispose();
  const formatted = api.call("formatError", error);
  if (!("error" in formatted)) {
    message = ctx.getString(formatted.value);
    formatted.value.dispose();
  } else formatted.error!.dispose();
  const stop = stoppedResult(run);
  if (stop) return stop;
  if (run.spec.stdio && !run.spec.quietUncaught) run.host.stdio("stderr", message + "\n");
  // As in Node, "exit" listeners still run (with code 1) after a fatal exception; what they throw is ignored.
  const exited = api.call("emitExit", ctx.newNumber(EXIT.UNCAUGHT));
  if ("error" in exited) exited.error!.dispose();
  else exited.value.dispose();
  return stoppedResult(run) ?? { code: EXIT.UNCAUGHT, errorMessage: message, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
}

/**
 * Copies the program's exports into `result.exportsJson` (for `run`):
 * `module.exports` of a CommonJS program, the namespace (or the fulfilled
 * value) of an ES module. A failure to copy them ends the run with an error.
 * Does not consume `moduleResult`.
 */
export function copyExports(api: GuestApi, run: RunState, result: EngineResult, moduleResult: QuickJSHandle | null): void {
  const { ctx } = api;
  let value: QuickJSHandle;
  if (moduleResult) {
    // The namespace itself, or the fulfilled value of a module with top-level await.
    const state = ctx.getPromiseState(moduleResult);
    if (state.type === "rejected") state.error.dispose();
    value = state.type !== "fulfilled" ? ctx.undefined : state.notAPromise ? moduleResult.dup() : state.value;
  } else {
    const got = api.call("mainExports");
    if ("error" in got) {
      got.error!.dispose();
      return;
    }
    value = got.value;
  }
  const text = api.call("serialize", value);
  if ("error" in text) {
    const stop = stoppedResult(run);
    if (stop) return void Object.assign(result, stop);
    const message = api.errorText(text.error!);
    Object.assign(result, { code: EXIT.UNCAUGHT, errorMessage: `The program's exports could not be copied out of the sandbox: ${message}` });
    return;
  }
  result.exportsJson = ctx.getString(text.value);
  text.value.dispose();
}
