// Synchronous host calls through shared memory (src/engine/sync-calls.ts):
// the value codec's exact round trips, calls that never overtake the messages
// sent before them (the host's hot path included), calls and replies too long
// for the shared area, and several engines calling at once.
import { describe, expect, it } from "vitest";
import { decodeValue, encodeInto, encodeValue } from "../src/engine/value-codec.js";
import { createNodeRuntimeDriverFactory } from "../dist/src/index.js";
import { runSpec } from "./run-spec.js";

/** A run spec as NodeRuntime would build it. */
const spec = (code: string) => runSpec(code, 128);

describe("value codec", () => {
  it("keeps every string exactly: ASCII, UTF-8, lone surrogates, long and short", () => {
    const long = "x".repeat(5000);
    const strings = ["", "a", "ünïcode ✓ \u{1F600}", "\ud800", "a\udc00b", `${long}\ud800`, `${long}é`, long, "\u0000"];
    for (const s of strings) expect(decodeValue(encodeValue({ s, k: [s] }))).toEqual({ s, k: [s] });
    // Keys too.
    expect(Object.keys(decodeValue(encodeValue({ "\ud800": 1, é: 2 })) as object)).toEqual(["\ud800", "é"]);
  });

  it("encodes into a fixed (shared) area, and says when a value does not fit", () => {
    const area = new Uint8Array(new SharedArrayBuffer(64));
    const n = encodeInto(area, ["fs.readFile", ["/a", "utf8"]]);
    expect(n).toBeGreaterThan(0);
    expect(decodeValue(area.subarray(0, n))).toEqual(["fs.readFile", ["/a", "utf8"]]);
    expect(encodeInto(area, "y".repeat(100))).toBe(-1);
    expect(encodeInto(area, new Uint8Array(80))).toBe(-1);
    expect(encodeInto(area, "z".repeat(300))).toBe(-1);
    expect(() => encodeInto(area, [() => 1])).toThrow(/cannot be a function/);
    // Bytes decoded from shared memory are copies, not views of it.
    const m = encodeInto(area, new Uint8Array([1, 2, 3]));
    const bytes = decodeValue(area.subarray(0, m)) as Uint8Array;
    expect(bytes.buffer).toBeInstanceOf(ArrayBuffer);
    area.fill(0);
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it("rejects input that ends early", () => {
    const bytes = encodeValue(["abc", new Uint8Array(10)]);
    expect(() => decodeValue(bytes.subarray(0, bytes.length - 3))).toThrow(/Corrupt/);
  });
});

describe("synchronous calls through shared memory", () => {
  it("a call never overtakes output or async ops sent before it, on the hot path too", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    let lines = 0;
    let submitted = 0;
    const seen: Array<[number, number]> = [];
    const program = driver.start(
      spec(`
        const dns = require("dns");
        for (let i = 0; i < 300; i++) {
          if (i % 3 === 0) console.log("line " + i);
          if (i % 5 === 0) dns.lookup("host" + i, () => {});
          process.env["K" + i] = String(i);
        }
      `),
      {
        stdio: () => void lines++,
        op: (op) => {
          if (op === "env.set") seen.push([lines, submitted]);
          else if (op === "dns.lookup") submitted++;
          return { ok: true, value: op === "dns.lookup" ? [{ address: "127.0.0.1", family: 4 }] : undefined };
        },
      },
    );
    const result = await program.result;
    driver.dispose();
    expect(result.code, result.errorMessage).toBe(0);
    expect(seen.length).toBe(300);
    // Before call i the guest had written floor(i / 3) + 1 lines and started floor(i / 5) + 1 lookups.
    seen.forEach(([l, s], i) => expect([i, l, s]).toEqual([i, Math.floor(i / 3) + 1, Math.floor(i / 5) + 1]));
  });

  it("calls and replies longer than the shared area arrive whole", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    const files = new Map<string, Uint8Array | string>();
    const program = driver.start(
      spec(`
        const fs = require("fs");
        const big = Buffer.alloc(3 * 1048576 + 7);
        for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 255;
        fs.writeFileSync("/big.bin", big);
        const back = fs.readFileSync("/big.bin");
        const text = "é".repeat(700000) + "\\ud800" + "x".repeat(10);
        fs.writeFileSync("/big.txt", text);
        const textBack = fs.readFileSync("/big.txt", "utf8");
        module.exports = [back.equals(big), back.length, textBack === text, textBack.length];
      `),
      {
        stdio: () => {},
        op: (op, args) => {
          if (op === "fs.writeFile") {
            files.set(String(args[0]), args[1] as Uint8Array | string);
            return { ok: true, value: undefined };
          }
          if (op === "fs.readFile") return { ok: true, value: files.get(String(args[0])) };
          return { ok: false, error: { name: "Error", message: `unexpected ${op}` } };
        },
      },
    );
    const result = await program.result;
    driver.dispose();
    expect(result.code, result.errorMessage).toBe(0);
    expect(JSON.parse(result.exportsJson!)).toEqual(["a", [true, 3 * 1048576 + 7, true, 700011]]);
  }, 60_000);

  it("engines calling at once each get their own answers", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    const program = (tag: string) => `
      const fs = require("fs");
      for (let i = 0; i < 500; i++) {
        const want = "/${tag}/" + i;
        const got = fs.readFileSync(want, "utf8");
        if (got !== want) throw new Error("asked for " + want + ", got " + got);
      }
      module.exports = "${tag} ok";
    `;
    const echo = (op: string, args: unknown[]) => ({ ok: true as const, value: op === "fs.readFile" ? String(args[0]) : undefined });
    const runs = ["a", "b", "c"].map((tag) => driver.start(spec(program(tag)), { stdio: () => {}, op: echo }));
    const results = await Promise.all(runs.map((r) => r.result));
    driver.dispose();
    expect(results.map((r) => r.exportsJson)).toEqual(['"a ok"', '"b ok"', '"c ok"']);
  }, 60_000);
});
