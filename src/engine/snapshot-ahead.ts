/**
 * Restoring a snapshot ahead of time, on an engine thread that restored it
 * before: a host that keeps a plugin's snapshot usually restores the same
 * one again and again (one module per request, say), and the engine pool
 * hands the same thread the next run. So once a thread has restored a
 * snapshot twice in a row, it restores it once more into a sandbox of its
 * own while it is idle (its pages written, its pointers rewrapped), and the
 * next restore of the same snapshot takes that sandbox as it is: what is
 * left on the restore's path is handing it over. The sandbox restored ahead
 * reuses the instance of the module that was restored last once it ended:
 * its memory is backed already, and page faults, not copying, are what a
 * restore into new memory mostly costs.
 *
 * A snapshot is known by its SHA-256 (`SnapshotPayload.digest`, set when its
 * bytes were read and verified), so only the very same bytes take the
 * sandbox restored ahead; anything else restores as before. The thread
 * keeps one such sandbox, for the last snapshot it restored, besides its
 * prepared one: a normal run never waits for it.
 * @module
 */
import type { EngineInstance } from "./instance.js";
import { usedPages } from "./memory-image.js";
import { Sandbox } from "./sandbox.js";
import type { SnapshotPayload } from "./snapshot-protocol.js";

/** A sandbox holding a snapshot, restored (or being restored) ahead of its run. */
interface Restored {
  digest: string;
  memoryLimitMb: number;
  sandbox: Promise<Sandbox | null>;
}

/** One engine thread's snapshot restored ahead (see the module's description). */
export class RestoreAhead {
  /** The last snapshot restored on this thread, and the memory limit it was restored under. */
  private last: { payload: SnapshotPayload & { digest: string }; memoryLimitMb: number } | null = null;
  private ready: Restored | null = null;
  /** Whether the last two snapshots restored (under the same limit) were the same. */
  private repeated = false;
  /** The instance of the last restored module that ended, to restore into next. */
  private spare: { instance: EngineInstance; memoryLimitMb: number } | null = null;

  /**
   * @param wasmModule the compiled QuickJS module.
   * @param maxStackBytes QuickJS's stack limit on this thread.
   */
  constructor(
    private readonly wasmModule: WebAssembly.Module,
    private readonly maxStackBytes: number,
  ) {}

  /**
   * The sandbox restored ahead for this snapshot under `memoryLimitMb`, if
   * there is one (it is taken: the next one is made by {@link prepare});
   * null otherwise, or if restoring it ahead failed.
   */
  async take(payload: SnapshotPayload, memoryLimitMb: number): Promise<Sandbox | null> {
    const ready = this.ready;
    if (!ready || payload.digest === undefined || ready.digest !== payload.digest || ready.memoryLimitMb !== memoryLimitMb) return null;
    this.ready = null;
    const sandbox = await ready.sandbox;
    return sandbox && !sandbox.poisoned ? sandbox : null;
  }

  /** Remembers the snapshot a run restored (bytes never verified have no digest, and are not remembered). */
  note(payload: SnapshotPayload, memoryLimitMb: number): void {
    const { digest } = payload;
    if (digest === undefined) return;
    this.repeated = this.last?.payload.digest === digest && this.last.memoryLimitMb === memoryLimitMb;
    this.last = { payload: { ...payload, digest }, memoryLimitMb };
    // A sandbox restored ahead for another snapshot will not be asked for.
    if (this.ready && (this.ready.digest !== digest || this.ready.memoryLimitMb !== memoryLimitMb)) this.ready = null;
  }

  /**
   * Keeps the instance of a restored module that ended (see
   * `Sandbox.reclaim`) for the next restore ahead: its memory is backed
   * already, where a fresh instance's pages would each fault in as they are
   * written (which costs far more than copying them). One is kept.
   */
  reclaim(instance: EngineInstance | null, memoryLimitMb: number): void {
    if (instance && !this.ready) this.spare = { instance, memoryLimitMb };
  }

  /**
   * Restores the last snapshot noted ahead, unless that is done already:
   * into the reclaimed instance (its pages holding data are found by a scan,
   * and each is rewritten or cleared), else into a fresh instance of the
   * snapshot's size. Call while idle.
   */
  prepare(): void {
    const last = this.last;
    const kept = this.spare;
    this.spare = null;
    // Only a snapshot restored twice in a row is restored ahead: a thread that restores many different ones does no work for nothing.
    if (!last || !this.repeated || this.ready) return;
    const { payload, memoryLimitMb } = last;
    const spare = kept?.memoryLimitMb === memoryLimitMb ? kept.instance : null;
    const restored = (async () => {
      // Off the message's path: the scan runs after the thread has answered the host.
      await Promise.resolve();
      const reuse = spare ? { instance: spare, written: new Set(usedPages(spare.memory)) } : null;
      return Sandbox.restore(this.wasmModule, payload, memoryLimitMb, this.maxStackBytes, reuse);
    })();
    // A refused or failed restore is restored (and refused) again on the run's own path.
    this.ready = { digest: payload.digest, memoryLimitMb, sandbox: restored.catch(() => null) };
  }
}
