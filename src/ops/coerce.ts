/**
 * Argument coercion for ops: done once, on the host, before any permission check.
 * @module
 */

/** Coerces an op argument to a string once (the guest already passed primitives). */
export function stringArg(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  const err = new TypeError(`The "${name}" argument must be of type string. Received ${value === null ? "null" : typeof value}`);
  (err as TypeError & { code: string }).code = "ERR_INVALID_ARG_TYPE";
  throw err;
}
