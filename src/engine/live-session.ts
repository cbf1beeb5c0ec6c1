/**
 * A live module on the engine's side: one sandbox kept across calls. The
 * program is evaluated once (the load), then each request (a call of an
 * exported function, an exec) is an activation with its own budgets: a fresh
 * CPU meter and run state over the same realm, whose event loop runs until
 * the call's promise settles. The module's state is exactly the sandbox's
 * (its wasm memory) plus the handles kept here: the exports' root and the
 * guest's `internal/live` functions.
 *
 * A limit, `process.exit`, a stop request or an engine fault ends the
 * session: its result is the run's, and the sandbox is dropped.
 * @module
 */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import { CpuMeter } from "./cpu-meter.js";
import { EventLoop } from "./event-loop.js";
import { CONTROL, EXIT, STOP_CODE, type EngineResult, type RunSpec } from "./protocol.js";
import { RunState, type EngineHost } from "./run-state.js";
import { createOffsetClock } from "./run-clock.js";
import { stoppedResult, wallTimeMessage } from "./run-result.js";
import { guestConfigJson, type LiveParts, type Sandbox } from "./sandbox.js";
import { toGuest, toHost } from "./marshal.js";
import { NO_ARGS_JSON, type ActivationLimits, type LiveReply, type LiveRequest, type LiveResult } from "./live-protocol.js";
import { captureSnapshot, pendingWork } from "./snapshot-image.js";
import { SNAPSHOT_ERRORS, type LiveSessionState } from "./snapshot-protocol.js";
import { handleAt, valuePointer } from "./quickjs-internals.js";

/** What the session waits on: the host's next request, or a stop request that arrived while it was idle. */
export type LiveInput = LiveRequest | { kind: "stop" };

/** How the session talks to its thread. */
export interface LiveChannel {
  /** Resolves with the next request (in order). */
  next(): Promise<LiveInput>;
  /** Sends a reply to the host. */
  reply(reply: LiveReply): void;
}

/** A run state whose clock goes on from where the module's last call left it, so the guest's timers span calls. */
class LiveRunState extends RunState {
  constructor(spec: RunSpec, host: EngineHost, meter: CpuMeter, offset: number) {
    super(spec, host, meter, createOffsetClock(spec.timing, () => meter.fuel, offset));
  }
}

/** The guest's `internal/live` functions the session calls. */
interface LiveFunctions {
  describe: QuickJSHandle;
  call: QuickJSHandle;
  encode: QuickJSHandle;
  inspect: QuickJSHandle;
}

/** The session's end: the run's result. */
class SessionOver {
  constructor(readonly result: EngineResult) {}
}

/**
 * Serves one live module on `sandbox` until it ends; resolves with the run's
 * result. Replies to request 0 with the load's result (`exportsJson` holds
 * `{"functions": [...], "data": <encoded exports>}`).
 */
export async function serveLive(sandbox: Sandbox, spec: RunSpec, host: EngineHost, channel: LiveChannel): Promise<EngineResult> {
  const session = new LiveSession(sandbox.openLive(), spec, host);
  try {
    // A restored module is already loaded: its snapshot holds the realm and the exports.
    const loaded = spec.restore ? session.adopt(spec.restore.session) : await session.load();
    channel.reply({ id: 0, result: loaded });
    // A load that failed (the program threw) ends the module: nothing was exported to call.
    if (loaded.code !== EXIT.OK) return loaded;
    for (;;) {
      const request = await channel.next();
      if (request.kind === "end") return { code: EXIT.OK, fuel: 0, cpuTimeMs: 0 };
      if (request.kind === "stop") return session.stoppedWhileIdle();
      const result =
        request.kind === "call" ? await session.call(request.path, request.argsJson, request.limits)
        : request.kind === "snapshot" ? await session.snapshot(request.limits)
        : await session.exec(request.code, request.limits, request.inspect === true);
      channel.reply({ id: request.id, result });
    }
  } catch (error) {
    if (error instanceof SessionOver) return error.result;
    throw error;
  } finally {
    session.release();
  }
}

/** The live module's sandbox between and during activations. */
class LiveSession {
  /** Under the real clocks ("off", "freeze"): when the guest's monotonic clock read 0 (`performance.now()`). */
  private origin = performance.now();
  /** Under the virtual clock: where the last call left the guest's clock, ms (time between calls does not count). */
  private elapsed = 0;
  private fns: LiveFunctions | null = null;
  private root: QuickJSHandle | null = null;
  /** The wall-time budget of the last activation (what a late wall-time stop refers to). */
  private lastWallTimeLimitMs = 0;
  /** The load's description of the exports, kept for snapshots. */
  private exportsJson = "";
  /** The spec of the last activation (see `specWith`). */
  private lastSpec: RunSpec | null = null;

  constructor(
    private readonly live: LiveParts,
    private readonly spec: RunSpec,
    private readonly host: EngineHost,
  ) {}

  /** Evaluates the program and describes its exports. */
  load(): Promise<LiveResult> {
    const { api, ctx } = this.live.parts;
    const limits = { cpuTimeLimitMs: this.spec.cpuTimeLimitMs, fuelLimit: this.spec.fuelLimit ?? 0, wallTimeLimitMs: this.spec.wallTimeLimitMs ?? 0 };
    return this.activate(limits, async (run, loop) => {
      this.live.parts.instance.timeZone.set(this.spec.process.env.TZ);
      const configured = api.call("configure", ctx.newString(guestConfigJson(this.spec)));
      if ("error" in configured) return this.failed(run, configured.error!);
      configured.value.dispose();
      run.meter.fuel = 0;
      // Loaded before the program runs: its references are the realm's own, whatever the program does to its globals.
      const got = api.eval(`globalThis[Symbol.for("quickexec.require")]("internal/live", true)`, "<quickexec live>");
      if ("error" in got) return this.failed(run, got.error!);
      this.fns = { describe: ctx.getProp(got.value, "describe"), call: ctx.getProp(got.value, "call"), encode: ctx.getProp(got.value, "encode"), inspect: ctx.getProp(got.value, "inspect") };
      got.value.dispose();

      let moduleResult: QuickJSHandle | null = null;
      let failure = this.live.evaluateMain(this.spec, (handle) => (moduleResult = handle));
      if (failure !== undefined && !stoppedResult(run)) failure = loop.rescue(failure);
      if (failure === undefined) failure = await loop.untilSettled(() => moduleResult === null || settled(ctx, moduleResult));
      if (failure !== undefined) return this.failed(run, failure);
      const stop = stoppedResult(run);
      if (stop) return stop;
      const root = this.rootOf(moduleResult);
      if ("error" in root) return this.failed(run, root.error);
      this.root = root.value;
      const described = api.callFunction(this.fns.describe, [this.root]);
      if ("error" in described) return this.failed(run, described.error!, "The module's exports could not be copied out of the sandbox: ");
      const result: LiveResult = { code: EXIT.OK, exportsJson: ctx.getString(described.value), fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
      described.value.dispose();
      this.exportsJson = result.exportsJson!;
      return result;
    });
  }

  /** Calls the exported function at `path`, waits for its promise, and copies its value out. */
  call(path: string, argsJson: string, limits: ActivationLimits): Promise<LiveResult> {
    const { api, ctx } = this.live.parts;
    return this.activate(limits, async (run, loop) => {
      const pathHandle = ctx.newString(path);
      // No arguments: nothing to copy in or decode.
      const argsHandle = argsJson === NO_ARGS_JSON ? null : toGuest(ctx, argsJson);
      let called;
      try {
        called = api.callFunction(this.fns!.call, argsHandle ? [this.root!, pathHandle, argsHandle] : [this.root!, pathHandle]);
      } finally {
        pathHandle.dispose();
        argsHandle?.dispose();
      }
      if ("error" in called) return this.failed(run, called.error!);
      return this.settle(run, loop, called.value, false);
    });
  }

  /**
   * Evaluates `code` as a script in the module's realm, waits for its value
   * if it is a promise, and copies it out; with `inspect`, the value is
   * inspected at once (a promise as it stands) and the ticks and microtasks
   * the code queued run after.
   */
  exec(code: string, limits: ActivationLimits, inspect = false): Promise<LiveResult> {
    const { api, ctx } = this.live.parts;
    return this.activate(limits, async (run, loop) => {
      const evaluated = api.eval(code, "[exec]");
      if ("error" in evaluated) return this.failed(run, evaluated.error!);
      if (!inspect) return this.settle(run, loop, evaluated.value, true);
      const text = api.callFunction(this.fns!.inspect, [evaluated.value]);
      evaluated.value.dispose();
      if ("error" in text) return this.failed(run, text.error!);
      const valueJson = ctx.getString(text.value);
      text.value.dispose();
      const failure = await loop.untilSettled(() => true);
      if (failure !== undefined) return this.failed(run, failure);
      return stoppedResult(run) ?? { code: EXIT.OK, valueJson, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
    });
  }

  /** Takes over the handles of a module restored from a snapshot (its sandbox already holds them); the load's result. */
  adopt(state: LiveSessionState): LiveResult {
    const { ctx } = this.live.parts;
    this.fns = { describe: handleAt(ctx, state.describe), call: handleAt(ctx, state.call), encode: handleAt(ctx, state.encode), inspect: handleAt(ctx, state.inspect) };
    this.root = handleAt(ctx, state.root);
    this.exportsJson = state.exportsJson;
    // The restored guest's process.env.TZ is the captured one: its clock reads in that zone again.
    this.live.parts.instance.timeZone.set(state.timeZone);
    this.origin = performance.now() - state.clockMs;
    this.elapsed = state.clockMs;
    return { code: EXIT.OK, exportsJson: state.exportsJson, fuel: 0, cpuTimeMs: 0 };
  }

  /** Captures the module (see `snapshot-image.ts`), or says what is pending. */
  snapshot(limits: ActivationLimits): Promise<LiveResult> {
    return this.activate(limits, async (run) => {
      const pending = pendingWork(this.live.parts);
      const stop = stoppedResult(run);
      if (stop) return stop;
      const fuel = run.meter.fuel;
      const cpuTimeMs = run.meter.cpuTimeMs;
      if (pending !== null) {
        return { code: EXIT.UNCAUGHT, errorCode: SNAPSHOT_ERRORS.PENDING, errorMessage: `The module cannot be snapshotted while work is pending: ${pending}`, fuel, cpuTimeMs };
      }
      const { describe, call, encode, inspect } = this.fns!;
      const state: LiveSessionState = {
        describe: valuePointer(describe),
        call: valuePointer(call),
        encode: valuePointer(encode),
        inspect: valuePointer(inspect),
        root: valuePointer(this.root!),
        clockMs: run.now(),
        exportsJson: this.exportsJson,
        filePath: this.spec.filePath,
        timeZone: this.live.parts.instance.timeZone.setting,
      };
      return { code: EXIT.OK, snapshot: await captureSnapshot(this.live.parts, state), fuel, cpuTimeMs };
    });
  }

  /** The result of a stop request that came between activations (a wall-time stop can arrive just after a reply). */
  stoppedWhileIdle(): EngineResult {
    if (Atomics.load(this.host.control, CONTROL.STOP) === STOP_CODE.WALL_TIME) {
      return { code: EXIT.CPU_LIMIT, errorMessage: wallTimeMessage(this.lastWallTimeLimitMs), fuel: 0, cpuTimeMs: 0 };
    }
    return { code: EXIT.TERMINATED, errorMessage: "The run was terminated", fuel: 0, cpuTimeMs: 0 };
  }

  /** Drops what the session holds; the sandbox itself is disposed by its thread. */
  release(): void {
    this.live.discard();
  }

  /**
   * Runs one activation under `limits`; a limit, an exit or a stop ends the
   * session (thrown as {@link SessionOver}), so does an engine fault.
   */
  private async activate(limits: ActivationLimits, body: (run: RunState, loop: EventLoop) => Promise<LiveResult>): Promise<LiveResult> {
    const { parts } = this.live;
    this.lastWallTimeLimitMs = limits.wallTimeLimitMs;
    const meter = new CpuMeter(limits.cpuTimeLimitMs, parts.instance.heapExhausted, this.host.control, this.host.meter);
    meter.fuelLimit = limits.fuelLimit;
    if (limits.wallTimeLimitMs > 0) meter.wallDeadline = performance.now() + limits.wallTimeLimitMs;
    parts.rt.setInterruptHandler(meter.interrupt);
    const offset = this.spec.timing === "virtual" ? this.elapsed : performance.now() - this.origin;
    const run = new LiveRunState(this.specWith(limits), this.host, meter, offset);
    parts.host.run = run;
    const loop = new EventLoop(parts.api, parts.rt, parts.rejections, run);
    meter.enter();
    let result: LiveResult;
    try {
      result = await body(run, loop);
    } catch (error) {
      const failure = stoppedResult(run) ?? {
        code: EXIT.ENGINE_FAILURE,
        errorMessage: `The sandbox engine failed: ${error instanceof Error ? error.message : String(error)}`,
        fuel: meter.fuel,
        cpuTimeMs: meter.cpuTimeMs,
      };
      throw new SessionOver(failure);
    } finally {
      meter.leave();
      parts.host.run = null;
      if (run.clock.virtual) this.elapsed = run.now();
    }
    const stop = stoppedResult(run);
    if (stop) throw new SessionOver(stop);
    return result;
  }

  /** The module's spec under an activation's `limits` (the last one made, while the limits stay the same). */
  private specWith(limits: ActivationLimits): RunSpec {
    const last = this.lastSpec;
    if (last && last.cpuTimeLimitMs === limits.cpuTimeLimitMs && last.fuelLimit === limits.fuelLimit && last.wallTimeLimitMs === limits.wallTimeLimitMs) return last;
    return (this.lastSpec = { ...this.spec, ...limits });
  }

  /** Runs the loop until `value` (consumed) settles if it is a promise, then copies the outcome out. */
  private async settle(run: RunState, loop: EventLoop, value: QuickJSHandle, lenient: boolean): Promise<LiveResult> {
    const { api, ctx } = this.live.parts;
    try {
      const first = ctx.getPromiseState(value);
      const isPromise = !(first.type === "fulfilled" && first.notAPromise);
      if (first.type === "fulfilled" && !first.notAPromise) first.value.dispose();
      if (first.type === "rejected") first.error.dispose();
      if (isPromise) {
        const marked = api.call("markHandled", value.dup());
        if ("error" in marked) return this.failed(run, marked.error!);
        marked.value.dispose();
      }
      const failure = await loop.untilSettled(() => !isPromise || settled(ctx, value));
      if (failure !== undefined) return this.failed(run, failure);
      const stop = stoppedResult(run);
      if (stop) return stop;
      const state = ctx.getPromiseState(value);
      if (state.type === "rejected") return this.failed(run, state.error);
      if (state.type === "pending") {
        return { code: EXIT.UNCAUGHT, errorMessage: "The call's promise never settled: nothing was left that could settle it", fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
      }
      const outcome = state.notAPromise ? value.dup() : state.value;
      // A primitive is encoded here, without a call into the guest (most calls return one).
      const quick = encodePrimitive(ctx, outcome);
      if (quick !== undefined) {
        outcome.dispose();
        return { code: EXIT.OK, valueJson: quick, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
      }
      const encoded = api.callFunction(this.fns!.encode, [outcome, lenient ? ctx.true : ctx.false]);
      outcome.dispose();
      if ("error" in encoded) return this.failed(run, encoded.error!, "The result could not be copied out of the sandbox: ");
      const result: LiveResult = { code: EXIT.OK, valueJson: ctx.getString(encoded.value), fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
      encoded.value.dispose();
      return result;
    } finally {
      value.dispose();
    }
  }

  /** The exports' root: `module.exports`, or the module's namespace (its evaluation's fulfilled value). */
  private rootOf(moduleResult: QuickJSHandle | null): { value: QuickJSHandle } | { error: QuickJSHandle } {
    const { api, ctx } = this.live.parts;
    if (moduleResult === null) {
      const got = api.call("mainExports");
      return "error" in got ? { error: got.error! } : { value: got.value };
    }
    const state = ctx.getPromiseState(moduleResult);
    if (state.type === "pending") {
      moduleResult.dispose();
      return { error: ctx.newError("Detected unsettled top-level await") };
    }
    if (state.type === "rejected") {
      moduleResult.dispose();
      return { error: state.error };
    }
    if (state.notAPromise) return { value: moduleResult };
    moduleResult.dispose();
    return { value: state.value };
  }

  /** An activation that ended with a guest error (consumed): code 1 and the error as Node prints it, stack included. */
  private failed(run: RunState, error: QuickJSHandle, prefix = ""): LiveResult {
    const stop = stoppedResult(run);
    if (stop) {
      error.dispose();
      return stop;
    }
    const { api, ctx } = this.live.parts;
    let message = "Uncaught exception";
    const formatted = api.call("formatError", error);
    if (!("error" in formatted)) {
      message = ctx.getString(formatted.value);
      formatted.value.dispose();
    } else formatted.error!.dispose();
    return stoppedResult(run) ?? { code: EXIT.UNCAUGHT, errorMessage: prefix + message, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
  }
}

/** Whether a promise settled (no handle is kept). */
function settled(ctx: LiveParts["parts"]["ctx"], promise: QuickJSHandle): boolean {
  const state = ctx.getPromiseState(promise);
  if (state.type === "pending") return false;
  if (state.type === "fulfilled") {
    if (!state.notAPromise) state.value.dispose();
  } else state.error.dispose();
  return true;
}

/** A primitive result as `serialize.js` encodes it (undefined, booleans, numbers, strings); undefined for anything else. */
function encodePrimitive(ctx: LiveParts["parts"]["ctx"], handle: QuickJSHandle): string | undefined {
  switch (ctx.typeof(handle)) {
    case "undefined":
      return '["u"]';
    case "boolean":
    case "string":
      return JSON.stringify(toHost(ctx, handle));
    case "number": {
      const n = ctx.getNumber(handle);
      if (Number.isNaN(n)) return '["n","NaN"]';
      if (n === Infinity) return '["n","Infinity"]';
      if (n === -Infinity) return '["n","-Infinity"]';
      if (Object.is(n, -0)) return '["n","-0"]';
      return JSON.stringify(n);
    }
    default:
      return undefined;
  }
}
