/**
 * Argument coercion for ops: every helper that turns a guest's argument into
 * the host's typed value, done once, on the host, before any permission
 * check. A bad argument gets Node's coded error naming it.
 * @module
 */
import { codedError, invalidArgType, invalidArgValue, outOfRange } from "../errors.js";
import { resolvePath } from "../fs/paths.js";
import type { HeaderPairs, NetworkRequest } from "../net/types.js";
import type { OpContext } from "./op-context.js";

/** Coerces an op argument to a string once (the guest already passed primitives). */
export function stringArg(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  throw invalidArgType(`The "${name}" argument must be of type string. Received ${value === null ? "null" : typeof value}`);
}

/** Coerces an integer argument once (a missing one becomes `fallback`). */
export function intArg(value: unknown, name: string, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
  } else if (typeof value === "number" && Number.isInteger(value)) {
    return value;
  }
  throw invalidArgType(`The "${name}" argument must be an integer. Received ${value === null ? "null" : typeof value === "number" ? String(value) : `type ${typeof value}`}`);
}

/** Coerces an integer within `[min, max]`. */
export function intInRange(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw outOfRange(`The "${name}" argument must be an integer >= ${min} and <= ${max}. Received ${String(value)}`);
  }
  return value;
}

/** Coerces a byte argument (the guest sends Uint8Arrays; a string is taken as UTF-8). */
export function bytesArg(value: unknown, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return new TextEncoder().encode(value);
  throw invalidArgType(`The "${name}" argument must be of type string or an instance of Buffer, TypedArray, or DataView`);
}

/** Coerces body bytes: a Uint8Array (or ArrayBuffer), or null/undefined for none. */
export function optionalBytesArg(value: unknown, name: string): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw invalidArgType(`The "${name}" argument must be bytes or null`);
}

/**
 * Coerces `[name, value]` pairs (the guest sends arrays of two strings; a
 * name or value that is not a primitive is refused, as `stringArg` refuses it).
 */
export function headerPairsArg(value: unknown, name: string): HeaderPairs {
  if (!Array.isArray(value)) throw invalidArgType(`The "${name}" argument must be an array of [name, value] pairs`);
  return value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw invalidArgType(`The "${name}[${i}]" argument must be a [name, value] pair`);
    return [stringArg(pair[0], `${name}[${i}][0]`), stringArg(pair[1], `${name}[${i}][1]`)] as [string, string];
  });
}

/** A fetch request's redirect mode. */
export function redirectArg(value: unknown): NetworkRequest["redirect"] {
  if (value === "follow" || value === "manual" || value === "error") return value;
  throw invalidArgValue(`The "redirect" argument must be one of: 'follow', 'manual', 'error'. Received ${String(value)}`);
}

/** Parses a guest URL (absolute http: or https: only); throws Node's ERR_INVALID_URL / ERR_INVALID_PROTOCOL. */
export function httpUrlArg(value: unknown, name = "url"): URL {
  const text = stringArg(value, name);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw codedError(TypeError, "ERR_INVALID_URL", `Invalid URL: ${text}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw codedError(TypeError, "ERR_INVALID_PROTOCOL", `Protocol "${url.protocol}" not supported. Expected "http:" or "https:"`);
  }
  return url;
}

// ---- paths --------------------------------------------------------------------------------------------

/** A path argument: as the guest wrote it (for messages) and resolved (for checks and calls). */
export interface PathArg {
  /** As the guest passed it, shown in error messages the way Node shows it. */
  readonly given: string;
  /** Absolute and normalised against the guest's cwd. */
  readonly path: string;
  /** Written with a trailing slash: it must name a directory. */
  readonly mustBeDir?: boolean;
}

/** Coerces a path argument once and resolves it against `cwd`. Null bytes are refused as Node refuses them. */
export function pathArg(ctx: Pick<OpContext, "cwd">, value: unknown, name = "path"): PathArg {
  const given = stringArg(value, name);
  if (given.includes("\u0000")) {
    throw invalidArgValue(`The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(given).replace(/\\u0000/g, "\\x00").replace(/^"|"$/g, "'")}`);
  }
  return { given, path: resolvePath(ctx.cwd, given), mustBeDir: given.length > 1 && given.endsWith("/") };
}

// ---- child processes ----------------------------------------------------------------------------------

/** An options object (absent: empty). */
export function optionsArg(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidArgType(`The "options" argument must be of type object`);
  return value as Record<string, unknown>;
}

/** A child's arguments: an array of strings. */
export function argvArg(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalidArgType(`The "args" argument must be an instance of Array. Received ${typeof value}`);
  return value.map((arg, i) => stringArg(arg, `args[${i}]`));
}

/** `options.env`: an object of strings, or `fallback` when absent. */
export function envArg(value: unknown, fallback: Record<string, string>): Record<string, string> {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidArgType(`The "options.env" property must be of type object`);
  const env: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) env[key] = stringArg(entry, `options.env['${key}']`);
  return env;
}

/** A signal number (0, or one `signalName` knows), `fallback` when absent. */
export function signalArg(value: unknown, name: string, fallback: number, known: (signal: number) => boolean): number {
  const signal = intArg(value, name, fallback);
  if (signal !== 0 && !known(signal)) throw codedError(TypeError, "ERR_UNKNOWN_SIGNAL", `Unknown signal: ${signal}`);
  return signal;
}

/** `options.timeout` as Node checks it: an unsigned integer, 0 or absent for none. */
export function timeoutArg(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  const received = typeof value === "number" ? String(value) : `type ${typeof value}`;
  throw outOfRange(`The value of "timeout" is out of range. It must be an unsigned integer. Received ${received}`);
}

/** `options.maxBuffer`: a non-negative number (floored), or null for no limit. */
export function maxBufferArg(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !(value >= 0)) throw invalidArgType(`The "options.maxBuffer" property must be a positive number`);
  return Math.floor(value);
}

/** How a guest stream of a child is wired on the host: forwarded (`pipe`) or dropped (`ignore`). */
export type StreamMode = "pipe" | "ignore";

/** `options.stdio` as the three stream modes (anything but `ignore` is piped). */
export function streamModesArg(value: unknown): [StreamMode, StreamMode, StreamMode] {
  const modes: StreamMode[] = [];
  for (let i = 0; i < 3; i++) {
    const mode = Array.isArray(value) ? value[i] : undefined;
    modes.push(mode === "ignore" ? "ignore" : "pipe");
  }
  return modes as [StreamMode, StreamMode, StreamMode];
}
