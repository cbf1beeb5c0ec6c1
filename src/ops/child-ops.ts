/**
 * Child process ops: the guest's `child_process` reaches the host's
 * {@link CommandExecutor} only through these, after the `childProcess`
 * permission allowed the spawn.
 *
 * Every spawn is described the same way to the check: the command and
 * arguments as they will run (`shell: true` already turned into
 * `/bin/sh -c ...` by the guest), the working directory resolved against the
 * guest's cwd, and the child's whole environment after
 * {@link childEnvironment} removed what would make it load other code.
 *
 * - `child.spawn(handle, command, args, options)` starts a child for a guest
 *   handle and returns at once; the host pushes `stdout` / `stderr` (bytes),
 *   `exit` (`{ code, signal }`), `error` (a running child failed) or `failed`
 *   (it never ran) to the handle. `child.write` (async: it settles when the
 *   executor took the bytes), `child.end` and `child.kill` act on it.
 * - `child.spawnSync(command, args, options, input?)` runs a child to its end
 *   while the guest waits, and returns `{ pid, status, signal, stdout,
 *   stderr, error? }`.
 *
 * Children still running when the run ends, however it ends, are killed with
 * SIGKILL.
 * @module
 */
import { demand } from "../permissions.js";
import { codedError, ERRNO } from "../errors.js";
import type { ChildExitStatus, CommandExecutor, SpawnedProcess } from "../types.js";
import { childEnvironment } from "../child/env.js";
import { SIGKILL, SIGTERM, signalName } from "../child/signals.js";
import { setLongTimeout } from "../timers.js";
import { resolvePath } from "../fs/paths.js";
import {
  argvArg,
  bytesArg,
  envArg,
  intArg,
  maxBufferArg,
  optionsArg,
  signalArg,
  streamModesArg,
  stringArg,
  timeoutArg,
  type StreamMode,
} from "./coerce.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";
import { unavailableOp } from "../unavailable-ops.js";

/**
 * The most bytes of event data (all of the run's, a child's output included)
 * that may wait for the guest to take them. A child whose output pushes the
 * queue past it is killed (SIGKILL) with an `ERR_QUICKEXEC_CHILD_OUTPUT_OVERFLOW`
 * error, so a child that writes endlessly while the guest computes cannot
 * grow the host's memory without bound. Children of an executor that can
 * pause their output ({@link PausableOutput}) are paused long before that
 * (at {@link PAUSE_CHILD_OUTPUT_AT}); for the others 16 MiB is far more than
 * a guest that keeps reading usually leaves queued, and small next to a
 * host's memory.
 */
export const MAX_QUEUED_CHILD_OUTPUT = 16 * 1024 * 1024;

/**
 * Queued bytes past which a child's output is paused, when its executor can
 * ({@link PausableOutput}); it resumes once the guest took all but
 * {@link RESUME_CHILD_OUTPUT_AT}. The guest then gets Node's backpressure: a
 * child writing faster than the guest reads waits, as on a full pipe.
 */
export const PAUSE_CHILD_OUTPUT_AT = 1024 * 1024;

/** Queued bytes below which paused output resumes (checked every {@link RESUME_POLL_MS} ms while paused). */
export const RESUME_CHILD_OUTPUT_AT = 256 * 1024;

/** How often a paused child checks whether the guest caught up. */
const RESUME_POLL_MS = 5;

/**
 * An optional capability of a {@link SpawnedProcess}: stop and restart
 * reading the child's output (the built-in executor has it). Without it, a
 * child that outruns the guest is killed at {@link MAX_QUEUED_CHILD_OUTPUT}.
 */
export interface PausableOutput {
  /** Stops delivering stdout/stderr (the child blocks once its pipes fill). */
  pauseOutput(): void;
  /** Delivers output again. */
  resumeOutput(): void;
}

function canPause(proc: SpawnedProcess): proc is SpawnedProcess & PausableOutput {
  const p = proc as Partial<PausableOutput>;
  return typeof p.pauseOutput === "function" && typeof p.resumeOutput === "function";
}

/** A spawn as the permission check sees it and the executor runs it. */
interface ChildRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** A child started by `child.spawn`, kept in `ctx.resources` under the guest handle it reports to. */
class RunningChild {
  /** The executor's process (set right after the executor started it). */
  proc!: SpawnedProcess;
  /** The exit (or failure) has been reported; nothing more is sent. */
  ended = false;
  /** The last signal sent to the child, by name. */
  sentSignal: string | null = null;
  /** Killed for flooding the guest's queue: its further output is dropped. */
  overflowed = false;
  stdinClosed = false;
  /** While its output is paused: the timer that checks whether the guest caught up. */
  resumeTimer: ReturnType<typeof setTimeout> | null = null;
}

/** The next sandbox-local pid of the run (the host's real pid is never shown). */
function nextPid(ctx: OpContext): number {
  return ctx.run.nextPid++;
}

/** Coerces the spawn arguments once and resolves cwd and env. */
function childRequest(ctx: OpContext, commandArg: unknown, argsArg: unknown, options: Record<string, unknown>): ChildRequest {
  const command = stringArg(commandArg, "file");
  const args = argvArg(argsArg);
  const cwd = options.cwd === undefined || options.cwd === null ? ctx.cwd : resolvePath(ctx.cwd, stringArg(options.cwd, "options.cwd"));
  const env = envArg(options.env, ctx.env);
  return { command, args, cwd, env: childEnvironment(env) };
}


/** The executor, or the error that says why this host cannot start processes. */
function executorFor(ctx: OpContext, syscall: string, command: string): CommandExecutor {
  let why: string | null = null;
  // Whether this host can start processes at all is decided in unavailable-ops.ts (the engine usually answered already).
  const unavailable = unavailableOp(ctx.hostKind, `child.${syscall}`);
  if (unavailable) why = unavailable.message;
  else if (!ctx.commandExecutor) why = "child processes are not available: no commandExecutor was given to createNodeDriver";
  if (why !== null) {
    throw codedError(Error, "ERR_QUICKEXEC_NO_CHILD_PROCESS", why, { errno: ERRNO.ENOSYS, syscall: `${syscall} ${command}`, path: command });
  }
  return ctx.commandExecutor!;
}

/** Asks the `childProcess` permission; throws Node's EACCES naming the command and the check's reason. */
function demandChild(ctx: OpContext, request: ChildRequest, syscall: string): void {
  const checked = { command: request.command, args: [...request.args], cwd: request.cwd, env: { ...request.env } };
  demand(ctx.permissions, "childProcess", checked, {
    syscall,
    subject: request.command,
    path: request.command,
    fields: { syscall: `${syscall} ${request.command}` },
  });
}

/**
 * How the child ended, from what the executor's `wait()` resolved. An object
 * (`{ code, signal }`) is taken as it is. A bare number cannot tell a signal
 * from an exit (the seed's executor resolves `code ?? 1`), so: if quickexec
 * sent the child a signal (the guest's `kill()`, a timeout, maxBuffer, the
 * end of the run) and the number is not 0, the child is reported as ended by
 * the last signal sent (`code` null), as Node would report it; a 0 stays a
 * clean exit (the child handled the signal and exited normally).
 */
export function exitStatusOf(value: unknown, sentSignal: string | null): ChildExitStatus {
  if (typeof value === "number" && Number.isInteger(value)) {
    return value !== 0 && sentSignal !== null ? { code: null, signal: sentSignal } : { code: value, signal: null };
  }
  if (value !== null && typeof value === "object") {
    const { code, signal } = value as Partial<ChildExitStatus>;
    if (typeof signal === "string" && signal !== "") return { code: null, signal };
    if (typeof code === "number" && Number.isInteger(code)) return { code, signal: null };
  }
  throw new TypeError(`The commandExecutor's wait() resolved ${value === null ? "null" : typeof value}; expected an exit code or { code, signal }`);
}

/** A failure to start (or to wait for) a child, as plain data: Node's `spawn <command> ENOENT` when the error has a POSIX code. */
function failureOf(error: unknown, syscall: string, command: string): { message: string; code: string; errno?: number } {
  const e = (error ?? {}) as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code !== undefined && /^E[A-Z0-9]+$/.test(code)) {
    const errno = typeof e.errno === "number" ? e.errno : ERRNO[code];
    return { message: `${syscall} ${command} ${code}`, code, ...(errno === undefined ? {} : { errno }) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `${syscall} ${command}: ${message}`, code: code ?? "ERR_QUICKEXEC_CHILD_FAILED" };
}

/**
 * A copy of one chunk of output, sized to it (a pooled Buffer's slab never
 * travels; `Buffer#slice` would be a view, so the copy is a new Uint8Array).
 */
function chunkOf(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data.byteLength === 0 ? null : new Uint8Array(data);
  if (typeof data === "string") return data === "" ? null : new TextEncoder().encode(data);
  return null;
}

/** Whether `signal` is a signal number quickexec knows. */
const knownSignal = (signal: number): boolean => signalName(signal) !== undefined;

function brokenPipe(): Error {
  return codedError(Error, "EPIPE", "write EPIPE", { errno: ERRNO.EPIPE, syscall: "write" });
}

function childOf(ctx: OpContext, handle: number): RunningChild | undefined {
  const child = ctx.resources.get(handle);
  return child instanceof RunningChild ? child : undefined;
}

/** `child_process.spawn`: `[handle, command, args, { cwd, env, stdio }]` → `{ pid }`. */
const childSpawn: Op = (ctx, args) => {
  const handle = intArg(args[0], "handle");
  const options = optionsArg(args[3]);
  const request = childRequest(ctx, args[1], args[2], options);
  const executor = executorFor(ctx, "spawn", request.command);
  demandChild(ctx, request, "spawn");
  if (ctx.resources.has(handle)) throw new Error(`Handle ${handle} already has a resource`);
  const [stdinMode, stdoutMode, stderrMode] = streamModesArg(options.stdio);

  const child = new RunningChild();
  const kill = (signal: number): void => {
    child.sentSignal = signalName(signal) ?? null;
    child.proc.kill(signal);
  };
  const stopWaiting = (): void => {
    if (child.resumeTimer !== null) clearTimeout(child.resumeTimer);
    child.resumeTimer = null;
  };
  const pause = (proc: SpawnedProcess & PausableOutput): void => {
    proc.pauseOutput();
    const check = (): void => {
      child.resumeTimer = null;
      if (child.ended) return;
      if (ctx.queuedBytes() > RESUME_CHILD_OUTPUT_AT) {
        child.resumeTimer = setTimeout(check, RESUME_POLL_MS);
        return;
      }
      proc.resumeOutput();
    };
    child.resumeTimer = setTimeout(check, RESUME_POLL_MS);
  };
  const forward = (name: "stdout" | "stderr", mode: StreamMode) => (data: Uint8Array) => {
    if (child.ended || child.overflowed || mode === "ignore") return;
    const bytes = chunkOf(data);
    if (bytes === null) return;
    ctx.emit(handle, name, bytes);
    const queued = ctx.queuedBytes();
    if (queued > PAUSE_CHILD_OUTPUT_AT && child.resumeTimer === null && canPause(child.proc)) pause(child.proc);
    if (queued <= MAX_QUEUED_CHILD_OUTPUT) return;
    stopWaiting();
    child.overflowed = true;
    ctx.emit(handle, "error", {
      message: `The child process's output overflowed: more than ${MAX_QUEUED_CHILD_OUTPUT / 1048576} MiB of it waited for the sandbox to read it, so it was killed (SIGKILL)`,
      code: "ERR_QUICKEXEC_CHILD_OUTPUT_OVERFLOW",
    });
    try {
      kill(SIGKILL);
    } catch {
      // It may have ended meanwhile; its exit is reported as usual.
    }
  };

  try {
    child.proc = executor.spawn(request.command, [...request.args], {
      cwd: request.cwd,
      env: { ...request.env },
      onStdout: forward("stdout", stdoutMode),
      onStderr: forward("stderr", stderrMode),
    });
  } catch (error) {
    const failure = failureOf(error, "spawn", request.command);
    throw codedError(Error, failure.code, failure.message, { errno: failure.errno, syscall: `spawn ${request.command}`, path: request.command });
  }
  ctx.resources.set(handle, child);
  const unregister = ctx.onRunEnd(() => {
    stopWaiting();
    if (child.ended) return;
    child.ended = true;
    child.sentSignal = "SIGKILL";
    child.proc.kill(SIGKILL);
  });
  const end = (name: "exit" | "failed", value: unknown): void => {
    stopWaiting();
    if (child.ended) return;
    child.ended = true;
    ctx.resources.delete(handle);
    unregister();
    ctx.emit(handle, name, value);
  };
  Promise.resolve()
    .then(() => child.proc.wait())
    .then(
      (value) => end("exit", exitStatusOf(value, child.sentSignal)),
      (error) => end("failed", failureOf(error, "spawn", request.command)),
    )
    .catch((error) => end("failed", failureOf(error, "spawn", request.command)));
  if (stdinMode === "ignore") {
    child.stdinClosed = true;
    child.proc.closeStdin();
  }
  return { pid: nextPid(ctx) };
};

/** `subprocess.stdin.write`: `[handle, bytes]`; settles once the executor took the bytes (its promise, if it returns one). */
const childWrite: Op = (ctx, args) => {
  const child = childOf(ctx, intArg(args[0], "handle"));
  const bytes = bytesArg(args[1], "chunk");
  if (!child || child.ended || child.stdinClosed) throw brokenPipe();
  const taken: unknown = child.proc.writeStdin(bytes);
  if (taken !== null && typeof taken === "object" && typeof (taken as Promise<void>).then === "function") {
    return (taken as Promise<void>).then(
      () => undefined,
      () => {
        throw brokenPipe();
      },
    );
  }
  return undefined;
};

/** `subprocess.stdin.end`: `[handle]`. */
const childEnd: Op = (ctx, args) => {
  const child = childOf(ctx, intArg(args[0], "handle"));
  if (!child || child.ended || child.stdinClosed) return;
  child.stdinClosed = true;
  child.proc.closeStdin();
};

/** `subprocess.kill`: `[handle, signal number]` → whether the signal was sent (false once the child ended). */
const childKill: Op = (ctx, args) => {
  const child = childOf(ctx, intArg(args[0], "handle"));
  const signal = signalArg(args[1], "signal", SIGTERM, knownSignal);
  if (!child || child.ended) return false;
  if (signal === 0) return true;
  child.sentSignal = signalName(signal) ?? null;
  try {
    child.proc.kill(signal);
  } catch (error) {
    const code = error && typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "EPERM";
    throw codedError(Error, code, `kill ${code}`, { errno: ERRNO[code], syscall: "kill" });
  }
  return true;
};

/** Output of a synchronous child, kept up to `limit` bytes (null: dropped). */
class Collected {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  /** More arrived than the limit allowed. */
  exceeded = false;

  constructor(private readonly limit: number | null) {}

  /** Keeps what fits; false once the limit was passed. */
  add(data: unknown): boolean {
    if (this.limit === null || this.exceeded) return !this.exceeded;
    const bytes = chunkOf(data);
    if (bytes === null) return true;
    const room = this.limit - this.size;
    if (bytes.byteLength > room) {
      if (room > 0) this.chunks.push(bytes.subarray(0, room));
      this.size = this.limit;
      this.exceeded = true;
      return false;
    }
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
    return true;
  }

  bytes(): Uint8Array | null {
    if (this.limit === null) return null;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

/** What `child.spawnSync` returns (bytes arrive in the guest as ArrayBuffers). */
interface SyncResult {
  pid: number;
  status: number | null;
  signal: string | null;
  stdout: Uint8Array | null;
  stderr: Uint8Array | null;
  error?: { code: string; errno?: number; message: string };
}

/**
 * `child_process.spawnSync` and everything built on it:
 * `[command, args, { cwd, env, stdio, timeout, killSignal, maxBuffer }, input?]`.
 * `stdio` entries are `pipe` (collected up to maxBuffer), `inherit`
 * (collected up to the sandbox's memory limit, for the guest to print) or
 * `ignore`; `maxBuffer` null means no limit but the sandbox's memory limit.
 */
const childSpawnSync: Op = (ctx, args) => {
  const options = optionsArg(args[2]);
  const request = childRequest(ctx, args[0], args[1], options);
  const input = args[3] === undefined || args[3] === null ? null : bytesArg(args[3], "input");
  const timeout = timeoutArg(options.timeout);
  const killSignal = signalArg(options.killSignal, "options.killSignal", SIGTERM, knownSignal);
  const maxBuffer = maxBufferArg(options.maxBuffer);
  const modes = Array.isArray(options.stdio) ? options.stdio : [];
  const limitOf = (mode: unknown): number | null =>
    mode === "ignore" ? null : mode === "inherit" ? ctx.maxReadBytes : Math.min(maxBuffer ?? Infinity, ctx.maxReadBytes);
  const executor = executorFor(ctx, "spawnSync", request.command);
  demandChild(ctx, request, "spawnSync");
  return runToEnd(ctx, executor, request, {
    input: modes[0] === "ignore" ? null : input,
    stdout: new Collected(limitOf(modes[1])),
    stderr: new Collected(limitOf(modes[2])),
    timeout,
    killSignal,
  });
};

function runToEnd(
  ctx: OpContext,
  executor: CommandExecutor,
  request: ChildRequest,
  io: { input: Uint8Array | null; stdout: Collected; stderr: Collected; timeout: number; killSignal: number },
): Promise<SyncResult> {
  return new Promise<SyncResult>((resolve) => {
    let done = false;
    let sentSignal: string | null = null;
    let error: SyncResult["error"];
    let proc: SpawnedProcess;
    const kill = (signal: number): void => {
      if (done) return;
      sentSignal = signalName(signal) ?? null;
      try {
        proc.kill(signal);
      } catch {
        // Already gone: wait() reports how it ended.
      }
    };
    const fail = (code: string, errno: number): void => {
      if (error === undefined) error = { code, errno, message: `spawnSync ${request.command} ${code}` };
    };
    const onOutput = (collected: Collected) => (data: Uint8Array) => {
      if (done || collected.add(data)) return;
      if (error === undefined) {
        fail("ENOBUFS", ERRNO.ENOBUFS);
        kill(io.killSignal);
      }
    };
    try {
      proc = executor.spawn(request.command, [...request.args], {
        cwd: request.cwd,
        env: { ...request.env },
        onStdout: onOutput(io.stdout),
        onStderr: onOutput(io.stderr),
      });
    } catch (thrown) {
      resolve({ pid: 0, status: null, signal: null, stdout: null, stderr: null, error: failureOf(thrown, "spawnSync", request.command) });
      return;
    }
    const pid = nextPid(ctx);
    const unregister = ctx.onRunEnd(() => kill(SIGKILL));
    const cancelTimer = io.timeout > 0 ? setLongTimeout(() => {
      fail("ETIMEDOUT", ERRNO.ETIMEDOUT);
      kill(io.killSignal);
    }, io.timeout) : null;
    const finish = (result: SyncResult): void => {
      if (done) return;
      done = true;
      cancelTimer?.();
      unregister();
      resolve(result);
    };
    try {
      if (io.input !== null && io.input.byteLength > 0) {
        const taken: unknown = proc.writeStdin(io.input);
        if (taken !== null && typeof taken === "object" && typeof (taken as Promise<void>).then === "function") (taken as Promise<void>).then(undefined, () => {});
      }
      proc.closeStdin();
    } catch {
      // A child that does not read its input (EPIPE) still runs to its end, as in Node.
    }
    Promise.resolve()
      .then(() => proc.wait())
      .then((value) => {
        const { code, signal } = exitStatusOf(value, sentSignal);
        const result: SyncResult = { pid, status: code, signal, stdout: io.stdout.bytes(), stderr: io.stderr.bytes() };
        if (error !== undefined) result.error = error;
        finish(result);
      })
      .catch((thrown) => finish({ pid: 0, status: null, signal: null, stdout: null, stderr: null, error: failureOf(thrown, "spawnSync", request.command) }));
  });
}

/** The child process ops by name. */
export const childOps: OpFamily = {
  "child.spawn": childSpawn,
  "child.write": childWrite,
  "child.end": childEnd,
  "child.kill": childKill,
  "child.spawnSync": childSpawnSync,
};
