/**
 * quickexec for browsers: run untrusted Node.js-style JavaScript inside
 * QuickJS compiled to WebAssembly, in Web Workers, with deny-by-default
 * permissions and hard CPU and memory limits. The same `NodeRuntime` as in
 * Node; `createBrowserDriver` and `createBrowserRuntimeDriverFactory` take the
 * place of the Node drivers.
 * @module
 */
export { NodeRuntime, type NodeRuntimeOptions } from "../runtime.js";
export type { RuntimeNetwork, GuestServerInfo } from "../net/runtime-network.js";
export {
  createBrowserDriver,
  createBrowserRuntimeDriverFactory,
  type BrowserDriverOptions,
  type BrowserRuntimeDriverFactoryOptions,
} from "./driver.js";
export { createBrowserNetworkAdapter } from "./fetch-adapter.js";
export { allowAll, allowAllFs, allowAllNetwork, allowAllChildProcess, allowAllEnv } from "../permissions.js";
export { createInMemoryFileSystem } from "../fs/memory-fs.js";
export type { VirtualFileSystem, VirtualStat, VirtualDirEntry } from "../fs/types.js";
export type {
  NetworkAdapter,
  NetworkRequest,
  NetworkResponse,
  HeaderPairs,
  DnsAddress,
  DnsLookupOptions,
} from "../net/types.js";
export { EXIT as EXIT_CODES } from "../engine/protocol.js";
export type { SystemDriver, RuntimeDriver, RuntimeDriverFactory } from "../driver.js";
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
  TimingMitigation,
} from "../types.js";
