// The zero scan a finished run's memory goes through before its instance is
// reused (src/engine/zero-scan.ts, used by runPages in heap-layout.ts): any
// non-zero byte in the range is seen, wherever it is, after the memory grew too.
import { describe, expect, it } from "vitest";
import { zeroScanner } from "../dist/src/engine/zero-scan.js";
import { runPages } from "../dist/src/engine/heap-layout.js";

const PAGE = 65536;

describe("zeroScanner", () => {
  it("finds a single non-zero byte anywhere in the range, and nothing outside it", async () => {
    // The wasm scanner once compiled (it compiles off the thread when the module loads), and the JavaScript one before.
    const early = zeroScanner(new WebAssembly.Memory({ initial: 2 }));
    expect(early(0, PAGE)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const memory = new WebAssembly.Memory({ initial: 4 });
    const scan = zeroScanner(memory);
    expect(scan(PAGE, 2 * PAGE)).toBe(true);
    for (const offset of [0, 1, 15, 16, 63, 64, 4095, 32768, PAGE - 1]) {
      for (const value of [1, 0x80, 0xff]) {
        new Uint8Array(memory.buffer)[PAGE + offset] = value;
        expect(scan(PAGE, 2 * PAGE)).toBe(false);
        expect(scan(0, PAGE)).toBe(true);
        expect(scan(2 * PAGE, 3 * PAGE)).toBe(true);
        new Uint8Array(memory.buffer)[PAGE + offset] = 0;
      }
    }
    expect(scan(PAGE, 2 * PAGE)).toBe(true);
    // The same scanner after the memory grew (a new buffer) sees the new pages.
    memory.grow(2);
    expect(scan(5 * PAGE, 6 * PAGE)).toBe(true);
    new Uint8Array(memory.buffer)[5 * PAGE + 100] = 7;
    expect(scan(5 * PAGE, 6 * PAGE)).toBe(false);
    expect(zeroScanner(memory)).toBe(scan);
  });

  it("makes runPages refuse an instance whose stack went past its window", () => {
    const memory = new WebAssembly.Memory({ initial: 16 });
    const layout = { breakWord: 0, stackTopPage: 10 };
    const words = new Int32Array(memory.buffer);
    words[0] = 12 * PAGE; // the break: the heap ends in page 11
    const maxStackBytes = 2 * PAGE; // window: pages 6..9 (2 pages of stack, 2 of slack); guard page 5
    expect(runPages(memory, layout, maxStackBytes)).toEqual([6, 7, 8, 9, 10, 11]);
    for (const offset of [0, PAGE / 2, PAGE - 1]) {
      new Uint8Array(memory.buffer)[5 * PAGE + offset] = 1;
      expect(runPages(memory, layout, maxStackBytes)).toBeNull();
      new Uint8Array(memory.buffer)[5 * PAGE + offset] = 0;
    }
  });
});
