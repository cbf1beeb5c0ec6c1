// What the first require of each guest builtin costs: its minified size and
// the guest CPU time (cpuTimeMs) a fresh sandbox spends on `require(name)`,
// over an empty program. Each figure is the median of RUNS runs, each in a
// fresh sandbox; the lazy globals are measured the same way, by first read.
//
// Run with `npm run build && node bench/builtins.mjs [runs] [--min]` (--min:
// the fastest run instead of the median). Prints figures only; it never
// asserts on timing.
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";
import { GUEST_BUILTINS } from "../dist/src/engine/guest-sources.generated.js";

const RUNS = Number(process.argv[2]) || 15;
const MIN = process.argv.includes("--min");

const runtime = new NodeRuntime({
  systemDriver: createNodeDriver({}),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  onStdio: () => {},
});

async function cost(code) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await runtime.exec(code);
    if (result.code !== 0) throw new Error(`${code}: ${result.errorMessage}`);
    times.push(result.stats.cpuTimeMs);
  }
  times.sort((a, b) => a - b);
  // The fastest run: compile and load time is fixed, what varies is the
  // host's other load (median and min are both noted in the output header).
  return MIN ? times[0] : times[Math.floor(times.length / 2)];
}

for (let i = 0; i < 5; i++) await runtime.exec("0"); // warm the engine threads
const base = await cost("0");
console.log(`empty program: ${base.toFixed(2)} ms of guest CPU (${MIN ? "fastest" : "median"} of ${RUNS} runs; costs below are over it)\n`);
console.log("builtin".padEnd(20) + "minified".padStart(10) + "first require".padStart(16) + "  (requires, some only when used)");

const names = Object.keys(GUEST_BUILTINS).filter((n) => !n.startsWith("internal/")).sort();
for (const name of names) {
  const size = `${(GUEST_BUILTINS[name].length / 1024).toFixed(1)} KB`;
  const ms = (await cost(`require(${JSON.stringify(name)})`)) - base;
  const deps = [...GUEST_BUILTINS[name].matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  console.log(name.padEnd(20) + size.padStart(10) + `${ms.toFixed(2)} ms`.padStart(16) + (deps.length ? `  (${[...new Set(deps)].join(", ")})` : ""));
}

console.log("\ninternal builtin".padEnd(21) + "minified".padStart(10));
for (const name of Object.keys(GUEST_BUILTINS).filter((n) => n.startsWith("internal/")).sort()) {
  console.log(name.padEnd(20) + `${(GUEST_BUILTINS[name].length / 1024).toFixed(1)} KB`.padStart(10));
}

console.log("\nglobal".padEnd(21) + "first read".padStart(10));
for (const name of ["Buffer", "atob", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "AbortController", "EventTarget", "DOMException"]) {
  const ms = (await cost(`globalThis.${name}`)) - base;
  console.log(name.padEnd(20) + `${ms.toFixed(2)} ms`.padStart(10));
}
console.log("\nfirst use".padEnd(45) + "guest CPU".padStart(10));
for (const code of ["console.log({ a: 1 })", "new URL('https://example.com/a?b=1')", "new URL('https://münchen.de/')", "new TextDecoder().decode(new Uint8Array([104, 105]))"]) {
  const ms = (await cost(code)) - base;
  console.log(code.padEnd(44) + `${ms.toFixed(2)} ms`.padStart(10));
}
runtime.dispose();
