// Copies a guest value out as a JSON text the host can revive. It runs inside
// the guest, so getters and Proxy traps run here, under the guest's CPU and
// memory limits, never on the host.
//
// Encoding: strings, booleans, null and ordinary numbers stand for themselves;
// everything else is an array whose first element is a tag.

// Deeper nesting than this would exhaust the guest's 256 KiB stack first.
const MAX_DEPTH = 500;
const stringify = JSON.stringify;
const TYPED = [
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
];

function hex(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

/** Names the place of a value, e.g. module.exports.list[3].fn (long paths are shortened). */
function pathOf(keys, root = "module.exports") {
  const parts = keys.map((key) => (typeof key === "number" ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : key.startsWith("<") ? `.${key}` : `[${stringify(key)}]`));
  const shown = parts.length > 12 ? [...parts.slice(0, 6), `…(${parts.length - 9} more)…`, ...parts.slice(-3)] : parts;
  return root + shown.join("");
}

function failAt(keys, what, root) {
  const err = new TypeError(`${pathOf(keys, root)} is ${what}, which cannot be copied out of the sandbox`);
  err.code = "ERR_QUICKEXEC_UNCLONEABLE";
  throw err;
}

// A function skipped (options.functions): left out of its object.
const SKIPPED = {};

/**
 * Encodes `root` as JSON text. `options.root` names it in errors (default
 * "module.exports"); with `options.functions` (an array), a function found in
 * an object along plain keys is left out and its dotted path pushed there,
 * instead of being refused.
 */
export function serializeResult(root, options) {
  const rootName = (options && options.root) || "module.exports";
  const functions = options && options.functions;
  const fail = (keys, what) => failAt(keys, what, rootName);
  const popAfter = (out) => (keys.pop(), out);
  const seen = new Map();
  const keys = [];
  // Encodes value, which sits at `keys` below module.exports. (Callers push
  // and pop the key themselves: a helper frame per level would halve the
  // depth the guest's stack allows.)
  function enc(value) {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (Number.isNaN(value)) return ["n", "NaN"];
        if (value === Infinity) return ["n", "Infinity"];
        if (value === -Infinity) return ["n", "-Infinity"];
        if (Object.is(value, -0)) return ["n", "-0"];
        return value;
      case "undefined":
        return ["u"];
      case "bigint":
        return ["b", value.toString()];
      case "function":
        if (functions && keys.length > 0 && keys.every((key) => typeof key === "string" && !key.startsWith("<"))) {
          functions.push(keys.join("."));
          return SKIPPED;
        }
        return fail(keys, `a function (${value.name || "anonymous"})`);
      case "symbol":
        return fail(keys, `a symbol (${value.toString()})`);
    }
    if (value === null) return null;
    if (seen.has(value)) return ["@", seen.get(value)];
    if (keys.length > MAX_DEPTH) fail(keys, `nested deeper than ${MAX_DEPTH} levels`);
    const id = seen.size;
    seen.set(value, id);
    if (Array.isArray(value)) {
      const items = [];
      for (let i = 0; i < value.length; i++) items.push((keys.push(i), popAfter(enc(value[i]))));
      return ["a", items];
    }
    // An invalid date's time is NaN, which JSON would turn into null (the epoch): it travels as text.
    if (value instanceof Date) {
      const time = value.getTime();
      return ["d", Number.isNaN(time) ? "NaN" : time];
    }
    if (value instanceof RegExp) return ["r", value.source, value.flags];
    if (value instanceof Map) {
      const entries = [];
      let i = 0;
      for (const [k, v] of value) {
        entries.push([(keys.push(`<key ${i}>`), popAfter(enc(k))), (keys.push(`<value ${i}>`), popAfter(enc(v)))]);
        i++;
      }
      return ["m", entries];
    }
    if (value instanceof Set) {
      const items = [];
      let i = 0;
      for (const v of value) items.push((keys.push(`<item ${i++}>`), popAfter(enc(v))));
      return ["s", items];
    }
    if (value instanceof ArrayBuffer) return ["B", hex(new Uint8Array(value))];
    if (ArrayBuffer.isView(value)) {
      const name = value instanceof DataView ? "DataView" : TYPED.find((t) => typeof globalThis[t] === "function" && value instanceof globalThis[t]);
      if (!name) return fail(keys, "an unsupported binary view");
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const isBuffer = typeof globalThis.Buffer === "function" && globalThis.Buffer.isBuffer && globalThis.Buffer.isBuffer(value);
      return ["x", isBuffer ? "Buffer" : name, hex(bytes)];
    }
    if (value instanceof Error) {
      const props = [];
      for (const key of Object.keys(value)) {
        if (key === "message" || key === "stack" || key === "name") continue;
        const item = (keys.push(key), popAfter(enc(value[key])));
        if (item !== SKIPPED) props.push([key, item]);
      }
      // QuickJS's stack holds only the frames; the host sees it as V8 writes it.
      const head = `${value.name}: ${value.message}`;
      const frames = typeof value.stack === "string" ? value.stack.replace(/\n$/, "") : "";
      const stack = frames.startsWith(head) ? frames : frames ? `${head}\n${frames}` : head;
      return ["e", String(value.name), String(value.message), stack, props];
    }
    if (value instanceof Promise) return fail(keys, "a Promise");
    if (value instanceof WeakMap || value instanceof WeakSet || (typeof WeakRef === "function" && value instanceof WeakRef)) return fail(keys, `a ${Object.prototype.toString.call(value).slice(8, -1)}`);
    const entries = [];
    for (const key of Object.keys(value)) {
      const item = (keys.push(key), popAfter(enc(value[key])));
      if (item !== SKIPPED) entries.push([key, item]);
    }
    return ["o", entries];
  }
  try {
    return stringify(enc(root));
  } catch (error) {
    if (isUncloneable(error)) throw error;
    // A getter, a Proxy trap or an iterator of the guest's threw while the value was read: say where, and what.
    const err = new TypeError(`${pathOf(keys, rootName)} could not be read: ${describeThrown(error)}`);
    err.code = "ERR_QUICKEXEC_UNCLONEABLE";
    throw err;
  }
}

/** Whether `error` is this serializer's own refusal (read without running guest code: no getter, no trap). */
function isUncloneable(error) {
  if (error === null || typeof error !== "object") return false;
  try {
    const d = Object.getOwnPropertyDescriptor(error, "code");
    return d !== undefined && d.value === "ERR_QUICKEXEC_UNCLONEABLE";
  } catch {
    return false;
  }
}

/** What a thrown value is, for a message: an Error's name and message, a primitive as text, or its type. */
function describeThrown(error) {
  try {
    if (typeof error === "string") return stringify(error.length > 200 ? error.slice(0, 200) + "…" : error);
    if (typeof error === "symbol") return error.toString();
    if (error === null || (typeof error !== "object" && typeof error !== "function")) return String(error);
    if (error instanceof Error) return `${String(error.name)}: ${String(error.message)}`;
  } catch {
    // A hostile value: its type is all that is said.
  }
  return `a thrown ${typeof error}`;
}
