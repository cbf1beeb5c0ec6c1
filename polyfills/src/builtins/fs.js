// node:fs — host-backed. Every function validates and converts its arguments
// the way Node does, then calls one host op (checked by the fs permission on
// the host). The sync form calls the op; the callback and promise forms call
// the same sync form and complete on a later turn of the event loop, after
// nextTicks and microtasks, as an I/O completion does in Node.
//
// `require` and `process` are the builtin factory's parameters (see
// scripts/build.mjs): the guest's own builtins, never bundled copies.
/* global require */

const host = require("internal/host", true);
const { Buffer } = require("buffer");
const pathModule = require("path");

const defer = globalThis.setImmediate;
const kType = Symbol("type");

// ---- errors -----------------------------------------------------------------

/** Argument errors are thrown synchronously even by the callback forms. */
const argumentErrors = new WeakSet();

function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "function") return `function ${value.name}`;
  if (typeof value === "object") {
    if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
    return "an instance of Object";
  }
  if (typeof value === "string") {
    const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
    return `type string ('${shown}')`;
  }
  return `type ${typeof value} (${typeof value === "bigint" ? `${value}n` : String(value)})`;
}

function argError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  argumentErrors.add(err);
  return err;
}

function invalidType(name, expected, value) {
  return argError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be ${expected}. Received ${describe(value)}`);
}

function outOfRange(name, range, value) {
  return argError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be ${range}. Received ${value}`);
}

// ---- argument conversion ------------------------------------------------------

function isUint8Array(v) {
  return v instanceof Uint8Array;
}

function toPath(value, name = "path") {
  let path;
  if (typeof value === "string") path = value;
  else if (isUint8Array(value)) path = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString();
  else if (value !== null && typeof value === "object" && typeof value.href === "string" && typeof value.protocol === "string") {
    if (value.protocol !== "file:") throw argError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
    if (value.hostname !== "" && value.hostname !== undefined) {
      throw argError(TypeError, "ERR_INVALID_FILE_URL_HOST", `File URL host must be "localhost" or empty on ${process.platform}`);
    }
    // Read once: what is checked here is what is used.
    const pathname = String(value.pathname);
    if (/%2f/i.test(pathname)) throw argError(TypeError, "ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded / characters");
    path = decodeURIComponent(pathname);
  } else {
    throw invalidType(name, "of type string or an instance of Buffer or URL", value);
  }
  if (path.includes("\u0000")) {
    const shown = `'${path.replace(/\u0000/g, "\\x00")}'`;
    throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${shown}`);
  }
  return path;
}

/** Node treats a path argument that is an int32 as a file descriptor. */
function isFd(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

function toFd(value, name = "fd") {
  if (typeof value !== "number") throw invalidType(name, "of type number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < 0 || value > 2147483647) throw outOfRange(name, ">= 0 && <= 2147483647", value);
  return value;
}

function toMode(value, name, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string") {
    if (!/^[0-7]+$/.test(value)) throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' must be a 32-bit unsigned integer or an octal string. Received '${value}'`);
    return parseInt(value, 8);
  }
  if (typeof value !== "number") throw invalidType(name, "of type number", value);
  return value;
}

const ENCODINGS = ["utf8", "utf-8", "ascii", "latin1", "binary", "base64", "base64url", "hex", "ucs2", "ucs-2", "utf16le", "utf-16le", "buffer"];

function checkEncoding(encoding) {
  if (encoding === undefined || encoding === null) return null;
  if (typeof encoding !== "string" || !ENCODINGS.includes(encoding.toLowerCase())) {
    throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'encoding' is invalid encoding. Received '${encoding}'`);
  }
  return encoding.toLowerCase() === "buffer" ? null : encoding;
}

/** Node's `getOptions`: a string is the encoding. */
function options(value, defaults) {
  if (value === undefined || value === null || typeof value === "function") return { ...defaults };
  if (typeof value === "string") return { ...defaults, encoding: checkEncoding(value) };
  if (typeof value !== "object") throw invalidType("options", "one of type string or an instance of Object", value);
  const out = { ...defaults, ...value };
  if (value.encoding !== undefined) out.encoding = checkEncoding(value.encoding);
  return out;
}

/** Bytes of `data` (a string in `encoding`, or any ArrayBufferView). */
function toBytes(data, encoding, name = "data") {
  if (typeof data === "string") return Buffer.from(data, encoding || "utf8");
  if (isUint8Array(data)) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidType(name, "of type string or an instance of Buffer, TypedArray, or DataView", data);
}

/** An ArrayBuffer holding exactly `bytes`, for the host. */
function arrayBufferOf(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function fromHost(arrayBuffer) {
  return Buffer.from(arrayBuffer);
}

function encoded(buffer, encoding) {
  return encoding ? buffer.toString(encoding) : buffer;
}

function encodePath(path, encoding) {
  return encoding && encoding !== "utf8" && encoding !== "utf-8" ? Buffer.from(path).toString(encoding) : encoding === null ? Buffer.from(path) : path;
}

// ---- Stats and Dirent ---------------------------------------------------------

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const S_IFIFO = 0o010000;
const S_IFLNK = 0o120000;
const S_IFSOCK = 0o140000;

class StatsBase {}

// The type predicates, on the prototype as in Node; `Number` lets BigIntStats share them.
for (const [name, type] of [
  ["isDirectory", S_IFDIR], ["isFile", S_IFREG], ["isBlockDevice", S_IFBLK], ["isCharacterDevice", S_IFCHR],
  ["isSymbolicLink", S_IFLNK], ["isFIFO", S_IFIFO], ["isSocket", S_IFSOCK],
]) {
  const method = { [name]() { return (Number(this.mode) & S_IFMT) === type; } }[name];
  Object.defineProperty(StatsBase.prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
}

class Stats extends StatsBase {
  constructor(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
    super();
    this.dev = dev;
    this.mode = mode;
    this.nlink = nlink;
    this.uid = uid;
    this.gid = gid;
    this.rdev = rdev;
    this.blksize = blksize;
    this.ino = ino;
    this.size = size;
    this.blocks = blocks;
    this.atimeMs = atimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = ctimeMs;
    this.birthtimeMs = birthtimeMs;
    this.atime = new Date(atimeMs);
    this.mtime = new Date(mtimeMs);
    this.ctime = new Date(ctimeMs);
    this.birthtime = new Date(birthtimeMs);
  }
}

/** Node's `BigIntStats` (`{ bigint: true }`). */
class BigIntStats extends StatsBase {
  constructor(s) {
    super();
    for (const key of ["dev", "mode", "nlink", "uid", "gid", "rdev", "blksize", "ino", "size", "blocks"]) this[key] = BigInt(s[key]);
    for (const key of ["atime", "mtime", "ctime", "birthtime"]) {
      const ms = s[`${key}Ms`];
      this[`${key}Ms`] = BigInt(Math.floor(ms));
      this[`${key}Ns`] = BigInt(Math.floor(ms)) * 1000000n;
    }
    for (const key of ["atime", "mtime", "ctime", "birthtime"]) this[key] = new Date(s[`${key}Ms`]);
  }
}

function makeStats(s, bigint) {
  if (bigint) return new BigIntStats(s);
  return new Stats(s.dev, s.mode, s.nlink, s.uid, s.gid, s.rdev, s.blksize, s.ino, s.size, s.blocks, s.atimeMs, s.mtimeMs, s.ctimeMs, s.birthtimeMs);
}

const UV_DIRENT_FILE = 1;
const UV_DIRENT_DIR = 2;
const UV_DIRENT_LINK = 3;

/** Node's `fs.Dirent`. */
class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }
  isDirectory() {
    return this[kType] === UV_DIRENT_DIR;
  }
  isFile() {
    return this[kType] === UV_DIRENT_FILE;
  }
  isSymbolicLink() {
    return this[kType] === UV_DIRENT_LINK;
  }
  isBlockDevice() {
    return false;
  }
  isCharacterDevice() {
    return false;
  }
  isFIFO() {
    return false;
  }
  isSocket() {
    return false;
  }
}

// ---- constants ------------------------------------------------------------------

const constants = Object.freeze({
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4, UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK,
  O_CREAT: 64, O_EXCL: 128, UV_FS_O_FILEMAP: 0, O_NOCTTY: 256, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536, O_NOATIME: 262144,
  O_NOFOLLOW: 131072, O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384, O_NONBLOCK: 2048,
  S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56, S_IRGRP: 32, S_IWGRP: 16, S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1,
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
});

/** Numeric open flags to Node's string form. */
const STRING_FLAGS = ["r", "rs", "sr", "r+", "rs+", "sr+", "w", "wx", "xw", "w+", "wx+", "xw+", "a", "ax", "xa", "as", "sa", "a+", "ax+", "xa+", "as+", "sa+"];

function flagsOf(flags, fallback = "r") {
  if (flags === undefined || flags === null) return fallback;
  if (typeof flags === "string") {
    if (!STRING_FLAGS.includes(flags)) throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'flags' is invalid. Received '${flags}'`);
    return flags;
  }
  if (typeof flags !== "number") throw invalidType("flags", "of type string or number", flags);
  const { O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND } = constants;
  const access = flags & 3;
  const x = flags & O_EXCL ? "x" : "";
  if (flags & O_APPEND) return `a${x}${access === O_RDWR ? "+" : ""}`;
  if (flags & O_TRUNC || flags & O_CREAT) return `w${x}${access === O_RDWR ? "+" : ""}`;
  if (access === O_RDWR) return "r+";
  if (access === O_WRONLY) return "w";
  return "r";
}

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


// ---- Dir ------------------------------------------------------------------------

/** Node's `fs.Dir`, over one listing of the directory. */
class Dir {
  constructor(path, entries) {
    this.path = path;
    this._entries = entries;
    this._closed = false;
  }
  _check() {
    if (this._closed) {
      const err = new Error("Directory handle was closed");
      err.code = "ERR_DIR_CLOSED";
      throw err;
    }
  }
  readSync() {
    this._check();
    return this._entries.length ? this._entries.shift() : null;
  }
  read(callback) {
    if (typeof callback === "function") return void complete(() => this.readSync(), [], callback);
    return later(() => this.readSync());
  }
  closeSync() {
    this._check();
    this._closed = true;
  }
  close(callback) {
    if (typeof callback === "function") return void complete(() => this.closeSync(), [], callback);
    return later(() => this.closeSync());
  }
  async *entries() {
    try {
      for (let entry = this.readSync(); entry !== null; entry = this.readSync()) yield entry;
    } finally {
      if (!this._closed) this.closeSync();
    }
  }
  [Symbol.asyncIterator]() {
    return this.entries();
  }
}

function opendirSync(path) {
  const p = toPath(path);
  const entries = host.call("fs.readdir", p, true, "opendir").map(([name, type]) => new Dirent(name, type, p));
  return new Dir(p, entries);
}

// ---- callback and promise forms ---------------------------------------------------

/** Runs `fn` now and delivers its outcome to `callback` on a later turn (argument errors throw now). */
function complete(fn, args, callback, spread) {
  let result;
  let error = null;
  try {
    result = fn(...args);
  } catch (err) {
    if (argumentErrors.has(err)) throw err;
    error = err;
  }
  defer(() => {
    if (error) callback(error);
    else if (spread) callback(null, ...spread(result, args));
    else callback(null, result);
  });
}

function takeCallback(args) {
  // With only the required argument given, Node reports the callback as undefined.
  const callback = args.length > 1 ? args[args.length - 1] : undefined;
  if (typeof callback !== "function") throw invalidType("cb", "of type function", callback);
  return args.slice(0, -1);
}

function callbackForm(syncFn, spread) {
  return function (...args) {
    const rest = takeCallback(args);
    complete(syncFn, rest, args[args.length - 1], spread);
  };
}

function later(fn) {
  return new Promise((resolve, reject) => {
    defer(() => {
      try {
        resolve(fn());
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** The promise form; an `options.signal` already aborted rejects with Node's AbortError. */
function promiseForm(syncFn) {
  return function (...args) {
    return later(() => {
      const last = args[args.length - 1];
      const signal = last !== null && typeof last === "object" && !ArrayBuffer.isView(last) ? last.signal : undefined;
      if (signal && signal.aborted) {
        const err = new Error("The operation was aborted", signal.reason !== undefined ? { cause: signal.reason } : undefined);
        err.name = "AbortError";
        err.code = "ABORT_ERR";
        throw err;
      }
      return syncFn(...args);
    });
  };
}

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
      defer(() => this._readChunk(this.readableHighWaterMark));
    },
    _readChunk(n) {
      if (this.destroyed) return;
      const remaining = this.end - (this.pos === undefined ? this.bytesRead : this.pos) + 1;
      const want = Math.min(n, remaining);
      if (want <= 0) return this.push(null);
      let chunk;
      try {
        const buffer = Buffer.allocUnsafe(want);
        const got = readSync(this.fd, buffer, 0, want, this.pos === undefined ? null : this.pos);
        chunk = buffer.subarray(0, got);
      } catch (err) {
        return this.destroy(err);
      }
      if (this.pos !== undefined) this.pos += chunk.length;
      this.bytesRead += chunk.length;
      this.push(chunk.length > 0 ? chunk : null);
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
      try {
        const n = writeSync(this.fd, chunk, 0, chunk.length, this.pos === undefined ? null : this.pos);
        if (this.pos !== undefined) this.pos += n;
        this.bytesWritten += n;
      } catch (err) {
        return callback(err);
      }
      callback();
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
  try {
    this.fd = openSync(this.path, this.flags, this.mode);
  } catch (err) {
    return callback(err);
  }
  callback();
  this.emit("open", this.fd);
  this.emit("ready");
}

function fileStreamDestroy(err, callback) {
  if (this.fd !== null && this.fd > 2) {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.fd = null;
  }
  callback(err);
}

function createReadStream(path, opts) {
  return new (streams().ReadStream)(path, opts);
}

function createWriteStream(path, opts) {
  return new (streams().WriteStream)(path, opts);
}

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

// ---- the module -----------------------------------------------------------------------

const readSpread = (bytesRead, args) => [bytesRead, args[1]];
const writeSpread = (bytesWritten, args) => [bytesWritten, args[1]];

const fs = {
  appendFile: callbackForm(appendFileSync),
  appendFileSync,
  access: callbackForm(accessSync),
  accessSync,
  chmod: callbackForm(chmodSync),
  chmodSync,
  chown: callbackForm(chownSync),
  chownSync,
  close: function close(fd, callback = () => {}) {
    complete(closeSync, [fd], callback);
  },
  closeSync,
  copyFile: callbackForm(copyFileSync),
  copyFileSync,
  cp: callbackForm(cpSync),
  cpSync,
  createReadStream,
  createWriteStream,
  exists: function exists(path, callback) {
    if (typeof callback !== "function") throw invalidType("cb", "of type function", callback);
    const result = existsSync(path);
    defer(() => callback(result));
  },
  existsSync,
  fchmod: callbackForm(fchmodSync),
  fchmodSync,
  fdatasync: callbackForm(fsyncSync),
  fdatasyncSync: fsyncSync,
  fstat: callbackForm(fstatSync),
  fstatSync,
  fsync: callbackForm(fsyncSync),
  fsyncSync,
  ftruncate: callbackForm(ftruncateSync),
  ftruncateSync,
  futimes: callbackForm(futimesSync),
  futimesSync,
  lchown: callbackForm(lchownSync),
  lchownSync,
  link: callbackForm(linkSync),
  linkSync,
  lstat: callbackForm(lstatSync),
  lstatSync,
  lutimes: callbackForm(lutimesSync),
  lutimesSync,
  mkdir: callbackForm(mkdirSync),
  mkdirSync,
  mkdtemp: callbackForm(mkdtempSync),
  mkdtempSync,
  open: function open(path, flags, mode, callback) {
    const args = [path, flags, mode, callback].filter((a) => a !== undefined);
    const rest = takeCallback(args);
    complete(openSync, rest, args[args.length - 1]);
  },
  openSync,
  opendir: callbackForm(opendirSync),
  opendirSync,
  read: function read(fd, buffer, offset, length, position, callback) {
    const args = [...arguments];
    const cb = args.pop();
    if (typeof cb !== "function") throw invalidType("cb", "of type function", cb);
    if (args.length === 1 || (args.length === 2 && !ArrayBuffer.isView(args[1]))) {
      const o = args[1] || {};
      const buf = o.buffer || Buffer.alloc(16384);
      return complete(readSync, [fd, buf, o.offset || 0, o.length === undefined ? buf.byteLength - (o.offset || 0) : o.length, o.position === undefined ? null : o.position], cb, readSpread);
    }
    complete(readSync, args, cb, readSpread);
  },
  readSync,
  readdir: callbackForm(readdirSync),
  readdirSync,
  readFile: callbackForm(readFileSync),
  readFileSync,
  readlink: callbackForm(readlinkSync),
  readlinkSync,
  readv: callbackForm(readvSync, (n, args) => [n, args[1]]),
  readvSync,
  realpath: Object.assign(callbackForm(realpathSync), { native: callbackForm(realpathSync) }),
  realpathSync,
  rename: callbackForm(renameSync),
  renameSync,
  rm: callbackForm(rmSync),
  rmSync,
  rmdir: callbackForm(rmdirSync),
  rmdirSync,
  stat: callbackForm(statSync),
  statSync,
  symlink: callbackForm(symlinkSync),
  symlinkSync,
  truncate: callbackForm(truncateSync),
  truncateSync,
  unlink: callbackForm(unlinkSync),
  unlinkSync,
  utimes: callbackForm(utimesSync),
  utimesSync,
  write: function write(fd, data, ...rest) {
    const cb = rest.pop();
    if (typeof cb !== "function") throw invalidType("cb", "of type function", cb);
    complete(writeSync, [fd, data, ...rest], cb, writeSpread);
  },
  writeSync,
  writeFile: callbackForm(writeFileSync),
  writeFileSync,
  writev: callbackForm(writevSync, (n, args) => [n, args[1]]),
  writevSync,
  watch: function watch(...args) {
    return watching().watch(...args);
  },
  watchFile: function watchFile(...args) {
    return watching().watchFile(...args);
  },
  unwatchFile: function unwatchFile(...args) {
    return watching().unwatchFile(...args);
  },
  Dir,
  Dirent,
  Stats,
  FileHandle,
  constants,
  promises,
  F_OK: constants.F_OK,
  R_OK: constants.R_OK,
  W_OK: constants.W_OK,
  X_OK: constants.X_OK,
};
Object.defineProperty(fs, "ReadStream", { get: () => streams().ReadStream, enumerable: true, configurable: true });
Object.defineProperty(fs, "WriteStream", { get: () => streams().WriteStream, enumerable: true, configurable: true });

export default fs;
