/**
 * Runs one Node test file inside quickexec the way Node's runner runs it:
 * `node test/parallel/<file>` from the root of the tree (cwd `/`), a fresh
 * runtime with every permission, child processes as executor.mjs starts them, `cpuTimeLimitMs` 5000 and a wall-clock
 * timeout. Exit 0 is a pass unless the file printed `common.skip`'s TAP
 * line (`1..0 # Skipped: ...`), which makes it a skip.
 * @module
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NodeRuntime, allowAll, createNodeDriver, createNodeRuntimeDriverFactory } from "../../dist/src/index.js";
import { createConformanceExecutor } from "./executor.mjs";
import { createConformanceNetwork } from "./network.mjs";
import { createConformanceFileSystem, MOUNT } from "./mount-fs.mjs";

/** Node's version the vendored tests are from; what the guest's process.version says. */
export const NODE_VERSION = "v22.14.0";

const SKIP_LINE = /^1\.\.0 # Skipped:?(.*)$/m;
const factory = createNodeRuntimeDriverFactory();

/** The line that best says why a run failed: the first error line of its stderr, else the engine's message. */
export function firstErrorLine(stderr, errorMessage, code, stdout = "") {
  const failedTest = firstFailedTest(stdout);
  if (failedTest && !stderr.trim()) return failedTest;
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const errorLine = lines.find((l) => /^(Uncaught )?([A-Z]\w*)?(Error|Exception)\b|^\w*Error \[|^node:|^AssertionError/.test(l) && !l.startsWith("at "));
  let line = errorLine ?? lines.find((l) => !l.startsWith("at ")) ?? errorMessage ?? `exit code ${code}`;
  // QuickJS's messages do not name what was missing ("not a function"): add where it happened.
  if (errorLine && /not a function|of (null|undefined)|is not defined|not a constructor|must be invoked with/.test(errorLine)) {
    const frame = lines[lines.indexOf(errorLine) + 1];
    if (frame?.startsWith("at ")) line += ` (${frame})`;
  }
  return line.length > 300 ? line.slice(0, 297) + "..." : line;
}

/** A node:test failure in the TAP output: the first failing test without failing subtests, and its error. */
function firstFailedTest(stdout) {
  const lines = stdout.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const failed = /^\s*not ok \d+ - (.*)$/.exec(lines[i]);
    if (!failed) continue;
    let error = "";
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j]); j++) {
      const m = /^\s*error: (.*)$/.exec(lines[j]);
      if (m) error = m[1] === "|-" ? (lines[j + 1] ?? "").trim() : m[1];
    }
    if (error.includes("subtest") && error.includes("failed")) continue;
    return `node:test '${failed[1]}': ${error}`.slice(0, 300);
  }
  return null;
}

/**
 * Runs one file.
 * @param {string} treeRoot host directory holding `parallel/`, `common/`, `fixtures/`
 * @param {string} name file name in `parallel/`
 * @param {{ cpuTimeLimitMs: number, timeoutMs: number, memoryLimit: number }} limits
 * @returns {Promise<{ status: "pass" | "fail" | "skip", code: number, ms: number, error?: string, skipReason?: string }>}
 */
export async function runTestFile(treeRoot, name, limits) {
  const started = performance.now();
  const source = await readFile(join(treeRoot, "parallel", name), "utf8");
  const filePath = `${MOUNT}/parallel/${name}`;
  const stdout = [];
  const stderr = [];
  const filesystem = await createConformanceFileSystem(treeRoot);
  const scratchDir = await mkdtemp(join(tmpdir(), "qe-conformance-"));
  const runtime = new NodeRuntime({
    systemDriver: createNodeDriver({
      filesystem,
      permissions: allowAll,
      networkAdapter: createConformanceNetwork(),
      commandExecutor: createConformanceExecutor({ filesystem, limits, scratchDir, version: NODE_VERSION }),
      processConfig: {
        cwd: "/",
        env: { HOME: "/root", PATH: "/usr/local/bin:/usr/bin:/bin", TMPDIR: "/tmp" },
        argv: ["/usr/local/bin/node", filePath],
        version: NODE_VERSION,
      },
    }),
    runtimeDriverFactory: factory,
    memoryLimit: limits.memoryLimit,
    cpuTimeLimitMs: limits.cpuTimeLimitMs,
    onStdio: ({ channel, message }) => (channel === "stdout" ? stdout : stderr).push(message),
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    runtime.terminate();
  }, limits.timeoutMs);
  try {
    const result = await runtime.exec(source, { filePath, cwd: "/" });
    const out = stdout.join("");
    const err = stderr.join("");
    const ms = Math.round(performance.now() - started);
    const skip = SKIP_LINE.exec(out);
    if (result.code === 0 && skip) return { status: "skip", code: 0, ms, skipReason: skip[1].trim() };
    if (result.code === 0) return { status: "pass", code: 0, ms };
    let error;
    if (timedOut) error = `wall-clock timeout after ${limits.timeoutMs} ms`;
    else if (result.code === 124) error = `CPU time limit exceeded (${limits.cpuTimeLimitMs} ms)`;
    else error = firstErrorLine(err, result.errorMessage, result.code, out);
    return { status: "fail", code: result.code, ms, error, stderr: err.slice(0, 2000) };
  } catch (e) {
    return { status: "fail", code: -1, ms: Math.round(performance.now() - started), error: `runner: ${e?.message ?? e}` };
  } finally {
    clearTimeout(timer);
    runtime.dispose();
    await rm(scratchDir, { recursive: true, force: true });
  }
}
