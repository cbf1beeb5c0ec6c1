/**
 * Synchronous op calls from an engine thread to the host through shared
 * memory, for any kind of thread (Node worker threads, Web Workers on a
 * cross-origin-isolated page).
 *
 * One `SharedArrayBuffer` per engine thread holds a header of Int32 slots and
 * one data area. The engine writes the call (its op and arguments, encoded by
 * `value-codec.ts`) into the data area, publishes the call's number, and
 * blocks until the host has written the reply there and published the same
 * number. The two never write the area at once: the engine writes only while
 * no call of its own is open, the host only while the engine waits.
 *
 * The host learns of a call in one of two ways:
 * - a doorbell: an "op" message posted behind every message the engine sent
 *   before the call, so the host answers the call only after it handled
 *   them, as when calls were messages;
 * - its hot path: right after answering a call, a host that may block
 *   (Node's main thread may, a page may not) waits a moment in
 *   `Atomics.wait` for the next call, with the `HOT` slot set (see
 *   {@link HotPath}). The engine then rings no doorbell but wakes it with
 *   `Atomics.notify`. Each call
 *   carries the number of messages the engine had sent before it; the host
 *   takes it on this path only once it has received that many, so no call
 *   ever overtakes a message sent before it (output, async ops, the order a
 *   host observes).
 *
 * A call whose arguments do not fit the area, or cannot be encoded, travels
 * whole in its doorbell. A reply longer than the area goes in chunks: the
 * engine copies one and asks for the next with a "more" message.
 * @module
 */
import { callNumbers, type OpOutcome } from "./protocol.js";
import type { EngineToHost } from "./thread-protocol.js";
import { decodeValue, encodeInto, encodeValue } from "./value-codec.js";

/** Int32 slots at the start of the buffer. */
const SLOT = {
  /** The number of the engine's latest call (0: none yet). Written last, after the rest of the call. */
  CALL: 0,
  /** The run the call belongs to. */
  RUN: 1,
  /** Messages the engine had sent before the call (a count that wraps at 2^32). */
  SENT: 2,
  /** Bytes of the encoded call in the data area; -1: the call travels in its doorbell message. */
  LENGTH: 3,
  /** While the host waits for a call on its hot path (the engine then rings no doorbell): 1, or {@link SPINNING}. */
  HOT: 4,
  /** The number of the call whose reply chunk is in the data area (0: none). Written last. */
  REPLY: 5,
  /** Bytes of the whole encoded reply. */
  TOTAL: 6,
  /** Bytes of the reply chunk in the data area. */
  CHUNK: 7,
  /** 1 while the engine sleeps in `Atomics.wait` for its reply (the host then wakes it; otherwise it watches). */
  SLEEPING: 8,
  /**
   * Counts what the engine did that a host on its hot path must see: each
   * call and each message (wraps). The hot path waits for it to change since
   * the host's last reply, so a message sent right after that reply (a live
   * call's "done") ends the wait instead of sitting behind it.
   */
  EVENTS: 9,
} as const;
const HEADER_BYTES = 48;
/**
 * The `HOT` value of a host that watches the slot rather than sleeps: the
 * engine need not wake it, and watches for its reply too. (Each wake-up is a
 * futex system call or several, in V8's `Atomics` and in the kernel.)
 */
const SPINNING = 2;

/** Bytes of the data area: the largest call sent in place, and the largest reply chunk. */
export const SYNC_DATA_BYTES = 1 << 20;

/**
 * How long (ms) the engine watches the reply slot before it sleeps in
 * `Atomics.wait`, when the host was watching for the call as it was made: a
 * watching host answers a small call in microseconds, and a sleep and a
 * wake-up are two system calls, each worth several microseconds on a
 * virtual machine.
 */
const ENGINE_SPIN_MS = 0.05;

/** Watches `slot` of `header` until it leaves `value` or `ms` have passed; true if it left. */
function spinWhile(header: Int32Array, slot: number, value: number, ms: number): boolean {
  const until = performance.now() + ms;
  for (let i = 1; Atomics.load(header, slot) === value; i++) {
    if ((i & 63) === 0 && performance.now() > until) return false;
  }
  return true;
}

/** Makes the shared buffer one engine thread's synchronous calls go through. */
export function createSyncCallBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + SYNC_DATA_BYTES);
}

/** An "op" message: the doorbell of call `seq`, carrying the call itself when it is not in shared memory. */
export type OpDoorbell = Extract<EngineToHost, { type: "op" }>;

/** The engine's end: sends the thread's messages (counting them) and makes synchronous calls. */
export class SyncCallClient {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  private readonly nextCall = callNumbers();
  /** Messages sent so far (wrapping). */
  private sent = 0;

  /**
   * @param buffer the thread's buffer (see {@link createSyncCallBuffer}).
   * @param post posts a message to the host.
   */
  constructor(
    buffer: SharedArrayBuffer,
    private readonly post: (message: EngineToHost) => void,
  ) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Posts a message to the host; every message the engine sends goes through here, so that calls know how many went before them. */
  send(message: EngineToHost): void {
    this.sent = (this.sent + 1) | 0;
    this.post(message);
    // A host on its hot path would see this message only when its wait ran out: woken, it finds no call and goes
    // back to its messages.
    Atomics.add(this.header, SLOT.EVENTS, 1);
    if (Atomics.load(this.header, SLOT.HOT) === 1) Atomics.notify(this.header, SLOT.EVENTS);
  }

  /** Makes the call and blocks until the host's reply is here. */
  call(runId: number, op: string, args: unknown[]): OpOutcome {
    const header = this.header;
    const seq = this.nextCall();
    let length: number;
    try {
      length = encodeInto(this.data, [op, args]);
    } catch {
      // Not a plain value: the doorbell carries it (and the host sees what it is).
      length = -1;
    }
    header[SLOT.RUN] = runId;
    header[SLOT.SENT] = this.sent;
    header[SLOT.LENGTH] = length;
    const previous = header[SLOT.REPLY]!;
    Atomics.store(header, SLOT.CALL, seq);
    Atomics.add(header, SLOT.EVENTS, 1);
    const hot = length >= 0 ? Atomics.load(header, SLOT.HOT) : 0;
    if (length < 0) this.send({ type: "op", runId, seq, op, args });
    else if (hot === 0) this.send({ type: "op", runId, seq });
    else if (hot !== SPINNING) Atomics.notify(header, SLOT.EVENTS);
    if (hot === SPINNING) spinWhile(header, SLOT.REPLY, previous, ENGINE_SPIN_MS);
    this.await(seq);
    const total = header[SLOT.TOTAL]!;
    const first = header[SLOT.CHUNK]!;
    if (first >= total) return decodeValue(this.data.subarray(0, total)) as OpOutcome;
    const whole = new Uint8Array(total);
    let received = 0;
    for (let size = first; ; size = header[SLOT.CHUNK]!) {
      whole.set(this.data.subarray(0, size), received);
      received += size;
      if (received >= total) break;
      Atomics.store(header, SLOT.REPLY, 0);
      this.send({ type: "more", runId });
      this.await(seq);
    }
    return decodeValue(whole) as OpOutcome;
  }

  /** Blocks until the chunk in the data area is one of call `seq`'s. */
  private await(seq: number): void {
    const header = this.header;
    for (let state = Atomics.load(header, SLOT.REPLY); state !== seq; state = Atomics.load(header, SLOT.REPLY)) {
      // Raised before the wait looks at the slot: a host that wrote the reply after that look sees it raised, and wakes the engine.
      Atomics.store(header, SLOT.SLEEPING, 1);
      Atomics.wait(header, SLOT.REPLY, state);
      Atomics.store(header, SLOT.SLEEPING, 0);
    }
  }
}

/**
 * How a host waits for the next call on its hot path: it watches the slot
 * for `spinMs()` (an answer within microseconds, but the CPU is busy: worth
 * it only where the machine has a core to spare), then sleeps in
 * `Atomics.wait` until `waitMs` have passed in all.
 */
export interface HotPath {
  /** How long to watch before sleeping, ms (asked before every wait; 0: sleep at once). */
  spinMs(): number;
  /** How long to wait in all, ms. */
  waitMs: number;
}

/** A call as the host serves it. */
export interface SyncCall {
  /** The call's number on its thread (the reply carries it back). */
  seq: number;
  /** The run that made it. */
  runId: number;
  /** The op's name. */
  op: string;
  /** Its arguments, plain values. */
  args: unknown[];
}

/** The host's end: finds calls and writes replies. */
export class SyncCallServer {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  /** Messages received from the engine so far (wrapping), counted by {@link received}. */
  private count = 0;
  /** The number of the last call taken (each is taken once). */
  private taken = 0;
  /** The engine's EVENTS count when the host last replied (see `SLOT.EVENTS`). */
  private events = 0;
  /** The rest of a reply too long for the data area, and its call. */
  private rest: Uint8Array | null = null;
  private pendingSeq = 0;
  private offset = 0;

  /**
   * @param buffer the thread's buffer (see {@link createSyncCallBuffer}).
   * @param hotPath how the host waits for calls on its hot path; null: it has none (a page's main thread may not block), every call rings.
   */
  constructor(
    buffer: SharedArrayBuffer,
    readonly hotPath: HotPath | null,
  ) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Counts one message from the engine; call it for every message, before it is handled. */
  received(): void {
    this.count = (this.count + 1) | 0;
  }

  /** The call a doorbell announces: from the message when it carries it, else from shared memory; null if it was taken already or is gone. */
  announced(message: OpDoorbell): SyncCall | null {
    // Taken already, or over: the engine has moved on to another call (a stop released it from this one).
    if (message.seq === this.taken || Atomics.load(this.header, SLOT.CALL) !== message.seq) return null;
    if (message.args !== undefined && message.op !== undefined) {
      this.taken = message.seq;
      return { seq: message.seq, runId: message.runId, op: message.op, args: message.args };
    }
    return this.read(message.seq);
  }

  /**
   * The call waiting in shared memory, if one is there that was not taken
   * yet and every message the engine sent before it has been received (and
   * so handled); null otherwise. Cheap enough to ask after every message.
   */
  poll(): SyncCall | null {
    const seq = Atomics.load(this.header, SLOT.CALL);
    if (seq === 0 || seq === this.taken) return null;
    if (((this.count - this.header[SLOT.SENT]!) | 0) < 0) return null;
    return this.read(seq);
  }

  /**
   * The hot path (see {@link HotPath}): waits a moment for a new call,
   * telling the engine meanwhile that it need not ring. Returns the call as
   * {@link poll} does (null: none came, or it must wait for messages still
   * on their way).
   */
  waitForCall(): SyncCall | null {
    const hot = this.hotPath;
    if (!hot) return null;
    const header = this.header;
    const spinMs = hot.spinMs();
    Atomics.store(header, SLOT.HOT, spinMs > 0 ? SPINNING : 1);
    if (!spinWhile(header, SLOT.EVENTS, this.events, spinMs)) {
      Atomics.store(header, SLOT.HOT, 1);
      Atomics.wait(header, SLOT.EVENTS, this.events, Math.max(0, hot.waitMs - spinMs));
    }
    Atomics.store(header, SLOT.HOT, 0);
    // After HOT is down: a call made while it was up rang no doorbell, and is found here.
    return this.poll();
  }

  /** Reads call `seq` from shared memory, if it is still the engine's current call. */
  private read(seq: number): SyncCall | null {
    const header = this.header;
    if (Atomics.load(header, SLOT.CALL) !== seq) return null;
    const length = header[SLOT.LENGTH]!;
    // Travelling in its doorbell: taken when that arrives.
    if (length < 0) return null;
    const runId = header[SLOT.RUN]!;
    let decoded: unknown;
    try {
      decoded = decodeValue(this.data.subarray(0, length));
    } catch {
      decoded = null;
    }
    // The engine moved on while this was read (a stop released it): the call is over.
    if (Atomics.load(header, SLOT.CALL) !== seq) return null;
    this.taken = seq;
    if (!Array.isArray(decoded) || typeof decoded[0] !== "string" || !Array.isArray(decoded[1])) {
      return { seq, runId, op: "", args: [] };
    }
    return { seq, runId, op: decoded[0], args: decoded[1] as unknown[] };
  }

  /** Writes the reply to call `seq`, the engine being blocked on it; false when it is too long to go at once (the rest follows on "more"). */
  reply(seq: number, outcome: OpOutcome): boolean {
    const header = this.header;
    let length: number;
    try {
      length = encodeInto(this.data, outcome);
    } catch (error) {
      outcome = { ok: false, error: { name: "Error", message: `The host's answer could not be sent: ${(error as Error).message}` } };
      length = encodeInto(this.data, outcome);
    }
    this.rest = null;
    if (length >= 0) {
      header[SLOT.TOTAL] = length;
      header[SLOT.CHUNK] = length;
      this.publish(seq);
      return true;
    }
    this.rest = encodeValue(outcome);
    this.pendingSeq = seq;
    this.offset = 0;
    this.next();
    return false;
  }

  /** Writes the next chunk of a long reply (the engine asked with "more"). */
  next(): void {
    const bytes = this.rest;
    if (!bytes) return;
    const size = Math.min(this.data.length, bytes.length - this.offset);
    this.data.set(bytes.subarray(this.offset, this.offset + size));
    this.offset += size;
    if (this.offset >= bytes.length) this.rest = null;
    const header = this.header;
    header[SLOT.TOTAL] = bytes.length;
    header[SLOT.CHUNK] = size;
    this.publish(this.pendingSeq);
  }

  /** Tells the engine the chunk in the data area is call `seq`'s, waking it if it sleeps. */
  private publish(seq: number): void {
    const header = this.header;
    // What the engine did up to now: the hot path after this reply waits for anything newer.
    this.events = Atomics.load(header, SLOT.EVENTS);
    Atomics.store(header, SLOT.REPLY, seq);
    if (Atomics.load(header, SLOT.SLEEPING) !== 0) Atomics.notify(header, SLOT.REPLY);
  }
}
