/**
 * What crosses between the host and the engine for a live module (see
 * `runtime.load`): the requests the host makes of a loaded module and the
 * engine's replies. Plain, structured-clonable data only.
 *
 * A live module is one long run on its engine thread (`RunSpec.mode` "live"):
 * the engine evaluates the program, replies to request 0 with its exports,
 * then serves requests one at a time until the host ends it ("end") or a
 * limit, `process.exit` or a stop request ends it; then the run ends with a
 * "done" message, as any run does, and the thread goes back to its pool.
 * @module
 */
import type { EngineResult } from "./protocol.js";
import type { SnapshotPayload } from "./snapshot-protocol.js";

/** The budgets of one activation (the load, a call, an exec); 0 means none. */
export interface ActivationLimits {
  /** CPU budget in ms. */
  cpuTimeLimitMs: number;
  /** Fuel budget (interrupt-handler calls plus the fixed charges). */
  fuelLimit: number;
  /** Real-time budget in ms. */
  wallTimeLimitMs: number;
}

/** The encoding of an empty argument list (what `encodeForGuest([])` gives): the engine then passes the guest no arguments to decode. */
export const NO_ARGS_JSON = '["a",[]]';

/** A request to a live module. `id` is the host's, echoed in the reply. */
export type LiveRequest =
  /** Calls the exported function at `path` (dotted) with the arguments, encoded as `serialize.js` encodes. */
  | { kind: "call"; id: number; path: string; argsJson: string; limits: ActivationLimits }
  /**
   * Evaluates `code` as a script in the module's realm. With `inspect`, the
   * value is the text `util.inspect` makes of the completion value in the
   * guest (a promise is shown, not awaited), as Node's REPL prints it.
   */
  | { kind: "exec"; id: number; code: string; limits: ActivationLimits; inspect?: boolean }
  /** Captures the module's whole state (see `snapshot-protocol.ts`); refused while anything is pending. */
  | { kind: "snapshot"; id: number; limits: ActivationLimits }
  /** Ends the module: its sandbox is released and the run ends. */
  | { kind: "end"; id: number };

/** The engine's answer to one request (request 0 is the load itself). */
export interface LiveReply {
  id: number;
  result: LiveResult;
}

/** How one activation ended: an {@link EngineResult} plus what it produced. */
export interface LiveResult extends EngineResult {
  /** The call's (or exec's) value, encoded as `serialize.js` encodes. */
  valueJson?: string;
  /** The load only: the dotted names of the exported functions. */
  functions?: string[];
  /** A snapshot request: the module's state. */
  snapshot?: SnapshotPayload;
  /** A refused snapshot or restore: its `ERR_QUICKEXEC_SNAPSHOT_*` code (`errorMessage` says why). */
  errorCode?: string;
}
