/**
 * One sandbox: a QuickJS instance, runtime and context with the guest prelude
 * evaluated, ready to run exactly one program.
 *
 * The engine knows nothing of drivers: everything outside the instance is
 * reached through {@link EngineHost}. A sandbox is made ahead of time (so a run
 * only pays for configuring it) and thrown away after its run: the next run
 * gets a fresh instance, so nothing a program did survives it.
 * @module
 */
import { Lifetime, QuickJSRuntime, type QuickJSContext, type QuickJSHandle } from "quickjs-emscripten-core";
import { createInstance, GuestHeapExhausted, type EngineInstance } from "./instance.js";
import { CpuMeter } from "./cpu-meter.js";
import { EXIT, MIN_MEMORY_MB, type EngineResult, type HostEvent, type OpOutcome, type RunSpec, type SerializedError } from "./protocol.js";
import { installRejectionTracker, reattachRejectionTracker } from "./rejection-tracker.js";
import { captureMemory, restoreMemory, usedPages, type MemoryImage } from "./memory-image.js";
import { guestError, toGuest, toHost } from "./marshal.js";
import { serializeError } from "../errors.js";
import { builtinModuleName, cjsModuleSource, missingModule, moduleSource, notFoundMessage } from "./modules.js";
import { GUEST_BUILTINS, GUEST_PRELUDE } from "./guest-sources.generated.js";

/**
 * QuickJS stack limit on a thread with a large native stack (Node's engine
 * workers): far below it, so deep recursion is a guest error. A thread with a
 * smaller native stack passes its own, smaller limit to `Sandbox.create`.
 */
export const MAX_STACK_BYTES = 256 * 1024;

/** What the engine needs from the thread it runs on. */
export interface EngineHost {
  /** Delivers guest output. */
  stdio(channel: "stdout" | "stderr", message: string): void;
  /** Runs a host op and waits for it (the guest is blocked meanwhile). */
  callSync(op: string, args: unknown[]): OpOutcome;
  /** Starts a host op without waiting; its outcome comes back as an event for `id`. */
  submit(id: number, op: string, args: unknown[]): void;
  /** The host events that arrived since the last call, in order. */
  takeEvents(): HostEvent[];
  /** Resolves after `ms`, or as soon as an event arrives or the run is asked to stop. */
  wait(ms: number): Promise<void>;
  /** Shared control slots (see `CONTROL`). */
  readonly control: Int32Array;
  /** Shared meter slots read by the watchdog (see `METER`). */
  readonly meter: Float64Array;
}

/** Raised when the engine itself failed; the instance must be discarded, never reused. */
export class EngineFault extends Error {
  override name = "EngineFault";
}

/** The guest's handle on its scheduler and module runner, returned by the prelude. */
/** A function the prelude calls on the host: guest handles in, a guest handle (or a guest error) out. */
type HostFunction = (...args: QuickJSHandle[]) => QuickJSHandle | undefined | { error: QuickJSHandle };

type GuestApi = {
  handle: QuickJSHandle;
  fns: Record<string, QuickJSHandle>;
};

const API_FUNCTIONS = [
  "configure", "runMain", "mainExports", "builtinExportNames", "runTicks", "nextTimerAt", "hasRefs",
  "runTimer", "immediateBatch", "runImmediate", "exitCode", "isExitSignal", "emitExit", "formatError", "serialize",
  "unhandledRejection", "markHandled", "cjsExportNames", "hostError", "uncaughtException", "emitBeforeExit", "deliver",
] as const;

const MODULE_SYNTAX = /(^|[\s;})])(import\s*[\w{*"'.(]|export\s|await\s)/m;

/** Per-run state that the prelude's host functions close over. */
interface RunState {
  spec: RunSpec;
  host: EngineHost;
  meter: CpuMeter;
  t0: number;
  exitCode: number | null;
}

/** A prepared QuickJS sandbox for one run. */
export class Sandbox {
  private run: RunState | null = null;
  /** Rejected promises without a handler yet, by JSValue; checked when the microtask queue drains. */
  private readonly rejections = new Map<bigint, { promise: QuickJSHandle; reason: QuickJSHandle }>();
  /** An 8-byte heap cell used to turn a tracker's JSValue into a handle. */
  private scratch = 0;
  /** The rejection tracker's index in the function table. */
  private tracker = 0;
  /** The host-reference id of the first host function. */
  private firstHostRef = 0;
  private used = false;
  /** How each file-backed ES module import resolved (by module name): `module`, `commonjs`, `json`, `addon`. */
  private readonly moduleFormats = new Map<string, string>();
  /** Host events taken from the host but not delivered yet. */
  private readonly events: HostEvent[] = [];
  /** Set when a host-level fault happened inside QuickJS: the instance is in an unknown state. */
  poisoned = false;

  private constructor(
    readonly instance: EngineInstance,
    private readonly rt: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
    private readonly api: GuestApi,
  ) {}

  /** The memory limit (MiB) this sandbox was made for. */
  get memoryLimitMb(): number {
    return this.instance.memoryLimitMb;
  }

  /**
   * A prepared sandbox: a fresh instance with runtime, context and the
   * prelude evaluated. The first one for a module is built by evaluating the
   * prelude; its memory is then captured, and later ones restore that image
   * into their fresh instance (the state is the same in every fresh sandbox),
   * which skips compiling the prelude.
   */
  static async create(wasmModule: WebAssembly.Module, memoryLimitMb: number, maxStackBytes = MAX_STACK_BYTES): Promise<Sandbox> {
    const instance = await createInstance(wasmModule, memoryLimitMb);
    const image = images.get(wasmModule);
    if (image) {
      try {
        return Sandbox.restore(instance, image);
      } catch {
        // Not expected; never retried: this thread builds every sandbox from now on.
        images.delete(wasmModule);
        failedImages.add(wasmModule);
        return Sandbox.create(wasmModule, memoryLimitMb, maxStackBytes);
      }
    }
    const dirty = usedPages(instance.memory);
    const sandbox = Sandbox.build(instance, maxStackBytes);
    if (instance.memory.buffer.byteLength === IMAGE_INITIAL_BYTES && !failedImages.has(wasmModule)) {
      images.set(wasmModule, sandbox.capture(dirty));
    }
    return sandbox;
  }

  /**
   * The host functions the prelude receives, in a fixed order (restoring relies on it).
   * Each is guarded: a host-side copy that finds the guest's heap full (at the
   * memory limit) ends the run with the memory limit rather than unwinding
   * through the engine's callback glue, which would itself need heap to report it.
   */
  private static hostFunctions(
    self: () => Sandbox,
    ctx: QuickJSContext,
    instance: EngineInstance,
  ): Array<[string, HostFunction]> {
    const guard =
      (impl: HostFunction): HostFunction =>
      (...args) => {
        try {
          return impl(...args);
        } catch (error) {
          if (!(error instanceof GuestHeapExhausted)) throw error;
          self()?.run?.meter.requestStop("memory");
          return undefined;
        }
      };
    const functions: Array<[string, HostFunction]> = [
      ["stdio", (channel, data) => self().hostStdio(channel!, data!)],
      ["exit", (code) => self().hostExit(code!)],
      ["builtin", (name, probe) => self().hostBuiltin(name!, probe)],
      ["now", () => ctx.newNumber(self().now())],
      ["memory", () => ctx.newNumber(instance.memory.buffer.byteLength)],
      ["call", (op, ...args) => self().hostCall(op!, args)],
      ["callBytes", (op, index, bytes, ...args) => self().hostCall(op!, args, index, bytes)],
      ["compile", (source, filename) => self().hostCompile(source!, filename!)],
      ["submit", (id, op, index, bytes, ...args) => self().hostSubmit(id!, op!, index!, bytes, args)],
    ];
    return functions.map(([name, impl]) => [name, guard(impl)]);
  }

  /** Builds a sandbox by evaluating the prelude. */
  private static build(instance: EngineInstance, maxStackBytes: number): Sandbox {
    const rt = instance.quickjs.newRuntime();
    rt.setMaxStackSize(maxStackBytes);
    let sandbox: Sandbox | null = null;
    const tracker = installRejectionTracker(instance.exports, instance.memory, rt, (_ctx, promise, reason, handled) =>
      sandbox?.trackRejection(promise, reason, handled !== 0),
    );
    const ctx = rt.newContext();
    const firstHostRef = internals(rt).hostRefs.nextId;
    const hostObject = ctx.newObject();
    try {
      for (const [name, impl] of Sandbox.hostFunctions(() => sandbox!, ctx, instance)) {
        const fn = ctx.newFunction(name, impl);
        ctx.setProp(hostObject, name, fn);
        fn.dispose();
      }
      const factory = ctx.unwrapResult(ctx.evalCode(GUEST_PRELUDE, "node:internal/prelude"));
      const apiHandle = ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, hostObject));
      factory.dispose();
      const api: GuestApi = { handle: apiHandle, fns: {} };
      for (const name of API_FUNCTIONS) api.fns[name] = ctx.getProp(apiHandle, name);
      sandbox = new Sandbox(instance, rt, ctx, api);
      sandbox.scratch = (instance.quickjs as unknown as { module: { _malloc(n: number): number } }).module._malloc(8);
      sandbox.tracker = tracker;
      sandbox.firstHostRef = firstHostRef;
      sandbox.finish();
      return sandbox;
    } finally {
      hostObject.dispose();
    }
  }

  /** Reproduces the captured sandbox in a fresh instance. */
  private static restore(instance: EngineInstance, image: SandboxImage): Sandbox {
    restoreMemory(instance.memory, image.memory, image.dirty);
    const quickjs = instance.quickjs as unknown as { module: unknown; callbacks: { deleteRuntime(p: number): void }; ffi: { QTS_FreeRuntime(p: number): void } };
    const rt = new QuickJSRuntime({
      module: quickjs.module,
      callbacks: quickjs.callbacks,
      ffi: quickjs.ffi,
      rt: new Lifetime(image.runtime, undefined, (pointer: number) => {
        quickjs.ffi.QTS_FreeRuntime(pointer);
        quickjs.callbacks.deleteRuntime(pointer);
      }),
    } as never);
    // The image's runtime has its interrupt handler enabled; answer it until a run installs its own.
    rt.setInterruptHandler(() => false);
    let sandbox: Sandbox | null = null;
    reattachRejectionTracker(instance.exports, image.tracker, (_ctx, promise, reason, handled) => sandbox?.trackRejection(promise, reason, handled !== 0));
    const ctx = rt.newContext({ contextPointer: image.context } as never);
    const hostRefs = internals(rt).hostRefs;
    if (hostRefs.nextId !== image.firstHostRef) throw new Error("quickexec: host references do not line up with the image");
    for (const [, impl] of Sandbox.hostFunctions(() => sandbox!, ctx, instance)) hostRefs.put(impl);
    const memory = (ctx as unknown as { memory: { heapValueHandle(ptr: number): QuickJSHandle } }).memory;
    const api: GuestApi = { handle: memory.heapValueHandle(image.api), fns: {} };
    API_FUNCTIONS.forEach((name, i) => (api.fns[name] = memory.heapValueHandle(image.fns[i]!)));
    sandbox = new Sandbox(instance, rt, ctx, api);
    sandbox.scratch = image.scratch;
    sandbox.tracker = image.tracker;
    sandbox.firstHostRef = image.firstHostRef;
    sandbox.finish();
    return sandbox;
  }

  /** What a sandbox needs besides its memory: the module loader. */
  private finish(): void {
    this.rt.setModuleLoader(
      (name) => this.loadModule(name),
      (base, requested) => this.normalizeModule(base, requested),
    );
  }

  /** Captures this freshly built sandbox, for {@link Sandbox.restore}. */
  private capture(dirty: number[]): SandboxImage {
    const pointer = (h: QuickJSHandle) => h.value as unknown as number;
    return {
      memory: captureMemory(this.instance.memory),
      dirty,
      runtime: (this.rt as unknown as { rt: { value: number } }).rt.value,
      context: (this.ctx as unknown as { ctx: { value: number } }).ctx.value,
      api: pointer(this.api.handle),
      fns: API_FUNCTIONS.map((name) => pointer(this.api.fns[name]!)),
      scratch: this.scratch,
      tracker: this.tracker,
      firstHostRef: this.firstHostRef,
    };
  }

  /** Runs one program to completion and reports how it ended. Call once. */
  async execute(spec: RunSpec, host: EngineHost): Promise<EngineResult> {
    if (this.used) throw new Error("a sandbox runs one program only");
    this.used = true;
    const meter = new CpuMeter(spec.cpuTimeLimitMs, this.instance.heapExhausted, host.control, host.meter);
    this.rt.setInterruptHandler(meter.interrupt);
    const run: RunState = { spec, host, meter, t0: performance.now(), exitCode: null };
    this.run = run;
    let result: EngineResult;
    // The whole run is charged, not only guest code: the engine's work for the
    // guest counts too, so a run stuck in the engine still meets the limit.
    meter.enter();
    try {
      result = await this.runProgram(run);
    } catch (error) {
      if (!(error instanceof EngineFault)) this.poisoned = true;
      result = this.stopped(run) ?? {
        code: EXIT.ENGINE_FAILURE,
        errorMessage: `The sandbox engine failed: ${error instanceof Error ? error.message : String(error)}`,
        fuel: meter.fuel,
        cpuTimeMs: meter.cpuTimeMs,
      };
      this.poisoned = true;
    } finally {
      meter.leave();
    }
    this.run = null;
    return result;
  }

  /** Bytes of linear memory the instance holds now (it only ever grows). */
  get memoryBytes(): number {
    return this.instance.memory.buffer.byteLength;
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
    this.poisoned = true;
  }

  // ---- the run -----------------------------------------------------------------

  private async runProgram(run: RunState): Promise<EngineResult> {
    const { spec, meter } = run;
    this.callApi("configure", this.ctx.newString(JSON.stringify(guestConfig(spec))));
    meter.fuel = 0;

    let moduleResult: QuickJSHandle | null = null;
    let failure = this.evaluateMain(spec, (handle) => (moduleResult = handle));
    if (failure !== undefined && !this.stopped(run)) failure = this.rescue(failure);
    if (failure === undefined) failure = await this.eventLoop(run);
    if (failure === undefined && moduleResult !== null) failure = this.settleModule(moduleResult);

    const stop = this.stopped(run);
    if (stop) return stop;
    if (failure !== undefined) return this.uncaught(run, failure);

    // The 'exit' event, as Node emits it at the natural end of a program.
    const exitHandle = this.callGuard(this.api.fns.emitExit!, []);
    if ("error" in exitHandle) return this.stopped(run) ?? this.uncaught(run, exitHandle.error!);
    const code = this.ctx.getNumber(exitHandle.value);
    exitHandle.value.dispose();
    const exited = this.stopped(run);
    if (exited) return exited;

    const result: EngineResult = { code, fuel: meter.fuel, cpuTimeMs: meter.cpuTimeMs };
    if (spec.mode === "run") this.copyExports(run, result, moduleResult);
    if (moduleResult) (moduleResult as QuickJSHandle).dispose();
    return this.stopped(run) ?? result;
  }

  /** Evaluates the main program as CommonJS or as an ES module; returns the error handle on failure. */
  private evaluateMain(spec: RunSpec, setModule: (handle: QuickJSHandle) => void): QuickJSHandle | undefined {
    const { code, filePath } = spec;
    const dirname = filePath.slice(0, filePath.lastIndexOf("/")) || "/";
    const forceModule = filePath.endsWith(".mjs");
    const forceScript = filePath.endsWith(".cjs");
    if (!forceModule) {
      const wrapped = `${CJS_PREFIX}${code}\n})`;
      const compiled = this.evalGuard(wrapped, filePath);
      if (!("error" in compiled)) {
        const args = [compiled.value, this.ctx.newString(filePath), this.ctx.newString(dirname)];
        const ran = this.callApi("runMain", ...args);
        return "error" in ran ? ran.error! : (ran.value.dispose(), undefined);
      }
      if (forceScript || !this.isSyntaxError(compiled.error!) || !MODULE_SYNTAX.test(code)) return compiled.error!;
      compiled.error!.dispose();
    }
    const evaluated = this.evalGuard(withImportMeta(code, filePath), filePath, "module");
    if ("error" in evaluated) return evaluated.error!;
    setModule(evaluated.value);
    // The evaluation promise is the engine's to settle, not an unhandled rejection.
    const marked = this.callApi("markHandled", evaluated.value.dup());
    if ("error" in marked) return marked.error!;
    marked.value.dispose();
    return undefined;
  }

  /** After the loop: a module's evaluation must have settled; returns the error handle if it failed. */
  private settleModule(handle: QuickJSHandle): QuickJSHandle | undefined {
    const state = this.ctx.getPromiseState(handle);
    if (state.type === "fulfilled") {
      if (!state.notAPromise) state.value.dispose();
      return undefined;
    }
    if (state.type === "rejected") return state.error;
    return this.ctx.newError("Detected unsettled top-level await");
  }

  private isSyntaxError(error: QuickJSHandle): boolean {
    const name = this.ctx.getProp(error, "name");
    const isSyntax = this.ctx.typeof(name) === "string" && this.ctx.getString(name) === "SyntaxError";
    name.dispose();
    return isSyntax;
  }

  /**
   * Node's event loop: timers, then immediates, with nextTicks and microtasks
   * drained after every callback; waits while timers or host work are pending.
   * Returns the error handle of an uncaught exception, if any.
   */
  private async eventLoop(run: RunState): Promise<QuickJSHandle | undefined> {
    for (;;) {
      const failure = await this.loopUntilIdle(run);
      if (this.stopped(run)) return failure;
      if (failure !== undefined) {
        const unhandled = this.rescue(failure);
        if (unhandled === undefined) continue;
        return unhandled;
      }
      // The loop ran dry: "beforeExit" listeners may give it more to do.
      const ran = this.callApi("emitBeforeExit");
      if ("error" in ran) {
        const unhandled = this.rescue(ran.error!);
        if (unhandled === undefined) continue;
        return unhandled;
      }
      const listened = this.ctx.dump(ran.value) === true;
      ran.value.dispose();
      if (!listened || !(await this.hasWork())) return undefined;
    }
  }

  /** Whether ticks, microtasks, immediates or ref'd timers are pending. */
  private async hasWork(): Promise<boolean> {
    if (this.rt.hasPendingJob()) return true;
    const refs = this.callApi("hasRefs");
    const immediates = this.callNumber("immediateBatch");
    const alive = !("error" in refs) && this.ctx.dump(refs.value) === true;
    if (!("error" in refs)) refs.value.dispose();
    else refs.error!.dispose();
    return alive || (typeof immediates === "number" ? immediates > 0 : (immediates.dispose(), false));
  }

  /**
   * Offers an uncaught exception to "uncaughtException" listeners: undefined
   * if one took it, else the error that ends the program (the listener's own
   * if it threw, as in Node).
   */
  private rescue(error: QuickJSHandle): QuickJSHandle | undefined {
    const taken = this.callApi("uncaughtException", error.dup());
    if ("error" in taken) {
      error.dispose();
      return taken.error!;
    }
    const handled = this.ctx.dump(taken.value) === true;
    taken.value.dispose();
    if (!handled) return error;
    error.dispose();
    return undefined;
  }

  /** Runs timers and immediates until nothing keeps the loop alive or an exception escapes. */
  private async loopUntilIdle(run: RunState): Promise<QuickJSHandle | undefined> {
    let failure = this.drain();
    while (failure === undefined && !this.stopped(run)) {
      const now = this.now();
      for (;;) {
        const ran = this.callNumber("runTimer", this.ctx.newNumber(now));
        if (typeof ran !== "number") return ran;
        if (ran === 0) break;
        if ((failure = this.drain()) !== undefined || this.stopped(run)) return failure;
      }
      // The poll phase: what the host reported (async ops settled, child output, requests).
      if ((failure = this.deliverEvents(run)) !== undefined || this.stopped(run)) return failure;
      const batch = this.callNumber("immediateBatch");
      if (typeof batch !== "number") return batch;
      for (let i = 0; i < batch; i++) {
        const ran = this.callApi("runImmediate");
        if ("error" in ran) return ran.error!;
        ran.value.dispose();
        if ((failure = this.drain()) !== undefined || this.stopped(run)) return failure;
      }
      const pendingImmediates = this.callNumber("immediateBatch");
      if (typeof pendingImmediates !== "number") return pendingImmediates;
      if (pendingImmediates > 0) continue;
      const refs = this.callApi("hasRefs");
      if ("error" in refs) return refs.error!;
      const alive = this.ctx.dump(refs.value) === true;
      refs.value.dispose();
      if (!alive) return undefined;
      if (this.events.length > 0) continue;
      const next = this.callNumber("nextTimerAt");
      if (typeof next !== "number") return next;
      // `next` comes from the guest's scheduler: a tampered one must not make the engine spin or hang.
      const delay = next === -1 ? IDLE_WAIT_MS : Number.isFinite(next) && next >= 0 ? Math.min(Math.max(0, next - this.now()), IDLE_WAIT_MS) : 1000;
      if (delay > 0) {
        await run.meter.pausedWhile(() => run.host.wait(delay));
        this.events.push(...run.host.takeEvents());
      }
    }
    return failure;
  }

  /** Delivers the host events that arrived, each as a loop callback followed by ticks and microtasks. */
  private deliverEvents(run: RunState): QuickJSHandle | undefined {
    this.events.push(...run.host.takeEvents());
    while (this.events.length > 0) {
      const event = this.events.shift()!;
      const value = event.value === undefined ? this.ctx.undefined : toGuest(this.ctx, event.value);
      const ran = this.callApi("deliver", this.ctx.newNumber(event.target), this.ctx.newString(event.name), value);
      if ("error" in ran) return ran.error!;
      ran.value.dispose();
      const failure = this.drain();
      if (failure !== undefined || this.stopped(run)) return failure;
    }
    return undefined;
  }

  /**
   * Runs nextTicks and microtasks until both queues are empty, then deals
   * with promises rejected without a handler, as Node does at that point:
   * `process.on("unhandledRejection")` listeners get them, otherwise the
   * first one is the program's uncaught error.
   */
  private drain(): QuickJSHandle | undefined {
    for (;;) {
      const ticks = this.callNumber("runTicks");
      if (typeof ticks !== "number") return ticks;
      const jobs = this.runJobs();
      if (typeof jobs !== "number") return jobs;
      if (this.run && this.stopped(this.run)) return undefined;
      if (ticks !== 0 || jobs !== 0) continue;
      if (this.rejections.size === 0) return undefined;
      const pending = [...this.rejections.values()];
      this.rejections.clear();
      for (let i = 0; i < pending.length; i++) {
        const { promise, reason } = pending[i]!;
        const outcome = this.callApi("unhandledRejection", reason, promise);
        const failure = "error" in outcome ? outcome.error! : this.ctx.typeof(outcome.value) === "undefined" ? undefined : outcome.value;
        if (failure === undefined) {
          if (!("error" in outcome)) outcome.value.dispose();
          continue;
        }
        for (const rest of pending.slice(i + 1)) {
          rest.promise.dispose();
          rest.reason.dispose();
        }
        return failure;
      }
    }
  }

  /** The tracker: QuickJS reports a rejection without handlers, or a handler added later. */
  private trackRejection(promise: bigint, reason: bigint, handled: boolean): void {
    if (!handled) {
      if (this.rejections.has(promise)) return;
      const promiseHandle = this.handleOf(promise);
      const reasonHandle = this.handleOf(reason);
      // Out of memory: the run is ending with the memory limit anyway.
      if (promiseHandle && reasonHandle) this.rejections.set(promise, { promise: promiseHandle, reason: reasonHandle });
      return;
    }
    const entry = this.rejections.get(promise);
    if (!entry) return;
    this.rejections.delete(promise);
    entry.promise.dispose();
    entry.reason.dispose();
  }

  /** A new handle (a counted reference) for a JSValue the tracker was given; null if the heap is full. */
  private handleOf(value: bigint): QuickJSHandle | null {
    new DataView(this.instance.memory.buffer).setBigInt64(this.scratch, value, true);
    const ffi = this.instance.quickjs.getFFI() as unknown as { QTS_DupValuePointer(ctx: number, ptr: number): number };
    const ctxPointer = (this.ctx as unknown as { ctx: { value: number } }).ctx.value;
    const pointer = ffi.QTS_DupValuePointer(ctxPointer, this.scratch);
    if (pointer === 0) return null;
    const memory = (this.ctx as unknown as { memory: { heapValueHandle(ptr: number): QuickJSHandle } }).memory;
    return memory.heapValueHandle(pointer);
  }

  private runJobs(): number | QuickJSHandle {
    try {
      const result = this.rt.executePendingJobs(-1);
      if ("error" in result && result.error) return result.error;
      return result.value as number;
    } catch (error) {
      throw this.fault(error);
    }
  }

  // ---- ending ------------------------------------------------------------------

  /** The result for a run that a limit, `process.exit` or a stop request ended, if one did. */
  private stopped(run: RunState): EngineResult | null {
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
      case "terminated":
        return { ...base, code: EXIT.TERMINATED, errorMessage: "The run was terminated" };
      case "exit":
        return { ...base, code: run.exitCode ?? 0 };
    }
  }

  private uncaught(run: RunState, error: QuickJSHandle): EngineResult {
    let message = "Uncaught exception";
    const isExit = this.callApi("isExitSignal", error.dup());
    if (!("error" in isExit)) {
      const exit = this.ctx.dump(isExit.value) === true;
      isExit.value.dispose();
      if (exit) {
        error.dispose();
        return this.stopped(run) ?? { code: run.exitCode ?? 0, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
      }
    } else isExit.error!.dispose();
    const formatted = this.callApi("formatError", error);
    if (!("error" in formatted)) {
      message = this.ctx.getString(formatted.value);
      formatted.value.dispose();
    } else formatted.error!.dispose();
    const stop = this.stopped(run);
    if (stop) return stop;
    if (run.spec.stdio) run.host.stdio("stderr", message + "\n");
    // As in Node, "exit" listeners still run (with code 1) after a fatal exception; what they throw is ignored.
    const exited = this.callApi("emitExit", this.ctx.newNumber(EXIT.UNCAUGHT));
    if ("error" in exited) exited.error!.dispose();
    else exited.value.dispose();
    return this.stopped(run) ?? { code: EXIT.UNCAUGHT, errorMessage: message, fuel: run.meter.fuel, cpuTimeMs: run.meter.cpuTimeMs };
  }

  private copyExports(run: RunState, result: EngineResult, moduleResult: QuickJSHandle | null): void {
    let value: QuickJSHandle;
    if (moduleResult) {
      // The namespace itself, or the fulfilled value of a module with top-level await.
      const state = this.ctx.getPromiseState(moduleResult);
      value = state.type !== "fulfilled" ? this.ctx.undefined : state.notAPromise ? moduleResult.dup() : state.value;
    } else {
      const got = this.callApi("mainExports");
      if ("error" in got) {
        got.error!.dispose();
        return;
      }
      value = got.value;
    }
    const text = this.callApi("serialize", value);
    if ("error" in text) {
      const stop = this.stopped(run);
      if (stop) return void Object.assign(result, stop);
      const message = this.errorText(text.error!);
      Object.assign(result, { code: EXIT.UNCAUGHT, errorMessage: `The program's exports could not be copied out of the sandbox: ${message}` });
      return;
    }
    result.exportsJson = this.ctx.getString(text.value);
    text.value.dispose();
  }

  private errorText(error: QuickJSHandle): string {
    try {
      const message = this.ctx.getProp(error, "message");
      const text = this.ctx.typeof(message) === "string" ? this.ctx.getString(message) : "unknown error";
      message.dispose();
      return text;
    } finally {
      error.dispose();
    }
  }

  // ---- calling into the guest ---------------------------------------------------

  /** Calls a prelude API function; consumes the argument handles. */
  private callApi(name: (typeof API_FUNCTIONS)[number], ...args: QuickJSHandle[]) {
    try {
      return this.callGuard(this.api.fns[name]!, args);
    } finally {
      for (const arg of args) if (arg.alive) arg.dispose();
    }
  }

  /** Calls an API function that returns a number; returns the error handle on failure. */
  private callNumber(name: (typeof API_FUNCTIONS)[number], ...args: QuickJSHandle[]): number | QuickJSHandle {
    const result = this.callApi(name, ...args);
    if ("error" in result) return result.error!;
    const n = this.ctx.getNumber(result.value);
    result.value.dispose();
    return n;
  }

  private callGuard(fn: QuickJSHandle, args: QuickJSHandle[]) {
    try {
      return this.ctx.callFunction(fn, this.ctx.undefined, ...args);
    } catch (error) {
      throw this.fault(error);
    }
  }

  private evalGuard(code: string, filename: string, type: "global" | "module" = "global") {
    try {
      return this.ctx.evalCode(code, filename, { type, strict: false });
    } catch (error) {
      throw this.fault(error);
    }
  }

  /** A host-level exception while QuickJS ran: the instance is no longer trustworthy. */
  private fault(error: unknown): EngineFault {
    this.poisoned = true;
    if (error instanceof EngineFault) return error;
    return new EngineFault(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }

  private now(): number {
    return this.run ? performance.now() - this.run.t0 : 0;
  }

  // ---- host functions the prelude calls -------------------------------------

  private hostStdio(channel: QuickJSHandle, data: QuickJSHandle): undefined {
    const run = this.run;
    if (!run || !run.spec.stdio) return undefined;
    const name = this.ctx.getString(channel) === "stderr" ? "stderr" : "stdout";
    let text: string;
    // Whole strings: the engine's own string copy would end at the first NUL.
    if (this.ctx.typeof(data) === "string") text = toHost(this.ctx, data) as string;
    else {
      using bytes = this.ctx.getArrayBuffer(data);
      text = new TextDecoder().decode(bytes.value);
    }
    // Waiting for a slow output hook (backpressure) is the host's time, not the guest's.
    run.meter.paused(() => run.host.stdio(name, text));
    return undefined;
  }

  private hostExit(code: QuickJSHandle): undefined {
    const run = this.run;
    if (!run) return undefined;
    run.exitCode = this.ctx.getNumber(code) & 0xff;
    run.meter.requestStop("exit");
    return undefined;
  }

  private hostBuiltin(nameHandle: QuickJSHandle, probe: QuickJSHandle | undefined): QuickJSHandle | { error: QuickJSHandle } {
    const name = this.ctx.getString(nameHandle);
    const source = Object.prototype.hasOwnProperty.call(GUEST_BUILTINS, name) ? GUEST_BUILTINS[name] : undefined;
    if (probe && this.ctx.dump(probe)) return source === undefined ? this.ctx.false : this.ctx.true;
    if (source === undefined) return this.ctx.undefined;
    const result = this.ctx.evalCode(source, `node:${name}`);
    return "error" in result ? { error: result.error! } : result.value;
  }

  /**
   * A guest op call. `callBytes` passes one ArrayBuffer besides the plain
   * arguments (`bytes`, inserted at `index`): bytes move as bytes, never as strings.
   */
  private hostCall(opHandle: QuickJSHandle, argHandles: QuickJSHandle[], index?: QuickJSHandle, bytes?: QuickJSHandle): QuickJSHandle | { error: QuickJSHandle } {
    const op = this.ctx.getString(opHandle);
    const args = argHandles.map((h) => toHost(this.ctx, h));
    if (bytes !== undefined) {
      using view = this.ctx.getArrayBuffer(bytes);
      args.splice(this.ctx.getNumber(index!), 0, view.value.slice());
    }
    // Reading the arguments needed heap the guest no longer has: what was read may be incomplete, so nothing runs.
    if (this.instance.heapExhausted()) throw new GuestHeapExhausted(0);
    const outcome = this.callOp(op, args);
    return outcome.ok ? toGuest(this.ctx, outcome.value) : { error: this.guestError(outcome.error) };
  }

  /** A guest async op call: the host starts it, and its outcome arrives later as an event for `id`. */
  private hostSubmit(idHandle: QuickJSHandle, opHandle: QuickJSHandle, index: QuickJSHandle, bytes: QuickJSHandle | undefined, argHandles: QuickJSHandle[]): undefined | { error: QuickJSHandle } {
    const run = this.run;
    if (!run || run.meter.stopReason !== null) return { error: this.ctx.newError("The sandbox is shutting down") };
    const id = this.ctx.getNumber(idHandle);
    const op = this.ctx.getString(opHandle);
    const args = argHandles.map((h) => toHost(this.ctx, h));
    const at = this.ctx.getNumber(index);
    if (at >= 0 && bytes !== undefined) {
      using view = this.ctx.getArrayBuffer(bytes);
      args.splice(at, 0, view.value.slice());
    }
    if (this.instance.heapExhausted()) throw new GuestHeapExhausted(0);
    const refused = refusal(run.spec, op);
    if (refused) this.events.push({ target: id, name: "error", value: refused });
    else run.host.submit(id, op, args);
    return undefined;
  }

  /** A guest error for a failed op, made by the guest itself so it looks like Node's (own keys, class, stack). */
  private guestError(error: SerializedError): QuickJSHandle {
    const made = this.callApi("hostError", this.ctx.newString(JSON.stringify(error)));
    if (!("error" in made)) return made.value;
    made.error!.dispose();
    return guestError(this.ctx, error);
  }

  /** Runs a host op while the guest waits; the CPU meter does not count the wait. */
  private callOp(op: string, args: unknown[]): OpOutcome {
    const run = this.run;
    if (!run || run.meter.stopReason !== null) return { ok: false, error: { name: "Error", message: "The sandbox is shutting down" } };
    const refused = refusal(run.spec, op);
    if (refused) return { ok: false, error: refused };
    return run.meter.paused(() => run.host.callSync(op, args));
  }

  /** Compiles a CommonJS module's source into its wrapper function (line numbers stay the file's). */
  private hostCompile(sourceHandle: QuickJSHandle, filenameHandle: QuickJSHandle): QuickJSHandle | { error: QuickJSHandle } {
    const filename = this.ctx.getString(filenameHandle);
    let source = this.ctx.getString(sourceHandle);
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (source.startsWith("#!")) source = "//" + source.slice(2);
    const result = this.ctx.evalCode(`${CJS_PREFIX}${source}\n})`, filename, { type: "global", strict: false });
    return "error" in result ? { error: result.error! } : result.value;
  }

  // ---- ES modules --------------------------------------------------------------

  /** Names a module: builtins become `node:<name>`, files their real path (resolved by the host). */
  private normalizeModule(base: string, requested: string): string {
    const builtin = builtinModuleName(requested);
    if (builtin !== null) return builtin;
    if (requested.startsWith("node:")) return missingModule(`No such built-in module: ${requested}`, "ERR_UNKNOWN_BUILTIN_MODULE");
    const outcome = this.callOp("module.resolve", [requested, base, "import"]);
    if (!outcome.ok) return missingModule(outcome.error.message, outcome.error.code);
    if (outcome.value === null) return missingModule(notFoundMessage(requested, base), "ERR_MODULE_NOT_FOUND");
    const [file, format] = outcome.value as [string, string];
    this.moduleFormats.set(file, format);
    return file;
  }

  private loadModule(name: string): string | { error: QuickJSHandle } {
    const format = this.moduleFormats.get(name);
    let source: string | { error: Error };
    if (format === undefined) source = moduleSource(name, (bare) => this.exportNames("builtinExportNames", bare));
    else if (format === "module") {
      const outcome = this.callOp("module.read", [name]);
      if (!outcome.ok) return { error: this.guestError(outcome.error) };
      source = withImportMeta(outcome.value as string, name);
    } else {
      // CommonJS, JSON and addons load through the guest's require, as Node's ESM loader does.
      try {
        source = cjsModuleSource(name, this.exportNames("cjsExportNames", name));
      } catch (error) {
        source = { error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
    if (typeof source === "string") return source;
    // Made by the guest so the error keeps its code (ERR_MODULE_NOT_FOUND, ...).
    return { error: this.guestError(serializeError(source.error)) };
  }

  /** Named exports of a builtin or a CommonJS module, computed in the guest. */
  private exportNames(fn: "builtinExportNames" | "cjsExportNames", name: string): string[] {
    const names = this.callApi(fn, this.ctx.newString(name));
    if ("error" in names) {
      const error = names.error!;
      const code = this.ctx.getProp(error, "code");
      const codeText = this.ctx.typeof(code) === "string" ? this.ctx.getString(code) : undefined;
      code.dispose();
      throw Object.assign(new Error(this.errorText(error)), codeText ? { code: codeText } : {});
    }
    const list = this.ctx.dump(names.value) as string[];
    names.value.dispose();
    return list;
  }
}

/** Sets `import.meta.url`, `filename` and `dirname` on line 1 of a module, so line numbers stay the file's. */
function withImportMeta(source: string, file: string): string {
  const url = "file://" + encodeURI(file).replace(/[?#]/g, (c) => encodeURIComponent(c));
  const dirname = file.slice(0, file.lastIndexOf("/")) || "/";
  if (source.startsWith("#!")) source = "//" + source.slice(2);
  return `import.meta.url = ${JSON.stringify(url)}; import.meta.filename = ${JSON.stringify(file)}; import.meta.dirname = ${JSON.stringify(dirname)};${source}`;
}

/** The CommonJS wrapper; it shares line 1 with the program so line numbers stay right. */
const CJS_PREFIX = "(function (exports, require, module, __filename, __dirname) {";

/** The bundled builtins the guest can require (internal ones excluded). */
const BUILTIN_NAMES = Object.keys(GUEST_BUILTINS).filter((name) => !name.startsWith("internal/"));

/** A prepared sandbox, captured: its memory and the pointers its wrappers need. */
interface SandboxImage {
  memory: MemoryImage;
  /** Pages a fresh instance writes (static data), zeroed where the image has none. */
  dirty: number[];
  runtime: number;
  context: number;
  api: number;
  fns: number[];
  scratch: number;
  tracker: number;
  firstHostRef: number;
}

/** One image per compiled module (per engine thread). */
const images = new WeakMap<WebAssembly.Module, SandboxImage>();
/** Modules whose image could not be restored. */
const failedImages = new WeakSet<WebAssembly.Module>();

/** An image is taken only while the memory has its initial size, so any fresh instance can hold it. */
const IMAGE_INITIAL_BYTES = MIN_MEMORY_MB * 1048576;

/** quickjs-emscripten's runtime internals used here. */
function internals(rt: QuickJSRuntime): { hostRefs: { nextId: number; put(value: unknown): number } } {
  return rt as unknown as { hostRefs: { nextId: number; put(value: unknown): number } };
}

function guestConfig(spec: RunSpec) {
  const stdin = spec.stdin ? new TextDecoder().decode(spec.stdin) : null;
  return { timing: spec.timing, startTime: spec.startTime, process: spec.process, os: spec.os, stdin, mainFile: spec.filePath, wrapperColumns: CJS_PREFIX.length, builtins: BUILTIN_NAMES };
}

/** The longest single wait of an idle loop (the loop then checks again). */
const IDLE_WAIT_MS = 2 ** 31 - 1;

/** The error the run's spec gives for `op`, if the host refuses that op outright. */
function refusal(spec: RunSpec, op: string): SerializedError | undefined {
  const refused = spec.refusedOps;
  if (!refused) return undefined;
  for (const prefix of Object.keys(refused)) if (op.startsWith(prefix)) return refused[prefix];
  return undefined;
}
