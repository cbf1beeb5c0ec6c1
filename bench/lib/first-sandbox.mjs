// One fresh process's first sandbox: `node bench/lib/first-sandbox.mjs quickexec|floor`
// prints one JSON line with the time from before the import to the end of the
// first run (`module.exports = 1+1`), the process CPU time it took (all
// threads), and the fixed memory: RSS growth from before the import to after
// the first run, the heap settled. `floor` does the same with raw
// quickjs-emscripten (import, module, runtime, context, eval). Run by
// bench/core.mjs in new processes, since only the first one in a process counts.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";

const gc = (() => {
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc");
  } catch {
    return () => {};
  }
})();

/** RSS once a few collections in a row no longer move it (as bench/peers measures fixed memory). */
async function settledRss() {
  const readings = [];
  for (let i = 0; i < 10; i++) {
    gc();
    await sleep(40);
    readings.push(process.memoryUsage().rss);
    const last = readings.slice(-3);
    if (last.length === 3 && Math.max(...last) - Math.min(...last) < 128 * 1024) break;
  }
  return readings[readings.length - 1];
}

async function quickexec() {
  const { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } = await import("quickexec");
  const rt = new NodeRuntime({ systemDriver: createNodeDriver(), runtimeDriverFactory: createNodeRuntimeDriverFactory() });
  const result = await rt.run("module.exports = 1+1");
  if (result.exports !== 2) throw new Error(`first sandbox: ${result.errorMessage ?? result.exports}`);
  return () => rt.dispose();
}

async function floor() {
  const [{ newQuickJSWASMModuleFromVariant }, variant] = await Promise.all([import("quickjs-emscripten-core"), import("@jitl/quickjs-wasmfile-release-sync")]);
  const QuickJS = await newQuickJSWASMModuleFromVariant(variant.default);
  const qrt = QuickJS.newRuntime();
  const ctx = qrt.newContext();
  const value = ctx.getNumber(ctx.unwrapResult(ctx.evalCode("1+1")));
  if (value !== 2) throw new Error("floor: wrong result");
  return () => {
    ctx.dispose();
    qrt.dispose();
  };
}

const which = process.argv[2];
const before = await settledRss();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const keep = await (which === "floor" ? floor() : quickexec());
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// The sandbox stays alive while memory is measured: fixed memory is what a host holds once it has one.
const after = await settledRss();
keep();
console.log(JSON.stringify({ which, ms, cpuMs: (cpu.user + cpu.system) / 1000, fixedBytes: after - before }));
process.exit(0);
