/**
 * The text of `quickexec --help`.
 * @module
 */

/** Everything the command line takes, with examples. */
export const HELP_TEXT = `quickexec: run Node.js-style JavaScript or TypeScript in a QuickJS sandbox.

Usage:
  quickexec [OPTIONS] run FILE [ARGS...]   run FILE (.js, .mjs, .cjs, .ts, .mts, .cts)
  quickexec [OPTIONS] eval CODE [ARGS...]  run CODE
  quickexec [OPTIONS] [repl]               read-eval-print loop in a sandbox
  Options go before FILE or CODE; what follows is the program's process.argv.

Grants (everything is denied unless granted; lists are comma-separated):
  --allow-read[=PATH,...]         read files and directories (stat, readdir, require/import)
  --allow-write[=PATH,...]        write, create, remove, rename files and directories
  --allow-net[=HOST[:PORT],...]   fetch, http(s), dns, listen; loopback and private
                                  addresses only when their host is named
  --allow-env[=NAME,...]          see (and set) these host environment variables
  --allow-run[=CMD,...]           start these programs as child processes (on the
                                  host, outside the sandbox; "node" is this node)
  -A, --allow-all                 all of the above
  A flag without a list allows all of its kind. PATHs are host paths.

Filesystem:
  --root DIR       the guest sees the host directory DIR as / (default: the host's /,
                   at the same paths). Reads and writes still need the grants.

Limits:
  --memory MIB     memory cap of the sandbox in MiB (default 128)
  --cpu-ms MS      CPU time budget in ms (exit code 124 when exceeded)
  --fuel N         deterministic engine fuel budget (exit code 124 when spent)
  --wall-ms MS     real-time budget in ms, waits included (exit code 124)
  In the REPL each budget applies to each line; a line that exceeds one ends
  the sandbox (its state is lost) and the REPL goes on in a fresh one.

Other:
  -h, --help       this text
  -v, --version    quickexec's version

stdin, stdout, stderr and the exit code are the program's. A denied operation
prints one line on stderr naming what was denied and the flag that grants it.

Examples:
  quickexec run script.js
  echo '{"a":1}' | quickexec eval 'process.stdin.on("data", d => console.log(JSON.parse(d).a))'
  quickexec --allow-read=./data --allow-write=./out run build.ts --verbose
  quickexec --root ./sandbox --allow-read --allow-write run /main.mjs
  quickexec --allow-net=api.example.com --cpu-ms 2000 --memory 64 run fetch.mjs
  quickexec repl
`;
