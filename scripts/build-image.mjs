// Builds the first sandbox's memory image (dist/wasm/sandbox-image.bin, the
// path given as the argument) from the engine just compiled to dist/: a fresh
// QuickJS instance evaluates the guest prelude as an engine thread's first
// sandbox would, and its memory is captured with the pointers its wrappers
// need, the SHA-256 of the wasm bytes, and a copy of the module's data
// segments (what a new instance holds before any code ran): a thread checks
// its build against one or the other before using the image.
// The format is src/engine/image-file.ts's; a Node engine worker reads the
// file (src/node/engine-worker.ts) and restores it instead of building.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const out = process.argv[2];
if (!out) throw new Error("usage: node scripts/build-image.mjs <output file>");
const dist = new URL("../dist/", import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [
  { getQuickJSModule, getQuickJSDigest },
  { createInstance },
  { prepareSandbox, currentImage, freshInstancePages },
  { encodeImageFile, dataSegments },
  { GUEST_SOURCES_ID },
  { MAX_STACK_BYTES },
  { MIN_MEMORY_MB },
  { probeHeapLayout, heapLayout },
] = await Promise.all([
  load("wasm/node.js"),
  load("src/engine/instance.js"),
  load("src/engine/sandbox-image.js"),
  load("src/engine/image-file.js"),
  load("src/engine/guest-prelude.generated.js"),
  load("src/engine/sandbox.js"),
  load("src/engine/protocol.js"),
  load("src/engine/heap-layout.js"),
]);

const started = Date.now();
const wasmModule = await getQuickJSModule();
const instance = await createInstance(wasmModule, MIN_MEMORY_MB);
const segments = await dataSegments(wasmModule);
if (!prepareSandbox(wasmModule, instance, MAX_STACK_BYTES)) throw new Error("build-image: the sandbox could not be built");
const image = currentImage(wasmModule);
if (!image) throw new Error("build-image: the built sandbox was not captured");
// The module's heap layout, probed as an engine thread would (a throwaway instance, after the image exists): shipped
// with the image, so a thread recycles its first sandbox at once. A limit well above the probe's 3 MiB of allocations.
await probeHeapLayout(wasmModule, () => createInstance(wasmModule, 64), freshInstancePages(wasmModule));
const layout = heapLayout(wasmModule);
const file = encodeImageFile(image, segments, wasmModule, GUEST_SOURCES_ID, await getQuickJSDigest(), layout);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, file);
console.log(
  `sandbox image: ${image.memory.pages.size} pages, ${segments.length / 65536} data-segment pages, ${(file.byteLength / 1024).toFixed(0)} KiB, ` +
    `heap layout ${layout ? JSON.stringify(layout) : "not found (threads probe their own)"} in ${Date.now() - started} ms`,
);
