/**
 * `listen` for a network adapter that cannot open a listening socket (a
 * page's scripts cannot): the guest server gets a loopback address and a
 * port, and nothing is bound. The runtime still reaches it: the run's own
 * `fetch` / `http.request` to `127.0.0.1:<port>` / `localhost:<port>` and the
 * host's `runtime.network.fetch` are handed to guest servers directly (see
 * `net/guest-servers`), never through the adapter. Nothing outside the
 * runtime can connect, so `onRequest` is never called from here.
 * Environment-neutral (no `node:` imports).
 * @module
 */
import { codedError, ERRNO } from "../errors.js";
import { IPV6_LOOPBACK_NAMES } from "../net/guest-servers.js";
import type { ListeningServer, ListenOptions } from "../net/types.js";

/** The ports handed out for `port: 0`, as an OS's ephemeral range. */
const FIRST_EPHEMERAL_PORT = 49152;
const LAST_EPHEMERAL_PORT = 65535;

/** Node's EADDRINUSE for a port one of this adapter's guest servers already has. */
function addressInUse(address: string, port: number): Error {
  return codedError(Error, "EADDRINUSE", `listen EADDRINUSE: address already in use ${address}:${port}`, { errno: ERRNO.EADDRINUSE, syscall: "listen", address, port });
}

/**
 * Creates a `listen` that reserves ports in memory, one set per call (per
 * adapter): `port: 0` gets the next free port from 49152 up (wrapping), a
 * port already reserved fails with EADDRINUSE, and `close()` frees it. The
 * address is `::1` (family 6) when the guest asked for an IPv6 loopback name
 * (`::1`, `localhost6`, ...), else `127.0.0.1`, as the default adapter binds.
 */
export function createInRuntimeListen(): (options: ListenOptions) => Promise<ListeningServer> {
  const reserved = new Set<number>();
  let nextPort = FIRST_EPHEMERAL_PORT;

  const freePort = (): number => {
    for (let tried = 0; tried <= LAST_EPHEMERAL_PORT - FIRST_EPHEMERAL_PORT; tried++) {
      const port = nextPort;
      nextPort = port >= LAST_EPHEMERAL_PORT ? FIRST_EPHEMERAL_PORT : port + 1;
      if (!reserved.has(port)) return port;
    }
    throw codedError(Error, "EADDRINUSE", "listen EADDRINUSE: every port from 49152 to 65535 is taken by a guest server", { errno: ERRNO.EADDRINUSE, syscall: "listen" });
  };

  return async (options) => {
    if (options === null || typeof options !== "object") throw new TypeError("listen: options must be an object");
    if (typeof options.onRequest !== "function") throw new TypeError("listen: options.onRequest must be a function");
    const asked = options.port;
    if (!Number.isInteger(asked) || asked < 0 || asked > 65535) throw new RangeError(`listen: options.port must be an integer from 0 to 65535, got ${String(asked)}`);
    const family: 4 | 6 = IPV6_LOOPBACK_NAMES.has(String(options.hostname)) ? 6 : 4;
    const address = family === 6 ? "::1" : "127.0.0.1";
    if (asked !== 0 && reserved.has(asked)) throw addressInUse(address, asked);
    const port = asked === 0 ? freePort() : asked;
    reserved.add(port);
    let open = true;
    return {
      address,
      port,
      family,
      close: async () => {
        if (open) reserved.delete(port);
        open = false;
      },
    };
  };
}
