/**
 * One sandbox: a QuickJS instance, runtime and context with the guest
 * prelude evaluated, ready to run exactly one program.
 *
 * The engine knows nothing of drivers: everything outside the instance is
 * reached through {@link EngineHost}. A sandbox is made ahead of time (so a run
 * only pays for configuring it) and thrown away after its run: the next run
 * gets a fresh instance, so nothing a program did survives it.
 *
 * The parts live in their own modules: preparing (building or restoring) in
 * `sandbox-image.ts`, the prelude's API in `guest-api.ts`, the host functions
 * in `host-functions.ts`, the event loop in `event-loop.ts`, unhandled
 * rejections in `pending-rejections.ts`, results in `run-result.ts`, the ES
 * module loader in `module-loader.ts`, refused ops in `op-refusal.ts`.
 * @module
 */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import { createInstance, type EngineInstance } from "./instance.js";
import { CpuMeter } from "./cpu-meter.js";
import { EXIT, type EngineResult, type RunSpec } from "./protocol.js";
import { RunState, type EngineHost } from "./run-state.js";
import { EventLoop } from "./event-loop.js";
import { copyExports, stoppedResult, uncaughtResult } from "./run-result.js";
import { freshInstancePages, prepareSandbox, preparedPages, recycleSandbox, type SandboxParts } from "./sandbox-image.js";
import { heapLayoutProbed, probeHeapLayout } from "./heap-layout.js";
import { restoreSnapshot, type ReusableInstance } from "./snapshot-image.js";
import type { SnapshotPayload } from "./snapshot-protocol.js";
import { CJS_PREFIX, withImportMeta } from "./modules.js";
import { loadGuestBuiltins } from "./guest-sources.js";
import { newGuestString } from "./heap-strings.js";

export { EngineFault } from "./guest-api.js";
export type { EngineHost } from "./run-state.js";

/**
 * QuickJS stack limit on a thread with a large native stack (Node's engine
 * workers): far below it, so deep recursion is a guest error. A thread with a
 * smaller native stack passes its own, smaller limit to `Sandbox.create`.
 */
export const MAX_STACK_BYTES = 256 * 1024;

/** Source that only parses as an ES module: a CommonJS syntax error then means "try it as a module". */
const MODULE_SYNTAX = /(^|[\s;})])(import\s*[\w{*"'.(]|export\s|await\s)/m;


/** A prepared QuickJS sandbox for one run. */
export class Sandbox {
  private used = false;
  private discarded = false;
  /** Set once `execute` returned: only such a sandbox's instance may be recycled. */
  private executed = false;

  private constructor(
    private readonly parts: SandboxParts,
    private readonly maxStackBytes: number,
  ) {}

  /** Set when a host-level fault happened inside QuickJS (the instance is in an unknown state), or once disposed. */
  get poisoned(): boolean {
    return this.discarded || this.parts.api.faulted;
  }

  /** The memory limit (MiB) this sandbox was made for. */
  get memoryLimitMb(): number {
    return this.parts.instance.memoryLimitMb;
  }

  /** The instance's linear memory (to inspect it: what a run left, what recycling restored). */
  get memory(): WebAssembly.Memory {
    return this.parts.instance.memory;
  }

  /** Bytes of linear memory the instance holds now (it only ever grows). */
  get memoryBytes(): number {
    return this.parts.instance.memory.buffer.byteLength;
  }

  /**
   * A prepared sandbox: a fresh instance with runtime, context and the
   * prelude evaluated (see `sandbox-image.ts` for how).
   */
  static async create(wasmModule: WebAssembly.Module, memoryLimitMb: number, maxStackBytes = MAX_STACK_BYTES): Promise<Sandbox> {
    const [instance] = await Promise.all([createInstance(wasmModule, memoryLimitMb), loadGuestBuiltins()]);
    const parts = prepareSandbox(wasmModule, instance, maxStackBytes);
    // The image could not be restored into this instance: a fresh one is built instead.
    if (!parts) return Sandbox.create(wasmModule, memoryLimitMb, maxStackBytes);
    return new Sandbox(parts, maxStackBytes);
  }

  /**
   * The next prepared sandbox, on this one's instance, once its program ran
   * with `execute` (see `recycleSandbox` in `sandbox-image.ts`): no new
   * instance, no page faults, no memory for the collector. Null when the
   * instance cannot be reused (a fault, a live module or a snapshot, a memory
   * that grew, another memory limit); this sandbox is disposed either way.
   */
  recycle(memoryLimitMb: number): Sandbox | null {
    const reusable = this.executed && !this.poisoned && this.memoryLimitMb === memoryLimitMb;
    this.discarded = true;
    const { wasmModule } = this.parts.instance;
    if (!heapLayoutProbed(wasmModule)) {
      // Once per module and thread, right after this run's cleanup: where a run can write (a throwaway instance).
      // Until it has answered, finished sandboxes are dropped as before. Not in a timer: a thread whose runs
      // come back to back handles their messages without going back to its event loop (Node drains up to
      // 1000 at once), so a timer could wait that many runs.
      queueMicrotask(() => void probeHeapLayout(wasmModule, () => createInstance(wasmModule, memoryLimitMb), freshInstancePages(wasmModule)));
      return null;
    }
    if (!reusable) return null;
    const parts = recycleSandbox(this.parts, this.maxStackBytes);
    return parts ? new Sandbox(parts, this.maxStackBytes) : null;
  }

  /**
   * Readies the memory for a snapshot that would fill these 64 KiB pages of
   * a memory of `memoryBytes`: grows it to that size (as the heap grows
   * itself) and makes the system back the pages now (one write per 4 KiB, of
   * the value already there: nothing changes), so restoring it later pays
   * for neither.
   */
  touchPages(memoryBytes: number, pages: Iterable<number>): void {
    if (!this.parts.instance.growHeap(memoryBytes)) return;
    const memory = new Uint8Array(this.parts.instance.memory.buffer);
    for (const page of pages) for (let i = page * 65536, end = Math.min(i + 65536, memory.byteLength); i < end; i += 4096) memory[i] = memory[i]!;
  }

  /**
   * A sandbox holding a live module's snapshot (see `snapshot-image.ts`),
   * for the live session that adopts it (`openLive`). `spare`, an unused
   * prepared sandbox, gives its instance when the snapshot fits it (no
   * instantiation then); it is consumed either way.
   * @throws SnapshotRefused when the snapshot cannot be restored here.
   */
  static async restore(wasmModule: WebAssembly.Module, payload: SnapshotPayload, memoryLimitMb: number, maxStackBytes: number, spare: Sandbox | ReusableInstance | null): Promise<Sandbox> {
    // An instance reclaimed from a finished module (see `reclaim`), whose written pages are known.
    if (spare && !(spare instanceof Sandbox)) return new Sandbox(await restoreSnapshot(wasmModule, payload, memoryLimitMb, maxStackBytes, spare), maxStackBytes);
    const written = spare && !spare.used && !spare.poisoned ? preparedPages(wasmModule) : null;
    if (spare) spare.used = true;
    const reuse = spare && written ? { instance: spare.parts.instance, written } : null;
    return new Sandbox(await restoreSnapshot(wasmModule, payload, memoryLimitMb, maxStackBytes, reuse), maxStackBytes);
  }

  /**
   * The instance of a sandbox whose live module ended, for a snapshot to be
   * restored into later (`restore` rewrites or clears every page it holds
   * data in): its pages are backed already, so no page faults then. Null when
   * the instance cannot be trusted (an engine fault, the heap exhausted).
   */
  reclaim(): EngineInstance | null {
    const { api, instance } = this.parts;
    return api.faulted || instance.heapExhausted() ? null : instance;
  }

  /** Runs one program to completion and reports how it ended. Call once. */
  async execute(spec: RunSpec, host: EngineHost): Promise<EngineResult> {
    if (this.used) throw new Error("a sandbox runs one program only");
    this.used = true;
    const { instance, rt } = this.parts;
    const meter = new CpuMeter(spec.cpuTimeLimitMs, instance.heapExhausted, host.control, host.meter);
    meter.fuelLimit = spec.fuelLimit ?? 0;
    if (spec.wallTimeLimitMs) meter.wallDeadline = performance.now() + spec.wallTimeLimitMs;
    rt.setInterruptHandler(meter.interrupt);
    const run = new RunState(spec, host, meter);
    this.parts.host.run = run;
    let result: EngineResult;
    // The whole run is charged, not only guest code: the engine's work for the
    // guest counts too, so a run stuck in the engine still meets the limit.
    meter.enter();
    try {
      result = await this.runProgram(run);
    } catch (error) {
      result = stoppedResult(run) ?? {
        code: EXIT.ENGINE_FAILURE,
        errorMessage: `The sandbox engine failed: ${error instanceof Error ? error.message : String(error)}`,
        fuel: meter.fuel,
        cpuTimeMs: meter.cpuTimeMs,
      };
      this.discarded = true;
    } finally {
      meter.leave();
    }
    this.parts.host.run = null;
    this.executed = true;
    return result;
  }

  /**
   * Hands the sandbox to a live module (see `live-session.ts`), which keeps
   * it across calls. Instead of `execute`, once.
   */
  openLive(): LiveParts {
    if (this.used) throw new Error("a sandbox runs one program only");
    this.used = true;
    return {
      parts: this.parts,
      evaluateMain: (spec, setModule) => this.evaluateMain(spec, setModule),
      settleModule: (handle) => this.settleModule(handle),
      discard: () => void (this.discarded = true),
    };
  }

  /**
   * Releases the sandbox. The whole wasm instance (memory, runtime, every
   * object the guest made) is dropped at once: nothing inside it is reused,
   * so freeing objects one by one would only cost time, and a run that ended
   * mid-way (a limit, an exit) may hold objects QuickJS would refuse to free.
   * The memory goes back to the system when the thread's collector finds the
   * sandbox unreachable.
   */
  dispose(): void {
    this.discarded = true;
  }

  private async runProgram(run: RunState): Promise<EngineResult> {
    const { api, rt, rejections } = this.parts;
    const { spec, meter } = run;
    this.parts.instance.timeZone.set(spec.process.env.TZ);
    api.call("configure", newGuestString(api.ctx, guestConfigJson(spec)));
    meter.fuel = 0;
    const loop = new EventLoop(api, rt, rejections, run);

    let moduleResult: QuickJSHandle | null = null;
    let failure = this.evaluateMain(spec, (handle) => (moduleResult = handle));
    if (failure !== undefined && !stoppedResult(run)) failure = loop.rescue(failure);
    if (failure === undefined) failure = await loop.untilDone();
    if (failure === undefined && moduleResult !== null) failure = this.settleModule(moduleResult);

    const stop = stoppedResult(run);
    if (stop) return stop;
    if (failure !== undefined) return uncaughtResult(api, run, failure);

    // The 'exit' event, as Node emits it at the natural end of a program.
    const exitHandle = api.call("emitExit");
    if ("error" in exitHandle) return stoppedResult(run) ?? uncaughtResult(api, run, exitHandle.error!);
    const code = api.ctx.getNumber(exitHandle.value);
    exitHandle.value.dispose();
    const exited = stoppedResult(run);
    if (exited) return exited;

    const result: EngineResult = { code, fuel: meter.fuel, cpuTimeMs: meter.cpuTimeMs };
    if (spec.mode === "run") copyExports(api, run, result, moduleResult);
    if (moduleResult) (moduleResult as QuickJSHandle).dispose();
    return stoppedResult(run) ?? result;
  }

  /** Evaluates the main program as CommonJS or as an ES module; returns the error handle on failure. */
  private evaluateMain(spec: RunSpec, setModule: (handle: QuickJSHandle) => void): QuickJSHandle | undefined {
    const { api } = this.parts;
    const { code, filePath } = spec;
    const dirname = filePath.slice(0, filePath.lastIndexOf("/")) || "/";
    const forceModule = filePath.endsWith(".mjs") || filePath.endsWith(".mts");
    const forceScript = filePath.endsWith(".cjs") || filePath.endsWith(".cts");
    if (!forceModule) {
      const wrapped = `${CJS_PREFIX}${code}\n})`;
      const compiled = api.eval(wrapped, filePath);
      if (!("error" in compiled)) {
        const ran = api.call("runMain", compiled.value, api.ctx.newString(filePath), api.ctx.newString(dirname));
        return "error" in ran ? ran.error! : (ran.value.dispose(), undefined);
      }
      if (forceScript || !this.isSyntaxError(compiled.error!) || !MODULE_SYNTAX.test(code)) return compiled.error!;
      compiled.error!.dispose();
    }
    const evaluated = api.eval(withImportMeta(code, filePath), filePath, "module");
    if ("error" in evaluated) return evaluated.error!;
    setModule(evaluated.value);
    // The evaluation promise is the engine's to settle, not an unhandled rejection.
    const marked = api.call("markHandled", evaluated.value.dup());
    if ("error" in marked) return marked.error!;
    marked.value.dispose();
    return undefined;
  }

  /** After the loop: a module's evaluation must have settled; returns the error handle if it failed. */
  private settleModule(handle: QuickJSHandle): QuickJSHandle | undefined {
    const { ctx } = this.parts;
    const state = ctx.getPromiseState(handle);
    if (state.type === "fulfilled") {
      if (!state.notAPromise) state.value.dispose();
      return undefined;
    }
    if (state.type === "rejected") return state.error;
    return ctx.newError("Detected unsettled top-level await");
  }

  private isSyntaxError(error: QuickJSHandle): boolean {
    const { ctx } = this.parts;
    using name = ctx.getProp(error, "name");
    return ctx.typeof(name) === "string" && ctx.getString(name) === "SyntaxError";
  }
}

/** What a live module gets of its sandbox: the parts and the sandbox's way of evaluating the main program. */
export interface LiveParts {
  parts: SandboxParts;
  /** Evaluates the main program as CommonJS or as an ES module; returns the error handle on failure. */
  evaluateMain(spec: RunSpec, setModule: (handle: QuickJSHandle) => void): QuickJSHandle | undefined;
  /** A module's evaluation must have settled; returns the error handle if it failed. */
  settleModule(handle: QuickJSHandle): QuickJSHandle | undefined;
  /** Marks the sandbox as never to be reused (a fault). */
  discard(): void;
}

/**
 * What the prelude's `configure` receives for a run. The builtins' names are
 * not in it: they are the same in every run, and the prelude got them when
 * the sandbox was built (`sandbox-image.ts`), so no run parses them again.
 */
export function guestConfig(spec: RunSpec) {
  const stdin = spec.stdin ? new TextDecoder().decode(spec.stdin) : null;
  return { timing: spec.timing, startTime: spec.startTime, randomSeed: spec.randomSeed ?? null, mathEntropy: spec.randomSeed === undefined ? entropyWords() : null, process: spec.process, os: spec.os, stdin, mainFile: spec.filePath, wrapperColumns: CJS_PREFIX.length };
}

/** {@link guestConfig} as JSON, for `configure`. */
export function guestConfigJson(spec: RunSpec): string {
  return JSON.stringify(guestConfig(spec));
}

/** Words of CSPRNG output drawn at once: one call to the system serves 256 runs. */
const ENTROPY_POOL_WORDS = 1024;
let entropyPool = new Int32Array(0);
let entropyUsed = 0;

/** Gives the thread CSPRNG words drawn elsewhere (by the host, for a new thread), handed out before its own pool. */
export function seedEntropy(words: Int32Array<ArrayBuffer>): void {
  entropyPool = words.subarray(0, words.length - (words.length % 4));
  entropyUsed = 0;
}

/**
 * 128 bits from the engine thread's CSPRNG, the state of an unseeded run's
 * Math.random (see polyfills/src/prelude/random.js). Drawn from a pool the
 * CSPRNG fills 4 KiB at a time (each word goes to one run only): asking the
 * system for 16 bytes per run cost more than the rest of `configure`'s input.
 */
function entropyWords(): number[] {
  if (entropyUsed + 4 > entropyPool.length) {
    entropyPool = globalThis.crypto.getRandomValues(new Int32Array(ENTROPY_POOL_WORDS));
    entropyUsed = 0;
  }
  const words = Array.from(entropyPool.subarray(entropyUsed, entropyUsed + 4));
  // Handed out once: the pool keeps no copy of a run's state.
  entropyPool.fill(0, entropyUsed, entropyUsed + 4);
  entropyUsed += 4;
  return words;
}
