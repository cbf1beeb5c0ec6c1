/**
 * Moving values between guest handles and plain host data, for op calls.
 * Op arguments are already primitives (the polyfills coerce them); anything
 * else is copied as JSON inside the guest, under its limits.
 * @module
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import type { SerializedError } from "./protocol.js";

/** Copies an op argument out of the guest as plain data. */
export function toHost(ctx: QuickJSContext, handle: QuickJSHandle): unknown {
  switch (ctx.typeof(handle)) {
    case "string":
      return hostString(ctx, handle);
    case "number":
      return ctx.getNumber(handle);
    case "boolean":
      return ctx.dump(handle) === true;
    case "undefined":
      return undefined;
    case "bigint":
      return ctx.getBigInt(handle);
    default:
      return ctx.dump(handle);
  }
}

/** Creates a guest value from plain host data (Uint8Array becomes an ArrayBuffer). */
export function toGuest(ctx: QuickJSContext, value: unknown): QuickJSHandle {
  switch (typeof value) {
    case "string":
      return guestString(ctx, value);
    case "number":
      return ctx.newNumber(value);
    case "boolean":
      return value ? ctx.true : ctx.false;
    case "undefined":
      return ctx.undefined;
    case "bigint":
      return ctx.newBigInt(value);
  }
  if (value === null) return ctx.null;
  if (value instanceof Uint8Array) {
    // The engine copies the bytes into the guest's heap: a view of exactly its buffer goes as it is.
    const whole = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer;
    return ctx.newArrayBuffer(whole ? (value.buffer as ArrayBuffer) : value.slice().buffer);
  }
  const container = Array.isArray(value) ? ctx.newArray() : ctx.newObject();
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value as object);
  for (const [key, item] of entries) {
    const h = toGuest(ctx, item);
    ctx.setProp(container, key, h);
    h.dispose();
  }
  return container;
}

/**
 * A guest string, whole. The engine's string copy goes through a C string,
 * which ends at the first NUL (and turns a lone surrogate into replacement
 * characters): a string that does not come out with the guest's own length,
 * or that holds a replacement character, is copied again as JSON, which
 * escapes both. Without this, `"a.js\0x"` would reach the host as `"a.js"`.
 */
function hostString(ctx: QuickJSContext, handle: QuickJSHandle): string {
  const text = ctx.getString(handle);
  const length = ctx.getProp(handle, "length");
  const guestLength = ctx.getNumber(length);
  length.dispose();
  if (guestLength === text.length && !text.includes("\ufffd")) return text;
  const box = ctx.newArray();
  try {
    ctx.setProp(box, 0, handle);
    const dumped: unknown = ctx.dump(box);
    const copied = Array.isArray(dumped) ? dumped[0] : undefined;
    return typeof copied === "string" ? copied : text;
  } catch {
    return text;
  } finally {
    box.dispose();
  }
}

/**
 * A host string made in the guest, whole. `newString` goes through a C
 * string too, so a string holding NUL is made from its JSON form (a string
 * literal; nothing of the guest runs).
 */
function guestString(ctx: QuickJSContext, value: string): QuickJSHandle {
  if (!value.includes("\u0000")) return ctx.newString(value);
  const made = ctx.evalCode(JSON.stringify(value), "<host string>", { type: "global" });
  if (!("error" in made)) return made.value;
  made.error!.dispose();
  return ctx.newString(value);
}

/** A guest Error carrying a host error's Node-style fields. */
export function guestError(ctx: QuickJSContext, e: SerializedError): QuickJSHandle {
  const error = ctx.newError({ name: e.name, message: e.message });
  for (const key of ["errno", "code", "syscall", "path", "dest", "address", "port", "hostname"] as const) {
    const v = e[key];
    if (v === undefined) continue;
    const h = typeof v === "number" ? ctx.newNumber(v) : ctx.newString(v);
    ctx.setProp(error, key, h);
    h.dispose();
  }
  return error;
}
