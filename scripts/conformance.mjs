#!/usr/bin/env node
/**
 * Runs Node's own `test/parallel` files inside quickexec and reports the
 * pass rates per module (issue 14). Needs `npm run build` first (it uses
 * `dist/`); `npm run conformance -- <dir>` does both.
 *
 *   node scripts/conformance.mjs <dir> [--filter <regex>] [--modules a,b]
 *        [--jobs N] [--out <report.json>] [--timeout <ms>] [--no-failures]
 *
 * <dir> is a Node test tree holding `parallel/`, `common/` and `fixtures/`
 * (for example the v22.14.0 files secure-exec vendors). It is mounted
 * read-only at `/test` in each run; nothing of it is copied or committed.
 * `--modules` takes module names as in the report (`fs,child_process`),
 * `--filter` a regular expression on file names. The markdown summary goes
 * to stdout, the full JSON report to `--out`.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { moduleOf, subModuleOf } from "./conformance/modules.mjs";
import { notApplicableReason } from "./conformance/not-applicable.mjs";
import { buildReport, toMarkdown } from "./conformance/report.mjs";
import { runTestFile } from "./conformance/run-file.mjs";

const USAGE = "usage: node scripts/conformance.mjs <dir> [--filter <regex>] [--modules a,b] [--jobs N] [--out <report.json>] [--timeout <ms>] [--no-failures]";

function fail(message) {
  console.error(`conformance: ${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        filter: { type: "string" },
        modules: { type: "string" },
        jobs: { type: "string" },
        out: { type: "string" },
        timeout: { type: "string" },
        "no-failures": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    fail(e.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) fail("give exactly one Node test tree directory");
  const tree = resolve(positionals[0]);
  for (const sub of ["parallel", "common", "fixtures"]) if (!existsSync(join(tree, sub))) fail(`${tree} has no ${sub}/ directory`);
  const positiveInt = (value, name, fallback) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got ${JSON.stringify(value)}`);
    return n;
  };
  let filter = null;
  if (values.filter !== undefined) {
    try {
      filter = new RegExp(values.filter);
    } catch (e) {
      fail(`--filter: ${e.message}`);
    }
  }
  return {
    tree,
    filter,
    modules: values.modules ? new Set(values.modules.split(",").map((m) => m.trim().replace(/-/g, "_")).filter(Boolean)) : null,
    jobs: positiveInt(values.jobs, "jobs", Math.max(2, os.availableParallelism())),
    timeoutMs: positiveInt(values.timeout, "timeout", 20_000),
    out: values.out ? resolve(values.out) : null,
    failures: !values["no-failures"],
  };
}

function commitOf() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

async function main() {
  const opts = options();
  const names = (await readdir(join(opts.tree, "parallel")))
    .filter((n) => /^test-.*\.js$/.test(n))
    .filter((n) => !opts.filter || opts.filter.test(n))
    .filter((n) => !opts.modules || opts.modules.has(moduleOf(n)))
    .sort();
  if (names.length === 0) fail("no test file matches");
  const limits = { cpuTimeLimitMs: 5000, timeoutMs: opts.timeoutMs, memoryLimit: 256 };
  const results = new Array(names.length);
  const started = performance.now();
  let next = 0;
  let done = 0;
  const progress = process.stderr.isTTY;
  async function worker() {
    while (next < names.length) {
      const index = next++;
      const file = names[index];
      const source = await readFile(join(opts.tree, "parallel", file), "utf8");
      const base = { file, module: moduleOf(file), subModule: subModuleOf(file) };
      const reason = notApplicableReason(file, source);
      results[index] = reason ? { ...base, status: "n/a", reason } : { ...base, ...(await runTestFile(opts.tree, file, limits)) };
      done++;
      if (progress) process.stderr.write(`\r${done}/${names.length} ${file.padEnd(60).slice(0, 60)}`);
      else if (done % 100 === 0) process.stderr.write(`${done}/${names.length}\n`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.jobs, names.length) }, worker));
  if (progress) process.stderr.write("\n");
  const cpus = os.cpus();
  const report = buildReport(results, {
    tree: opts.tree,
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, Node ${process.version}, ${os.platform()}`,
    commit: commitOf(),
    files: names.length,
    filter: opts.filter?.source ?? (opts.modules ? [...opts.modules].join(",") : null),
    jobs: opts.jobs,
    wallMs: Math.round(performance.now() - started),
    limits,
  });
  if (opts.out) await writeFile(opts.out, JSON.stringify(report, null, 2) + "\n");
  process.stdout.write(toMarkdown(report, { failures: opts.failures }));
}

await main();
// Idle engine threads do not keep the process alive, but a guest's leftover host work might.
process.exit(0);
