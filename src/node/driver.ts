/**
 * The Node system driver and runtime driver factory.
 * @module
 */
import type { RuntimeDriver, RuntimeDriverFactory, SystemDriver } from "../driver.js";
import { validatePermissions } from "../permissions.js";
import { checkOptions, checkPlainObject } from "../options.js";
import type { CommandExecutor, OSConfig, Permissions, ProcessConfig } from "../types.js";
import type { NetworkAdapter } from "../net/types.js";
import type { ModuleAccessOptions, VirtualFileSystem } from "../fs/types.js";
import { checkFileSystem } from "../fs/check.js";
import { createModuleAccessFileSystem } from "../fs/module-access-fs.js";
import { startRun, warmPool } from "./worker-pool.js";
import { createDefaultNetworkAdapter } from "../net/default-adapter.js";

/** Options of {@link createNodeDriver}. Filesystem, network and child processes arrive through the same op table. */
export type NodeDriverOptions = {
  /** The filesystem the guest sees. Default: in memory, with the host's `node_modules` read-only at `/root/node_modules`. */
  filesystem?: VirtualFileSystem;
  /**
   * The read-only `node_modules` overlay. Used by default when no `filesystem`
   * is given; given explicitly, it is laid over the `filesystem` too.
   */
  moduleAccess?: ModuleAccessOptions;
  /** Permission callbacks; every domain denies unless given. */
  permissions?: Permissions;
  /** Values for the guest's `process`. */
  processConfig?: ProcessConfig;
  /** Values for the guest's `os`. */
  osConfig?: OSConfig;
  /** Starts the guest's child processes (behind the `childProcess` permission). Without it, spawning fails. */
  commandExecutor?: CommandExecutor;
  /** Carries out the guest's fetch, http, dns and servers (behind the `network` permission). */
  networkAdapter?: NetworkAdapter;
  /** Use the built-in network adapter (`createDefaultNetworkAdapter()`); ignored when `networkAdapter` is given. */
  useDefaultNetwork?: boolean;
};

const NODE_DRIVER_OPTIONS = [
  "filesystem", "moduleAccess", "permissions", "processConfig", "osConfig", "commandExecutor", "networkAdapter", "useDefaultNetwork",
] as const;

/** Creates the system driver for Node hosts: what the guest may reach, behind permissions. */
export function createNodeDriver(options: NodeDriverOptions = {}): SystemDriver {
  checkOptions(options, NODE_DRIVER_OPTIONS, "createNodeDriver options");
  return Object.freeze({
    kind: "node" as const,
    permissions: Object.freeze(validatePermissions(options.permissions, "permissions")),
    filesystem: filesystemOf(options),
    processConfig: Object.freeze({ ...checkPlainObject(options.processConfig, "processConfig") }) as ProcessConfig,
    osConfig: Object.freeze({ ...checkPlainObject(options.osConfig, "osConfig") }) as OSConfig,
    commandExecutor: checkCommandExecutor(options.commandExecutor),
    network: networkOf(options),
  });
}

/** A user's command executor, checked to have `spawn`. */
function checkCommandExecutor(value: unknown): CommandExecutor | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || typeof (value as CommandExecutor).spawn !== "function") {
    throw new TypeError("commandExecutor must be an object with a spawn(command, args, options) method");
  }
  return value as CommandExecutor;
}

/** The driver's network adapter: the user's, the built-in one, or none. */
function networkOf(options: NodeDriverOptions): NetworkAdapter | undefined {
  const { networkAdapter, useDefaultNetwork } = options;
  if (useDefaultNetwork !== undefined && typeof useDefaultNetwork !== "boolean") {
    throw new TypeError(`useDefaultNetwork must be a boolean, got ${typeof useDefaultNetwork}`);
  }
  if (networkAdapter !== undefined) {
    const methods = ["fetch", "dnsLookup", "httpRequest"] as const;
    if (networkAdapter === null || typeof networkAdapter !== "object") throw new TypeError("networkAdapter must be an object");
    const missing = methods.filter((m) => typeof networkAdapter[m] !== "function");
    if (missing.length > 0) throw new TypeError(`networkAdapter is missing ${missing.map((m) => m + "()").join(", ")}`);
    return networkAdapter;
  }
  return useDefaultNetwork ? createDefaultNetworkAdapter() : undefined;
}

/** Creates the factory that runs the engine on worker threads (shared by all runtimes in the process). */
export function createNodeRuntimeDriverFactory(): RuntimeDriverFactory {
  return {
    createRuntimeDriver(): RuntimeDriver {
      const running = new Set<{ terminate(): void }>();
      return {
        warm: (memoryLimitMb) => warmPool(memoryLimitMb),
        start(spec, host) {
          const program = startRun(spec, host);
          running.add(program);
          void program.result.then(() => running.delete(program));
          return program;
        },
        dispose() {
          for (const program of running) program.terminate();
          running.clear();
        },
      };
    },
  };
}

/** The driver's filesystem: the user's, the overlay over it, or the default overlay over memory. */
function filesystemOf(options: NodeDriverOptions): VirtualFileSystem {
  const given = options.filesystem === undefined ? undefined : checkFileSystem(options.filesystem, "filesystem");
  const access = checkPlainObject(options.moduleAccess, "moduleAccess");
  if (access !== undefined) checkOptions(access, ["cwd"], "moduleAccess");
  if (given && access === undefined) return given;
  return createModuleAccessFileSystem(given, access);
}
