/**
 * Node's event loop for one run: timers, then the poll phase (host events:
 * async ops settled, child output, requests), then immediates, with
 * nextTicks and microtasks drained after every callback, and promises
 * rejected without a handler dealt with whenever both queues are empty. It
 * waits (off the CPU meter) while timers or host work are pending; on the
 * virtual clock it jumps to a timer's deadline instead (see `timer-wait.ts`).
 *
 * Failures travel as the guest error's handle, which the caller then owns.
 * @module
 */
import type { QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import type { GuestApi } from "./guest-api.js";
import type { PendingRejections } from "./pending-rejections.js";
import type { RunState } from "./run-state.js";
import { stoppedResult } from "./run-result.js";
import { toGuest } from "./marshal.js";
import { MACROTASK_FUEL } from "./cpu-meter.js";

/** The longest single wait of an idle loop (the loop then checks again). */
const IDLE_WAIT_MS = 2 ** 31 - 1;
import { waitForNextTimer } from "./timer-wait.js";

/** The event loop of one run. */
export class EventLoop {
  /**
   * @param api the prelude's API (its scheduler).
   * @param rt the runtime whose job queue holds the microtasks.
   * @param rejections the sandbox's unhandled rejections.
   * @param run the run in progress.
   */
  constructor(
    private readonly api: GuestApi,
    private readonly rt: QuickJSRuntime,
    private readonly rejections: PendingRejections,
    private readonly run: RunState,
  ) {}

  /**
   * Runs the loop until nothing keeps it alive (and "beforeExit" listeners
   * gave it nothing more to do), the run is stopped, or an exception nobody
   * took escapes: returns that exception's handle, if any.
   */
  async untilDone(): Promise<QuickJSHandle | undefined> {
    this.run.clock.loopStarts();
    for (;;) {
      const failure = await this.loopUntilIdle();
      if (this.stopped()) return failure;
      if (failure !== undefined) {
        const unhandled = this.rescue(failure);
        if (unhandled === undefined) continue;
        return unhandled;
      }
      // The loop ran dry: "beforeExit" listeners may give it more to do.
      const ran = this.api.call("emitBeforeExit");
      if ("error" in ran) {
        const unhandled = this.rescue(ran.error!);
        if (unhandled === undefined) continue;
        return unhandled;
      }
      const listened = this.api.isTrue(ran.value);
      ran.value.dispose();
      if (!listened || !(await this.hasWork())) return undefined;
    }
  }

  /**
   * Runs the loop until `settled()` holds (a live module's call: its promise
   * settled), nothing keeps the loop alive, the run is stopped, or an
   * exception nobody took escapes: returns that exception's handle, if any.
   * No "beforeExit": the program is not ending.
   */
  async untilSettled(settled: () => boolean): Promise<QuickJSHandle | undefined> {
    for (;;) {
      const failure = await this.loopUntilIdle(settled);
      if (failure === undefined || this.stopped()) return failure;
      const unhandled = this.rescue(failure);
      if (unhandled !== undefined) return unhandled;
    }
  }

  /**
   * Offers an uncaught exception to "uncaughtException" listeners (consumes
   * `error`): undefined if one took it, else the error that ends the program
   * (the listener's own if it threw, as in Node).
   */
  rescue(error: QuickJSHandle): QuickJSHandle | undefined {
    const taken = this.api.call("uncaughtException", error.dup());
    if ("error" in taken) {
      error.dispose();
      return taken.error!;
    }
    const handled = this.api.isTrue(taken.value);
    taken.value.dispose();
    if (!handled) return error;
    error.dispose();
    return undefined;
  }

  private stopped(): boolean {
    return stoppedResult(this.run) !== null;
  }

  /** Whether host work the guest holds references for (async ops, children, servers) is pending; if unsure, yes. */
  private hostPending(): boolean {
    const refs = this.api.call("hostRefs");
    if ("error" in refs) {
      refs.error!.dispose();
      return true;
    }
    const pending = !this.api.isFalse(refs.value);
    refs.value.dispose();
    return pending;
  }

  /** Whether ticks, microtasks, immediates or ref'd timers are pending. */
  private async hasWork(): Promise<boolean> {
    if (this.rt.hasPendingJob()) return true;
    const refs = this.api.call("hasRefs");
    const immediates = this.api.number("immediateBatch");
    const alive = !("error" in refs) && this.api.isTrue(refs.value);
    if (!("error" in refs)) refs.value.dispose();
    else refs.error!.dispose();
    return alive || (typeof immediates === "number" ? immediates > 0 : (immediates.dispose(), false));
  }

  /** Runs timers and immediates until nothing keeps the loop alive or an exception escapes. */
  private async loopUntilIdle(settled?: () => boolean): Promise<QuickJSHandle | undefined> {
    const { api, run } = this;
    let failure = this.drain();
    while (failure === undefined && !this.stopped() && !settled?.()) {
      const now = run.now();
      for (;;) {
        const ran = api.number("runTimer", api.ctx.newNumber(now));
        if (typeof ran !== "number") return ran;
        if (ran === 0) break;
        run.meter.charge(MACROTASK_FUEL);
        if ((failure = this.drain()) !== undefined || this.stopped()) return failure;
      }
      // The poll phase: what the host reported (async ops settled, child output, requests).
      if ((failure = this.deliverEvents()) !== undefined || this.stopped()) return failure;
      const batch = api.number("immediateBatch");
      if (typeof batch !== "number") return batch;
      for (let i = 0; i < batch; i++) {
        const ran = api.call("runImmediate");
        if ("error" in ran) return ran.error!;
        ran.value.dispose();
        run.meter.charge(MACROTASK_FUEL);
        if ((failure = this.drain()) !== undefined || this.stopped()) return failure;
      }
      // None ran since the batch was counted: still none (the count is all `immediateBatch` does).
      const pendingImmediates = batch === 0 ? 0 : api.number("immediateBatch");
      if (typeof pendingImmediates !== "number") return pendingImmediates;
      if (pendingImmediates > 0) continue;
      const refs = api.call("hasRefs");
      if ("error" in refs) return refs.error!;
      const alive = api.isTrue(refs.value);
      refs.value.dispose();
      if (!alive) return undefined;
      if (run.events.length > 0) continue;
      const next = api.number("nextTimerAt");
      if (typeof next !== "number") return next;
      await waitForNextTimer(run, next, () => this.hostPending());
    }
    return failure;
  }

  /** Delivers the host events that arrived, each as a loop callback followed by ticks and microtasks. */
  private deliverEvents(): QuickJSHandle | undefined {
    const { api, run } = this;
    run.events.push(...run.host.takeEvents());
    while (run.events.length > 0) {
      const event = run.events.shift()!;
      run.meter.charge(MACROTASK_FUEL);
      const value = event.value === undefined ? api.ctx.undefined : toGuest(api.ctx, event.value);
      const ran = api.call("deliver", api.ctx.newNumber(event.target), api.ctx.newString(event.name), value);
      if ("error" in ran) return ran.error!;
      ran.value.dispose();
      const failure = this.drain();
      if (failure !== undefined || this.stopped()) return failure;
    }
    return undefined;
  }

  /**
   * Runs nextTicks and microtasks until both queues are empty, then deals
   * with promises rejected without a handler, as Node does at that point:
   * `process.on("unhandledRejection")` listeners get them, otherwise the
   * first one is the program's uncaught error.
   */
  drain(): QuickJSHandle | undefined {
    for (;;) {
      const ticks = this.api.number("runTicks");
      if (typeof ticks !== "number") return ticks;
      const jobs = this.runJobs();
      if (typeof jobs !== "number") return jobs;
      if (this.stopped()) return undefined;
      if (ticks !== 0 || jobs !== 0) continue;
      if (this.rejections.size === 0) return undefined;
      const pending = this.rejections.take();
      for (let i = 0; i < pending.length; i++) {
        const { promise, reason } = pending[i]!;
        const outcome = this.api.call("unhandledRejection", reason, promise);
        const failure = "error" in outcome ? outcome.error! : this.api.ctx.typeof(outcome.value) === "undefined" ? undefined : outcome.value;
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

  /** Runs the pending jobs (microtasks): how many ran, or the error handle of the one that threw. */
  private runJobs(): number | QuickJSHandle {
    try {
      // Most turns have none: asking is one call into the engine, running them several.
      if (!this.rt.hasPendingJob()) return 0;
      const result = this.rt.executePendingJobs(-1);
      if ("error" in result && result.error) return result.error;
      return result.value as number;
    } catch (error) {
      throw this.api.fault(error);
    }
  }
}
