/**
 * Validation of user options: a wrong option is a TypeError or RangeError
 * that names it, raised before anything starts.
 * @module
 */
import { MAX_MEMORY_MB, MIN_MEMORY_MB } from "./engine/protocol.js";

/** Throws a TypeError for keys of `options` that are not in `known`. */
export function checkOptions(options: unknown, known: readonly string[], what: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${what} must be an object`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`Unknown option "${key}" in ${what} (expected one of ${known.join(", ")})`);
  }
}

/** Returns `value` if it is undefined or a plain object; throws a TypeError naming `name` otherwise. */
export function checkPlainObject<T extends object>(value: T | undefined, name: string): T | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${name} must be an object`);
  return value;
}

/** A memory limit in MiB. */
export function checkMemoryLimit(value: unknown, name = "memoryLimit"): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number of megabytes, got ${describe(value)}`);
  if (!Number.isFinite(value) || value < MIN_MEMORY_MB || value > MAX_MEMORY_MB) {
    throw new RangeError(`${name} must be between ${MIN_MEMORY_MB} and ${MAX_MEMORY_MB} (megabytes), got ${value}`);
  }
  return Math.floor(value);
}

/** A CPU time limit in milliseconds (undefined: none). */
export function checkCpuLimit(value: unknown, name = "cpuTimeLimitMs"): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw new TypeError(`${name} must be a number of milliseconds, got ${describe(value)}`);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive, finite number of milliseconds, got ${value}`);
  return value;
}

/** An optional function. */
export function checkFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${name} must be a function, got ${describe(value)}`);
  return value;
}

/** An optional string. */
export function checkString(value: unknown, name: string): string | undefined {
  if (value !== undefined && typeof value !== "string") throw new TypeError(`${name} must be a string, got ${describe(value)}`);
  return value as string | undefined;
}

/** An optional record of string values. */
export function checkStringRecord(value: unknown, name: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  checkPlainObject(value as object, name);
  for (const [key, item] of Object.entries(value as object)) {
    if (typeof item !== "string") throw new TypeError(`${name}.${key} must be a string, got ${describe(item)}`);
  }
  return value as Record<string, string>;
}

/** A short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + "..." : value)}` : typeof value;
}
