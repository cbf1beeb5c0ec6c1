// The zlib "binding" behind node:zlib's streams: one handle per stream with
// the interface of Node's C++ ZlibContext (init, writeSync, write, params,
// reset, close, and onerror), computed in the guest by pako, a line-by-line
// port of zlib 1.3 whose deflate output is byte-identical to Node's (which
// uses Chromium's zlib; pako 3 hashes as Chromium's does). Brotli handles
// live in internal/zlib_brotli, loaded only when one is created.
import {
  ZStream,
  zlibDeflate,
  zlibDeflateEnd,
  zlibDeflateInit2,
  zlibDeflateReset,
  zlibDeflateSetDictionary,
  zlibInflate,
  zlibInflateEnd,
  zlibInflateInit2,
  zlibInflateReset,
  zlibInflateSetDictionary,
} from "pako";
import zlibConstants from "internal/zlib_constants";

const { constants, codes } = zlibConstants;
const { DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP } = constants;
const { Z_OK, Z_STREAM_END, Z_NEED_DICT, Z_BUF_ERROR, Z_DATA_ERROR, Z_FINISH } = constants;
const EMPTY = new Uint8Array(0);

// zlib's compression levels (deflate.c's configuration_table), for params().
const CONFIGURATION = [
  [0, 0, 0, 0, 0], [4, 4, 8, 4, 1], [4, 5, 16, 8, 1], [4, 6, 32, 32, 1], [4, 4, 16, 16, 2],
  [8, 16, 32, 32, 2], [8, 16, 128, 128, 2], [8, 32, 128, 256, 2], [32, 128, 258, 1024, 2],
  [32, 258, 258, 4096, 2],
];

/**
 * An error as Node's zlib reports it: the library's message (or Node's
 * fallback), `errno` the zlib return code and `code` its name.
 */
function zlibError(message, errno, code) {
  const error = new Error(message);
  error.errno = errno;
  error.code = code;
  return error;
}

/** One deflate or inflate stream (Node's ZlibContext) over pako's ZStream. */
class ZlibHandle {
  constructor(mode) {
    this.mode = mode;
    this.strm = null;
    this.dictionary = null;
    this.gzipIdBytesRead = 0;
    this.writeState = null;
    this.callback = null;
    this.onerror = null;
    this.pending = false;
  }

  /** Node's init: returns false (and sets nothing) when zlib refuses the parameters. */
  init(windowBits, level, memLevel, strategy, writeState, callback, dictionary) {
    this.writeState = writeState;
    this.callback = callback;
    this.windowBits = windowBits;
    this.level = level;
    this.memLevel = memLevel;
    this.strategy = strategy;
    this.dictionary = dictionary && dictionary.length ? new Uint8Array(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength) : null;
    if (this.mode === GZIP || this.mode === GUNZIP) this.windowBits += 16;
    else if (this.mode === UNZIP) this.windowBits += 32;
    // zlib's raw streams take no 8-bit window: both sides use 9, as Node's zlib does.
    else if (this.mode === DEFLATERAW || this.mode === INFLATERAW) this.windowBits = -(this.windowBits === 8 ? 9 : this.windowBits);
    return this.start() === Z_OK;
  }

  start() {
    this.strm = new ZStream();
    this.gzipIdBytesRead = 0;
    let err;
    if (this.isDeflate()) {
      err = zlibDeflateInit2(this.strm, this.level, 8, this.windowBits, this.memLevel, this.strategy);
    } else {
      err = zlibInflateInit2(this.strm, this.windowBits);
    }
    if (err !== Z_OK) {
      this.strm = null;
      return err;
    }
    return this.setDictionary();
  }

  isDeflate() {
    return this.mode === DEFLATE || this.mode === GZIP || this.mode === DEFLATERAW;
  }

  setDictionary() {
    if (!this.dictionary) return Z_OK;
    if (this.isDeflate()) return zlibDeflateSetDictionary(this.strm, this.dictionary);
    if (this.mode === INFLATERAW) return zlibInflateSetDictionary(this.strm, this.dictionary);
    return Z_OK;
  }

  /** One pass of zlib over the input, as Node's C++ does it per write. */
  run(flush) {
    const strm = this.strm;
    strm.msg = "";
    if (this.isDeflate()) return zlibDeflate(strm, flush);
    if (this.mode === UNZIP && strm.avail_in > 0) {
      // Node looks for the gzip magic itself, so that members after the first are read too.
      let next = strm.next_in;
      if (this.gzipIdBytesRead === 0) {
        if (strm.input[next] === 0x1f) {
          this.gzipIdBytesRead = 1;
          next++;
        } else this.mode = INFLATE;
      }
      if (this.gzipIdBytesRead === 1 && next < strm.next_in + strm.avail_in) {
        if (strm.input[next] === 0x8b) {
          this.gzipIdBytesRead = 2;
          this.mode = GUNZIP;
        } else this.mode = INFLATE;
      }
    }
    let err = zlibInflate(strm, flush);
    if (this.mode !== INFLATERAW && err === Z_NEED_DICT && this.dictionary) {
      err = zlibInflateSetDictionary(strm, this.dictionary);
      if (err === Z_OK) err = zlibInflate(strm, flush);
      else if (err === Z_DATA_ERROR) err = Z_NEED_DICT;
    }
    while (strm.avail_in > 0 && this.mode === GUNZIP && err === Z_STREAM_END && strm.input[strm.next_in] !== 0) {
      // Another gzip member follows (or garbage, which the next pass reports).
      this.resetStream();
      err = zlibInflate(strm, flush);
    }
    return err;
  }

  /** Node's CheckError: null when the pass went well, else the error to report. */
  check(err, flush) {
    const message = (fallback) => zlibError(this.strm.msg || fallback, err, codes[err] ?? "Z_UNKNOWN");
    switch (err) {
      case Z_OK:
      case Z_BUF_ERROR:
        if (this.strm.avail_out !== 0 && flush === Z_FINISH) return message("unexpected end of file");
        return null;
      case Z_STREAM_END:
        return null;
      case Z_NEED_DICT:
        return message(this.dictionary ? "Bad dictionary" : "Missing dictionary");
      default:
        return message("Zlib error");
    }
  }

  step(flush, input, inOff, inLen, out, outOff, outLen) {
    const strm = this.strm;
    strm.input = !input ? EMPTY : input instanceof Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    strm.next_in = inOff;
    strm.avail_in = inLen;
    strm.output = out;
    strm.next_out = outOff;
    strm.avail_out = outLen;
    const error = this.check(this.run(flush), flush);
    this.writeState[0] = strm.avail_out;
    this.writeState[1] = strm.avail_in;
    return error;
  }

  /** Synchronous write: the error, if any, goes to onerror before this returns. */
  writeSync(flush, input, inOff, inLen, out, outOff, outLen) {
    const error = this.step(flush, input, inOff, inLen, out, outOff, outLen);
    if (error) this.onerror(error);
  }

  /**
   * Asynchronous write: Node runs it on its thread pool and calls back on a
   * later turn of the event loop; here the work is done in the guest (under
   * its CPU limit) on that later turn.
   */
  write(flush, input, inOff, inLen, out, outOff, outLen) {
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      if (!this.strm) return;
      const error = this.step(flush, input, inOff, inLen, out, outOff, outLen);
      if (error) this.onerror(error);
      else this.callback.call(this);
    });
  }

  /** zlib's deflateParams, on a stream Node has already flushed. */
  params(level, strategy) {
    if (!this.isDeflate()) return;
    const s = this.strm.state;
    if (s.level !== level) {
      const [good, lazy, nice, chain] = CONFIGURATION[level === -1 ? 6 : level];
      s.level = level === -1 ? 6 : level;
      s.good_match = good;
      s.max_lazy_match = lazy;
      s.nice_match = nice;
      s.max_chain_length = chain;
    }
    s.strategy = strategy;
    this.level = level;
    this.strategy = strategy;
  }

  resetStream() {
    if (this.isDeflate()) zlibDeflateReset(this.strm);
    else zlibInflateReset(this.strm);
  }

  reset() {
    this.resetStream();
    this.gzipIdBytesRead = 0;
    if (this.setDictionary() !== Z_OK) this.onerror(zlibError("Failed to set dictionary", Z_DATA_ERROR, "Z_DATA_ERROR"));
  }

  close() {
    if (!this.strm) return;
    if (this.isDeflate()) zlibDeflateEnd(this.strm);
    else zlibInflateEnd(this.strm);
    this.strm = null;
  }
}

export default { ZlibHandle, zlibError };
