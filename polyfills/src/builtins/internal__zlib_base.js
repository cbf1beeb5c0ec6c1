// The stream side of node:zlib, following Node's lib/zlib.js: ZlibBase (a
// Transform over a handle from internal/zlib_handle or internal/zlib_brotli),
// the synchronous and asynchronous chunk loops, the one-shot buffer helpers
// and Node's argument checks and errors.
import bufferModule from "buffer";
import { Transform, finished } from "stream";
import { describeReceived, invalidArgType } from "../shared/errors.js";
import zlibConstants from "internal/zlib_constants";

const { constants } = zlibConstants;
const { Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH } = constants;
const { Z_DEFAULT_CHUNK, Z_MIN_CHUNK, BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_EMIT_METADATA } = constants;
const { BROTLI_ENCODE, BROTLI_DECODE } = constants;

// Read once, when zlib loads, as Node does.
const { Buffer, kMaxLength } = bufferModule;
const kFlushFlag = Symbol("kFlushFlag");
const kError = Symbol("kError");
const owner = Symbol("owner");

// ---- Node's errors and argument checks ----

function withSeparators(value) {
  let s = String(value);
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    const sign = s[0] === "-" ? "-" : "";
    let digits = sign ? s.slice(1) : s;
    let out = "";
    while (digits.length > 3) {
      out = `_${digits.slice(-3)}${out}`;
      digits = digits.slice(0, -3);
    }
    s = sign + digits + out;
  }
  return s;
}

function outOfRange(name, range, value) {
  const err = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${withSeparators(value)}`);
  err.code = "ERR_OUT_OF_RANGE";
  return err;
}

/** ERR_INVALID_ARG_TYPE for "of type string or an instance of A, B, or C." */
function invalidArgInstance(name, types, instances, value) {
  const list = instances.length > 1 ? `${instances.slice(0, -1).join(", ")}, or ${instances[instances.length - 1]}` : instances[0];
  const kind = name.includes(".") ? "property" : "argument";
  const lead = types.length ? `of type ${types.join(" or ")} or an instance of` : "an instance of";
  const err = new TypeError(`The "${name}" ${kind} must be ${lead} ${list}.${describeReceived(value)}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return err;
}

function bufferTooLarge(max) {
  const err = new RangeError(`Cannot create a Buffer larger than ${max} bytes`);
  err.code = "ERR_BUFFER_TOO_LARGE";
  return err;
}

function validateNumber(value, name) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
}

/** false for undefined and NaN, true for a finite number; throws for anything else. */
function checkFiniteNumber(number, name) {
  if (number === undefined) return false;
  if (Number.isFinite(number)) return true;
  if (Number.isNaN(number)) return false;
  validateNumber(number, name);
  throw outOfRange(name, "a finite number", number);
}

function checkRangesOrGetDefault(number, name, lower, upper, def) {
  if (!checkFiniteNumber(number, name)) return def;
  if (number < lower || number > upper) throw outOfRange(name, `>= ${lower} and <= ${upper}`, number);
  return number;
}

const isArrayBufferView = (v) => ArrayBuffer.isView(v);
const isAnyArrayBuffer = (v) =>
  v instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && v instanceof SharedArrayBuffer) ||
  Object.prototype.toString.call(v) === "[object ArrayBuffer]";

// ---- flush flags ----

// From least to most flushing; the last chunk uses the most of the two.
const kFlushFlagList = [Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH];
function maxFlush(a, b) {
  return kFlushFlagList[Math.max(kFlushFlagList.indexOf(a), kFlushFlagList.indexOf(b))];
}
// Empty chunks that carry a flush kind through the writable queue.
const kFlushBuffers = [];
for (const flushFlag of kFlushFlagList) {
  kFlushBuffers[flushFlag] = Buffer.alloc(0);
  kFlushBuffers[flushFlag][kFlushFlag] = flushFlag;
}
const FLUSH_BOUNDS = [[Z_NO_FLUSH, Z_BLOCK], [BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_EMIT_METADATA]];

// ---- ZlibBase ----

function onErrorHandler(error) {
  const self = this[owner];
  self[kError] = error;
  self.destroy(error);
}

/** The Transform every zlib and Brotli stream is. */
function ZlibBase(opts, mode, handle, { flush, finishFlush, fullFlush }) {
  let chunkSize = Z_DEFAULT_CHUNK;
  let maxOutputLength = kMaxLength;
  const bounds = FLUSH_BOUNDS[mode === BROTLI_ENCODE || mode === BROTLI_DECODE ? 1 : 0];
  if (opts) {
    chunkSize = opts.chunkSize;
    if (!checkFiniteNumber(chunkSize, "options.chunkSize")) chunkSize = Z_DEFAULT_CHUNK;
    else if (chunkSize < Z_MIN_CHUNK) throw outOfRange("options.chunkSize", `>= ${Z_MIN_CHUNK}`, chunkSize);
    flush = checkRangesOrGetDefault(opts.flush, "options.flush", bounds[0], bounds[1], flush);
    finishFlush = checkRangesOrGetDefault(opts.finishFlush, "options.finishFlush", bounds[0], bounds[1], finishFlush);
    maxOutputLength = checkRangesOrGetDefault(opts.maxOutputLength, "options.maxOutputLength", 1, kMaxLength, kMaxLength);
    if (opts.encoding || opts.objectMode || opts.writableObjectMode) {
      opts = { ...opts, encoding: null, objectMode: false, writableObjectMode: false };
    }
  }
  Transform.call(this, { autoDestroy: true, ...opts });
  this[kError] = null;
  this.bytesWritten = 0;
  this._handle = handle;
  handle[owner] = this;
  handle.onerror = onErrorHandler;
  handle.maxOutputLength = maxOutputLength;
  this._outBuffer = Buffer.allocUnsafe(chunkSize);
  this._outOffset = 0;
  this._chunkSize = chunkSize;
  this._defaultFlushFlag = flush;
  this._finishFlushFlag = finishFlush;
  this._defaultFullFlushFlag = fullFlush;
  this._info = opts && opts.info;
  this._maxOutputLength = maxOutputLength;
}
Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
Object.setPrototypeOf(ZlibBase, Transform);

Object.defineProperty(ZlibBase.prototype, "_closed", {
  configurable: true,
  enumerable: true,
  get() {
    return !this._handle;
  },
});

// bytesRead: the old name of bytesWritten.
Object.defineProperty(ZlibBase.prototype, "bytesRead", {
  configurable: true,
  enumerable: true,
  get() {
    return this.bytesWritten;
  },
  set(value) {
    this.bytesWritten = value;
  },
});

ZlibBase.prototype.reset = function reset() {
  if (!this._handle) throw new Error("zlib binding closed");
  return this._handle.reset();
};

ZlibBase.prototype._flush = function _flush(callback) {
  this._transform(Buffer.alloc(0), "", callback);
};

ZlibBase.prototype._final = function _final(callback) {
  callback();
};

ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === "function" || (kind === undefined && !callback)) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) process.nextTick(callback);
  } else if (this.writableEnded) {
    if (callback) this.once("end", callback);
  } else {
    this.write(kFlushBuffers[kind], "", callback);
  }
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) finished(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(err, callback) {
  closeEngine(this);
  callback(err);
};

ZlibBase.prototype._transform = function _transform(chunk, encoding, cb) {
  let flushFlag = this._defaultFlushFlag;
  if (typeof chunk[kFlushFlag] === "number") flushFlag = chunk[kFlushFlag];
  // The last chunk also finishes the stream.
  if (this.writableEnded && this.writableLength === chunk.byteLength) {
    flushFlag = maxFlush(flushFlag, this._finishFlushFlag);
  }
  processChunk(this, chunk, flushFlag, cb);
};

ZlibBase.prototype._processChunk = function _processChunk(chunk, flushFlag, cb) {
  if (typeof cb === "function") processChunk(this, chunk, flushFlag, cb);
  else return processChunkSync(this, chunk, flushFlag);
};

function closeEngine(engine) {
  if (!engine._handle) return;
  engine._handle.close();
  engine._handle = null;
}

function processChunkSync(self, chunk, flushFlag) {
  let availInBefore = chunk.byteLength;
  let availOutBefore = self._chunkSize - self._outOffset;
  let inOff = 0;
  let availOutAfter;
  let availInAfter;
  const buffers = [];
  let nread = 0;
  let inputRead = 0;
  const state = self._writeState;
  const handle = self._handle;
  let buffer = self._outBuffer;
  let offset = self._outOffset;
  const chunkSize = self._chunkSize;
  let error;
  self.on("error", function onError(er) {
    error = er;
  });
  while (true) {
    handle.writeSync(flushFlag, chunk, inOff, availInBefore, buffer, offset, availOutBefore);
    if (error) throw error;
    else if (self[kError]) throw self[kError];
    availOutAfter = state[0];
    availInAfter = state[1];
    const inDelta = availInBefore - availInAfter;
    inputRead += inDelta;
    const have = availOutBefore - availOutAfter;
    if (have > 0) {
      const out = buffer.slice(offset, offset + have);
      offset += have;
      buffers.push(out);
      nread += out.byteLength;
      if (nread > self._maxOutputLength) {
        closeEngine(self);
        throw bufferTooLarge(self._maxOutputLength);
      }
    }
    // The output buffer is full, or what is left of it is too small: take a new one.
    if (availOutAfter === 0 || offset >= chunkSize) {
      availOutBefore = chunkSize;
      offset = 0;
      buffer = Buffer.allocUnsafe(chunkSize);
    }
    if (availOutAfter === 0) {
      inOff += inDelta;
      availInBefore = availInAfter;
    } else {
      break;
    }
  }
  self.bytesWritten = inputRead;
  closeEngine(self);
  if (nread === 0) return Buffer.alloc(0);
  return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, nread);
}

function processChunk(self, chunk, flushFlag, cb) {
  const handle = self._handle;
  if (!handle) {
    process.nextTick(cb);
    return;
  }
  handle.buffer = chunk;
  handle.cb = cb;
  handle.availOutBefore = self._chunkSize - self._outOffset;
  handle.availInBefore = chunk.byteLength;
  handle.inOff = 0;
  handle.flushFlag = flushFlag;
  handle.write(flushFlag, chunk, 0, handle.availInBefore, self._outBuffer, self._outOffset, handle.availOutBefore);
}

/** Called (as the handle) when an asynchronous write has run. */
function processCallback() {
  const handle = this;
  const self = this[owner];
  const state = self._writeState;
  if (self.destroyed) {
    this.buffer = null;
    this.cb();
    return;
  }
  const availOutAfter = state[0];
  const availInAfter = state[1];
  const inDelta = handle.availInBefore - availInAfter;
  self.bytesWritten += inDelta;
  const have = handle.availOutBefore - availOutAfter;
  let streamBufferIsFull = false;
  if (have > 0) {
    const out = self._outBuffer.slice(self._outOffset, self._outOffset + have);
    self._outOffset += have;
    streamBufferIsFull = !self.push(out);
  }
  if (self.destroyed) {
    this.cb();
    return;
  }
  if (availOutAfter === 0 || self._outOffset >= self._chunkSize) {
    handle.availOutBefore = self._chunkSize;
    self._outOffset = 0;
    self._outBuffer = Buffer.allocUnsafe(self._chunkSize);
  }
  if (availOutAfter === 0) {
    // More output is waiting: run again, once the reader wants more if it is full.
    handle.inOff += inDelta;
    handle.availInBefore = availInAfter;
    const again = () =>
      this.write(handle.flushFlag, this.buffer, handle.inOff, handle.availInBefore, self._outBuffer, self._outOffset, self._chunkSize);
    if (!streamBufferIsFull) {
      again();
    } else {
      const oldRead = self._read;
      self._read = (n) => {
        self._read = oldRead;
        again();
        self._read(n);
      };
    }
    return;
  }
  if (availInAfter > 0) {
    // The library took no more input with room left to write: the compressed stream ended early.
    self.push(null);
  }
  this.buffer = null;
  this.cb();
}

// ---- one-shot helpers ----

function zlibBufferOnData(chunk) {
  if (!this.buffers) this.buffers = [chunk];
  else this.buffers.push(chunk);
  this.nread += chunk.length;
  if (this.nread > this._maxOutputLength) {
    this.close();
    this.removeAllListeners("end");
    this.cb(bufferTooLarge(this._maxOutputLength));
  }
}

function zlibBufferOnError(err) {
  this.removeAllListeners("end");
  this.cb(err);
}

function zlibBufferOnEnd() {
  let buf;
  if (this.nread === 0) buf = Buffer.alloc(0);
  else buf = this.buffers.length === 1 ? this.buffers[0] : Buffer.concat(this.buffers, this.nread);
  this.close();
  if (this._info) this.cb(null, { buffer: buf, engine: this });
  else this.cb(null, buf);
}

function zlibBuffer(engine, buffer, callback) {
  if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
  if (isArrayBufferView(buffer) && !(buffer instanceof Uint8Array)) {
    buffer = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } else if (isAnyArrayBuffer(buffer)) {
    buffer = Buffer.from(buffer);
  } else if (buffer != null && typeof buffer !== "string" && !isArrayBufferView(buffer)) {
    // What Node's stream write reports for such a chunk.
    throw invalidArgInstance("chunk", ["string"], ["Buffer", "TypedArray", "DataView"], buffer);
  }
  engine.buffers = null;
  engine.nread = 0;
  engine.cb = callback;
  engine.on("data", zlibBufferOnData);
  engine.on("error", zlibBufferOnError);
  engine.on("end", zlibBufferOnEnd);
  engine.end(buffer);
}

function zlibBufferSync(engine, buffer) {
  if (typeof buffer === "string") {
    buffer = Buffer.from(buffer);
  } else if (!isArrayBufferView(buffer)) {
    if (isAnyArrayBuffer(buffer)) buffer = Buffer.from(buffer);
    else throw invalidArgInstance("buffer", ["string"], ["Buffer", "TypedArray", "DataView", "ArrayBuffer"], buffer);
  }
  buffer = processChunkSync(engine, buffer, engine._finishFlushFlag);
  if (engine._info) return { buffer, engine };
  return buffer;
}

export default {
  ZlibBase,
  processCallback,
  zlibBuffer,
  zlibBufferSync,
  checkRangesOrGetDefault,
  checkFiniteNumber,
  outOfRange,
  invalidArgInstance,
  isArrayBufferView,
  isAnyArrayBuffer,
};
