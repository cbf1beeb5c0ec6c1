/**
 * The guest's `dns`: one async op resolves a hostname through the network
 * adapter's `dnsLookup`, after the `network` permission allowed
 * `{ op: "dns", hostname }`. Failures come back shaped as Node's
 * (`getaddrinfo ENOTFOUND name`, code, errno, syscall).
 * @module
 */
import type { DnsAddress, DnsLookupOptions } from "../net/types.js";
import { invalidArgValue } from "../errors.js";
import { stringArg } from "./coerce.js";
import { GETADDRINFO_CODES, getaddrinfoError } from "./op-errors.js";
import { adapterFor, demandNetwork } from "./net-access.js";
import type { Op, OpFamily } from "./op-context.js";

function familyArg(value: unknown): DnsLookupOptions["family"] {
  if (value === undefined || value === null) return 0;
  if (value === 0 || value === 4 || value === 6) return value;
  throw invalidArgValue(`The argument 'family' must be one of: 0, 4, 6. Received ${String(value)}`);
}

/** The adapter's answer as plain `{ address, family }` records of the family asked for. */
function addressesOf(found: unknown, family: DnsLookupOptions["family"]): DnsAddress[] {
  if (!Array.isArray(found)) throw new TypeError("The network adapter's dnsLookup() did not resolve with an array of { address, family }");
  const out: DnsAddress[] = [];
  for (const entry of found) {
    const record = entry as Partial<DnsAddress> | null;
    if (record === null || typeof record !== "object" || typeof record.address !== "string" || (record.family !== 4 && record.family !== 6)) {
      throw new TypeError("The network adapter's dnsLookup() returned an entry that is not { address: string, family: 4 | 6 }");
    }
    if (family === 0 || record.family === family) out.push({ address: record.address, family: record.family });
  }
  return out;
}

/**
 * `dns.lookup(hostname, family)`: every address the adapter finds for
 * `hostname` (family 0, 4 or 6), in the adapter's order; the guest picks,
 * orders and shapes them. An empty answer is Node's ENOTFOUND.
 */
const dnsLookup: Op = async (ctx, args) => {
  const hostname = stringArg(args[0], "hostname");
  if (hostname === "") throw invalidArgValue(`The "hostname" argument must be a non-empty string`);
  const family = familyArg(args[1]);
  const adapter = adapterFor(ctx, "dnsLookup", "dns.lookup");
  demandNetwork(ctx, { op: "dns", hostname });
  let found: unknown;
  try {
    found = await adapter.dnsLookup(hostname, { family });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && GETADDRINFO_CODES.has(code)) throw getaddrinfoError(code, hostname);
    throw error;
  }
  const addresses = addressesOf(found, family);
  if (addresses.length === 0) throw getaddrinfoError("ENOTFOUND", hostname);
  return addresses;
};

/** The dns ops by name. */
export const dnsOps: OpFamily = { "dns.lookup": dnsLookup };
