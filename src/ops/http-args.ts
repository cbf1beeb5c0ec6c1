/**
 * Argument coercion and error shapes shared by the guest's `http` ops
 * (client and server).
 * @module
 */
import type { HeaderPairs } from "../net/types.js";

/** A TypeError with Node's ERR_INVALID_ARG_TYPE code. */
function invalidArg(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: "ERR_INVALID_ARG_TYPE" });
}

/** Coerces `[name, value]` pairs (the guest sends arrays of two strings). */
export function headerPairsArg(value: unknown, name: string): HeaderPairs {
  if (!Array.isArray(value)) throw invalidArg(`The "${name}" argument must be an array of [name, value] pairs`);
  return value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw invalidArg(`The "${name}[${i}]" argument must be a [name, value] pair`);
    return [String(pair[0]), String(pair[1])] as [string, string];
  });
}

/** Coerces an integer within `[min, max]`. */
export function intInRange(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const err = new RangeError(`The "${name}" argument must be an integer >= ${min} and <= ${max}. Received ${String(value)}`);
    throw Object.assign(err, { code: "ERR_OUT_OF_RANGE" });
  }
  return value;
}

/** Coerces body bytes: a Uint8Array, or null/undefined for none. */
export function optionalBytesArg(value: unknown, name: string): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw invalidArg(`The "${name}" argument must be bytes or null`);
}

/** A network error as plain data, with the fields Node puts on it (the op result carries it to the guest whole). */
export interface NetErrorData {
  name: string;
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** errno values of the network error codes, as Node reports them on Linux. */
const NET_ERRNO: Readonly<Record<string, number>> = {
  EACCES: -13, EADDRINUSE: -98, EADDRNOTAVAIL: -99, ECONNABORTED: -103, ECONNREFUSED: -111, ECONNRESET: -104,
  EHOSTUNREACH: -113, ENETUNREACH: -101, EPIPE: -32, ETIMEDOUT: -110, ENOTFOUND: -3008, EAI_AGAIN: -3001,
};

/**
 * The plain form of an error an adapter raised: the error itself, or what it
 * wraps (`fetch failed` with a `cause`, an AggregateError of connection
 * attempts), with `errno` filled in from the code when the adapter left it out.
 */
export function netErrorData(error: unknown): NetErrorData {
  let e = error as (Error & Record<string, unknown>) | undefined;
  if (e instanceof Error && e.message === "fetch failed" && e.cause instanceof Error) e = e.cause as Error & Record<string, unknown>;
  if (!(e instanceof Error)) return { name: "Error", message: String(error) };
  const first = Array.isArray(e.errors) && e.errors[0] instanceof Error ? (e.errors[0] as Error & Record<string, unknown>) : undefined;
  const pick = <T>(key: string, type: string): T | undefined =>
    (typeof e![key] === type ? e![key] : first !== undefined && typeof first[key] === type ? first[key] : undefined) as T | undefined;
  const out: NetErrorData = { name: e.name === "AggregateError" ? "Error" : e.name, message: e.message || first?.message || "" };
  const code = pick<string>("code", "string");
  if (code !== undefined) out.code = code;
  const errno = pick<number>("errno", "number") ?? (code !== undefined ? NET_ERRNO[code] : undefined);
  if (errno !== undefined) out.errno = errno;
  for (const key of ["syscall", "address", "hostname"] as const) {
    const v = pick<string>(key, "string");
    if (v !== undefined) out[key] = v;
  }
  const port = pick<number>("port", "number");
  if (port !== undefined) out.port = port;
  if (out.message === "") out.message = code ?? "network error";
  return out;
}
