// What each node:fs function does, written once as a generator: it converts
// its arguments and yields its host calls (one op each; see ./io.js for who
// makes them and how). The sync, callback and promise forms, streams and
// FileHandle all run these.
/* global require */
import { arrayBufferOf, encodePath, encoded, fromHost, invalidType, isFd, options, outOfRange, toBytes, toFd, toMode, toPath } from "./args.js";
import { Dirent, UV_DIRENT_DIR, constants, flagsOf, makeStats } from "./stats.js";
import { call, callBytes } from "./io.js";

const host = require("internal/host", true);
const { Buffer } = require("buffer");
const pathModule = require("path");

function* readAllFromFd(fd) {
  if (fd === 0) {
    const text = host.takeStdin();
    return Buffer.from(text || "");
  }
  yield call("fs.fstat", fd);
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = yield call("fs.read", fd, 65536, null);
    if (chunk.byteLength === 0) break;
    chunks.push(fromHost(chunk));
    total += chunk.byteLength;
  }
  return Buffer.concat(chunks, total);
}

function* readFile(path, opts) {
  const o = options(opts, { encoding: null, flag: "r" });
  if (isFd(path)) return encoded(yield* readAllFromFd(toFd(path)), o.encoding);
  const p = toPath(path);
  if (p === "/dev/stdin") return encoded(yield* readAllFromFd(0), o.encoding);
  // UTF-8 text is decoded on the host: far faster than decoding bytes in the guest.
  if (o.encoding === "utf8" || o.encoding === "utf-8") return yield call("fs.readFile", p, "utf8");
  return encoded(fromHost(yield call("fs.readFile", p)), o.encoding);
}

function* writeAllToFd(fd, bytes) {
  if (fd === 1 || fd === 2) {
    (fd === 1 ? process.stdout : process.stderr).write(Buffer.from(bytes));
    return;
  }
  let offset = 0;
  while (offset < bytes.byteLength) {
    offset += yield callBytes("fs.write", 1, arrayBufferOf(bytes.subarray(offset)), fd, null);
  }
}

function* writeFile(file, data, opts) {
  const o = options(opts, { encoding: "utf8", mode: 0o666, flag: "w" });
  const utf8Text = typeof data === "string" && (o.encoding === "utf8" || o.encoding === "utf-8" || !o.encoding);
  const bytes = utf8Text ? null : toBytes(data, o.encoding);
  if (isFd(file)) return yield* writeAllToFd(toFd(file, "file"), bytes || Buffer.from(data));
  const p = toPath(file, "path");
  if (p === "/dev/stdout" || p === "/dev/stderr") return yield* writeAllToFd(p === "/dev/stdout" ? 1 : 2, bytes || Buffer.from(data));
  // UTF-8 text goes as a string and is encoded on the host.
  const mode = toMode(o.mode, "mode", 0o666);
  if (utf8Text) return void (yield call("fs.writeFile", p, data, flagsOf(o.flag, "w"), mode));
  yield callBytes("fs.writeFile", 1, arrayBufferOf(bytes), p, flagsOf(o.flag, "w"), mode);
}

function* appendFile(file, data, opts) {
  const o = options(opts, { encoding: "utf8", mode: 0o666, flag: "a" });
  return yield* writeFile(file, data, { ...o, flag: o.flag && o.flag.startsWith("a") ? o.flag : "a" });
}

/** `stat` and `lstat`: the same options, one op each. */
function* statWith(op, path, opts) {
  const o = options(opts, { bigint: false, throwIfNoEntry: true });
  const p = toPath(path);
  try {
    return makeStats(yield call(op, p), o.bigint);
  } catch (err) {
    if (o.throwIfNoEntry === false && err.code === "ENOENT") return undefined;
    throw err;
  }
}

function* stat(path, opts) {
  return yield* statWith("fs.stat", path, opts);
}

function* lstat(path, opts) {
  return yield* statWith("fs.lstat", path, opts);
}

function* fstat(fd, opts) {
  const o = options(opts, { bigint: false });
  return makeStats(yield call("fs.fstat", toFd(fd)), o.bigint);
}

function* exists(path) {
  let p;
  try {
    p = toPath(path);
  } catch {
    return false;
  }
  return (yield call("fs.exists", p)) === true;
}

function* access(path, mode) {
  yield call("fs.access", toPath(path), toMode(mode, "mode", constants.F_OK));
}

function* readdir(path, opts) {
  const o = options(opts, { encoding: "utf8", withFileTypes: false, recursive: false });
  const base = toPath(path);
  if (o.recursive) return yield* readdirRecursive(base, o);
  const list = yield call("fs.readdir", base, o.withFileTypes === true);
  if (o.withFileTypes) return list.map(([name, type]) => new Dirent(encodePath(name, o.encoding), type, base));
  return list.map((name) => encodePath(name, o.encoding));
}

function* readdirRecursive(base, o) {
  const results = [];
  const queue = [base];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i];
    // Not `for (... of yield ...)`: QuickJS miscompiles a yield there (stack underflow).
    const list = yield call("fs.readdir", dir, true);
    for (const [name, type] of list) {
      const full = pathModule.join(dir, name);
      if (o.withFileTypes) results.push(new Dirent(name, type, dir));
      else results.push(encodePath(pathModule.relative(base, full), o.encoding));
      if (type === UV_DIRENT_DIR) queue.push(full);
    }
  }
  return results;
}

/** The listing behind `opendir`: the directory and its entries. */
function* openedDir(path) {
  const p = toPath(path);
  const list = yield call("fs.readdir", p, true, "opendir");
  return { path: p, entries: list.map(([name, type]) => new Dirent(name, type, p)) };
}

function* mkdir(path, opts) {
  let recursive = false;
  let mode = 0o777;
  if (typeof opts === "number" || typeof opts === "string") mode = toMode(opts, "mode");
  else if (opts !== undefined && opts !== null) {
    if (typeof opts !== "object") throw invalidType("options", "of type object", opts);
    if (opts.recursive !== undefined && typeof opts.recursive !== "boolean") throw invalidType("options.recursive", "of type boolean", opts.recursive);
    recursive = opts.recursive === true;
    mode = toMode(opts.mode, "mode", mode);
  }
  const created = yield call("fs.mkdir", toPath(path), recursive, mode);
  return recursive ? created : undefined;
}

function* mkdtemp(prefix, opts) {
  const o = options(opts, { encoding: "utf8" });
  if (typeof prefix !== "string") throw invalidType("prefix", "of type string", prefix);
  toPath(prefix, "prefix");
  return encodePath(yield call("fs.mkdtemp", prefix), o.encoding);
}

function* rmdir(path, opts) {
  const p = toPath(path);
  if (opts && opts.recursive) return yield* rm(p, { recursive: true, force: false });
  yield call("fs.rmdir", p);
}

function* rm(path, opts) {
  const o = options(opts, { recursive: false, force: false });
  yield call("fs.rm", toPath(path), o.recursive === true, o.force === true);
}

function* unlink(path) {
  yield call("fs.unlink", toPath(path));
}

function* rename(oldPath, newPath) {
  yield call("fs.rename", toPath(oldPath, "oldPath"), toPath(newPath, "newPath"));
}

function* copyFile(src, dest, mode) {
  yield call("fs.copyFile", toPath(src, "src"), toPath(dest, "dest"), toMode(mode, "mode", 0));
}

function* cp(src, dest, opts) {
  const o = options(opts, { recursive: false, force: true, errorOnExist: false });
  const from = toPath(src, "src");
  const to = toPath(dest, "dest");
  const s = yield* lstat(from);
  if (s.isSymbolicLink()) {
    if ((yield* exists(to)) && !o.force) return;
    return yield* symlink(yield* readlink(from), to);
  }
  if (s.isDirectory()) {
    if (!o.recursive) {
      const err = new Error(`Path is a directory: cp returned EISDIR (${from} is a directory (not copied)) ${from}`);
      err.name = "SystemError";
      err.code = "ERR_FS_EISDIR";
      err.errno = 22;
      err.syscall = "cp";
      err.path = from;
      throw err;
    }
    yield* mkdir(to, { recursive: true });
    const names = yield* readdir(from);
    for (const name of names) yield* cp(pathModule.join(from, name), pathModule.join(to, name), o);
    return;
  }
  if ((yield* exists(to)) && !o.force) {
    if (o.errorOnExist) {
      const err = new Error(`Target already exists: cp returned EEXIST (${to} already exists)`);
      err.name = "SystemError";
      err.code = "ERR_FS_CP_EEXIST";
      throw err;
    }
    return;
  }
  yield* copyFile(from, to);
}

function* realpath(path, opts) {
  const o = options(opts, { encoding: "utf8" });
  return encodePath(yield call("fs.realpath", toPath(path)), o.encoding);
}

function* symlink(target, path, type) {
  yield call("fs.symlink", toPath(target, "target"), toPath(path));
}

function* readlink(path, opts) {
  const o = options(opts, { encoding: "utf8" });
  return encodePath(yield call("fs.readlink", toPath(path)), o.encoding);
}

function* link(existingPath, newPath) {
  yield call("fs.link", toPath(existingPath, "existingPath"), toPath(newPath, "newPath"));
}

function* chmod(path, mode) {
  yield call("fs.chmod", toPath(path), toMode(mode, "mode"));
}

function checkIds(uid, gid) {
  if (typeof uid !== "number") throw invalidType("uid", "of type number", uid);
  if (typeof gid !== "number") throw invalidType("gid", "of type number", gid);
}

function* chown(path, uid, gid) {
  checkIds(uid, gid);
  yield call("fs.chown", toPath(path), uid, gid);
}

function* lchown(path, uid, gid) {
  checkIds(uid, gid);
  yield call("fs.lchown", toPath(path), uid, gid);
}

function toTime(value, name) {
  if (typeof value === "number") return value < 1e11 ? value * 1000 : value;
  if (typeof value === "string" && value !== "" && !Number.isNaN(Number(value))) return Number(value) * 1000;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "bigint") return Number(value) * 1000;
  throw invalidType(name, "of type number or an instance of Date", value);
}

function* utimes(path, atime, mtime) {
  yield call("fs.utimes", toPath(path), toTime(atime, "atime"), toTime(mtime, "mtime"));
}

function* lutimes(path, atime, mtime) {
  yield call("fs.lutimes", toPath(path), toTime(atime, "atime"), toTime(mtime, "mtime"));
}

function* truncate(path, len) {
  if (isFd(path)) return yield* ftruncate(path, len);
  yield call("fs.truncate", toPath(path), len === undefined ? 0 : len);
}

function* open(path, flags, mode) {
  return yield call("fs.open", toPath(path), flagsOf(flags), toMode(mode, "mode", 0o666));
}

function* close(fd) {
  yield call("fs.close", toFd(fd));
}

/** `read(fd, buffer, offset, length, position)` or `read(fd, buffer, { offset, length, position })`. */
function* read(fd, buffer, offsetOrOptions, length, position) {
  toFd(fd);
  if (!ArrayBuffer.isView(buffer)) throw invalidType("buffer", "an instance of Buffer, TypedArray, or DataView", buffer);
  let offset = offsetOrOptions;
  if (offsetOrOptions !== null && typeof offsetOrOptions === "object") ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  if (offset === undefined || offset === null) offset = 0;
  if (length === undefined) length = buffer.byteLength - offset;
  if (typeof offset !== "number" || !Number.isInteger(offset)) throw invalidType("offset", "of type number", offset);
  if (offset < 0 || offset > buffer.byteLength) throw outOfRange("offset", `>= 0 && <= ${buffer.byteLength}`, offset);
  if (length < 0) throw outOfRange("length", ">= 0", length);
  if (offset + length > buffer.byteLength) throw outOfRange("length", `<= ${buffer.byteLength - offset}`, length);
  if (length === 0) return 0;
  if (typeof position === "bigint") position = Number(position);
  const bytes = fd === 0 ? stdinBytes(length) : new Uint8Array(yield call("fs.read", fd, length, typeof position === "number" && position >= 0 ? position : null));
  new Uint8Array(buffer.buffer, buffer.byteOffset + offset, bytes.byteLength).set(bytes);
  return bytes.byteLength;
}

let pendingStdin = null;
function stdinBytes(length) {
  if (pendingStdin === null) pendingStdin = Buffer.from(host.takeStdin() || "");
  const out = pendingStdin.subarray(0, length);
  pendingStdin = pendingStdin.subarray(out.byteLength);
  return out;
}

/** `write(fd, buffer, offset, length, position)` or `write(fd, string, position, encoding)`. */
function* write(fd, data, offsetOrPosition, lengthOrEncoding, position) {
  toFd(fd);
  let bytes;
  if (typeof data === "string") {
    bytes = Buffer.from(data, typeof lengthOrEncoding === "string" ? lengthOrEncoding : "utf8");
    position = offsetOrPosition;
  } else if (ArrayBuffer.isView(data)) {
    let offset = offsetOrPosition;
    let length = lengthOrEncoding;
    if (offset !== null && typeof offset === "object") ({ offset = 0, length = data.byteLength - offset, position = null } = offset);
    if (offset === undefined || offset === null) offset = 0;
    if (length === undefined || length === null) length = data.byteLength - offset;
    if (offset < 0 || offset > data.byteLength) throw outOfRange("offset", `>= 0 && <= ${data.byteLength}`, offset);
    if (length < 0 || offset + length > data.byteLength) throw outOfRange("length", `>= 0 && <= ${data.byteLength - offset}`, length);
    bytes = new Uint8Array(data.buffer, data.byteOffset + offset, length);
  } else {
    throw invalidType("buffer", "of type string or an instance of Buffer, TypedArray, or DataView", data);
  }
  if (fd === 1 || fd === 2) {
    yield* writeAllToFd(fd, bytes);
    return bytes.byteLength;
  }
  return yield callBytes("fs.write", 1, arrayBufferOf(bytes), fd, typeof position === "number" && position >= 0 ? position : null);
}

function* readv(fd, buffers, position) {
  let total = 0;
  for (const buffer of buffers) {
    const n = yield* read(fd, buffer, 0, buffer.byteLength, typeof position === "number" ? position + total : null);
    total += n;
    if (n < buffer.byteLength) break;
  }
  return total;
}

function* writev(fd, buffers, position) {
  let total = 0;
  for (const buffer of buffers) total += yield* write(fd, buffer, 0, buffer.byteLength, typeof position === "number" ? position + total : null);
  return total;
}

function* ftruncate(fd, len) {
  yield call("fs.ftruncate", toFd(fd), len === undefined ? 0 : len);
}

function* fsync(fd) {
  yield call("fs.fsync", toFd(fd));
}

function* fchmod(fd, mode) {
  toFd(fd);
  toMode(mode, "mode");
  yield call("fs.fsync", fd);
}

function* futimes(fd, atime, mtime) {
  toFd(fd);
  toTime(atime, "atime");
  toTime(mtime, "mtime");
  yield call("fs.fsync", fd);
}

export {
  access, appendFile, chmod, chown, close, copyFile, cp, exists, fchmod, fstat, fsync, ftruncate, futimes, lchown, link, lstat, lutimes,
  mkdir, mkdtemp, open, openedDir, read, readAllFromFd, readFile, readdir, readdirRecursive, readlink, readv, realpath, rename, rm, rmdir, stat, symlink,
  truncate, unlink, utimes, write, writeAllToFd, writeFile, writev,
};
