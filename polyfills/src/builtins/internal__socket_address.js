// IP address parsing and formatting, SocketAddress and BlockList for node:net.
// Addresses are BigInts (32 bits for IPv4, 128 for IPv6); IPv6 text is
// written in RFC 5952's canonical form, as Node's inet_ntop does.
/* global require */
const { codedError, describe, invalidArgType } = require("internal/errors", true);

const V4_SEG = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const V4_STR = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const V6_SEG = "(?:[0-9a-fA-F]{1,4})";
const IPV4_RE = new RegExp(`^${V4_STR}$`);
const IPV6_RE = new RegExp(
  "^(?:" +
    `(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|` +
    `(?:${V6_SEG}:){6}(?:${V4_STR}|:${V6_SEG}|:)|` +
    `(?:${V6_SEG}:){5}(?::${V4_STR}|(?::${V6_SEG}){1,2}|:)|` +
    `(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4_STR}|(?::${V6_SEG}){1,3}|:)|` +
    `(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4_STR}|(?::${V6_SEG}){1,4}|:)|` +
    `(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4_STR}|(?::${V6_SEG}){1,5}|:)|` +
    `(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4_STR}|(?::${V6_SEG}){1,6}|:)|` +
    `(?::(?:(?::${V6_SEG}){0,5}:${V4_STR}|(?::${V6_SEG}){1,7}|:))` +
    ")(?:%[0-9a-zA-Z-.:]{1,})?$",
);

function isIPv4(input) {
  return IPV4_RE.test(`${input}`);
}
function isIPv6(input) {
  return IPV6_RE.test(`${input}`);
}
function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}

function parse4(text) {
  if (!IPV4_RE.test(text)) return null;
  return text.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}
function parse6(text) {
  if (!IPV6_RE.test(text)) return null;
  text = text.replace(/%.*$/, "");
  let tail = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = parse4(v4[1]);
    tail = [Number(n >> 16n), Number(n & 0xffffn)];
    text = text.slice(0, -v4[1].length) + "0:0";
  }
  const halves = text.split("::");
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length > 1 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...new Array(fill).fill("0"), ...rest].map((g) => parseInt(g, 16));
  if (tail.length) groups.splice(6, 2, ...tail);
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}
function format4(n) {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");
}
function format6(n) {
  const groups = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(Number((n >> s) & 0xffffn));
  // ::ffff:a.b.c.d and ::a.b.c.d (not :: nor ::1) keep their IPv4 tail, as inet_ntop writes them.
  if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || (groups[5] === 0 && groups[6] !== 0))) {
    const v4 = format4(n & 0xffffffffn);
    return groups[5] === 0xffff ? `::ffff:${v4}` : `::${v4}`;
  }
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(":");
  return hex.slice(0, bestAt).join(":") + "::" + hex.slice(bestAt + bestLen).join(":");
}

function checkString(value, name) {
  if (typeof value !== "string") throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be of type string. Received ${describe(value)}`);
}
function familyOf(family, name = "family") {
  checkString(family, name);
  const f = family.toLowerCase();
  if (f !== "ipv4" && f !== "ipv6") {
    throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The property 'options.${name}' is invalid. Received '${family}'`);
  }
  return f;
}

const kValue = Symbol("value");

class SocketAddress {
  constructor(options = {}) {
    if (typeof options !== "object" || options === null) {
      throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "options" argument must be of type object. Received ${describe(options)}`);
    }
    const family = familyOf(options.family === undefined ? "ipv4" : options.family);
    const { address = family === "ipv4" ? "127.0.0.1" : "::", port = 0, flowlabel = 0 } = options;
    checkString(address, "options.address");
    if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw codedError(RangeError, "ERR_SOCKET_BAD_PORT", `options.port should be >= 0 and < 65536. Received ${describe(port)}.`);
    }
    if (typeof flowlabel !== "number" || !Number.isInteger(flowlabel) || flowlabel < 0 || flowlabel > 0xfffff) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "options.flowlabel" is out of range. It must be >= 0 && <= 1048575. Received ${String(flowlabel)}`);
    }
    const value = family === "ipv4" ? parse4(address) : parse6(address);
    if (value === null) throw codedError(Error, "ERR_INVALID_ADDRESS", "Invalid socket address");
    this[kValue] = { value, family, port, flowlabel, address: family === "ipv4" ? format4(value) : format6(value) };
  }
  static isSocketAddress(value) {
    return value instanceof SocketAddress;
  }
  /** `address[:port]` or `[v6]:port` to a SocketAddress, or undefined when it cannot be parsed. */
  static parse(input) {
    checkString(input, "input");
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(input) || /^([^:]+)(?::(\d+))?$/.exec(input) || [input, input, undefined];
    const address = m[1];
    const family = isIPv6(address) ? "ipv6" : "ipv4";
    try {
      return new SocketAddress({ address, family, port: m[2] === undefined ? 0 : Number(m[2]) });
    } catch {
      return undefined;
    }
  }
  get address() {
    return this[kValue].address;
  }
  get port() {
    return this[kValue].port;
  }
  get family() {
    return this[kValue].family;
  }
  get flowlabel() {
    return this[kValue].flowlabel;
  }
  toJSON() {
    return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel };
  }
  [Symbol.for("nodejs.util.inspect.custom")](depth, options, inspect) {
    if (depth < 0) return this;
    return `SocketAddress ${inspect(this.toJSON(), options)}`;
  }
}

const MAPPED_PREFIX = 0xffffn << 32n;
// An address as both families see it: an IPv4 address is also its ::ffff: form, and a mapped IPv6 address its IPv4.
function forms(sa) {
  const { value, family } = sa[kValue];
  if (family === "ipv4") return { v4: value, v6: MAPPED_PREFIX | value };
  return { v4: value >> 32n === 0xffffn ? value & 0xffffffffn : null, v6: value };
}

function toAddress(address, family, name) {
  if (address instanceof SocketAddress) return address;
  checkString(address, name);
  checkString(family, "family");
  return new SocketAddress({ address, family });
}

class BlockList {
  constructor() {
    this._rules = [];
  }
  static isBlockList(value) {
    return value instanceof BlockList;
  }
  addAddress(address, family = "ipv4") {
    const sa = toAddress(address, family, "address");
    this._rules.unshift({ kind: "Address", family: sa.family, from: sa[kValue].value, to: sa[kValue].value, text: sa.address });
  }
  addRange(start, end, family = "ipv4") {
    const a = toAddress(start, family, "start");
    const b = toAddress(end, family, "end");
    if (a.family !== b.family || a[kValue].value > b[kValue].value) {
      let shown;
      try {
        shown = require("util").inspect(a);
      } catch {
        shown = a.address;
      }
      throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'start' must come before end. Received ${shown}`);
    }
    this._rules.unshift({ kind: "Range", family: a.family, from: a[kValue].value, to: b[kValue].value, text: `${a.address}-${b.address}` });
  }
  addSubnet(network, prefix, family = "ipv4") {
    const sa = toAddress(network, family, "net");
    const bits = sa.family === "ipv4" ? 32 : 128;
    if (typeof prefix !== "number") {
      throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "prefix" argument must be of type number. Received ${describe(prefix)}`);
    }
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "prefix" is out of range. It must be >= 0 && <= ${bits}. Received ${prefix}`);
    }
    const hostBits = BigInt(bits - prefix);
    const from = (sa[kValue].value >> hostBits) << hostBits;
    const to = from | ((1n << hostBits) - 1n);
    this._rules.unshift({ kind: "Subnet", family: sa.family, from, to, text: `${sa.address}/${prefix}` });
  }
  check(address, family = "ipv4") {
    let sa;
    try {
      sa = toAddress(address, family, "address");
    } catch (err) {
      if (err.code === "ERR_INVALID_ADDRESS" || err.code === "ERR_INVALID_ARG_VALUE") return false;
      throw err;
    }
    const { v4, v6 } = forms(sa);
    return this._rules.some((r) => {
      const v = r.family === "ipv4" ? v4 : v6;
      return v !== null && v >= r.from && v <= r.to;
    });
  }
  get rules() {
    return this._rules.map((r) => `${r.kind}: ${r.family === "ipv4" ? "IPv4" : "IPv6"} ${r.text}`);
  }
}

/** An IP address in the form inet_ntop writes it (Node's canonicalizeIP), or undefined if it is none. */
function canonicalizeIP(text) {
  const v4 = parse4(`${text}`);
  if (v4 !== null) return format4(v4);
  const v6 = /%/.test(`${text}`) ? null : parse6(`${text}`);
  return v6 === null ? undefined : format6(v6);
}

export default { isIP, isIPv4, isIPv6, canonicalizeIP, SocketAddress, BlockList };
