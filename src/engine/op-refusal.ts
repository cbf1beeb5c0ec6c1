/**
 * Ops the engine answers itself, without asking the host.
 *
 * The host decides which ops cannot work at all where the run happens (see
 * `src/unavailable-ops.ts`) and sends them with the run as
 * `RunSpec.refusedOps`; the engine only applies that list. Answering inside
 * the engine keeps the answer the same whether or not the engine can reach
 * the host synchronously (a browser page without cross-origin isolation
 * cannot).
 * @module
 */
import type { RefusedOps, SerializedError } from "./protocol.js";

/** The error `refused` gives for `op`, if the op's name starts with one of its prefixes. */
export function refusalOf(refused: RefusedOps | undefined, op: string): SerializedError | undefined {
  if (!refused) return undefined;
  for (const prefix of Object.keys(refused)) if (op.startsWith(prefix)) return refused[prefix];
  return undefined;
}
