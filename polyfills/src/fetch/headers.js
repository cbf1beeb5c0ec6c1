// Headers: the Fetch Standard's header list, guards and iteration.
/* global require */
import { argumentCount, byteString, illegalInvocation, inspectCustom, makeEnumerable, shown } from "./webidl.js";

// ---- Headers --------------------------------------------------------------------

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const BAD_VALUE = /[\0\r\n]/;

const kList = Symbol("header list");
const kGuard = Symbol("guard");
const kSorted = Symbol("sorted");

function headerName(name, method) {
  const s = byteString(name);
  if (!TOKEN.test(s)) throw new TypeError(`Headers.${method}: "${s}" is an invalid header name.`);
  return s;
}

function headerValue(value, method) {
  const s = byteString(value).replace(EDGE_WHITESPACE, "");
  if (BAD_VALUE.test(s)) throw new TypeError(`Headers.${method}: "${s}" is an invalid header value.`);
  return s;
}

function listOf(self) {
  const list = self !== null && typeof self === "object" ? self[kList] : undefined;
  if (list === undefined) throw illegalInvocation();
  return list;
}

function checkMutable(self) {
  if (self[kGuard] === "immutable") throw new TypeError("immutable");
}

/** Appends without checks (names and values already valid). */
function appendHeader(headers, name, value) {
  const list = headers[kList];
  const key = name.toLowerCase();
  const entry = list.get(key);
  headers[kSorted] = null;
  if (entry === undefined) list.set(key, key === "set-cookie" ? { name, value, cookies: [value] } : { name, value, cookies: null });
  else if (entry.cookies) entry.cookies.push(value);
  else entry.value = `${entry.value}, ${value}`;
}

/** The pairs to iterate: names lower-cased and sorted, values combined (set-cookie kept apart). */
function sortedPairs(headers) {
  let sorted = headers[kSorted];
  if (sorted) return sorted;
  sorted = [];
  const list = headers[kList];
  for (const key of [...list.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const entry = list.get(key);
    if (entry.cookies) for (const cookie of entry.cookies) sorted.push([key, cookie]);
    else sorted.push([key, entry.value]);
  }
  headers[kSorted] = sorted;
  return sorted;
}

/** The header list as sent: names as first given, in order; set-cookie values apart. */
function wirePairs(headers) {
  const pairs = [];
  for (const entry of headers[kList].values()) {
    if (entry.cookies) for (const cookie of entry.cookies) pairs.push([entry.name, cookie]);
    else pairs.push([entry.name, entry.value]);
  }
  return pairs;
}

function fillHeaders(headers, init) {
  if (init === undefined) return;
  if (init === null || (typeof init !== "object" && typeof init !== "function")) {
    throw new TypeError("Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.");
  }
  if (typeof init[Symbol.iterator] === "function") {
    let i = 0;
    for (const pair of init) {
      if (pair === null || (typeof pair !== "object" && typeof pair !== "function") || typeof pair[Symbol.iterator] !== "function") {
        throw new TypeError(`Headers contructor: init[${i}] (${shown(pair)}) is not iterable.`);
      }
      const items = [...pair];
      if (items.length !== 2) throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${items.length}.`);
      headers.append(items[0], items[1]);
      i++;
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const d = Reflect.getOwnPropertyDescriptor(init, key);
    if (d === undefined || !d.enumerable) continue;
    if (typeof key === "symbol") throw new TypeError("Cannot convert a Symbol value to a string");
    headers.append(key, init[key]);
  }
}

class HeadersIterator {
  constructor(headers, kind) {
    Object.defineProperty(this, kList, { value: { headers, kind, index: 0 } });
  }
  next() {
    const state = this !== null && typeof this === "object" ? this[kList] : undefined;
    if (state === undefined || !(this instanceof HeadersIterator)) throw illegalInvocation();
    const pairs = sortedPairs(state.headers);
    if (state.index >= pairs.length) return { value: undefined, done: true };
    const [name, value] = pairs[state.index++];
    return { value: state.kind === "key" ? name : state.kind === "value" ? value : [name, value], done: false };
  }
  [Symbol.iterator]() {
    return this;
  }
}
Object.defineProperty(HeadersIterator.prototype, Symbol.toStringTag, { value: "Headers Iterator", configurable: true });

class Headers {
  constructor(init = undefined) {
    Object.defineProperty(this, kList, { value: new Map() });
    Object.defineProperty(this, kGuard, { value: "none", writable: true });
    Object.defineProperty(this, kSorted, { value: null, writable: true });
    fillHeaders(this, init);
  }
  append(name, value) {
    listOf(this);
    argumentCount(arguments.length, 2, "Headers.append");
    const n = headerName(name, "append");
    const v = headerValue(value, "append");
    checkMutable(this);
    appendHeader(this, n, v);
  }
  delete(name) {
    const list = listOf(this);
    argumentCount(arguments.length, 1, "Headers.delete");
    const key = headerName(name, "delete").toLowerCase();
    checkMutable(this);
    if (list.delete(key)) this[kSorted] = null;
  }
  get(name) {
    const list = listOf(this);
    argumentCount(arguments.length, 1, "Headers.get");
    const entry = list.get(headerName(name, "get").toLowerCase());
    if (entry === undefined) return null;
    return entry.cookies ? entry.cookies.join(", ") : entry.value;
  }
  has(name) {
    const list = listOf(this);
    argumentCount(arguments.length, 1, "Headers.has");
    return list.has(headerName(name, "has").toLowerCase());
  }
  set(name, value) {
    const list = listOf(this);
    argumentCount(arguments.length, 2, "Headers.set");
    const n = headerName(name, "set");
    const v = headerValue(value, "set");
    checkMutable(this);
    const key = n.toLowerCase();
    const entry = list.get(key);
    this[kSorted] = null;
    if (entry === undefined) appendHeader(this, n, v);
    else if (entry.cookies) entry.cookies = [v];
    else entry.value = v;
  }
  getSetCookie() {
    const entry = listOf(this).get("set-cookie");
    return entry ? entry.cookies.slice() : [];
  }
  keys() {
    listOf(this);
    return new HeadersIterator(this, "key");
  }
  values() {
    listOf(this);
    return new HeadersIterator(this, "value");
  }
  entries() {
    listOf(this);
    return new HeadersIterator(this, "key+value");
  }
  forEach(callback, thisArg = undefined) {
    listOf(this);
    if (typeof callback !== "function") throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    for (let i = 0; ; i++) {
      const pairs = sortedPairs(this);
      if (i >= pairs.length) break;
      callback.call(thisArg, pairs[i][1], pairs[i][0], this);
    }
  }
  [inspectCustom](depth, options, inspect) {
    const obj = { __proto__: { constructor: this.constructor } };
    for (const [name, value] of sortedPairs(this)) obj[name] = name in obj ? `${obj[name]}, ${value}` : value;
    return `${this.constructor.name} ${inspect(obj, options)}`;
  }
}
makeEnumerable(Headers.prototype);
Object.defineProperty(Headers.prototype, Symbol.iterator, { value: Headers.prototype.entries, writable: true, configurable: true });
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });

function newHeaders(guard) {
  const headers = new Headers();
  headers[kGuard] = guard;
  return headers;
}

/** Headers from the network: invalid pairs are dropped, not thrown. */
function networkHeaders(pairs) {
  const headers = newHeaders("none");
  for (const [name, value] of pairs) {
    const v = String(value).replace(EDGE_WHITESPACE, "");
    if (TOKEN.test(name) && !BAD_VALUE.test(v) && !/[^\u0000-\u00ff]/.test(v)) appendHeader(headers, name, v);
  }
  headers[kGuard] = "immutable";
  return headers;
}

export { Headers, TOKEN, appendHeader, fillHeaders, kGuard, networkHeaders, newHeaders, wirePairs };
