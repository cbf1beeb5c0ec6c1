/**
 * Which IP addresses the default network adapter may connect to: only
 * globally routable unicast addresses are public. Private, loopback,
 * link-local, shared (CGNAT), reserved, documentation, benchmarking,
 * multicast and broadcast ranges are not, and neither are IPv6 forms that
 * embed or translate an IPv4 address (NAT64, 6to4, Teredo); IPv4-mapped IPv6
 * addresses (`::ffff:a.b.c.d`) are judged by the IPv4 address they carry.
 *
 * Anything that is not a well-formed IP address (a hostname, an odd IPv4 form
 * such as `127.1`, garbage) is not public either: the policy fails closed.
 * @module
 */
import { createRequire } from "node:module";

/**
 * node:net's address checks, loaded at the first address checked rather than
 * while quickexec is imported (node:net and the stream modules it loads are
 * about 5 ms of a process's start, which most hosts spend before any guest
 * asks for the network).
 */
let net: Pick<typeof import("node:net"), "isIPv4" | "isIPv6"> | null = null;
const nodeNet = () => (net ??= createRequire(import.meta.url)("node:net") as typeof import("node:net"));

/** A parsed IP address: its family and its bytes (4 or 16, network order). */
export interface ParsedIpAddress {
  /** 4 or 6. */
  family: 4 | 6;
  /** The address bytes, most significant first. */
  bytes: Uint8Array;
}

/** A CIDR block: a prefix of `bits` bits. */
interface Block {
  prefix: Uint8Array;
  bits: number;
}

/**
 * Parses `cidr` (`"10.0.0.0/8"`, `"fc00::/7"`), which this module writes
 * itself: without `net.isIPv6`, whose pattern would otherwise be compiled
 * while quickexec is imported (milliseconds of every process's start).
 */
function block(cidr: string): Block {
  const [address, bits] = cidr.split("/");
  const prefix = address.includes(":") ? parseIpv6(address) : Uint8Array.from(address.split("."), Number);
  if (prefix.length !== (address.includes(":") ? 16 : 4) || prefix.some((b) => !(b >= 0 && b <= 255))) throw new Error(`bad CIDR block ${cidr}`);
  return { prefix, bits: Number(bits) };
}

/** Whether the first `bits` bits of `bytes` are those of `range.prefix`. */
function inBlock(bytes: Uint8Array, range: Block): boolean {
  if (bytes.length !== range.prefix.length) return false;
  const whole = range.bits >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== range.prefix[i]) return false;
  const rest = range.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (bytes[whole] & mask) === (range.prefix[whole] & mask);
}

/** IPv4 blocks that are not globally routable unicast (IANA special-purpose registry and friends). */
const NON_PUBLIC_IPV4: readonly Block[] = [
  "0.0.0.0/8", // "this network", unspecified
  "10.0.0.0/8", // private
  "100.64.0.0/10", // shared address space (CGNAT)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // documentation (TEST-NET-1)
  "192.88.99.0/24", // 6to4 relay anycast (deprecated)
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation (TEST-NET-2)
  "203.0.113.0/24", // documentation (TEST-NET-3)
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, and 255.255.255.255 broadcast
].map(block);

/** The only IPv6 block with public unicast addresses: global unicast. */
const GLOBAL_UNICAST_IPV6 = block("2000::/3");

/** Blocks inside 2000::/3 that are still not public. */
const NON_PUBLIC_GLOBAL_IPV6: readonly Block[] = [
  "2001::/23", // IETF protocol assignments: Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID, ...
  "2001:db8::/32", // documentation
  "2002::/16", // 6to4 (embeds an IPv4 address)
  "3fff::/20", // documentation (RFC 9637)
].map(block);

/** IPv4-mapped IPv6 addresses, `::ffff:a.b.c.d`: judged by the IPv4 address. */
const IPV4_MAPPED = block("::ffff:0:0/96");

/**
 * Parses a well-formed IPv4 (dotted quad) or IPv6 address, as `net.isIP`
 * accepts them (an IPv6 zone such as `%eth0` is dropped). Returns null for
 * anything else, including hostnames and the odd IPv4 forms (`127.1`,
 * `0x7f.1`, `2130706433`) that only URL parsing normalises.
 */
export function parseIpAddress(address: string): ParsedIpAddress | null {
  if (typeof address !== "string") return null;
  if (nodeNet().isIPv4(address)) return { family: 4, bytes: Uint8Array.from(address.split("."), Number) };
  if (nodeNet().isIPv6(address)) return { family: 6, bytes: parseIpv6(address.replace(/%.*$/, "")) };
  return null;
}

/** Converts an IPv6 address that `net.isIPv6` accepted (no zone) into its 16 bytes. */
function parseIpv6(address: string): Uint8Array {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const groups = (part: string | undefined): number[] => (part ? part.split(":").flatMap(ipv6Group) : []);
  const first = groups(head);
  const last = groups(tail);
  const words = tail === undefined ? first : [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}

/** One group of an IPv6 address as 16-bit words: a hex group, or an embedded dotted quad (two words). */
function ipv6Group(group: string): number[] {
  if (!group.includes(".")) return [parseInt(group, 16)];
  const [a, b, c, d] = group.split(".").map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** Whether parsed IPv4 bytes are public. */
function isPublicIpv4(bytes: Uint8Array): boolean {
  return !NON_PUBLIC_IPV4.some((range) => inBlock(bytes, range));
}

/** Whether parsed IPv6 bytes are public (an IPv4-mapped address is judged by its IPv4 part). */
function isPublicIpv6(bytes: Uint8Array): boolean {
  if (inBlock(bytes, IPV4_MAPPED)) return isPublicIpv4(bytes.subarray(12));
  return inBlock(bytes, GLOBAL_UNICAST_IPV6) && !NON_PUBLIC_GLOBAL_IPV6.some((range) => inBlock(bytes, range));
}

/**
 * Whether `address` is a globally routable unicast IP address, the only kind
 * the default network adapter connects to unless the host allows more.
 *
 * Not public: private (10/8, 172.16/12, 192.168/16), loopback (127/8, ::1),
 * link-local (169.254/16, fe80::/10), unique-local (fc00::/7), shared CGNAT
 * (100.64/10), unspecified (0.0.0.0/8, ::), multicast (224/4, ff00::/8),
 * reserved and broadcast (240/4), benchmarking (198.18/15, 2001:2::/48),
 * documentation (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32,
 * 3fff::/20), IETF protocol assignments (192.0.0/24, 2001::/23, which holds
 * Teredo 2001::/32), 6to4 (2002::/16, 192.88.99/24), NAT64 (64:ff9b::/96 and
 * every other IPv6 address outside 2000::/3), and anything that is not a
 * well-formed address. IPv4-mapped IPv6 (`::ffff:127.0.0.1`, `::ffff:7f00:1`)
 * is judged by the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  const parsed = parseIpAddress(address);
  if (parsed === null) return false;
  return parsed.family === 4 ? isPublicIpv4(parsed.bytes) : isPublicIpv6(parsed.bytes);
}

/** The loopback blocks: 127.0.0.0/8 and ::1 (IPv4-mapped `::ffff:127.x.y.z` is judged by its IPv4 part). */
const LOOPBACK_IPV4 = block("127.0.0.0/8");
const LOOPBACK_IPV6 = block("::1/128");

/** Whether `address` is a well-formed loopback IP address (127.0.0.0/8, ::1, or ::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string): boolean {
  const parsed = parseIpAddress(address);
  if (parsed === null) return false;
  if (parsed.family === 4) return inBlock(parsed.bytes, LOOPBACK_IPV4);
  if (inBlock(parsed.bytes, IPV4_MAPPED)) return inBlock(parsed.bytes.subarray(12), LOOPBACK_IPV4);
  return inBlock(parsed.bytes, LOOPBACK_IPV6);
}

/**
 * The IP address a URL hostname (`new URL(...).hostname`) denotes, or null
 * when it is a name that needs a DNS lookup. IPv6 literals lose their
 * brackets (`[::1]` → `::1`; a bare `::1` is accepted too). Odd IPv4 forms (`2130706433`, `0x7f.1`,
 * `127.1`) are already normalised to dotted quads by WHATWG URL parsing, so a
 * hostname taken from `new URL()` is all this expects; an odd form given here
 * directly is not recognised as an address (and is then not public either).
 */
export function ipLiteralFromHostname(hostname: string): { address: string; family: 4 | 6 } | null {
  const bracketed = hostname.startsWith("[") && hostname.endsWith("]");
  const bare = bracketed ? hostname.slice(1, -1) : hostname;
  const parsed = parseIpAddress(bare);
  if (parsed === null || (bracketed && parsed.family !== 6)) return null;
  return { address: bare, family: parsed.family };
}
