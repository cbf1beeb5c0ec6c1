/**
 * Node-style errors raised by ops on the host and handed to the guest.
 * @module
 */
import type { SerializedError } from "./engine/protocol.js";

/**
 * errno values of every code quickexec raises or passes on (Linux numbering,
 * and libuv's for the getaddrinfo codes, as Node reports them): the one
 * table the filesystem, child-process, network and dns errors all use.
 */
export const ERRNO: Readonly<Record<string, number>> = {
  EPERM: -1, ENOENT: -2, EIO: -5, EBADF: -9, EAGAIN: -11, ENOMEM: -12, EACCES: -13, EEXIST: -17,
  ENOTDIR: -20, EISDIR: -21, EINVAL: -22, EMFILE: -24, EFBIG: -27, ENOSPC: -28, ENOTEMPTY: -39, ELOOP: -40, ENOSYS: -38,
  EPIPE: -32, EADDRINUSE: -98, EADDRNOTAVAIL: -99, ENETUNREACH: -101, ECONNABORTED: -103, ECONNRESET: -104, ENOBUFS: -105,
  ETIMEDOUT: -110, ECONNREFUSED: -111, EHOSTUNREACH: -113,
  ENOTSUP: -95, ENOTFOUND: -3008, EAI_AGAIN: -3001, EAI_FAIL: -3007, EAI_NODATA: -3007,
};

/** The `code` of the error raised when a response body is larger than the sandbox (or the adapter) may hold. */
export const ERR_RESPONSE_TOO_LARGE = "ERR_QUICKEXEC_RESPONSE_TOO_LARGE";

/**
 * An error of class `Ctor` with Node's `code` and any further fields
 * (`errno`, `syscall`, ...): the one way the host builds a coded error that
 * is not a {@link SystemError}.
 */
export function codedError<E extends Error>(Ctor: new (message: string) => E, code: string, message: string, fields?: Record<string, unknown>): E {
  const error = Object.assign(new Ctor(message), { code });
  return fields === undefined ? error : Object.assign(error, fields);
}

/** Node's `ERR_INVALID_ARG_TYPE` (a TypeError). */
export function invalidArgType(message: string): TypeError {
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE", message);
}

/** Node's `ERR_INVALID_ARG_VALUE` (a TypeError). */
export function invalidArgValue(message: string): TypeError {
  return codedError(TypeError, "ERR_INVALID_ARG_VALUE", message);
}

/** Node's `ERR_OUT_OF_RANGE` (a RangeError). */
export function outOfRange(message: string): RangeError {
  return codedError(RangeError, "ERR_OUT_OF_RANGE", message);
}

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

/** `get()`, or `fallback` if it throws. */
function attempt<T>(get: () => T, fallback: T): T {
  try {
    return get();
  } catch {
    return fallback;
  }
}

/** A network error's `port` as a number: a finite number, or a string of decimal digits; anything else is dropped. */
function portOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^\d{1,10}$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Converts anything thrown on the host into the plain form sent to the guest:
 * name, message and Node's fields (`code`, `errno`, `syscall`, `path`,
 * `dest`, and a network error's `address`, `port`, `hostname`), each a
 * primitive of its type (never an object), nothing else. Never throws: a thrown Proxy, a getter that throws or a `toString` that
 * throws gives a plainer description instead (an op's outcome must always be
 * a value the transport can carry).
 */
export function serializeError(error: unknown): SerializedError {
  if (attempt(() => error instanceof Error, false)) {
    const field = (key: string): unknown => attempt(() => (error as Record<string, unknown>)[key], undefined);
    const name = field("name");
    const message = field("message");
    const out: SerializedError = {
      name: typeof name === "string" ? name : "Error",
      message: typeof message === "string" ? message : attempt(() => String(message), "(an error message that cannot be shown)"),
    };
    const code = field("code");
    const errno = field("errno");
    if (typeof code === "string") out.code = code;
    if (typeof errno === "number") out.errno = errno;
    for (const key of ["syscall", "path", "dest", "address", "hostname"] as const) {
      const value = field(key);
      if (typeof value === "string") out[key] = value;
    }
    const port = portOf(field("port"));
    if (port !== undefined) out.port = port;
    return out;
  }
  return { name: "Error", message: attempt(() => String(error), "(a thrown value that cannot be shown as text)") };
}
