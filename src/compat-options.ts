/**
 * Options code written for secure-exec 0.2 may pass that quickexec does not
 * take, each refused with an error that names it and says what to use
 * instead, and the checks of the `processConfig` and `osConfig` records
 * (whose secure-exec fields quickexec honours: `uid`, `gid`, `stdin`,
 * `timingMitigation`, `frozenTimeMs`).
 * @module
 */
import { checkPlainObject, checkString, checkStringRecord, describe } from "./options.js";
import type { OSConfig, ProcessConfig } from "./types.js";

/** secure-exec options quickexec refuses, by where they are given, with what to use instead. */
const REFUSED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "NodeRuntime options": {
    resourceBudgets:
      "quickexec bounds a run with memoryLimit, cpuTimeLimitMs and its own fixed limits on timers, handles and output backpressure; " +
      "for output, count bytes in onStdio and call runtime.terminate(); for child processes, count spawns in the childProcess permission check",
  },
  "exec options": {
    mode: 'quickexec runs the event loop (timers, network) in both exec and run; use runtime.run(code, filePath) for exports',
  },
  "createNodeRuntimeDriverFactory options": {
    createIsolate: "quickexec runs QuickJS on worker threads it manages itself; set the memory cap with NodeRuntime's memoryLimit",
  },
  moduleAccess: {
    allowPackages: "it is deprecated in secure-exec and has no effect there: drop it (moduleAccess.cwd chooses the node_modules shown)",
    packageRoots:
      "mount package directories yourself: pass createModuleAccessFileSystem(filesystem, { cwd }) or a filesystem built with createHostFileSystem(dir)",
  },
  processConfig: {
    stdinIsTTY: "the guest has no terminal (process.stdin.isTTY is false); pass input with exec's stdin option",
    stdoutIsTTY: "the guest has no terminal (process.stdout.isTTY is false); output arrives through onStdio",
    stderrIsTTY: "the guest has no terminal (process.stderr.isTTY is false); output arrives through onStdio",
    cols: "the guest has no terminal, so no column count",
    rows: "the guest has no terminal, so no row count",
  },
};

/**
 * Throws a TypeError for a secure-exec option of `what` that quickexec does
 * not take (one listed in {@link REFUSED}), naming it and what to use.
 */
export function refuseUnsupported(options: object | undefined, what: string): void {
  if (options === undefined || options === null) return;
  const refused = REFUSED[what] ?? {};
  for (const key of Object.keys(options)) {
    if (Object.prototype.hasOwnProperty.call(refused, key)) {
      throw new TypeError(`${what}.${key} (a secure-exec option) is not supported by quickexec: ${refused[key]}`);
    }
  }
}

/** The fields of {@link ProcessConfig}. */
const PROCESS_FIELDS = [
  "cwd", "env", "argv", "platform", "arch", "version", "pid", "ppid", "title", "execPath", "uid", "gid", "stdin", "timingMitigation", "frozenTimeMs",
];

/** The fields of {@link OSConfig}. */
const OS_FIELDS = [
  "platform", "arch", "type", "release", "version", "hostname", "homedir", "tmpdir", "endianness", "machine", "cpus", "totalmem", "freemem", "uptime", "username",
];

/** Checks a `processConfig`: its fields' names and the types of those quickexec reads; refused secure-exec fields say why. */
export function checkProcessConfig(value: unknown): ProcessConfig {
  const config = checkPlainObject(value as object | undefined, "processConfig") ?? {};
  refuseUnsupported(config, "processConfig");
  checkFields(config, PROCESS_FIELDS, "processConfig");
  const p = config as Record<string, unknown>;
  for (const name of ["cwd", "platform", "arch", "version", "title", "execPath"]) checkString(p[name], `processConfig.${name}`);
  checkStringRecord(p.env, "processConfig.env");
  if (p.argv !== undefined && (!Array.isArray(p.argv) || p.argv.some((item) => typeof item !== "string"))) {
    throw new TypeError(`processConfig.argv must be an array of strings, got ${describe(p.argv)}`);
  }
  for (const name of ["pid", "ppid", "uid", "gid"]) {
    const id = p[name];
    if (id !== undefined && (typeof id !== "number" || !Number.isInteger(id) || id < 0)) {
      throw new TypeError(`processConfig.${name} must be a non-negative integer, got ${describe(id)}`);
    }
  }
  if (p.stdin !== undefined && typeof p.stdin !== "string" && !(p.stdin instanceof Uint8Array)) {
    throw new TypeError(`processConfig.stdin must be a string or a Uint8Array, got ${describe(p.stdin)}`);
  }
  if (p.timingMitigation !== undefined && p.timingMitigation !== "freeze" && p.timingMitigation !== "off") {
    throw new TypeError(`processConfig.timingMitigation must be "freeze" or "off", got ${describe(p.timingMitigation)}`);
  }
  if (p.frozenTimeMs !== undefined && (typeof p.frozenTimeMs !== "number" || !Number.isFinite(p.frozenTimeMs))) {
    throw new TypeError(`processConfig.frozenTimeMs must be a finite number of milliseconds since the epoch, got ${describe(p.frozenTimeMs)}`);
  }
  return config as ProcessConfig;
}

/** Checks an `osConfig`: its fields' names. */
export function checkOSConfig(value: unknown): OSConfig {
  const config = checkPlainObject(value as object | undefined, "osConfig") ?? {};
  checkFields(config, OS_FIELDS, "osConfig");
  return config as OSConfig;
}

/** Throws a TypeError naming a field of `record` that is not in `known`. */
function checkFields(record: object, known: readonly string[], what: string): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) throw new TypeError(`Unknown field "${key}" in ${what} (expected one of ${known.join(", ")})`);
  }
}
