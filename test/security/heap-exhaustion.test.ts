// Attack cases (issue 6, resources): a guest that fills its heap with what host calls return.
// quickjs-emscripten copies host strings and bytes into the guest's heap without checking that the
// allocation succeeded; at the memory limit such a copy used to land on address 0, corrupt the
// instance and spin outside the CPU meter forever. Contained means: the run ends with 137 (the memory
// limit) well before its CPU limit, and the next run on the same runtime works.
import { afterAll, describe, expect, it } from "vitest";
import { allowAllFs, createInMemoryFileSystem } from "../../dist/src/index.js";
import { harness } from "../helpers.js";

const MiB = 1 << 20;
const filesystem = createInMemoryFileSystem();
await filesystem.writeFile("/zeros.bin", new Uint8Array(MiB));
await filesystem.writeFile("/text.txt", new Uint8Array(MiB).fill(0x61));
await filesystem.mkdir("/many");
for (let i = 0; i < 2000; i++) await filesystem.writeFile(`/many/file-with-a-long-name-${i}.txt`, new Uint8Array(0));

// A CPU limit far above what filling 32 MiB takes: a run that reaches it instead of 137 was stuck.
const h = harness({ memoryLimit: 32, cpuTimeLimitMs: 20_000 }, { filesystem, permissions: allowAllFs });
afterAll(() => h.runtime.dispose());

async function expectMemoryLimitThenRecovery(source: string): Promise<void> {
  const r = await h.runtime.exec(source);
  expect({ code: r.code, errorMessage: r.errorMessage }).toEqual({ code: 137, errorMessage: "Memory limit of 32 MB exceeded" });
  const next = await h.runtime.run(`module.exports = require("fs").readFileSync("/text.txt", "utf8").length`);
  expect(next.exports).toBe(MiB);
}

describe("host-call results that fill the guest's heap", () => {
  it("bytes: readFileSync of a 1 MiB file kept in a loop ends with 137", async () => {
    await expectMemoryLimitThenRecovery(`const fs = require("fs"); const a = []; for (;;) a.push(fs.readFileSync("/zeros.bin"));`);
  });

  it("strings: readFileSync as text kept in a loop ends with 137", async () => {
    await expectMemoryLimitThenRecovery(`const fs = require("fs"); const a = []; for (;;) a.push(fs.readFileSync("/text.txt", "utf8"));`);
  });

  it("objects: big directory listings kept in a loop end with 137", async () => {
    await expectMemoryLimitThenRecovery(`const fs = require("fs"); const a = []; for (;;) a.push(fs.readdirSync("/many", { withFileTypes: true }));`);
  });

  it("a guest that catches every out-of-memory error and keeps calling the host still ends with 137", async () => {
    await expectMemoryLimitThenRecovery(`
      const fs = require("fs"); const a = [];
      for (;;) { try { a.push(fs.readFileSync("/zeros.bin")) } catch (e) { try { fs.statSync("/text.txt") } catch {} } }`);
  });
});
