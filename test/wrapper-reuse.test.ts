// A recycled sandbox keeps its QuickJS runtime and context wrappers
// (src/engine/wrapper-reuse.ts): shown here, after runs that leave host-side
// state in them (node:vm realms, host functions made during the run, cached
// heap values), the wrappers are the same objects, hold exactly what a fresh
// adoption holds, and the memory is byte for byte a fresh sandbox's.
import { beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "../dist/src/engine/sandbox.js";
import { recyclingStart, refusingEngineHost, sandboxRunSpec } from "./engine-sandbox-helpers.js";
import { reviveResult } from "../dist/src/engine/revive.js";

const LIMIT_MB = 128;

const spec = (code: string) => sandboxRunSpec(code, LIMIT_MB);
const host = refusingEngineHost;

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
  let fresh: ReturnType<typeof wrapperState>;
  let reference: Uint8Array;
  let sandbox: Sandbox;

  beforeAll(async () => {
    ({ sandbox, reference } = await recyclingStart(LIMIT_MB));
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
