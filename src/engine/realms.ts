/**
 * Realms for `node:vm`: fresh QuickJS contexts in the sandbox's own runtime,
 * so they share its memory cap and its interrupt handler (the CPU limit and
 * the fuel meter). The guest's `vm` builtin reaches them through one engine
 * function, `realm(op, ...args)`, that runs in the engine's thread (no host
 * round trip):
 *
 * - `create()` makes a context and gives `[id, itsGlobalObject]`;
 * - `eval(id, code, filename, timeoutMs)` evaluates a script in context `id`
 *   (0 is the sandbox's own) and gives `[status, value]`: 0 returned `value`,
 *   1 threw `value` (the realm's own error, as it was thrown), 2 timed out,
 *   3 the run is being stopped;
 * - `compile(code, filename)` only parses (throws the SyntaxError, if any);
 * - `free(id)` forgets a context the guest can no longer reach.
 *
 * Values cross between contexts of one runtime as they are (QuickJS values
 * belong to the runtime): a realm's objects keep their own prototypes, so its
 * errors stay its errors. A context's life follows its objects (see
 * `releaseContext`): the engine holds no count on it, so a guest that drops
 * a context lets QuickJS free it, and a sandbox's end drops them all with
 * the instance. Every handle made here is disposed before the call returns.
 * @module
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten-core";
import type { CpuMeter } from "./cpu-meter.js";
import { contextPointer, forgetContext, releaseContext } from "./quickjs-internals.js";

/** What a realm call gives the guest: a value, or a guest error to throw. */
type RealmOutcome = QuickJSHandle | { error: QuickJSHandle };

/**
 * How an `eval` ended, as the first element of its answer. `stopped`: the
 * run is being stopped (a limit, a termination): the guest must not go on,
 * so the guest's `vm` waits in a loop for the interrupt handler to end it
 * (an error passed back through this call could be caught).
 */
const STATUS = { returned: 0, threw: 1, timedOut: 2, stopped: 3 } as const;

/** A context made for the guest, with the address it was made at. */
interface Realm {
  readonly ctx: QuickJSContext;
  readonly pointer: number;
}

/** The realms of one sandbox. */
export class Realms {
  private readonly realms = new Map<number, Realm>();
  private nextId = 1;
  /** Deadlines (performance.now() ms) of the `eval` calls with a timeout in progress, outermost first. */
  private readonly deadlines: number[] = [];
  /** The depth of the deadline that stopped the guest, while the stop unwinds. */
  private expired = -1;
  /** File names of the scripts `node:vm` ran in the sandbox's own context (see {@link isVmScript}). */
  private readonly vmScripts = new Set<string>();

  /**
   * @param quickjs the sandbox's QuickJS module.
   * @param main the sandbox's own context (where the guest's `vm` builtin runs).
   * @param meter the CPU meter of the run in progress, if any.
   */
  constructor(
    private readonly quickjs: QuickJSWASMModule,
    private readonly main: QuickJSContext,
    private readonly meter: () => CpuMeter | null,
  ) {}

  private get rt(): QuickJSRuntime {
    return this.main.runtime;
  }

  /** The engine function `realm(op, ...args)`. */
  call(opHandle: QuickJSHandle, args: QuickJSHandle[]): RealmOutcome | undefined {
    const op = this.main.getString(opHandle);
    switch (op) {
      case "create":
        return this.create();
      case "eval":
        return this.evaluate(this.main.getNumber(args[0]!), this.main.getString(args[1]!), this.main.getString(args[2]!), this.main.getNumber(args[3]!));
      case "compile":
        return this.compile(this.main.getString(args[0]!), this.main.getString(args[1]!));
      case "free":
        this.free(this.main.getNumber(args[0]!));
        return undefined;
      default:
        return { error: this.main.newError(`unknown realm operation ${op}`) };
    }
  }

  /**
   * Whether `filename` names a script `node:vm` ran in the sandbox's own
   * context: an `import()` from it has no loader (Node's
   * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), as from any realm.
   */
  isVmScript(filename: string): boolean {
    return this.vmScripts.has(filename);
  }

  /** How many realms the guest can still reach (for tests and measurements). */
  get size(): number {
    return this.realms.size;
  }

  private create(): RealmOutcome {
    const ctx = this.rt.newContext();
    const id = this.nextId++;
    const pointer = contextPointer(ctx);
    this.realms.set(id, { ctx, pointer });
    const answer = this.main.newArray();
    const global = ctx.evalCode("globalThis", "node:vm", { type: "global" });
    if ("error" in global) {
      // Not expected: a fresh context always has its global object.
      answer.dispose();
      return { error: global.error! };
    }
    using idHandle = this.main.newNumber(id);
    this.main.setProp(answer, 0, idHandle);
    this.main.setProp(answer, 1, global.value);
    global.value.dispose();
    // The answer holds the global object, which holds the context: the engine's own count can go.
    releaseContext(this.quickjs, ctx);
    return answer;
  }

  private evaluate(id: number, code: string, filename: string, timeoutMs: number): RealmOutcome {
    const ctx = id === 0 ? this.main : this.realms.get(id)?.ctx;
    if (!ctx) return { error: this.main.newError(`vm: context ${id} is gone`) };
    if (id === 0) this.vmScripts.add(filename);
    const depth = timeoutMs > 0 ? this.pushDeadline(timeoutMs) : -1;
    let result;
    let expired = false;
    try {
      result = ctx.evalCode(code, filename, { type: "global", strict: false });
    } finally {
      if (depth >= 0) {
        expired = this.expired === depth;
        this.popDeadline();
      }
    }
    let status: number = "error" in result ? STATUS.threw : STATUS.returned;
    let value = "error" in result ? result.error! : result.value;
    if (expired && status === STATUS.threw) {
      // This call's own deadline stopped it: the guest gets a timeout error, catchable, instead.
      value.dispose();
      value = this.main.undefined;
      status = STATUS.timedOut;
    } else if (status === STATUS.threw && this.meter()?.check()) {
      value.dispose();
      value = this.main.undefined;
      status = STATUS.stopped;
    }
    const answer = this.main.newArray();
    using statusHandle = this.main.newNumber(status);
    this.main.setProp(answer, 0, statusHandle);
    this.main.setProp(answer, 1, value);
    value.dispose();
    return answer;
  }

  private compile(code: string, filename: string): RealmOutcome | undefined {
    const result = this.main.evalCode(code, filename, { type: "global", strict: false, compileOnly: true });
    if ("error" in result) return { error: result.error! };
    // The compiled function is not kept: a script is evaluated in the context it runs in.
    result.value.dispose();
    return undefined;
  }

  private free(id: number): void {
    const realm = this.realms.get(id);
    if (!realm) return;
    this.realms.delete(id);
    forgetContext(this.rt, realm.ctx, realm.pointer);
  }

  /** Starts a deadline; while any runs, the interrupt handler also checks the deadlines. */
  private pushDeadline(timeoutMs: number): number {
    this.deadlines.push(performance.now() + timeoutMs);
    if (this.deadlines.length === 1) this.rt.setInterruptHandler(this.interrupt);
    return this.deadlines.length - 1;
  }

  private popDeadline(): void {
    this.deadlines.pop();
    if (this.expired >= this.deadlines.length) this.expired = -1;
    if (this.deadlines.length === 0) {
      const meter = this.meter();
      if (meter) this.rt.setInterruptHandler(meter.interrupt);
      else this.rt.setInterruptHandler(() => false);
    }
  }

  /** The meter's interrupt handler, then the deadlines: the outermost one passed stops the guest. */
  private readonly interrupt = (): boolean => {
    const meter = this.meter();
    if (meter && meter.interrupt()) return true;
    if (this.expired >= 0) return true;
    const now = performance.now();
    const passed = this.deadlines.findIndex((deadline) => now > deadline);
    if (passed < 0) return false;
    this.expired = passed;
    return true;
  };
}
