/**
 * The network of a conformance run: loopback only. Guest servers listen on
 * the host's loopback and the guest's own clients reach them; names resolve
 * only when they are loopback names, and every outgoing connection the
 * adapter would open is refused without a packet being sent (the connector
 * hands back a socket that fails with ECONNREFUSED).
 * @module
 */
import net from "node:net";
import { createDefaultNetworkAdapter } from "../../dist/src/index.js";

const LOOPBACK = new Map([["localhost", [{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }]], ["127.0.0.1", [{ address: "127.0.0.1", family: 4 }]], ["::1", [{ address: "::1", family: 6 }]]]);

/** Resolves loopback names only; anything else is ENOTFOUND without asking a resolver. */
async function lookup(hostname) {
  const found = LOOPBACK.get(hostname);
  if (found) return found;
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", syscall: "getaddrinfo", hostname });
}

/** Never connects: a socket that fails as a refused connection would. */
function connect(options) {
  const socket = new net.Socket();
  process.nextTick(() => socket.destroy(Object.assign(new Error(`connect ECONNREFUSED ${options.address}:${options.port}`), { code: "ECONNREFUSED", syscall: "connect", address: options.address, port: options.port })));
  return socket;
}

/** A network adapter for one run. */
export function createConformanceNetwork() {
  return createDefaultNetworkAdapter({ lookup, connect });
}
