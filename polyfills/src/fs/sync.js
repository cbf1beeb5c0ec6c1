// The sync forms of node:fs: each converts its arguments and calls one host op.
/* global require */
import { arrayBufferOf, encodePath, encoded, fromHost, invalidType, isFd, options, outOfRange, toBytes, toFd, toMode, toPath } from "./args.js";
import { Dirent, UV_DIRENT_DIR, constants, flagsOf, makeStats } from "./stats.js";

const host = require("internal/host", true);
const { Buffer } = require("buffer");
const pathModule = require("path");

// ---- the sync forms --------------------------------------------------------------

function readAllFromFd(fd) {
  if (fd === 0) {
    const text = host.takeStdin();
    return Buffer.from(text || "");
  }
  host.call("fs.fstat", fd);
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = host.call("fs.read", fd, 65536, null);
    if (chunk.byteLength === 0) break;
    chunks.push(fromHost(chunk));
    total += chunk.byteLength;
  }
  return Buffer.concat(chunks, total);
}

function readFileSync(path, opts) {
  const o = options(opts, { encoding: null, flag: "r" });
  if (isFd(path)) return encoded(readAllFromFd(toFd(path)), o.encoding);
  const p = toPath(path);
  if (p === "/dev/stdin") return encoded(readAllFromFd(0), o.encoding);
  // UTF-8 text is decoded on the host: far faster than decoding bytes in the guest.
  if (o.encoding === "utf8" || o.encoding === "utf-8") return host.call("fs.readFile", p, "utf8");
  return encoded(fromHost(host.call("fs.readFile", p)), o.encoding);
}

function writeAllToFd(fd, bytes) {
  if (fd === 1 || fd === 2) {
    (fd === 1 ? process.stdout : process.stderr).write(Buffer.from(bytes));
    return;
  }
  let offset = 0;
  while (offset < bytes.byteLength) {
    offset += host.callBytes("fs.write", 1, arrayBufferOf(bytes.subarray(offset)), fd, null);
  }
}

function writeFileSync(file, data, opts) {
  const o = options(opts, { encoding: "utf8", mode: 0o666, flag: "w" });
  const utf8Text = typeof data === "string" && (o.encoding === "utf8" || o.encoding === "utf-8" || !o.encoding);
  const bytes = utf8Text ? null : toBytes(data, o.encoding);
  if (isFd(file)) return writeAllToFd(toFd(file, "file"), bytes || Buffer.from(data));
  const p = toPath(file, "path");
  if (p === "/dev/stdout" || p === "/dev/stderr") return writeAllToFd(p === "/dev/stdout" ? 1 : 2, bytes || Buffer.from(data));
  // UTF-8 text goes as a string and is encoded on the host.
  const mode = toMode(o.mode, "mode", 0o666);
  if (utf8Text) return void host.call("fs.writeFile", p, data, flagsOf(o.flag, "w"), mode);
  host.callBytes("fs.writeFile", 1, arrayBufferOf(bytes), p, flagsOf(o.flag, "w"), mode);
}

function appendFileSync(file, data, opts) {
  const o = options(opts, { encoding: "utf8", mode: 0o666, flag: "a" });
  return writeFileSync(file, data, { ...o, flag: o.flag && o.flag.startsWith("a") ? o.flag : "a" });
}

/** `statSync` and `lstatSync`: the same options, one op each. */
function statWith(op, path, opts) {
  const o = options(opts, { bigint: false, throwIfNoEntry: true });
  try {
    return makeStats(host.call(op, toPath(path)), o.bigint);
  } catch (err) {
    if (o.throwIfNoEntry === false && err.code === "ENOENT") return undefined;
    throw err;
  }
}

function statSync(path, opts) {
  return statWith("fs.stat", path, opts);
}

function lstatSync(path, opts) {
  return statWith("fs.lstat", path, opts);
}

function fstatSync(fd, opts) {
  const o = options(opts, { bigint: false });
  return makeStats(host.call("fs.fstat", toFd(fd)), o.bigint);
}

function existsSync(path) {
  let p;
  try {
    p = toPath(path);
  } catch {
    return false;
  }
  return host.call("fs.exists", p) === true;
}

function accessSync(path, mode) {
  host.call("fs.access", toPath(path), toMode(mode, "mode", constants.F_OK));
}

function readdirSync(path, opts) {
  const o = options(opts, { encoding: "utf8", withFileTypes: false, recursive: false });
  const base = toPath(path);
  if (o.recursive) return readdirRecursive(base, o);
  const list = host.call("fs.readdir", base, o.withFileTypes === true);
  if (o.withFileTypes) return list.map(([name, type]) => new Dirent(encodePath(name, o.encoding), type, base));
  return list.map((name) => encodePath(name, o.encoding));
}

function readdirRecursive(base, o) {
  const results = [];
  const queue = [base];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i];
    for (const [name, type] of host.call("fs.readdir", dir, true)) {
      const full = pathModule.join(dir, name);
      if (o.withFileTypes) results.push(new Dirent(name, type, dir));
      else results.push(encodePath(pathModule.relative(base, full), o.encoding));
      if (type === UV_DIRENT_DIR) queue.push(full);
    }
  }
  return results;
}

function mkdirSync(path, opts) {
  let recursive = false;
  let mode = 0o777;
  if (typeof opts === "number" || typeof opts === "string") mode = toMode(opts, "mode");
  else if (opts !== undefined && opts !== null) {
    if (typeof opts !== "object") throw invalidType("options", "of type object", opts);
    if (opts.recursive !== undefined && typeof opts.recursive !== "boolean") throw invalidType("options.recursive", "of type boolean", opts.recursive);
    recursive = opts.recursive === true;
    mode = toMode(opts.mode, "mode", mode);
  }
  const created = host.call("fs.mkdir", toPath(path), recursive, mode);
  return recursive ? created : undefined;
}

function mkdtempSync(prefix, opts) {
  const o = options(opts, { encoding: "utf8" });
  if (typeof prefix !== "string") throw invalidType("prefix", "of type string", prefix);
  toPath(prefix, "prefix");
  return encodePath(host.call("fs.mkdtemp", prefix), o.encoding);
}

function rmdirSync(path, opts) {
  const p = toPath(path);
  if (opts && opts.recursive) return rmSync(p, { recursive: true, force: false });
  host.call("fs.rmdir", p);
}

function rmSync(path, opts) {
  const o = options(opts, { recursive: false, force: false });
  host.call("fs.rm", toPath(path), o.recursive === true, o.force === true);
}

function unlinkSync(path) {
  host.call("fs.unlink", toPath(path));
}

function renameSync(oldPath, newPath) {
  host.call("fs.rename", toPath(oldPath, "oldPath"), toPath(newPath, "newPath"));
}

function copyFileSync(src, dest, mode) {
  host.call("fs.copyFile", toPath(src, "src"), toPath(dest, "dest"), toMode(mode, "mode", 0));
}

function cpSync(src, dest, opts) {
  const o = options(opts, { recursive: false, force: true, errorOnExist: false });
  const from = toPath(src, "src");
  const to = toPath(dest, "dest");
  const s = lstatSync(from);
  if (s.isSymbolicLink()) {
    if (existsSync(to) && !o.force) return;
    return symlinkSync(readlinkSync(from), to);
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
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) cpSync(pathModule.join(from, name), pathModule.join(to, name), o);
    return;
  }
  if (existsSync(to) && !o.force) {
    if (o.errorOnExist) {
      const err = new Error(`Target already exists: cp returned EEXIST (${to} already exists)`);
      err.name = "SystemError";
      err.code = "ERR_FS_CP_EEXIST";
      throw err;
    }
    return;
  }
  copyFileSync(from, to);
}

function realpathSync(path, opts) {
  const o = options(opts, { encoding: "utf8" });
  return encodePath(host.call("fs.realpath", toPath(path)), o.encoding);
}
realpathSync.native = realpathSync;

function symlinkSync(target, path, type) {
  host.call("fs.symlink", toPath(target, "target"), toPath(path));
}

function readlinkSync(path, opts) {
  const o = options(opts, { encoding: "utf8" });
  return encodePath(host.call("fs.readlink", toPath(path)), o.encoding);
}

function linkSync(existingPath, newPath) {
  host.call("fs.link", toPath(existingPath, "existingPath"), toPath(newPath, "newPath"));
}

function chmodSync(path, mode) {
  host.call("fs.chmod", toPath(path), toMode(mode, "mode"));
}

function chownSync(path, uid, gid) {
  if (typeof uid !== "number") throw invalidType("uid", "of type number", uid);
  if (typeof gid !== "number") throw invalidType("gid", "of type number", gid);
  host.call("fs.chown", toPath(path), uid, gid);
}

function toTime(value, name) {
  if (typeof value === "number") return value < 1e11 ? value * 1000 : value;
  if (typeof value === "string" && value !== "" && !Number.isNaN(Number(value))) return Number(value) * 1000;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "bigint") return Number(value) * 1000;
  throw invalidType(name, "of type number or an instance of Date", value);
}

function utimesSync(path, atime, mtime) {
  host.call("fs.utimes", toPath(path), toTime(atime, "atime"), toTime(mtime, "mtime"));
}

function lutimesSync(path, atime, mtime) {
  host.call("fs.lutimes", toPath(path), toTime(atime, "atime"), toTime(mtime, "mtime"));
}

function lchownSync(path, uid, gid) {
  if (typeof uid !== "number") throw invalidType("uid", "of type number", uid);
  if (typeof gid !== "number") throw invalidType("gid", "of type number", gid);
  host.call("fs.lchown", toPath(path), uid, gid);
}

function truncateSync(path, len) {
  if (isFd(path)) return ftruncateSync(path, len);
  host.call("fs.truncate", toPath(path), len === undefined ? 0 : len);
}

function openSync(path, flags, mode) {
  return host.call("fs.open", toPath(path), flagsOf(flags), toMode(mode, "mode", 0o666));
}

function closeSync(fd) {
  host.call("fs.close", toFd(fd));
}

/** `readSync(fd, buffer, offset, length, position)` or `readSync(fd, buffer, { offset, length, position })`. */
function readSync(fd, buffer, offsetOrOptions, length, position) {
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
  const bytes = fd === 0 ? stdinBytes(length) : new Uint8Array(host.call("fs.read", fd, length, typeof position === "number" && position >= 0 ? position : null));
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

/** `writeSync(fd, buffer, offset, length, position)` or `writeSync(fd, string, position, encoding)`. */
function writeSync(fd, data, offsetOrPosition, lengthOrEncoding, position) {
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
    writeAllToFd(fd, bytes);
    return bytes.byteLength;
  }
  return host.callBytes("fs.write", 1, arrayBufferOf(bytes), fd, typeof position === "number" && position >= 0 ? position : null);
}

function readvSync(fd, buffers, position) {
  let total = 0;
  for (const buffer of buffers) {
    const n = readSync(fd, buffer, 0, buffer.byteLength, typeof position === "number" ? position + total : null);
    total += n;
    if (n < buffer.byteLength) break;
  }
  return total;
}

function writevSync(fd, buffers, position) {
  let total = 0;
  for (const buffer of buffers) total += writeSync(fd, buffer, 0, buffer.byteLength, typeof position === "number" ? position + total : null);
  return total;
}

function ftruncateSync(fd, len) {
  host.call("fs.ftruncate", toFd(fd), len === undefined ? 0 : len);
}

function fsyncSync(fd) {
  host.call("fs.fsync", toFd(fd));
}

function fchmodSync(fd, mode) {
  toFd(fd);
  toMode(mode, "mode");
  host.call("fs.fsync", fd);
}

function futimesSync(fd, atime, mtime) {
  toFd(fd);
  toTime(atime, "atime");
  toTime(mtime, "mtime");
  host.call("fs.fsync", fd);
}

// fs.watch, watchFile and promises.watch poll (internal/fs_watch, loaded on first use).
let watchModule = null;
function watching() {
  if (!watchModule) watchModule = require("internal/fs_watch", true).bind({ statSync, lstatSync, readdirSync, toPath, makeStats });
  return watchModule;
}

export { accessSync, appendFileSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, existsSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, openSync, readAllFromFd, readFileSync, readSync, readdirSync, readlinkSync, readvSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, watching, writeAllToFd, writeFileSync, writeSync, writevSync };
