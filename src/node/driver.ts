/**
 * The Node system driver and runtime driver factory.
 * @module
 */
import type { RuntimeDriver, RuntimeDriverFactory, SystemDriver } from "../driver.js";
import { validatePermissions } from "../permissions.js";
import { checkOptions, checkPlainObject } from "../options.js";
import type { OSConfig, Permissions, ProcessConfig } from "../types.js";
import type { ModuleAccessOptions, VirtualFileSystem } from "../fs/types.js";
import { checkFileSystem } from "../fs/check.js";
import { createModuleAccessFileSystem } from "../fs/module-access-fs.js";
import { startRun, warmPool } from "./worker-pool.js";

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
};

const NODE_DRIVER_OPTIONS = ["filesystem", "moduleAccess", "permissions", "processConfig", "osConfig"] as const;

/** Creates the system driver for Node hosts: what the guest may reach, behind permissions. */
export function createNodeDriver(options: NodeDriverOptions = {}): SystemDriver {
  checkOptions(options, NODE_DRIVER_OPTIONS, "createNodeDriver options");
  return Object.freeze({
    kind: "node" as const,
    permissions: Object.freeze(validatePermissions(options.permissions, "permissions")),
    filesystem: filesystemOf(options),
    processConfig: Object.freeze({ ...checkPlainObject(options.processConfig, "processConfig") }) as ProcessConfig,
    osConfig: Object.freeze({ ...checkPlainObject(options.osConfig, "osConfig") }) as OSConfig,
  });
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
