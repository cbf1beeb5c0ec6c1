/**
 * `dns.lookup` where there is no resolver: a page's scripts cannot resolve
 * names (the browser resolves them itself when `fetch` connects). IP literals
 * and the loopback names (`localhost`, `*.localhost`, which browsers map to
 * loopback themselves) are answered; every other name fails with `ENOTSUP`,
 * without any query. Environment-neutral (no `node:` imports).
 * @module
 */
import { codedError, ERRNO } from "../errors.js";
import type { DnsAddress, DnsLookupOptions } from "../net/types.js";

/** The `code` of the error for a name that cannot be resolved here. */
export const DNS_UNAVAILABLE = "ENOTSUP";

/** A dotted-quad IPv4 address, each part 0-255 without leading zeros (as Node's `net.isIPv4`). */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

/** 4 or 6 for an IP address literal (IPv6 with or without brackets, no zone), else 0. */
export function ipFamilyOf(hostname: string): 0 | 4 | 6 {
  if (IPV4.test(hostname)) return 4;
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  if (!bare.includes(":") || !/^[0-9a-fA-F:.]+$/.test(bare)) return 0;
  try {
    // The URL parser accepts exactly the valid IPv6 literals (with an embedded IPv4 tail or not).
    new URL(`http://[${bare}]/`);
    return 6;
  } catch {
    return 0;
  }
}

/** Whether `hostname` is `localhost` or a name under it (a trailing dot allowed, any case). */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/** Node's error for a name this lookup cannot resolve (`code` ENOTSUP, `syscall` getaddrinfo). */
function unavailable(hostname: string): Error {
  return codedError(
    Error,
    DNS_UNAVAILABLE,
    `getaddrinfo ENOTSUP ${hostname}: DNS lookups are not available in the browser driver (only IP addresses and localhost are answered; fetch and http.request still reach names)`,
    { errno: ERRNO.ENOTSUP, syscall: "getaddrinfo", hostname },
  );
}

/**
 * The addresses of `hostname` of the family asked for (0: any): an IP
 * literal is its own address (none if it is of the other family), a
 * localhost name is `127.0.0.1` and `::1`. Any other name is refused with
 * {@link DNS_UNAVAILABLE}; a hostname that is not a non-empty string is a
 * TypeError.
 */
export async function browserDnsLookup(hostname: string, options?: DnsLookupOptions): Promise<DnsAddress[]> {
  if (typeof hostname !== "string" || hostname === "") throw new TypeError(`dnsLookup: hostname must be a non-empty string, got ${JSON.stringify(hostname)}`);
  const family = options?.family ?? 0;
  if (family !== 0 && family !== 4 && family !== 6) throw new TypeError(`dnsLookup: options.family must be 0, 4 or 6, got ${String(family)}`);
  const literal = ipFamilyOf(hostname);
  let found: DnsAddress[];
  if (literal !== 0) found = [{ address: literal === 6 ? hostname.replace(/^\[(.*)\]$/, "$1") : hostname, family: literal }];
  else if (isLocalhostName(hostname)) found = [{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }];
  else throw unavailable(hostname);
  return found.filter((entry) => family === 0 || entry.family === family);
}
