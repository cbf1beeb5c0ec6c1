/**
 * `quickexec` / `quickexec repl`: a read-eval-print loop in the sandbox.
 *
 * Every run of quickexec gets a fresh sandbox (nothing survives between
 * runs), so the REPL keeps state by replay: each line runs after the lines
 * accepted before it, in one program, with the output of the earlier lines
 * hidden (a random marker separates it from the new line's). A line that
 * throws is not kept. Consequence, said in `.help`: side effects of earlier
 * lines (file writes, requests) happen again at every line, and output they
 * schedule for later (timers) shows again.
 * @module
 */
import { createInterface } from "node:readline";
import { randomBytes } from "node:crypto";
import { Script } from "node:vm";
import type { CliCommand } from "./args.js";
import type { CliIO } from "./run.js";
import { createCliSession, unsupportedLimit } from "./session.js";
import { UsageError } from "./args.js";

/** What the REPL reads from and whether it is a terminal (prompts and the banner only then). */
export type ReplInput = { input: NodeJS.ReadableStream; terminal: boolean };

const HELP = `.clear  forget the lines kept so far (a fresh sandbox)
.exit   leave (or Ctrl-D)
.help   this text

Each line runs in a fresh sandbox after the lines kept before it are run
again with their output hidden: their other effects (files written,
requests, timers) happen again. A line that throws is not kept.
`;

/** Runs the REPL until its input ends or `.exit`; resolves with the exit code. */
export async function runRepl(cmd: CliCommand, io: CliIO, from: ReplInput): Promise<number> {
  const marker = `\u0000quickexec-repl-${randomBytes(8).toString("hex")}\u0000`;
  const seen = { stdout: false, stderr: false };
  const session = createCliSession(
    cmd,
    undefined,
    ({ channel, message }) => {
      // Output before the marker is the replay of earlier lines: hidden.
      if (!seen[channel]) {
        const at = message.indexOf(marker);
        if (at < 0) return;
        seen[channel] = true;
        message = message.slice(at + marker.length);
        if (message === "") return;
      }
      (channel === "stdout" ? io.stdout : io.stderr)(message);
    },
    (line) => io.stderr(`${line}\n`),
  );
  const kept: string[] = [];
  const rl = createInterface({ input: from.input, terminal: false });
  const prompt = (text: string) => from.terminal && io.stdout(text);
  if (from.terminal) io.stdout(`quickexec REPL (sandboxed; .help for how state is kept)\n`);
  prompt("> ");
  let pending = "";
  try {
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
          kept.length = 0;
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
      seen.stdout = seen.stderr = false;
      let result;
      try {
        result = await session.runtime.run<{ ok?: boolean }>(replProgram(kept, source, marker), `${session.paths.cwd === "/" ? "" : session.paths.cwd}/[repl]`);
      } catch (error) {
        const unsupported = unsupportedLimit(error);
        if (unsupported !== null) throw new UsageError(unsupported);
        throw error;
      }
      const ok = result.exports?.ok;
      if (ok === true && result.code === 0) kept.push(source);
      else if (ok === undefined && result.errorMessage === undefined) return result.code; // The line called process.exit().
      else if (result.errorMessage !== undefined && result.code !== 1) io.stderr(`quickexec: ${result.errorMessage}\n`);
      prompt("> ");
    }
    return 0;
  } finally {
    rl.close();
    session.runtime.dispose();
  }
}

/** Whether `source` is the start of a longer input (an open bracket, string or template): then the REPL reads on. */
function incomplete(source: string): boolean {
  try {
    // Compiled only, never run: the host's parser tells an unfinished input from a wrong one.
    new Script(source);
    return false;
  } catch (error) {
    return error instanceof SyntaxError && /Unexpected end of input|Unterminated template literal|missing \) after argument list/.test(error.message);
  }
}

/**
 * The program for one line: the kept lines, the marker, then the line, as one
 * indirect eval (so `let` and `const` of earlier lines are in scope and the
 * completion value is the line's), whose value or error is printed as Node's
 * REPL prints it.
 */
function replProgram(kept: string[], line: string, marker: string): string {
  const markerCall = "globalThis.__quickexecReplMark()";
  const body = kept.length === 0 ? `${markerCall};\n${line}` : `${kept.join("\n;\n")}\n;${markerCall};\n${line}`;
  return `"use strict";
const { inspect } = require("util");
let marked = false;
Object.defineProperty(globalThis, "__quickexecReplMark", { configurable: true, value() {
  if (marked) return;
  marked = true;
  process.stdout.write(${JSON.stringify(marker)});
  process.stderr.write(${JSON.stringify(marker)});
} });
globalThis.require = require;
globalThis.module = module;
let ok = true;
try {
  const value = (0, eval)(${JSON.stringify(body)});
  console.log(inspect(value, { colors: false }));
} catch (error) {
  globalThis.__quickexecReplMark();
  ok = false;
  console.log("Uncaught " + (error instanceof Error ? error.name + ": " + error.message : inspect(error)));
}
module.exports = { ok };
`;
}
