/**
 * The first message a browser engine worker gets: what it is made of.
 * @module
 */

/** Page to worker, once, before any run. */
export interface BrowserWorkerInit {
  type: "init";
  /** The QuickJS module, compiled once per page. */
  wasmModule: WebAssembly.Module;
  /** Memory limit of the first sandbox to prepare. */
  memoryLimitMb: number;
  /**
   * Shared memory with the page: control slots, meter slots and the buffer
   * of synchronous ops (`createSyncCallBuffer`). Absent on a page that is not cross-origin
   * isolated: synchronous host calls then fail with `ERR_QUICKEXEC_SYNC_UNAVAILABLE`.
   */
  shared?: { control: SharedArrayBuffer; meter: SharedArrayBuffer; sync: SharedArrayBuffer };
}

/** The code synchronous host calls fail with on a page that is not cross-origin isolated. */
export const SYNC_UNAVAILABLE = "ERR_QUICKEXEC_SYNC_UNAVAILABLE";
