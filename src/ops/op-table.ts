/**
 * The op table: gathers every op family under its names and dispatches a
 * guest's call to one. The contract every op follows is in `op-context.ts`:
 * coerce the arguments once, check the permission that names the API, check
 * that the driver can do it, make one driver call, map the error with
 * context. The same op serves the guest's sync, callback and promise forms.
 * @module
 */
import type { OpOutcome } from "../engine/protocol.js";
import { serializeError } from "../errors.js";
import type { Op, OpContext } from "./op-context.js";
import { dnsOps } from "./dns-ops.js";
import { childOps } from "./child-ops.js";
import { cryptoOps } from "./crypto-ops.js";
import { envOps } from "./env-ops.js";
import { fetchOps } from "./fetch-ops.js";
import { dirOps } from "./fs-dir-ops.js";
import { entryOps } from "./fs-entry-ops.js";
import { fdOps } from "./fs-fd-ops.js";
import { fileOps } from "./fs-file-ops.js";
import { httpOps } from "./http-ops.js";
import { moduleOps } from "./module-ops.js";
import { serverOps } from "./server-ops.js";
import { stdioOps } from "./stdio-ops.js";
import { workerOps } from "./worker-ops.js";

/** Every op the guest can call, by name. */
export const OPS: Readonly<Record<string, Op>> = Object.freeze({
  ...childOps,
  ...cryptoOps,
  ...envOps,
  ...fetchOps,
  ...dnsOps,
  ...fileOps,
  ...entryOps,
  ...dirOps,
  ...fdOps,
  ...httpOps,
  ...serverOps,
  ...moduleOps,
  ...stdioOps,
  ...workerOps,
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
