// node:dns — name resolution through the host. `lookup` (and the promise
// form) calls one async host op, `dns.lookup(hostname, family)`, checked by
// the `network` permission as { op: "dns", hostname } and answered by the
// driver's network adapter; this side validates the arguments as Node does,
// orders the addresses and shapes the result. IP literals and empty names are
// answered here, as Node answers them without asking the resolver: they reveal
// nothing and send nothing, so they need no permission.
//
// resolve4 / resolve6 (and resolve with 'A' / 'AAAA') use the same op for one
// family: the host's resolver, not a DNS query of its own (hosts-file entries
// count, TTLs are not known). Other record types, reverse and lookupService
// need a DNS client the sandbox does not have: they fail with ENOTIMP, as a
// DNS server that does not implement a query would.
/* global require, process */

import { describeReceived } from "../shared/errors.js";

const host = require("internal/host", true);

// ---- errors -------------------------------------------------------------------

function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

function invalidType(name, expected, value, property = false) {
  const what = property ? `"${name}" property` : `"${name}" argument`;
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The ${what} must be ${expected}.${describeReceived(value)}`);
}

function shownValue(value) {
  return typeof value === "string" ? `'${value}'` : String(value);
}

function validateString(value, name) {
  if (typeof value !== "string") throw invalidType(name, "of type string", value);
}

function validateFunction(value, name) {
  if (typeof value !== "function") throw invalidType(name, "of type function", value);
}

function validateBoolean(value, name) {
  if (typeof value !== "boolean") throw invalidType(name, "of type boolean", value, true);
}

function validateOneOf(value, name, allowed) {
  if (!allowed.includes(value)) {
    const kind = name.includes(".") ? "property" : "argument";
    throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The ${kind} '${name}' must be one of: ${allowed.map(shownValue).join(", ")}. Received ${shownValue(value)}`);
  }
}

/** Node's error for a failed DNS query (c-ares: no errno), e.g. `queryA ENOTFOUND example.com`. */
function queryError(code, syscall, hostname, detail) {
  const err = new Error(`${syscall} ${code} ${hostname}${detail ? ` (${detail})` : ""}`);
  err.errno = undefined;
  err.code = code;
  err.syscall = syscall;
  err.hostname = hostname;
  return err;
}

// ---- addresses ------------------------------------------------------------------

const v4Seg = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
const IPv4Reg = new RegExp(`^${v4Str}$`);
const v6Seg = "(?:[0-9a-fA-F]{1,4})";
const IPv6Reg = new RegExp(
  "^(?:" +
    `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
    `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
    `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
    `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
    `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
    `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
    `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
    `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
    ")(?:%[0-9a-zA-Z-.:]{1,})?$",
);

/** 4, 6, or 0 when `value` is not an IP address (Node's net.isIP). */
function isIP(value) {
  if (IPv4Reg.test(value)) return 4;
  if (IPv6Reg.test(value)) return 6;
  return 0;
}

// ---- result order -------------------------------------------------------------------

const ORDERS = ["verbatim", "ipv4first", "ipv6first"];
let defaultResultOrder = "verbatim";

function ordered(addresses, order) {
  if (order === "verbatim") return addresses;
  const first = order === "ipv4first" ? 4 : 6;
  return addresses.filter((a) => a.family === first).concat(addresses.filter((a) => a.family !== first));
}

function getDefaultResultOrder() {
  return defaultResultOrder;
}

function setDefaultResultOrder(order) {
  validateOneOf(order, "dnsOrder", ORDERS);
  defaultResultOrder = order;
}

// ---- lookup -----------------------------------------------------------------------

const ADDRCONFIG = 1024;
const V4MAPPED = 2048;
const ALL = 256;
const VALID_HINTS = [0, ADDRCONFIG, V4MAPPED, ALL, ADDRCONFIG | V4MAPPED, ADDRCONFIG | ALL, V4MAPPED | ALL, ADDRCONFIG | V4MAPPED | ALL];

/** The host's addresses of `hostname` (family 0, 4 or 6); its errors carry `hostname`, as Node's do. */
function resolveHost(hostname, family) {
  return host.callAsync("dns.lookup", hostname, family).then(undefined, (err) => {
    if (err && typeof err === "object" && typeof err.syscall === "string" && err.hostname === undefined) err.hostname = hostname;
    throw err;
  });
}

/** Options of lookup (callback and promise forms), checked as Node checks them. */
function lookupOptions(options) {
  const out = { family: 0, all: false, order: defaultResultOrder };
  if (typeof options === "number") {
    validateOneOf(options, "family", [0, 4, 6]);
    out.family = options;
    return out;
  }
  if (options === undefined || options === null) return out;
  if (options.hints != null) {
    if (typeof options.hints !== "number") throw invalidType("options.hints", "of type number", options.hints, true);
    const hints = options.hints >>> 0;
    if (!VALID_HINTS.includes(hints)) throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'hints' is invalid. Received ${hints}`);
  }
  if (options.family != null) {
    if (options.family === "IPv4") out.family = 4;
    else if (options.family === "IPv6") out.family = 6;
    else {
      validateOneOf(options.family, "options.family", [0, 4, 6]);
      out.family = options.family;
    }
  }
  if (options.all != null) {
    validateBoolean(options.all, "options.all");
    out.all = options.all;
  }
  if (options.verbatim != null) {
    validateBoolean(options.verbatim, "options.verbatim");
    out.order = options.verbatim ? "verbatim" : "ipv4first";
  }
  if (options.order != null) {
    validateOneOf(options.order, "options.order", ORDERS);
    out.order = options.order;
  }
  return out;
}

function badOptions(options) {
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "options" argument must be of type object or integer.${describeReceived(options)}`);
}

/** The answer known without asking anyone (empty names, IP literals), or undefined. */
function knownAnswer(hostname, opts) {
  if (!hostname) return opts.all ? [[]] : [null, opts.family === 6 ? 6 : 4];
  const family = isIP(hostname);
  if (family) return opts.all ? [[{ address: hostname, family }]] : [hostname, family];
  return undefined;
}

function lookup(hostname, options, callback) {
  if (hostname) validateString(hostname, "hostname");
  let opts;
  if (typeof options === "function") {
    callback = options;
    opts = lookupOptions(undefined);
  } else if (typeof options === "number") {
    validateFunction(callback, "callback");
    opts = lookupOptions(options);
  } else if (options !== undefined && typeof options !== "object") {
    validateFunction(arguments.length === 2 ? options : callback, "callback");
    throw badOptions(options);
  } else {
    validateFunction(callback, "callback");
    opts = lookupOptions(options);
  }
  const known = knownAnswer(hostname, opts);
  if (known !== undefined) {
    process.nextTick(callback, null, ...known);
    return {};
  }
  resolveHost(hostname, opts.family).then(
    (found) => {
      const addresses = ordered(found, opts.order);
      if (opts.all) process.nextTick(callback, null, addresses);
      else process.nextTick(callback, null, addresses[0].address, addresses[0].family);
    },
    (err) => process.nextTick(callback, err),
  );
  return { hostname, family: opts.family };
}

function lookupPromise(hostname, options) {
  if (hostname) validateString(hostname, "hostname");
  if (options !== undefined && options !== null && typeof options !== "number" && typeof options !== "object") throw badOptions(options);
  const opts = lookupOptions(options);
  const known = knownAnswer(hostname, opts);
  if (known !== undefined) {
    return Promise.resolve(opts.all ? known[0] : { address: known[0], family: known[1] });
  }
  return resolveHost(hostname, opts.family).then((found) => {
    const addresses = ordered(found, opts.order);
    return opts.all ? addresses : addresses[0];
  });
}

function lookupServiceArgs(address, port) {
  validateString(address, "address");
  if (!isIP(address)) throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'address' is invalid. Received '${address}'`);
  const n = typeof port === "string" && port.trim() !== "" ? Number(port) : port;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw nodeError(RangeError, "ERR_SOCKET_BAD_PORT", `Port should be >= 0 and < 65536.${describeReceived(port)}.`);
  }
}

function notImplemented(syscall, name, what) {
  return queryError("ENOTIMP", syscall, name, `${what} is not available in the sandbox: names resolve through the host's resolver, A and AAAA only`);
}

function lookupService(address, port, callback) {
  if (arguments.length !== 3) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "address", "port", and "callback" arguments must be specified');
  lookupServiceArgs(address, port);
  validateFunction(callback, "callback");
  const err = notImplemented("getnameinfo", address, "lookupService");
  process.nextTick(callback, err);
  return {};
}

function lookupServicePromise(address, port) {
  if (arguments.length !== 2) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "address" and "port" arguments must be specified');
  lookupServiceArgs(address, port);
  return Promise.reject(notImplemented("getnameinfo", address, "lookupService"));
}

// ---- resolve ----------------------------------------------------------------------

const RRTYPES = {
  A: ["resolve4", "queryA"],
  AAAA: ["resolve6", "queryAaaa"],
  ANY: ["resolveAny", "queryAny"],
  CAA: ["resolveCaa", "queryCaa"],
  CNAME: ["resolveCname", "queryCname"],
  MX: ["resolveMx", "queryMx"],
  NAPTR: ["resolveNaptr", "queryNaptr"],
  NS: ["resolveNs", "queryNs"],
  PTR: ["resolvePtr", "queryPtr"],
  SOA: ["resolveSoa", "querySoa"],
  SRV: ["resolveSrv", "querySrv"],
  TXT: ["resolveTxt", "queryTxt"],
};

/**
 * One query: A and AAAA through the host's resolver, everything else ENOTIMP.
 * Settles through `resolver` so that `cancel()` can end it.
 */
function query(resolver, rrtype, name, options) {
  const [, syscall] = RRTYPES[rrtype];
  if (rrtype !== "A" && rrtype !== "AAAA") return resolver._track(Promise.reject(notImplemented(syscall, name, `${rrtype} records`)), syscall, name);
  if (options && options.ttl) return resolver._track(Promise.reject(notImplemented(syscall, name, "ttl")), syscall, name);
  const family = rrtype === "A" ? 4 : 6;
  const found = isIP(name)
    ? Promise.reject(queryError("ENOTFOUND", syscall, name))
    : resolveHost(name, family).then(
        (addresses) => addresses.map((a) => a.address),
        (err) => {
          if (err && err.syscall === "getaddrinfo") throw queryError(err.code, syscall, name);
          throw err;
        },
      );
  return resolver._track(found, syscall, name);
}

function resolverMethod(rrtype, promises) {
  return function (name, options, callback) {
    validateString(name, "name");
    if (promises) return query(this, rrtype, name, options);
    if (typeof options === "function") {
      callback = options;
      options = undefined;
    }
    validateFunction(callback, "callback");
    query(this, rrtype, name, options).then(
      (result) => process.nextTick(callback, null, result),
      (err) => process.nextTick(callback, err),
    );
    return {};
  };
}

function checkRrtype(rrtype) {
  if (typeof rrtype !== "string") throw invalidType("rrtype", "of type string", rrtype);
  if (!Object.prototype.hasOwnProperty.call(RRTYPES, rrtype)) {
    throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'rrtype' is invalid. Received '${rrtype}'`);
  }
}

function makeResolverClass(promises) {
  class Resolver {
    constructor(options = undefined) {
      if (options !== undefined && (options === null || typeof options !== "object")) throw invalidType("options", "of type object", options);
      for (const key of ["timeout", "tries"]) {
        const v = options && options[key];
        if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v))) throw invalidType(`options.${key}`, "of type number", v, true);
      }
      Object.defineProperty(this, "_pending", { value: new Set() });
    }
    /** Settles `promise` unless `cancel()` comes first (then it rejects with ECANCELLED). */
    _track(promise, syscall, name) {
      return new Promise((resolve, reject) => {
        const entry = () => reject(queryError("ECANCELLED", syscall, name));
        this._pending.add(entry);
        promise.then(
          (v) => {
            if (this._pending.delete(entry)) resolve(v);
          },
          (e) => {
            if (this._pending.delete(entry)) reject(e);
          },
        );
      });
    }
    cancel() {
      const pending = [...this._pending];
      this._pending.clear();
      for (const cancel of pending) cancel();
    }
    getServers() {
      return [];
    }
    setServers(servers) {
      if (!Array.isArray(servers)) throw invalidType("servers", "an instance of Array", servers);
      for (const server of servers) {
        if (typeof server !== "string") throw invalidType("servers[0]", "of type string", server);
      }
      if (servers.length > 0) {
        throw nodeError(Error, "ERR_QUICKEXEC_NOT_SUPPORTED", "dns.setServers() is not supported in the sandbox: names resolve through the host's resolver");
      }
    }
    setLocalAddress(ipv4, ipv6) {
      validateString(ipv4, "ipv4");
      if (ipv6 !== undefined) validateString(ipv6, "ipv6");
    }
    resolve(name, rrtype, callback) {
      validateString(name, "name");
      if (promises) {
        const type = rrtype === undefined ? "A" : rrtype;
        checkRrtype(type);
        return this[RRTYPES[type][0]](name);
      }
      if (typeof rrtype === "function") {
        callback = rrtype;
        rrtype = "A";
      }
      checkRrtype(rrtype);
      return this[RRTYPES[rrtype][0]](name, callback);
    }
    reverse(ip, callback) {
      validateString(ip, "ip");
      if (!promises) validateFunction(callback, "callback");
      const result = this._track(Promise.reject(notImplemented("getHostByAddr", ip, "reverse")), "getHostByAddr", ip);
      if (promises) return result;
      result.then(undefined, (err) => process.nextTick(callback, err));
      return {};
    }
  }
  for (const rrtype of Object.keys(RRTYPES)) {
    Object.defineProperty(Resolver.prototype, RRTYPES[rrtype][0], {
      value: resolverMethod(rrtype, promises),
      writable: true,
      configurable: true,
    });
  }
  return Resolver;
}

// ---- the modules -------------------------------------------------------------------

const CODES = {
  NODATA: "ENODATA",
  FORMERR: "EFORMERR",
  SERVFAIL: "ESERVFAIL",
  NOTFOUND: "ENOTFOUND",
  NOTIMP: "ENOTIMP",
  REFUSED: "EREFUSED",
  BADQUERY: "EBADQUERY",
  BADNAME: "EBADNAME",
  BADFAMILY: "EBADFAMILY",
  BADRESP: "EBADRESP",
  CONNREFUSED: "ECONNREFUSED",
  TIMEOUT: "ETIMEOUT",
  EOF: "EOF",
  FILE: "EFILE",
  NOMEM: "ENOMEM",
  DESTRUCTION: "EDESTRUCTION",
  BADSTR: "EBADSTR",
  BADFLAGS: "EBADFLAGS",
  NONAME: "ENONAME",
  BADHINTS: "EBADHINTS",
  NOTINITIALIZED: "ENOTINITIALIZED",
  LOADIPHLPAPI: "ELOADIPHLPAPI",
  ADDRGETNETWORKPARAMS: "EADDRGETNETWORKPARAMS",
  CANCELLED: "ECANCELLED",
};

function bindAll(resolver) {
  const out = {};
  for (const name of ["getServers", "resolve", ...Object.values(RRTYPES).map(([method]) => method), "reverse"]) {
    out[name] = resolver[name].bind(resolver);
  }
  return out;
}

const PromisesResolver = makeResolverClass(true);
const promisesResolver = new PromisesResolver();
const promises = {
  lookup: lookupPromise,
  lookupService: lookupServicePromise,
  Resolver: PromisesResolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers: (servers) => promisesResolver.setServers(servers),
  ...CODES,
  ...bindAll(promisesResolver),
};

const CallbackResolver = makeResolverClass(false);
const defaultResolver = new CallbackResolver();

export default {
  lookup,
  lookupService,
  Resolver: CallbackResolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers: (servers) => defaultResolver.setServers(servers),
  ADDRCONFIG,
  ALL,
  V4MAPPED,
  ...CODES,
  ...bindAll(defaultResolver),
  promises,
};
