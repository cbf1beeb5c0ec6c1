/**
 * Guest-side fuzzing: fast-check draws descriptions of calls to the guest's
 * `fs`, `child_process`, `http`, `dns`, `process` and `fetch` with hostile
 * arguments (Proxies that throw on every trap, cyclic objects, objects whose
 * toString / valueOf throw or change between calls, getters that throw,
 * huge strings and sizes, invalid encodings, symbols, bigints, functions,
 * sparse arrays, `__proto__` keys), and {@link guestProgram} turns a batch of
 * them into one program that makes every call inside try/catch and exports
 * a plain record of what each call did.
 *
 * Descriptions are plain data, so fast-check prints and shrinks them; only
 * the program builds the hostile values, in the guest.
 * @module
 */
import fc from "fast-check";

/** A guest argument, described. */
export type GuestArg =
  | { str: string }
  | { num: number }
  | { big: string }
  | { kw: "undefined" | "null" | "true" | "false" | "symbol" | "fn" }
  | { hostile: GuestHostileKind }
  | { huge: "string" | "path" | "bytes" }
  | { bytes: number; as: "Buffer" | "Uint8Array" | "Float64Array" | "DataView" | "ArrayBuffer" | "subarray" }
  | { obj: Array<[string, GuestArg]>; protoLiteral: boolean }
  | { arr: Array<GuestArg | null> };

/** Hostile values the program builds with its helpers. */
export const GUEST_HOSTILE_KINDS = [
  "proxy-object", "proxy-array", "proxy-function", "cyclic", "getters-throw", "to-string-throws", "to-string-changes",
  "to-primitive", "proto-literal", "proto-key", "thenable", "date", "map", "file-url", "http-url", "regexp", "error",
  "symbol-keys", "frozen", "null-proto", "throws-string", "throws-proxy",
] as const;

/** One kind of hostile guest value. */
export type GuestHostileKind = (typeof GUEST_HOSTILE_KINDS)[number];

/** A call: which API (an index into {@link GUEST_APIS}) and its arguments. */
export interface GuestCall {
  api: string;
  args: GuestArg[];
}

/** How a call is made: it returns (perhaps a promise), or it takes a Node-style callback last. */
type Mode = "sync" | "callback";

/** One guest API the fuzz reaches: `render` makes the call expression from the argument expressions. */
interface GuestApi {
  family: "fs" | "child_process" | "http" | "dns" | "process" | "fetch";
  mode: Mode;
  arity: number;
  render: (a: string[]) => string;
}

const call = (target: string) => (a: string[]) => `${target}(${a.join(", ")})`;
const withCallback = (target: string) => (a: string[]) => `${target}(${[...a, "cb"].join(", ")})`;

const FS_SYNC: Array<[string, number]> = [
  ["readFileSync", 2], ["writeFileSync", 3], ["appendFileSync", 3], ["statSync", 2], ["lstatSync", 2], ["existsSync", 1], ["accessSync", 2],
  ["readdirSync", 2], ["mkdirSync", 2], ["mkdtempSync", 2], ["rmdirSync", 2], ["unlinkSync", 1], ["rmSync", 2], ["renameSync", 2],
  ["copyFileSync", 3], ["cpSync", 3], ["realpathSync", 2], ["symlinkSync", 3], ["readlinkSync", 2], ["linkSync", 2], ["chmodSync", 2],
  ["chownSync", 3], ["lchownSync", 3], ["utimesSync", 3], ["lutimesSync", 3], ["truncateSync", 2], ["openSync", 3], ["closeSync", 1],
  ["readSync", 5], ["writeSync", 5], ["fstatSync", 2], ["ftruncateSync", 2], ["fsyncSync", 1], ["futimesSync", 3], ["fchmodSync", 2],
  ["opendirSync", 2],
];
const FS_PROMISES: Array<[string, number]> = [
  ["readFile", 2], ["writeFile", 3], ["appendFile", 3], ["stat", 2], ["readdir", 2], ["mkdir", 2], ["rm", 2], ["rename", 2], ["copyFile", 3],
  ["open", 3], ["realpath", 2], ["symlink", 3], ["truncate", 2], ["utimes", 3], ["access", 2], ["mkdtemp", 2], ["opendir", 2],
];
const FS_CALLBACK: Array<[string, number]> = [["readFile", 2], ["writeFile", 3], ["stat", 2], ["readdir", 2], ["mkdir", 2], ["open", 3], ["read", 5], ["write", 4], ["close", 1], ["rm", 2]];

/** Every API the guest fuzz calls, by name. */
export const GUEST_APIS: Readonly<Record<string, GuestApi>> = Object.fromEntries([
  ...FS_SYNC.map(([name, arity]) => [`fs.${name}`, { family: "fs", mode: "sync", arity, render: call(`fs.${name}`) }] as const),
  ...FS_PROMISES.map(([name, arity]) => [`fs.promises.${name}`, { family: "fs", mode: "sync", arity, render: call(`fs.promises.${name}`) }] as const),
  ...FS_CALLBACK.map(([name, arity]) => [`fs.${name}(cb)`, { family: "fs", mode: "callback", arity, render: withCallback(`fs.${name}`) }] as const),
  ["fs.createReadStream", { family: "fs", mode: "sync", arity: 2, render: (a: string[]) => `consume(fs.createReadStream(${a.join(", ")}))` }],
  ["fs.createWriteStream", { family: "fs", mode: "sync", arity: 2, render: (a: string[]) => `finish(fs.createWriteStream(${a.join(", ")}))` }],
  ["child_process.spawnSync", { family: "child_process", mode: "sync", arity: 3, render: call("cp.spawnSync") }],
  ["child_process.execSync", { family: "child_process", mode: "sync", arity: 2, render: call("cp.execSync") }],
  ["child_process.execFileSync", { family: "child_process", mode: "sync", arity: 3, render: call("cp.execFileSync") }],
  ["child_process.spawn", { family: "child_process", mode: "sync", arity: 3, render: (a: string[]) => `waitChild(cp.spawn(${a.join(", ")}))` }],
  ["child_process.exec", { family: "child_process", mode: "callback", arity: 2, render: withCallback("cp.exec") }],
  ["child_process.execFile", { family: "child_process", mode: "callback", arity: 3, render: withCallback("cp.execFile") }],
  ["http.get", { family: "http", mode: "sync", arity: 2, render: (a: string[]) => `waitRequest(http.get(${a.join(", ")}))` }],
  ["http.request", { family: "http", mode: "sync", arity: 2, render: (a: string[]) => `waitRequest(http.request(${a.join(", ")}), true)` }],
  ["https.get", { family: "http", mode: "sync", arity: 2, render: (a: string[]) => `waitRequest(https.get(${a.join(", ")}))` }],
  ["http.createServer().listen", { family: "http", mode: "sync", arity: 3, render: (a: string[]) => `listenAndClose([${a.join(", ")}])` }],
  ["dns.lookup", { family: "dns", mode: "callback", arity: 2, render: withCallback("dns.lookup") }],
  ["dns.promises.lookup", { family: "dns", mode: "sync", arity: 2, render: call("dns.promises.lookup") }],
  ["dns.lookupService", { family: "dns", mode: "callback", arity: 2, render: withCallback("dns.lookupService") }],
  ["process.chdir", { family: "process", mode: "sync", arity: 1, render: call("process.chdir") }],
  ["process.env set", { family: "process", mode: "sync", arity: 2, render: (a: string[]) => `(process.env[${a[0] ?? "undefined"}] = ${a[1] ?? "undefined"}, undefined)` }],
  ["process.env delete", { family: "process", mode: "sync", arity: 1, render: (a: string[]) => `(delete process.env[${a[0] ?? "undefined"}], undefined)` }],
  ["process.kill", { family: "process", mode: "sync", arity: 2, render: call("process.kill") }],
  ["process.hrtime", { family: "process", mode: "sync", arity: 1, render: call("process.hrtime") }],
  ["process.umask", { family: "process", mode: "sync", arity: 1, render: call("process.umask") }],
  ["process.emitWarning", { family: "process", mode: "sync", arity: 2, render: call("process.emitWarning") }],
  ["fetch", { family: "fetch", mode: "sync", arity: 2, render: (a: string[]) => `fetch(${a.join(", ")}).then((r) => r.arrayBuffer())` }],
]);

/** The API names of one family. */
export function apisOf(family: GuestApi["family"]): string[] {
  return Object.keys(GUEST_APIS).filter((name) => GUEST_APIS[name].family === family);
}

const PATHS = ["/root/a.txt", "/root/dir", "/root/dir/", "/root/new.txt", "/root/link", "/root/loop1", "/etc/secret.txt", "/root/deny/x", "a.txt", "../../etc/secret.txt", "", ".", "/", "/root/a.txt\u0000x", "/proc/self/environ", "/root/\uD800", "file:///root/a.txt"];
const URLS = ["http://127.0.0.1:9/ok", "http://127.0.0.1:9/hop", "http://127.0.0.1:9/big", "http://127.0.0.1:9/stream", "http://127.0.0.1:9/refused", "http://denied.test/", "https://example.test/", "ftp://127.0.0.1/", "http://", "not a url", "http://localhost:40000/"];
const WORDS = ["utf8", "hex", "base64", "ucs2", "latin1", "buffer", "bogus", "UTF-8", "echo", "exit3", "forbidden", "waitfail", "/bin/sh", "localhost", "nxdomain.test", "denied.test", "GET", "POST", "r", "w+", "a", "wx", "SECRET", "A", "__proto__", "constructor", "toString"];
const OPTION_KEYS = [
  "encoding", "flag", "mode", "recursive", "withFileTypes", "force", "cwd", "env", "stdio", "timeout", "maxBuffer", "shell", "killSignal", "input",
  "method", "headers", "host", "hostname", "port", "path", "family", "all", "signal", "bigint", "start", "end", "highWaterMark", "fd", "__proto__", "constructor",
];

const guestString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...PATHS, ...URLS, ...WORDS), weight: 6 },
  {
    arbitrary: fc.string({
      unit: fc.oneof(fc.constantFrom("\u0000", "/", "..", "a", "é", "\u202e", "%00", " "), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })),
      maxLength: 16,
    }),
    weight: 2,
  },
);

const guestNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, -1, 0.5, 3, 4, 5, 9, 15, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, 0o777, 40000, 65536),
  fc.integer({ min: -10, max: 70000 }),
  fc.double(),
);

/** A guest argument: mostly plausible (paths, URLs, options objects, buffers), often hostile. */
export const guestArg: fc.Arbitrary<GuestArg> = fc.letrec<{ arg: GuestArg; nested: GuestArg }>((tie) => ({
  arg: fc.oneof(
    { arbitrary: guestString.map((str) => ({ str })), weight: 6 },
    { arbitrary: guestNumber.map((num) => ({ num })), weight: 3 },
    { arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((b) => ({ big: b.toString() })), weight: 1 },
    { arbitrary: fc.constantFrom("undefined", "null", "true", "false", "symbol", "fn").map((kw) => ({ kw }) as GuestArg), weight: 2 },
    { arbitrary: fc.constantFrom(...GUEST_HOSTILE_KINDS).map((hostile) => ({ hostile }) as GuestArg), weight: 4 },
    { arbitrary: fc.constantFrom("string", "path", "bytes").map((huge) => ({ huge }) as GuestArg), weight: 1 },
    {
      arbitrary: fc.record({ bytes: fc.constantFrom(0, 1, 16, 4096), as: fc.constantFrom("Buffer", "Uint8Array", "Float64Array", "DataView", "ArrayBuffer", "subarray") }) as fc.Arbitrary<GuestArg>,
      weight: 2,
    },
    { arbitrary: tie("nested"), weight: 3 },
  ),
  nested: fc.oneof(
    { depthSize: "small" },
    fc.record({ obj: fc.array(fc.tuple(fc.constantFrom(...OPTION_KEYS), tie("arg")), { maxLength: 4 }), protoLiteral: fc.boolean() }),
    fc.record({ arr: fc.array(fc.option(tie("arg"), { nil: null, freq: 6 }), { maxLength: 4 }) }),
  ),
})).arg;

/** A batch of calls to the APIs named. */
export function guestCalls(apis: readonly string[], maxCalls: number): fc.Arbitrary<GuestCall[]> {
  return fc.array(
    fc.constantFrom(...apis).chain((api) => fc.array(guestArg, { maxLength: GUEST_APIS[api].arity + 1 }).map((args) => ({ api, args }))),
    { minLength: 1, maxLength: maxCalls },
  );
}

/** The guest expression that builds `arg`. */
export function renderArg(arg: GuestArg): string {
  if ("str" in arg) return JSON.stringify(arg.str);
  if ("num" in arg) return Object.is(arg.num, -0) ? "-0" : String(arg.num);
  if ("big" in arg) return `${arg.big}n`;
  if ("kw" in arg) return { undefined: "undefined", null: "null", true: "true", false: "false", symbol: 'Symbol("s")', fn: '(() => "/root/a.txt")' }[arg.kw];
  if ("hostile" in arg) return `hostile(${JSON.stringify(arg.hostile)})`;
  if ("huge" in arg) return { string: '"a".repeat(1 << 20)', path: '"/root/" + "d/".repeat(2100)', bytes: "Buffer.alloc(1 << 20, 97)" }[arg.huge];
  if ("bytes" in arg) {
    const n = arg.bytes;
    return {
      Buffer: `Buffer.alloc(${n}, 120)`,
      Uint8Array: `new Uint8Array(${n}).fill(121)`,
      Float64Array: `new Float64Array(${n})`,
      DataView: `new DataView(new ArrayBuffer(${n}))`,
      ArrayBuffer: `new ArrayBuffer(${n})`,
      subarray: `Buffer.alloc(${n + 8}, 122).subarray(4, ${n + 4})`,
    }[arg.as];
  }
  if ("obj" in arg) {
    // A literal `__proto__:` sets the prototype; a second one in the same literal is a SyntaxError, so only
    // the first is literal and any later one is a computed key (an own property named "__proto__").
    const literal = arg.protoLiteral ? arg.obj.findIndex(([key]) => key === "__proto__") : -1;
    const entries = arg.obj.map(([key, value], i) => (i === literal ? `__proto__: ${renderArg(value)}` : `[${JSON.stringify(key)}]: ${renderArg(value)}`));
    return `({ ${entries.join(", ")} })`;
  }
  return `[${arg.arr.map((item) => (item === null ? "" : renderArg(item))).join(", ")}${arg.arr.length > 0 && arg.arr[arg.arr.length - 1] === null ? "," : ""}]`;
}

/** Every string a description holds (the guest wrote these itself, so messages may echo them). */
export function guestStringsOf(calls: readonly GuestCall[]): string[] {
  const out: string[] = [];
  const walk = (arg: GuestArg | null): void => {
    if (arg === null) return;
    if ("str" in arg) out.push(arg.str);
    if ("obj" in arg) for (const [key, value] of arg.obj) out.push(key), walk(value);
    if ("arr" in arg) arg.arr.forEach(walk);
  };
  for (const c of calls) c.args.forEach(walk);
  return out;
}

/** The guest's helpers: hostile values, sentinels thrown by them, and waiting for streams, children, requests and servers. */
const HELPERS = String.raw`
const fs = require("fs"), cp = require("child_process"), http = require("http"), https = require("https"), dns = require("dns");
const results = [];
module.exports = results;
const NO_ANSWER = { noAnswer: true };
const THROWN_STRING = "hostile: a thrown string";
const THROWN_ERROR = new Error("hostile: a thrown error");
const THROWN_PROXY = new Proxy({}, { get() { throw THROWN_ERROR; }, getPrototypeOf() { throw THROWN_ERROR; }, has() { throw THROWN_ERROR; }, ownKeys() { throw THROWN_ERROR; } });
const SENTINELS = [THROWN_STRING, THROWN_ERROR, THROWN_PROXY];
const TRAPS = ["get", "set", "has", "deleteProperty", "ownKeys", "getOwnPropertyDescriptor", "defineProperty", "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions", "apply", "construct"];
function allThrow(target, thrown) {
  const handler = {};
  for (const trap of TRAPS) handler[trap] = () => { throw thrown; };
  return new Proxy(target, handler);
}
function hostile(kind) {
  const boom = () => { throw THROWN_ERROR; };
  switch (kind) {
    case "proxy-object": return allThrow({}, THROWN_ERROR);
    case "proxy-array": return allThrow(["/root/a.txt"], THROWN_ERROR);
    case "proxy-function": return allThrow(function target() {}, THROWN_ERROR);
    case "cyclic": { const o = { path: "/root/a.txt", encoding: "utf8" }; o.self = o; o.list = [o]; o.env = o; o.headers = o; return o; }
    case "getters-throw": { const o = {}; for (const k of ["path", "encoding", "flag", "mode", "cwd", "env", "stdio", "length", "0", "host", "port", "method", "headers", "toString", "valueOf"]) Object.defineProperty(o, k, { get: boom, enumerable: true }); return o; }
    case "to-string-throws": return { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom };
    case "to-string-changes": { let n = 0; return { toString: () => (n++ % 2 ? "/etc/secret.txt" : "/root/a.txt"), valueOf: () => (n++ % 2 ? 2 ** 40 : 3) }; }
    case "to-primitive": return { [Symbol.toPrimitive]: () => "/etc/secret.txt", toString: () => "/root/a.txt" };
    case "proto-literal": return { __proto__: { encoding: "hex", recursive: true, cwd: "/etc", env: { A: "1" }, shell: true, flag: "a", method: "POST", path: "/etc/secret.txt" } };
    case "proto-key": return JSON.parse('{"__proto__": {"polluted": "yes"}, "encoding": "utf8", "constructor": {"prototype": {"polluted": "yes"}}}');
    case "thenable": return { then(resolve) { resolve("/etc/secret.txt"); } };
    case "date": return new Date(NaN);
    case "map": return new Map([["path", "/root/a.txt"]]);
    case "file-url": return new URL("file:///root/a.txt");
    case "http-url": return new URL("http://127.0.0.1:9/ok");
    case "regexp": return /(a+)+$/;
    case "error": return Object.assign(new Error("an error as an argument"), { code: "EACCES" });
    case "symbol-keys": return { [Symbol("k")]: 1, [Symbol.toPrimitive]: () => "/root/a.txt" };
    case "frozen": return Object.freeze({ recursive: true, encoding: "utf8", env: Object.freeze({ A: "1" }) });
    case "null-proto": return Object.assign(Object.create(null), { encoding: "utf8", path: "/root/a.txt" });
    case "throws-string": return { get path() { throw THROWN_STRING; }, toString() { throw THROWN_STRING; } };
    case "throws-proxy": return { get path() { throw THROWN_PROXY; }, toString() { throw THROWN_PROXY; }, valueOf() { throw THROWN_PROXY; } };
  }
}
function later(ms) { return new Promise((resolve) => setTimeout(() => resolve(NO_ANSWER), ms)); }
// Each waits a little for its handle to finish, then destroys it: a handle left open (a response a hostile
// callback never read, say) keeps a run alive, in the sandbox as in Node, and this program must end.
async function settle(handle, wait) {
  try {
    return await Promise.race([new Promise(wait), later(50)]);
  } finally {
    try { handle.destroy(); } catch {}
  }
}
function consume(stream) { return settle(stream, (resolve) => { stream.on("error", resolve); stream.on("end", resolve); stream.on("close", resolve); stream.resume(); }); }
function finish(stream) { return settle(stream, (resolve) => { stream.on("error", resolve); stream.on("finish", resolve); stream.end("x"); }); }
function waitChild(child) { return settle({ destroy: () => child.kill() }, (resolve) => { child.on("error", resolve); child.on("close", resolve); if (child.stdout) child.stdout.resume(); if (child.stderr) child.stderr.resume(); }); }
function waitRequest(req, end) { return settle(req, (resolve) => { req.on("error", resolve); req.on("response", (res) => { res.on("error", resolve); res.on("end", resolve); res.resume(); }); if (end) req.end(); }); }
async function listenAndClose(args) {
  const server = http.createServer((req, res) => res.end("ok"));
  try {
    return await Promise.race([new Promise((resolve, reject) => { server.on("error", reject); server.listen(...args, resolve); }), later(50)]);
  } finally {
    server.close();
  }
}
function kindOf(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  const proto = Object.getPrototypeOf(v);
  return proto === null ? "null-prototype object" : (proto.constructor && proto.constructor.name) || "object";
}
function thrownRecord(e) {
  const record = { ok: false, isError: false, sentinel: SENTINELS.includes(e), codeType: "none", messageType: "none", message: "" };
  if (record.sentinel) return record;
  try { record.isError = e instanceof Error; } catch {}
  try { record.codeType = typeof e.code; record.messageType = typeof e.message; if (typeof e.message === "string") record.message = e.message.slice(0, 500); } catch { record.codeType = "getter threw"; }
  return record;
}
async function attempt(i, mode, f) {
  try {
    let value;
    if (mode === "callback") {
      value = await Promise.race([new Promise((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v)))), later(50)]);
    } else {
      value = f();
      if (value !== null && typeof value === "object" && typeof value.then === "function") value = await Promise.race([value, later(50)]);
    }
    results[i] = value === NO_ANSWER ? { ok: true, kind: "no answer yet" } : value instanceof Error ? thrownRecord(value) : { ok: true, kind: kindOf(value) };
  } catch (e) {
    results[i] = thrownRecord(e);
  }
}
process.on("uncaughtException", (e) => results.push({ uncaught: thrownRecord(e) }));
process.on("unhandledRejection", (e) => results.push({ unhandled: thrownRecord(e) }));
`;

/** The program that makes every call of `calls` in turn and exports a record per call. */
export function guestProgram(calls: readonly GuestCall[]): string {
  const body = calls.map((c, i) => {
    const api = GUEST_APIS[c.api];
    return `  await attempt(${i}, ${JSON.stringify(api.mode)}, (cb) => ${api.render(c.args.map(renderArg))});`;
  });
  return `${HELPERS}\n(async () => {\n${body.join("\n")}\n})();\n`;
}
