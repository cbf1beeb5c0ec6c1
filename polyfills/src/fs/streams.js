// fs.ReadStream and fs.WriteStream (loaded with the stream module on first use):
// their opens, reads, writes and closes run the fs steps as the callback forms
// do (./io.js), so they work where synchronous host calls do not.
/* global require */
import { defer, invalidType, options, outOfRange, toPath } from "./args.js";
import { runTo } from "./io.js";
import * as steps from "./steps.js";

const { Buffer } = require("buffer");

// ---- streams (loaded with the stream module on first use) -----------------------------

let streamClasses = null;
function streams() {
  if (streamClasses) return streamClasses;
  const { Readable, Writable } = require("stream");

  // Functions, as in Node: callable without `new` and inheritable with ReadStream.call(this, ...).
  function ReadStream(path, opts) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, opts);
    const o = options(opts, { highWaterMark: 64 * 1024, encoding: null, flags: "r", autoClose: true, emitClose: true, start: undefined, end: Infinity });
    Readable.call(this, { highWaterMark: o.highWaterMark, encoding: o.encoding, emitClose: o.emitClose, autoDestroy: o.autoClose });
    fileStreamInit(this, path, o);
    this.end = o.end === undefined ? Infinity : o.end;
    this.pos = o.start;
    this.bytesRead = 0;
    if (this.start !== undefined && typeof this.start !== "number") throw invalidType("start", "of type number", this.start);
    if (typeof this.end !== "number") throw invalidType("end", "of type number", this.end);
    if (this.start !== undefined && this.start > this.end) throw outOfRange("start", `<= "end" (here: ${this.end})`, this.start);
  }
  Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
  Object.setPrototypeOf(ReadStream, Readable);
  Object.assign(ReadStream.prototype, {
    _read() {
      // Like Node's ReadStream: one highWaterMark-sized read at a time, completing on a later turn as I/O does.
      this._readChunk(this.readableHighWaterMark);
    },
    _readChunk(n) {
      if (this.destroyed) return;
      const remaining = this.end - (this.pos === undefined ? this.bytesRead : this.pos) + 1;
      const want = Math.min(n, remaining);
      if (want <= 0) return this.push(null);
      const buffer = Buffer.allocUnsafe(want);
      runTo(steps.read(this.fd, buffer, 0, want, this.pos === undefined ? null : this.pos), (err, got) => {
        if (this.destroyed) return;
        if (err) return this.destroy(err);
        const chunk = buffer.subarray(0, got);
        if (this.pos !== undefined) this.pos += chunk.length;
        this.bytesRead += chunk.length;
        this.push(chunk.length > 0 ? chunk : null);
      });
    },
    close(callback) {
      if (typeof callback === "function") this.once("close", callback);
      this.destroy();
    },
  });

  function WriteStream(path, opts) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, opts);
    const o = options(opts, { encoding: "utf8", flags: "w", autoClose: true, emitClose: true, start: undefined, highWaterMark: 16 * 1024 });
    Writable.call(this, { highWaterMark: o.highWaterMark, decodeStrings: true, defaultEncoding: o.encoding, emitClose: o.emitClose, autoDestroy: o.autoClose });
    fileStreamInit(this, path, o);
    this.pos = o.start;
    this.bytesWritten = 0;
  }
  Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
  Object.setPrototypeOf(WriteStream, Writable);
  Object.assign(WriteStream.prototype, {
    _write(chunk, encoding, callback) {
      runTo(steps.write(this.fd, chunk, 0, chunk.length, this.pos === undefined ? null : this.pos), (err, n) => {
        if (err) return callback(err);
        if (this.pos !== undefined) this.pos += n;
        this.bytesWritten += n;
        callback();
      });
    },
    close(callback) {
      if (typeof callback === "function") {
        if (this.closed) return void defer(callback);
        this.once("close", callback);
      }
      if (!this.writableEnded) this.end();
      else this.destroy();
    },
    destroySoon() {
      this.end();
    },
  });
  for (const Class of [ReadStream, WriteStream]) {
    Object.defineProperty(Class.prototype, "pending", { get: fileStreamPending, configurable: true });
    Class.prototype._construct = fileStreamConstruct;
    Class.prototype._destroy = fileStreamDestroy;
  }
  streamClasses = { ReadStream, WriteStream };
  return streamClasses;
}

// What ReadStream and WriteStream share: the file they name, opening it, closing it.
function fileStreamInit(stream, path, o) {
  stream.path = o.fd === undefined || o.fd === null ? toPath(path) : undefined;
  stream.fd = o.fd === undefined ? null : typeof o.fd === "object" && o.fd !== null ? o.fd.fd : o.fd;
  stream.flags = o.flags;
  stream.mode = o.mode === undefined ? 0o666 : o.mode;
  stream.start = o.start;
}

function fileStreamPending() {
  return this.fd === null;
}

function fileStreamConstruct(callback) {
  if (this.fd !== null) return callback();
  runTo(steps.open(this.path, this.flags, this.mode), (err, fd) => {
    if (err) return callback(err);
    this.fd = fd;
    callback();
    this.emit("open", this.fd);
    this.emit("ready");
  });
}

function fileStreamDestroy(err, callback) {
  if (this.fd === null || this.fd <= 2) return callback(err);
  const fd = this.fd;
  this.fd = null;
  // An error closing (already closed) is not the stream's.
  runTo(steps.close(fd), () => callback(err));
}

function createReadStream(path, opts) {
  return new (streams().ReadStream)(path, opts);
}

function createWriteStream(path, opts) {
  return new (streams().WriteStream)(path, opts);
}

export { createReadStream, createWriteStream, streams };
