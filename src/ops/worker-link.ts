/**
 * The types that link a run to its `worker_threads` workers: how a parent
 * run starts one ({@link WorkerStarter}), controls it ({@link WorkerControl}),
 * and what a worker run knows of its parent ({@link WorkerSelf}). Messages
 * cross as the guest's own encoded text (`internal/worker_messages`): the
 * host never looks inside them.
 * @module
 */

/** A worker to start, as the parent guest asked for it. */
export interface WorkerRequest {
  /** The worker's source (read by the parent guest under its own `fs` permission, or the `eval` code). */
  readonly code: string;
  /** The worker's main file (absolute, in the sandbox). */
  readonly filePath: string;
  /** The worker's `process.argv` after the exec path: its file (or `[worker eval]`), then the `argv` option's strings. */
  readonly argv: readonly string[];
  /** The worker's environment (null: the parent's). */
  readonly env: Record<string, string> | null;
  /** The encoded `workerData`. */
  readonly workerData: string;
}

/** The parent's hold on a started worker. */
export interface WorkerControl {
  /** The worker's thread id. */
  readonly threadId: number;
  /** Sends an encoded message to the worker's `parentPort`. */
  post(message: string): void;
  /** Ends the worker (its `exit` event follows, with code 1). */
  terminate(): void;
}

/** Starts workers for one run; the events (`online`, `message`, `exit`) go to `onEvent`. */
export interface WorkerStarter {
  start(request: WorkerRequest, onEvent: (name: string, value?: unknown) => void): WorkerControl;
}

/** What a worker run knows of itself and its parent. */
export interface WorkerSelf {
  readonly threadId: number;
  /** The encoded `workerData`. */
  readonly workerData: string;
  /** Its `process.argv` after the exec path. */
  readonly argv: readonly string[];
  /** The guest's `parentPort` handle opened: messages go to it from now on; returns those that came before. */
  attach(handle: number): string[];
  /** Sends an encoded message to the parent's `Worker` object. */
  toParent(message: string): void;
}
