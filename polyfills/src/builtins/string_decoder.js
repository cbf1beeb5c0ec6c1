// node:string_decoder — the `string_decoder` port of Node's module, taking
// any TypedArray or DataView as Node does and with Node's argument errors.
import port from "string_decoder/";
import { Buffer } from "buffer";

const Port = port.StringDecoder;
const kImpl = Symbol("impl");

function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}
function toBuffer(buf) {
  if (Buffer.isBuffer(buf)) return buf;
  if (ArrayBuffer.isView(buf)) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const received = buf === null ? "null" : typeof buf === "object" ? `an instance of ${(buf.constructor && buf.constructor.name) || "Object"}` : `type ${typeof buf} (${String(buf)})`;
  throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "buf" argument must be an instance of Buffer, TypedArray, or DataView. Received ${received}`);
}

class StringDecoder extends Port {
  constructor(encoding) {
    try {
      super(encoding);
    } catch (error) {
      if (/^Unknown encoding/.test(error && error.message)) throw nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`);
      throw error;
    }
    // The port picks write and end per encoding, some on the instance.
    const own = (name) => (Object.prototype.hasOwnProperty.call(this, name) ? this[name] : Port.prototype[name]);
    Object.defineProperty(this, kImpl, { value: { write: own("write"), end: own("end") } });
    delete this.write;
    delete this.end;
  }
  write(buf) {
    if (typeof buf === "string") return buf;
    return this[kImpl].write.call(this, toBuffer(buf));
  }
  end(buf) {
    return this[kImpl].end.call(this, buf === undefined || typeof buf === "string" ? buf : toBuffer(buf));
  }
}

export default { StringDecoder };
