// The sync forms of node:fs: each runs its steps (./steps.js) with synchronous host calls
// (the busiest make their one call directly in the common case: ./fast-sync.js).
/* global require */
import { toPath } from "./args.js";
import { makeStats } from "./stats.js";
import { runSync, syncForm } from "./io.js";
import * as steps from "./steps.js";
import { accessSync, existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from "./fast-sync.js";

const appendFileSync = syncForm("appendFileSync", steps.appendFile);
const chmodSync = syncForm("chmodSync", steps.chmod);
const chownSync = syncForm("chownSync", steps.chown);
const closeSync = syncForm("closeSync", steps.close);
const copyFileSync = syncForm("copyFileSync", steps.copyFile);
const cpSync = syncForm("cpSync", steps.cp);
const fchmodSync = syncForm("fchmodSync", steps.fchmod);
const fstatSync = syncForm("fstatSync", steps.fstat);
const fsyncSync = syncForm("fsyncSync", steps.fsync);
const ftruncateSync = syncForm("ftruncateSync", steps.ftruncate);
const futimesSync = syncForm("futimesSync", steps.futimes);
const lchownSync = syncForm("lchownSync", steps.lchown);
const linkSync = syncForm("linkSync", steps.link);
const lutimesSync = syncForm("lutimesSync", steps.lutimes);
const mkdirSync = syncForm("mkdirSync", steps.mkdir);
const mkdtempSync = syncForm("mkdtempSync", steps.mkdtemp);
const openSync = syncForm("openSync", steps.open);
const readSync = syncForm("readSync", steps.read);
const readlinkSync = syncForm("readlinkSync", steps.readlink);
const readvSync = syncForm("readvSync", steps.readv);
realpathSync.native = realpathSync;
const renameSync = syncForm("renameSync", steps.rename);
const rmSync = syncForm("rmSync", steps.rm);
const rmdirSync = syncForm("rmdirSync", steps.rmdir);
const symlinkSync = syncForm("symlinkSync", steps.symlink);
const truncateSync = syncForm("truncateSync", steps.truncate);
const unlinkSync = syncForm("unlinkSync", steps.unlink);
const utimesSync = syncForm("utimesSync", steps.utimes);
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
