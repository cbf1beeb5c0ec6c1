/**
 * node:crypto and Web Crypto where a differential case cannot show it: that
 * the guest's entropy comes from the host's CSPRNG through the one op
 * "crypto.randomBytes" (pooled in the guest, bounded per call, exactly the
 * bytes asked for), Node's QuotaExceededError, and that the work runs under
 * the guest's CPU limit. The differential cases (test/differential/cases/
 * crypto-*.js) compare everything else with the real Node; the shared
 * driver cases run crypto under the browser driver too.
 */
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { cryptoOps, MAX_RANDOM_BYTES_PER_CALL } from "../dist/src/ops/crypto-ops.js";
import { harness } from "./helpers.js";

/** Replaces the host's getRandomValues with a recorder that fills 1, 2, 3, ... */
function recordHostEntropy(): { sizes: number[] } {
  const sizes: number[] = [];
  let next = 0;
  vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    const bytes = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength);
    sizes.push(bytes.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = ++next & 0xff;
    return array;
  });
  return { sizes };
}

describe("entropy from the host", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());
  afterEach(() => vi.restoreAllMocks());

  it("randomBytes, randomUUID and getRandomValues take their bytes from the host's CSPRNG, pooled 4 KiB at a time", async () => {
    const recorded = recordHostEntropy();
    const r = await h.runtime.run(`
      const crypto = require("crypto");
      const first = [...crypto.randomBytes(4)];
      const second = [...globalThis.crypto.getRandomValues(new Uint8Array(3))];
      for (let i = 0; i < 100; i++) crypto.randomBytes(16);
      crypto.randomUUID();
      module.exports = { first, second };`);
    expect(r.code).toBe(0);
    // The pool's first 7 bytes, in order: nothing of the host's beyond what was asked reaches the program.
    expect(r.exports).toEqual({ first: [1, 2, 3, 4], second: [5, 6, 7] });
    // 4 + 3 + 1600 + 16 bytes: one 4096-byte refill serves them all.
    expect(recorded.sizes).toEqual([4096]);
  });

  it("a large request goes to the host directly, at most 65536 bytes per call", async () => {
    const recorded = recordHostEntropy();
    const r = await h.runtime.run(`module.exports = require("crypto").randomBytes(100000).length`);
    expect(r.exports).toBe(100000);
    expect(recorded.sizes).toEqual([65536, 100000 - 65536]);
  });

  it("two runs (and two calls) see different random bytes", async () => {
    const code = `const c = require("crypto"); module.exports = [c.randomBytes(32).toString("hex"), c.randomBytes(32).toString("hex")]`;
    const a = (await h.runtime.run(code)).exports as string[];
    const b = (await h.runtime.run(code)).exports as string[];
    expect(new Set([...a, ...b]).size).toBe(4);
    for (const hex of [...a, ...b]) expect(hex).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the op takes an integer length in 0..65536 (anything else is ERR_OUT_OF_RANGE) and returns a fresh buffer of exactly that many bytes", () => {
    const op = cryptoOps["crypto.randomBytes"]!;
    const ctx = {} as Parameters<typeof op>[0];
    const len = (arg: unknown) => (op(ctx, [arg]) as Uint8Array).byteLength;
    expect(MAX_RANDOM_BYTES_PER_CALL).toBe(65536);
    expect([len(0), len(16), len(65536)]).toEqual([0, 16, 65536]);
    for (const bad of ["10", 3.9, -5, NaN, {}, undefined, 65537, 1e9, Infinity]) {
      expect(() => op(ctx, [bad]), String(bad)).toThrow(expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }));
    }
    const out = op(ctx, [8]) as Uint8Array;
    expect(out).toBeInstanceOf(Uint8Array);
    expect(out.buffer.byteLength).toBe(8);
  });

  it("getRandomValues refuses more than 65536 bytes with QuotaExceededError, as Node does", async () => {
    const r = await h.runtime.run(`
      try { crypto.getRandomValues(new Uint8Array(65537)); module.exports = "no error" }
      catch (e) { module.exports = [e.name, e.code, e.message, e instanceof DOMException] }`);
    expect(r.exports).toEqual(["QuotaExceededError", 22, "The requested length exceeds 65,536 bytes", true]);
  });
});

describe("crypto runs under the guest's limits", () => {
  const h = harness({ cpuTimeLimitMs: 500 });
  afterAll(() => h.runtime.dispose());

  it("the CPU limit ends a huge scryptSync with 124, and the next run works", async () => {
    const started = performance.now();
    const r = await h.runtime.run(`require("crypto").scryptSync("password", "salt", 64, { N: 16384, r: 8, p: 64, maxmem: 2 ** 30 })`);
    expect(r.code).toBe(124);
    expect(r.errorMessage).toMatch(/CPU time limit/);
    expect(performance.now() - started).toBeLessThan(5000);
    // The same runtime runs the next program (with room for loading crypto on a busy machine).
    const after = await h.runtime.exec(`console.log(require("crypto").createHash("sha256").update("abc").digest("hex"))`, { cpuTimeLimitMs: 20_000 });
    expect(after.code).toBe(0);
    expect(h.stdout()).toContain("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("the CPU limit ends an RSA key generation that takes too long", async () => {
    const r = await h.runtime.run(`require("crypto").generateKeyPairSync("rsa", { modulusLength: 8192 })`);
    expect(r.code).toBe(124);
  });
});
