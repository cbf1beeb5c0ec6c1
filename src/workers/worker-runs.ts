/**
 * Starts `worker_threads` workers as runs of the same runtime: each worker is
 * a second program on another engine thread, with the parent's system driver
 * (so its permissions and filesystem), its memory and CPU limits and its
 * output hook. Messages are the guest's encoded text, passed through as they
 * are. The parent's ops end every worker when the parent run ends.
 * @module
 */
import type { RunningProgram } from "../driver.js";
import type { EngineResult } from "../engine/protocol.js";
import { EXIT } from "../engine/protocol.js";
import { codedError } from "../errors.js";
import type { WorkerControl, WorkerRequest, WorkerSelf, WorkerStarter } from "../ops/worker-link.js";

/** Launches one worker run: its program and its result once its resources are released. */
export type WorkerLaunch = (request: WorkerRequest, self: WorkerSelf) => { program: RunningProgram; ended: Promise<EngineResult> };

let nextThreadId = 1;

/** A worker's exit as its parent's `Worker` reports it: the code, and the uncaught error's name and message if one ended it. */
export interface WorkerExit {
  code: number;
  error: { name: string; message: string; stack: string; code?: string } | null;
}

/**
 * The `exit` of a worker run: a parent's terminate() is code 1 without an
 * error; an uncaught error is code 1 with it; a spent limit keeps the run's
 * code (124 CPU, fuel or wall time; 137 memory) with an error whose `code`
 * names it (Node's `ERR_WORKER_OUT_OF_MEMORY` for memory).
 */
function exitOf(result: EngineResult, terminated: boolean): WorkerExit {
  if (terminated) return { code: 1, error: null };
  if (result.errorMessage === undefined) return { code: result.code, error: null };
  const stack = result.errorMessage;
  const first = stack.split("\n", 1)[0] ?? "";
  const m = /^([A-Za-z_$][\w$]*): ([\s\S]*)$/.exec(first);
  const name = m && m[1] ? m[1] : "Error";
  const message = m ? (m[2] ?? "") : first;
  if (result.code === EXIT.MEMORY_LIMIT) return { code: result.code, error: { name: "Error", message: stack, stack: `Error: ${stack}`, code: "ERR_WORKER_OUT_OF_MEMORY" } };
  if (result.code === EXIT.CPU_LIMIT) return { code: result.code, error: { name: "Error", message: stack, stack: `Error: ${stack}`, code: "ERR_QUICKEXEC_WORKER_LIMIT" } };
  return { code: 1, error: { name, message, stack } };
}

const encoder = new TextEncoder();

/** A message that would put more than the backlog limit in flight to a side that does not take them. */
export function backlogError(): Error {
  return codedError(Error, "ERR_QUICKEXEC_WORKER_BACKLOG", "postMessage() cannot send more: the receiving thread has not taken the messages already sent (more than its memory limit is waiting)");
}

/** A worker starter for one parent run, launching through `launch`; at most `backlogLimit` bytes of messages wait for the worker. */
export function createWorkerStarter(launch: WorkerLaunch, backlogLimit: number): WorkerStarter {
  return {
    start(request, onEvent): WorkerControl {
      const threadId = nextThreadId++;
      let port = 0;
      let queue: string[] = [];
      let terminated = false;
      let program: RunningProgram | null = null;
      const self: WorkerSelf = {
        threadId,
        workerData: request.workerData,
        argv: request.argv,
        attach(handle) {
          port = handle;
          const earlier = queue;
          queue = [];
          return earlier;
        },
        toParent: (message) => onEvent("message", encoder.encode(message)),
      };
      const launched = launch(request, self);
      program = launched.program;
      onEvent("online");
      void launched.ended.then((result) => onEvent("exit", exitOf(result, terminated)));
      return {
        threadId,
        post(message) {
          if (port === 0) {
            if (queue.reduce((n, m) => n + m.length, message.length) > backlogLimit) throw backlogError();
            queue.push(message);
            return;
          }
          if (!program || program.queuedBytes > backlogLimit) {
            if (program) throw backlogError();
            return;
          }
          // As bytes, so the run counts them until the worker's engine takes them.
          program.post({ target: port, name: "message", value: encoder.encode(message) });
        },
        terminate() {
          if (terminated) return;
          terminated = true;
          program?.terminate();
        },
      };
    },
  };
}
