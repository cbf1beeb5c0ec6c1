// fs.promises and its FileHandle.
/* global require */
import { encoded, options, toBytes } from "./args.js";
import { constants } from "./stats.js";
import { accessSync, appendFileSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, openSync, readAllFromFd, readFileSync, readSync, readdirSync, readlinkSync, readvSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, watching, writeAllToFd, writeFileSync, writeSync, writevSync } from "./sync.js";
import { later, opendirSync, promiseForm } from "./forms.js";
import { createReadStream, createWriteStream } from "./streams.js";

const { Buffer } = require("buffer");

// ---- fs.promises --------------------------------------------------------------------

/** Node's `FileHandle` (from `fsPromises.open`): an EventEmitter that emits 'close'. */
class FileHandle extends require("events") {
  constructor(fd) {
    super();
    this.fd = fd;
  }
  _fd() {
    if (this.fd === -1) {
      const err = new Error("file closed");
      err.code = "EBADF";
      err.syscall = "read";
      throw err;
    }
    return this.fd;
  }
  getAsyncId() {
    return this.fd;
  }
  read(buffer, offset, length, position) {
    return later(() => {
      if (buffer === undefined || (buffer !== null && !ArrayBuffer.isView(buffer) && typeof buffer === "object")) {
        const o = buffer || {};
        buffer = o.buffer || Buffer.alloc(16384);
        offset = o.offset || 0;
        length = o.length === undefined ? buffer.byteLength - offset : o.length;
        position = o.position === undefined ? null : o.position;
      }
      const bytesRead = readSync(this._fd(), buffer, offset || 0, length === undefined ? buffer.byteLength - (offset || 0) : length, position);
      return { bytesRead, buffer };
    });
  }
  write(data, offsetOrPosition, lengthOrEncoding, position) {
    return later(() => ({ bytesWritten: writeSync(this._fd(), data, offsetOrPosition, lengthOrEncoding, position), buffer: data }));
  }
  readFile(opts) {
    return later(() => encoded(readAllFromFd(this._fd()), options(opts, { encoding: null }).encoding));
  }
  writeFile(data, opts) {
    return later(() => writeAllToFd(this._fd(), toBytes(data, options(opts, { encoding: "utf8" }).encoding)));
  }
  appendFile(data, opts) {
    return this.writeFile(data, opts);
  }
  stat(opts) {
    return later(() => fstatSync(this._fd(), opts));
  }
  truncate(len) {
    return later(() => ftruncateSync(this._fd(), len));
  }
  sync() {
    return later(() => fsyncSync(this._fd()));
  }
  datasync() {
    return this.sync();
  }
  chmod(mode) {
    return later(() => fchmodSync(this._fd(), mode));
  }
  utimes(atime, mtime) {
    return later(() => futimesSync(this._fd(), atime, mtime));
  }
  readv(buffers, position) {
    return later(() => ({ bytesRead: readvSync(this._fd(), buffers, position), buffers }));
  }
  writev(buffers, position) {
    return later(() => ({ bytesWritten: writevSync(this._fd(), buffers, position), buffers }));
  }
  close() {
    return later(() => {
      if (this.fd === -1) return;
      closeSync(this.fd);
      this.fd = -1;
      this.emit("close");
    });
  }
  createReadStream(opts) {
    return createReadStream(undefined, { ...opts, fd: this });
  }
  createWriteStream(opts) {
    return createWriteStream(undefined, { ...opts, fd: this });
  }
  async *readLines() {
    const text = readAllFromFd(this._fd()).toString();
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    yield* lines;
  }
}
if (Symbol.asyncDispose) FileHandle.prototype[Symbol.asyncDispose] = FileHandle.prototype.close;

const promises = {
  access: promiseForm(accessSync),
  appendFile: promiseForm((file, data, opts) => (file instanceof FileHandle ? writeAllToFd(file.fd, toBytes(data, options(opts, { encoding: "utf8" }).encoding)) : appendFileSync(file, data, opts))),
  chmod: promiseForm(chmodSync),
  chown: promiseForm(chownSync),
  copyFile: promiseForm(copyFileSync),
  cp: promiseForm(cpSync),
  link: promiseForm(linkSync),
  lstat: promiseForm(lstatSync),
  lchown: promiseForm(lchownSync),
  lutimes: promiseForm(lutimesSync),
  mkdir: promiseForm(mkdirSync),
  mkdtemp: promiseForm(mkdtempSync),
  open: promiseForm((path, flags, mode) => new FileHandle(openSync(path, flags, mode))),
  opendir: promiseForm(opendirSync),
  readdir: promiseForm(readdirSync),
  readFile: promiseForm((path, opts) => (path instanceof FileHandle ? encoded(readAllFromFd(path.fd), options(opts, { encoding: null }).encoding) : readFileSync(path, opts))),
  readlink: promiseForm(readlinkSync),
  realpath: promiseForm(realpathSync),
  rename: promiseForm(renameSync),
  rm: promiseForm(rmSync),
  rmdir: promiseForm(rmdirSync),
  stat: promiseForm(statSync),
  symlink: promiseForm(symlinkSync),
  truncate: promiseForm(truncateSync),
  unlink: promiseForm(unlinkSync),
  utimes: promiseForm(utimesSync),
  writeFile: promiseForm((file, data, opts) => (file instanceof FileHandle ? writeAllToFd(file.fd, toBytes(data, options(opts, { encoding: "utf8" }).encoding)) : writeFileSync(file, data, opts))),
  watch: function watch(...args) {
    return watching().promisesWatch(...args);
  },
  constants,
};

export { FileHandle, promises };
