#!/usr/bin/env node
/**
 * The `quickexec` command (the package's `bin`): parses the command line and
 * runs `run`, `eval` or the REPL; exits with the program's exit code, or 2
 * for a command line that cannot be used.
 * @module
 */
import { readFileSync } from "node:fs";
import { parseCommandLine, UsageError } from "./args.js";
import { HELP_TEXT } from "./help.js";
import { runProgram, type CliIO } from "./run.js";
import { runRepl } from "./repl.js";

/** Exit code of a command line that cannot be used. */
const USAGE_EXIT = 2;

/** All of the host's stdin when it is a pipe or a file; nothing when it is a terminal. */
async function readAll(stream: NodeJS.ReadStream): Promise<Uint8Array | undefined> {
  if (stream.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * A writer to the host's `stream` that, as Node's own console does, drops
 * what it is given once the stream failed (a reader that went away: `EPIPE`
 * when piped into `head`), instead of crashing the command with an unhandled
 * 'error' event. The program goes on and exits with its own code.
 */
function writerTo(stream: NodeJS.WriteStream): { write: (text: string) => void; flushed: () => Promise<void> } {
  let failed = false;
  stream.on("error", () => (failed = true));
  return {
    write: (text) => {
      if (!failed) stream.write(text);
    },
    flushed: () => new Promise((resolve) => (failed || stream.destroyed ? resolve() : stream.write("", () => resolve()))),
  };
}

const stdout = writerTo(process.stdout);
const stderr = writerTo(process.stderr);

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const io: CliIO = {
    stdout: stdout.write,
    stderr: stderr.write,
    readStdin: () => readAll(process.stdin),
  };
  try {
    const cmd = parseCommandLine(argv);
    switch (cmd.command) {
      case "help":
        io.stdout(HELP_TEXT);
        return 0;
      case "version": {
        const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
        io.stdout(`quickexec ${pkg.version}\n`);
        return 0;
      }
      case "repl":
        return await runRepl(cmd, io, { input: process.stdin, terminal: process.stdin.isTTY === true });
      default:
        return await runProgram(cmd, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`quickexec: ${error.message}\n(quickexec --help lists the commands and options)\n`);
      return USAGE_EXIT;
    }
    io.stderr(`quickexec: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// Exit once what was written has been handed to the OS (pipes may still hold it).
await stdout.flushed();
await stderr.flushed();
process.exit(code);
