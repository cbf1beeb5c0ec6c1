/**
 * What an engine in a Web Worker without shared memory answers itself
 * instead of refusing: the synchronous ops that need nothing of the page.
 * Only `crypto.randomBytes` is such an op: entropy comes from the worker's
 * own CSPRNG (`crypto.getRandomValues`, the same source the page's op would
 * use), and no permission guards it, so `crypto.randomBytes`, `randomUUID`,
 * `getRandomValues` and the rest of the guest's `crypto` work on a page that
 * is not cross-origin isolated. Every other synchronous op needs the page.
 * @module
 */
import type { OpOutcome } from "../engine/protocol.js";
import { serializeError } from "../errors.js";
import { cryptoOps } from "../ops/crypto-ops.js";
import type { OpContext } from "../ops/op-context.js";

const LOCAL_OPS = new Set(["crypto.randomBytes"]);

/** The outcome of `op` answered in the worker, or undefined when only the page can answer it. */
export function answerInWorker(op: string, args: unknown[]): OpOutcome | undefined {
  if (!LOCAL_OPS.has(op)) return undefined;
  try {
    // The op reads no context: it only draws entropy.
    return { ok: true, value: cryptoOps[op]!({} as OpContext, args) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
