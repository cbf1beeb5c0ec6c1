/**
 * Filesystem ops on descriptors: open, close, read, write, fstat, ftruncate,
 * fsync. `open` asks the `fs` permission (op `open`, then `read` / `write`
 * as the flags need) and keeps the {@link FileHandle} the filesystem gives
 * in the run's descriptor table; every later call asks again for where the
 * file is now if a symbolic link was put in its way, then makes one call on
 * the handle.
 * @module
 */
import type { FsOperation } from "../types.js";
import type { FileHandle, OpenOptions } from "../fs/file-system.js";
import { demand } from "../permissions.js";
import { invalidArgValue } from "../errors.js";
import { authorize, realLocation } from "./fs-access.js";
import { requireDirectory, statOut } from "./fs-file-ops.js";
import { bytesArg, intArg, pathArg, stringArg } from "./coerce.js";
import { call, systemError, type ErrorContext } from "./op-errors.js";
import type { Op, OpContext, OpenFile, OpFamily } from "./op-context.js";

/** Open files per run (Node's default soft limit). */
const MAX_OPEN_FILES = 1024;
/** The first descriptor handed out (0-2 are stdio). */
const FIRST_FD = 3;

/** Node's string flags. */
const KNOWN_FLAGS = ["r", "rs", "sr", "r+", "rs+", "sr+", "w", "wx", "xw", "w+", "wx+", "xw+", "a", "ax", "xa", "as", "sa", "a+", "ax+", "xa+", "as+", "sa+"];

/** Parses Node's string flags. */
function flagsArg(value: unknown): OpenOptions {
  const flags = value === undefined ? "r" : stringArg(value, "flags");
  if (!KNOWN_FLAGS.includes(flags)) throw invalidArgValue(`The argument 'flags' is invalid. Received '${flags}'`);
  const plus = flags.includes("+");
  const kind = flags.replace(/[sx+]/g, "");
  return {
    read: kind === "r" || plus,
    write: kind !== "r" || plus,
    create: kind !== "r",
    truncate: kind === "w",
    createNew: flags.includes("x"),
    append: kind === "a",
  };
}

/**
 * Where an open file is now. The descriptor holds the path checked when it
 * was opened; a symbolic link put there since (in place of the file, or of
 * a directory above it) would send the call elsewhere, so that place is
 * asked of the `fs` permission with `op`, as a path call would ask it: a
 * descriptor never carries an allowed path to a denied file.
 */
async function checkLocation(ctx: OpContext, file: OpenFile, op: FsOperation, at: ErrorContext): Promise<void> {
  const real = await call(at, () => realLocation(ctx.fs, file.path, true));
  if (real !== file.path) demand(ctx.permissions, "fs", { op, path: real }, { syscall: at.syscall, subject: "" });
}

/** The open file a descriptor argument names (EBADF if none). */
function fileOf(ctx: OpContext, value: unknown, syscall: string): OpenFile {
  const fd = typeof value === "number" ? value : NaN;
  const file = ctx.fds.get(fd);
  if (!file) throw systemError("EBADF", { syscall });
  return file;
}

/** `fs.open(path, flags, mode)`: asks `open`, and `read` / `write` as the flags need. */
const open: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const flags = flagsArg(args[1]);
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "open", p, at);
  if (flags.read) await authorize(ctx, "read", p, at);
  if (flags.write) await authorize(ctx, "write", p, at);
  if (ctx.fds.size >= MAX_OPEN_FILES) throw systemError("EMFILE", at);
  if (p.mustBeDir) await requireDirectory(ctx, real, at, flags.create ? "EISDIR" : "ENOENT");
  const handle = await call(at, () => ctx.fs.open(real, flags));
  const release = ctx.onRunEnd(() => closeQuietly(handle));
  let fd = FIRST_FD;
  while (ctx.fds.has(fd)) fd++;
  ctx.fds.set(fd, { path: real, handle, release, readable: flags.read, writable: flags.write, append: flags.append, position: 0 });
  return fd;
};

/** Closes a handle; nothing the guest could act on is left, so a failure to release is the filesystem's own business. */
function closeQuietly(handle: FileHandle): void {
  handle.close().catch(() => {});
}

/** `fs.close(fd)`. */
const close: Op = (ctx, args) => {
  const file = fileOf(ctx, args[0], "close");
  ctx.fds.delete(args[0] as number);
  file.release();
  closeQuietly(file.handle);
};

/** `fs.read(fd, length, position)`: bytes read (position null: the file position, which advances). */
const read: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "read");
  if (!file.readable) throw systemError("EBADF", { syscall: "read" });
  const length = intArg(args[1], "length");
  const explicit = args[2] === null || args[2] === undefined || args[2] === -1 ? null : intArg(args[2], "position");
  const at = { syscall: "read" };
  await checkLocation(ctx, file, "read", at);
  const bytes = await call(at, () => file.handle.read(explicit ?? file.position, Math.min(length, ctx.maxReadBytes)));
  if (explicit === null) file.position += bytes.byteLength;
  return bytes;
};

/** `fs.write(fd, data, position)`: bytes written. */
const write: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "write");
  if (!file.writable) throw systemError("EBADF", { syscall: "write" });
  const data = bytesArg(args[1], "buffer");
  const explicit = args[2] === null || args[2] === undefined ? null : intArg(args[2], "position");
  const at = { syscall: "write" };
  await checkLocation(ctx, file, "write", at);
  // Writing no bytes changes nothing, wherever it is aimed (a real file is not extended by it either).
  if (data.byteLength === 0) return 0;
  const where = file.append ? "end" : (explicit ?? file.position);
  const position = await call(at, () => file.handle.write(where, data, { maxGrowth: ctx.maxReadBytes }));
  if (explicit === null || file.append) file.position = position + data.byteLength;
  return data.byteLength;
};

/** `fs.fstat(fd)`. */
const fstat: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "fstat");
  const at = { syscall: "fstat" };
  await checkLocation(ctx, file, "stat", at);
  return statOut(await call(at, () => file.handle.stat()));
};

/** `fs.ftruncate(fd, length)`. */
const ftruncate: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "ftruncate");
  if (!file.writable) throw systemError("EINVAL", { syscall: "ftruncate" });
  const length = Math.max(0, intArg(args[1], "len", 0));
  const at = { syscall: "ftruncate" };
  await checkLocation(ctx, file, "write", at);
  await call(at, () => file.handle.truncate(length, { maxGrowth: ctx.maxReadBytes }));
};

/** `fs.fsync(fd)` and friends: validates the descriptor (writes are already durable in the filesystem). */
const fsync: Op = (ctx, args) => {
  fileOf(ctx, args[0], "fsync");
};

/** The descriptor ops by name. */
export const fdOps: OpFamily = {
  "fs.open": open,
  "fs.close": close,
  "fs.read": read,
  "fs.write": write,
  "fs.fstat": fstat,
  "fs.ftruncate": ftruncate,
  "fs.fsync": fsync,
};
