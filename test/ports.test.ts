/**
 * The guest's Node builtins bundled from browser ports (buffer, url,
 * querystring, string_decoder, assert, stream, punycode) and the web globals
 * installed lazily (Buffer, URL, TextEncoder, AbortController...), run inside
 * the sandbox. Where Node itself has an answer, the test computes it on the
 * host and compares.
 */
import { afterAll, describe, expect, it } from "vitest";
import nodeUrl from "node:url";
import { StringDecoder } from "node:string_decoder";
import type { StdioEvent } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const h = harness();
afterAll(() => h.runtime.dispose());

/** Runs `code` and returns its exit code and output. */
async function exec(code: string, filePath?: string) {
  const events: StdioEvent[] = [];
  const result = await h.runtime.exec(code, { onStdio: (e) => events.push(e), ...(filePath ? { filePath } : {}) });
  const text = (channel: string) => events.filter((e) => e.channel === channel).map((e) => e.message).join("");
  return { code: result.code, errorMessage: result.errorMessage, stdout: text("stdout"), stderr: text("stderr") };
}

/** Runs `code` and returns a copy of its exports, failing on a non-zero exit. */
async function run<T = any>(code: string, filePath?: string): Promise<T> {
  const result = await h.runtime.run<T>(code, filePath);
  expect(result.errorMessage).toBeUndefined();
  expect(result.code).toBe(0);
  return result.exports as T;
}

describe("buffer", () => {
  it("require('buffer') and the Buffer global are the port's Buffer", async () => {
    const r = await exec(`
      const { Buffer: B, kMaxLength, constants } = require("buffer");
      console.log(B.from("hi").toString("hex"), B === Buffer, B === require("node:buffer").Buffer);
      console.log(Buffer.from("aGk=", "base64").toString(), Buffer.alloc(3, 1).readUInt16BE(0), Buffer.concat([Buffer.from("a"), Buffer.from("b")]).toString());
      console.log(kMaxLength === constants.MAX_LENGTH, Buffer.isBuffer(Buffer.alloc(0)), Buffer.from("hi") instanceof Uint8Array);
    `);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("6869 true true\nhi 257 ab\ntrue true true\n");
  });

  it("console.log and util.inspect print a Buffer as Node does", async () => {
    const r = await exec(`
      console.log(Buffer.from("hi"));
      console.log(require("util").inspect({ b: Buffer.from([1, 255]) }));
      console.log(Buffer.alloc(60));
    `);
    expect(r.stdout).toBe("<Buffer 68 69>\n{ b: <Buffer 01 ff> }\n" + `<Buffer ${Array(50).fill("00").join(" ")} ... 10 more bytes>\n`);
  });

  it("base64url, and Node's error codes for unknown encodings", async () => {
    const out = await run(`
      const b = Buffer.from("+/+/", "base64");
      let unknown;
      try { Buffer.from("x", "nope") } catch (e) { unknown = [e.name, e.code, e.message] }
      module.exports = [b.toString("base64url"), Buffer.from("-_-_", "base64url").equals(b), Buffer.isEncoding("base64url"), unknown];
    `);
    expect(out).toEqual(["-_-_", true, true, ["TypeError", "ERR_UNKNOWN_ENCODING", "Unknown encoding: nope"]]);
  });

  it("decodes invalid UTF-8 as Node does: one U+FFFD per maximal subpart", async () => {
    // Random bytes biased toward UTF-8 lead and continuation bytes, and the edges of the valid ranges.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pool = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff];
    const samples = Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => pool[Math.floor(random() * pool.length)]!));
    const out = await run(`module.exports = ${JSON.stringify(samples)}.map((bytes) => Buffer.from(bytes).toString())`);
    expect(out).toEqual(samples.map((bytes) => Buffer.from(bytes).toString()));
  });

  it("reads and writes out of range throw Node's ERR_OUT_OF_RANGE", async () => {
    const cases = [
      "Buffer.alloc(1).readUInt8(1)",
      "Buffer.alloc(4).readUInt32LE(1)",
      "Buffer.alloc(1).writeUInt8(300)",
      "Buffer.alloc(4).writeInt32LE(2 ** 31)",
      "Buffer.alloc(4).writeUInt32BE(-1)",
      "Buffer.alloc(6).writeUIntLE(2 ** 48, 0, 6)",
      "Buffer.alloc(1).writeUInt8(1, 1)",
      "Buffer.alloc(8).writeBigInt64LE(2n ** 63n)",
      "Buffer.alloc(2).swap32()",
    ];
    const attempt = (code: string) => {
      try {
        return new Function("Buffer", `return ${code}`)(Buffer);
      } catch (e) {
        return [(e as Error).name, (e as { code?: string }).code, (e as Error).message];
      }
    };
    const out = await run(`const attempt = ${attempt.toString()}; module.exports = ${JSON.stringify(cases)}.map(attempt);`);
    expect(out).toEqual(cases.map(attempt));
  });

  it("atob and btoa follow the forgiving-base64 rules", async () => {
    const cases = ["aGk=", "aGk", " aG k= ", "aGk==", "a", "aG=k", "@@@@", ""];
    const expected = cases.map((c) => {
      try {
        return atob(c);
      } catch (e) {
        return `${(e as Error).name}`;
      }
    });
    const out = await run(`
      module.exports = {
        decoded: ${JSON.stringify(cases)}.map((c) => { try { return atob(c) } catch (e) { return e.name + (e instanceof DOMException ? "" : "?") } }),
        encoded: btoa("hi\\u00ff"),
        wide: (() => { try { btoa("\\u0100") } catch (e) { return [e.name, e.code] } })(),
        same: atob === require("buffer").atob,
      };
    `);
    expect(out).toEqual({ decoded: expected, encoded: btoa("hi\u00ff"), wide: ["InvalidCharacterError", 5], same: true });
  });

  it("import { Buffer } from 'node:buffer' in an ES module", async () => {
    const out = await run(
      `import { Buffer, atob } from "node:buffer";
       import buffer from "buffer";
       export const hex = Buffer.from("hi").toString("hex");
       export const same = buffer.Buffer === Buffer && Buffer === globalThis.Buffer;
       export const decoded = atob("aGk=");`,
      "/app/main.mjs",
    );
    expect(out).toEqual({ hex: "6869", same: true, decoded: "hi" });
  });
});

describe("url", () => {
  const inputs: Array<[string, string?]> = [
    ["http://EXAMPLE.com:80/a/./b/../c?q=1#f"],
    ["HTTPS://user:p%40ss@Host.COM:0443/x?y#z"],
    ["https://ex ample.com/"],
    ["http://[::FFFF:127.0.0.1]:8080/"],
    ["http://0x7F.0.0.1/"],
    ["http://1.2.3.256/"],
    ["http://ＥＸＡＭＰＬＥ.com/"],
    ["http://münchen.de/straße?ä=ö#ü"],
    ["http://xn--mnchen-3ya.de/"],
    ["http://a/b c/d?e f#g h"],
    ["  http://a.b/\t\n p  "],
    ["http://%41.com/"],
    ["http://a.b/%zz?%zz#%zz"],
    ["../x?y#z", "http://a/b/c/d"],
    ["//foo/bar", "https://base/"],
    ["?only", "http://a/b?c#d"],
    ["file:///C:/x/../y"],
    ["file://host/share/f"],
    ["javascript:alert(1)"],
    ["mailto:x@y.z"],
    ["blob:https://a.b/uuid"],
    ["non-special://host:99/p"],
    ["data:text/plain,hi there"],
    ["http://[1:0::]/"],
    ["http:/\\\\example.com\\path"],
    ["nope"],
    ["x", "nope"],
  ];
  const describeUrl = (input: string, base?: string) => {
    try {
      const u = new URL(input, base);
      return [u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash];
    } catch (e) {
      return ["invalid", (e as { code?: string }).code];
    }
  };

  it("parses tricky inputs exactly as the host's URL does", async () => {
    const out = await run(`
      const describeUrl = ${describeUrl.toString()};
      module.exports = ${JSON.stringify(inputs)}.map(([input, base]) => describeUrl(input, base ?? undefined));
    `);
    expect(out).toEqual(inputs.map(([input, base]) => describeUrl(input, base)));
  });

  it("URLSearchParams and the setters", async () => {
    const script = (URLCtor: typeof URL, Params: typeof URLSearchParams) => {
      const u = new URLCtor("http://a.b/p?b=2&a=1&a=3");
      u.searchParams.append("c", "x y&z");
      u.searchParams.sort();
      const p = new Params({ q: "é", n: "1" });
      p.set("n", "2");
      u.hash = "frag ment";
      u.pathname = "/a b";
      u.port = "8080";
      return [u.href, u.searchParams.getAll("a"), [...p].join(";"), p.toString(), new Params("?a=1&a=2&b").toString(), URLCtor.canParse("x:"), URLCtor.canParse("/x")];
    };
    const out = await run(`module.exports = (${script.toString()})(URL, URLSearchParams);`);
    expect(out).toEqual(script(URL, URLSearchParams));
  });

  it("invalid input throws Node's ERR_INVALID_URL", async () => {
    const out = await run(`
      const codes = [];
      for (const f of [() => new URL("nope"), () => new URL("a", "bad"), () => { new URL("http://x").href = "nope" }, () => new URL()]) {
        try { f() } catch (e) { codes.push([e.name, e.code, e.message, e.input]) }
      }
      module.exports = codes;
    `);
    expect(out).toEqual([
      ["TypeError", "ERR_INVALID_URL", "Invalid URL", "nope"],
      ["TypeError", "ERR_INVALID_URL", "Invalid URL", "a"],
      ["TypeError", "ERR_INVALID_URL", "Invalid URL", "nope"],
      ["TypeError", "ERR_MISSING_ARGS", 'The "url" argument must be specified', undefined],
    ]);
  });

  it("util.inspect prints URL and URLSearchParams as Node does", async () => {
    const r = await exec(`console.log(new URL("https://u:p@a.b:81/c?d=1#e")); console.log(new URLSearchParams("a=1&b=2"), new URLSearchParams());`);
    const { inspect } = await import("node:util");
    expect(r.stdout).toBe(`${inspect(new URL("https://u:p@a.b:81/c?d=1#e"))}\n${inspect(new URLSearchParams("a=1&b=2"))} URLSearchParams {}\n`);
  });

  it("the legacy API and the file URL helpers match the host's url module", async () => {
    const legacy = ["http://user:pw@host.com:8080/p/a/t/h?query=string#hash", "/relative/path?x=1&x=2", "HTTP://Example.COM/a b", "mailto:someone@example.com"];
    const fields = ["protocol", "slashes", "auth", "host", "port", "hostname", "hash", "search", "query", "pathname", "path", "href"] as const;
    const pick = (u: Record<string, unknown>) => fields.map((f) => u[f] ?? null);
    const paths = ["/a b/c%d", "/x#y?z", "/tab\there/", "/ünï"];
    const fileUrls = ["file:///a%20b/c", "file:///%C3%BC", "file://localhost/etc/hosts"];
    const domains = ["español.com", "xn--espaol-zwa.com", "EXAMPLE.com", "a b"];
    const out = await run(`
      const url = require("url");
      const fields = ${JSON.stringify(fields)};
      const pick = (u) => fields.map((f) => u[f] ?? null);
      module.exports = {
        parsed: ${JSON.stringify(legacy)}.map((s) => pick(url.parse(s))),
        query: { ...url.parse("/p?a=1&a=2&b=%20", true).query },
        formatted: url.format({ protocol: "https", hostname: "a.b", pathname: "/x y", query: { q: ["1", "2"] } }),
        resolved: [url.resolve("http://a/b/c/d", "../e"), url.resolve("/one/two", "three"), url.resolve("http://a/", "//b/c")],
        toUrl: ${JSON.stringify(paths)}.map((p) => url.pathToFileURL(p).href),
        toPath: ${JSON.stringify(fileUrls)}.map((u) => url.fileURLToPath(u)),
        ascii: ${JSON.stringify(domains)}.map((d) => url.domainToASCII(d)),
        unicode: ${JSON.stringify(domains)}.map((d) => url.domainToUnicode(d)),
        formatURL: url.format(new URL("http://u:p@xn--espaol-zwa.com/a?b#c"), { unicode: true, auth: false, search: false, fragment: false }),
        httpOptions: { ...url.urlToHttpOptions(new URL("https://u:p@[::1]:99/x?y")) },
        sameClasses: url.URL === URL && url.URLSearchParams === URLSearchParams,
        encodedSlash: (() => { try { url.fileURLToPath("file:///a%2Fb") } catch (e) { return e.code } })(),
      };
    `);
    expect(out).toEqual({
      parsed: legacy.map((s) => pick(nodeUrl.parse(s) as unknown as Record<string, unknown>)),
      query: { ...nodeUrl.parse("/p?a=1&a=2&b=%20", true).query },
      formatted: nodeUrl.format({ protocol: "https", hostname: "a.b", pathname: "/x y", query: { q: ["1", "2"] } }),
      resolved: [nodeUrl.resolve("http://a/b/c/d", "../e"), nodeUrl.resolve("/one/two", "three"), nodeUrl.resolve("http://a/", "//b/c")],
      toUrl: paths.map((p) => nodeUrl.pathToFileURL(p).href),
      toPath: fileUrls.map((u) => nodeUrl.fileURLToPath(u)),
      ascii: domains.map((d) => nodeUrl.domainToASCII(d)),
      unicode: domains.map((d) => nodeUrl.domainToUnicode(d)),
      formatURL: nodeUrl.format(new URL("http://u:p@xn--espaol-zwa.com/a?b#c"), { unicode: true, auth: false, search: false, fragment: false }),
      httpOptions: { ...nodeUrl.urlToHttpOptions(new URL("https://u:p@[::1]:99/x?y")) },
      sameClasses: true,
      encodedSlash: "ERR_INVALID_FILE_URL_PATH",
    });
  });
});

describe("querystring, string_decoder, punycode", () => {
  it("querystring round trip", async () => {
    const value = { a: ["1", "2"], b: "x y&z=", c: "é€😀", d: "" };
    const out = await run(`
      const qs = require("querystring");
      const text = qs.stringify(${JSON.stringify(value)});
      module.exports = { text, back: { ...qs.parse(text) }, custom: qs.stringify({ a: 1, b: 2 }, ";", ":"), escaped: qs.escape("a b"), same: qs.decode === qs.parse };
    `);
    const qs = await import("node:querystring");
    const text = qs.stringify(value);
    expect(out).toEqual({ text, back: value, custom: qs.stringify({ a: 1, b: 2 }, ";", ":"), escaped: qs.escape("a b"), same: true });
  });

  it("querystring as Node's: no prototype, malformed escapes kept, custom coders", async () => {
    const qs = await import("node:querystring");
    const script = (q: typeof qs) => {
      const parsed = q.parse("a=%E0%A4%A&b=%zz&c=%41+x&__proto__=p");
      let lone;
      try {
        q.stringify({ a: "\ud800" });
      } catch (e) {
        lone = [(e as Error).name, (e as { code?: string }).code];
      }
      return {
        proto: Object.getPrototypeOf(parsed),
        parsed: { ...parsed },
        unescaped: [q.unescape("%zz%41"), [...(q as unknown as { unescapeBuffer(s: string, spaces: boolean): Uint8Array }).unescapeBuffer("%41%zz+", true)]],
        lone,
        custom: [q.stringify({ a: "x y" }, ";", ":", { encodeURIComponent: (s: string) => s.toUpperCase() }), { ...q.parse("a=b", undefined, undefined, { decodeURIComponent: (s: string) => s + "!" }) }],
        nonObject: [q.stringify("x" as never), q.stringify(null as never)],
      };
    };
    const out = await run(`module.exports = (${script.toString()})(require("querystring"))`);
    expect(out).toEqual(script(qs));
  });

  it("string_decoder takes TypedArrays and reports Node's errors", async () => {
    const out = await run(`
      const { StringDecoder } = require("string_decoder");
      const d = new StringDecoder("utf8");
      const errors = [];
      for (const f of [() => new StringDecoder("nope"), () => d.write(42)]) try { f() } catch (e) { errors.push([e.name, e.code]) }
      module.exports = { joined: d.write(new Uint8Array([0xe2, 0x82])) + d.write(new DataView(new Uint8Array([0xac]).buffer)), hex: new StringDecoder("hex").end(new Uint8Array([1, 255])), str: d.write("s"), errors };
    `);
    expect(out).toEqual({ joined: "€", hex: "01ff", str: "s", errors: [["TypeError", "ERR_UNKNOWN_ENCODING"], ["TypeError", "ERR_INVALID_ARG_TYPE"]] });
  });

  it("string_decoder joins multi-byte characters split across writes", async () => {
    const text = "a€😀é";
    const bytes = [...Buffer.from(text)];
    const expected = (() => {
      const d = new StringDecoder("utf8");
      return bytes.map((b) => d.write(Buffer.from([b]))).concat(d.end());
    })();
    const out = await run(`
      const { StringDecoder } = require("string_decoder");
      const d = new StringDecoder("utf8");
      const parts = ${JSON.stringify(bytes)}.map((b) => d.write(Buffer.from([b])));
      parts.push(d.end());
      const b64 = new StringDecoder("base64");
      module.exports = { parts, truncated: new StringDecoder("utf8").end(Buffer.from([0xe2, 0x82])), base64: b64.write(Buffer.from("hi")) + b64.end() };
    `);
    expect(out).toEqual({ parts: expected, truncated: new StringDecoder("utf8").end(Buffer.from([0xe2, 0x82])), base64: "aGk=" });
    expect(out.parts.join("")).toBe(text);
  });

  it("punycode", async () => {
    const out = await run(`const p = require("punycode"); module.exports = [p.encode("mañana"), p.decode("maana-pta"), p.toASCII("mañana.com"), p.toUnicode("xn--maana-pta.com"), p.version];`);
    expect(out).toEqual(["maana-pta", "mañana", "xn--maana-pta.com", "mañana.com", "2.3.1"]);
  });
});

describe("assert", () => {
  it("deepStrictEqual failures are AssertionErrors with code ERR_ASSERTION", async () => {
    const out = await run(`
      const assert = require("assert");
      let caught;
      try { assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }) } catch (e) { caught = e }
      module.exports = {
        name: caught.name, code: caught.code, isAssertionError: caught instanceof assert.AssertionError, isError: caught instanceof Error,
        operator: caught.operator, actual: caught.actual, expected: caught.expected, generated: caught.generatedMessage,
        firstLine: caught.message.split("\\n")[0],
        passes: (() => { assert.deepStrictEqual(new Map([[1, { x: [1] }]]), new Map([[1, { x: [1] }]])); assert.ok(1); assert.equal(1, "1"); return true })(),
      };
    `);
    expect(out).toEqual({
      name: "AssertionError",
      code: "ERR_ASSERTION",
      isAssertionError: true,
      isError: true,
      operator: "deepStrictEqual",
      actual: { a: 1, b: [1, 2] },
      expected: { a: 1, b: [1, 3] },
      generated: true,
      firstLine: "Expected values to be strictly deep-equal:",
      passes: true,
    });
  });

  it("util.isDeepStrictEqual", async () => {
    const out = await run(`const { isDeepStrictEqual: eq } = require("util"); module.exports = [eq({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), eq(1, "1"), eq(new Set([1]), new Set([1])), eq([1], { 0: 1, length: 1 }), eq(NaN, NaN)];`);
    expect(out).toEqual([true, false, true, false, true]);
  });

  it("assert/strict, throws and rejects", async () => {
    const out = await run(`
      const strict = require("assert/strict");
      const results = [strict === require("assert").strict, strict === require("node:assert/strict")];
      try { strict.equal(1, "1") } catch (e) { results.push(e.code, e.operator) }
      strict.throws(() => { throw new TypeError("boom") }, TypeError);
      strict.throws(() => { throw new Error("boom") }, /boom/);
      try { strict.throws(() => {}) } catch (e) { results.push(e.message) }
      strict.rejects(Promise.reject(new Error("late")), /late/).then(() => { results.push("rejects ok"); module.exports = results });
    `);
    expect(out).toEqual([true, true, "ERR_ASSERTION", "strictEqual", "Missing expected exception.", "rejects ok"]);
  });
});

describe("stream", () => {
  it("a Readable piped through a Transform into a Writable, driven by the event loop", async () => {
    const r = await exec(`
      const { Readable, Writable, Transform } = require("node:stream");
      let n = 0;
      const source = new Readable({
        read() {
          // Each chunk arrives from a timer, as from I/O.
          setTimeout(() => this.push(n < 5 ? "chunk" + n++ + "," : null), 1);
        },
      });
      const upper = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()) } });
      const received = [];
      const sink = new Writable({
        write(chunk, enc, cb) { received.push(Buffer.isBuffer(chunk) ? chunk.toString() : "not a buffer"); setImmediate(cb) },
      });
      sink.on("finish", () => console.log("finish", received.join("")));
      source.on("end", () => console.log("end"));
      source.pipe(upper).pipe(sink);
    `);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("end\nfinish CHUNK0,CHUNK1,CHUNK2,CHUNK3,CHUNK4,\n");
  });

  it("pipeline, finished, stream/promises and async iteration", async () => {
    const out = await run(`
      const stream = require("stream");
      const { pipeline: pipelineAsync, finished: finishedAsync } = require("stream/promises");
      const { Readable, PassThrough, Writable, Duplex, pipeline, finished } = stream;
      const results = [typeof stream === "function", stream.Stream === stream, stream.promises === require("node:stream/promises")];
      const collect = (into) => new Writable({ objectMode: true, write(c, e, cb) { into.push(c); cb() } });
      const a = [];
      pipeline(Readable.from([1, 2, 3]), new PassThrough({ objectMode: true }), collect(a), (err) => {
        results.push(["pipeline", err ?? null, a]);
        const failing = new Readable({ read() { this.destroy(new Error("broken")) } });
        pipeline(failing, collect([]), (err) => {
          results.push(["failed", err && err.message]);
          const d = new PassThrough();
          finished(d, (err) => results.push(["finished", err ?? null]));
          d.end("x");
          d.resume();
          (async () => {
            const b = [];
            await pipelineAsync(Readable.from(["x", "y"]), collect(b));
            results.push(["promises", b]);
            const chunks = [];
            for await (const chunk of Readable.from(["p", "q"])) chunks.push(chunk);
            results.push(["iterate", chunks, await Readable.from([1, 2, 3]).map((x) => x * 2).toArray()]);
            const w = collect([]);
            w.end();
            await finishedAsync(w);
            results.push(["duplex", typeof Duplex.from]);
            module.exports = results;
          })();
        });
      });
    `);
    expect(out).toEqual([
      true,
      true,
      true,
      ["pipeline", null, [1, 2, 3]],
      ["failed", "broken"],
      ["finished", null],
      ["promises", ["x", "y"]],
      ["iterate", ["p", "q"], [2, 4, 6]],
      ["duplex", "function"],
    ]);
  });

  it("import { Readable } from 'node:stream' in an ES module", async () => {
    const out = await run(
      `import { Readable, Writable } from "node:stream";
       import { pipeline } from "node:stream/promises";
       const got = [];
       await pipeline(Readable.from(["a", "b"]), new Writable({ write(c, e, cb) { got.push(String(c)); cb() } }));
       export const joined = got.join("");`,
      "/app/main.mjs",
    );
    expect(out).toEqual({ joined: "ab" });
  });
});

describe("TextEncoder and TextDecoder", () => {
  it("decode multi-byte UTF-8, whole, streamed and malformed", async () => {
    const text = "héllo € 😀 日本";
    const bytes = [...new TextEncoder().encode(text)];
    const malformed = [0x61, 0xe2, 0x82, 0x62, 0xff, 0xf0, 0x9f, 0x98];
    const out = await run(`
      const bytes = new Uint8Array(${JSON.stringify(bytes)});
      const enc = new TextEncoder();
      const dec = new TextDecoder();
      const streamed = new TextDecoder();
      let pieces = "";
      for (const b of bytes) pieces += streamed.decode(new Uint8Array([b]), { stream: true });
      pieces += streamed.decode();
      const into = new Uint8Array(5);
      let fatal;
      try { new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xc3])) } catch (e) { fatal = [e.name, e.code] }
      module.exports = {
        encoded: [...enc.encode(${JSON.stringify(text)})],
        decoded: dec.decode(bytes),
        pieces,
        malformed: dec.decode(new Uint8Array(${JSON.stringify(malformed)})),
        bom: [new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))],
        encodeInto: [enc.encodeInto("a€b", into), [...into]],
        utf16: new TextDecoder("utf-16le").decode(new Uint8Array([104, 0, 105, 0])),
        fatal,
        encoding: [dec.encoding, new TextDecoder("latin1").encoding, enc.encoding],
        util: require("util").TextEncoder === TextEncoder && require("util").TextDecoder === TextDecoder,
      };
    `);
    const into = new Uint8Array(5);
    expect(out).toEqual({
      encoded: bytes,
      decoded: text,
      pieces: text,
      malformed: new TextDecoder().decode(new Uint8Array(malformed)),
      bom: ["A", "\ufeffA"],
      encodeInto: [new TextEncoder().encodeInto("a€b", into), [...into]],
      utf16: "hi",
      fatal: ["TypeError", "ERR_ENCODING_INVALID_ENCODED_DATA"],
      encoding: ["utf-8", new TextDecoder("latin1").encoding, "utf-8"],
      util: true,
    });
  });
});

describe("AbortController, EventTarget, DOMException", () => {
  it("abort with and without a reason, listeners and onabort", async () => {
    const out = await run(`
      const log = [];
      const ac = new AbortController();
      ac.signal.onabort = (e) => log.push("onabort " + e.type);
      ac.signal.addEventListener("abort", (e) => log.push("listener " + (e.target === ac.signal)), { once: true });
      ac.abort();
      ac.abort();
      const reason = ac.signal.reason;
      let thrown;
      try { ac.signal.throwIfAborted() } catch (e) { thrown = e === reason }
      const custom = AbortSignal.abort("why");
      let illegal;
      try { new AbortSignal() } catch (e) { illegal = e.name }
      module.exports = {
        log, aborted: ac.signal.aborted, reason: [reason.name, reason.message, reason.code, reason instanceof DOMException, reason instanceof Error], thrown,
        custom: [custom.aborted, custom.reason], illegal, isEventTarget: ac.signal instanceof EventTarget,
        tag: Object.prototype.toString.call(ac.signal),
        any: AbortSignal.any([new AbortController().signal, custom]).reason,
      };
    `);
    expect(out).toEqual({
      log: ["onabort abort", "listener true"],
      aborted: true,
      reason: ["AbortError", "This operation was aborted", 20, true, true],
      thrown: true,
      custom: [true, "why"],
      illegal: "TypeError",
      isEventTarget: true,
      tag: "[object AbortSignal]",
      any: "why",
    });
  });

  it("AbortSignal.timeout fires from the event loop without keeping it alive", async () => {
    const out = await run(`
      const log = [];
      const s = AbortSignal.timeout(5);
      s.addEventListener("abort", () => { log.push(s.reason.name); module.exports = log });
      setTimeout(() => log.push("timer"), 20);
      AbortSignal.timeout(60000);
    `);
    // The program ends with its last timer, not a minute later.
    expect(out).toEqual(["TimeoutError", "timer"]);
  });

  it("EventTarget with Event, options and a signal; streams accept the signal", async () => {
    const out = await run(`
      const et = new EventTarget();
      const log = [];
      const ac = new AbortController();
      et.addEventListener("ping", (e) => log.push(["a", e.type, e instanceof Event, e.cancelable]));
      et.addEventListener("ping", () => log.push("removed by signal"), { signal: ac.signal });
      et.addEventListener("ping", { handleEvent: (e) => { log.push("object"); e.preventDefault() } });
      ac.abort();
      const notCanceled = et.dispatchEvent(new Event("ping", { cancelable: true }));
      const { Readable } = require("stream");
      const ac2 = new AbortController();
      const r = new Readable({ read() {}, signal: ac2.signal });
      r.on("error", (e) => { log.push(["stream", e.name, e.code]); module.exports = { log, notCanceled } });
      ac2.abort();
    `);
    expect(out).toEqual({ log: [["a", "ping", true, true], "object", ["stream", "AbortError", "ABORT_ERR"]], notCanceled: false });
  });

  it("a throwing listener is an uncaught exception, as in Node", async () => {
    const r = await exec(`
      const et = new EventTarget();
      et.addEventListener("x", () => { throw new Error("from listener") });
      et.dispatchEvent(new Event("x"));
      console.log("dispatch returned");
    `);
    expect(r.stdout).toBe("dispatch returned\n");
    expect(r.code).toBe(1);
    expect(r.errorMessage).toMatch(/from listener/);
  });

  it("DOMException names, codes and constants", async () => {
    const out = await run(`
      const e = new DOMException("m", "NotFoundError");
      const c = new DOMException("c", { name: "DataCloneError", cause: 1 });
      module.exports = [e.name, e.message, e.code, DOMException.NOT_FOUND_ERR, new DOMException().name, new DOMException("x", "Custom").code, c.code, c.cause];
    `);
    expect(out).toEqual(["NotFoundError", "m", 8, 8, "Error", 0, 25, 1]);
  });
});

describe("lazy globals", () => {
  const names = ["Buffer", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "atob", "btoa", "AbortController", "AbortSignal", "Event", "EventTarget", "DOMException"];

  it("are accessors until first read, then plain data properties shaped as in Node", async () => {
    const out = await run(`
      const names = ${JSON.stringify(names)};
      const shape = (d) => d && ["value" in d ? "data" : "accessor", d.enumerable, d.configurable, "value" in d ? d.writable : undefined];
      const before = names.map((n) => shape(Object.getOwnPropertyDescriptor(globalThis, n)));
      const types = names.map((n) => typeof globalThis[n]);
      const after = names.map((n) => shape(Object.getOwnPropertyDescriptor(globalThis, n)));
      module.exports = { before, types, after };
    `);
    const enumerable = (n: string) => n === "atob" || n === "btoa";
    expect(out).toEqual({
      before: names.map((n) => ["accessor", enumerable(n), true, undefined]),
      types: names.map(() => "function"),
      after: names.map((n) => ["data", enumerable(n), true, true]),
    });
  });

  it("a program that touches none of them loads none of their builtins", async () => {
    // The buffer, URL and event-target builtins ask Symbol.for for
    // util.inspect.custom as they are evaluated: a spy on it, installed after
    // some ordinary work, sees each of them evaluated at its first touch, so
    // none of them had been before.
    const out = await run(`
      const stillLazy = () => ${JSON.stringify(names)}.filter((n) => "get" in Object.getOwnPropertyDescriptor(globalThis, n));
      console.log("%s %d %o", "x", 1, { a: [1] });
      require("events").once;
      require("path").join("a", "b");
      require("util").format("%j", { a: 1 });
      setTimeout(() => {
        const untouched = stillLazy().length;
        const asked = [];
        const symbolFor = Symbol.for;
        Symbol.for = function (key) { asked.push(key); return symbolFor.call(Symbol, key) };
        const evaluatedBy = (touch) => {
          const before = asked.length;
          touch();
          return asked.slice(before).includes("nodejs.util.inspect.custom");
        };
        module.exports = {
          untouched,
          buffer: evaluatedBy(() => Buffer),
          url: evaluatedBy(() => URL),
          events: evaluatedBy(() => AbortController),
          again: evaluatedBy(() => require("buffer") && require("url") && EventTarget),
          lazyAfter: stillLazy(),
        };
      }, 1);
    `);
    expect(out).toEqual({
      untouched: names.length,
      buffer: true,
      url: true,
      events: true,
      again: false,
      lazyAfter: names.filter((n) => !["Buffer", "URL", "AbortController", "EventTarget"].includes(n)),
    });
  });

  it("assigning one before reading it replaces it without loading anything", async () => {
    const out = await run(`
      globalThis.Buffer = "mine";
      URL = 42;
      const d = Object.getOwnPropertyDescriptor(globalThis, "Buffer");
      module.exports = [Buffer, URL, "value" in d, d.writable, typeof require("buffer").Buffer, delete globalThis.TextEncoder, typeof TextEncoder];
    `);
    expect(out).toEqual(["mine", 42, true, true, "function", true, "undefined"]);
  });

  it("each global is the same object as its module's export", async () => {
    const out = await run(`
      const { Buffer: B, atob: a, btoa: b } = require("buffer");
      const url = require("url");
      const util = require("util");
      module.exports = [Buffer === B, atob === a, btoa === b, URL === url.URL, URLSearchParams === url.URLSearchParams, TextEncoder === util.TextEncoder, TextDecoder === util.TextDecoder];
    `);
    expect(out).toEqual([true, true, true, true, true, true, true]);
  });
});
