/**
 * The engine thread in the browser: a module Web Worker serving runs (see
 * `serveEngineThread`). On a cross-origin-isolated page a synchronous op
 * blocks in `Atomics.wait` on memory shared with the page; elsewhere there is
 * no shared memory, and synchronous host calls fail with a clear error while
 * everything else (compute, timers, console, asynchronous ops, the callback
 * and promise forms of `fs`) still works; entropy is drawn in the worker
 * (`local-ops.ts`).
 * @module
 */
import { CONTROL, METER, type OpOutcome } from "../engine/protocol.js";
import { serveEngineThread, type EngineThreadPort } from "../engine/engine-thread.js";
import type { EngineToHost, HostToEngine } from "../engine/thread-protocol.js";
import { SyncCallClient } from "../engine/sync-calls.js";
import { SYNC_UNAVAILABLE, type BrowserWorkerInit } from "./worker-messages.js";
import { answerInWorker } from "./local-ops.js";

/**
 * QuickJS's stack limit in a Web Worker, whose native stack (about 1 MB in
 * Chromium) cannot be enlarged, unlike Node's engine threads. Measured in
 * Chromium 156: at 64 KiB deep calls, JSON.parse, getters, toString, bound
 * functions, Proxy traps and callbacks from builtins are guest errors
 * ("stack overflow"), at about 370 frames of plain recursion; source text
 * nested tens of thousands deep and JSON.stringify of a similarly deep object
 * still exhaust the native stack first, which ends the run with the
 * engine-failure code (the instance is discarded; the next run is unaffected).
 * At 128 KiB getters, toString and bound functions fail that way too.
 */
const BROWSER_MAX_STACK_BYTES = 64 * 1024;

/** The worker's global scope, as far as this file uses it. */
const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
};

function send(message: EngineToHost): void {
  scope.postMessage(message);
}

/** A synchronous op on a page without shared memory: the error says why and what to do. */
function unavailable(op: string): OpOutcome {
  return {
    ok: false,
    error: {
      name: "Error",
      code: SYNC_UNAVAILABLE,
      message:
        `${op} needs a synchronous call to the host, and this page cannot make one: it is not cross-origin isolated, so there is no SharedArrayBuffer. ` +
        `Serve the page with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp", ` +
        `or use the asynchronous forms, which work here: fs callbacks and fs.promises, fetch, http, dns, timers.`,
    },
  };
}

function portFor(init: BrowserWorkerInit): EngineThreadPort {
  const shared = init.shared;
  if (!shared) {
    return {
      control: new Int32Array(CONTROL.LENGTH),
      meter: new Float64Array(METER.LENGTH),
      shared: false,
      send,
      callSync: (_runId, op, args) => answerInWorker(op, args) ?? unavailable(op),
    };
  }
  const calls = new SyncCallClient(shared.sync, send);
  return {
    control: new Int32Array(shared.control),
    meter: new Float64Array(shared.meter),
    shared: true,
    send: (message) => calls.send(message),
    callSync: (runId, op, args) => calls.call(runId, op, args),
  };
}

scope.onmessage = (event: MessageEvent) => {
  const init = event.data as BrowserWorkerInit;
  if (init?.type !== "init") return;
  const serve = serveEngineThread(portFor(init), init.wasmModule, init.memoryLimitMb, BROWSER_MAX_STACK_BYTES);
  scope.onmessage = (next: MessageEvent) => serve(next.data as HostToEngine);
};
