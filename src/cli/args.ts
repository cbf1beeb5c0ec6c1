/**
 * The command line of `quickexec`, parsed: the command (`run`, `eval`,
 * `repl`), its target and the guest's arguments, Deno-style grants
 * (`--allow-read[=PATH,...]` ...), `--root` and the limits. Options go before
 * the file or code; everything after it is the guest's `process.argv`.
 * @module
 */
import { parseArgs } from "node:util";

/** What a grant allows: everything (`--allow-read`), or the listed items (`--allow-read=a,b`). */
export type Grant = { all: true } | { all: false; items: string[] };

/** The grants of one command line, by domain; a missing domain is denied. */
export type Grants = Partial<Record<GrantName, Grant>>;

/** The domains a grant flag names: `--allow-<name>`. */
export const GRANT_NAMES = ["read", "write", "net", "env", "run"] as const;
/** One of {@link GRANT_NAMES}. */
export type GrantName = (typeof GRANT_NAMES)[number];

/** Resource limits given on the command line (each absent when not given). */
export type CliLimits = {
  /** `--cpu-ms`: CPU budget in ms (runtime option `cpuTimeLimitMs`). */
  cpuMs?: number;
  /** `--memory`: memory cap in MiB (runtime option `memoryLimit`). */
  memoryMb?: number;
  /** `--fuel`: engine fuel budget (runtime option `fuelLimit`). */
  fuel?: number;
  /** `--wall-ms`: wall-clock budget in ms (runtime option `wallTimeLimitMs`). */
  wallMs?: number;
};

/** A parsed command line. */
export type CliCommand = {
  /** What to do. */
  command: "run" | "eval" | "repl" | "help" | "version";
  /** `run`: the host path of the file; `eval`: the code. */
  target?: string;
  /** The guest's arguments (after the file or code). */
  args: string[];
  /** Grants from `--allow-*` and `-A`. */
  grants: Grants;
  /** `--root`: the host directory the guest sees as `/`. */
  root?: string;
  /** Limits. */
  limits: CliLimits;
};

/** A command line that cannot be used; the message names what is wrong. */
export class UsageError extends Error {
  override name = "UsageError";
}

const VALUE_OPTIONS = new Set(["--root", "--cpu-ms", "--memory", "--fuel", "--wall-ms"]);
const COMMANDS = new Set(["run", "eval", "repl"]);
/** A bare `--allow-x` (no `=`) becomes `--allow-x=<ALL>`, which no real list can spell. */
const ALL = "\u0000all";

/** Parses `argv` (without the node binary and script). @throws UsageError */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const optionTokens: string[] = [];
  let command: CliCommand["command"] | undefined;
  let target: string | undefined;
  let args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") {
      const rest = argv.slice(i + 1);
      command ??= "run";
      if (command === "repl") throw new UsageError("repl takes no file or code");
      if (target === undefined) [target, ...args] = rest;
      else args = rest;
      break;
    }
    if (token.startsWith("-") && token !== "-") {
      const bare = token.split("=")[0]!;
      if (GRANT_NAMES.some((name) => bare === `--allow-${name}`) && !token.includes("=")) optionTokens.push(`${token}=${ALL}`);
      else if (VALUE_OPTIONS.has(token)) {
        if (i + 1 >= argv.length) throw new UsageError(`${token} needs a value (${token} VALUE or ${token}=VALUE)`);
        optionTokens.push(`${token}=${argv[++i]}`);
      } else optionTokens.push(token);
      continue;
    }
    if (command === undefined) {
      if (!COMMANDS.has(token)) {
        const previous = argv[i - 1];
        if (previous !== undefined && GRANT_NAMES.some((name) => previous === `--allow-${name}`)) {
          throw new UsageError(`Unknown command '${token}': a grant's list follows '=' (${previous}=${token})`);
        }
        throw new UsageError(`Unknown command '${token}' (expected run, eval or repl; to run a file: quickexec run ${token})`);
      }
      command = token as CliCommand["command"];
      continue;
    }
    if (command === "repl") throw new UsageError(`repl takes no file or code, got '${token}'`);
    target = token;
    args = argv.slice(i + 1);
    break;
  }

  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: optionTokens,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
        "allow-all": { type: "boolean", short: "A" },
        "allow-read": { type: "string", multiple: true },
        "allow-write": { type: "string", multiple: true },
        "allow-net": { type: "string", multiple: true },
        "allow-env": { type: "string", multiple: true },
        "allow-run": { type: "string", multiple: true },
        root: { type: "string" },
        "cpu-ms": { type: "string" },
        memory: { type: "string" },
        fuel: { type: "string" },
        "wall-ms": { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  const grants: Grants = {};
  for (const name of GRANT_NAMES) {
    const given = values[`allow-${name}`] as string[] | undefined;
    if (values["allow-all"] || given?.includes(ALL)) grants[name] = { all: true };
    else if (given !== undefined) {
      const items = given.flatMap((list) => list.split(",")).map((item) => item.trim());
      if (items.some((item) => item === "")) throw new UsageError(`--allow-${name}= needs a comma-separated list with no empty item (or no '=' to allow all)`);
      grants[name] = { all: false, items };
    }
  }

  const limits: CliLimits = {};
  const cpu = numberOption(values["cpu-ms"], "--cpu-ms", "milliseconds");
  if (cpu !== undefined) limits.cpuMs = cpu;
  const memory = numberOption(values.memory, "--memory", "MiB");
  if (memory !== undefined) limits.memoryMb = memory;
  const fuel = numberOption(values.fuel, "--fuel", "units of fuel");
  if (fuel !== undefined) limits.fuel = fuel;
  const wall = numberOption(values["wall-ms"], "--wall-ms", "milliseconds");
  if (wall !== undefined) limits.wallMs = wall;

  if (values.help) command = "help";
  else if (values.version) command = "version";
  command ??= "repl";
  if ((command === "run" || command === "eval") && target === undefined) {
    throw new UsageError(command === "run" ? "run needs a file: quickexec run FILE [ARGS...]" : "eval needs code: quickexec eval CODE [ARGS...]");
  }
  const parsed: CliCommand = { command, args, grants, limits };
  if (target !== undefined) parsed.target = target;
  if (typeof values.root === "string") parsed.root = values.root;
  return parsed;
}

function numberOption(value: unknown, flag: string, unit: string): number | undefined {
  if (typeof value !== "string") return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of ${unit}, got '${value}'`);
  return n;
}
