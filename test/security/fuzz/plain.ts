/**
 * What the fuzz suites accept as "plain data" crossing from the host to the
 * guest, and the checks that the host itself is unchanged.
 *
 * Plain data (what an op may return, or send to a guest handle):
 * - `undefined`, `null`, booleans, numbers (NaN and -0 included), strings, bigints;
 * - arrays whose prototype is `Array.prototype`, with only index keys (holes allowed) and data properties;
 * - objects whose prototype is `Object.prototype` or null, with only string keys and data properties;
 * - `Uint8Array`s whose prototype is exactly `Uint8Array.prototype` (no host `Buffer`) and that own their
 *   whole `ArrayBuffer` (offset 0, full length: a view into a larger host buffer, such as Node's Buffer
 *   pool, would carry the rest of that buffer across the thread boundary);
 * - `ArrayBuffer`s (never `SharedArrayBuffer`s).
 * Nothing else: no functions, symbols, accessors, class instances (Error, Buffer, Date, Map, Promise,
 * AbortController...), and no cycles (the engine's copy into the guest would never end).
 * @module
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { types } from "node:util";

/** Problems that make `value` other than plain data, each naming where it is (empty: plain). */
export function plainDataProblems(value: unknown, where = "value"): string[] {
  const problems: string[] = [];
  const ancestors = new Set<object>();
  const walk = (v: unknown, at: string): void => {
    if (problems.length > 20) return;
    switch (typeof v) {
      case "undefined":
      case "boolean":
      case "number":
      case "string":
      case "bigint":
        return;
      case "symbol":
        problems.push(`${at} is a symbol`);
        return;
      case "function":
        problems.push(`${at} is a function`);
        return;
    }
    if (v === null) return;
    const o = v as object;
    if (ancestors.has(o)) {
      problems.push(`${at} is a cycle`);
      return;
    }
    const proto = Object.getPrototypeOf(o);
    if (o instanceof Uint8Array) {
      if (proto !== Uint8Array.prototype) problems.push(`${at} is a ${proto?.constructor?.name ?? "?"}, not a plain Uint8Array`);
      if (!(o.buffer instanceof ArrayBuffer)) problems.push(`${at} is backed by a shared buffer`);
      else if (o.byteOffset !== 0 || o.byteLength !== o.buffer.byteLength) {
        problems.push(`${at} is a view of ${o.byteLength} bytes into a larger buffer of ${o.buffer.byteLength} bytes`);
      }
      return;
    }
    if (o instanceof ArrayBuffer) {
      if (proto !== ArrayBuffer.prototype) problems.push(`${at} is an ArrayBuffer subclass`);
      return;
    }
    const isArray = Array.isArray(o);
    if (isArray ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) {
      problems.push(`${at} is an instance of ${proto?.constructor?.name ?? "an unknown class"}`);
      return;
    }
    if (Object.getOwnPropertySymbols(o).length > 0) problems.push(`${at} has symbol keys`);
    ancestors.add(o);
    for (const key of Object.getOwnPropertyNames(o)) {
      if (isArray && key === "length") continue;
      if (isArray && !/^(0|[1-9]\d*)$/.test(key)) {
        problems.push(`${at} (an array) has the non-index key ${JSON.stringify(key)}`);
        continue;
      }
      const d = Object.getOwnPropertyDescriptor(o, key)!;
      if (!("value" in d)) {
        problems.push(`${at}.${key} is an accessor`);
        continue;
      }
      walk(d.value, `${at}.${key}`);
    }
    ancestors.delete(o);
  };
  walk(value, where);
  return problems;
}

const ERROR_STRING_FIELDS = ["name", "message", "code", "syscall", "path", "dest", "address", "hostname"];
const ERROR_NUMBER_FIELDS = ["errno", "port"];

/**
 * Problems that make `error` other than a plain SerializedError (name and
 * message strings, code/syscall/path/dest/address/hostname strings, errno
 * and port numbers, nothing else).
 */
export function serializedErrorProblems(error: unknown): string[] {
  const problems = plainDataProblems(error, "error");
  if (problems.length > 0) return problems;
  if (error === null || typeof error !== "object" || Array.isArray(error)) return [`error is ${error === null ? "null" : typeof error}, not an object`];
  const e = error as Record<string, unknown>;
  if (typeof e.name !== "string") problems.push("error.name is not a string");
  if (typeof e.message !== "string") problems.push("error.message is not a string");
  for (const [key, v] of Object.entries(e)) {
    if (ERROR_STRING_FIELDS.includes(key)) {
      if (v !== undefined && typeof v !== "string") problems.push(`error.${key} is ${typeof v}, not a string`);
    } else if (ERROR_NUMBER_FIELDS.includes(key)) {
      if (v !== undefined && typeof v !== "number") problems.push(`error.${key} is ${typeof v}, not a number`);
    } else {
      problems.push(`error has the unexpected field ${JSON.stringify(key)}`);
    }
  }
  return problems;
}

/** The repository's root on the host (two levels above this file's folder). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Host paths no message shown to the guest may contain (unless the guest wrote them itself). */
export const HOST_PATHS: readonly string[] = [REPO_ROOT, os.tmpdir(), "file://"].filter((p) => p.length > 1);

/** Every string reachable in `value` (keys too), never calling guest-controlled code: getters and Proxies are skipped. */
export function stringsIn(value: unknown, out: string[] = [], seen = new Set<object>()): string[] {
  if (typeof value === "string") out.push(value);
  if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return out;
  seen.add(value);
  // Proxies (whose traps are the guest's) and binary data (millions of index keys, no strings) are skipped.
  if (isProxy(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return out;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "string") out.push(key);
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d && "value" in d) stringsIn(d.value, out, seen);
  }
  return out;
}

/** Whether `text` names the host path `p` (as a whole path or a folder of one: `/tmp` or `/tmp/x`, not `/tmp_x`). */
function names(text: string, p: string): boolean {
  for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) {
    const next = text[at + p.length];
    if (p.endsWith("/") || next === undefined || !/[\w.-]/.test(next)) return true;
  }
  return false;
}

/** Host paths `text` names that none of the guest's own strings name. */
export function hostPathsIn(text: string, guestStrings: readonly string[]): string[] {
  return HOST_PATHS.filter((p) => names(text, p) && !guestStrings.some((s) => names(s, p)));
}

const isProxy = (v: object): boolean => types.isProxy(v);

const WATCHED_PROTOTYPES: Array<[string, object]> = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Number.prototype", Number.prototype],
  ["Promise.prototype", Promise.prototype],
  ["Uint8Array.prototype", Uint8Array.prototype],
  ["Error.prototype", Error.prototype],
];

/** A fingerprint of the host's shared prototypes: every own key and what kind of property it is. */
export function hostPrototypes(): string {
  return WATCHED_PROTOTYPES.map(([name, proto]) => {
    const keys = Reflect.ownKeys(proto).map((k) => {
      const d = Object.getOwnPropertyDescriptor(proto, k)!;
      return `${String(k)}:${"value" in d ? typeof d.value : "accessor"}:${d.writable}:${d.enumerable}:${d.configurable}`;
    });
    return `${name}{${keys.sort().join(",")}}`;
  }).join("\n");
}

/** Problems with the host's globals after fuzzing: polluted prototypes or planted names. */
export function hostPollution(before: string): string[] {
  const problems: string[] = [];
  if (hostPrototypes() !== before) problems.push("a shared prototype of the host changed");
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "pwned", "hacked"]) {
    if (probe[key] !== undefined) problems.push(`({}).${key} is defined`);
    if ((globalThis as Record<string, unknown>)[key] !== undefined) problems.push(`globalThis.${key} is defined`);
  }
  return problems;
}
