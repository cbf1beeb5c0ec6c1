/**
 * Environment ops: guest writes to `process.env`, checked by the `env` permission.
 * (Reads are settled when the run starts: the guest only ever holds allowed keys.)
 * @module
 */
import { demand } from "../permissions.js";
import { stringArg } from "./coerce.js";
import type { Op, OpFamily } from "./op-context.js";

/** `process.env[key] = value` */
const envSet: Op = (ctx, args) => {
  const key = stringArg(args[0], "key");
  const value = stringArg(args[1], "value");
  demand(ctx.permissions, "env", { op: "write", key, value }, { syscall: "setenv", subject: `'${key}'` });
  ctx.env[key] = value;
};

/** `delete process.env[key]` */
const envDelete: Op = (ctx, args) => {
  const key = stringArg(args[0], "key");
  demand(ctx.permissions, "env", { op: "write", key }, { syscall: "unsetenv", subject: `'${key}'` });
  delete ctx.env[key];
};

/** The env ops by name. */
export const envOps: OpFamily = { "env.set": envSet, "env.delete": envDelete };
