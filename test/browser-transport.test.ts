// The pieces of the browser transport that run anywhere: the binary form of
// op outcomes that crosses shared memory, and the browser driver's option
// checks. (The transport itself is exercised in Chromium by the shared suite.)
import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "../src/engine/value-codec.js";
import { createBrowserDriver, createBrowserRuntimeDriverFactory, allowAllFs, createInMemoryFileSystem } from "../dist/src/browser/index.js";

describe("reply codec", () => {
  it("round-trips every kind of op value", () => {
    const value = {
      ok: true,
      value: {
        n: [0, -0, 1.5, -2e300, NaN, Infinity, -Infinity, 2 ** 53 + 2],
        s: ["", "plain", "ünïcode ✓ \u{1F600}", "\u0000nul"],
        flags: [true, false, null, undefined],
        big: [0n, -(2n ** 80n)],
        bytes: new Uint8Array([0, 1, 254, 255]),
        nested: [{ a: [{ b: { c: [] } }] }, {}],
        "key with spaces": 1,
        __proto__key: "x",
      },
    };
    const back = decodeValue(encodeValue(value)) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is((back.value.n as number[])[1], -0)).toBe(true);
    expect(back.value.bytes).toBeInstanceOf(Uint8Array);
  });

  it("keeps a key named __proto__ as data, not as the object's prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
    const back = decodeValue(encodeValue(value)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__", "x"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses what an op value cannot be, naming it", () => {
    expect(() => encodeValue({ f: () => 1 })).toThrow(/cannot be a function/);
    expect(() => encodeValue(new Map())).toThrow(/instance of Map/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeValue(cyclic)).toThrow(/cyclic/);
    // The same object twice is not a cycle.
    const shared = { a: 1 };
    expect(decodeValue(encodeValue([shared, shared]))).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it("detects corrupt input", () => {
    const bytes = encodeValue({ a: "text" });
    expect(() => decodeValue(new Uint8Array([...bytes, 0]))).toThrow(/left over/);
    expect(() => decodeValue(new Uint8Array([42]))).toThrow(/unknown tag 42/);
  });
});

describe("createBrowserDriver options", () => {
  it("makes a browser driver with a memory filesystem by default", () => {
    const driver = createBrowserDriver({ permissions: allowAllFs });
    expect(driver.kind).toBe("browser");
    expect(driver.commandExecutor).toBeUndefined();
    expect(driver.network).toBeUndefined();
    expect(typeof driver.filesystem.readFile).toBe("function");
    expect(createBrowserDriver({ useDefaultNetwork: true }).network).toBeDefined();
  });

  it("takes any VirtualFileSystem", () => {
    const fs = createInMemoryFileSystem();
    expect(createBrowserDriver({ filesystem: fs }).filesystem).toBe(fs);
  });

  it("refuses bad and Node-only options with errors naming them", () => {
    expect(() => createBrowserDriver({ filesystem: "disk" as never })).toThrow(/filesystem must be "memory" or a VirtualFileSystem/);
    expect(() => createBrowserDriver({ filesystem: {} as never })).toThrow(/filesystem is not a VirtualFileSystem/);
    expect(() => createBrowserDriver({ commandExecutor: { spawn() {} } } as never)).toThrow(/commandExecutor is not available in the browser driver/);
    expect(() => createBrowserDriver({ moduleAccess: {} } as never)).toThrow(/moduleAccess is not available in the browser driver/);
    expect(() => createBrowserDriver({ useDefaultNetwork: "yes" } as never)).toThrow(/useDefaultNetwork must be a boolean/);
    expect(() => createBrowserDriver({ permisions: {} } as never)).toThrow(/Unknown option "permisions"/);
    expect(() => createBrowserDriver({ permissions: { fs: 1 } } as never)).toThrow(/permissions/);
  });

  it("createBrowserRuntimeDriverFactory needs Web Workers and checks its URLs", () => {
    expect(() => createBrowserRuntimeDriverFactory()).toThrow(/needs Web Workers/);
    expect(() => createBrowserRuntimeDriverFactory({ workerURL: "x" } as never)).toThrow(/Unknown option "workerURL"/);
  });
});
