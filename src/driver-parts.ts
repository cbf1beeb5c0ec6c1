/**
 * What every system driver is made of, checked the same way for Node and the
 * browser: permissions, `process` and `os` values, and a network adapter.
 * @module
 */
import { validatePermissions } from "./permissions.js";
import { checkOSConfig, checkProcessConfig } from "./compat-options.js";
import type { OSConfig, Permissions, ProcessConfig } from "./types.js";
import type { NetworkAdapter } from "./net/types.js";
import { acceptNetworkAdapter, type AcceptedNetworkAdapter } from "./net/adapter-compat.js";

/** The options every system driver takes. */
export interface CommonDriverOptions {
  /** Permission callbacks; every domain denies unless given. */
  permissions?: Permissions;
  /** Values for the guest's `process`. */
  processConfig?: ProcessConfig;
  /** Values for the guest's `os`. */
  osConfig?: OSConfig;
  /**
   * Carries out the guest's fetch, http and dns (behind the `network`
   * permission): quickexec's {@link NetworkAdapter}, or one written for
   * secure-exec (see `SecureExecNetworkAdapter`), accepted unchanged.
   */
  networkAdapter?: AcceptedNetworkAdapter;
  /** Use the driver's built-in network adapter; ignored when `networkAdapter` is given. */
  useDefaultNetwork?: boolean;
}

/** The checked, frozen common parts of a system driver. */
export function commonDriverParts(options: CommonDriverOptions) {
  return {
    permissions: Object.freeze(validatePermissions(options.permissions, "permissions")),
    processConfig: Object.freeze({ ...checkProcessConfig(options.processConfig) }) as ProcessConfig,
    osConfig: Object.freeze({ ...checkOSConfig(options.osConfig) }) as OSConfig,
  };
}

/** The driver's network adapter: the user's (checked), the driver's default one, or none. */
export function networkAdapterOf(options: CommonDriverOptions, createDefault: () => NetworkAdapter): NetworkAdapter | undefined {
  const { networkAdapter, useDefaultNetwork } = options;
  if (useDefaultNetwork !== undefined && typeof useDefaultNetwork !== "boolean") {
    throw new TypeError(`useDefaultNetwork must be a boolean, got ${typeof useDefaultNetwork}`);
  }
  if (networkAdapter !== undefined) {
    const methods = ["fetch", "dnsLookup", "httpRequest"] as const;
    if (networkAdapter === null || typeof networkAdapter !== "object") throw new TypeError("networkAdapter must be an object");
    const missing = methods.filter((m) => typeof networkAdapter[m] !== "function");
    if (missing.length > 0) throw new TypeError(`networkAdapter is missing ${missing.map((m) => m + "()").join(", ")}`);
    return acceptNetworkAdapter(networkAdapter);
  }
  return useDefaultNetwork ? createDefault() : undefined;
}
