/**
 * quickexec: run untrusted Node.js-style JavaScript inside QuickJS compiled to
 * WebAssembly, with deny-by-default permissions and hard CPU and memory limits.
 *
 * This is the Node entry point.
 * @module
 */
export { NodeRuntime, type NodeRuntimeOptions } from "./runtime.js";
export type { RuntimeNetwork, GuestServerInfo } from "./net/runtime-network.js";
export { createNodeDriver, createNodeRuntimeDriverFactory, type NodeDriverOptions } from "./node/driver.js";
export { allowAll, allowAllFs, allowAllNetwork, allowAllChildProcess, allowAllEnv } from "./permissions.js";
export { createInMemoryFileSystem } from "./fs/memory-fs.js";
export { createHostFileSystem } from "./fs/host-fs.js";
export { createModuleAccessFileSystem } from "./fs/module-access-fs.js";
export type { VirtualFileSystem, VirtualStat, VirtualDirEntry, ModuleAccessOptions } from "./fs/types.js";
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
export type {
  NetworkAdapter,
  NetworkRequest,
  NetworkResponse,
  HeaderPairs,
  DnsAddress,
  DnsLookupOptions,
  ListenOptions,
  ListeningServer,
  IncomingServerRequest,
  ServerResponseData,
} from "./net/types.js";
export { EXIT as EXIT_CODES } from "./engine/protocol.js";
export type { SystemDriver, RuntimeDriver, RuntimeDriverFactory } from "./driver.js";
export type {
  PermissionDecision,
  PermissionCheck,
  Permissions,
  FsAccessRequest,
  NetworkAccessRequest,
  ChildProcessAccessRequest,
  EnvAccessRequest,
  ProcessConfig,
  OSConfig,
  StdioEvent,
  StdioHook,
  RunStats,
  RunResult,
  ExecResult,
  ExecOptions,
  TimingMitigation,
  CommandExecutor,
  CommandSpawnOptions,
  SpawnedProcess,
  ChildExitStatus,
} from "./types.js";
