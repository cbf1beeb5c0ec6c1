/**
 * Argument lists for each op: every slot is mostly a value of the kind the op
 * expects (so calls get past coercion into the op's real work: existing
 * files, live descriptors and handles, allowed and denied targets) and now
 * and then a hostile value of any type; lists are sometimes cut short or run
 * long. Ops this table does not know (added after it was written) get lists
 * of any kinds, so every op in the table is fuzzed.
 * @module
 */
import fc from "fast-check";
import { hostileValue, nastyNumber, nastyString, Spec } from "./hostile-values.js";
import { MAX_READ_BYTES } from "./seed-fs.js";

/** The kinds of argument the ops take. */
export type Slot =
  | "path" | "encoding" | "bytes" | "flag" | "mode" | "int" | "bool" | "fd" | "handle" | "url" | "method" | "headers"
  | "redirect" | "command" | "argv" | "childOptions" | "signal" | "hostname" | "family" | "port" | "status" | "text"
  | "specifier" | "loadMode" | "time" | "readdirKind" | "envKey";

const PATHS = [
  "/root/a.txt", "/root/dir/b.txt", "/root/dir", "/root/dir/", "/root/dir/sub", "/root/big.bin", "/root/link", "/root/dangling",
  "/root/loop1", "/root/esc", "/root/rel", "/root/deny/x.txt", "/root/boom.txt", "/root/new.txt", "/root/newdir/x", "/root/addon.node",
  "/etc/secret.txt", "/etc", "/", "", ".", "..", "a.txt", "dir/b.txt", "./dir/../a.txt", "../../../etc/secret.txt", "//root//a.txt",
  "/root/a.txt/", "/root/a.txt\u0000.png", "/proc/self/environ", "/root/node_modules/pkg/main.js", "/root/package.json", "/root/tmp-",
  "/root/dir/sub/.keep", "/root/\uD800", "/root/" + "n".repeat(256),
];

/** Long paths: just under and over PATH_MAX (4096), deep. */
const LONG_PATHS = [
  new Spec('"/root/" + "d/".repeat(2100)', () => "/root/" + "d/".repeat(2100)),
  new Spec('"/root/" + "e".repeat(4090)', () => "/root/" + "e".repeat(4090)),
  new Spec('"d/".repeat(1000) + "a.txt"', () => "d/".repeat(1000) + "a.txt"),
];

const SEGMENTS = ["root", "dir", "sub", "a.txt", "b.txt", "..", ".", "", "link", "esc", "loop1", "deny", "boom", "etc", "secret.txt", "node_modules", "pkg", "new"];

const path: fc.Arbitrary<string | Spec> = fc.oneof(
  { arbitrary: fc.constantFrom(...PATHS), weight: 6 },
  { arbitrary: fc.constantFrom(...LONG_PATHS), weight: 1 },
  { arbitrary: fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 6 })).map(([abs, parts]) => (abs ? "/" : "") + parts.join("/")), weight: 3 },
  { arbitrary: nastyString, weight: 1 },
);

/** Bytes one past the fuzzed sandbox's read limit (shared: allocated once). */
const OVERSIZED_BYTES = new Uint8Array(MAX_READ_BYTES + 1);
const OVERSIZED = new Spec(`new Uint8Array(${MAX_READ_BYTES + 1})`, () => OVERSIZED_BYTES);

const URLS = [
  "http://127.0.0.1:9/ok", "http://127.0.0.1:9/hop", "http://127.0.0.1:9/big", "http://127.0.0.1:9/stream", "http://127.0.0.1:9/hang",
  "http://127.0.0.1:9/refused", "http://127.0.0.1:40000/", "http://localhost:40000/x?y#z", "http://denied.test/", "http://boom.test/",
  "https://example.test/path", "http://[::1]:40000/", "ftp://127.0.0.1/", "file:///etc/passwd", "javascript:alert(1)", "http://",
  "not a url", "/relative", "http://user:pw@127.0.0.1:9/ok#frag", "http://127.0.0.1:99999/", "http://[::1:9/",
];

const headers: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom("content-type", "Host", "x-a", "", "bad name", "Set-Cookie", "location"), fc.oneof(fc.constantFrom("text/plain", "0", "a\r\nb: c", ""), nastyString)), { maxLength: 4 }),
  fc.array(fc.oneof(fc.array(fc.string(), { maxLength: 3 }), hostileValue), { maxLength: 3 }),
);

const childOptions: fc.Arbitrary<unknown> = fc.record(
  {
    cwd: fc.oneof(path, hostileValue),
    env: fc.oneof(
      fc.dictionary(fc.constantFrom("A", "PATH", "LD_PRELOAD", "NODE_OPTIONS", "__proto__", "constructor", "deny", ""), fc.oneof(nastyString, hostileValue), { maxKeys: 4 }),
      hostileValue,
    ),
    stdio: fc.oneof(fc.array(fc.constantFrom("pipe", "ignore", "inherit", "bogus"), { maxLength: 4 }), hostileValue),
    timeout: fc.oneof(fc.constantFrom(0, 1, 5, 2 ** 31, -1), nastyNumber, hostileValue),
    killSignal: fc.oneof(fc.constantFrom(9, 15, 0, 99, -1), hostileValue),
    maxBuffer: fc.oneof(fc.constantFrom(0, 1, 100, Infinity, -1, NaN), hostileValue),
  },
  { requiredKeys: [] },
);

/** A value of each argument kind (valid or nearly so; the caller mixes in hostile ones). */
const SLOTS: Readonly<Record<Slot, fc.Arbitrary<unknown>>> = {
  path,
  encoding: fc.constantFrom("utf8", "utf-8", "UTF8", "latin1", "hex", "base64", "ucs2", "bogus", "", "buffer", undefined, null),
  bytes: fc.oneof(fc.uint8Array({ maxLength: 32 }), fc.string({ maxLength: 16 }), fc.constant(OVERSIZED)),
  flag: fc.constantFrom("r", "r+", "rs+", "w", "wx", "w+", "a", "a+", "ax", "xa+", "as", "bogus", "", "R", undefined),
  mode: fc.oneof(fc.constantFrom(0o644, 0o777, 0o4755, 0, -1, 0o7777 + 1, 2 ** 32, 1, 2, 4), nastyNumber),
  int: fc.oneof(fc.integer({ min: -2, max: 64 }), nastyNumber),
  bool: fc.oneof(fc.boolean(), fc.constantFrom(1, "true", null)),
  fd: fc.oneof(fc.constantFrom(3, 4, 5, 0, 1, 2, -1, 1024, 3.5), nastyNumber),
  handle: fc.oneof(fc.integer({ min: 0, max: 10 }), nastyNumber),
  url: fc.oneof(
    { arbitrary: fc.constantFrom(...URLS), weight: 5 },
    { arbitrary: fc.constant(new Spec('"http://127.0.0.1:9/" + "x".repeat(100000)', () => "http://127.0.0.1:9/" + "x".repeat(100000))), weight: 1 },
    { arbitrary: nastyString, weight: 1 },
  ),
  method: fc.constantFrom("GET", "POST", "HEAD", "get", "PUT", "CONNECT", "", "X\r\nY", "\u0000"),
  headers,
  redirect: fc.constantFrom("follow", "manual", "error", "bogus", ""),
  command: fc.oneof({ arbitrary: fc.constantFrom("sleep", "echo", "flood", "enoent", "waitfail", "writefail", "forbidden", "boom", "/bin/sh", "", "exit3"), weight: 5 }, { arbitrary: nastyString, weight: 1 }),
  argv: fc.oneof(fc.array(fc.oneof(fc.constantFrom("-c", "deny", "boom", "30"), nastyString), { maxLength: 4 }), fc.constant([])),
  childOptions,
  signal: fc.oneof(fc.constantFrom(0, 1, 2, 9, 15, 31, 32, 64, 65, -1, 1.5), nastyNumber),
  hostname: fc.constantFrom("localhost", "127.0.0.1", "::1", "nxdomain.test", "denied.test", "boom.test", "", "a".repeat(300), "exa mple", "\u0000"),
  family: fc.constantFrom(0, 4, 6, 5, -1, undefined, null, "4", 4.5),
  port: fc.oneof(fc.constantFrom(0, 1, 80, 40000, 65535, 65536, -1, 8.5), nastyNumber),
  status: fc.oneof(fc.constantFrom(200, 100, 204, 301, 404, 999, 99, 1000, 0), nastyNumber),
  text: nastyString,
  specifier: fc.constantFrom("pkg", "pkg/sub/x", "pkg/null", "./a.txt", "../x", "#imp", "#pkg", "#star/b.txt", "#nope", "@scope/x", "fs", "node:fs", "/root/node_modules/pkg", "esm", "badjson", "", ".", "..", "./addon.node", new Spec('"a/".repeat(3000)', () => "a/".repeat(3000))),
  loadMode: fc.constantFrom("require", "import", "bogus", undefined),
  time: fc.oneof(fc.constantFrom(0, 1e12, -1, 2 ** 53), nastyNumber),
  readdirKind: fc.constantFrom("opendir", "scandir", undefined),
  envKey: fc.oneof(fc.constantFrom("A", "PATH", "SECRET", "deny", "boom", "__proto__", "constructor", "", "a=b", "\u0000"), nastyString),
};

/** One valid value of each kind, to put before a hostile argument so the op gets as far as using it. */
export const SLOT_DEFAULTS: Readonly<Record<Slot, unknown>> = {
  path: "/root/a.txt", encoding: "utf8", bytes: new Uint8Array([104, 105]), flag: "r+", mode: 0o644, int: 1, bool: true, fd: 3, handle: 1,
  url: "http://127.0.0.1:9/ok", method: "GET", headers: [["x-a", "1"]], redirect: "follow", command: "echo", argv: ["hi"], childOptions: {},
  signal: 15, hostname: "localhost", family: 4, port: 0, status: 200, text: "x", specifier: "pkg", loadMode: "require", time: 0,
  readdirKind: "scandir", envKey: "A",
};

/** The slots of each op's arguments, in order. */
export const OP_SLOTS: Readonly<Record<string, readonly Slot[]>> = {
  "child.spawn": ["handle", "command", "argv", "childOptions"],
  "child.write": ["handle", "bytes"],
  "child.end": ["handle"],
  "child.kill": ["handle", "signal"],
  "child.spawnSync": ["command", "argv", "childOptions", "bytes"],
  "env.set": ["envKey", "text"],
  "env.delete": ["envKey"],
  "fetch.request": ["handle", "url", "method", "headers", "redirect", "bytes"],
  "fetch.abort": ["handle"],
  "dns.lookup": ["hostname", "family"],
  "fs.readFile": ["path", "encoding"],
  "fs.writeFile": ["path", "bytes", "flag", "mode"],
  "fs.stat": ["path"],
  "fs.lstat": ["path"],
  "fs.exists": ["path"],
  "fs.access": ["path", "mode"],
  "fs.readdir": ["path", "bool", "readdirKind"],
  "fs.mkdir": ["path", "bool", "mode"],
  "fs.mkdtemp": ["path"],
  "fs.rmdir": ["path"],
  "fs.unlink": ["path"],
  "fs.rm": ["path", "bool", "bool"],
  "fs.rename": ["path", "path"],
  "fs.copyFile": ["path", "path", "int"],
  "fs.realpath": ["path"],
  "fs.symlink": ["path", "path"],
  "fs.readlink": ["path"],
  "fs.link": ["path", "path"],
  "fs.chmod": ["path", "mode"],
  "fs.chown": ["path", "int", "int"],
  "fs.utimes": ["path", "time", "time"],
  "fs.lchown": ["path", "int", "int"],
  "fs.lutimes": ["path", "time", "time"],
  "fs.truncate": ["path", "int"],
  "fs.open": ["path", "flag", "mode"],
  "fs.close": ["fd"],
  "fs.read": ["fd", "int", "int"],
  "fs.write": ["fd", "bytes", "int"],
  "fs.fstat": ["fd"],
  "fs.ftruncate": ["fd", "int"],
  "fs.fsync": ["fd"],
  "process.chdir": ["path"],
  "http.request": ["handle", "url", "method", "headers", "bytes"],
  "http.abort": ["handle"],
  "server.listen": ["handle", "port", "hostname"],
  "server.respond": ["handle", "int", "status", "text", "headers", "bytes"],
  "server.abort": ["handle", "int"],
  "server.close": ["handle"],
  "module.resolve": ["specifier", "path", "loadMode"],
  "module.read": ["path"],
};

const anySlot: fc.Arbitrary<unknown> = fc.oneof(...Object.values(SLOTS));

/** One argument of kind `slot`: mostly of that kind, sometimes anything hostile. */
function argument(slot: Slot | null): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: slot === null ? anySlot : SLOTS[slot], weight: 5 }, { arbitrary: hostileValue, weight: 1 });
}

/** Argument lists for `op`: its slots (or up to six of any kind for an op this table does not know), sometimes cut or extended. */
export function opArguments(op: string): fc.Arbitrary<unknown[]> {
  const slots = OP_SLOTS[op];
  const base: fc.Arbitrary<unknown[]> = slots ? fc.tuple(...slots.map((s) => argument(s))) : fc.array(argument(null), { maxLength: 6 });
  return fc
    .tuple(base, fc.oneof({ arbitrary: fc.constant("as-is" as const), weight: 6 }, { arbitrary: fc.constant("cut" as const), weight: 1 }, { arbitrary: fc.constant("extend" as const), weight: 1 }), fc.nat(), fc.array(hostileValue, { maxLength: 2 }))
    .map(([args, shape, cutAt, extra]) => (shape === "cut" ? args.slice(0, cutAt % (args.length + 1)) : shape === "extend" ? [...args, ...extra] : args));
}
