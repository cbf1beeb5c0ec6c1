// Brotli handles for node:zlib (Node's BrotliEncoderContext and
// BrotliDecoderContext interface), computed in the guest by brotli-lib, a
// TypeScript port of Google's Brotli encoder and decoder. Its output decodes
// with any Brotli decoder (Node's included) but is not byte-identical to the
// C encoder's. The decoder takes the whole stream at once, so a
// BrotliDecompress stream emits its output when its input ends.
import { BrotliEncoder, brotliDecode } from "brotli-lib";
import zlibConstants from "internal/zlib_constants";
import zlibHandle from "internal/zlib_handle";

const { constants } = zlibConstants;
const { zlibError } = zlibHandle;
const {
  BROTLI_OPERATION_FINISH,
  BROTLI_PARAM_MODE,
  BROTLI_PARAM_QUALITY,
  BROTLI_PARAM_LGWIN,
  BROTLI_PARAM_SIZE_HINT,
  BROTLI_DEFAULT_QUALITY,
  BROTLI_DEFAULT_WINDOW,
  BROTLI_DEFAULT_MODE,
} = constants;

// brotli-lib's decoder (a port of Brotli's Java decoder) numbers its errors
// its own way; these are the C decoder's errors Node reports for each.
const TRUNCATED = new Set([-4, -13, -16]);
const DECODER_ERRORS = {
  "-2": "CL_SPACE", "-3": "CONTEXT_MAP_REPEAT", "-5": "PADDING_1", "-6": "RESERVED",
  "-7": "SIMPLE_HUFFMAN_SAME", "-8": "EXUBERANT_NIBBLE", "-9": "DICTIONARY",
  "-10": "EXUBERANT_META_NIBBLE", "-11": "WINDOW_BITS", "-12": "DISTANCE",
  "-15": "SIMPLE_HUFFMAN_ALPHABET", "-17": "PADDING_2", "-18": "HUFFMAN_SPACE",
};

/** The error Node reports for a failed decode, from brotli-lib's exception. */
function decodeError(e, limit) {
  const message = e && typeof e.message === "string" ? e.message : String(e);
  if (/exceeds limit/.test(message)) {
    const err = new RangeError(`Cannot create a Buffer larger than ${limit - 1} bytes`);
    err.code = "ERR_BUFFER_TOO_LARGE";
    return err;
  }
  const m = /Brotli error code: (-?\d+)/.exec(message);
  if (!m) return e;
  if (TRUNCATED.has(+m[1])) return truncated();
  const name = `_ERROR_FORMAT_${DECODER_ERRORS[m[1]] ?? "PADDING_1"}`;
  const err = zlibError("Decompression failed", constants[`BROTLI_DECODER${name}`], `ERR_${name}`);
  return err;
}

function truncated() {
  return zlibError("unexpected end of file", -5, "Z_BUF_ERROR");
}

/** Node's Brotli encoder or decoder context. */
class BrotliHandle {
  constructor(mode) {
    this.mode = mode;
    this.encoder = null;
    this.input = [];
    this.inputLength = 0;
    this.output = [];
    this.outputOffset = 0;
    this.finished = false;
    this.writeState = null;
    this.callback = null;
    this.onerror = null;
    this.maxOutputLength = Infinity;
  }

  /** params: Node's Uint32Array of parameters, -1 (0xffffffff) where unset. */
  init(params, writeState, callback) {
    this.writeState = writeState;
    this.callback = callback;
    const get = (key, fallback) => (params[key] === 0xffffffff || params[key] === undefined ? fallback : params[key]);
    this.options = {
      quality: Math.min(get(BROTLI_PARAM_QUALITY, BROTLI_DEFAULT_QUALITY), 11),
      lgwin: Math.min(Math.max(get(BROTLI_PARAM_LGWIN, BROTLI_DEFAULT_WINDOW), 10), 24),
      mode: get(BROTLI_PARAM_MODE, BROTLI_DEFAULT_MODE),
      sizeHint: get(BROTLI_PARAM_SIZE_HINT, 0),
    };
    return this.options.mode <= 2;
  }

  step(flush, input, inOff, inLen, out, outOff, outLen) {
    if (input && !(input instanceof Uint8Array)) input = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    let error = null;
    let unconsumed = 0;
    const finish = flush === BROTLI_OPERATION_FINISH;
    if (this.mode === constants.BROTLI_ENCODE) {
      if (inLen > 0) {
        if (!this.encoder) {
          this.encoder = this.newEncoder(finish ? inLen : 0);
        }
        this.queue(this.encoder.update(input.subarray(inOff, inOff + inLen)));
      }
      if (finish && !this.finished) {
        this.finished = true;
        if (!this.encoder) this.encoder = this.newEncoder(1);
        this.queue(this.encoder.finish());
      }
    } else if (this.finished) {
      // The compressed stream has ended: what follows it is not read.
      unconsumed = inLen;
    } else {
      if (inLen > 0) {
        this.input.push(input.slice(inOff, inOff + inLen));
        this.inputLength += inLen;
      }
      if (finish) {
        const result = this.decode();
        error = result.error;
        unconsumed = Math.min(inLen, result.unconsumed);
      }
    }
    let written = 0;
    while (written < outLen && this.output.length) {
      const head = this.output[0];
      const n = Math.min(outLen - written, head.length - this.outputOffset);
      out.set(head.subarray(this.outputOffset, this.outputOffset + n), outOff + written);
      written += n;
      this.outputOffset += n;
      if (this.outputOffset === head.length) {
        this.output.shift();
        this.outputOffset = 0;
      }
    }
    this.writeState[0] = outLen - written;
    this.writeState[1] = unconsumed;
    return error;
  }

  /**
   * The encoder. A stream whose first write is its last (`whole` bytes) is
   * compressed in one go: its window shrinks to fit the input (quality 11 with
   * the default 4 MiB window would allocate some 36 MiB for a few bytes).
   */
  newEncoder(whole) {
    const options = { ...this.options };
    if (whole > 0) {
      options.sizeHint = options.sizeHint || whole;
      let bits = 10;
      while (bits < options.lgwin && 2 ** bits < whole) bits++;
      options.lgwin = bits;
    }
    return new BrotliEncoder(options);
  }

  queue(bytes) {
    if (bytes && bytes.length) this.output.push(bytes);
  }

  /**
   * Decodes the whole stream once its input has ended: { error, unconsumed }.
   * (brotli-lib's decoder takes whole buffers and reads a truncated prefix
   * leniently, so a stream is not decoded piecemeal.)
   */
  decode() {
    const whole = new Uint8Array(this.inputLength);
    let offset = 0;
    for (const chunk of this.input) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    this.input = [];
    this.finished = true;
    if (whole.length === 0) return { error: truncated(), unconsumed: 0 };
    const limit = this.maxOutputLength === Infinity ? undefined : this.maxOutputLength + 1;
    try {
      this.queue(brotliDecode(whole, limit === undefined ? undefined : { maxOutputSize: limit }));
      return { error: null, unconsumed: 0 };
    } catch (e) {
      return { error: decodeError(e, limit), unconsumed: 0 };
    }
  }

  writeSync(flush, input, inOff, inLen, out, outOff, outLen) {
    const error = this.step(flush, input, inOff, inLen, out, outOff, outLen);
    if (error) this.onerror(error);
  }

  write(flush, input, inOff, inLen, out, outOff, outLen) {
    setImmediate(() => {
      if (this.closed) return;
      const error = this.step(flush, input, inOff, inLen, out, outOff, outLen);
      if (error) this.onerror(error);
      else this.callback.call(this);
    });
  }

  params() {}

  reset() {
    this.encoder = null;
    this.input = [];
    this.inputLength = 0;
    this.output = [];
    this.outputOffset = 0;
    this.finished = false;
  }

  close() {
    this.closed = true;
    this.reset();
  }
}

export default { BrotliHandle };
