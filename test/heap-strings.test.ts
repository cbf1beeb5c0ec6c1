// Long ASCII strings reach the guest's heap through the platform's encoder
// (src/engine/heap-strings.ts): the guest gets the same string, and the heap
// ends up byte for byte as after the library's own newString.
import { beforeAll, describe, expect, it } from "vitest";
import type { QuickJSContext } from "quickjs-emscripten-core";
import { Sandbox } from "../dist/src/engine/sandbox.js";
import { newGuestString } from "../dist/src/engine/heap-strings.js";
import { getQuickJSModule } from "../dist/wasm/node.js";

const ctxOf = (sandbox: Sandbox) => (sandbox as unknown as { parts: { ctx: QuickJSContext } }).parts.ctx;

const STRINGS = [
  "short",
  JSON.stringify({ process: { cwd: "/root", env: { A: "1" }, argv: ["/usr/local/bin/node", "/root/index.js"] }, pad: "x".repeat(200) }),
  "a".repeat(64),
  "é and ascii ".repeat(20),
  "emoji 😀 ".repeat(20),
  "lone \ud800 surrogate ".repeat(10),
  "before NUL \0 after NUL ".repeat(10),
  "y".repeat(200_000),
];

describe("newGuestString", () => {
  let wasm: WebAssembly.Module;
  beforeAll(async () => {
    wasm = await getQuickJSModule();
    // The first sandbox of a module is built; later ones restore its image (all alike).
    await Sandbox.create(wasm, 128);
  });

  it("gives the guest the same string as ctx.newString, and leaves the heap as it would", async () => {
    for (const text of STRINGS) {
      const [a, b] = [await Sandbox.create(wasm, 128), await Sandbox.create(wasm, 128)];
      expect(Buffer.compare(new Uint8Array(a.memory.buffer), new Uint8Array(b.memory.buffer))).toBe(0);
      const [ca, cb] = [ctxOf(a), ctxOf(b)];
      const ours = newGuestString(ca, text);
      const theirs = cb.newString(text);
      expect(ca.getString(ours)).toBe(cb.getString(theirs));
      expect(ca.getNumber(ca.getProp(ours, "length"))).toBe(cb.getNumber(cb.getProp(theirs, "length")));
      ours.dispose();
      theirs.dispose();
      expect(Buffer.compare(new Uint8Array(a.memory.buffer), new Uint8Array(b.memory.buffer))).toBe(0);
    }
  });
});
