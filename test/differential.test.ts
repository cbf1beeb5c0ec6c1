/**
 * Differential test against the real Node.
 *
 * Every script in test/differential/cases runs twice, each time in a fresh
 * copy of test/differential/fixture:
 *   1. under the Node running this test (`process.execPath`), with cwd T;
 *   2. inside quickexec, on a host filesystem rooted at H whose tree holds the
 *      same copy at H + T, so the guest sees exactly the same absolute paths.
 * quickexec runs with timingMitigation "off", since Node's clock is not frozen.
 * Both sides get the same environment, stdin, argv, execPath, version and os values,
 * so their stdout must match line for line. Every stdout line of the Node run
 * is one behaviour and one test; the exit codes must match too.
 *
 * Set QE_DIFF_DUMP=<dir> to have both outputs of every case written there as
 * <case>.node.txt and <case>.quickexec.txt (for diffing by hand).
 *
 * A case runs as `case.js` (or `case.mjs` for an `.mjs` case) in its directory.
 * A case may declare the exit code Node ends it with in a
 * `// node-exit-code: N` comment (default 0); one that ends with 0 must leave
 * stderr empty unless it says `// node-stderr: expected`.
 * A case may add variables to both sides' environment with a
 * `// node-env: TZ=America/New_York LANG=de_DE.UTF-8` comment, and have npm
 * packages (devDependencies, with their dependencies) copied into its
 * node_modules with a `// packages: luxon date-fns` comment (see
 * differential/packages.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync, lstatSync } from "node:fs";
import os from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KNOWN_CASE_DIFFERENCES, KNOWN_DIFFERENCES } from "./differential/known-differences.js";
import { copyDeclaredPackages } from "./differential/packages.js";
import { NodeRuntime, allowAll, createHostFileSystem, createNodeDriver, createNodeRuntimeDriverFactory, type StdioEvent } from "../dist/src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, "differential", "fixture");
/** The printing helpers every case requires as `../show.cjs`. */
const SHOW_HELPERS = readFileSync(join(here, "differential", "show.cjs"), "utf8");
/** Keys the crypto cases share, required as `../test-keys.cjs`. */
const TEST_KEYS = readFileSync(join(here, "differential", "test-keys.cjs"), "utf8");
const CASES = join(here, "differential", "cases");
const RUN_TIMEOUT_MS = 20_000;

/** The environment both sides see, and nothing else. */
const ENV: Record<string, string> = {
  QE_DIFF_A: "alpha",
  QE_DIFF_B: "two words",
  HOME: os.homedir(),
  TMPDIR: os.tmpdir(),
};

/** What both sides read from stdin. */
const STDIN = "first line\nsecond line with ünïcödé 🎉\nthird\n";

/** This machine's values, handed to quickexec so that `os.*` can be compared. */
const OS_CONFIG = {
  platform: os.platform(),
  arch: os.arch(),
  type: os.type(),
  release: os.release(),
  version: os.version(),
  hostname: os.hostname(),
  homedir: os.homedir(),
  tmpdir: os.tmpdir(),
  endianness: os.endianness(),
  machine: os.machine(),
  cpus: os.cpus().length,
  totalmem: os.totalmem(),
  username: os.userInfo().username,
};

type Outcome = { code: number; stdout: string; stderr: string; lines: string[]; errorMessage?: string };

function toLines(stdout: string): string[] {
  const lines = stdout.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The `// node-env:` variables a case declares. */
function caseSetup(source: string): { env: Record<string, string> } {
  const env = /\/\/ node-env: (.*)/.exec(source)?.[1]?.trim();
  return {
    env: Object.fromEntries((env ? env.split(/\s+/) : []).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])),
  };
}

/** Lays the fixture out at `dir`, with the parts git does not carry (symlinks, an empty dir, modes). */
function layOut(dir: string, script: string, source: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, "empty"));
  writeFileSync(join(dir, script), source);
  writeFileSync(join(dir, "..", "show.cjs"), SHOW_HELPERS);
  writeFileSync(join(dir, "..", "test-keys.cjs"), TEST_KEYS);
  const fixModes = (d: string): void => {
    chmodSync(d, 0o755);
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) fixModes(p);
      else chmodSync(p, 0o644);
    }
  };
  fixModes(dir);
  symlinkSync("hello.txt", join(dir, "link-to-hello"));
  symlinkSync("nested", join(dir, "link-to-nested"));
  symlinkSync("missing-target", join(dir, "dangling"));
  copyDeclaredPackages(source, dir, join(here, "..", "node_modules"));
}

function runNode(cwd: string, script: string, env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(cwd, script)], { cwd, env: { ...ENV, ...env }, stdio: ["pipe", "pipe", "pipe"], timeout: RUN_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.stdin.on("error", () => {}); // a case that exits without reading stdin
    child.stdin.end(STDIN);
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr: Buffer.concat(err).toString("utf8"), lines: toLines(stdout) });
    });
  });
}

async function runQuickexec(host: string, cwd: string, script: string, source: string, env: Record<string, string>): Promise<Outcome> {
  const filePath = join(cwd, script);
  const systemDriver = createNodeDriver({
    filesystem: createHostFileSystem(host),
    permissions: allowAll,
    processConfig: {
      cwd,
      env: { ...ENV, ...env },
      argv: [process.execPath, filePath],
      execPath: process.execPath,
      version: process.version,
      platform: process.platform,
      arch: process.arch,
    },
    osConfig: { ...OS_CONFIG },
  });
  const runtime = new NodeRuntime({
    systemDriver,
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    cpuTimeLimitMs: RUN_TIMEOUT_MS,
    // Node's clock runs; the frozen clock (the default) differs from it by design.
    timingMitigation: "off",
  });
  const events: StdioEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        runtime.terminate();
        reject(new Error(`quickexec run did not finish within ${RUN_TIMEOUT_MS} ms`));
      }, RUN_TIMEOUT_MS + 5_000);
    });
    const result = await Promise.race([runtime.exec(source, { filePath, cwd, stdin: STDIN, onStdio: (e) => events.push(e) }), watchdog]);
    const text = (channel: string) => events.filter((e) => e.channel === channel).map((e) => e.message).join("");
    const stdout = text("stdout");
    const outcome: Outcome = { code: result.code, stdout, stderr: text("stderr"), lines: toLines(stdout) };
    if (result.errorMessage !== undefined) outcome.errorMessage = result.errorMessage;
    return outcome;
  } finally {
    clearTimeout(timer);
    runtime.dispose();
  }
}

type Case = {
  name: string;
  source: string;
  expectedNodeExit: number;
  stderrExpected: boolean;
  node: Outcome;
  nodeAgain: Outcome;
  base: string;
  guest: () => Promise<Outcome>;
};

/** With QE_DIFF_DUMP set, writes both sides' output of a case to that directory. */
function dump(name: string, node: Outcome, guest: Outcome): Outcome {
  const dir = process.env["QE_DIFF_DUMP"];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.node.txt`), `exit ${node.code}\n${node.stdout}`);
    writeFileSync(join(dir, `${name}.quickexec.txt`), `exit ${guest.code}\n${guest.stdout}${guest.errorMessage ? `\n[errorMessage] ${guest.errorMessage}` : ""}`);
  }
  return guest;
}

const bases: string[] = [];
afterAll(() => {
  for (const base of bases) rmSync(base, { recursive: true, force: true });
});

async function prepare(name: string): Promise<Case> {
  const source = readFileSync(join(CASES, name), "utf8");
  const declared = /\/\/ node-exit-code: (\d+)/.exec(source);
  const base = realpathSync(mkdtempSync(join(os.tmpdir(), "qe-diff-")));
  bases.push(base);
  const work = join(base, "work");
  const host = join(base, "host");
  const script = "case" + extname(name);
  // Node twice (a fresh tree each time) to make sure the case is deterministic.
  layOut(work, script, source);
  const { env } = caseSetup(source);
  const node = await runNode(work, script, env);
  rmSync(work, { recursive: true, force: true });
  layOut(work, script, source);
  const nodeAgain = await runNode(work, script, env);
  layOut(host + work, script, source);
  let guest: Promise<Outcome> | undefined;
  return {
    name,
    source,
    expectedNodeExit: declared ? Number(declared[1]) : 0,
    stderrExpected: source.includes("// node-stderr: expected"),
    node,
    nodeAgain,
    base,
    guest: () => (guest ??= runQuickexec(host, work, script, source, env).then((g) => dump(name, node, g))),
  };
}

const caseNames = readdirSync(CASES).filter((f) => f.endsWith(".js") || f.endsWith(".mjs")).sort();
const cases = await Promise.all(caseNames.map(prepare));

function label(line: string): string {
  const head = line.split(" -> ")[0] ?? line;
  return head.length > 70 ? head.slice(0, 67) + "..." : head;
}

function guestContext(g: Outcome): string {
  const parts = [`quickexec exit code ${g.code}`];
  if (g.errorMessage) parts.push(`errorMessage: ${g.errorMessage.split("\n").slice(0, 6).join("\n    ")}`);
  if (g.stderr) parts.push(`stderr: ${g.stderr.split("\n").slice(0, 6).join("\n    ")}`);
  return parts.join("\n  ");
}

describe("differential: quickexec against the real Node", () => {
  it("has cases", () => {
    expect(caseNames.length).toBeGreaterThan(10);
  });

  for (const c of cases) {
    describe(c.name, () => {
      it("node side: ends as declared and prints the same twice", () => {
        expect(c.node.code, `${c.name}: node exit code (stderr: ${c.node.stderr})`).toBe(c.expectedNodeExit);
        if (c.expectedNodeExit === 0 && !c.stderrExpected) expect(c.node.stderr, `${c.name}: node stderr`).toBe("");
        expect(c.node.lines.length, `${c.name}: node printed nothing`).toBeGreaterThan(0);
        expect(c.nodeAgain.stdout, `${c.name}: node output differs between two runs`).toBe(c.node.stdout);
      });

      c.node.lines.forEach((line, index) => {
        const table = Object.hasOwn(KNOWN_DIFFERENCES, c.name) ? KNOWN_DIFFERENCES[c.name]! : {};
        const known = Object.hasOwn(table, label(line)) ? table[label(line)] : undefined;
        if (known !== undefined) {
          it(`line ${index + 1}: ${label(line)} (known difference: ${known})`, async () => {
            const g = await c.guest();
            expect(g.lines[index], `${c.name} line ${index + 1} now matches Node: remove it from test/differential/known-differences.ts`).not.toBe(line);
          });
          return;
        }
        it(`line ${index + 1}: ${label(line)}`, async () => {
          const g = await c.guest();
          const got = g.lines[index];
          const message =
            got === undefined
              ? `${c.name} line ${index + 1}: quickexec printed no such line (it printed ${g.lines.length})\n  node:      ${line}\n  ${guestContext(g)}`
              : `${c.name} line ${index + 1} differs\n  node:      ${line}\n  quickexec: ${got}`;
          expect(got, message).toBe(line);
        });
      });

      const knownCase = Object.hasOwn(KNOWN_CASE_DIFFERENCES, c.name) ? KNOWN_CASE_DIFFERENCES[c.name] : undefined;
      if (knownCase !== undefined) {
        it(`same line count and exit code (known difference: ${knownCase})`, async () => {
          const g = await c.guest();
          const same = g.lines.length === c.node.lines.length && g.code === c.node.code;
          expect(same, `${c.name}: line count and exit code now match Node: remove it from KNOWN_CASE_DIFFERENCES`).toBe(false);
        });
        return;
      }
      it("same line count and exit code", async () => {
        const g = await c.guest();
        const extra = g.lines.slice(c.node.lines.length);
        expect(extra, `${c.name}: quickexec printed lines node did not\n  ${extra.join("\n  ")}`).toEqual([]);
        expect(g.lines.length, `${c.name}: line count`).toBe(c.node.lines.length);
        expect(g.code, `${c.name}: exit code (node ${c.node.code})\n  ${guestContext(g)}`).toBe(c.node.code);
      });
    });
  }
});
