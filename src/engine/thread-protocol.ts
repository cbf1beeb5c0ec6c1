/**
 * Messages between the host and an engine thread (a Node worker thread or a
 * Web Worker). Plain, structured-clonable data only.
 * @module
 */
import type { EngineResult, HostEvent, RunSpec } from "./protocol.js";
import type { LiveReply, LiveRequest } from "./live-protocol.js";

/** Host to engine thread. */
export type HostToEngine =
  | { type: "run"; runId: number; spec: RunSpec }
  /** Host events for the run (async op outcomes, pushed data). */
  | { type: "events"; runId: number; events: HostEvent[] }
  /** Wakes an idle run so it sees the stop request (and, without shared memory, carries it: a `STOP_CODE`, 1 if absent). */
  | { type: "stop"; runId: number; code?: number }
  /** A request to the live module the run holds. */
  | { type: "live"; runId: number; request: LiveRequest };

/** Engine thread to host. */
export type EngineToHost =
  | { type: "stdio"; runId: number; channel: "stdout" | "stderr"; message: string }
  /**
   * A synchronous op's doorbell (see `sync-calls.ts`): the engine is blocked
   * until the host replies to call `seq`. The call is in shared memory, or
   * here (`op` and `args`) when it did not fit there.
   */
  | { type: "op"; runId: number; seq: number; op?: string; args?: unknown[] }
  /** The engine copied one chunk of a long synchronous reply and waits for the next. */
  | { type: "more"; runId: number }
  /** The engine took events carrying this many bytes (so the host knows what is still queued). */
  | { type: "taken"; runId: number; bytes: number }
  /** An async op: the host answers with an event for `id`. */
  | { type: "submit"; runId: number; id: number; op: string; args: unknown[] }
  /**
   * Without shared memory, the engine's CPU meter as messages: `busy` when it
   * resumes running guest code, with the CPU time used so far.
   */
  | { type: "meter"; runId: number; busy: boolean; usedMs: number }
  /** A live module's reply to one request; the run goes on. */
  | { type: "reply"; runId: number; reply: LiveReply }
  | { type: "done"; runId: number; result: EngineResult }
  | { type: "failed"; runId: number; message: string };
