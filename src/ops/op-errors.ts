/**
 * The errors ops raise on the host, built one way: Node's system errors for
 * filesystem calls (`ENOENT: no such file or directory, open 'a.txt'`), the
 * mapping of whatever a filesystem or network adapter threw into those, and
 * the network failures with Node's fields (`address`, `port`, `hostname`).
 * Permission denials are not here: `demand` (permissions.ts) is the only way
 * one is raised. Coded errors that are not system errors come from
 * `codedError` and its family in `errors.ts`.
 * @module
 */
import { ERR_RESPONSE_TOO_LARGE, ERRNO, SystemError, codedError } from "../errors.js";
import { FsPathError } from "../fs/file-system.js";

/** libuv's descriptions, as Node prints them. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EBADF: "bad file descriptor",
  EEXIST: "file already exists",
  EFBIG: "file too large",
  EINVAL: "invalid argument",
  EIO: "i/o error",
  EISDIR: "illegal operation on a directory",
  ELOOP: "too many symbolic links encountered",
  EMFILE: "too many open files",
  ENAMETOOLONG: "name too long",
  ENOENT: "no such file or directory",
  ENOSPC: "no space left on device",
  ENOSYS: "function not implemented",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EXDEV: "cross-device link not permitted",
};

/** Context for turning a filesystem failure into Node's error. */
export interface ErrorContext {
  syscall: string;
  /** The guest's path, or undefined where Node's message names none. */
  path?: string;
  /** The second path of two-path calls (`rename 'a' -> 'b'`). */
  dest?: string;
}

/** Node's error for a failed call, e.g. `ENOENT: no such file or directory, open 'a.txt'`. */
export function systemError(code: string, at: ErrorContext, detail?: string): SystemError {
  const description = DESCRIPTIONS[code] ?? code.toLowerCase();
  let message = `${code}: ${description}, ${at.syscall}`;
  if (at.path !== undefined) message += ` '${at.path}'`;
  if (at.dest !== undefined) message += ` -> '${at.dest}'`;
  if (detail) message += ` (${detail})`;
  const error = new SystemError(code, message, { syscall: at.syscall, path: at.path });
  if (at.dest !== undefined) Object.assign(error, { dest: at.dest });
  return error;
}

/**
 * Maps anything a filesystem threw to Node's error. Errors with a POSIX code
 * get Node's message built from the code alone, so a filesystem's own message
 * (which may name host paths) never reaches the guest.
 */
export function mapFsError(error: unknown, at: ErrorContext): Error {
  if (error instanceof SystemError) return error;
  if (error instanceof FsPathError) return systemError(error.code, { syscall: error.syscall, path: error.path });
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) {
    const reason = (error as { reason?: unknown }).reason;
    return systemError(code, at, typeof reason === "string" ? reason : undefined);
  }
  if (error instanceof Error) return error;
  return new Error(String(error));
}

/** Runs a filesystem call and maps its failure. */
export async function call<T>(at: ErrorContext, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapFsError(error, at);
  }
}

/** The error of a file larger than one read may bring into the sandbox. */
export function fileTooLarge(size: number, limit: number, path: string | undefined): RangeError {
  return codedError(RangeError, "ERR_FS_FILE_TOO_LARGE", `File size (${size}) is greater than the sandbox's memory limit (${limit} bytes): ${path}`);
}

// ---- network ------------------------------------------------------------------------------------------

/**
 * A network failure as plain data with Node's fields. The http client and
 * server ops hand these to the guest as `{ error }` results and event values
 * rather than throwing them: a thrown error reaches the guest with only
 * name, message, code, errno, syscall, path and dest, and these need
 * `address`, `port` and `hostname` too.
 */
export interface NetErrorData {
  name: string;
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/**
 * What an adapter raised, as a network error: the error itself, or what it
 * wraps (`fetch failed` with a `cause`, an AggregateError of connection
 * attempts), with `errno` filled in from the code when the adapter left it out.
 */
export function adapterError(error: unknown): NetErrorData {
  let e = error as (Error & Record<string, unknown>) | undefined;
  if (e instanceof Error && e.message === "fetch failed" && e.cause instanceof Error) e = e.cause as Error & Record<string, unknown>;
  if (!(e instanceof Error)) return { name: "Error", message: String(error) };
  const first = Array.isArray(e.errors) && e.errors[0] instanceof Error ? (e.errors[0] as Error & Record<string, unknown>) : undefined;
  const pick = <T>(key: string, type: string): T | undefined =>
    (typeof e![key] === type ? e![key] : first !== undefined && typeof first[key] === type ? first[key] : undefined) as T | undefined;
  const out: NetErrorData = { name: e.name === "AggregateError" ? "Error" : e.name, message: e.message || first?.message || "" };
  const code = pick<string>("code", "string");
  if (code !== undefined) out.code = code;
  const errno = pick<number>("errno", "number") ?? (code !== undefined ? ERRNO[code] : undefined);
  if (errno !== undefined) out.errno = errno;
  for (const key of ["syscall", "address", "hostname"] as const) {
    const v = pick<string>(key, "string");
    if (v !== undefined) out[key] = v;
  }
  const port = pick<number>("port", "number");
  if (port !== undefined) out.port = port;
  if (out.message === "") out.message = code ?? "network error";
  return out;
}

/** An IPv4 or IPv6 literal. */
function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.includes(":");
}

/** Node's fields for a failed connection to `url`, where the adapter left them out. */
export function connectionError(error: unknown, url: URL, hostname: string): NetErrorData {
  const data = adapterError(error);
  if (data.code === "ECONNREFUSED" || data.code === "ETIMEDOUT" || data.code === "EHOSTUNREACH" || data.code === "ENETUNREACH") {
    data.syscall ??= "connect";
    if (data.address === undefined && isIpLiteral(hostname)) data.address = hostname;
    data.port ??= Number(url.port || (url.protocol === "https:" ? 443 : 80));
  }
  return data;
}

/** Node's listen error (`listen EADDRINUSE: address already in use 127.0.0.1:8080`) for what an adapter raised. */
export function listenError(error: unknown, hostname: string, port: number): NetErrorData {
  const data = adapterError(error);
  data.syscall ??= "listen";
  data.address ??= hostname;
  data.port ??= port;
  return data;
}

/** The error of a response body larger than the sandbox may hold (`limit` bytes). */
export function responseTooLarge(limit: number): NetErrorData {
  return { name: "Error", message: `The response body is larger than the sandbox memory limit (${limit} bytes)`, code: ERR_RESPONSE_TOO_LARGE };
}

/** Node's error for a failed name resolution, e.g. `getaddrinfo ENOTFOUND example.invalid`. */
export function getaddrinfoError(code: string, hostname: string): Error {
  const shown = code === "EAI_NODATA" || code === "ENODATA" ? "ENOTFOUND" : code;
  return codedError(Error, shown, `getaddrinfo ${shown} ${hostname}`, {
    errno: ERRNO[code === "ENODATA" ? "EAI_NODATA" : code],
    syscall: "getaddrinfo",
    hostname,
  });
}

/** The getaddrinfo failure codes Node reports by name. */
export const GETADDRINFO_CODES: ReadonlySet<string> = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ENODATA"]);
