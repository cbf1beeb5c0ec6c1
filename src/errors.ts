/**
 * Node-style errors raised by ops on the host and handed to the guest.
 * @module
 */
import type { SerializedError } from "./engine/protocol.js";

/** errno values for the codes quickexec raises (Linux numbering, as Node reports them). */
export const ERRNO: Readonly<Record<string, number>> = {
  EPERM: -1, ENOENT: -2, EIO: -5, EBADF: -9, EAGAIN: -11, ENOMEM: -12, EACCES: -13, EEXIST: -17,
  ENOTDIR: -20, EISDIR: -21, EINVAL: -22, EMFILE: -24, EFBIG: -27, ENOSPC: -28, ENOTEMPTY: -39, ELOOP: -40, ENOSYS: -38,
};

/** An error with Node's `code`, `errno`, `syscall` and `path` fields. */
export class SystemError extends Error {
  readonly code: string;
  readonly errno: number | undefined;
  readonly syscall: string | undefined;
  readonly path: string | undefined;

  constructor(code: string, message: string, details: { syscall?: string; path?: string } = {}) {
    super(message);
    this.name = "Error";
    this.code = code;
    this.errno = ERRNO[code];
    this.syscall = details.syscall;
    this.path = details.path;
  }
}

/** Converts anything thrown on the host into the plain form sent to the guest. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; errno?: unknown; syscall?: unknown; path?: unknown; dest?: unknown };
    const out: SerializedError = { name: typeof e.name === "string" ? e.name : "Error", message: String(e.message) };
    if (typeof e.code === "string") out.code = e.code;
    if (typeof e.errno === "number") out.errno = e.errno;
    if (typeof e.syscall === "string") out.syscall = e.syscall;
    if (typeof e.path === "string") out.path = e.path;
    if (typeof e.dest === "string") out.dest = e.dest;
    return out;
  }
  return { name: "Error", message: String(error) };
}
