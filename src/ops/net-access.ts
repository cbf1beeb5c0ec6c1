/**
 * What every network op does before it calls the adapter: make sure there is
 * an adapter able to do it, and ask the `network` permission with the request
 * fully described (`hostname` filled for every op, so a check can filter by
 * host).
 * @module
 */
import { codedError } from "../errors.js";
import { demand } from "../permissions.js";
import type { NetworkAccessRequest } from "../types.js";
import type { NetworkAdapter } from "../net/types.js";
import type { OpContext } from "./op-context.js";

/**
 * The run's network adapter, holding `method`; throws a clear error when the
 * driver has none (or it cannot do this).
 * @param api what the guest called, for the message (e.g. `fetch`, `http.request`).
 */
export function adapterFor<K extends keyof NetworkAdapter>(ctx: OpContext, method: K, api: string): NetworkAdapter & Required<Pick<NetworkAdapter, K>> {
  const adapter = ctx.network;
  if (!adapter) {
    throw codedError(
      Error,
      "ERR_QUICKEXEC_NO_NETWORK",
      `${api} is not available: network access is not configured (pass useDefaultNetwork: true or a networkAdapter to createNodeDriver)`,
    );
  }
  if (typeof adapter[method] !== "function") {
    throw codedError(Error, "ERR_QUICKEXEC_NO_NETWORK", `${api} is not available: the network adapter has no ${String(method)}()`);
  }
  return adapter as NetworkAdapter & Required<Pick<NetworkAdapter, K>>;
}

/** The hostname a request names, without IPv6 brackets (`[::1]` → `::1`). */
export function hostnameOf(url: URL): string {
  const host = url.hostname;
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * Asks the `network` permission; on a denial throws an EACCES error naming
 * the operation and target and the check's reason (code, errno, syscall:
 * the guest's dns adds the `hostname` it asked for, as Node's dns errors
 * have one).
 */
export function demandNetwork(ctx: OpContext, request: NetworkAccessRequest & { hostname: string }): void {
  demand(ctx.permissions, "network", request, { syscall: request.op, subject: request.url ?? request.hostname });
}
