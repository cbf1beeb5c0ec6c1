// Shared by the tests that drive a Sandbox directly (instance-recycling,
// wrapper-reuse): a run spec on the virtual clock and an engine host that
// refuses every op (the programs there need none).
import { Sandbox, type EngineHost } from "../dist/src/engine/sandbox.js";
import { CONTROL, METER, type RunSpec } from "../dist/src/engine/protocol.js";
import { heapLayout, probeHeapLayout } from "../dist/src/engine/heap-layout.js";
import { freshInstancePages } from "../dist/src/engine/sandbox-image.js";
import { createInstance } from "../dist/src/engine/instance.js";
import { getQuickJSModule } from "../dist/wasm/node.js";

/** A run of `code` as /root/index.js under a `memoryLimitMb` limit, virtual clock, no stdio. */
export function sandboxRunSpec(code: string, memoryLimitMb: number): RunSpec {
  return {
    code,
    filePath: "/root/index.js",
    mode: "run",
    memoryLimitMb,
    cpuTimeLimitMs: 0,
    timing: "virtual",
    startTime: Date.UTC(2025, 0, 1),
    process: {
      cwd: "/root", env: {}, argv: ["/usr/local/bin/node", "/root/index.js"], platform: "linux", arch: "x64", version: "v20.0.0",
      versions: { node: "20.0.0" }, pid: 1, ppid: 0, uid: 0, gid: 0, title: "node", execPath: "/usr/local/bin/node",
    },
    os: {
      platform: "linux", arch: "x64", type: "Linux", release: "6.0.0", version: "#1", hostname: "sandbox", homedir: "/root", tmpdir: "/tmp",
      endianness: "LE", machine: "x86_64", cpus: 1, totalmem: 1 << 30, freemem: 1 << 29, uptime: 0, username: "root",
    },
    stdin: null,
    stdio: false,
  } as RunSpec;
}

/** An engine host that refuses every op. */
export function refusingEngineHost(): EngineHost {
  return {
    control: new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * 4)),
    meter: new Float64Array(new SharedArrayBuffer(METER.LENGTH * 8)),
    submit() {},
    takeEvents: () => [],
    wait: () => Promise.resolve(),
    stdio() {},
    callSync: () => ({ ok: false, error: { name: "Error", message: "no host here" } }),
  };
}

/**
 * The compiled module, and a fresh prepared sandbox of it on a thread (this
 * one) that can recycle, with a copy of its memory to compare recycled ones
 * against: the module's first sandbox is built (and captured) and runs once;
 * its recycling starts the probe of the module's heap layout and declines;
 * once the probe found the layout, the sandbox returned is restored from the
 * image.
 */
export async function recyclingStart(memoryLimitMb: number): Promise<{ wasm: WebAssembly.Module; sandbox: Sandbox; reference: Uint8Array }> {
  const wasm = await getQuickJSModule();
  const first = await Sandbox.create(wasm, memoryLimitMb);
  await first.execute(sandboxRunSpec("module.exports = 1", memoryLimitMb), refusingEngineHost());
  if (first.recycle(memoryLimitMb) !== null) throw new Error("the module's first sandbox was recycled before its layout was probed");
  await probeHeapLayout(wasm, () => createInstance(wasm, memoryLimitMb), freshInstancePages(wasm));
  if (heapLayout(wasm) === null) throw new Error("the heap layout probe found no layout");
  const sandbox = await Sandbox.create(wasm, memoryLimitMb);
  return { wasm, sandbox, reference: new Uint8Array(sandbox.memory.buffer).slice() };
}
