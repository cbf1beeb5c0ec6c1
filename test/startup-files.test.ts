// What a Node engine thread reads at start instead of holding or building it
// (src/node/engine-files.ts): the builtins file, read one builtin at a time,
// and the first sandbox's image built at build time (src/engine/image-file.ts),
// which must give a sandbox that behaves as the one the prelude builds, and only be used
// with the wasm build and guest sources it was made from.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { GUEST_BUILTINS } from "../dist/src/engine/guest-sources.generated.js";
import { GUEST_BUILTIN_NAMES, GUEST_SOURCES_ID } from "../dist/src/engine/guest-prelude.generated.js";
import { loadImageFile } from "../dist/src/engine/image-file.js";
import { currentImage, freshInstancePages, offerImage } from "../dist/src/engine/sandbox-image.js";
import { adoptHeapLayout, heapLayout, probeHeapLayout } from "../dist/src/engine/heap-layout.js";
import { createInstance } from "../dist/src/engine/instance.js";
import { serveEngineThread, type EngineThreadPort } from "../dist/src/engine/engine-thread.js";
import { CONTROL, METER, type EngineResult } from "../dist/src/engine/protocol.js";
import type { EngineToHost } from "../dist/src/engine/thread-protocol.js";
import { builtinsFileReader, readImageFile } from "../dist/src/node/engine-files.js";
import { patchQuickJS } from "../dist/wasm/patch.js";
import { getQuickJSDigest } from "../dist/wasm/node.js";
import { createHash } from "node:crypto";
import { specFor } from "./security/engine-harness.js";

const PAGE = 65536;

/** A compiled QuickJS module of its own (each has its own image in a thread), patched as the engine's is. */
function compileQuickJS(): Promise<WebAssembly.Module> {
  const path = createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  return WebAssembly.compile(patchQuickJS(readFileSync(path)));
}

/** Runs each program (as a NodeRuntime would send it) on an engine served here for `wasmModule`; the results and output. */
async function runAll(wasmModule: WebAssembly.Module, programs: string[]): Promise<Array<{ result: EngineResult; output: string[] }>> {
  // As \`run\` with an output handler would send them: exports copied back, output posted.
  const specs = (await Promise.all(programs.map((code) => specFor(code, 32)))).map((spec) => ({ ...spec, mode: "run" as const, stdio: true }));
  const output = new Map<number, string[]>();
  const ended = new Map<number, (result: EngineResult) => void>();
  const port: EngineThreadPort = {
    control: new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * 4)),
    meter: new Float64Array(new SharedArrayBuffer(METER.LENGTH * 8)),
    shared: true,
    send(message: EngineToHost) {
      if (message.type === "stdio") output.get(message.runId)?.push(`${message.channel}: ${message.message}`);
      if (message.type === "done") ended.get(message.runId)?.(message.result);
      if (message.type === "failed") ended.get(message.runId)?.({ code: -1, errorMessage: message.message, fuel: 0, cpuTimeMs: 0 });
    },
    callSync: (_runId, op) => ({ ok: false, error: { name: "Error", message: `no host here for ${op}` } }),
  };
  const serve = serveEngineThread(port, wasmModule, 32);
  const all = [];
  for (const [i, spec] of specs.entries()) {
    const runId = i + 1;
    output.set(runId, []);
    const result = await new Promise<EngineResult>((resolve) => {
      ended.set(runId, resolve);
      serve({ type: "run", runId, spec });
    });
    all.push({ result: { ...result, fuel: 0, cpuTimeMs: 0 }, output: output.get(runId)! });
  }
  return all;
}

describe("the builtins file", () => {
  it("holds every builtin's source as the generated module does, and is refused for other sources", () => {
    const read = builtinsFileReader(GUEST_SOURCES_ID);
    expect(read).not.toBeNull();
    expect([...GUEST_BUILTIN_NAMES]).toEqual(Object.keys(GUEST_BUILTINS).sort());
    for (const name of GUEST_BUILTIN_NAMES) expect(read!(name), name).toBe(GUEST_BUILTINS[name]);
    expect(read!("no/such/builtin")).toBeUndefined();
    expect(builtinsFileReader("another build")).toBeNull();
  });
});

describe("the shipped sandbox image", () => {
  it("is refused for other guest sources, another wasm build, or a damaged file", async () => {
    const wasmModule = await compileQuickJS();
    const file = readImageFile()!;
    expect(file).not.toBeNull();
    expect(typeof (await loadImageFile(file, wasmModule, GUEST_SOURCES_ID))).toBe("object");
    expect(await loadImageFile(file, wasmModule, "another build")).toMatch(/other guest sources/);
    expect(await loadImageFile(file.subarray(0, file.length - 1), wasmModule, GUEST_SOURCES_ID)).toMatch(/truncated/);
    expect(await loadImageFile(new Uint8Array(64), wasmModule, GUEST_SOURCES_ID)).toMatch(/not a sandbox image/);
    // The data-segment copy is the file's last part: a module whose data differs is another build.
    const changed = file.slice();
    changed[changed.length - PAGE - 100] ^= 0xff;
    expect(await loadImageFile(changed, wasmModule, GUEST_SOURCES_ID)).toMatch(/another wasm build/);
  });

  it("is checked by the digest of the wasm bytes where the thread has it (a Node engine worker), refused for another digest", async () => {
    const wasmModule = await compileQuickJS();
    const file = readImageFile()!;
    const digest = await getQuickJSDigest();
    expect(digest).toBe(createHash("sha256").update(patchQuickJS(readFileSync(createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm")))).digest("hex"));
    const byDigest = await loadImageFile(file, wasmModule, GUEST_SOURCES_ID, digest);
    expect(byDigest).toEqual(await loadImageFile(file, wasmModule, GUEST_SOURCES_ID));
    expect(await loadImageFile(file, wasmModule, GUEST_SOURCES_ID, "0".repeat(64))).toMatch(/another wasm build/);
    // The sources are checked first either way.
    expect(await loadImageFile(file, wasmModule, "another build", digest)).toMatch(/other guest sources/);
  });

  it("gives a first sandbox that runs programs as one the prelude builds, with nothing carried between runs", async () => {
    const [shippedModule, builtModule] = await Promise.all([compileQuickJS(), compileQuickJS()]);
    const loaded = await loadImageFile(readImageFile()!, shippedModule, GUEST_SOURCES_ID);
    if (typeof loaded === "string") throw new Error(loaded);
    const shipped = loaded.image;
    // As a Node engine worker does: the image, and the build's heap layout, so this thread recycles its first sandbox.
    offerImage(shippedModule, shipped);
    expect(loaded.layout).not.toBeNull();
    adoptHeapLayout(shippedModule, loaded.layout!);
    const programs = [
      `module.exports = require("util").inspect({ a: [1, 2, { b: "x" }], m: new Map([[1, 2]]) });`,
      `const { EventEmitter } = require("events"); const e = new EventEmitter(); let n = 0; e.on("x", () => n++); e.emit("x"); e.emit("x");
       console.log("emitted", n, Buffer.from("hi").toString("base64")); module.exports = [n, typeof setTimeout, process.argv.length];`,
      `globalThis.leak = 1; module.exports = Object.keys(require.cache).length + ":" + typeof structuredClone;`,
      `module.exports = typeof globalThis.leak;`,
      `throw new TypeError("bad " + [1, 2].map((x) => x * 2));`,
    ];
    const [fromShipped, fromBuilt] = await Promise.all([runAll(shippedModule, programs), runAll(builtModule, programs)]);
    // The offered image was taken (not replaced by a built one), and the other thread built its own.
    expect(currentImage(shippedModule)).toBe(shipped);
    const built = currentImage(builtModule)!;
    expect(built).toBeDefined();
    // Same results, nothing carried from run to run, whether the first sandbox was recycled (the shipped layout) or replaced.
    expect(fromShipped).toEqual(fromBuilt);
    // The layout the build shipped is the one this thread's own probe of the same wasm build finds.
    await probeHeapLayout(builtModule, () => createInstance(builtModule, 64), freshInstancePages(builtModule));
    expect(heapLayout(builtModule)).toEqual(loaded.layout);
    expect(fromShipped[1]!.output).toEqual(["stdout: emitted 2 aGk=\n"]);
    expect(fromShipped[3]!.result.exportsJson).toContain("undefined");

    // Not byte for byte: the start-up code allocates the environment strings (the program's path among
    // them) on the heap, so two processes' images lie at different addresses; each is whole in itself.
    expect(shipped.memory.pages.size).toBeGreaterThan(0);
  });
});
