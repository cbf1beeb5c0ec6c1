/**
 * The engine thread under Node: a worker thread serving runs (see
 * `serveEngineThread`) once the host sent it the compiled QuickJS module.
 * Synchronous ops go through memory shared with the host (`sync-calls.ts`).
 * @module
 */
// First: the thread yields the CPU to the host before it evaluates the engine's code.
import "./engine-priority.js";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { SyncCallClient } from "../engine/sync-calls.js";
import { serveEngineThread, type EngineThreadPort } from "../engine/engine-thread.js";
import type { HostToEngine } from "../engine/thread-protocol.js";
import { setBuiltinReader } from "../engine/guest-sources.js";
import { GUEST_SOURCES_ID } from "../engine/guest-prelude.generated.js";
import { loadImageFile } from "../engine/image-file.js";
import { adoptHeapLayout } from "../engine/heap-layout.js";
import { offerImage } from "../engine/sandbox-image.js";
import { seedEntropy } from "../engine/sandbox.js";
import type { WasmMessage, WorkerData } from "./worker-data.js";
import { builtinsFileReader } from "./engine-files.js";

/**
 * A full collection of this thread's heap, which frees the linear memory of
 * discarded wasm instances at once. V8 only hands out `gc` to contexts made
 * while `--expose-gc` is set, so the flag is set just long enough to make one
 * such context, then cleared again. node:v8 and node:vm are loaded here, at
 * the first collection (after a run), not with the thread's code: loading
 * them took a new thread a millisecond or two on its way to its first run.
 */
function makeCollector(): (() => void) | undefined {
  // Started with --expose-gc: the thread has it already, and the flag stays as the host set it.
  const own: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof own === "function") return () => (own as () => void)();
  const require = createRequire(import.meta.url);
  const v8 = require("node:v8") as typeof import("node:v8");
  const vm = require("node:vm") as typeof import("node:vm");
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
}

let collector: (() => void) | null = null;
const data = workerData as WorkerData;
const parent = parentPort!;
const calls = new SyncCallClient(data.syncCalls, (message) => parent.postMessage(message));

const port: EngineThreadPort = {
  control: new Int32Array(data.control),
  meter: new Float64Array(data.meter),
  shared: true,
  // Made on first use: the context it needs is not worth making at start (the first collection comes after a run).
  collectGarbage: () => (collector ??= makeCollector() ?? (() => {}))(),
  send: (message) => calls.send(message),
  callSync: (runId, op, args) => calls.call(runId, op, args),
};

// Builtin sources are read from their file one at a time (the index now, while the host still compiles the wasm);
// the first sandbox restores the shipped image, which the host read and sends with the module.
const builtins = builtinsFileReader(GUEST_SOURCES_ID);
if (builtins) setBuiltinReader(builtins);

/** Starts serving once the shipped image was checked against the module's digest (and offered if it fits). */
async function start({ wasmModule, wasmDigest, entropy, image: imageFile }: WasmMessage): Promise<(message: HostToEngine) => void> {
  seedEntropy(entropy);
  const loaded = imageFile && (await loadImageFile(imageFile, wasmModule, GUEST_SOURCES_ID, wasmDigest).catch((error: unknown) => String(error)));
  if (loaded && typeof loaded !== "string") {
    offerImage(wasmModule, loaded.image);
    // The build's probe of this very wasm build: the first sandbox can be recycled, no throwaway instance probed.
    if (loaded.layout) adoptHeapLayout(wasmModule, loaded.layout);
  }
  return serveEngineThread(port, wasmModule, data.memoryLimitMb);
}

// The first message is the compiled QuickJS module; the host's messages for runs follow it (held until the thread serves).
let serve: ((message: HostToEngine) => void) | null = null;
let early: HostToEngine[] | null = null;
parent.on("message", (message: HostToEngine | WasmMessage) => {
  if (serve) return serve(message as HostToEngine);
  if (early) return void early.push(message as HostToEngine);
  early = [];
  void start(message as WasmMessage).then((serving) => {
    serve = serving;
    for (const held of early!.splice(0)) serving(held);
  });
});
