/**
 * `quickexec run FILE [ARGS...]` and `quickexec eval CODE [ARGS...]`: one
 * program in a fresh sandbox, with the host's stdin (when it is not a
 * terminal) as the guest's, the guest's stdout and stderr written through,
 * and its exit code returned.
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ExecOptions, StdioEvent } from "../types.js";
import { UsageError, type CliCommand } from "./args.js";
import { createCliPaths } from "./paths.js";
import { createCliSession } from "./session.js";

/** Where a command line's output goes (the process's streams, or a test's). */
export type CliIO = {
  /** Guest stdout. */
  stdout: (text: string) => void;
  /** Guest stderr and quickexec's own messages. */
  stderr: (text: string) => void;
  /** The guest's stdin: all of it, or undefined when there is none to give. */
  readStdin: () => Promise<Uint8Array | undefined>;
};

/** Runs `run` or `eval`; resolves with the exit code. @throws UsageError */
export async function runProgram(cmd: CliCommand, io: CliIO): Promise<number> {
  const paths = createCliPaths(cmd.root);
  let code: string;
  let filePath: string;
  if (cmd.command === "run") {
    const hostFile = resolve(cmd.target!);
    try {
      // The file named on the command line is read by quickexec itself, as Deno reads its main module:
      // no --allow-read needed for it (the modules it loads do need one).
      code = readFileSync(hostFile, "utf8");
    } catch (error) {
      throw new UsageError(`Cannot read ${cmd.target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    filePath = paths.toSandbox(hostFile, cmd.target!);
  } else {
    code = cmd.target!;
    filePath = `${paths.cwd === "/" ? "" : paths.cwd}/[eval]`;
  }
  const onStdio = ({ channel, message }: StdioEvent) => (channel === "stdout" ? io.stdout(message) : io.stderr(message));
  const session = createCliSession(cmd, cmd.command === "run" ? filePath : undefined, onStdio, (line) => io.stderr(`${line}\n`), paths);
  try {
    const stdin = await io.readStdin();
    const options: ExecOptions = { filePath, ...(stdin === undefined ? {} : { stdin }) };
    const result = await session.runtime.exec(code, options);
    // Code 1 (an uncaught error) was reported by the guest itself; limits and engine faults are not.
    if (result.errorMessage !== undefined && result.code !== 1) io.stderr(`quickexec: ${result.errorMessage}\n`);
    return result.code;
  } finally {
    session.runtime.dispose();
  }
}
