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
      return ctx.getString(handle);
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
      return ctx.newString(value);
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
  if (value instanceof Uint8Array) return ctx.newArrayBuffer(value.slice().buffer);
  const container = Array.isArray(value) ? ctx.newArray() : ctx.newObject();
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value as object);
  for (const [key, item] of entries) {
    const h = toGuest(ctx, item);
    ctx.setProp(container, key, h);
    h.dispose();
  }
  return container;
}

/** A guest Error carrying a host error's Node-style fields. */
export function guestError(ctx: QuickJSContext, e: SerializedError): QuickJSHandle {
  const error = ctx.newError({ name: e.name, message: e.message });
  for (const key of ["errno", "code", "syscall", "path", "dest"] as const) {
    const v = e[key];
    if (v === undefined) continue;
    const h = typeof v === "number" ? ctx.newNumber(v) : ctx.newString(v);
    ctx.setProp(error, key, h);
    h.dispose();
  }
  return error;
}
