/**
 * Public types of quickexec: permissions, drivers, run options and results.
 *
 * These shapes are the API contract taken from the seed documents; names and
 * option shapes must not drift.
 * @module
 */

/** The answer of a permission callback. */
export type PermissionDecision = {
  /** `true` lets the operation go on; anything else denies it. */
  allow: boolean;
  /** Shown to the guest in the error message of a denial. */
  reason?: string;
};

/** A permission callback: inspects a request, returns a decision. Runs on the host. */
export type PermissionCheck<T> = (request: T) => PermissionDecision;

/**
 * What a filesystem check is asked about: the API family. `read` and `write`
 * cover content (and the flags of `open`), `stat` metadata and path lookups,
 * `exists` `fs.exists*`, `rm` unlink/rmdir/rm, and the rest the call of that
 * name. Two-path calls are asked once per path.
 */
export type FsOperation =
  | "read" | "write" | "open" | "stat" | "exists" | "readdir" | "mkdir" | "rm" | "rename"
  | "chmod" | "chown" | "utimes" | "truncate" | "link" | "symlink" | "readlink";

/** Filesystem access request (`op` names the API family: read, write, mkdir, ...). */
export type FsAccessRequest = {
  op: FsOperation;
  path: string;
};

/** What a network check is asked about: a `fetch`, an `http`/`https` client request, a `dns` lookup, a server's `listen`. */
export type NetworkOperation = "fetch" | "http" | "dns" | "listen";

/** Network access request. */
export type NetworkAccessRequest = {
  op: NetworkOperation;
  url?: string;
  method?: string;
  hostname?: string;
};

/** Child process spawn request. */
export type ChildProcessAccessRequest = {
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
};

/** Environment variable access request. */
export type EnvAccessRequest = {
  op: "read" | "write";
  key: string;
  value?: string;
};

/** Permission callbacks, one per domain. A missing domain denies everything in it. */
export type Permissions = {
  fs?: PermissionCheck<FsAccessRequest>;
  network?: PermissionCheck<NetworkAccessRequest>;
  childProcess?: PermissionCheck<ChildProcessAccessRequest>;
  env?: PermissionCheck<EnvAccessRequest>;
};

/** What the guest sees as `process.*`. Every field has a harmless default. */
export type ProcessConfig = {
  /** `process.cwd()`; default `"/root"`. */
  cwd?: string;
  /** Candidate `process.env`; each key is shown only if the `env` permission allows reading it. */
  env?: Record<string, string>;
  /** `process.argv`; default `["node", <filePath>]`. */
  argv?: string[];
  /** `process.platform`; default `"linux"`. */
  platform?: string;
  /** `process.arch`; default `"x64"`. */
  arch?: string;
  /** `process.version`; default `"v20.0.0"`. */
  version?: string;
  /** `process.pid`; default `1`. */
  pid?: number;
  /** `process.ppid`; default `0`. */
  ppid?: number;
  /** `process.title`; default `"node"`. */
  title?: string;
  /** `process.execPath`; default `"/usr/local/bin/node"`. */
  execPath?: string;
  /** `process.getuid()` / `geteuid()`; default `0`. */
  uid?: number;
  /** `process.getgid()` / `getegid()`; default `0`. */
  gid?: number;
  /** What the guest reads from `process.stdin` when `exec` is given no `stdin` (and in `run`). */
  stdin?: string | Uint8Array;
  /** The clock policy when `NodeRuntime` and `exec` set none; default `"freeze"`. */
  timingMitigation?: TimingMitigation;
  /** With timing `"freeze"`: the time (ms since the epoch) the guest's frozen clock shows; default the run's start. */
  frozenTimeMs?: number;
};

/** What the guest sees from `os.*`. Every field has a harmless default. */
export type OSConfig = {
  platform?: string;
  arch?: string;
  type?: string;
  release?: string;
  version?: string;
  hostname?: string;
  homedir?: string;
  tmpdir?: string;
  endianness?: "LE" | "BE";
  machine?: string;
  cpus?: number;
  totalmem?: number;
  freemem?: number;
  uptime?: number;
  username?: string;
};

/** One chunk of guest output. */
export type StdioEvent = {
  channel: "stdout" | "stderr";
  message: string;
};

/** Receives guest console and `process.stdout` / `process.stderr` output. */
export type StdioHook = (event: StdioEvent) => void;

/** Figures measured for one run. */
export type RunStats = {
  /**
   * Interrupt-handler calls made by the engine during the run (about one per
   * 10,000 interpreter steps). The same program and input give the same count
   * on every run and every machine.
   */
  fuel: number;
  /** Wall time of the run on the host, in milliseconds. */
  wallTimeMs: number;
  /**
   * Time the engine spent on the run (guest code and the engine's work for it;
   * waits for timers, host operations and output excluded), in milliseconds.
   */
  cpuTimeMs: number;
};

/** The result of {@link NodeRuntime.exec}. */
export type ExecResult = {
  /** The exit code; see the exit-code table in the README. */
  code: number;
  /** Why the run failed, when it did. */
  errorMessage?: string;
  /** Figures measured for the run. */
  stats: RunStats;
};

/** The result of {@link NodeRuntime.run}: an exec result plus the copied exports. */
export type RunResult<T = unknown> = ExecResult & {
  /** A copy of `module.exports`, or of the ES module namespace. */
  exports?: T;
};

/** Per-call options of {@link NodeRuntime.exec}. */
export type ExecOptions = {
  /** The program's path inside the sandbox; `.mjs` makes it an ES module. */
  filePath?: string;
  /** Extra environment variables, merged over `processConfig.env` (still subject to the `env` permission). */
  env?: Record<string, string>;
  /** The program's working directory. */
  cwd?: string;
  /** What the guest reads from `process.stdin`. */
  stdin?: string | Uint8Array;
  /** CPU limit for this call, overriding the runtime's. */
  cpuTimeLimitMs?: number;
  /** Clock policy for this call, overriding the runtime's. */
  timingMitigation?: TimingMitigation;
  /** Fuel limit for this call, overriding the runtime's (see `NodeRuntimeOptions.fuelLimit`). */
  fuelLimit?: number;
  /** Wall-time limit for this call in ms, overriding the runtime's. */
  wallTimeLimitMs?: number;
  /** Output hook for this call, overriding the runtime's. */
  onStdio?: StdioHook;
  /** Random seed for this call, overriding the runtime's `randomSeed`. */
  randomSeed?: RandomSeed;
  /** Start instant of the virtual clock for this call, overriding the runtime's `virtualClockStart`. */
  virtualClockStart?: number | Date;
};

/**
 * How the guest sees the clock: `"virtual"` (default) a clock that starts at
 * a fixed instant and moves only with the guest's work and its timers,
 * `"freeze"` a clock stopped at the run's start, `"off"` the host's real clock.
 * See the README's "Reproducible runs".
 */
export type TimingMitigation = "virtual" | "freeze" | "off";

/**
 * A seed for every random source of the guest (`Math.random`, `crypto`): a
 * safe integer or a string (the number `1` and the string `"1"` are different seeds).
 */
export type RandomSeed = number | string;

/** A child process started by a {@link CommandExecutor}. */
export interface SpawnedProcess {
  /** Writes to the child's stdin. */
  writeStdin(data: Uint8Array | string): void;
  /** Closes the child's stdin. */
  closeStdin(): void;
  /** Sends a signal, by number (15 is SIGTERM, 9 SIGKILL), to the child. */
  kill(signal?: number): void;
  /**
   * Resolves once the child has exited and its output is flushed: with the
   * exit code, or with `{ code, signal }` when the executor can tell that a
   * signal ended it (`signal` a name such as `"SIGTERM"`, `code` then null).
   */
  wait(): Promise<number | ChildExitStatus>;
}

/** How a child process ended. */
export interface ChildExitStatus {
  /** The exit code, or null when a signal ended the child. */
  code: number | null;
  /** The signal that ended the child (e.g. `"SIGKILL"`), or null. */
  signal: string | null;
}

/** Options the op layer passes to {@link CommandExecutor.spawn}. */
export interface CommandSpawnOptions {
  /** Working directory (a sandbox path; the executor maps it to the host). */
  cwd?: string;
  /** The child's whole environment (already filtered: no `LD_PRELOAD`, `NODE_OPTIONS`, ...). */
  env?: Record<string, string>;
  /** Receives the child's stdout as it arrives. */
  onStdout?: (data: Uint8Array) => void;
  /** Receives the child's stderr as it arrives. */
  onStderr?: (data: Uint8Array) => void;
}

/** Starts child processes for the guest's `child_process`, after the `childProcess` permission allowed them. */
export interface CommandExecutor {
  /** Starts `command` with `args`; must not throw for a missing command (report it through `wait()` or output instead). */
  spawn(command: string, args: string[], options: CommandSpawnOptions): SpawnedProcess;
}
