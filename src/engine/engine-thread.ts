/**
 * The engine thread's side of the transport, whatever the thread is (a Node
 * worker thread, a Web Worker): runs one sandbox at a time, keeps the next one
 * ready, queues the host's events for the run, and wakes an idle run when
 * they arrive. How a synchronous op waits for its answer is the port's
 * business.
 * @module
 */
import { MAX_STACK_BYTES, Sandbox, type EngineHost } from "./sandbox.js";
import { CONTROL, EXIT, METER, MIN_MEMORY_MB, STOP_CODE, type HostEvent, type OpOutcome } from "./protocol.js";
import type { EngineToHost, HostToEngine } from "./thread-protocol.js";
import { serveLive, type LiveChannel, type LiveInput } from "./live-session.js";
import { SnapshotRefused } from "./snapshot-image.js";
import { RestoreAhead } from "./snapshot-ahead.js";

/** What the engine thread needs from its transport. */
export interface EngineThreadPort {
  /** Posts a message to the host. */
  send(message: EngineToHost): void;
  /** Posts the op to the host and blocks until its answer arrives. */
  callSync(runId: number, op: string, args: unknown[]): OpOutcome;
  /** Control slots (see `CONTROL`). */
  readonly control: Int32Array;
  /** Meter slots (see `METER`). */
  readonly meter: Float64Array;
  /**
   * Whether `control` and `meter` are shared with the host. Without shared
   * memory the stop request arrives as a message and the meter is reported
   * by message whenever the run goes idle or resumes.
   */
  readonly shared: boolean;
  /**
   * Frees the memory of finished sandboxes now (a full collection of the
   * thread's heap). Without it a discarded instance's linear memory stays
   * resident until the thread's own collector gets to it, which can take many
   * runs. Absent where the platform offers no way to ask.
   */
  readonly collectGarbage?: () => void;
}

/**
 * A finished sandbox whose memory grew past this many bytes is collected at
 * once (where the port can). Smaller ones wait for the thread to go idle: a
 * full collection after every run would cost more than the run, and while
 * runs keep coming the thread's own collector frees them (V8 counts a wasm
 * memory's size as pressure to collect).
 */
export const COLLECT_AFTER_BYTES = (MIN_MEMORY_MB + 8) * 1048576;
/**
 * A thread that gets no new run for this long collects the finished
 * sandboxes it still holds: an idle thread allocates nothing, so its own
 * collector would never run and their memory would stay resident.
 */
export const IDLE_COLLECT_MS = 100;

/**
 * Guest output the host may hold undelivered, in UTF-16 units plus
 * {@link STDIO_MESSAGE_COST} per message: past it, the engine waits (with
 * `stdio.flush`) until the host has handed everything sent so far to
 * `onStdio`. One message longer than the window still goes whole.
 */
export const STDIO_WINDOW = 1 << 20;
/** What one output message counts for besides its text (the host's per-message overhead). */
const STDIO_MESSAGE_COST = 256;

/** The run in progress: its id, the host events not yet taken, and a pending wait to end early. */
interface CurrentRun {
  runId: number;
  events: HostEvent[];
  wake: (() => void) | null;
  /** A live module's inbox (see `live-session.ts`): requests, and stops that come while it is idle. */
  live: LiveInbox | null;
}

/** Requests for a live module, in order, handed to the session as it asks for them. */
class LiveInbox {
  private readonly queued: LiveInput[] = [];
  private waiting: ((input: LiveInput) => void) | null = null;

  push(input: LiveInput): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(input);
    else this.queued.push(input);
  }

  next(): Promise<LiveInput> {
    const input = this.queued.shift();
    if (input) return Promise.resolve(input);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/**
 * Serves runs on this thread; returns the handler for the host's messages.
 * @param wasmModule the compiled QuickJS module every sandbox instantiates.
 * @param memoryLimitMb memory limit of the first sandbox to prepare ahead.
 * @param maxStackBytes QuickJS's stack limit on this thread (default: `MAX_STACK_BYTES`).
 */
export function serveEngineThread(
  port: EngineThreadPort,
  wasmModule: WebAssembly.Module,
  memoryLimitMb: number,
  maxStackBytes?: number,
): (message: HostToEngine) => void {
  const { control, meter } = port;
  /** The next run's sandbox: a recycled one as it is, a new one (or one still to touch) as a promise. */
  let ready: { memoryLimitMb: number; sandbox: Sandbox | Promise<Sandbox> } | null = null;
  let current: CurrentRun | null = null;
  /**
   * The idle collection's timer, armed while something dropped waits to be
   * collected. One timer for many runs: while they keep coming it finds the
   * thread busy (or idle for less than {@link IDLE_COLLECT_MS}) and waits
   * again, so a run arms and clears no timer of its own.
   */
  let idleCollect: ReturnType<typeof setTimeout> | null = null;
  /** When the last run ended (`performance.now()`). */
  let lastRunEnd = 0;

  /** Whether a sandbox was dropped since the last collection (a recycled one leaves nothing to collect). */
  let uncollected = false;

  function collect(): void {
    if (idleCollect !== null) clearTimeout(idleCollect);
    idleCollect = null;
    uncollected = false;
    port.collectGarbage?.();
  }

  /** Collects once the thread has had no run for {@link IDLE_COLLECT_MS}: not in the middle of a run, nor right after one. */
  function armIdleCollect(delayMs: number): void {
    idleCollect = setTimeout(() => {
      idleCollect = null;
      const idleFor = performance.now() - lastRunEnd;
      if (current === null && idleFor >= IDLE_COLLECT_MS) collect();
      else armIdleCollect(current === null ? IDLE_COLLECT_MS - idleFor : IDLE_COLLECT_MS);
    }, delayMs);
  }

  /**
   * After a run: collect now if its sandbox was dropped and had grown large,
   * else once the thread has been idle a while, as long as something was
   * dropped since the last collection.
   */
  function collectAfter(memoryBytes: number, dropped: boolean): void {
    if (!port.collectGarbage) return;
    uncollected ||= dropped;
    if (dropped && memoryBytes > COLLECT_AFTER_BYTES) return collect();
    lastRunEnd = performance.now();
    if (uncollected && idleCollect === null) armIdleCollect(IDLE_COLLECT_MS);
  }

  /** The memory size and pages of the last snapshot this thread restored: a thread that restores once is likely to again. */
  let restored: { memoryBytes: number; pages: Uint32Array } | null = null;
  /** That snapshot itself, restored again ahead of the next run that asks for it (see `snapshot-ahead.ts`). */
  const ahead = new RestoreAhead(wasmModule, maxStackBytes ?? MAX_STACK_BYTES);

  /** Readies the next sandbox: `recycled` (a finished run's instance made ready again) when given, else a new one. */
  function prepare(limitMb: number, recycled: Sandbox | null = null): void {
    const touch = restored;
    // A recycled sandbox is ready as it is: no promise links one run's sandbox to the next (a chain of them, each
    // settled promise holding the next, kept every finished sandbox alive through young-generation collections).
    if (recycled && !touch) {
      ready = { memoryLimitMb: limitMb, sandbox: recycled };
      return;
    }
    // The next restore into it then finds the memory it writes already backed (page faults cost more than the copy).
    const sandbox = (recycled ? Promise.resolve(recycled) : Sandbox.create(wasmModule, limitMb, maxStackBytes)).then((s) => (touch && s.touchPages(touch.memoryBytes, touch.pages), s));
    sandbox.catch(() => {});
    ready = { memoryLimitMb: limitMb, sandbox };
  }

  function take(limitMb: number): Sandbox | Promise<Sandbox> {
    if (ready && ready.memoryLimitMb === limitMb) {
      const { sandbox } = ready;
      ready = null;
      return sandbox;
    }
    return Sandbox.create(wasmModule, limitMb, maxStackBytes);
  }

  async function run(runId: number, spec: Extract<HostToEngine, { type: "run" }>["spec"]): Promise<void> {
    const live = spec.mode === "live" ? new LiveInbox() : null;
    const state: CurrentRun = { runId, events: [], wake: null, live };
    // Not in the middle of a run: the idle collection (see armIdleCollect) waits for the next quiet moment.
    current = state;
    // A live module's calls each bring their own limits: its meter is always reported.
    const reportMeter = !port.shared && (spec.cpuTimeLimitMs > 0 || live !== null);
    /** Output sent since the host last proved it had caught up (see STDIO_WINDOW). */
    let unflushed = 0;
    const host: EngineHost = {
      control,
      meter,
      submit(id, op, args) {
        port.send({ type: "submit", runId, id, op, args });
      },
      takeEvents() {
        const events = state.events;
        state.events = [];
        let bytes = 0;
        for (const event of events) if (event.value instanceof Uint8Array) bytes += event.value.byteLength;
        if (bytes > 0) port.send({ type: "taken", runId, bytes });
        return events;
      },
      wait(ms) {
        if (state.events.length > 0 || Atomics.load(control, CONTROL.STOP) !== 0) return Promise.resolve();
        if (reportMeter) port.send({ type: "meter", runId, busy: false, usedMs: meter[METER.USED]! });
        return new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            state.wake = null;
            if (reportMeter) port.send({ type: "meter", runId, busy: true, usedMs: meter[METER.USED]! });
            resolve();
          }
          state.wake = done;
        });
      },
      stdio(channel, message) {
        port.send({ type: "stdio", runId, channel, message });
        // Without shared memory the engine cannot block for the host: no backpressure then.
        if (!port.shared) return;
        unflushed += message.length + STDIO_MESSAGE_COST;
        if (unflushed < STDIO_WINDOW) return;
        // The answer comes after the host delivered the output sent before it; a refusal changes nothing.
        host.callSync("stdio.flush", []);
      },
      callSync(op, args) {
        // Any answer means the host has handled every message sent before the call.
        unflushed = 0;
        return port.callSync(runId, op, args);
      },
    };
    /** A live module's requests; between them the module is idle, which a reported meter must say (each call's meter starts at 0). */
    const liveChannel = (inbox: LiveInbox): LiveChannel => ({
      async next() {
        if (reportMeter) port.send({ type: "meter", runId, busy: false, usedMs: 0 });
        const input = await inbox.next();
        if (reportMeter) port.send({ type: "meter", runId, busy: true, usedMs: 0 });
        return input;
      },
      reply: (reply) => port.send({ type: "reply", runId, reply }),
    });
    let sandbox: Sandbox | null = null;
    let recycled: Sandbox | null = null;
    let memoryBytes = 0;
    try {
      const restoredAhead = spec.restore ? await ahead.take(spec.restore, spec.memoryLimitMb) : null;
      if (restoredAhead) sandbox = restoredAhead;
      else {
        let taken: Sandbox | Promise<Sandbox> | null = take(spec.memoryLimitMb);
        sandbox = taken instanceof Sandbox ? taken : await taken;
        // Not kept by this frame: a collection after the run must find the dropped sandbox unreachable.
        taken = null;
      }
      if (spec.restore) {
        restored = { memoryBytes: spec.restore.memoryBytes, pages: spec.restore.pageIndex };
        ahead.note(spec.restore, spec.memoryLimitMb);
      }
      // A restored module takes over the prepared sandbox's instance when the snapshot fits it.
      if (spec.restore && !restoredAhead) sandbox = await Sandbox.restore(wasmModule, spec.restore, spec.memoryLimitMb, maxStackBytes ?? MAX_STACK_BYTES, sandbox);
      if (reportMeter) port.send({ type: "meter", runId, busy: true, usedMs: 0 });
      const result = live ? await serveLive(sandbox, spec, host, liveChannel(live)) : await sandbox.execute(spec, host);
      port.send({ type: "done", runId, result });
    } catch (error) {
      if (error instanceof SnapshotRefused) {
        // A snapshot this engine cannot restore: the module's load fails with the reason, the thread lives on.
        const result = { code: EXIT.UNCAUGHT, errorMessage: error.message, errorCode: error.code, fuel: 0, cpuTimeMs: 0 };
        port.send({ type: "reply", runId, reply: { id: 0, result } });
        port.send({ type: "done", runId, result });
      } else port.send({ type: "failed", runId, message: error instanceof Error ? error.message : String(error) });
    } finally {
      current = null;
      if (sandbox) {
        memoryBytes = sandbox.memoryBytes;
        // Its instance made the next prepared sandbox when it can be (no new instance, nothing to collect), else dropped.
        recycled = sandbox.recycle(spec.memoryLimitMb);
        // A restored module's instance: the same snapshot is restored into it again, ahead (no fresh memory to fault in).
        if (spec.restore && recycled === null) ahead.reclaim(sandbox.reclaim(), spec.memoryLimitMb);
        sandbox.dispose();
      }
      // The last reference this thread holds: a collection can only free what nothing reaches.
      sandbox = null;
      Atomics.store(control, CONTROL.STOP, 0);
    }
    const dropped = recycled === null;
    // A run that restored ahead left the prepared sandbox untouched.
    if (recycled !== null || ready?.memoryLimitMb !== spec.memoryLimitMb) prepare(spec.memoryLimitMb, recycled);
    recycled = null;
    ahead.prepare();
    collectAfter(memoryBytes, dropped);
  }

  prepare(memoryLimitMb);
  return (message) => {
    if (message.type === "run") return void run(message.runId, message.spec);
    const state = current;
    if (!state || state.runId !== message.runId) return;
    if (message.type === "live") return state.live?.push(message.request);
    if (message.type === "events") state.events.push(...message.events);
    if (message.type === "stop") {
      if (!port.shared) Atomics.store(control, CONTROL.STOP, message.code ?? STOP_CODE.TERMINATE);
      // A live module between calls has no loop to notice: its inbox does.
      state.live?.push({ kind: "stop" });
    }
    state.wake?.();
  };
}
