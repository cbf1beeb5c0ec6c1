/**
 * The prelude's API: the functions the guest's prelude returns to the engine
 * (its scheduler, its module runner, its error formatting), and the guarded
 * ways the engine calls into the guest.
 *
 * Every call consumes the argument handles it is given; the caller owns the
 * result (`value` or `error`) and must dispose it. A host-level exception
 * while QuickJS runs (not a guest error) marks the instance as faulted: it is
 * then in an unknown state and is never reused.
 * @module
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import type { SerializedError } from "./protocol.js";
import { guestError } from "./marshal.js";
import { callGuest } from "./quickjs-internals.js";

/** Raised when the engine itself failed; the instance must be discarded, never reused. */
export class EngineFault extends Error {
  override name = "EngineFault";
}

/** The prelude's API functions, in a fixed order (a captured image stores their pointers in it). */
export const API_FUNCTIONS = [
  "configure", "runMain", "mainExports", "builtinExportNames", "runTicks", "nextTimerAt", "hasRefs",
  "runTimer", "immediateBatch", "runImmediate", "exitCode", "isExitSignal", "emitExit", "formatError", "serialize",
  "unhandledRejection", "markHandled", "cjsExportNames", "hostError", "uncaughtException", "emitBeforeExit", "deliver",
  "hostRefs",
] as const;

/** The name of one of the prelude's API functions. */
export type ApiFunction = (typeof API_FUNCTIONS)[number];

/** What a call into the guest gives back: a value or the guest's error, each a handle the caller owns. */
export type GuestCallResult = ReturnType<QuickJSContext["callFunction"]>;

/** The prelude's API object and its functions, with guarded calls into the guest. */
export class GuestApi {
  private faultSeen = false;

  /**
   * @param ctx the context the prelude runs in.
   * @param handle the API object the prelude returned (kept alive: its functions hang off it).
   * @param fns a handle for each of {@link API_FUNCTIONS}.
   */
  constructor(
    readonly ctx: QuickJSContext,
    readonly handle: QuickJSHandle,
    private readonly fns: Partial<Record<ApiFunction, QuickJSHandle>>,
    private readonly lazyFn?: (name: ApiFunction) => QuickJSHandle,
  ) {}

  /** Reads each of {@link API_FUNCTIONS} off the API object the prelude returned. */
  static fromObject(ctx: QuickJSContext, handle: QuickJSHandle): GuestApi {
    const fns = {} as Record<ApiFunction, QuickJSHandle>;
    for (const name of API_FUNCTIONS) fns[name] = ctx.getProp(handle, name);
    return new GuestApi(ctx, handle, fns);
  }

  /**
   * An API whose functions' handles are made on first use by `handleOf` (a
   * restored sandbox knows where each function is: most runs call only
   * about half of them, and each handle is an object to allocate).
   */
  static lazy(ctx: QuickJSContext, handle: QuickJSHandle, handleOf: (name: ApiFunction) => QuickJSHandle): GuestApi {
    return new GuestApi(ctx, handle, {}, handleOf);
  }

  /** Whether a host-level exception happened inside QuickJS: the instance is no longer trustworthy. */
  get faulted(): boolean {
    return this.faultSeen;
  }

  /** The handle of an API function (for capturing its pointer). */
  fn(name: ApiFunction): QuickJSHandle {
    return (this.fns[name] ??= this.lazyFn!(name));
  }

  /** Calls an API function; consumes the argument handles. */
  call(name: ApiFunction, ...args: QuickJSHandle[]): GuestCallResult {
    try {
      return this.callFunction(this.fn(name), args);
    } finally {
      for (const arg of args) if (arg.alive) arg.dispose();
    }
  }

  /** Calls an API function that returns a number; returns the error handle on failure. */
  number(name: ApiFunction, ...args: QuickJSHandle[]): number | QuickJSHandle {
    const result = this.call(name, ...args);
    if ("error" in result) return result.error!;
    const n = this.ctx.getNumber(result.value);
    result.value.dispose();
    return n;
  }

  /**
   * Whether `value` is the boolean `true` (strict equality: one call into the
   * engine, where `ctx.dump` would serialise it to JSON and parse that back).
   */
  isTrue(value: QuickJSHandle): boolean {
    return this.ctx.eq(value, this.ctx.true);
  }

  /** Whether `value` is the boolean `false` (see {@link isTrue}). */
  isFalse(value: QuickJSHandle): boolean {
    return this.ctx.eq(value, this.ctx.false);
  }

  /** Calls a guest function with `undefined` as `this`; a host-level exception becomes an {@link EngineFault}. */
  callFunction(fn: QuickJSHandle, args: QuickJSHandle[]): GuestCallResult {
    try {
      return callGuest(this.ctx, fn, args);
    } catch (error) {
      throw this.fault(error);
    }
  }

  /** Evaluates code (sloppy mode); a host-level exception becomes an {@link EngineFault}. */
  eval(code: string, filename: string, type: "global" | "module" = "global"): GuestCallResult {
    try {
      return this.ctx.evalCode(code, filename, { type, strict: false });
    } catch (error) {
      throw this.fault(error);
    }
  }

  /** Records a host-level exception while QuickJS ran, as an {@link EngineFault} to throw. */
  fault(error: unknown): EngineFault {
    this.faultSeen = true;
    if (error instanceof EngineFault) return error;
    return new EngineFault(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }

  /** A guest error for a failed op, made by the guest itself so it looks like Node's (own keys, class, stack). */
  guestError(error: SerializedError): QuickJSHandle {
    const made = this.call("hostError", this.ctx.newString(JSON.stringify(error)));
    if (!("error" in made)) return made.value;
    made.error!.dispose();
    return guestError(this.ctx, error);
  }

  /** The `message` of a guest error, as text; consumes the error handle. */
  errorText(error: QuickJSHandle): string {
    try {
      using message = this.ctx.getProp(error, "message");
      return this.ctx.typeof(message) === "string" ? this.ctx.getString(message) : "unknown error";
    } finally {
      error.dispose();
    }
  }
}
