/**
 * node:vm realms live inside the sandbox: the same CPU limit, the same
 * memory cap, freed when the guest drops them, and gone with the run.
 * (What Node prints for vm is checked by the differential cases vm-*.js.)
 */
import { afterAll, describe, expect, it } from "vitest";
import { harness } from "./helpers.js";

describe("node:vm realms under the sandbox's limits", () => {
  const h = harness({ cpuTimeLimitMs: 400, memoryLimit: 48 });
  afterAll(() => h.runtime.dispose());

  it("an endless loop in runInNewContext ends the run with the CPU limit", async () => {
    const result = await h.runtime.exec("const vm = require('vm'); try { vm.runInNewContext('while (true) {}') } catch (e) { console.log('caught') }");
    expect(result.code).toBe(124);
    expect(result.errorMessage).toBe("CPU time limit exceeded");
    expect(h.stdout()).not.toContain("caught");
  });

  it("a vm timeout longer than the CPU limit does not lift it", async () => {
    const result = await h.runtime.exec("require('vm').runInNewContext('for (;;) { try { while (true) {} } catch (e) {} }', {}, { timeout: 60000 })");
    expect(result.code).toBe(124);
  });

  it("a vm timeout shorter than the CPU limit is a catchable error", async () => {
    const result = await h.runtime.run(
      "try { require('vm').runInNewContext('while (true) {}', {}, { timeout: 20 }) } catch (e) { module.exports = e.code }",
    );
    expect(result.code).toBe(0);
    expect(result.exports).toBe("ERR_SCRIPT_EXECUTION_TIMEOUT");
  });

  it("a big allocation in a realm hits the sandbox's memory limit", async () => {
    const result = await h.runtime.exec("require('vm').runInNewContext('const a = []; for (;;) a.push(new Uint8Array(1 << 20))')", { cpuTimeLimitMs: 30_000 });
    expect(result.code).toBe(137);
    expect(result.errorMessage).toMatch(/Memory limit of 48 MB exceeded/);
  });

  it("what a realm keeps counts against the same limit", async () => {
    const result = await h.runtime.exec(
      "const vm = require('vm'); const kept = []; for (;;) kept.push(vm.runInNewContext('new Array(1 << 18).fill(1)'))",
      { cpuTimeLimitMs: 30_000 },
    );
    expect(result.code).toBe(137);
  });

  it("the same runtime runs normally afterwards", async () => {
    const result = await h.runtime.run("module.exports = require('vm').runInNewContext('6 * 7')");
    expect(result.code).toBe(0);
    expect(result.exports).toBe(42);
  });
});

describe("node:vm realms do not leak", () => {
  const h = harness({ cpuTimeLimitMs: 60_000, memoryLimit: 32 });
  afterAll(() => h.runtime.dispose());

  it("contexts the guest drops are freed (more than the limit could hold if they were kept)", async () => {
    // Each context holds 64 KiB besides its own built-ins: 1,000 of them kept would need over 64 MB.
    const result = await h.runtime.run(`
      const vm = require('vm');
      for (let i = 0; i < 1000; i++) vm.runInNewContext('var big = new Array(8192).fill(i)', { i });
      module.exports = 'done';
    `);
    expect(result.errorMessage).toBeUndefined();
    expect(result.code).toBe(0);
    expect(result.exports).toBe("done");
  });

  it("nothing of one run's realms or vm globals is seen by the next run", async () => {
    const first = await h.runtime.run(`
      const vm = require('vm');
      vm.runInThisContext('var leakedByVm = 1');
      globalThis.keptContext = vm.createContext({ secret: 's' });
      vm.runInContext('var inside = 2', keptContext);
      module.exports = [typeof leakedByVm, keptContext.inside];
    `);
    expect(first.exports).toEqual(["number", 2]);
    const second = await h.runtime.run("module.exports = [typeof leakedByVm, typeof keptContext, typeof inside, typeof secret]");
    expect(second.exports).toEqual(["undefined", "undefined", "undefined", "undefined"]);
  });
});
