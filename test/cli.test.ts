/**
 * The `quickexec` command line, driven as a child process (the package's
 * `bin`, dist/node/cli.js, the bundle of dist/src/cli/main.js): run, eval, grants allowed and denied, --root,
 * exit codes, stdin, the REPL with piped input, --help.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "node", "cli.js");
/** Each test starts a few CLI processes (a node, an engine thread and its wasm each): generous for a loaded machine. */
const TIMEOUT = 60_000;

type Outcome = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI with `args` in `cwd`, feeding `stdin` (closed at once when not given). */
function cli(args: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? work,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

let work: string;
let server: Server;
let port: number;

beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), "quickexec-cli-")));
  mkdirSync(join(work, "app", "lib"), { recursive: true });
  mkdirSync(join(work, "data"));
  mkdirSync(join(work, "out"));
  writeFileSync(join(work, "data", "note.txt"), "a note\n");
  writeFileSync(join(work, "secret.txt"), "top secret\n");
  writeFileSync(join(work, "app", "hello.js"), "console.log('hello', process.argv.slice(2).join(' '));\nconsole.error('to stderr');\n");
  writeFileSync(join(work, "app", "exit.js"), "process.exitCode = 7;\n");
  writeFileSync(join(work, "app", "throws.js"), "throw new Error('boom');\n");
  writeFileSync(join(work, "app", "main.ts"), "import { twice } from './lib/twice.ts';\nconst n: number = 21;\nconsole.log(twice(n));\n");
  writeFileSync(join(work, "app", "lib", "twice.ts"), "export function twice(x: number): number { return x * 2; }\n");
  writeFileSync(join(work, "app", "cat.js"), "let all = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', (d) => (all += d)); process.stdin.on('end', () => process.stdout.write(all.toUpperCase()));\n");
  writeFileSync(join(work, "app", "loop.js"), "while (true) {}\n");
  server = createServer((req, res) => res.end(`served ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe("quickexec command line", () => {
  it("--help lists the commands, grants, --root and limits", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    for (const word of ["run FILE", "eval CODE", "repl", "--allow-read", "--allow-write", "--allow-net", "--allow-env", "--allow-run", "--allow-all", "--root", "--cpu-ms", "--memory", "--fuel", "--wall-ms"]) {
      expect(r.stdout).toContain(word);
    }
  }, TIMEOUT);

  it("runs a file with its arguments; stdout, stderr and exit code pass through", async () => {
    const r = await cli(["run", "app/hello.js", "a", "--b"]);
    expect(r).toEqual({ code: 0, stdout: "hello a --b\n", stderr: "to stderr\n" });
    expect((await cli(["run", "app/exit.js"])).code).toBe(7);
    const thrown = await cli(["run", "app/throws.js"]);
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toContain("Error: boom");
  }, TIMEOUT);

  it("evaluates code, with its arguments and process.exit's code", async () => {
    // As \`node -e CODE x y\`: process.argv is [execPath, 'x', 'y'].
    const r = await cli(["eval", "console.log(process.argv.slice(1)); process.exit(3)", "x", "y"]);
    expect(r.stdout).toBe("[ 'x', 'y' ]\n");
    expect(r.code).toBe(3);
  }, TIMEOUT);

  it("passes piped stdin to the program", async () => {
    const r = await cli(["run", "app/cat.js"], { stdin: "piped text\n" });
    expect(r.stdout).toBe("PIPED TEXT\n");
    expect(r.code).toBe(0);
  }, TIMEOUT);

  it("goes on quietly when the reader of its stdout goes away (EPIPE, as `| head -1`), and exits with the program's code", async () => {
    const outcome = await new Promise<{ code: number | null; stderr: string; firstLine: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, "eval", "for (let i = 0; i < 200000; i++) console.log('line ' + i); console.error('done'); process.exitCode = 5"], {
        cwd: work,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      let firstLine = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      // Read the first chunk, then close the pipe as `head -1` does.
      child.stdout.setEncoding("utf8").once("data", (d: string) => {
        firstLine = d.split("\n")[0]!;
        child.stdout.destroy();
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stderr, firstLine }));
    });
    expect(outcome.firstLine).toBe("line 0");
    expect(outcome.stderr).toBe("done\n");
    expect(outcome.code).toBe(5);
  }, TIMEOUT);

  it("denies a read without a grant: EACCES in the guest, one line on stderr naming the path and the flag", async () => {
    const r = await cli(["eval", "try { require('fs').readFileSync('secret.txt', 'utf8') } catch (e) { console.log(e.code, e.message) }"]);
    const secret = join(work, "secret.txt");
    expect(r.stdout).toBe(`EACCES EACCES: permission denied, open 'secret.txt' (run again with --allow-read=${secret})\n`);
    expect(r.stderr).toBe(`quickexec: denied read access to ${secret} (read); grant it with --allow-read=${secret}\n`);
  }, TIMEOUT);

  it("allows reads under --allow-read=PATH and nothing else", async () => {
    const code = "const fs = require('fs'); console.log(fs.readFileSync('data/note.txt', 'utf8').trim()); try { fs.readFileSync('secret.txt') } catch (e) { console.log(e.code) }";
    const r = await cli(["--allow-read=data", "eval", code]);
    expect(r.stdout).toBe("a note\nEACCES\n");
    expect(r.stderr).toMatch(/^quickexec: denied read access to .*secret\.txt \(read\); grant it with --allow-read=.*secret\.txt\n$/);
  }, TIMEOUT);

  it("writes only where --allow-write allows", async () => {
    const code =
      "const fs = require('fs'); fs.writeFileSync('out/a.txt', 'written'); fs.closeSync(fs.openSync('out/c.txt', 'w')); " +
      "try { fs.writeFileSync('data/b.txt', 'x') } catch (e) { console.log(e.code) }";
    const r = await cli(["--allow-write=out", "eval", code]);
    expect(r.stdout).toBe("EACCES\n");
    expect(readFileSync(join(work, "out", "a.txt"), "utf8")).toBe("written");
    expect(existsSync(join(work, "out", "c.txt"))).toBe(true);
    expect(existsSync(join(work, "data", "b.txt"))).toBe(false);
    expect(r.stderr).toContain(`denied write access to ${join(work, "data", "b.txt")} (write); grant it with --allow-write=${join(work, "data", "b.txt")}`);
  }, TIMEOUT);

  it("--root mounts a directory as the guest's /; reads still need --allow-read", async () => {
    const denied = await cli(["--root", "app", "eval", "console.log(process.cwd()); try { require('fs').readdirSync('/') } catch (e) { console.log(e.code) }"]);
    expect(denied.stdout).toBe("/\nEACCES\n");
    expect(denied.stderr).toContain(`grant it with --allow-read=${join(work, "app")}`);
    const allowed = await cli(["--root", "app", "--allow-read", "eval", "console.log(require('fs').readdirSync('/lib'), require('fs').existsSync('/secret.txt'))"]);
    expect(allowed.stdout).toBe("[ 'twice.ts' ] false\n");
    expect(allowed.stderr).toBe("");
  }, TIMEOUT);

  it("runs a TypeScript file importing another (module reads need --allow-read)", async () => {
    const r = await cli(["--root", ".", "--allow-read=app", "run", "app/main.ts"]);
    expect(r).toEqual({ code: 0, stdout: "42\n", stderr: "" });
    const denied = await cli(["run", "app/main.ts"]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(`grant it with --allow-read=${join(work, "app", "lib", "twice.ts")}`);
  }, TIMEOUT);

  it("shows only the environment variables --allow-env names; a denied write names the flag", async () => {
    const code = "console.log(process.env.QE_A, process.env.QE_B); try { process.env.QE_C = '1' } catch (e) { console.log(e.code) }";
    const r = await cli(["--allow-env=QE_A", "eval", code], { env: { QE_A: "alpha", QE_B: "beta" } });
    expect(r.stdout).toBe("alpha undefined\nEACCES\n");
    expect(r.stderr).toBe("quickexec: denied setting environment variable QE_C; grant it with --allow-env=QE_C\n");
  }, TIMEOUT);

  it("allows the network only to granted hosts (loopback reachable when named)", async () => {
    const code = `fetch('http://127.0.0.1:${port}/x').then(r => r.text()).then(console.log, (e) => console.log('failed', e.cause?.code ?? e.code))`;
    const allowed = await cli([`--allow-net=127.0.0.1:${port}`, "eval", code]);
    expect(allowed.stdout).toBe("served /x\n");
    const denied = await cli([`--allow-net=127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}`, "eval", code]);
    expect(denied.stdout).toBe("failed EACCES\n");
    expect(denied.stderr).toBe(`quickexec: denied network access to 127.0.0.1:${port} (fetch); grant it with --allow-net=127.0.0.1:${port}\n`);
    // --allow-net without a list allows public addresses; a loopback one still needs its host named.
    const loopback = await cli(["--allow-net", "eval", code.replace("127.0.0.1", "localhost")]);
    expect(loopback.stdout).toMatch(/^failed /);
    expect(loopback.stderr).toMatch(/^quickexec: refused connecting to (127\.0\.0\.1|::1), a loopback or private address; grant it with --allow-net=localhost\n$/);
  }, TIMEOUT);

  it("starts child processes only for --allow-run commands", async () => {
    const code = "const { execFileSync } = require('child_process'); console.log(execFileSync('node', ['-e', 'console.log(6*7)'], { encoding: 'utf8' }).trim()); try { execFileSync('ls') } catch (e) { console.log(e.code) }";
    const r = await cli(["--allow-run=node", "eval", code]);
    expect(r.stdout).toBe("42\nEACCES\n");
    expect(r.stderr).toBe("quickexec: denied running ls; grant it with --allow-run=ls\n");
  }, TIMEOUT);

  it("applies --cpu-ms (exit code 124 with the reason on stderr) and refuses bad limits with exit code 2", async () => {
    const r = await cli(["--cpu-ms", "200", "run", "app/loop.js"]);
    expect(r.code).toBe(124);
    expect(r.stderr).toBe("quickexec: CPU time limit exceeded\n");
    const bad = await cli(["--memory", "1", "eval", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--memory");
    const nonsense = await cli(["--cpu-ms=soon", "eval", "1"]);
    expect(nonsense.code).toBe(2);
    expect(nonsense.stderr).toContain("--cpu-ms must be a positive number");
  }, TIMEOUT);

  it("--fuel ends an endless loop with exit code 124 naming the fuel limit; --wall-ms ends a program that waits", async () => {
    const fuel = await cli(["--fuel=1000", "run", "app/loop.js"]);
    expect(fuel.code).toBe(124);
    expect(fuel.stdout).toBe("");
    expect(fuel.stderr).toBe("quickexec: Fuel limit of 1000 exceeded\n");
    const wall = await cli(["--wall-ms=200", "eval", "setInterval(() => {}, 1000)"]);
    expect(wall.code).toBe(124);
    expect(wall.stderr).toBe("quickexec: Wall-time limit of 200 ms exceeded\n");
    // Budgets a program stays within change nothing.
    const within = await cli(["--fuel=1000000000", "--wall-ms=60000", "eval", "console.log('ran')"]);
    expect(within).toEqual({ code: 0, stdout: "ran\n", stderr: "" });
  }, TIMEOUT);

  it("refuses unknown options and commands with exit code 2", async () => {
    const unknown = await cli(["--allow-everything", "eval", "1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--allow-everything");
    const command = await cli(["script.js"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("quickexec run script.js");
    const spaced = await cli(["--allow-read", "data", "run", "app/hello.js"]);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toContain("(--allow-read=data)");
    const outside = await cli(["--root", "app", "--allow-read=data", "eval", "1"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain(`--allow-read=data: ${join(work, "data")} is outside --root ${join(work, "app")}`);
  }, TIMEOUT);

  it("REPL with piped input: evaluates each line, keeps state across lines, prints values and errors", async () => {
    const input = ["let x = 20", "const add = (a, b) =>", "  a + b", "add(x, 1)", "nope", "console.log('side', x)", "x * 2", ".exit", "x"].join("\n") + "\n";
    const r = await cli(["repl"], { stdin: input });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(["undefined", "undefined", "21", "Uncaught ReferenceError: nope is not defined", "side 20", "undefined", "40", ""].join("\n"));
    expect(r.code).toBe(0);
  }, TIMEOUT);

  it("REPL prints values as Node's REPL does; an error keeps the state; a line runs once", async () => {
    const input = [
      "'str'",
      "({ a: [1, { b: null }], f() {} })",
      "function twice(n) { return n * 2 }",
      "twice",
      "let count = 0",
      "count++; console.log('counted', count)",
      "throw new TypeError('bad')",
      "count",
      "class Point { constructor() { this.x = 1 } }",
      "new Point()",
      "new Map([[1, 'one']])",
      "undefined",
      "null",
    ].join("\n") + "\n";
    const r = await cli(["repl"], { stdin: input });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "'str'",
        "{ a: [ 1, { b: null } ], f: [Function: f] }",
        "undefined",
        "[Function: twice]",
        "undefined",
        // The earlier lines are not run again: "counted" shows once, with 1.
        "counted 1",
        "undefined",
        "Uncaught TypeError: bad",
        "1",
        "undefined",
        "Point { x: 1 }",
        "Map(1) { 1 => 'one' }",
        "undefined",
        "null",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(0);
  }, TIMEOUT);

  it("REPL takes top-level await, with the timers it waits for", async () => {
    const input = ["const later = (v) => new Promise((r) => setTimeout(() => r(v), 20))", "await later(7)", "const got = await later('kept')", "got", "await Promise.reject(new Error('no'))", "got"].join("\n") + "\n";
    const r = await cli(["repl"], { stdin: input });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(["undefined", "7", "undefined", "'kept'", "Uncaught Error: no", "'kept'", ""].join("\n"));
  }, TIMEOUT);

  it("REPL .clear starts a fresh sandbox; a line over a limit says so and the REPL goes on in a fresh one", async () => {
    const input = ["const a = 1", "globalThis.b = 2", "a + b", ".clear", "typeof a + ' ' + typeof b", "const c = 3", "while (true) {}", "typeof c", "6 * 7"].join("\n") + "\n";
    const r = await cli(["--fuel=1000", "repl"], { stdin: input });
    expect(r.stdout).toBe(["undefined", "2", "3", "'undefined undefined'", "undefined", "'undefined'", "42", ""].join("\n"));
    expect(r.stderr).toBe("quickexec: Fuel limit of 1000 exceeded; the sandbox ended (exit code 124) and its state is lost: going on in a fresh one\n");
    expect(r.code).toBe(0);
  }, TIMEOUT);

  it("REPL .help says how state is kept", async () => {
    const r = await cli(["repl"], { stdin: ".help\n" });
    expect(r.stdout).toContain(".clear");
    expect(r.stdout).toContain("same sandbox");
    expect(r.stdout).not.toMatch(/run again|happen again/);
  }, TIMEOUT);

  it("REPL is what no arguments open; process.exit leaves it with that code", async () => {
    const r = await cli([], { stdin: "1 + 1\nprocess.exit(5)\n2 + 2\n" });
    expect(r.stdout).toBe("2\n");
    expect(r.code).toBe(5);
  }, TIMEOUT);
});
