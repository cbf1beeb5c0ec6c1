/**
 * A ready-made {@link CommandExecutor} for Node hosts, on `node:child_process`.
 * @module
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import { codedError, ERRNO } from "../errors.js";
import type { ChildExitStatus, CommandExecutor, CommandSpawnOptions, SpawnedProcess } from "../types.js";

/** Options of {@link createNodeCommandExecutor}. */
export interface NodeCommandExecutorOptions {
  /**
   * Maps the child's working directory, a sandbox path (the guest's cwd or
   * its `options.cwd`, absolute), to the host directory to start it in.
   * Default: the path is used as it is, which suits a sandbox whose paths are
   * the host's. A mapper may throw to refuse a directory: the guest then sees
   * the spawn fail with that error.
   */
  cwd?: (sandboxCwd: string) => string;
  /**
   * Maps the command the guest asked for (and the permission check allowed)
   * to the host program to run, e.g. `"node"` → `process.execPath`.
   * Default: the command as given, looked up in the child's `PATH`.
   */
  command?: (command: string) => string;
}

/**
 * The processes {@link createNodeCommandExecutor} starts: `writeStdin` tells
 * when the data was taken, and output can be paused (the op layer pauses it
 * while the guest is behind, so the child waits as on a full pipe).
 */
export interface NodeSpawnedProcess extends SpawnedProcess {
  /**
   * Writes to the child's stdin; settles once the data was handed to the
   * operating system (so a guest writing to a child that does not read waits
   * instead of filling the host's memory), rejects if the pipe broke.
   */
  writeStdin(data: Uint8Array | string): Promise<void>;
  /** Resolves with `{ code, signal }`, exact for signals; rejects when the program could not be started (e.g. ENOENT). */
  wait(): Promise<ChildExitStatus>;
  /** Stops reading the child's stdout and stderr (it blocks once the pipes are full). */
  pauseOutput(): void;
  /** Reads them again. */
  resumeOutput(): void;
}

/**
 * Creates a command executor on `node:child_process.spawn` with three pipes.
 * It never uses a shell (the guest's `shell: true` arrives as `/bin/sh -c`,
 * which the permission check has seen), never gives the child the host's own
 * environment (only the one the op layer passes, already filtered), reports
 * how the child ended exactly (`{ code, signal }`), and reports a program
 * that cannot be started (ENOENT, EACCES) by rejecting `wait()` with Node's
 * error, so the guest sees Node's `spawn <command> ENOENT`.
 *
 * On POSIX hosts each child leads its own process group, and `kill()`
 * signals the whole group: `sh -c "a | b"` or `sh -c "sleep 30"` (dash does
 * not exec the last command) ends with its shell instead of leaving
 * processes behind that keep the output pipes open, so a timeout, maxBuffer
 * or the end of a run really ends the command. (Node's own `child.kill()`
 * signals only the shell; its `exec` then closes the pipes and leaves the
 * rest running.) Groups still alive when the host process exits are killed
 * (SIGKILL) from its `exit` event. Being in their own group, children do not
 * receive the terminal's Ctrl-C themselves.
 */
export function createNodeCommandExecutor(options: NodeCommandExecutorOptions = {}): CommandExecutor {
  if (options === null || typeof options !== "object") throw new TypeError("createNodeCommandExecutor options must be an object");
  for (const key of Object.keys(options)) {
    if (key !== "cwd" && key !== "command") throw new TypeError(`createNodeCommandExecutor options: unknown option "${key}" (expected cwd, command)`);
  }
  const { cwd: mapCwd, command: mapCommand } = options;
  if (mapCwd !== undefined && typeof mapCwd !== "function") throw new TypeError("createNodeCommandExecutor options.cwd must be a function (sandboxCwd) => hostDirectory");
  if (mapCommand !== undefined && typeof mapCommand !== "function") throw new TypeError("createNodeCommandExecutor options.command must be a function (command) => hostProgram");
  // Loaded when an executor is made, not while quickexec is imported (most hosts never spawn).
  const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  return Object.freeze({
    spawn(command: string, args: string[], spawnOptions: CommandSpawnOptions): NodeSpawnedProcess {
      let child: ChildProcessWithoutNullStreams;
      try {
        const file = mapCommand ? mapCommand(command) : command;
        const cwd = spawnOptions.cwd === undefined ? undefined : mapCwd ? mapCwd(spawnOptions.cwd) : spawnOptions.cwd;
        child = spawn(file, args, {
          cwd,
          env: { ...spawnOptions.env },
          stdio: ["pipe", "pipe", "pipe"],
          shell: false,
          windowsHide: true,
          detached: PROCESS_GROUPS,
        });
      } catch (error) {
        return failedProcess(error);
      }
      return wrap(child, spawnOptions);
    },
  });
}

/** A process that never started: `wait()` rejects with why. */
function failedProcess(error: unknown): NodeSpawnedProcess {
  const failure = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  failure.catch(() => {});
  return {
    writeStdin: () => Promise.resolve(),
    closeStdin() {},
    kill() {},
    wait: () => failure,
    pauseOutput() {},
    resumeOutput() {},
  };
}

/** Whether children get a process group of their own (POSIX only). */
const PROCESS_GROUPS = process.platform !== "win32";

/** Process groups of children not yet closed, killed if the host exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const group of liveGroups) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  });
}

function wrap(child: ChildProcessWithoutNullStreams, options: CommandSpawnOptions): NodeSpawnedProcess {
  // Broken pipes and kill failures surface through writeStdin and wait(), never as uncaught host errors.
  child.stdin.on("error", () => {});
  child.stdout.on("error", () => {});
  child.stderr.on("error", () => {});
  const { onStdout, onStderr } = options;
  child.stdout.on("data", (chunk: Buffer) => onStdout?.(chunk));
  child.stderr.on("data", (chunk: Buffer) => onStderr?.(chunk));
  const group = PROCESS_GROUPS && child.pid !== undefined ? child.pid : null;
  let closed = false;
  if (group !== null) trackGroup(group);
  const ended = new Promise<ChildExitStatus>((resolve, reject) => {
    child.on("error", (error) => {
      // An error after a successful start (a failed kill) does not end the child: 'close' still comes.
      if (child.pid === undefined) reject(error);
    });
    child.on("close", (code, signal) => {
      closed = true;
      if (group !== null) liveGroups.delete(group);
      resolve({ code: signal ? null : code, signal: signal ?? null });
    });
  });
  ended.catch(() => {});
  return {
    writeStdin(data) {
      return new Promise<void>((resolve, reject) => {
        if (child.stdin.destroyed || child.stdin.writableEnded) {
          reject(codedError(Error, "EPIPE", "write EPIPE", { errno: ERRNO.EPIPE, syscall: "write" }));
          return;
        }
        child.stdin.write(data, (error) => (error ? reject(error) : resolve()));
      });
    },
    closeStdin() {
      if (!child.stdin.destroyed && !child.stdin.writableEnded) child.stdin.end();
    },
    kill(signal) {
      const sig = signal ?? "SIGTERM";
      // Until 'close', the group's id is still this child's: a member holds
      // its pipes, or the leader was reaped a moment ago.
      if (group !== null && !closed) {
        try {
          process.kill(-group, sig);
          return;
        } catch {
          // No such group any more: signal the child itself.
        }
      }
      child.kill(sig);
    },
    wait: () => ended,
    pauseOutput() {
      child.stdout.pause();
      child.stderr.pause();
    },
    resumeOutput() {
      child.stdout.resume();
      child.stderr.resume();
    },
  };
}
