/**
 * quickexec: run untrusted Node.js-style JavaScript inside QuickJS compiled to
 * WebAssembly, with deny-by-default permissions and hard CPU and memory limits.
 *
 * This is the Node entry point.
 * @module
 */
export * from "./common-exports.js";
export { createNodeDriver, createNodeRuntimeDriverFactory, type NodeDriverOptions } from "./node/driver.js";
export { createHostFileSystem } from "./fs/host-fs.js";
export { createModuleAccessFileSystem } from "./fs/module-access-fs.js";
export type { ModuleAccessOptions } from "./fs/types.js";
export {
  createDefaultNetworkAdapter,
  NETWORK_ERROR_CODES,
  type DefaultNetworkOptions,
  type AllowPrivateAddresses,
  type NetworkLookup,
  type NetworkConnector,
  type NetworkConnectOptions,
} from "./net/default-adapter.js";
export { isPublicAddress } from "./net/address-policy.js";
export { createNodeCommandExecutor, type NodeCommandExecutorOptions, type NodeSpawnedProcess } from "./child/host-executor.js";
