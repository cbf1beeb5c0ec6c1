/**
 * What each kind of host cannot do at all: the one place that decides it.
 *
 * Under the browser driver there are no child processes, whether or not the
 * page is cross-origin isolated. Both layers that answer for it read this
 * module: the runtime sends {@link unavailableOps} with every run (the engine
 * then answers those ops itself, also for synchronous calls a non-isolated
 * page could not carry to the host), and the op layer checks
 * {@link unavailableOp} before doing anything, for a call that reaches the
 * host anyway.
 * @module
 */
import type { RefusedOps, SerializedError } from "./engine/protocol.js";
import { refusalOf } from "./engine/op-refusal.js";
import { ERRNO } from "./errors.js";

/** The kinds of host a system driver describes (`SystemDriver.kind`). */
export type HostKind = "node" | "browser";

/** What every child-process op answers under the browser driver. */
export const NO_CHILD_PROCESS_IN_BROWSER: SerializedError = Object.freeze({
  name: "Error",
  code: "ERR_QUICKEXEC_NO_CHILD_PROCESS",
  errno: ERRNO.ENOSYS,
  message: "child processes are not available in the browser driver (only createNodeDriver can start them)",
});

/** By host kind: the ops that host cannot serve, by op-name prefix, with the error each answers. */
const UNAVAILABLE: Readonly<Record<HostKind, RefusedOps | undefined>> = Object.freeze({
  node: undefined,
  browser: Object.freeze({ "child.": NO_CHILD_PROCESS_IN_BROWSER }),
});

/** The ops a host of `kind` cannot serve (for `RunSpec.refusedOps`); undefined when it serves them all. */
export function unavailableOps(kind: HostKind): RefusedOps | undefined {
  return UNAVAILABLE[kind];
}

/** The error op `op` answers on a host of `kind`, if that host cannot serve it. */
export function unavailableOp(kind: HostKind, op: string): SerializedError | undefined {
  return refusalOf(UNAVAILABLE[kind], op);
}
