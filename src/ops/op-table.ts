/**
 * The op table: the one meeting point between the guest and the system
 * driver. Each op coerces its arguments once, checks the permission that
 * names the API, calls one driver interface, and maps errors with context.
 * The same op serves the guest's sync, callback and promise forms.
 * @module
 */
import type { OpOutcome } from "../engine/protocol.js";
import { serializeError } from "../errors.js";
import type { CommandExecutor, Permissions } from "../types.js";
import type { NetworkAdapter } from "../net/types.js";
import type { VirtualFileSystem } from "../fs/types.js";
import { dnsOps } from "./dns-ops.js";
import { childOps } from "./child-ops.js";
import { cryptoOps } from "./crypto-ops.js";
import { envOps } from "./env-ops.js";
import { fetchOps } from "./fetch-ops.js";
import { fsOps, type OpenFile } from "./fs-ops.js";
import { httpOps } from "./http-ops.js";
import { moduleOps } from "./module-ops.js";
import { stdioOps } from "./stdio-ops.js";

/** What an op may use on the host for one run. */
export interface OpContext {
  /** The driver's permission checks. */
  readonly permissions: Permissions;
  /** The run's environment as the host tracks it (guest writes land here once allowed). */
  readonly env: Record<string, string>;
  /** The filesystem the guest's `fs` is served from. */
  readonly fs: VirtualFileSystem;
  /** The guest's working directory (relative paths resolve against it; `process.chdir` moves it). */
  cwd: string;
  /** The guest's open files by descriptor. */
  readonly fds: Map<number, OpenFile>;
  /** The most bytes one read may bring into the sandbox (its memory limit). */
  readonly maxReadBytes: number;
  /** Starts child processes (absent: spawning fails with a clear error). */
  readonly commandExecutor?: CommandExecutor;
  /** Carries out network requests (absent: network calls fail with a clear error). */
  readonly network?: NetworkAdapter;
  /** Which kind of host runs the guest: child processes exist only under Node. */
  readonly hostKind: "node" | "browser";
  /** Sends an event to a guest handle (by its id): a child's output, a request for a guest server. */
  emit(target: number, name: string, value?: unknown): void;
  /**
   * Bytes sent with `emit` (Uint8Array values) that the guest's engine has not
   * taken yet: a producer past its budget is outrunning a busy guest.
   */
  queuedBytes(): number;
  /**
   * Registers what to do when the run ends however it ends (kill a child,
   * close a server); returns a function that unregisters it once the
   * resource is gone by itself.
   */
  onRunEnd(cleanup: () => void): () => void;
  /** Host resources of the run by the guest handle id they report to. */
  readonly resources: Map<number, unknown>;
}

/** One op: plain arguments in, plain value out (or a thrown Node-style error). */
export type Op = (ctx: OpContext, args: readonly unknown[]) => unknown;

/** Every op the guest can call, by name. */
export const OPS: Readonly<Record<string, Op>> = Object.freeze({
  ...childOps,
  ...cryptoOps,
  ...envOps,
  ...fetchOps,
  ...dnsOps,
  ...fsOps,
  ...httpOps,
  ...moduleOps,
  ...stdioOps,
});

/** Runs an op and captures its outcome; unknown ops and every error become a failed outcome. */
export function dispatchOp(ctx: OpContext, op: string, args: readonly unknown[]): OpOutcome | Promise<OpOutcome> {
  const fn = Object.prototype.hasOwnProperty.call(OPS, op) ? OPS[op] : undefined;
  if (!fn) return { ok: false, error: { name: "Error", message: `Unknown host operation: ${op}`, code: "ERR_QUICKEXEC_UNKNOWN_OP" } };
  try {
    const value = fn(ctx, args);
    if (value instanceof Promise) {
      return value.then(
        (v) => ({ ok: true, value: v }),
        (error) => ({ ok: false, error: serializeError(error) }),
      );
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
