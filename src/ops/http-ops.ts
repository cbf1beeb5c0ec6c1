/**
 * Ops of the guest's `http`/`https` clients: `http.request` (checked as an
 * `http` network request, then `NetworkAdapter.httpRequest` with redirects
 * left to the guest, or the run's own guest server for a loopback URL naming
 * one of its ports) and `http.abort`.
 *
 * The op resolves with the response head and, when the adapter gave the body
 * whole, the body; a streamed body goes to the request's guest handle as
 * "data" events, then "end" (or "error"). Bodies are bounded by the sandbox
 * memory limit. Failures are thrown like every op's, adapter failures as
 * Node's network errors (`connect ECONNREFUSED 127.0.0.1:1`, with `address`
 * and `port`); a streamed body's failure is the handle's "error" event.
 * @module
 */
import type { NetworkRequest, NetworkResponse } from "../net/types.js";
import { dispatchToGuestServer } from "../net/guest-servers.js";
import { headerPairsArg, httpUrlArg, intArg, optionalBytesArg, stringArg } from "./coerce.js";
import { serializeError } from "../errors.js";
import { abortError } from "../net/network-errors.js";
import { adapterError, connectionError, responseTooLarge } from "./op-errors.js";
import { adapterFor, demandNetwork, hostnameOf } from "./net-access.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";
import { ownedBytes } from "../bytes.js";

/** Feeds a streamed body to the guest handle, bounded; stops when the request is aborted. */
async function pump(ctx: OpContext, handleId: number, body: AsyncIterable<Uint8Array>, controller: AbortController, release: () => void): Promise<void> {
  let total = 0;
  try {
    for await (const chunk of body) {
      if (controller.signal.aborted) return;
      total += chunk.byteLength;
      if (total > ctx.maxReadBytes) {
        controller.abort();
        ctx.emit(handleId, "error", serializeError(responseTooLarge(ctx.maxReadBytes)));
        return;
      }
      ctx.emit(handleId, "data", ownedBytes(chunk));
    }
    if (!controller.signal.aborted) ctx.emit(handleId, "end");
  } catch (error) {
    if (!controller.signal.aborted) ctx.emit(handleId, "error", serializeError(adapterError(error)));
  } finally {
    release();
  }
}

const request: Op = async (ctx, args) => {
  const handleId = intArg(args[0], "handle");
  const url = httpUrlArg(args[1]);
  const method = stringArg(args[2], "method").toUpperCase();
  const headers = headerPairsArg(args[3], "headers");
  const body = optionalBytesArg(args[4], "body");
  const hostname = hostnameOf(url);
  const own = ctx.run.guestServers.serverFor(ctx.run, url);
  const adapter = own === undefined ? adapterFor(ctx, "httpRequest", `${url.protocol.slice(0, -1)}.request()`) : undefined;
  demandNetwork(ctx, { op: "http", url: url.href, method, hostname });

  const controller = new AbortController();
  ctx.resources.set(handleId, controller);
  const unregister = ctx.onRunEnd(() => controller.abort());
  const release = () => {
    unregister();
    if (ctx.resources.get(handleId) === controller) ctx.resources.delete(handleId);
  };
  const outgoing: NetworkRequest = { url: url.href, method, headers, body, redirect: "manual", signal: controller.signal };
  let response: NetworkResponse;
  try {
    response = own !== undefined ? await dispatchToGuestServer(own, outgoing) : await adapter!.httpRequest(outgoing);
  } catch (error) {
    release();
    if (controller.signal.aborted) throw abortError(undefined);
    throw connectionError(error, url, hostname);
  }
  const head = {
    status: Number(response.status),
    statusText: String(response.statusText ?? ""),
    headers: headerPairsArg(response.headers, "response.headers"),
    httpVersion: String(response.httpVersion ?? "1.1"),
  };
  if (response.body instanceof Uint8Array) {
    release();
    if (response.body.byteLength > ctx.maxReadBytes) throw responseTooLarge(ctx.maxReadBytes);
    return { ...head, body: ownedBytes(response.body) };
  }
  // Streamed: the chunks follow the head, once the guest has it.
  const stream = response.body;
  setTimeout(() => void pump(ctx, handleId, stream, controller, release), 0);
  return { ...head, streaming: true };
};

const abort: Op = (ctx, args) => {
  const controller = ctx.resources.get(intArg(args[0], "handle"));
  if (!(controller instanceof AbortController)) return false;
  controller.abort();
  return true;
};

/** The ops of the guest's http/https clients, for the op table. */
export const httpOps: OpFamily = {
  "http.request": request,
  "http.abort": abort,
};
