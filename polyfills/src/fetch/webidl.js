// WebIDL-style conversions and the TypeErrors of the Fetch Standard, as Node (undici) words them.
/* global require */
// UTF-8 (internal/utf8) is loaded with the first body.
const utf8fromStringLoose = (text) => require("internal/utf8", true).utf8fromStringLoose(text);
const utf8toStringLoose = (bytes) => require("internal/utf8", true).utf8toStringLoose(bytes);

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const streams = () => require("internal/web_streams", true);
const events = () => require("internal/event_target", true);
// ---- WebIDL-style conversions and errors ---------------------------------------

function illegalInvocation() {
  const err = new TypeError("Illegal invocation");
  err.code = "ERR_INVALID_THIS";
  return err;
}

function argumentCount(length, min, header) {
  if (length < min) {
    throw new TypeError(`${header}: ${min} argument${min !== 1 ? "s" : ""} required, but${length ? " only" : ""} ${length} found.`);
  }
}

function shown(value) {
  return typeof value === "symbol" ? value.toString() : String(value);
}

/** A dictionary argument (RequestInit, ResponseInit): null, undefined or an object. */
function dictionary(value, header) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`${header}: Expected ${shown(value)} to be one of: Null, Undefined, Object.`);
  }
  return value;
}

function byteString(value) {
  const s = `${value}`;
  if (/[^\u0000-\u00ff]/.test(s)) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 255) throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${c} which is greater than 255.`);
    }
  }
  return s;
}

function oneOf(value, allowed, header) {
  const s = `${value}`;
  if (!allowed.includes(s)) throw new TypeError(`${header}: ${s} is not an accepted type. Expected one of ${allowed.join(", ")}.`);
  return s;
}

function makeEnumerable(proto) {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    d.enumerable = true;
    Object.defineProperty(proto, key, d);
  }
}

function printed(self, fields, options, inspect) {
  const ctor = self.constructor;
  const obj = { __proto__: { constructor: ctor } };
  for (const key of fields) obj[key] = self[key];
  return `${ctor.name} ${inspect(obj, options)}`;
}

export { argumentCount, byteString, dictionary, events, illegalInvocation, inspectCustom, makeEnumerable, oneOf, printed, shown, streams, utf8fromStringLoose, utf8toStringLoose };
