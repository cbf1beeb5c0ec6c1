/**
 * The op contract: what one op is ({@link Op}), what it may use on the host
 * for one run ({@link OpContext}), and the state a run keeps between op
 * calls ({@link RunState}). A leaf module: it imports types only, and only
 * from modules that never import it back, so every op family and the table
 * that gathers them can depend on it without a circle.
 *
 * Every op takes the same beats, in this order:
 * 1. coerce its arguments once (`coerce.ts`);
 * 2. check availability: the driver can do it at all (a network adapter
 *    with the method, a command executor), else a clear
 *    `ERR_QUICKEXEC_NO_*` error;
 * 3. check the permission naming the API (`demand` in `permissions.ts`,
 *    the only way a denial is raised);
 * 4. make one call on the driver interface (`FileSystem`,
 *    `NetworkAdapter`, `CommandExecutor`);
 * 5. map the driver's error to Node's (`op-errors.ts`).
 * Availability comes before the permission because a check is never asked
 * about what cannot happen (test/fetch-dns.test.ts holds fetch and dns to it).
 *
 * Failures are thrown, by every op. A thrown error reaches the guest with
 * its name, message and Node's fields: code, errno, syscall, path, dest and
 * a network error's address, port and hostname (`serializeError`), and
 * nothing else.
 * @module
 */
import type { CommandExecutor, Permissions } from "../types.js";
import type { NetworkAdapter } from "../net/types.js";
import type { FileHandle, FileSystem } from "../fs/file-system.js";
import type { GuestServerRegistry } from "../net/guest-servers.js";
import type { ModuleFileCache } from "./module-files.js";
import type { WorkerSelf, WorkerStarter } from "./worker-link.js";

/** An open file of the guest's descriptor table. */
export interface OpenFile {
  /** Where the file really is (checked when it was opened). */
  readonly path: string;
  /** The filesystem's handle of it (closed by `fs.close`, or when the run ends). */
  readonly handle: FileHandle;
  /** Unregisters the run-end close once `fs.close` closed the handle. */
  readonly release: () => void;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly append: boolean;
  /** The file position for reads and writes without an explicit position. */
  position: number;
}

/** A `package.json` as the module resolver keeps it (null in the cache: none there). */
export interface PackageJson {
  /** The directory it is in. */
  dir: string;
  type?: unknown;
  main?: unknown;
  exports?: unknown;
  imports?: unknown;
  name?: unknown;
}

/** The guest's `fetch` requests of one run still in flight, by the guest's request id. */
export interface FetchRequests {
  readonly inFlight: Map<number, AbortController>;
  /** Ids aborted before their request reached the host (a transport that reorders). */
  readonly abortedEarly: Set<number>;
}

/** What one run keeps between op calls, besides descriptors and resources. */
export interface RunState {
  /** Where the run's guest servers are listed (shared by every run of a runtime; entries are owned by this state). */
  readonly guestServers: GuestServerRegistry;
  /** The run's fetches in flight. */
  readonly fetches: FetchRequests;
  /** The sandbox-local pid the next child of the run gets. */
  nextPid: number;
  /** Parsed `package.json` files by directory (null: none there), valid while `writes` is `packagesWrites`. */
  readonly packages: Map<string, PackageJson | null>;
  /** The run's filesystem writes so far (counted by `countWrites`). */
  writes: number;
  /** `writes` when `packages` was last emptied. */
  packagesWrites: number;
  /** Module files whose source the guest already received in this run (by `module.load` or `module.read`). */
  readonly sentModules: Set<string>;
  /** A read that `module.load` attempted and that failed: the guest's `module.read` right after it gets this error without a second attempt. */
  failedModuleRead: { file: string; error: unknown } | null;
}

/** The first pid the guest sees; each child of a run gets the next one. */
export const FIRST_CHILD_PID = 1000;

/** A new run's state, listing its guest servers in `guestServers`. */
export function createRunState(guestServers: GuestServerRegistry): RunState {
  return {
    guestServers,
    fetches: { inFlight: new Map(), abortedEarly: new Set() },
    nextPid: FIRST_CHILD_PID,
    packages: new Map(),
    writes: 0,
    packagesWrites: 0,
    sentModules: new Set(),
    failedModuleRead: null,
  };
}

/** What an op may use on the host for one run. */
export interface OpContext {
  /** The driver's permission checks. */
  readonly permissions: Permissions;
  /** The run's environment as the host tracks it (guest writes land here once allowed). */
  readonly env: Record<string, string>;
  /** The filesystem the guest's `fs` is served from, at the ops' level (`toFileSystem` of the driver's). */
  readonly fs: FileSystem;
  /** The guest's working directory (relative paths resolve against it; `process.chdir` moves it). */
  cwd: string;
  /** The guest's open files by descriptor. */
  readonly fds: Map<number, OpenFile>;
  /** The most bytes one read may bring into the sandbox (its memory limit). */
  readonly maxReadBytes: number;
  /** Starts child processes (absent: spawning fails with a clear error). */
  readonly commandExecutor?: CommandExecutor;
  /** Carries out network requests (absent: network calls fail with a clear error). */
  readonly network?: NetworkAdapter;
  /** Which kind of host runs the guest: child processes exist only under Node. */
  readonly hostKind: "node" | "browser";
  /** Sends an event to a guest handle (by its id): a child's output, a request for a guest server. */
  emit(target: number, name: string, value?: unknown): void;
  /**
   * Bytes sent with `emit` (Uint8Array values) that the guest's engine has not
   * taken yet: a producer past its budget is outrunning a busy guest.
   */
  queuedBytes(): number;
  /**
   * Registers what to do when the run ends however it ends (kill a child,
   * close a server); returns a function that unregisters it once the
   * resource is gone by itself.
   */
  onRunEnd(cleanup: () => void): () => void;
  /** Host resources of the run by the guest handle id they report to. */
  readonly resources: Map<number, unknown>;
  /** The run's state between op calls. */
  readonly run: RunState;
  /** What the runtime remembers of its filesystem's unchanging files, for the module resolver (absent: nothing). */
  readonly moduleFiles?: ModuleFileCache;
  /** Starts `worker_threads` workers for this run (absent: a worker run, or a host without workers). */
  readonly workers?: WorkerStarter;
  /** This run as a worker: its thread id, data and parent (absent: a main run). */
  readonly workerSelf?: WorkerSelf;
}

/** One op: plain arguments in, plain value out (or a thrown Node-style error). */
export type Op = (ctx: OpContext, args: readonly unknown[]) => unknown;

/** The ops of one family by name, as the op table gathers them. */
export type OpFamily = Readonly<Record<string, Op>>;
