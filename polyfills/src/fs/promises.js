// fs.promises and its FileHandle: each runs the same steps as the sync form
// (./steps.js), through asynchronous host calls where synchronous ones are
// unavailable (see ./io.js).
/* global require */
import { encoded, options, toBytes } from "./args.js";
import { constants } from "./stats.js";
import * as steps from "./steps.js";
import { watching } from "./sync.js";
import { later } from "./io.js";
import { opendir, promiseForm } from "./forms.js";
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
    const handle = this;
    return later(function* () {
      if (buffer === undefined || (buffer !== null && !ArrayBuffer.isView(buffer) && typeof buffer === "object")) {
        const o = buffer || {};
        buffer = o.buffer || Buffer.alloc(16384);
        offset = o.offset || 0;
        length = o.length === undefined ? buffer.byteLength - offset : o.length;
        position = o.position === undefined ? null : o.position;
      }
      const bytesRead = yield* steps.read(handle._fd(), buffer, offset || 0, length === undefined ? buffer.byteLength - (offset || 0) : length, position);
      return { bytesRead, buffer };
    });
  }
  write(data, offsetOrPosition, lengthOrEncoding, position) {
    const handle = this;
    return later(function* () {
      return { bytesWritten: yield* steps.write(handle._fd(), data, offsetOrPosition, lengthOrEncoding, position), buffer: data };
    });
  }
  readFile(opts) {
    const handle = this;
    return later(function* () {
      return encoded(yield* steps.readAllFromFd(handle._fd()), options(opts, { encoding: null }).encoding);
    });
  }
  writeFile(data, opts) {
    const handle = this;
    return later(function* () {
      return yield* steps.writeAllToFd(handle._fd(), toBytes(data, options(opts, { encoding: "utf8" }).encoding));
    });
  }
  appendFile(data, opts) {
    return this.writeFile(data, opts);
  }
  stat(opts) {
    const handle = this;
    return later(() => steps.fstat(handle._fd(), opts));
  }
  truncate(len) {
    const handle = this;
    return later(() => steps.ftruncate(handle._fd(), len));
  }
  sync() {
    const handle = this;
    return later(() => steps.fsync(handle._fd()));
  }
  datasync() {
    return this.sync();
  }
  chmod(mode) {
    const handle = this;
    return later(() => steps.fchmod(handle._fd(), mode));
  }
  utimes(atime, mtime) {
    const handle = this;
    return later(() => steps.futimes(handle._fd(), atime, mtime));
  }
  readv(buffers, position) {
    const handle = this;
    return later(function* () {
      return { bytesRead: yield* steps.readv(handle._fd(), buffers, position), buffers };
    });
  }
  writev(buffers, position) {
    const handle = this;
    return later(function* () {
      return { bytesWritten: yield* steps.writev(handle._fd(), buffers, position), buffers };
    });
  }
  close() {
    const handle = this;
    return later(function* () {
      if (handle.fd === -1) return;
      yield* steps.close(handle.fd);
      handle.fd = -1;
      handle.emit("close");
    });
  }
  createReadStream(opts) {
    return createReadStream(undefined, { ...opts, fd: this });
  }
  createWriteStream(opts) {
    return createWriteStream(undefined, { ...opts, fd: this });
  }
  async *readLines() {
    const handle = this;
    const text = (
      await later(function* () {
        return yield* steps.readAllFromFd(handle._fd());
      })
    ).toString();
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    yield* lines;
  }
}
if (Symbol.asyncDispose) FileHandle.prototype[Symbol.asyncDispose] = FileHandle.prototype.close;

/** Writes `data` to the file a FileHandle or a path names (writeFile and appendFile of fs.promises). */
function* writeTo(stepFn, file, data, opts) {
  if (file instanceof FileHandle) return yield* steps.writeAllToFd(file.fd, toBytes(data, options(opts, { encoding: "utf8" }).encoding));
  return yield* stepFn(file, data, opts);
}

const promises = {
  access: promiseForm(steps.access),
  appendFile: promiseForm((file, data, opts) => writeTo(steps.appendFile, file, data, opts)),
  chmod: promiseForm(steps.chmod),
  chown: promiseForm(steps.chown),
  copyFile: promiseForm(steps.copyFile),
  cp: promiseForm(steps.cp),
  link: promiseForm(steps.link),
  lstat: promiseForm(steps.lstat),
  lchown: promiseForm(steps.lchown),
  lutimes: promiseForm(steps.lutimes),
  mkdir: promiseForm(steps.mkdir),
  mkdtemp: promiseForm(steps.mkdtemp),
  open: promiseForm(function* (path, flags, mode) {
    return new FileHandle(yield* steps.open(path, flags, mode));
  }),
  opendir: promiseForm(opendir),
  readdir: promiseForm(steps.readdir),
  readFile: promiseForm(function* (path, opts) {
    if (path instanceof FileHandle) return encoded(yield* steps.readAllFromFd(path.fd), options(opts, { encoding: null }).encoding);
    return yield* steps.readFile(path, opts);
  }),
  readlink: promiseForm(steps.readlink),
  realpath: promiseForm(steps.realpath),
  rename: promiseForm(steps.rename),
  rm: promiseForm(steps.rm),
  rmdir: promiseForm(steps.rmdir),
  stat: promiseForm(steps.stat),
  symlink: promiseForm(steps.symlink),
  truncate: promiseForm(steps.truncate),
  unlink: promiseForm(steps.unlink),
  utimes: promiseForm(steps.utimes),
  writeFile: promiseForm((file, data, opts) => writeTo(steps.writeFile, file, data, opts)),
  watch: function watch(...args) {
    return watching().promisesWatch(...args);
  },
  constants,
};

export { FileHandle, promises };
