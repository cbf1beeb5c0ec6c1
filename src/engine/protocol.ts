/**
 * What crosses between the host and the engine: the run specification, op
 * calls and their outcomes, and the engine's result. Plain, structured-clonable
 * data only, so every transport (worker_threads, Web Workers) can carry it.
 * @module
 */
import type { SnapshotPayload } from "./snapshot-protocol.js";

/** Exit codes, one meaning each (see the README's table). */
export const EXIT = {
  /** The program ended normally. */
  OK: 0,
  /** An uncaught error or unhandled rejection, or results that could not be copied out. */
  UNCAUGHT: 1,
  /** A budget was spent: `cpuTimeLimitMs`, `fuelLimit` or `wallTimeLimitMs` (the `errorMessage` names which). */
  CPU_LIMIT: 124,
  /** The `memoryLimit` was reached. */
  MEMORY_LIMIT: 137,
  /** `terminate()` or `dispose()` stopped the run. */
  TERMINATED: 143,
  /** The engine itself failed (a host-level fault inside the engine); the instance was discarded. */
  ENGINE_FAILURE: 70,
} as const;

/** The QuickJS module declares 256 pages (16 MiB) as its minimum memory: the smallest possible limit. */
export const MIN_MEMORY_MB = 16;
/** emscripten's heap cannot pass 2 GiB in this build: the largest possible limit. */
export const MAX_MEMORY_MB = 2048;

/** The `process` values the guest sees, fully resolved by the host. */
export interface ResolvedProcess {
  cwd: string;
  env: Record<string, string>;
  argv: string[];
  platform: string;
  arch: string;
  version: string;
  versions: Record<string, string>;
  pid: number;
  ppid: number;
  /** `process.getuid()` / `geteuid()`. */
  uid?: number;
  /** `process.getgid()` / `getegid()`. */
  gid?: number;
  title: string;
  execPath: string;
}

/** The `os` values the guest sees, fully resolved by the host. */
export interface ResolvedOS {
  platform: string;
  arch: string;
  type: string;
  release: string;
  version: string;
  hostname: string;
  homedir: string;
  tmpdir: string;
  endianness: "LE" | "BE";
  machine: string;
  cpus: number;
  totalmem: number;
  freemem: number;
  uptime: number;
  username: string;
}

/** Everything the engine needs to run one program. */
export interface RunSpec {
  /** The program's source text. */
  code: string;
  /** The program's path in the sandbox. */
  filePath: string;
  /** `run` copies exports out; `exec` does not; `live` keeps the sandbox for calls (see `live-protocol.ts`). */
  mode: "run" | "exec" | "live";
  /** Memory cap in MiB. */
  memoryLimitMb: number;
  /** CPU budget in ms, or 0 for none. */
  cpuTimeLimitMs: number;
  /** Fuel budget (see `CpuMeter`), or 0/absent for none. */
  fuelLimit?: number;
  /** Real-time budget in ms, or 0/absent for none. */
  wallTimeLimitMs?: number;
  /** Clock seen by the guest: virtual (moves with fuel and jumps to timers), frozen, or the real one. */
  timing: "virtual" | "freeze" | "off";
  /** Epoch milliseconds at the start of the run: the virtual clock's start instant, the frozen clock's value, or the host's clock. */
  startTime: number;
  /**
   * The seed every random source of the guest draws from (see
   * `src/reproducible-options.ts` for its form), or absent for the host's entropy.
   */
  randomSeed?: string;
  /** Values for `process`. */
  process: ResolvedProcess;
  /** Values for `os`. */
  os: ResolvedOS;
  /** Bytes the guest reads from stdin. */
  stdin: Uint8Array | null;
  /** Whether the host listens to stdio (output is dropped early otherwise). */
  stdio: boolean;
  /**
   * Ops the engine answers itself with the error given, by op-name prefix:
   * what this host cannot do at all (decided in `src/unavailable-ops.ts`:
   * child processes in the browser), so the answer is the same whether or
   * not the engine can reach the host.
   */
  refusedOps?: RefusedOps;
  /** `live` only: the module is restored from this snapshot instead of loading `code`. */
  restore?: SnapshotPayload;
  /** A worker_threads worker: its uncaught error goes to the parent's `error` event, not to stderr. */
  quietUncaught?: boolean;
}

/** Refused ops by op-name prefix (`"child."` refuses every `child.*` op), each with the error it answers. */
export type RefusedOps = Readonly<Record<string, SerializedError>>;

/**
 * A host error in a form the guest turns into a Node-style error: these
 * fields and nothing else, each a primitive of its type.
 */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
  /** A network error's address (`connect ECONNREFUSED 127.0.0.1:1`). */
  address?: string;
  /** A network error's port. */
  port?: number;
  /** A name resolution's (or network error's) hostname. */
  hostname?: string;
}

/** The outcome of one op call. */
export type OpOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/**
 * Something the host tells a running guest: an async op settled (`target` is
 * the op's id, `name` "ok" or "error") or a handle's resource has news (a
 * child's output, a request for a guest server). `value` is plain data
 * (Uint8Array for bytes, a {@link SerializedError} for "error").
 */
export interface HostEvent {
  target: number;
  name: string;
  value?: unknown;
}

/** What the engine reports when a run ends. */
export interface EngineResult {
  code: number;
  errorMessage?: string;
  /** The exports as the guest serialized them (`run` mode only); the host revives them. */
  exportsJson?: string;
  /** Interrupt-handler calls during the run. */
  fuel: number;
  /** Time the engine spent on the run (guest code and its own work for it; waits excluded), ms. */
  cpuTimeMs: number;
}

/** Indices of the Float64 slots the engine publishes for the host's watchdog. */
export const METER = {
  /** `performance.timeOrigin + performance.now()` when the current guest slice began; 0 when the engine is not running guest code. */
  SLICE_START: 0,
  /** Guest execution time (ms) used before the current slice. */
  USED: 1,
  /** Number of slots. */
  LENGTH: 2,
} as const;

/** Indices of the Int32 control slots shared between host and engine. */
export const CONTROL = {
  /** Set by the host to ask the engine to stop the current run: a {@link STOP_CODE}. */
  STOP: 0,
  /** Number of slots. (Synchronous calls have their own buffer: see `sync-calls.ts`.) */
  LENGTH: 1,
} as const;

/** Values of the `CONTROL.STOP` slot: why the host asks the engine to stop. */
export const STOP_CODE = {
  /** `terminate()` or `dispose()`. */
  TERMINATE: 1,
  /** The `wallTimeLimitMs` passed. */
  WALL_TIME: 2,
} as const;

/**
 * Numbers an engine thread's synchronous calls 1, 2, ... (wrapping before
 * 2^31, never 0), so a reply is matched to its call and a late one is dropped.
 */
export function callNumbers(): () => number {
  let last = 0;
  return () => (last = last >= 0x7fffffff ? 1 : last + 1);
}
