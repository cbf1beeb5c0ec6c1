// node:fs — host-backed. Every function validates and converts its arguments
// the way Node does, then calls one host op (checked by the fs permission on
// the host). The sync form calls the op; the callback and promise forms call
// the same sync form and complete on a later turn of the event loop, after
// nextTicks and microtasks, as an I/O completion does in Node.
//
// `require` and `process` are the builtin factory's parameters (see
// scripts/build.mjs): the guest's own builtins, never bundled copies.
/* global require */

import { defer, invalidType } from "../fs/args.js";
import { Dirent, Stats, constants } from "../fs/stats.js";
import { accessSync, appendFileSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, existsSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, readvSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, watching, writeFileSync, writeSync, writevSync } from "../fs/sync.js";
import { Dir, callbackForm, complete, opendirSync, takeCallback } from "../fs/forms.js";
import { createReadStream, createWriteStream, streams } from "../fs/streams.js";
import { FileHandle, promises } from "../fs/promises.js";

const { Buffer } = require("buffer");

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
