/**
 * Replies to synchronous ops through shared memory, for Web Workers (which
 * have no `receiveMessageOnPort`): the page encodes the outcome and writes it
 * into a shared buffer in chunks; the engine, blocked in `Atomics.wait`, copies
 * each chunk and asks for the next with a "more" message until it has all.
 * The state slot holds the number of the call whose chunk is ready (0: none),
 * so a reply can never be taken for another call's.
 * @module
 */
import type { OpOutcome } from "../engine/protocol.js";
import { decodeValue, encodeValue } from "./reply-codec.js";

/** Int32 header slots: STATE is the number of the call whose chunk is in the buffer, 0 while none is. */
const STATE = 0;
const TOTAL = 1;
const CHUNK = 2;
const HEADER_BYTES = 16;
/** Bytes of reply data that cross at once. */
export const SYNC_CHUNK_BYTES = 1 << 20;

/** Makes the shared buffer one engine thread's replies go through. */
export function createSyncBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + SYNC_CHUNK_BYTES);
}

/** The page's end: writes replies. */
export class SyncReplyWriter {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  private pending: Uint8Array | null = null;
  private pendingSeq = 0;
  private offset = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Starts the reply to the op `seq` the engine is blocked on. */
  reply(seq: number, outcome: OpOutcome): void {
    let bytes: Uint8Array;
    try {
      bytes = encodeValue(outcome);
    } catch (error) {
      bytes = encodeValue({ ok: false, error: { name: "Error", message: `The host's answer could not be sent: ${(error as Error).message}` } });
    }
    this.pending = bytes;
    this.pendingSeq = seq;
    this.offset = 0;
    this.next();
  }

  /** Sends the next chunk of the reply in progress. */
  next(): void {
    const bytes = this.pending;
    if (!bytes) return;
    const size = Math.min(this.data.length, bytes.length - this.offset);
    this.data.set(bytes.subarray(this.offset, this.offset + size));
    this.offset += size;
    if (this.offset >= bytes.length) this.pending = null;
    this.header[TOTAL] = bytes.length;
    this.header[CHUNK] = size;
    Atomics.store(this.header, STATE, this.pendingSeq);
    Atomics.notify(this.header, STATE);
  }
}

/** The engine's end: blocks until a whole reply arrived. */
export class SyncReplyReader {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /**
   * Sends the request, then waits for the reply.
   * @param seq the call's number (never 0), which the page's reply carries.
   * @param request posts the op to the page.
   * @param more asks the page for the next chunk.
   */
  call(seq: number, request: () => void, more: () => void): OpOutcome {
    Atomics.store(this.header, STATE, 0);
    request();
    this.await(seq);
    const total = this.header[TOTAL]!;
    const out = new Uint8Array(total);
    let received = 0;
    for (;;) {
      const size = this.header[CHUNK]!;
      out.set(this.data.subarray(0, size), received);
      received += size;
      if (received >= total) break;
      Atomics.store(this.header, STATE, 0);
      more();
      this.await(seq);
    }
    return decodeValue(out) as OpOutcome;
  }

  /** Blocks until the chunk in the buffer is one of call `seq`'s. */
  private await(seq: number): void {
    for (let state = Atomics.load(this.header, STATE); state !== seq; state = Atomics.load(this.header, STATE)) {
      Atomics.wait(this.header, STATE, state);
    }
  }
}
