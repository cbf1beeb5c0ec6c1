// node:zlib — deflate, inflate, gzip, gunzip, raw deflate, unzip and Brotli,
// as streams (Transform), callbacks, promisifiable functions and synchronous
// calls, with Node's options, errors, crc32 and constants. All of it is
// computed inside the guest (pako for zlib, brotli-lib for Brotli, loaded only
// on the first Brotli stream), under the sandbox's CPU and memory limits.
import { Buffer } from "buffer";
import { invalidArgType } from "../shared/errors.js";
import zlibConstants from "internal/zlib_constants";
import zlibHandle from "internal/zlib_handle";
import base from "internal/zlib_base";

const { constants, codes } = zlibConstants;
const { ZlibHandle } = zlibHandle;
const { ZlibBase, processCallback, zlibBuffer, zlibBufferSync, checkRangesOrGetDefault, outOfRange } = base;
const { invalidArgInstance, isArrayBufferView, isAnyArrayBuffer } = base;
const {
  DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP, BROTLI_DECODE, BROTLI_ENCODE,
  Z_NO_FLUSH, Z_FINISH, Z_FULL_FLUSH, Z_SYNC_FLUSH, Z_MIN_WINDOWBITS, Z_MAX_WINDOWBITS,
  Z_DEFAULT_WINDOWBITS, Z_MIN_LEVEL, Z_MAX_LEVEL, Z_DEFAULT_COMPRESSION, Z_MIN_MEMLEVEL,
  Z_MAX_MEMLEVEL, Z_DEFAULT_MEMLEVEL, Z_DEFAULT_STRATEGY, Z_FIXED,
  BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_FINISH, BROTLI_OPERATION_FLUSH,
} = constants;

function initializationFailed() {
  const err = new Error("Initialization failed");
  err.code = "ERR_ZLIB_INITIALIZATION_FAILED";
  return err;
}

// ---- zlib streams ----

const zlibDefaultOpts = { flush: Z_NO_FLUSH, finishFlush: Z_FINISH, fullFlush: Z_FULL_FLUSH };

function Zlib(opts, mode) {
  let windowBits = Z_DEFAULT_WINDOWBITS;
  let level = Z_DEFAULT_COMPRESSION;
  let memLevel = Z_DEFAULT_MEMLEVEL;
  let strategy = Z_DEFAULT_STRATEGY;
  let dictionary;
  if (opts) {
    // 0 asks inflate to take the window size from the stream's header.
    if ((opts.windowBits == null || opts.windowBits === 0) && (mode === INFLATE || mode === GUNZIP || mode === UNZIP)) {
      windowBits = 0;
    } else {
      // { windowBits: 8 } is valid for deflate, not for gzip.
      const min = Z_MIN_WINDOWBITS + (mode === GZIP ? 1 : 0);
      windowBits = checkRangesOrGetDefault(opts.windowBits, "options.windowBits", min, Z_MAX_WINDOWBITS, Z_DEFAULT_WINDOWBITS);
    }
    level = checkRangesOrGetDefault(opts.level, "options.level", Z_MIN_LEVEL, Z_MAX_LEVEL, Z_DEFAULT_COMPRESSION);
    memLevel = checkRangesOrGetDefault(opts.memLevel, "options.memLevel", Z_MIN_MEMLEVEL, Z_MAX_MEMLEVEL, Z_DEFAULT_MEMLEVEL);
    strategy = checkRangesOrGetDefault(opts.strategy, "options.strategy", Z_DEFAULT_STRATEGY, Z_FIXED, Z_DEFAULT_STRATEGY);
    dictionary = opts.dictionary;
    if (dictionary !== undefined && !isArrayBufferView(dictionary)) {
      if (isAnyArrayBuffer(dictionary)) dictionary = Buffer.from(dictionary);
      else throw invalidArgInstance("options.dictionary", [], ["Buffer", "TypedArray", "DataView", "ArrayBuffer"], dictionary);
    }
  }
  const handle = new ZlibHandle(mode);
  this._writeState = new Uint32Array(2);
  if (!handle.init(windowBits, level, memLevel, strategy, this._writeState, processCallback, dictionary)) {
    throw initializationFailed();
  }
  ZlibBase.call(this, opts, mode, handle, zlibDefaultOpts);
  this._level = level;
  this._strategy = strategy;
}
Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Zlib, ZlibBase);

function paramsAfterFlushCallback(level, strategy, callback) {
  if (!this._handle) throw new Error("zlib binding closed");
  this._handle.params(level, strategy);
  if (!this.destroyed) {
    this._level = level;
    this._strategy = strategy;
    if (callback) callback();
  }
}

Zlib.prototype.params = function params(level, strategy, callback) {
  checkRangesOrGetDefault(level, "level", Z_MIN_LEVEL, Z_MAX_LEVEL);
  checkRangesOrGetDefault(strategy, "strategy", Z_DEFAULT_STRATEGY, Z_FIXED);
  if (this._level !== level || this._strategy !== strategy) {
    this.flush(Z_SYNC_FLUSH, paramsAfterFlushCallback.bind(this, level, strategy, callback));
  } else {
    process.nextTick(callback);
  }
};

/** Makes Node's public class: callable with or without `new`. */
function zlibClass(name, mode) {
  const Class = {
    [name]: function (opts) {
      if (!(this instanceof Class)) return new Class(opts);
      Zlib.call(this, opts, mode);
    },
  }[name];
  Object.setPrototypeOf(Class.prototype, Zlib.prototype);
  Object.setPrototypeOf(Class, Zlib);
  return Class;
}

const Deflate = zlibClass("Deflate", DEFLATE);
const Inflate = zlibClass("Inflate", INFLATE);
const Gzip = zlibClass("Gzip", GZIP);
const Gunzip = zlibClass("Gunzip", GUNZIP);
const DeflateRaw = zlibClass("DeflateRaw", DEFLATERAW);
const InflateRaw = zlibClass("InflateRaw", INFLATERAW);
const Unzip = zlibClass("Unzip", UNZIP);

// ---- Brotli streams ----

const brotliDefaultOpts = { flush: BROTLI_OPERATION_PROCESS, finishFlush: BROTLI_OPERATION_FINISH, fullFlush: BROTLI_OPERATION_FLUSH };
// The highest BROTLI_PARAM_* and BROTLI_DECODER_PARAM_* key.
const kMaxBrotliParam = 8;

function brotliInvalidParam(key) {
  const err = new RangeError(`${key} is not a valid Brotli parameter`);
  err.code = "ERR_BROTLI_INVALID_PARAM";
  return err;
}

function Brotli(opts, mode) {
  const params = new Uint32Array(kMaxBrotliParam + 1).fill(-1);
  if (opts && opts.params) {
    for (const origKey of Object.keys(opts.params)) {
      const key = +origKey;
      if (Number.isNaN(key) || key < 0 || key > kMaxBrotliParam || (params[key] | 0) !== -1) throw brotliInvalidParam(origKey);
      const value = opts.params[origKey];
      if (typeof value !== "number" && typeof value !== "boolean") throw invalidArgType("options.params[key]", "number", value);
      params[key] = value;
    }
  }
  const { BrotliHandle } = require("internal/zlib_brotli", true);
  const handle = new BrotliHandle(mode);
  this._writeState = new Uint32Array(2);
  if (!handle.init(params, this._writeState, processCallback)) throw initializationFailed();
  ZlibBase.call(this, opts, mode, handle, brotliDefaultOpts);
}
Object.setPrototypeOf(Brotli.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Brotli, ZlibBase);

function brotliClass(name, mode) {
  const Class = {
    [name]: function (opts) {
      if (!(this instanceof Class)) return new Class(opts);
      Brotli.call(this, opts, mode);
    },
  }[name];
  Object.setPrototypeOf(Class.prototype, Brotli.prototype);
  Object.setPrototypeOf(Class, Brotli);
  return Class;
}

const BrotliCompress = brotliClass("BrotliCompress", BROTLI_ENCODE);
const BrotliDecompress = brotliClass("BrotliDecompress", BROTLI_DECODE);

// ---- one-shot functions ----

function convenience(Class, sync, name) {
  if (sync) {
    return { [name]: (buffer, opts) => zlibBufferSync(new Class(opts), buffer) }[name];
  }
  return {
    [name]: (buffer, opts, callback) => {
      if (typeof opts === "function") {
        callback = opts;
        opts = {};
      }
      return zlibBuffer(new Class(opts), buffer, callback);
    },
  }[name];
}

// ---- crc32 ----

let crcTable = null;
function crc32Table() {
  if (crcTable) return crcTable;
  crcTable = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c;
  }
  return crcTable;
}

/** CRC-32 (as zlib's crc32) of `data`, continuing from `value`. */
function crc32(data, value = 0) {
  if (typeof data !== "string" && !isArrayBufferView(data)) {
    throw invalidArgInstance("data", ["string"], ["Buffer", "TypedArray", "DataView"], data);
  }
  if (typeof value !== "number") throw invalidArgType("value", "number", value);
  if (!Number.isInteger(value)) throw outOfRange("value", "an integer", value);
  if (value < 0 || value > 4294967295) throw outOfRange("value", ">= 0 && <= 4294967295", value);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const table = crc32Table();
  let crc = ~value;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

// ---- exports, in Node's order ----

const zlib = {
  crc32,
  Deflate,
  Inflate,
  Gzip,
  Gunzip,
  DeflateRaw,
  InflateRaw,
  Unzip,
  BrotliCompress,
  BrotliDecompress,
  deflate: convenience(Deflate, false, "asyncBufferWrapper"),
  deflateSync: convenience(Deflate, true, "syncBufferWrapper"),
  gzip: convenience(Gzip, false, "asyncBufferWrapper"),
  gzipSync: convenience(Gzip, true, "syncBufferWrapper"),
  deflateRaw: convenience(DeflateRaw, false, "asyncBufferWrapper"),
  deflateRawSync: convenience(DeflateRaw, true, "syncBufferWrapper"),
  unzip: convenience(Unzip, false, "asyncBufferWrapper"),
  unzipSync: convenience(Unzip, true, "syncBufferWrapper"),
  inflate: convenience(Inflate, false, "asyncBufferWrapper"),
  inflateSync: convenience(Inflate, true, "syncBufferWrapper"),
  gunzip: convenience(Gunzip, false, "asyncBufferWrapper"),
  gunzipSync: convenience(Gunzip, true, "syncBufferWrapper"),
  inflateRaw: convenience(InflateRaw, false, "asyncBufferWrapper"),
  inflateRawSync: convenience(InflateRaw, true, "syncBufferWrapper"),
  brotliCompress: convenience(BrotliCompress, false, "asyncBufferWrapper"),
  brotliCompressSync: convenience(BrotliCompress, true, "syncBufferWrapper"),
  brotliDecompress: convenience(BrotliDecompress, false, "asyncBufferWrapper"),
  brotliDecompressSync: convenience(BrotliDecompress, true, "syncBufferWrapper"),
};

const creators = {
  createDeflate: Deflate,
  createInflate: Inflate,
  createDeflateRaw: DeflateRaw,
  createInflateRaw: InflateRaw,
  createGzip: Gzip,
  createGunzip: Gunzip,
  createUnzip: Unzip,
  createBrotliCompress: BrotliCompress,
  createBrotliDecompress: BrotliDecompress,
};
for (const [name, Class] of Object.entries(creators)) {
  Object.defineProperty(zlib, name, {
    configurable: true,
    enumerable: true,
    writable: false,
    value: { [name]: (options) => new Class(options) }[name],
  });
}
Object.defineProperty(zlib, "constants", { configurable: false, enumerable: true, value: constants });
Object.defineProperty(zlib, "codes", { enumerable: true, writable: false, value: codes });
// The zlib constants on the module itself, as Node still has them (deprecated).
for (const key of Object.keys(constants)) {
  if (key.startsWith("BROTLI")) continue;
  Object.defineProperty(zlib, key, { enumerable: false, value: constants[key], writable: false });
}

export default zlib;
