/**
 * The host functions the guest's prelude receives: output, exit, builtin
 * sources, the clock, op calls (sync and async), compiling CommonJS
 * modules, and the realms of `node:vm` (`realm`, see `realms.ts`). They reach the run in progress through {@link HostFunctions.run}
 * (null between runs: then they do nothing).
 *
 * Each is guarded: a host-side copy that finds the guest's heap full (at the
 * memory limit) ends the run with the memory limit rather than unwinding
 * through the engine's callback glue, which would itself need heap to report it.
 * @module
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import { GuestHeapExhausted, type EngineInstance } from "./instance.js";
import type { OpOutcome } from "./protocol.js";
import type { GuestApi } from "./guest-api.js";
import { shuttingDown, type RunState } from "./run-state.js";
import { HOST_CALL_FUEL } from "./cpu-meter.js";
import { toGuest, toHost } from "./marshal.js";
import { Realms } from "./realms.js";
import { callHostFunctionsDirectly, evalScript } from "./quickjs-internals.js";
import type { PendingRejections } from "./pending-rejections.js";
import { CJS_PREFIX } from "./modules.js";
import { guestBuiltinSource } from "./guest-sources.js";
import { ModuleSources } from "./module-sources.js";

/** A function the prelude calls on the host: guest handles in, a guest handle (or a guest error) out. */
export type HostFunction = (...args: QuickJSHandle[]) => QuickJSHandle | undefined | { error: QuickJSHandle };

/** The host side of the prelude's host object, for one sandbox. */
export class HostFunctions {
  /** The run in progress, if any. */
  run: RunState | null = null;
  private guestApi: GuestApi | null = null;
  private rejections: PendingRejections | null = null;
  private readonly functions: ReadonlyArray<readonly [string, HostFunction]>;
  /** The `node:vm` realms the guest made (see `realms.ts`). */
  readonly realms: Realms;
  /** The module sources `module.load` brought, kept out of the guest's heap (see `module-sources.ts`). */
  private readonly moduleSources = new ModuleSources();

  /**
   * @param ctx the sandbox's context.
   * @param instance the sandbox's instance (its memory and heap state).
   */
  constructor(
    private readonly ctx: QuickJSContext,
    private readonly instance: EngineInstance,
  ) {
    this.realms = new Realms(instance.quickjs, ctx, () => this.run?.meter ?? null);
    // Every guest call of a host function (ops, output, the clock) goes through this dispatcher.
    callHostFunctionsDirectly(ctx);
    const guard =
      (impl: HostFunction): HostFunction =>
      (...args) => {
        try {
          return impl(...args);
        } catch (error) {
          if (!(error instanceof GuestHeapExhausted)) throw error;
          this.run?.meter.requestStop("memory");
          return undefined;
        }
      };
    const functions: Array<[string, HostFunction]> = [
      ["stdio", (channel, data) => this.stdio(channel!, data!)],
      ["exit", (code) => this.exit(code!)],
      ["builtin", (name, probe) => this.builtin(name!, probe)],
      ["now", () => ctx.newNumber(this.run ? this.run.now() : 0)],
      ["memory", () => ctx.newNumber(instance.memory.buffer.byteLength)],
      ["call", (op, ...args) => this.call(op!, args)],
      ["callBytes", (op, index, bytes, ...args) => this.call(op!, args, index, bytes)],
      ["compile", (source, filename) => this.compile(source!, filename!)],
      ["submit", (id, op, index, bytes, ...args) => this.submit(id!, op!, index!, bytes, args)],
      ["realm", (op, ...args) => this.realms.call(op!, args)],
      ["timeZone", (op, arg, locale) => this.timeZone(op!, arg, locale)],
      ["requireModule", (file, wrap) => this.requireModule(file!, wrap)],
      ["promiseState", (value) => this.promiseState(value!)],
      ["moduleSource", (file) => this.moduleSource(file!)],
    ];
    this.functions = functions.map(([name, impl]) => [name, guard(impl)] as const);
  }

  /**
   * The functions by name, always the same ones in the same order: a
   * restored image finds its function objects' host-reference ids by this order.
   */
  list(): ReadonlyArray<readonly [string, HostFunction]> {
    return this.functions;
  }

  /** Gives the functions the prelude's API (to make guest errors), once the prelude returned it. */
  bindApi(api: GuestApi): void {
    this.guestApi = api;
  }

  /** Gives the functions the sandbox's table of unhandled rejections. */
  bindRejections(rejections: PendingRejections): void {
    this.rejections = rejections;
  }

  /** Runs a host op for the run in progress (none: the sandbox is shutting down). */
  callOp(op: string, args: unknown[]): OpOutcome {
    return this.run ? this.run.callOp(op, args) : shuttingDown();
  }

  private get api(): GuestApi {
    if (!this.guestApi) throw new Error("quickexec: a host function was called before the prelude was ready");
    return this.guestApi;
  }

  private stdio(channel: QuickJSHandle, data: QuickJSHandle): undefined {
    const run = this.run;
    if (!run) return undefined;
    run.meter.charge(HOST_CALL_FUEL);
    if (!run.spec.stdio) return undefined;
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

  private exit(code: QuickJSHandle): undefined {
    const run = this.run;
    if (!run) return undefined;
    run.exitCode = this.ctx.getNumber(code) & 0xff;
    run.meter.requestStop("exit");
    return undefined;
  }

  private builtin(nameHandle: QuickJSHandle, probe: QuickJSHandle | undefined): QuickJSHandle | { error: QuickJSHandle } {
    const name = this.ctx.getString(nameHandle);
    const source = guestBuiltinSource(name);
    if (probe && this.ctx.dump(probe)) return source === undefined ? this.ctx.false : this.ctx.true;
    if (source === undefined) return this.ctx.undefined;
    const result = this.ctx.evalCode(source, `node:${name}`);
    return "error" in result ? { error: result.error! } : result.value;
  }

  /**
   * A guest op call. `callBytes` passes one ArrayBuffer besides the plain
   * arguments (`bytes`, inserted at `index`): bytes move as bytes, never as strings.
   */
  private call(opHandle: QuickJSHandle, argHandles: QuickJSHandle[], index?: QuickJSHandle, bytes?: QuickJSHandle): QuickJSHandle | { error: QuickJSHandle } {
    const op = this.ctx.getString(opHandle);
    const args = argHandles.map((h) => toHost(this.ctx, h));
    if (bytes !== undefined) {
      using view = this.ctx.getArrayBuffer(bytes);
      args.splice(this.ctx.getNumber(index!), 0, view.value.slice());
    }
    // Reading the arguments needed heap the guest no longer has: what was read may be incomplete, so nothing runs.
    if (this.instance.heapExhausted()) throw new GuestHeapExhausted(0);
    const outcome = this.callOp(op, args);
    if (!outcome.ok) return { error: this.api.guestError(outcome.error) };
    return toGuest(this.ctx, op === "module.load" && this.run ? this.moduleSources.keep(this.run, outcome.value) : outcome.value);
  }

  /** A guest async op call: the host starts it, and its outcome arrives later as an event for `id`. */
  private submit(idHandle: QuickJSHandle, opHandle: QuickJSHandle, index: QuickJSHandle, bytes: QuickJSHandle | undefined, argHandles: QuickJSHandle[]): undefined | { error: QuickJSHandle } {
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
    run.submit(id, op, args);
    return undefined;
  }

  /**
   * The guest's local time zone (see `time-zone.ts`): `("set", tz)` when the
   * guest's `process.env.TZ` changed (undefined: deleted), `("name", ms, locale)`
   * for the zone's long name at that instant in the guest's default locale,
   * as `Date#toString` prints it.
   */
  private timeZone(opHandle: QuickJSHandle, arg: QuickJSHandle | undefined, localeHandle: QuickJSHandle | undefined): QuickJSHandle | undefined {
    const zone = this.instance.timeZone;
    const op = this.ctx.getString(opHandle);
    if (op === "set") {
      zone.set(arg !== undefined && this.ctx.typeof(arg) === "string" ? this.ctx.getString(arg) : undefined);
      return undefined;
    }
    const locale = localeHandle !== undefined && this.ctx.typeof(localeHandle) === "string" ? this.ctx.getString(localeHandle) : "en-US";
    return this.ctx.newString(zone.longName(arg !== undefined ? this.ctx.getNumber(arg) : 0, locale));
  }

  /**
   * `require()` of an ES module (Node 22's require(esm)): links and evaluates
   * the module graph of `file` at once, through the same loader as `import`
   * (so it is the module instance an import gets), and gives its namespace.
   * With `wrap`, the namespace of a module re-exporting it with
   * `__esModule: true` added, which is what Node gives for a module with a
   * default export. A graph with top-level await does not finish
   * synchronously: ERR_REQUIRE_ASYNC_MODULE, as in Node.
   */
  private requireModule(fileHandle: QuickJSHandle, wrapHandle: QuickJSHandle | undefined): QuickJSHandle | { error: QuickJSHandle } {
    const file = this.ctx.getString(fileHandle);
    const wrap = wrapHandle !== undefined && this.ctx.dump(wrapHandle) === true;
    const from = JSON.stringify(file);
    const source = wrap
      ? `export * from ${from};\nexport { default } from ${from};\nexport const __esModule = true;`
      : `import * as namespace from ${from};\nexport { namespace };`;
    const before = this.rejections?.keys();
    const result = this.ctx.evalCode(source, `${file}#${wrap ? "esModule" : "require"}`, { type: "module", strict: true });
    if ("error" in result) {
      if (before) this.rejections!.dropSince(before, result.error!);
      return { error: result.error! };
    }
    using evaluated = result.value;
    const state = this.ctx.getPromiseState(evaluated);
    if (state.type === "fulfilled" && state.notAPromise) return wrap ? evaluated.dup() : this.ctx.getProp(evaluated, "namespace");
    // A promise: the guest never sees it, so its rejection is nobody's to handle.
    const marked = this.api.call("markHandled", evaluated.dup());
    if ("error" in marked) marked.error!.dispose();
    else marked.value.dispose();
    if (state.type === "rejected") {
      if (before) this.rejections!.dropSince(before, state.error);
      return { error: state.error };
    }
    if (state.type === "fulfilled") {
      using exports = state.value;
      return wrap ? exports.dup() : this.ctx.getProp(exports, "namespace");
    }
    return {
      error: this.api.guestError({
        name: "Error",
        code: "ERR_REQUIRE_ASYNC_MODULE",
        message:
          "require() cannot be used on an ESM graph with top-level await. Use import() instead. To see where the top-level await comes from, use --experimental-print-required-tla.",
      }),
    };
  }

  /**
   * A promise's state, as `util.inspect` shows it (V8's `getPromiseDetails`):
   * `[0]` pending, `[1, value]` fulfilled, `[2, reason]` rejected; undefined
   * for what is not a promise. Reading it adds no handler (a rejection stays unhandled).
   */
  private promiseState(value: QuickJSHandle): QuickJSHandle | undefined {
    const state = this.ctx.getPromiseState(value);
    if (state.type === "fulfilled" && state.notAPromise) {
      state.value.dispose();
      return undefined;
    }
    const details = this.ctx.newArray();
    const put = (index: number, handle: QuickJSHandle): void => {
      this.ctx.setProp(details, index, handle);
      handle.dispose();
    };
    if (state.type === "pending") put(0, this.ctx.newNumber(0));
    else if (state.type === "fulfilled") {
      put(0, this.ctx.newNumber(1));
      put(1, state.value);
    } else {
      put(0, this.ctx.newNumber(2));
      put(1, state.error);
    }
    return details;
  }

  /** A module source `module.load` brought and the engine kept, into the guest's heap (undefined when none is kept). */
  private moduleSource(fileHandle: QuickJSHandle): QuickJSHandle {
    const text = this.moduleSources.take(this.run, this.ctx.getString(fileHandle));
    return text === undefined ? this.ctx.undefined : toGuest(this.ctx, text);
  }

  /**
   * Compiles a CommonJS module's source into its wrapper function (line numbers stay the file's); no source: the one
   * the engine kept for the file (undefined when it holds none).
   */
  private compile(sourceHandle: QuickJSHandle, filenameHandle: QuickJSHandle): QuickJSHandle | { error: QuickJSHandle } {
    const filename = this.ctx.getString(filenameHandle);
    let source = this.ctx.typeof(sourceHandle) === "string" ? this.ctx.getString(sourceHandle) : this.moduleSources.take(this.run, filename);
    if (source === undefined) return this.ctx.undefined;
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (source.startsWith("#!")) source = "//" + source.slice(2);
    const result = evalScript(this.ctx, `${CJS_PREFIX}${source}\n})`, filename);
    return "error" in result ? { error: result.error! } : result.value;
  }
}
