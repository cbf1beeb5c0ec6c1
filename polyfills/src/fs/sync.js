// The sync forms of node:fs: each runs its steps (./steps.js) with synchronous host calls.
/* global require */
import { toPath } from "./args.js";
import { makeStats } from "./stats.js";
import { runSync, syncForm } from "./io.js";
import * as steps from "./steps.js";

const accessSync = syncForm("accessSync", steps.access);
const appendFileSync = syncForm("appendFileSync", steps.appendFile);
const chmodSync = syncForm("chmodSync", steps.chmod);
const chownSync = syncForm("chownSync", steps.chown);
const closeSync = syncForm("closeSync", steps.close);
const copyFileSync = syncForm("copyFileSync", steps.copyFile);
const cpSync = syncForm("cpSync", steps.cp);
const existsSync = syncForm("existsSync", steps.exists);
const fchmodSync = syncForm("fchmodSync", steps.fchmod);
const fstatSync = syncForm("fstatSync", steps.fstat);
const fsyncSync = syncForm("fsyncSync", steps.fsync);
const ftruncateSync = syncForm("ftruncateSync", steps.ftruncate);
const futimesSync = syncForm("futimesSync", steps.futimes);
const lchownSync = syncForm("lchownSync", steps.lchown);
const linkSync = syncForm("linkSync", steps.link);
const lstatSync = syncForm("lstatSync", steps.lstat);
const lutimesSync = syncForm("lutimesSync", steps.lutimes);
const mkdirSync = syncForm("mkdirSync", steps.mkdir);
const mkdtempSync = syncForm("mkdtempSync", steps.mkdtemp);
const openSync = syncForm("openSync", steps.open);
const readFileSync = syncForm("readFileSync", steps.readFile);
const readSync = syncForm("readSync", steps.read);
const readdirSync = syncForm("readdirSync", steps.readdir);
const readlinkSync = syncForm("readlinkSync", steps.readlink);
const readvSync = syncForm("readvSync", steps.readv);
const realpathSync = syncForm("realpathSync", steps.realpath);
realpathSync.native = realpathSync;
const renameSync = syncForm("renameSync", steps.rename);
const rmSync = syncForm("rmSync", steps.rm);
const rmdirSync = syncForm("rmdirSync", steps.rmdir);
const statSync = syncForm("statSync", steps.stat);
const symlinkSync = syncForm("symlinkSync", steps.symlink);
const truncateSync = syncForm("truncateSync", steps.truncate);
const unlinkSync = syncForm("unlinkSync", steps.unlink);
const utimesSync = syncForm("utimesSync", steps.utimes);
const writeFileSync = syncForm("writeFileSync", steps.writeFile);
const writeSync = syncForm("writeSync", steps.write);
const writevSync = syncForm("writevSync", steps.writev);

/** All of a descriptor's bytes, read synchronously. */
function readAllFromFd(fd) {
  return runSync(steps.readAllFromFd(fd));
}

/** Writes all of `bytes` to a descriptor synchronously. */
function writeAllToFd(fd, bytes) {
  return runSync(steps.writeAllToFd(fd, bytes));
}

// fs.watch, watchFile and promises.watch poll (internal/fs_watch, loaded on first use).
let watchModule = null;
function watching() {
  if (!watchModule) watchModule = require("internal/fs_watch", true).bind({ statSync, lstatSync, readdirSync, toPath, makeStats });
  return watchModule;
}

export { accessSync, appendFileSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, existsSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, openSync, readAllFromFd, readFileSync, readSync, readdirSync, readlinkSync, readvSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, watching, writeAllToFd, writeFileSync, writeSync, writevSync };
