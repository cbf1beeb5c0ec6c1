/**
 * What both entry points (Node's `index.ts` and the browser's
 * `browser/index.ts`) export: the runtime, the permission presets, the
 * in-memory filesystem, the exit codes and the shared types.
 * @module
 */
export { NodeRuntime, type NodeRuntimeOptions } from "./runtime.js";
export { LoadedModule, ModuleLoadError, type CallOptions, type CallResult, type ExecLineOptions } from "./live/loaded-module.js";
export { MAX_BINDING_DEPTH, MAX_BINDING_FUNCTIONS, type BindingFunction, type BindingTree } from "./live/bindings.js";
export { UncopyableValueError } from "./live/encode.js";
export { readSnapshot, Snapshot, SnapshotError, SNAPSHOT_FORMAT_VERSION } from "./live/snapshot-format.js";
export { SNAPSHOT_ERRORS } from "./engine/snapshot-protocol.js";
export type { RuntimeNetwork, GuestServerInfo } from "./net/runtime-network.js";
export { allowAll, allowAllFs, allowAllNetwork, allowAllChildProcess, allowAllEnv } from "./permissions.js";
export { createInMemoryFileSystem } from "./fs/memory-fs.js";
export type { VirtualFileSystem, VirtualStat, VirtualDirEntry } from "./fs/types.js";
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
export type {
  AcceptedNetworkAdapter,
  SecureExecNetworkAdapter,
  AdapterRequestOptions,
  AdapterResponse,
  AdapterResponseBody,
  AdapterDnsAnswer,
} from "./net/adapter-compat.js";
export { ERR_SANDBOX_PAYLOAD_TOO_LARGE, type PayloadLimits } from "./payload-limits.js";
export { EXIT as EXIT_CODES } from "./engine/protocol.js";
export type { SystemDriver, RuntimeDriver, RuntimeDriverFactory } from "./driver.js";
export type {
  PermissionDecision,
  PermissionCheck,
  Permissions,
  FsAccessRequest,
  FsOperation,
  NetworkAccessRequest,
  NetworkOperation,
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
  RandomSeed,
  CommandExecutor,
  CommandSpawnOptions,
  SpawnedProcess,
  ChildExitStatus,
} from "./types.js";
