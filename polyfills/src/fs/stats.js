// node:fs's Stats, BigIntStats and Dirent, fs.constants and open flags.
/* global require */
import { argError, invalidType, kType } from "./args.js";

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

export { Dirent, Stats, UV_DIRENT_DIR, constants, flagsOf, makeStats };
