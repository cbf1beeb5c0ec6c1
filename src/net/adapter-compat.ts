/**
 * Network adapters written for secure-exec, accepted unchanged. A user's
 * adapter is called with the request object (which also behaves as its URL
 * string) and a second argument in secure-exec's shape
 * (`{ method, headers, body }`); what it answers is read in either shape:
 * headers as `[name, value]` pairs, a record, a `Headers` or a `Map`; the
 * body as bytes, a string (base64 when the `x-body-encoding: base64` header
 * says so, as secure-exec's adapters mark binary bodies), a web
 * `ReadableStream` or any async iterable of chunks; `dnsLookup` as a list of
 * addresses, one `{ address, family }`, or secure-exec's `{ error, code }`.
 * @module
 */
import type { DnsAddress, DnsLookupOptions, HeaderPairs, NetworkAdapter, NetworkRequest, NetworkResponse } from "./types.js";

/** The second argument a user's adapter gets: the request in secure-exec's shape. */
export interface AdapterRequestOptions {
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The request headers as a record (repeated names joined with `", "`). */
  readonly headers: Record<string, string>;
  /** The body: a string when it is valid UTF-8, otherwise its bytes; null when there is none. */
  readonly body: string | Uint8Array | null;
  /** Aborted when the guest aborts the request or the run ends. */
  readonly signal: AbortSignal;
  /** The guest's redirect mode (`http.request` always `manual`). */
  readonly redirect: NetworkRequest["redirect"];
}

/** A response body as a user's adapter may give it. */
export type AdapterResponseBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | null
  | undefined;

/** A response as a user's adapter may give it (secure-exec's shape or quickexec's). */
export interface AdapterResponse {
  /** Status code. */
  status: number;
  /** Reason phrase. */
  statusText?: string;
  /** Headers: `[name, value]` pairs, a record (array values repeat the header), a `Headers` or a `Map`. */
  headers?: HeaderPairs | Record<string, string | readonly string[] | undefined> | Headers | Map<string, string>;
  /** The body; a string is UTF-8 unless the `x-body-encoding: base64` header marks it as base64. */
  body?: AdapterResponseBody;
  /** The final URL (default: the request's). */
  url?: string;
  /** Whether a redirect was followed. */
  redirected?: boolean;
  /** Ignored (derived from `status`). */
  ok?: boolean;
  /** HTTP version, e.g. `"1.1"`. */
  httpVersion?: string;
}

/** What `dnsLookup` of a user's adapter may resolve with. */
export type AdapterDnsAnswer =
  | ReadonlyArray<{ address: string; family?: number }>
  | { address: string; family?: number }
  | { error: string; code?: string }
  | string;

/**
 * A network adapter written for secure-exec 0.2 (`fetch(url, options)`,
 * `httpRequest(url, options)`, `dnsLookup(hostname)`), which quickexec
 * accepts as it is. `url` arrives as a `String` object holding the URL (string
 * methods, `String(url)`, `new URL(url)` and `fetch(url)` work; `typeof url`
 * is `"object"`) that also carries quickexec's {@link NetworkRequest} fields.
 */
export interface SecureExecNetworkAdapter {
  /** Carries out a guest `fetch`. */
  fetch(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | null }): Promise<AdapterResponse>;
  /** Resolves a hostname. */
  dnsLookup(hostname: string): Promise<AdapterDnsAnswer>;
  /** Carries out a guest `http.request`. */
  httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | null }): Promise<AdapterResponse>;
}

/** Any network adapter a driver accepts: quickexec's {@link NetworkAdapter} or secure-exec's shape. */
export type AcceptedNetworkAdapter = NetworkAdapter | SecureExecNetworkAdapter;

/** A user's adapter as the wrapper calls it. */
type LooseAdapter = {
  fetch(request: unknown, options: AdapterRequestOptions): Promise<unknown>;
  httpRequest(request: unknown, options: AdapterRequestOptions): Promise<unknown>;
  dnsLookup(hostname: string, options: DnsLookupOptions): Promise<unknown>;
  listen?: NetworkAdapter["listen"];
};

/**
 * Wraps a user's adapter (already checked to have `fetch`, `dnsLookup` and
 * `httpRequest`) so that the op layer always sees quickexec's shapes.
 */
export function acceptNetworkAdapter(adapter: AcceptedNetworkAdapter): NetworkAdapter {
  const user = adapter as unknown as LooseAdapter;
  const wrapped: NetworkAdapter = {
    fetch: async (request) => responseOf(await user.fetch(requestArgument(request), requestOptions(request)), "fetch"),
    httpRequest: async (request) => responseOf(await user.httpRequest(requestArgument(request), requestOptions(request)), "httpRequest"),
    dnsLookup: async (hostname, options) => addressesOf(await user.dnsLookup(hostname, options), hostname),
  };
  if (typeof user.listen === "function") wrapped.listen = (options) => user.listen!(options);
  return wrapped;
}

/** The request as a `String` object of its URL that carries the request's fields. */
function requestArgument(request: NetworkRequest): NetworkRequest {
  return Object.assign(new String(request.url), request) as unknown as NetworkRequest;
}

/** The request in secure-exec's shape; headers and body are converted only when read. */
function requestOptions(request: NetworkRequest): AdapterRequestOptions {
  let headers: Record<string, string> | undefined;
  let body: string | Uint8Array | null | undefined;
  return {
    method: request.method,
    signal: request.signal,
    redirect: request.redirect,
    get headers() {
      return (headers ??= headerRecord(request.headers));
    },
    get body() {
      if (body === undefined) body = request.body === null ? null : textOrBytes(request.body);
      return body;
    },
  };
}

/** Header pairs as a record; a repeated name (any case) is joined with `", "` under its first spelling. */
function headerRecord(pairs: HeaderPairs): Record<string, string> {
  const record: Record<string, string> = {};
  const spelling = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = spelling.get(name.toLowerCase());
    if (key === undefined) {
      spelling.set(name.toLowerCase(), name);
      record[name] = value;
    } else record[key] += `, ${value}`;
  }
  return record;
}

/** `bytes` as a string when they are valid UTF-8, else the bytes. */
function textOrBytes(bytes: Uint8Array): string | Uint8Array {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return bytes;
  }
}

/** Reads a user adapter's response in either shape. */
function responseOf(value: unknown, method: "fetch" | "httpRequest"): NetworkResponse {
  if (value === null || typeof value !== "object") throw new TypeError(`The network adapter's ${method}() did not resolve with a response object`);
  const response = value as AdapterResponse;
  const headers = headerPairsOf(response.headers, method);
  let base64 = false;
  if (typeof response.body === "string") {
    const marker = headers.findIndex(([name]) => name.toLowerCase() === "x-body-encoding");
    if (marker !== -1 && headers[marker][1].trim().toLowerCase() === "base64") {
      base64 = true;
      headers.splice(marker, 1);
    }
  }
  const out: NetworkResponse = {
    status: response.status,
    statusText: typeof response.statusText === "string" ? response.statusText : "",
    headers,
    url: typeof response.url === "string" ? response.url : "",
    redirected: response.redirected === true,
    body: bodyOf(response.body, base64, method),
  };
  if (typeof response.httpVersion === "string") out.httpVersion = response.httpVersion;
  return out;
}

/** Response headers in any accepted form, as pairs. */
function headerPairsOf(headers: AdapterResponse["headers"] | unknown, method: string): HeaderPairs {
  if (headers === undefined || headers === null) return [];
  if (Array.isArray(headers)) {
    if (headers.every((pair) => Array.isArray(pair) && pair.length === 2)) return headers.map(([name, value]) => [String(name), String(value)]);
    // Node's rawHeaders: name, value, name, value, ...
    if (headers.length % 2 === 0 && headers.every((item) => typeof item === "string")) {
      const pairs: HeaderPairs = [];
      for (let i = 0; i < headers.length; i += 2) pairs.push([headers[i], headers[i + 1]]);
      return pairs;
    }
    throw new TypeError(`The network adapter's ${method}() returned headers that are neither [name, value] pairs nor a record`);
  }
  if (typeof headers !== "object") throw new TypeError(`The network adapter's ${method}() returned headers that are neither [name, value] pairs nor a record`);
  const pairs: HeaderPairs = [];
  if ((typeof Headers !== "undefined" && headers instanceof Headers) || headers instanceof Map) {
    (headers as Map<string, unknown>).forEach((value, name) => pairs.push([String(name), String(value)]));
    return pairs;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) pairs.push([name, String(item)]);
    else pairs.push([name, String(value)]);
  }
  return pairs;
}

/** A response body in any accepted form, as bytes or an async iterable of byte chunks. */
function bodyOf(body: unknown, base64: boolean, method: string): NetworkResponse["body"] {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === "string") return base64 ? fromBase64(body) : new TextEncoder().encode(body);
  const bytes = bytesOf(body);
  if (bytes !== null) return bytes;
  if (typeof (body as ReadableStream).getReader === "function") return readerChunks(body as ReadableStream<unknown>, method);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") return iterableChunks(body as AsyncIterable<unknown>, method);
  throw new TypeError(`The network adapter's ${method}() returned a body that is not a string, bytes or a stream`);
}

/** Bytes from a Uint8Array (a Buffer included), an ArrayBuffer or another view; null for anything else. */
function bytesOf(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/** One streamed chunk as bytes (strings are UTF-8). */
function chunkOf(chunk: unknown, method: string): Uint8Array {
  if (typeof chunk === "string") return new TextEncoder().encode(chunk);
  const bytes = bytesOf(chunk);
  if (bytes === null) throw new TypeError(`The network adapter's ${method}() body stream yielded a chunk that is neither bytes nor a string`);
  return bytes;
}

/** The chunks of a web ReadableStream; cancels it when the reader stops early. */
async function* readerChunks(stream: ReadableStream<unknown>, method: string): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield chunkOf(next.value, method);
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The chunks of an async iterable (a Node stream, a generator). */
async function* iterableChunks(iterable: AsyncIterable<unknown>, method: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of iterable) yield chunkOf(chunk, method);
}

/** Decodes base64 (standard or URL alphabet, padding optional). */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/[\s]/g, "").replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A user adapter's dnsLookup answer as addresses; secure-exec's `{ error, code }` becomes a thrown error with that code. */
function addressesOf(answer: unknown, hostname: string): DnsAddress[] {
  if (typeof answer === "string") return [{ address: answer, family: familyOf(answer, undefined) }];
  if (Array.isArray(answer)) {
    return answer.map((entry: { address?: unknown; family?: unknown } | null) => {
      if (entry === null || typeof entry !== "object" || typeof entry.address !== "string") {
        throw new TypeError("The network adapter's dnsLookup() returned an entry that is not { address: string, family: 4 | 6 }");
      }
      return { address: entry.address, family: familyOf(entry.address, entry.family) };
    });
  }
  if (answer !== null && typeof answer === "object") {
    const record = answer as { address?: unknown; family?: unknown; error?: unknown; code?: unknown };
    if (typeof record.address === "string") return [{ address: record.address, family: familyOf(record.address, record.family) }];
    if (record.error !== undefined || record.code !== undefined) {
      const code = typeof record.code === "string" && record.code !== "" ? record.code : "ENOTFOUND";
      throw Object.assign(new Error(typeof record.error === "string" ? record.error : `${code} ${hostname}`), { code });
    }
  }
  throw new TypeError("The network adapter's dnsLookup() did not resolve with addresses ({ address, family } or an array of them)");
}

/** The family an adapter gave (4, 6, "IPv4", "IPv6"), or the one the address's form shows. */
function familyOf(address: string, family: unknown): 4 | 6 {
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return address.includes(":") ? 6 : 4;
}
