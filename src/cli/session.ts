/**
 * The sandbox a command line runs in: a NodeRuntime whose filesystem is the
 * host directory `--root` (default `/`) behind the grants, with the default
 * network adapter, the Node command executor for `--allow-run`, the host's
 * environment filtered by `--allow-env`, and the limits.
 * @module
 */
import { NodeRuntime } from "../runtime.js";
import { createNodeDriver, createNodeRuntimeDriverFactory } from "../node/driver.js";
import { createHostFileSystem } from "../fs/host-fs.js";
import { createDefaultNetworkAdapter } from "../net/default-adapter.js";
import { createNodeCommandExecutor } from "../child/host-executor.js";
import type { StdioHook } from "../types.js";
import type { CliCommand, CliLimits } from "./args.js";
import { UsageError } from "./args.js";
import { createCliPaths, type CliPaths } from "./paths.js";
import { createCliPermissions, type DenialReporter } from "./grants.js";

/** A sandbox for one command line. */
export type CliSession = {
  /** The runtime (dispose it when done). */
  runtime: NodeRuntime;
  /** Host/sandbox path mapping. */
  paths: CliPaths;
};

/** The limit flags that map to runtime options, by option name. */
const LIMIT_OPTIONS: { flag: string; option: string; value: (l: CliLimits) => number | undefined }[] = [
  { flag: "--memory", option: "memoryLimit", value: (l) => l.memoryMb },
  { flag: "--cpu-ms", option: "cpuTimeLimitMs", value: (l) => l.cpuMs },
  { flag: "--fuel", option: "fuelLimit", value: (l) => l.fuel },
  { flag: "--wall-ms", option: "wallTimeLimitMs", value: (l) => l.wallMs },
];

/**
 * Creates the sandbox.
 * @param cmd the parsed command line.
 * @param guestFile the main file's sandbox path (for `process.argv[1]`), if any.
 * @param onStdio receives guest output.
 * @param report prints a denial line.
 * @throws UsageError for a bad `--root`, a grant outside it, or a limit the runtime refuses.
 */
export function createCliSession(cmd: CliCommand, guestFile: string | undefined, onStdio: StdioHook, report: DenialReporter, paths = createCliPaths(cmd.root)): CliSession {
  const { permissions, allowPrivateAddress } = createCliPermissions(cmd.grants, paths, report);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (typeof value === "string") env[key] = value;
  const systemDriver = createNodeDriver({
    filesystem: createHostFileSystem(paths.root),
    permissions,
    processConfig: {
      cwd: paths.cwd,
      env,
      argv: ["/usr/local/bin/node", ...(guestFile === undefined ? [] : [guestFile]), ...cmd.args],
    },
    // Public addresses as usual; a loopback or private one only when --allow-net names that host or address.
    networkAdapter: createDefaultNetworkAdapter({
      allowPrivateAddresses: allowPrivateAddress,
    }),
    commandExecutor: createNodeCommandExecutor({
      command: (command) => (command === "node" ? process.execPath : command),
      cwd: (sandboxCwd) => paths.toHost(sandboxCwd),
    }),
  });

  const options: Record<string, unknown> = { systemDriver, runtimeDriverFactory: createNodeRuntimeDriverFactory(), onStdio };
  for (const { option, value } of LIMIT_OPTIONS) {
    const v = value(cmd.limits);
    if (v !== undefined) options[option] = v;
  }
  try {
    return { runtime: new NodeRuntime(options as never), paths };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = LIMIT_OPTIONS.find((l) => message.includes(l.option))?.flag;
    throw new UsageError(flag ? `${flag}: ${message}` : message);
  }
}
