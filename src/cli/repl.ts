/**
 * `quickexec` / `quickexec repl`: a read-eval-print loop in the sandbox.
 *
 * The REPL is one live module (`runtime.load`): each complete input is
 * `exec`uted as a script in the module's realm, so `let`, `const`, functions
 * and globals persist without anything being run twice, and the value is
 * printed as Node's REPL prints it (`util.inspect`, in the guest). A line
 * that throws leaves the state as it is; a line that exceeds a limit ends the
 * sandbox, and the REPL goes on in a fresh one; `process.exit(n)` ends the
 * REPL with `n`.
 * @module
 */
import { createInterface, type Interface } from "node:readline";
import { Script } from "node:vm";
import type { CliCommand } from "./args.js";
import type { CliIO } from "./run.js";
import type { LoadedModule } from "../live/loaded-module.js";
import { createCliSession } from "./session.js";

/** What the REPL reads from and whether it is a terminal (prompts and the banner only then). */
export type ReplInput = { input: NodeJS.ReadableStream; terminal: boolean };

const HELP = `.clear  start again in a fresh sandbox (everything defined so far is gone)
.exit   leave (or Ctrl-D)
.help   this text

Each input runs in the same sandbox, so what it defines stays for the next
ones. Top-level await works in an expression (await f()) or a declaration
of one name (const x = await f()). Timers and callbacks a line schedules run
while a line waits for a promise (e.g. await new Promise(r => setTimeout(r, 100))).
The limits (--cpu-ms, --fuel, --wall-ms, --memory) apply to each line; a line
that exceeds one ends the sandbox and the REPL goes on in a fresh one.
`;

/** The guest's `util.inspect`, kept where REPL lines do not see it by name. */
const INSPECT = `globalThis[Symbol.for("quickexec.repl.inspect")]`;

/** The program the REPL's module loads: Node's REPL globals. */
const REPL_PROGRAM = `Object.defineProperty(globalThis, Symbol.for("quickexec.repl.inspect"), { value: (value, options) => require("util").inspect(value, options) });
globalThis.require = require;
globalThis.module = module;
globalThis.exports = exports;
`;

/** Runs the REPL until its input ends or `.exit`; resolves with the exit code. */
export async function runRepl(cmd: CliCommand, io: CliIO, from: ReplInput): Promise<number> {
  const session = createCliSession(
    cmd,
    undefined,
    ({ channel, message }) => (channel === "stdout" ? io.stdout : io.stderr)(message),
    (line) => io.stderr(`${line}\n`),
  );
  const filePath = `${session.paths.cwd === "/" ? "" : session.paths.cwd}/[repl]`;
  const fresh = () => session.runtime.load(REPL_PROGRAM, filePath);
  let module: LoadedModule | undefined;
  let rl: Interface | undefined;
  const prompt = (text: string) => from.terminal && io.stdout(text);
  try {
    module = await fresh();
    // Read only now: lines that came while the sandbox loaded would be lost before the loop below listens.
    rl = createInterface({ input: from.input, terminal: false });
    if (from.terminal) io.stdout(`quickexec REPL (sandboxed; .help for help)\n`);
    prompt("> ");
    let pending = "";
    for await (const line of rl) {
      if (pending === "") {
        const command = line.trim();
        if (command === ".exit") break;
        if (command === ".help") {
          io.stdout(HELP);
          prompt("> ");
          continue;
        }
        if (command === ".clear") {
          module.dispose();
          module = await fresh();
          prompt("> ");
          continue;
        }
      }
      pending = pending === "" ? line : `${pending}\n${line}`;
      if (incomplete(pending)) {
        prompt("... ");
        continue;
      }
      const source = pending;
      pending = "";
      if (source.trim() === "") {
        prompt("> ");
        continue;
      }
      const planned = toExec(source);
      if ("refused" in planned) io.stdout(`Uncaught SyntaxError: ${planned.refused}\n`);
      else {
        const result = await module.exec<string>(planned.code, planned.inspect ? { inspect: true } : {});
        if (!module.alive) {
          // process.exit() in the line: the REPL ends with its code.
          if (result.errorMessage === undefined) return result.code;
          io.stderr(`quickexec: ${result.errorMessage}; the sandbox ended (exit code ${result.code}) and its state is lost: going on in a fresh one\n`);
          module.dispose();
          module = await fresh();
        } else if (result.code === 0) io.stdout(`${result.value ?? "undefined"}\n`);
        else io.stdout(`${uncaught(result.errorMessage ?? "")}\n`);
      }
      prompt("> ");
    }
    return 0;
  } finally {
    rl?.close();
    module?.dispose();
    session.runtime.dispose();
  }
}

/** What to `exec` for one input, and whether the value comes back inspected (else it is the inspected text already). */
type ExecLine = { code: string; inspect: boolean } | { refused: string };

/** A top-level `await` the host's parser rejects in a script, as Node's message says. */
const TOP_LEVEL_AWAIT = /await is only valid in async functions and the top level bodies of modules/;
/** `const x = <expression>` (also let, var): the one declaration top-level await is taken in. */
const DECLARATION = /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=([\s\S]*?)[\s;]*$/;

/**
 * The code for one input: the input itself as a script, or, when it awaits at
 * its top level, an async function that does (an expression's value is
 * inspected in the guest; a declaration of one name becomes a global).
 */
function toExec(source: string): ExecLine {
  if (!compileError(source, TOP_LEVEL_AWAIT)) return { code: source, inspect: true };
  const declared = DECLARATION.exec(source);
  if (declared !== null) {
    const code = `(async () => { globalThis[${JSON.stringify(declared[1])}] = (\n${declared[2]}\n); })()`;
    if (compiles(code)) return { code, inspect: false };
  }
  const expression = source.replace(/[\s;]*$/, "");
  const code = `(async () => ${INSPECT}((\n${expression}\n), { showProxy: true }))()`;
  if (compiles(code)) return { code, inspect: false };
  return { refused: "top-level await works here in an expression (await f()) or a declaration of one name (const x = await f())" };
}

/** Whether the host's parser accepts `source` as a script (compiled only, never run). */
function compiles(source: string): boolean {
  return !compileError(source, /./);
}

/** Whether compiling `source` fails with a SyntaxError whose message matches `pattern`. */
function compileError(source: string, pattern: RegExp): boolean {
  try {
    new Script(source);
    return false;
  } catch (error) {
    return error instanceof SyntaxError && pattern.test(error.message);
  }
}

/** Whether `source` is the start of a longer input (an open bracket, string or template): then the REPL reads on. */
function incomplete(source: string): boolean {
  return compileError(source, /Unexpected end of input|Unterminated template literal|missing \) after argument list/);
}

/** An error that escaped a line, as Node's REPL prints it: "Uncaught", and no frame of the line's own top level (nor of the top-level-await wrapper). */
function uncaught(errorMessage: string): string {
  const text = errorMessage
    .split("\n")
    .filter((line) => !/^\s+at (?:<eval> |<anonymous> )?\(?\[exec\]:\d+(?::\d+)?\)?$/.test(line))
    .join("\n");
  return text.startsWith("Uncaught ") ? text : `Uncaught ${text}`;
}
