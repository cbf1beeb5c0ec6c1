// node:buffer — feross's `buffer` port of Node's Buffer (a Uint8Array
// subclass), with util.inspect's `<Buffer 68 69>` and atob/btoa as Node's
// lib/buffer.js writes them.
import port from "buffer/";
import { applyBufferChecks, applyNumberChecks } from "../shared/buffer-checks.js";

const { Buffer, SlowBuffer, kMaxLength } = port;
const kStringMaxLength = (1 << 29) - 24;
applyBufferChecks(Buffer);
applyNumberChecks(Buffer);

// util.inspect(buffer) as Node's lib/buffer.js writes it ("... N more bytes").
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
Buffer.prototype[inspectCustom] = Buffer.prototype.inspect = function inspect() {
  const max = port.INSPECT_MAX_BYTES;
  const remaining = this.length - max;
  let str = this.toString("hex", 0, Math.min(max, this.length)).replace(/(.{2})/g, "$1 ").trim();
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
  return `<${this.constructor.name} ${str}>`;
};

function missingArgs() {
  const err = new TypeError('The "input" argument must be specified');
  err.code = "ERR_MISSING_ARGS";
  return err;
}
function invalidCharacter(message) {
  const { DOMException } = require("internal/event_target");
  return new DOMException(message, "InvalidCharacterError");
}

/** Latin-1 text to base64; throws on characters above U+00FF. */
function btoa(input) {
  if (arguments.length === 0) throw missingArgs();
  input = `${input}`;
  for (let n = 0; n < input.length; n++) {
    if (input.charCodeAt(n) > 0xff) throw invalidCharacter("Invalid character");
  }
  return Buffer.from(input, "latin1").toString("base64");
}

// ASCII whitespace first (the forgiving-base64 decoder skips it), then '='.
const kAllowed = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x3d, 0x2b, 0x2f];
function allowedIndex(code) {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return 8;
  return kAllowed.indexOf(code);
}
const kEqualSignIndex = 5;

/** base64 to Latin-1 text, with the WHATWG forgiving-base64 rules. */
function atob(input) {
  if (arguments.length === 0) throw missingArgs();
  input = `${input}`;
  let significant = 0;
  let equalSigns = 0;
  for (let n = 0; n < input.length; n++) {
    const index = allowedIndex(input.charCodeAt(n));
    if (index > 4) {
      significant++;
      if (index === kEqualSignIndex) equalSigns++;
      else if (equalSigns) throw invalidCharacter("Invalid character");
      if (equalSigns > 2) throw invalidCharacter("Invalid character");
    } else if (index === -1) {
      throw invalidCharacter("Invalid character");
    }
  }
  let remainder = significant % 4;
  if (!remainder) remainder = (significant - equalSigns) % 4;
  else if (equalSigns) throw invalidCharacter("Invalid character");
  if (remainder === 1) throw invalidCharacter("The string to be decoded is not correctly encoded.");
  return Buffer.from(input, "base64").toString("latin1");
}

function isUtf8(input) {
  const bytes = toBytes(input);
  try {
    new (require("internal/encoding").TextDecoder)("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
function isAscii(input) {
  const bytes = toBytes(input);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}
function toBytes(input) {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  const err = new TypeError('The "input" argument must be an instance of ArrayBuffer, Buffer, or TypedArray.');
  err.code = "ERR_INVALID_ARG_TYPE";
  throw err;
}

const buffer = {
  Buffer,
  SlowBuffer,
  kMaxLength,
  kStringMaxLength,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
  atob,
  btoa,
  isUtf8,
  isAscii,
};
// The port's inspect reads its own exports' INSPECT_MAX_BYTES.
Object.defineProperty(buffer, "INSPECT_MAX_BYTES", {
  enumerable: true,
  get: () => port.INSPECT_MAX_BYTES,
  set: (value) => {
    port.INSPECT_MAX_BYTES = value;
  },
});
// Blob, File and resolveObjectURL load on first read (internal/blob), then stay as plain values.
for (const name of ["Blob", "resolveObjectURL", "File"]) {
  Object.defineProperty(buffer, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = require("internal/blob", true)[name];
      Object.defineProperty(buffer, name, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(buffer, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
export default buffer;
