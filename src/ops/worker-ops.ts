/**
 * `node:worker_threads` ops: a parent run starts a worker (a second run on
 * another engine thread with the same system driver, permissions and limits),
 * posts to it and ends it; a worker run learns who it is and posts to its
 * parent. A worker cannot start workers of its own (refused with
 * `ERR_QUICKEXEC_NO_NESTED_WORKERS`), so one run has one level of workers,
 * all ended when the parent run ends.
 *
 * - `worker.start(handle, { code, filePath, argv, env, workerData })` → `{ threadId }`;
 *   the Worker's handle gets `online`, `message` (encoded text) and `exit` (`{ code, error }`).
 * - `worker.post(handle, message)`, `worker.terminate(handle)`.
 * - `worker.self(handle)` → `null` in a main run, else `{ threadId, workerData, queued }`.
 * - `worker.toParent(message)`.
 * @module
 */
import { codedError } from "../errors.js";
import { stringArg, argvArg, optionsArg } from "./coerce.js";
import type { OpContext, OpFamily } from "./op-context.js";
import type { WorkerControl } from "./worker-link.js";
import { backlogError } from "../workers/worker-runs.js";

function workerOf(ctx: OpContext, handle: unknown): WorkerControl | undefined {
  const control = ctx.resources.get(Number(handle));
  return control !== null && typeof control === "object" && "threadId" in control ? (control as WorkerControl) : undefined;
}

/** The worker ops by name. */
export const workerOps: OpFamily = {
  "worker.start": (ctx, args) => {
    const handle = Number(args[0]);
    if (ctx.workerSelf) {
      throw codedError(Error, "ERR_QUICKEXEC_NO_NESTED_WORKERS", "new Worker() cannot run inside a worker: quickexec allows one level of workers, started by the main program");
    }
    if (!ctx.workers) throw codedError(Error, "ERR_QUICKEXEC_NO_WORKERS", "new Worker() cannot run: this host does not start worker threads");
    if (ctx.resources.has(handle)) throw new Error(`Handle ${handle} already has a resource`);
    const o = optionsArg(args[1]);
    const envGiven = o.env === null || o.env === undefined ? null : optionsArg(o.env);
    let env: Record<string, string> | null = null;
    if (envGiven) {
      env = {};
      for (const [k, v] of Object.entries(envGiven)) env[k] = String(v);
    }
    const control = ctx.workers.start(
      { code: stringArg(o.code, "code"), filePath: stringArg(o.filePath, "filePath"), argv: argvArg(o.argv ?? []), env, workerData: stringArg(o.workerData, "workerData") },
      (name, value) => {
        // The worker's postMessage fails while the parent leaves more than its memory limit of messages untaken.
        if (name === "message" && ctx.queuedBytes() > ctx.maxReadBytes) throw backlogError();
        if (name === "exit") {
          ctx.resources.delete(handle);
          unregister();
        }
        ctx.emit(handle, name, value);
      },
    );
    ctx.resources.set(handle, control);
    const unregister = ctx.onRunEnd(() => control.terminate());
    return { threadId: control.threadId };
  },
  "worker.post": (ctx, args) => {
    workerOf(ctx, args[0])?.post(stringArg(args[1], "message"));
    return null;
  },
  "worker.terminate": (ctx, args) => {
    workerOf(ctx, args[0])?.terminate();
    return null;
  },
  "worker.self": (ctx, args) => {
    const self = ctx.workerSelf;
    if (!self) return null;
    return { threadId: self.threadId, workerData: self.workerData, queued: self.attach(Number(args[0])) };
  },
  "worker.toParent": (ctx, args) => {
    ctx.workerSelf?.toParent(stringArg(args[0], "message"));
    return null;
  },
};
