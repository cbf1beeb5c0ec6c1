/**
 * The Node system driver and runtime driver factory.
 * @module
 */
import type { RuntimeDriver, RuntimeDriverFactory, SystemDriver } from "../driver.js";
import { validatePermissions } from "../permissions.js";
import { checkOptions, checkPlainObject } from "../options.js";
import type { OSConfig, Permissions, ProcessConfig } from "../types.js";
import { startRun, warmPool } from "./worker-pool.js";

/** Options of {@link createNodeDriver}. Filesystem, network and child processes arrive through the same op table. */
export type NodeDriverOptions = {
  /** Permission callbacks; every domain denies unless given. */
  permissions?: Permissions;
  /** Values for the guest's `process`. */
  processConfig?: ProcessConfig;
  /** Values for the guest's `os`. */
  osConfig?: OSConfig;
};

const NODE_DRIVER_OPTIONS = ["permissions", "processConfig", "osConfig"] as const;

/** Creates the system driver for Node hosts: what the guest may reach, behind permissions. */
export function createNodeDriver(options: NodeDriverOptions = {}): SystemDriver {
  checkOptions(options, NODE_DRIVER_OPTIONS, "createNodeDriver options");
  return Object.freeze({
    kind: "node" as const,
    permissions: Object.freeze(validatePermissions(options.permissions, "permissions")),
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
