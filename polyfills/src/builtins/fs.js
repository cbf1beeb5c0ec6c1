// node:fs — host-backed. Every function validates and converts its arguments
// the way Node does, then calls one host op (checked by the fs permission on
// the host). Each function is written once (fs/steps.js): the sync form makes
// its host calls synchronously; the callback and promise forms run the same
// steps and complete on a later turn of the event loop, after nextTicks and
// microtasks, as an I/O completion does in Node, through asynchronous host
// calls where synchronous ones are unavailable (fs/io.js).
//
// `require` and `process` are the builtin factory's parameters (see
// scripts/build.mjs): the guest's own builtins, never bundled copies.
/* global require */

import { invalidType } from "../fs/args.js";
import { Dirent, Stats, constants } from "../fs/stats.js";
import * as steps from "../fs/steps.js";
import { accessSync, appendFileSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, existsSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, readvSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, watching, writeFileSync, writeSync, writevSync } from "../fs/sync.js";
import { Dir, callbackForm, opendir, opendirSync, runToCallback, takeCallback } from "../fs/forms.js";
import { runTo } from "../fs/io.js";
import { createReadStream, createWriteStream, streams } from "../fs/streams.js";
import { FileHandle, promises } from "../fs/promises.js";

const { Buffer } = require("buffer");

// ---- the module -----------------------------------------------------------------------

const readSpread = (bytesRead, args) => [bytesRead, args[1]];
const writeSpread = (bytesWritten, args) => [bytesWritten, args[1]];

const fs = {
  appendFile: callbackForm(steps.appendFile),
  appendFileSync,
  access: callbackForm(steps.access),
  accessSync,
  chmod: callbackForm(steps.chmod),
  chmodSync,
  chown: callbackForm(steps.chown),
  chownSync,
  close: function close(fd, callback = () => {}) {
    runToCallback(steps.close(fd), [fd], callback);
  },
  closeSync,
  copyFile: callbackForm(steps.copyFile),
  copyFileSync,
  cp: callbackForm(steps.cp),
  cpSync,
  createReadStream,
  createWriteStream,
  exists: function exists(path, callback) {
    if (typeof callback !== "function") throw invalidType("cb", "of type function", callback);
    runTo(steps.exists(path), (err, result) => callback(err ? false : result));
  },
  existsSync,
  fchmod: callbackForm(steps.fchmod),
  fchmodSync,
  fdatasync: callbackForm(steps.fsync),
  fdatasyncSync: fsyncSync,
  fstat: callbackForm(steps.fstat),
  fstatSync,
  fsync: callbackForm(steps.fsync),
  fsyncSync,
  ftruncate: callbackForm(steps.ftruncate),
  ftruncateSync,
  futimes: callbackForm(steps.futimes),
  futimesSync,
  lchown: callbackForm(steps.lchown),
  lchownSync,
  link: callbackForm(steps.link),
  linkSync,
  lstat: callbackForm(steps.lstat),
  lstatSync,
  lutimes: callbackForm(steps.lutimes),
  lutimesSync,
  mkdir: callbackForm(steps.mkdir),
  mkdirSync,
  mkdtemp: callbackForm(steps.mkdtemp),
  mkdtempSync,
  open: function open(path, flags, mode, callback) {
    const args = [path, flags, mode, callback].filter((a) => a !== undefined);
    const rest = takeCallback(args);
    runToCallback(steps.open(...rest), rest, args[args.length - 1]);
  },
  openSync,
  opendir: callbackForm(opendir),
  opendirSync,
  read: function read(fd, buffer, offset, length, position, callback) {
    const args = [...arguments];
    const cb = args.pop();
    if (typeof cb !== "function") throw invalidType("cb", "of type function", cb);
    if (args.length === 1 || (args.length === 2 && !ArrayBuffer.isView(args[1]))) {
      const o = args[1] || {};
      const buf = o.buffer || Buffer.alloc(16384);
      const readArgs = [fd, buf, o.offset || 0, o.length === undefined ? buf.byteLength - (o.offset || 0) : o.length, o.position === undefined ? null : o.position];
      return runToCallback(steps.read(...readArgs), readArgs, cb, readSpread);
    }
    runToCallback(steps.read(...args), args, cb, readSpread);
  },
  readSync,
  readdir: callbackForm(steps.readdir),
  readdirSync,
  readFile: callbackForm(steps.readFile),
  readFileSync,
  readlink: callbackForm(steps.readlink),
  readlinkSync,
  readv: callbackForm(steps.readv, (n, args) => [n, args[1]]),
  readvSync,
  realpath: Object.assign(callbackForm(steps.realpath), { native: callbackForm(steps.realpath) }),
  realpathSync,
  rename: callbackForm(steps.rename),
  renameSync,
  rm: callbackForm(steps.rm),
  rmSync,
  rmdir: callbackForm(steps.rmdir),
  rmdirSync,
  stat: callbackForm(steps.stat),
  statSync,
  symlink: callbackForm(steps.symlink),
  symlinkSync,
  truncate: callbackForm(steps.truncate),
  truncateSync,
  unlink: callbackForm(steps.unlink),
  unlinkSync,
  utimes: callbackForm(steps.utimes),
  utimesSync,
  write: function write(fd, data, ...rest) {
    const cb = rest.pop();
    if (typeof cb !== "function") throw invalidType("cb", "of type function", cb);
    const writeArgs = [fd, data, ...rest];
    runToCallback(steps.write(...writeArgs), writeArgs, cb, writeSpread);
  },
  writeSync,
  writeFile: callbackForm(steps.writeFile),
  writeFileSync,
  writev: callbackForm(steps.writev, (n, args) => [n, args[1]]),
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
