// TextEncoder and TextDecoder: @exodus/bytes, a WHATWG Encoding implementation
// in plain JS (UTF-8, UTF-16 and the single-byte encodings; not the legacy
// CJK ones), with Node's errors. Loaded by the lazy globals and by util.
import { TextEncoder, TextDecoder as Decoder } from "@exodus/bytes/encoding-lite.js";

function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}
function isBufferSource(input) {
  return ArrayBuffer.isView(input) || input instanceof ArrayBuffer;
}

class TextDecoder extends Decoder {
  constructor(encoding = "utf-8", options = {}) {
    try {
      super(encoding, options);
    } catch (error) {
      if (error instanceof RangeError) throw nodeError(RangeError, "ERR_ENCODING_NOT_SUPPORTED", `The "${encoding}" encoding is not supported`);
      throw error;
    }
  }
  decode(input, options = {}) {
    if (input !== undefined && !isBufferSource(input)) {
      const received = input === null ? "null" : typeof input === "object" ? `an instance of ${(input.constructor && input.constructor.name) || "Object"}` : `type ${typeof input} (${String(input)})`;
      throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "input" argument must be an instance of ArrayBuffer or ArrayBufferView. Received ${received}`);
    }
    try {
      return super.decode(input, options);
    } catch (error) {
      if (this.fatal && error instanceof TypeError && (options === undefined || typeof options === "object")) {
        throw nodeError(TypeError, "ERR_ENCODING_INVALID_ENCODED_DATA", `The encoded data was not valid for encoding ${this.encoding}`);
      }
      throw error;
    }
  }
}

export default { TextEncoder, TextDecoder };
