/**
 * The two driver interfaces NodeRuntime is built from. A system driver says
 * what the guest may reach (permissions, process and OS values, later the
 * filesystem, network and child processes); a runtime driver runs the engine
 * somewhere (a Node worker thread, a Web Worker) and carries op calls back.
 * @module
 */
import type { EngineResult, HostEvent, OpOutcome, RunSpec } from "./engine/protocol.js";
import type { LiveReply, LiveRequest } from "./engine/live-protocol.js";
import type { CommandExecutor, OSConfig, Permissions, ProcessConfig, StdioEvent } from "./types.js";
import type { NetworkAdapter } from "./net/types.js";
import type { VirtualFileSystem } from "./fs/types.js";

/** What the guest may reach on this host. Made by `createNodeDriver` or `createBrowserDriver`. */
export interface SystemDriver {
  /** Which environment the driver serves. */
  readonly kind: "node" | "browser";
  /** Permission checks, deny by default. */
  readonly permissions: Permissions;
  /** The filesystem the guest's `fs` and `require` read and write (behind the `fs` permission). */
  readonly filesystem: VirtualFileSystem;
  /** Values for the guest's `process`. */
  readonly processConfig: ProcessConfig;
  /** Values for the guest's `os`. */
  readonly osConfig: OSConfig;
  /** Starts the guest's child processes (Node only; absent: spawning fails). */
  readonly commandExecutor?: CommandExecutor;
  /** Carries out the guest's network calls (absent: they fail). */
  readonly network?: NetworkAdapter;
}

/** The host's side of one run, as the runtime driver sees it. */
export interface RunHost {
  /** Guest output. */
  stdio(event: StdioEvent): void;
  /** A guest op call; may complete asynchronously even when the guest waits synchronously. */
  op(op: string, args: unknown[]): OpOutcome | Promise<OpOutcome>;
  /** A live module's reply to a request (`RunSpec.mode` "live" only). */
  reply?(reply: LiveReply): void;
}

/** A program running in the engine. */
export interface RunningProgram {
  /** Settles when the program ends, however it ends; never rejects. */
  readonly result: Promise<EngineResult>;
  /** Stops the program: cooperatively at first, then by ending the engine's thread. */
  terminate(): void;
  /** Sends an event to the guest (dropped once the program ended). */
  post(event: HostEvent): void;
  /** Bytes of event data (Uint8Array values) sent to the guest that its engine has not taken yet. */
  readonly queuedBytes: number;
  /** Sends a request to the live module the program holds (`RunSpec.mode` "live"); its limits are watched until the reply. */
  request(request: LiveRequest): void;
}

/** Runs programs in an engine. */
export interface RuntimeDriver {
  /** Starts the engine's thread ahead of the first run (optional). */
  warm(memoryLimitMb: number): void;
  /** Starts one program. */
  start(spec: RunSpec, host: RunHost): RunningProgram;
  /** Releases what this driver holds; running programs are terminated. */
  dispose(): void;
}

/** Makes runtime drivers; passed to `new NodeRuntime({ runtimeDriverFactory })`. */
export interface RuntimeDriverFactory {
  /** Creates the driver for one NodeRuntime. */
  createRuntimeDriver(): RuntimeDriver;
}
