/**
 * What every network op does before it calls the adapter: make sure there is
 * an adapter able to do it, and ask the `network` permission with the request
 * fully described (`hostname` filled for every op, so a check can filter by
 * host).
 * @module
 */
import { ask } from "../permissions.js";
import type { NetworkAccessRequest } from "../types.js";
import type { NetworkAdapter } from "../net/types.js";
import type { OpContext } from "./op-context.js";

/** An error with a Node-style `code`. */
function codedError(message: string, code: string, Ctor: ErrorConstructor = Error): Error {
  return Object.assign(new Ctor(message), { code });
}

/**
 * The run's network adapter, holding `method`; throws a clear error when the
 * driver has none (or it cannot do this).
 * @param api what the guest called, for the message (e.g. `fetch`, `http.request`).
 */
export function adapterFor<K extends keyof NetworkAdapter>(ctx: OpContext, method: K, api: string): NetworkAdapter & Required<Pick<NetworkAdapter, K>> {
  const adapter = ctx.network;
  if (!adapter) {
    throw codedError(
      `${api} is not available: network access is not configured (pass useDefaultNetwork: true or a networkAdapter to createNodeDriver)`,
      "ERR_QUICKEXEC_NO_NETWORK",
    );
  }
  if (typeof adapter[method] !== "function") {
    throw codedError(`${api} is not available: the network adapter has no ${String(method)}()`, "ERR_QUICKEXEC_NO_NETWORK");
  }
  return adapter as NetworkAdapter & Required<Pick<NetworkAdapter, K>>;
}

/** Parses a guest URL (absolute http: or https: only); throws Node's ERR_INVALID_URL / ERR_INVALID_PROTOCOL. */
export function httpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw codedError(`Invalid URL: ${value}`, "ERR_INVALID_URL", TypeError);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw codedError(`Protocol "${url.protocol}" not supported. Expected "http:" or "https:"`, "ERR_INVALID_PROTOCOL", TypeError);
  }
  return url;
}

/** The hostname a request names, without IPv6 brackets (`[::1]` → `::1`). */
export function hostnameOf(url: URL): string {
  const host = url.hostname;
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * Asks the `network` permission; on a denial throws an EACCES error naming
 * the operation and target and the check's reason.
 */
export function demandNetwork(ctx: OpContext, request: NetworkAccessRequest & { hostname: string }): void {
  const outcome = ask(ctx.permissions, "network", request);
  if (outcome.allowed) return;
  const target = request.url ?? request.hostname;
  const error = codedError(`EACCES: permission denied, ${request.op} ${target} (${outcome.reason})`, "EACCES");
  Object.assign(error, { errno: -13, syscall: request.op, hostname: request.hostname });
  throw error;
}
