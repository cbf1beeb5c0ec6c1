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

/** Node's fields of a network error besides its name and message (each crosses to the guest: `serializeError`). */
interface NetErrorFields {
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** An Error named `name` (when not "Error") with `fields` as own data properties: a network failure as the ops throw it. */
function networkFailure(name: string, message: string, fields: NetErrorFields): Error {
  const error = new Error(message);
  if (name !== "Error") error.name = name;
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(error, { [key]: value });
  return error;
}

/**
 * Node's name, message and fields of what an adapter raised: the error
 * itself, or what it wraps (`fetch failed` with a `cause`, an AggregateError
 * of connection attempts), with `errno` filled in from the code when the
 * adapter left it out.
 */
function adapterFields(error: unknown): { name: string; message: string; fields: NetErrorFields } {
  let e = error as (Error & Record<string, unknown>) | undefined;
  if (e instanceof Error && e.message === "fetch failed" && e.cause instanceof Error) e = e.cause as Error & Record<string, unknown>;
  if (!(e instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const first = Array.isArray(e.errors) && e.errors[0] instanceof Error ? (e.errors[0] as Error & Record<string, unknown>) : undefined;
  const pick = <T>(key: string, type: string): T | undefined =>
    (typeof e![key] === type ? e![key] : first !== undefined && typeof first[key] === type ? first[key] : undefined) as T | undefined;
  const code = pick<string>("code", "string");
  const fields: NetErrorFields = {
    code,
    errno: pick<number>("errno", "number") ?? (code !== undefined ? ERRNO[code] : undefined),
    syscall: pick<string>("syscall", "string"),
    address: pick<string>("address", "string"),
    port: pick<number>("port", "number"),
    hostname: pick<string>("hostname", "string"),
  };
  const message = e.message || first?.message || (code ?? "network error");
  return { name: e.name === "AggregateError" ? "Error" : e.name, message, fields };
}

/** What an adapter raised, as a network error with Node's fields (see {@link adapterFields}). */
export function adapterError(error: unknown): Error {
  const { name, message, fields } = adapterFields(error);
  return networkFailure(name, message, fields);
}

/** An IPv4 or IPv6 literal. */
function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.includes(":");
}

/** Node's error for a failed connection to `url` (`connect ECONNREFUSED 127.0.0.1:1`), with the fields the adapter left out. */
export function connectionError(error: unknown, url: URL, hostname: string): Error {
  const { name, message, fields } = adapterFields(error);
  if (fields.code === "ECONNREFUSED" || fields.code === "ETIMEDOUT" || fields.code === "EHOSTUNREACH" || fields.code === "ENETUNREACH") {
    fields.syscall ??= "connect";
    if (fields.address === undefined && isIpLiteral(hostname)) fields.address = hostname;
    fields.port ??= Number(url.port || (url.protocol === "https:" ? 443 : 80));
  }
  return networkFailure(name, message, fields);
}

/**
 * Node's listen error (`listen EADDRINUSE: address already in use
 * 127.0.0.1:8080`) for what an adapter raised: always an `Error`, as
 * Node's are, whatever the adapter's error was named.
 */
export function listenError(error: unknown, hostname: string, port: number): Error {
  const { message, fields } = adapterFields(error);
  fields.syscall ??= "listen";
  fields.address ??= hostname;
  fields.port ??= port;
  return networkFailure("Error", message, fields);
}

/** Node's EADDRINUSE for a port one of the run's own servers already listens on. */
export function addressInUse(hostname: string, port: number): Error {
  return networkFailure("Error", `listen EADDRINUSE: address already in use ${hostname}:${port}`, {
    code: "EADDRINUSE",
    errno: ERRNO.EADDRINUSE,
    syscall: "listen",
    address: hostname,
    port,
  });
}

/** The error of a response body larger than the sandbox may hold (`limit` bytes). */
export function responseTooLarge(limit: number): Error {
  return codedError(Error, ERR_RESPONSE_TOO_LARGE, `The response body is larger than the sandbox memory limit (${limit} bytes)`);
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
