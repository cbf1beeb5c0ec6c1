/**
 * The Node system driver and runtime driver factory.
 * @module
 */
import type { RuntimeDriverFactory, SystemDriver } from "../driver.js";
import { commonDriverParts, networkAdapterOf, type CommonDriverOptions } from "../driver-parts.js";
import { checkOptions, checkPlainObject } from "../options.js";
import { refuseUnsupported } from "../compat-options.js";
import type { CommandExecutor } from "../types.js";
import type { ModuleAccessOptions, VirtualFileSystem } from "../fs/types.js";
import { checkFileSystem } from "../fs/check.js";
import { createModuleAccessFileSystem } from "../fs/module-access-fs.js";
import { nodeEnginePool } from "./worker-pool.js";
import { createDefaultNetworkAdapter, portList } from "../net/default-adapter.js";

/** Options of {@link createNodeDriver}. Filesystem, network and child processes arrive through the same op table. */
export type NodeDriverOptions = CommonDriverOptions & {
  /** The filesystem the guest sees. Default: in memory, with the host's `node_modules` read-only at `/root/node_modules`. */
  filesystem?: VirtualFileSystem;
  /**
   * The read-only `node_modules` overlay. Used by default when no `filesystem`
   * is given; given explicitly, it is laid over the `filesystem` too.
   */
  moduleAccess?: ModuleAccessOptions;
  /** Starts the guest's child processes (behind the `childProcess` permission). Without it, spawning fails. */
  commandExecutor?: CommandExecutor;
  /**
   * With `useDefaultNetwork: true`: loopback ports the default adapter's
   * address policy lets through (a host-side server the guest may call).
   * Requests to them still need the `network` permission, and a redirect
   * from them to another loopback port or a private address is refused.
   * See `DefaultNetworkOptions.loopbackExemptPorts`.
   */
  loopbackExemptPorts?: number[];
};

const NODE_DRIVER_OPTIONS = [
  "filesystem", "moduleAccess", "permissions", "processConfig", "osConfig", "commandExecutor", "networkAdapter", "useDefaultNetwork",
  "loopbackExemptPorts",
] as const;

/** Creates the system driver for Node hosts: what the guest may reach, behind permissions. */
export function createNodeDriver(options: NodeDriverOptions = {}): SystemDriver {
  checkOptions(options, NODE_DRIVER_OPTIONS, "createNodeDriver options");
  return Object.freeze({
    kind: "node" as const,
    ...commonDriverParts(options),
    filesystem: filesystemOf(options),
    commandExecutor: checkCommandExecutor(options.commandExecutor),
    network: networkAdapterOf(options, defaultNetwork(options)),
  });
}

/** How the default adapter is made: with the exempt loopback ports, which only it can honour. */
function defaultNetwork(options: NodeDriverOptions): () => ReturnType<typeof createDefaultNetworkAdapter> {
  const ports = portList(options.loopbackExemptPorts, "loopbackExemptPorts");
  if (options.loopbackExemptPorts !== undefined && (options.networkAdapter !== undefined || options.useDefaultNetwork !== true)) {
    throw new TypeError(
      options.networkAdapter !== undefined
        ? "loopbackExemptPorts applies to the default network adapter only: with a networkAdapter, pass the ports to it (createDefaultNetworkAdapter({ loopbackExemptPorts }))"
        : "loopbackExemptPorts needs useDefaultNetwork: true (it exempts ports from the default network adapter's address policy)",
    );
  }
  return () => createDefaultNetworkAdapter(ports.length > 0 ? { loopbackExemptPorts: ports } : undefined);
}

/** A user's command executor, checked to have `spawn`. */
function checkCommandExecutor(value: unknown): CommandExecutor | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || typeof (value as CommandExecutor).spawn !== "function") {
    throw new TypeError("commandExecutor must be an object with a spawn(command, args, options) method");
  }
  return value as CommandExecutor;
}

/**
 * Creates the factory that runs the engine on worker threads (shared by all
 * runtimes in the process). Takes no options (secure-exec's `createIsolate`
 * is refused with an error that says what to use).
 */
export function createNodeRuntimeDriverFactory(options?: Record<string, never>): RuntimeDriverFactory {
  refuseUnsupported(options, "createNodeRuntimeDriverFactory options");
  checkOptions(options, [], "createNodeRuntimeDriverFactory options");
  return { createRuntimeDriver: () => nodeEnginePool.createRuntimeDriver() };
}

/** The driver's filesystem: the user's, the overlay over it, or the default overlay over memory. */
function filesystemOf(options: NodeDriverOptions): VirtualFileSystem {
  const given = options.filesystem === undefined ? undefined : checkFileSystem(options.filesystem, "filesystem");
  const access = checkPlainObject(options.moduleAccess, "moduleAccess");
  refuseUnsupported(access, "moduleAccess");
  if (access !== undefined) checkOptions(access, ["cwd"], "moduleAccess");
  if (given && access === undefined) return given;
  return createModuleAccessFileSystem(given, access);
}
