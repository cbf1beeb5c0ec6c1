// A recycled sandbox keeps its QuickJS runtime and context wrappers
// (src/engine/wrapper-reuse.ts): shown here, after runs that leave host-side
// state in them (node:vm realms, host functions made during the run, cached
// heap values), the wrappers are the same objects, hold exactly what a fresh
// adoption holds, and the memory is byte for byte a fresh sandbox's.
import { beforeAll, describe, expect, it } from "vitest";
import { Sandbox, type EngineHost } from "../dist/src/engine/sandbox.js";
import { CONTROL, METER, type RunSpec } from "../dist/src/engine/protocol.js";
import { reviveResult } from "../dist/src/engine/revive.js";
import { heapLayout, probeHeapLayout } from "../dist/src/engine/heap-layout.js";
import { freshInstancePages } from "../dist/src/engine/sandbox-image.js";
import { createInstance } from "../dist/src/engine/instance.js";
import { getQuickJSModule } from "../dist/wasm/node.js";

const LIMIT_MB = 128;

function spec(code: string): RunSpec {
  return {
    code,
    filePath: "/root/index.js",
    mode: "run",
    memoryLimitMb: LIMIT_MB,
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

function host(): EngineHost {
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

/** The host-side state of a sandbox's wrappers (private members of quickjs-emscripten-core 0.32). */
function wrapperState(sandbox: Sandbox) {
  const { rt, ctx } = (sandbox as unknown as { parts: { rt: any; ctx: any } }).parts;
  let refs = 0;
  for (const group of rt.hostRefs.groups.values()) refs += group.size;
  return {
    rt,
    ctx,
    contexts: [...rt.contextMap.values()],
    hostRefs: refs,
    nextHostRef: rt.hostRefs.nextId,
    owned: ctx.memory.scope._disposables.value.size,
    cached: [ctx._global, ctx._BigInt, ctx._Symbol, ctx._SymbolIterator, ctx._SymbolAsyncIterator].filter((v) => v !== undefined).length,
  };
}

describe("the wrappers of a recycled sandbox", () => {
  let wasm: WebAssembly.Module;
  let fresh: ReturnType<typeof wrapperState>;
  let reference: Uint8Array;
  let sandbox: Sandbox;

  beforeAll(async () => {
    wasm = await getQuickJSModule();
    const first = await Sandbox.create(wasm, LIMIT_MB);
    await first.execute(spec("module.exports = 1"), host());
    expect(first.recycle(LIMIT_MB)).toBeNull();
    await probeHeapLayout(wasm, () => createInstance(wasm, LIMIT_MB), freshInstancePages(wasm));
    expect(heapLayout(wasm)).not.toBeNull();
    sandbox = await Sandbox.create(wasm, LIMIT_MB);
    reference = new Uint8Array(sandbox.memory.buffer).slice();
    fresh = wrapperState(sandbox);
  });

  it("are the same objects, holding what a fresh adoption holds, after runs that filled them", async () => {
    const { rt, ctx } = fresh;
    for (let i = 0; i < 5; i++) {
      // Realms (contexts and host functions of their own), symbols and BigInts (cached heap values), output.
      const result = await sandbox.execute(
        spec(`const vm = require("vm"); const c = vm.createContext({ n: ${i} }); globalThis.keep = [c, vm.runInContext("globalThis", c)];
          module.exports = [vm.runInContext("n + 1", c), typeof Symbol.iterator, String(10n ** 20n), require("util").inspect(new Map([[1, 2]]))]`),
        host(),
      );
      expect(reviveResult(JSON.parse(result.exportsJson!))).toEqual([i + 1, "symbol", "100000000000000000000", "Map(1) { 1 => 2 }"]);
      const dirty = wrapperState(sandbox);
      expect(dirty.contexts.length).toBeGreaterThan(1);
      const next = sandbox.recycle(LIMIT_MB);
      expect(next).not.toBeNull();
      sandbox = next!;
      const state = wrapperState(sandbox);
      expect(state.rt).toBe(rt);
      expect(state.ctx).toBe(ctx);
      expect(state.contexts).toEqual([ctx]);
      expect({ hostRefs: state.hostRefs, nextHostRef: state.nextHostRef, owned: state.owned, cached: state.cached }).toEqual({
        hostRefs: fresh.hostRefs, nextHostRef: fresh.nextHostRef, owned: fresh.owned, cached: fresh.cached,
      });
      expect(Buffer.compare(new Uint8Array(sandbox.memory.buffer), reference)).toBe(0);
    }
  });

  it("run the next program as a fresh sandbox would", async () => {
    const result = await sandbox.execute(spec(`module.exports = [typeof keep, typeof globalThis.vm, [3, 1, 2].sort().join()]`), host());
    expect(reviveResult(JSON.parse(result.exportsJson!))).toEqual(["undefined", "undefined", "1,2,3"]);
  });
});
