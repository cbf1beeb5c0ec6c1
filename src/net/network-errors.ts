/**
 * The errors network adapters raise themselves, shared by the default
 * adapter (Node) and the browser's fetch adapter: their `code`s and how they
 * are made. Environment-neutral (no `node:` imports).
 * @module
 */
import { ERR_RESPONSE_TOO_LARGE, SystemError } from "../errors.js";

/** The `code` of each error the default adapter raises itself. */
export const NETWORK_ERROR_CODES = {
  /** A target address is not public and the host did not allow it; nothing was sent. */
  addressRefused: "ERR_QUICKEXEC_ADDRESS_REFUSED",
  /** The response body (or, for `listen`, the request body) is larger than `maxResponseBytes`. */
  responseTooLarge: ERR_RESPONSE_TOO_LARGE,
  /** More redirects than `maxRedirects`. */
  tooManyRedirects: "ERR_QUICKEXEC_TOO_MANY_REDIRECTS",
  /** A redirect answered a request made with `redirect: "error"`. */
  unexpectedRedirect: "ERR_QUICKEXEC_UNEXPECTED_REDIRECT",
  /** A URL (or a redirect's `Location`) that is not `http:` or `https:`. */
  unsupportedProtocol: "ERR_QUICKEXEC_UNSUPPORTED_PROTOCOL",
  /** The request took longer than `timeoutMs` (name resolution, connection, redirects and body included). */
  timeout: "ETIMEDOUT",
  /** The request's signal was aborted (the error's `name` is `AbortError`). */
  aborted: "ABORT_ERR",
  /** The resolver found no address for the hostname. */
  notFound: "ENOTFOUND",
} as const;

/** An Error with a `code` (and `errno` when it is a system code), optionally renamed and with a `cause`. */
export function networkError(code: string, message: string, name?: string, cause?: unknown): SystemError {
  const error = new SystemError(code, message);
  if (name !== undefined) error.name = name;
  if (cause !== undefined) Object.defineProperty(error, "cause", { value: cause, configurable: true, writable: true });
  return error;
}

/** The error a request fails with when its signal is aborted (`AbortError`, code `ABORT_ERR`, the signal's reason as `cause`). */
export function abortError(reason: unknown): SystemError {
  return networkError(NETWORK_ERROR_CODES.aborted, "The operation was aborted", "AbortError", reason);
}
