/**
 * What crosses between the host and the engine for a live module's snapshot
 * (`module.snapshot()`, `runtime.restore(bytes)`): the module's state as the
 * engine captures it and as it is handed back to restore it. The bytes a
 * host keeps (magic, versions, integrity hash) are made from this on the host
 * side, in `src/live/snapshot-format.ts`. Plain, structured-clonable data only.
 * @module
 */

/**
 * The pointers that locate a sandbox's parts in its memory: what a memory
 * image needs besides its pages (the prelude's image in `sandbox-image.ts`,
 * a live module's snapshot in `snapshot-image.ts`).
 */
export interface SandboxPointers {
  /** The `JSRuntime*`. */
  runtime: number;
  /** The `JSContext*`. */
  context: number;
  /** The `JSValue*` of the prelude's API object. */
  api: number;
  /** The `JSValue*` of each API function, in the order of `API_FUNCTIONS`. */
  fns: number[];
  /** The rejection table's 8-byte heap cell. */
  scratch: number;
  /** The rejection tracker's index in the function table. */
  tracker: number;
  /** The host-reference id of the first host function (the rest follow in order). */
  firstHostRef: number;
}

/** Where a live session keeps its own handles, and what it knows besides the sandbox. */
export interface LiveSessionState {
  /** `JSValue*` of the guest's `internal/live` `describe`. */
  describe: number;
  /** `JSValue*` of the guest's `internal/live` `call`. */
  call: number;
  /** `JSValue*` of the guest's `internal/live` `encode`. */
  encode: number;
  /** `JSValue*` of the guest's `internal/live` `inspect` (the REPL's value printer). */
  inspect: number;
  /** `JSValue*` of the exports' root. */
  root: number;
  /** The guest's monotonic clock (ms since the load) when captured: it goes on from there. */
  clockMs: number;
  /** The exports as the load described them (`{"functions": [...], "data": ...}`). */
  exportsJson: string;
  /** The program's path in the sandbox. */
  filePath: string;
  /** The guest's `TZ` when captured (the zone is the host's state, not the memory's); absent: none set. */
  timeZone?: string;
}

/** A live module's whole state: its memory's non-zero pages and what the engine keeps for it. */
export interface SnapshotPayload {
  /** The wasm build's identity (see `wasmBuildId`): a snapshot restores only into the same build. */
  wasmBuild: string;
  /** The linear memory's size when captured, in bytes (a multiple of 64 KiB). */
  memoryBytes: number;
  /** The index of each stored page, ascending; every other page was zero. */
  pageIndex: Uint32Array;
  /** The stored pages' contents, 64 KiB each, in the order of `pageIndex`. */
  pageData: Uint8Array;
  /** Where the runtime, context and prelude API are. */
  sandbox: SandboxPointers;
  /** The live session's handles and state. */
  session: LiveSessionState;
  /**
   * The SHA-256 of the snapshot's bytes (hex), once they were read and
   * verified: what an engine thread knows a snapshot it restored before by
   * (see `snapshot-ahead.ts`). Absent in a capture.
   */
  digest?: string;
}

/** Error codes of snapshots (`SnapshotError.code`). */
export const SNAPSHOT_ERRORS = {
  /** Something is pending (timers, host operations...): the module cannot be captured now. */
  PENDING: "ERR_QUICKEXEC_SNAPSHOT_PENDING",
  /** Not snapshot bytes at all (wrong type, or no quickexec magic). */
  INVALID: "ERR_QUICKEXEC_SNAPSHOT_INVALID",
  /** Bytes shorter (or longer) than the snapshot they claim to be. */
  TRUNCATED: "ERR_QUICKEXEC_SNAPSHOT_TRUNCATED",
  /** The integrity hash does not match: the bytes were changed. */
  INTEGRITY: "ERR_QUICKEXEC_SNAPSHOT_INTEGRITY",
  /** Made by another snapshot format, quickexec version or wasm build. */
  VERSION: "ERR_QUICKEXEC_SNAPSHOT_VERSION",
  /** The snapshot's memory is larger than this runtime's `memoryLimit`. */
  MEMORY_LIMIT: "ERR_QUICKEXEC_SNAPSHOT_MEMORY_LIMIT",
} as const;
