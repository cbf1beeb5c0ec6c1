import { afterAll, describe, expect, it } from "vitest";
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory, allowAll, allowAllEnv, allowAllFs, allowAllNetwork, allowAllChildProcess } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const systemDriver = createNodeDriver();
const runtimeDriverFactory = createNodeRuntimeDriverFactory();

describe("the API", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it("run resolves code, exports and stats", async () => {
    const result = await h.runtime.run("module.exports = 1 + 1");
    expect(result.code).toBe(0);
    expect(result.exports).toBe(2);
    expect(result.errorMessage).toBeUndefined();
    expect(result.stats.fuel).toBeGreaterThanOrEqual(0);
    expect(result.stats.wallTimeMs).toBeGreaterThan(0);
    expect(result.stats.cpuTimeMs).toBeGreaterThan(0);
  });

  it("run is generic over the exports type and takes a filePath", async () => {
    const result = await h.runtime.run<{ file: string; dir: string }>("module.exports = { file: __filename, dir: __dirname }", "/app/src/main.js");
    expect(result.exports).toEqual({ file: "/app/src/main.js", dir: "/app/src" });
  });

  it("exec resolves code without exports and honours its options", async () => {
    const out: string[] = [];
    const result = await h.runtime.exec(
      `console.log(process.cwd(), __filename, typeof process.stdin); module.exports = 5`,
      { filePath: "main.js", cwd: "/work", onStdio: (e) => out.push(e.message) },
    );
    expect(result).not.toHaveProperty("exports");
    expect(result.code).toBe(0);
    expect(out.join("")).toBe("/work /work/main.js object\n");
  });

  it("exec passes stdin", async () => {
    const out: string[] = [];
    const result = await h.runtime.exec(
      `let data = ""; process.stdin.setEncoding("utf8"); process.stdin.on("data", (c) => data += c); process.stdin.on("end", () => console.log(data.toUpperCase()));`,
      { stdin: "hello stdin", onStdio: (e) => out.push(e.message) },
    );
    expect(result.code).toBe(0);
    expect(out.join("")).toBe("HELLO STDIN\n");
  });

  it("the presets allow their domain", () => {
    for (const [preset, domain] of [[allowAllFs, "fs"], [allowAllNetwork, "network"], [allowAllChildProcess, "childProcess"], [allowAllEnv, "env"]] as const) {
      expect(Object.keys(preset)).toEqual([domain]);
      expect((preset as Record<string, () => unknown>)[domain]!()).toEqual({ allow: true });
    }
    expect(Object.keys(allowAll).sort()).toEqual(["childProcess", "env", "fs", "network"]);
  });

  it("runs of one runtime may overlap", async () => {
    const results = await Promise.all([1, 2, 3, 4].map((n) => h.runtime.run(`module.exports = ${n} * 10`)));
    expect(results.map((r) => r.exports)).toEqual([10, 20, 30, 40]);
  });

  it("a disposed runtime refuses new runs", async () => {
    const r = new NodeRuntime({ systemDriver, runtimeDriverFactory });
    r.dispose();
    await expect(r.run("1")).rejects.toThrow(/disposed/);
  });
});

describe("bad input is refused before anything starts", () => {
  const make = (options: Record<string, unknown>) => () => new NodeRuntime({ systemDriver, runtimeDriverFactory, ...options } as never);

  it("constructor options", () => {
    expect(make({ memoryLimit: -1 })).toThrow(RangeError);
    expect(make({ memoryLimit: -1 })).toThrow(/memoryLimit/);
    expect(make({ memoryLimit: "64" })).toThrow(TypeError);
    expect(make({ memoryLimit: Number.NaN })).toThrow(/memoryLimit/);
    expect(make({ memoryLimit: 4 })).toThrow(RangeError);
    expect(make({ cpuTimeLimitMs: -5 })).toThrow(RangeError);
    expect(make({ cpuTimeLimitMs: -5 })).toThrow(/cpuTimeLimitMs/);
    expect(make({ cpuTimeLimitMs: "fast" })).toThrow(TypeError);
    expect(make({ cpuTimeLimitMs: Infinity })).toThrow(/cpuTimeLimitMs/);
    expect(make({ timingMitigation: "sometimes" })).toThrow(/timingMitigation/);
    expect(make({ onStdio: "console" })).toThrow(/onStdio/);
    expect(make({ memoryLimt: 64 })).toThrow(TypeError);
    expect(make({ memoryLimt: 64 })).toThrow(/memoryLimt/);
    expect(() => new NodeRuntime({ runtimeDriverFactory } as never)).toThrow(/systemDriver/);
    expect(() => new NodeRuntime({ systemDriver } as never)).toThrow(/runtimeDriverFactory/);
    expect(() => new NodeRuntime(undefined as never)).toThrow(TypeError);
  });

  it("driver options", () => {
    expect(() => createNodeDriver({ permissions: { fs: true } } as never)).toThrow(/permissions\.fs must be a function/);
    expect(() => createNodeDriver({ permissions: { env: "yes" } } as never)).toThrow(TypeError);
    expect(() => createNodeDriver({ permissions: { disk: () => ({ allow: true }) } } as never)).toThrow(/disk/);
    expect(() => createNodeDriver({ procesConfig: {} } as never)).toThrow(/procesConfig/);
    expect(() => createNodeDriver({ processConfig: "x" } as never)).toThrow(/processConfig/);
  });

  it("run and exec arguments", async () => {
    const r = new NodeRuntime({ systemDriver, runtimeDriverFactory });
    await expect(r.run(42 as never)).rejects.toThrow(TypeError);
    await expect(r.run(42 as never)).rejects.toThrow(/code/);
    await expect(r.run("1", 7 as never)).rejects.toThrow(/filePath/);
    await expect(r.exec(null as never)).rejects.toThrow(TypeError);
    await expect(r.exec("1", { cpuTimeLimitMs: 0 })).rejects.toThrow(RangeError);
    await expect(r.exec("1", { cwdd: "/" } as never)).rejects.toThrow(/cwdd/);
    await expect(r.exec("1", { env: { A: 1 } } as never)).rejects.toThrow(/env\.A/);
    await expect(r.exec("1", { stdin: 5 } as never)).rejects.toThrow(/stdin/);
    r.dispose();
  });
});
