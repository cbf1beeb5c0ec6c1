// The guest programs every peer runs, in the three module flavours the peers
// take (CommonJS for quickexec and secure-exec, an ES module for
// @sebastianwessel/quickjs, a plain script for raw quickjs-emscripten), and the
// results each must produce. One definition, so the workloads stay the same.

/** Path of the small file inside each peer's filesystem. */
export const SMALL_FILE_PATH = "/data/small.txt";

/** The small file's content: exactly 100 ASCII bytes. */
export const SMALL_FILE_TEXT = "0123456789".repeat(10);

/** `readFileSync` calls per measured program (the per-call figure is a difference of two runs divided by this). */
export const READS_PER_RUN = 1000;

/**
 * Sandboxes each adapter creates, runs and disposes before measuring idle
 * memory, so lazily built host-side caches are not charged to the 50 idle ones.
 */
export const MEMORY_WARMUP = 5;

/** Expected results (`reads`: of the program with READS_PER_RUN reads; see {@link readsTotal} for other counts). */
export const EXPECTED = { trivial: 2, fib27: 196418, fib30: 832040, reads: READS_PER_RUN * SMALL_FILE_TEXT.length, noReads: 0 };

/**
 * What the read program returns after `count` reads: the summed lengths.
 * @param {number} count
 * @returns {number}
 */
export const readsTotal = (count) => count * SMALL_FILE_TEXT.length;

const FIB = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }";

/** @param {number} count @param {string} read an expression reading the file once */
const readLoop = (count, read) => `let total = 0; for (let i = 0; i < ${count}; i++) total += ${read}.length;`;

/** CommonJS programs (quickexec's and secure-exec's `run`; the result is `module.exports`). */
export const cjs = {
  trivial: "module.exports = 1+1",
  fib: (n) => `${FIB}\nmodule.exports = fib(${n})`,
  reads: (count) =>
    `const fs = require("fs");\n${readLoop(count, `fs.readFileSync(${JSON.stringify(SMALL_FILE_PATH)}, "utf8")`)}\nmodule.exports = total`,
};

/** ES modules (@sebastianwessel/quickjs's `evalCode`; the result is the default export). */
export const esm = {
  trivial: "export default 1+1",
  fib: (n) => `${FIB}\nexport default fib(${n})`,
  reads: (count) =>
    `import { readFileSync } from "node:fs";\n${readLoop(count, `readFileSync(${JSON.stringify(SMALL_FILE_PATH)}, "utf8")`)}\nexport default total`,
};

/**
 * Plain scripts (raw quickjs-emscripten `evalCode`; the result is the completion
 * value). Function-wrapped, as the CommonJS and module programs are.
 * `readFileSync` here is a host function the adapter installs.
 */
export const script = {
  trivial: "1+1",
  fib: (n) => `(function () { ${FIB}\nreturn fib(${n}) })()`,
  reads: (count) => `(function () { ${readLoop(count, `readFileSync(${JSON.stringify(SMALL_FILE_PATH)})`)}\nreturn total })()`,
};

/**
 * Throws unless `actual` is `expected`.
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} what
 */
export function check(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
