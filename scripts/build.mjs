// Builds quickexec: bundles the guest polyfills with rollup into
// src/engine/guest-sources.generated.ts, then compiles TypeScript to dist/ and
// bundles the browser entry (scripts/build-browser.mjs) into dist/browser/.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, basename, resolve, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { intlData, intlLazyDateStyles, intlLazyLocale } from "./intl-data.mjs";
import { runStep } from "./build-steps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/**
 * node-inspect-extracted, patched where it is not Node 22's inspect: it builds
 * Node's "primordials" from the realm's globals, Atomics included (QuickJS has
 * no Atomics, and the guest gets no shared memory, so that name is dropped);
 * its getPromiseDetails asks a hook the engine answers; symbol keys print
 * bracketed, `[Symbol(k)]: 1`, and an ArrayBuffer's or a DataView's own
 * accessors unbracketed, `byteLength: 2`, as Node 20 and later print them.
 */
const inspectPatches = {
  name: "quickexec-inspect-patches",
  transform(code, id) {
    if (!/node-inspect-extracted[\\/]dist[\\/]inspect\.js$/.test(id)) return null;
    // Its promise states' names (kPending, kRejected), for the getPromiseDetails hook.
    const states = /constants:\{kPending:(\w+),kRejected:(\w+),/.exec(code);
    if (!states) this.error("node-inspect-extracted changed: its promise states were not found");
    const edits = [
      ["its Atomics primordials list", '["Atomics","JSON"', '["JSON"'],
      // getPromiseDetails always answers "pending": it asks the hook internal/inspect sets instead (the engine knows).
      ["its getPromiseDetails", /getPromiseDetails:\(\)=>\[(\w+),void 0\]/, `getPromiseDetails:t=>__quickexecHooks.promiseDetails(t,${states[1]},${states[2]})`],
      ["its export", "module.exports=e()", "module.exports=Object.assign(e(),{quickexecHooks:__quickexecHooks})"],
      ["its symbol-key formatting", 's=t.stylize(e,"symbol")}', 's=`[${t.stylize(e,"symbol")}]`}'],
      ["its hidden-key formatting", "return!1===i.enumerable&&(s=`[${s}]`)", 'return!1===i.enumerable&&"symbol"!=typeof r&&(s=`[${s}]`)'],
      // An ArrayBuffer's byteLength and a DataView's byteLength, byteOffset and buffer print as plain keys (a typed array's hidden ones stay bracketed).
      ["its extra-key formatting", "return t.indentationLvl-=2,`${t.stylize(`[${r}]`,\"string\")}: ${i}`}", "return t.indentationLvl-=2,`${an(e)?t.stylize(`[${r}]`,\"string\"):t.stylize(r,\"name\")}: ${i}`}"],
      ["its empty ArrayBuffer", "`{ [byteLength]: ${", "`{ byteLength: ${"],
    ];
    let patched = code;
    for (const [what, from, to] of edits) {
      const next = patched.replace(from, () => to);
      if (next === patched) this.error(`node-inspect-extracted changed: ${what} was not found`);
      patched = next;
    }
    return { code: "var __quickexecHooks={promiseDetails:(t,pending)=>[pending,void 0]};\n" + patched, map: null };
  },
};

/**
 * @exodus/bytes (TextEncoder, TextDecoder) takes its pure-JS files (its
 * "react-native" build; the browser build expects a native TextDecoder), and
 * sees none of the guest's globals: its probes of globalThis for a native
 * Buffer, TextDecoder or atob would load the lazy globals, TextDecoder itself
 * included while it is being loaded.
 */
const exodusRoot = join(root, "node_modules/@exodus/bytes");
const exodusPlainJs = (() => {
  try {
    return JSON.parse(readFileSync(join(exodusRoot, "package.json"), "utf8"))["react-native"];
  } catch {
    return null;
  }
})();
const exodusBytes = {
  name: "quickexec-exodus-bytes",
  resolveId(source, importer) {
    if (!exodusPlainJs || !importer || !importer.startsWith(exodusRoot + sep)) return null;
    const file = source.startsWith("@exodus/bytes/")
      ? join(exodusRoot, source.slice("@exodus/bytes/".length))
      : source.startsWith(".") ? resolve(dirname(importer), source) : null;
    if (file === null) return null;
    const key = "./" + relative(exodusRoot, file).split(sep).join("/");
    return Object.prototype.hasOwnProperty.call(exodusPlainJs, key) ? join(exodusRoot, exodusPlainJs[key]) : null;
  },
  transform(code, id) {
    if (!id.startsWith(exodusRoot + sep) || !/\bglobalThis\b/.test(code)) return null;
    const patched = code.replace(/\bglobalThis\b/g, "__exodusGlobals");
    const plain = "const __exodusGlobals = { decodeURIComponent: globalThis.decodeURIComponent, escape: globalThis.escape };";
    return { code: `${plain}\n${patched}`, map: null };
  },
};

/**
 * Node's built-in modules as the ports import them (their npm names, with or
 * without a trailing slash) and the guest builtin each one stands for. Inside
 * any other builtin's bundle they stay external and load through the guest's
 * require, so each port is evaluated once per sandbox, only when needed, and
 * every builtin shares the same Buffer, EventEmitter and so on.
 */
const SHARED_MODULES = {
  "@exodus/bytes/utf8.js": "internal/utf8",
  "@formatjs/bigdecimal": "internal/intl_shared",
  "@formatjs/fast-memoize": "internal/intl_shared",
  "@formatjs/intl-localematcher": "internal/intl_shared",
  "abort-controller": "internal/event_target",
  assert: "assert",
  buffer: "buffer",
  events: "events",
  "node-inspect-extracted": "internal/inspect",
  "whatwg-url": "internal/url",
  path: "path",
  "path-browserify": "path",
  process: "process",
  punycode: "punycode",
  querystring: "querystring",
  "querystring-es3": "querystring",
  "readable-stream": "stream",
  stream: "stream",
  string_decoder: "string_decoder",
  url: "url",
  util: "util",
};
/**
 * Packages some ports import, answered by polyfills/src/shims instead (except
 * in the builtin named, which bundles the package itself):
 * - qs: the url port's legacy parser asks it for query strings; Node's uses
 *   querystring, which the shim stands on;
 * - tr46: whatwg-url's IDNA processing, loaded from internal/tr46 only for the
 *   domains that need it.
 */
const SHIMS = { qs: ["qs.js", null], tr46: ["tr46.js", "internal/tr46"] };
function shims(self) {
  return {
    name: "quickexec-shims",
    resolveId(source) {
      if (!Object.prototype.hasOwnProperty.call(SHIMS, source)) return null;
      const [file, except] = SHIMS[source];
      return self === except ? null : join(root, "polyfills/src/shims", file);
    },
  };
}

/**
 * Modules inside a port answered by our own file instead: the assert port's
 * AssertionError is replaced by Node 22's messages and diff
 * (polyfills/src/assert/assertion-error.js).
 */
const PORT_OVERRIDES = { "assert/build/internal/assert/assertion_error.js": "polyfills/src/assert/assertion-error.js" };
const portOverrides = {
  name: "quickexec-port-overrides",
  resolveId(source, importer) {
    if (!importer || !source.startsWith(".")) return null;
    const target = relative(join(root, "node_modules"), resolve(dirname(importer), source)).split(sep).join("/");
    const key = target.endsWith(".js") ? target : `${target}.js`;
    return Object.prototype.hasOwnProperty.call(PORT_OVERRIDES, key) ? join(root, PORT_OVERRIDES[key]) : null;
  },
};

/**
 * whatwg-url's parse failures as Node reports them: TypeError "Invalid URL"
 * with code ERR_INVALID_URL and the input (and base) on the error; `new URL()`
 * with ERR_MISSING_ARGS. Its UTF-8 comes from internal/utf8, not from the
 * TextEncoder and TextDecoder globals.
 */
const whatwgUrlErrors = {
  name: "quickexec-whatwg-url-errors",
  transform(code, id) {
    if (/whatwg-url[\\/]lib[\\/]encoding\.js$/.test(id)) {
      // UTF-8 from internal/utf8, not TextEncoder and TextDecoder (all of
      // internal/encoding, or whatever the program made of the globals).
      if (!code.includes("function utf8DecodeWithoutBOM(bytes)")) this.error("whatwg-url changed: its encoding module was not found");
      const utf8 = 'const { utf8fromStringLoose, utf8toStringLoose } = require("internal/utf8");\n' +
        "module.exports = { utf8Encode: (string) => utf8fromStringLoose(string), utf8DecodeWithoutBOM: (bytes) => utf8toStringLoose(bytes) };\n";
      return { code: utf8, map: null };
    }
    if (/whatwg-url[\\/]lib[\\/]URL\.js$/.test(id)) {
      const from = "throw new globalObject.TypeError(\n          `Failed to construct 'URL': 1 argument required, but only ${arguments.length} present.`\n        );";
      if (!code.includes(from)) this.error("whatwg-url changed: the URL constructor's argument check was not found");
      const to = 'throw Object.assign(new globalObject.TypeError(\'The "url" argument must be specified\'), { code: "ERR_MISSING_ARGS" });';
      return { code: code.replace(from, to), map: null };
    }
    if (!/whatwg-url[\\/]lib[\\/]URL-impl\.js$/.test(id)) return null;
    const replacements = [
      ["throw new TypeError(`Invalid base URL: ${base}`);", 'throw Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL", input: url, base });'],
      ["throw new TypeError(`Invalid URL: ${url}`);", 'throw Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL", input: url }, base === undefined ? {} : { base });'],
      ["throw new TypeError(`Invalid URL: ${v}`);", 'throw Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL", input: v });'],
    ];
    let patched = code;
    for (const [from, to] of replacements) {
      if (!patched.includes(from)) this.error(`whatwg-url changed: ${from} was not found`);
      patched = patched.replace(from, to);
    }
    return { code: patched, map: null };
  },
};

/**
 * Node's Buffer where feross's port falls short and a small edit suffices:
 * the base64url encoding (its base64 decoder already reads the URL alphabet),
 * invalid UTF-8 replaced as Node does (one U+FFFD per maximal subpart, not
 * per byte), and Node's errors (ERR_OUT_OF_RANGE from the port's own
 * Node-style checks for reads, writes and sizes; the codes of unknown
 * encodings and odd swap sizes).
 */
const UTF8_MAXIMAL_SUBPART = `
// How many bytes, from the invalid sequence at i, one U+FFFD replaces: the
// lead byte and the continuation bytes that could still have completed it.
function utf8MaximalSubpart (buf, i, end) {
  const first = buf[i]
  let need
  let lower = 0x80
  let upper = 0xBF
  if (first >= 0xC2 && first <= 0xDF) need = 1
  else if (first >= 0xE0 && first <= 0xEF) {
    need = 2
    if (first === 0xE0) lower = 0xA0
    else if (first === 0xED) upper = 0x9F
  } else if (first >= 0xF0 && first <= 0xF4) {
    need = 3
    if (first === 0xF0) lower = 0x90
    else if (first === 0xF4) upper = 0x8F
  } else return 1
  let n = 1
  while (n <= need && i + n < end) {
    const b = buf[i + n]
    if (b < lower || b > upper) break
    lower = 0x80
    upper = 0xBF
    n++
  }
  return n
}
`;
const bufferNodeCompat = {
  name: "quickexec-buffer-node-compat",
  transform(code, id) {
    if (!/node_modules[\\/]buffer[\\/]index\.js$/.test(id)) return null;
    const edits = [
      // isEncoding, byteLength and write: base64url reads as base64.
      [/case 'base64':\n(?!\s*return base64Slice)/g, "case 'base64':\n      case 'base64url':\n", 3],
      // toString
      [/case 'base64':\n(\s*)return base64Slice\(this, start, end\)/g,
        "case 'base64url':\n$1return base64Slice(this, start, end).replace(/[+/=]/g, (c) => c === '+' ? '-' : c === '/' ? '_' : '')\n      case 'base64':\n$1return base64Slice(this, start, end)", 1],
      // Invalid UTF-8: one U+FFFD per maximal subpart, as Node (and the Encoding Standard) decode.
      [/codePoint = 0xFFFD\n(\s*)bytesPerSequence = 1\n/g, "codePoint = 0xFFFD\n$1bytesPerSequence = utf8MaximalSubpart(buf, i, end)\n", 1],
      // Reads and writes out of range: Node's ERR_OUT_OF_RANGE, through the port's own Node-style checks.
      [/(function checkOffset \(offset, ext, length\) \{\n)[^}]*\n\}/g,
        "$1  if (offset !== Math.floor(offset) || offset < 0 || offset + ext > length) boundsError(offset, length - ext)\n}", 1],
      [/(function checkInt \(buf, value, offset, ext, max, min\) \{\n.*\n)[^}]*\n\}/g, "$1  checkIntBI(value, min, max, buf, offset, ext - 1)\n}", 1],
      [/\) and < 2 \*\* ` \+/g, ") and < 2${n} ** ` +", 1],
      [/throw new TypeError\('"size" argument must be of type number'\)/g,
        "throw new errors.ERR_INVALID_ARG_TYPE('size', 'number', size)", 1],
      [/throw new RangeError\('The value "' \+ size \+ '" is invalid for option "size"'\)/g,
        "throw new errors.ERR_OUT_OF_RANGE('size', '>= 0 && <= ' + K_MAX_LENGTH, size)", 1],
      [/throw new TypeError\('Unknown encoding: ' \+ encoding\)/g, "throw Object.assign(new TypeError('Unknown encoding: ' + encoding), { code: 'ERR_UNKNOWN_ENCODING' })", 4],
      [/throw new RangeError\('Buffer size must be a multiple of (\d+)-bits'\)/g, "throw Object.assign(new RangeError('Buffer size must be a multiple of $1-bits'), { code: 'ERR_INVALID_BUFFER_SIZE' })", 3],
    ];
    let patched = code;
    for (const [pattern, replacement, count] of edits) {
      const found = patched.match(pattern)?.length ?? 0;
      if (found !== count) this.error(`buffer changed: ${pattern} matched ${found} times, not ${count}`);
      patched = patched.replace(pattern, replacement);
    }
    return { code: patched + UTF8_MAXIMAL_SUBPART, map: null };
  },
};

/**
 * querystring-es3 with Node's hooks: parse decodes with the function it is
 * given (Node's options.decodeURIComponent, or querystring.unescape) into an
 * object without prototype, and stringify encodes with the one it is given.
 */
const querystringHooks = {
  name: "quickexec-querystring-hooks",
  transform(code, id) {
    const m = /querystring-es3[\\/](decode|encode)\.js$/.exec(id);
    if (!m) return null;
    const edits = m[1] === "decode"
      ? [
          ["module.exports = function(qs, sep, eq, options) {", "module.exports = function(qs, sep, eq, options, decodeURIComponent) {"],
          ["var obj = {};", "var obj = Object.create(null);"],
        ]
      : [["module.exports = function(obj, sep, eq, name) {", "module.exports = function(obj, sep, eq, name, encodeURIComponent) {"]];
    let patched = code;
    for (const [from, to] of edits) {
      if (!patched.includes(from)) this.error(`querystring-es3 changed: ${from} was not found`);
      patched = patched.replace(from, to);
    }
    return { code: patched, map: null };
  },
};

/**
 * webidl-conversions (under whatwg-url) reads SharedArrayBuffer.prototype's
 * getters when it loads; the guest has no SharedArrayBuffer, so nothing is one.
 */
const withoutSharedArrayBuffer = {
  name: "quickexec-no-shared-array-buffer",
  transform(code, id) {
    if (!/webidl-conversions[\\/]lib[\\/]index\.js$/.test(id)) return null;
    const pattern = /Object\.getOwnPropertyDescriptor\(SharedArrayBuffer\.prototype, "(\w+)"\)\.get/g;
    if (!pattern.test(code)) this.error("webidl-conversions changed: its SharedArrayBuffer getters were not found");
    const patched = code.replace(
      pattern,
      (read) => `(typeof SharedArrayBuffer === "function" ? ${read} : function () { throw new TypeError("not a SharedArrayBuffer"); })`,
    );
    return { code: patched, map: null };
  },
};

/**
 * brotli-lib's decoder checks its maxOutputSize only after decoding the whole
 * stream; node:zlib's maxOutputLength must stop a Brotli bomb before it fills
 * the sandbox's memory, so the check also runs after every output chunk.
 */
const brotliDecodeLimit = {
  name: "quickexec-brotli-decode-limit",
  transform(code, id) {
    if (!/brotli-lib[\\/]dist[\\/]index\.js$/.test(id)) return null;
    const edits = [
      ["\t\ttotalOutput += s.outputUsed;\n",
        "\t\ttotalOutput += s.outputUsed;\n\t\tif (options?.maxOutputSize !== void 0 && totalOutput > options.maxOutputSize) throw new Error(`Decompressed size ${totalOutput} exceeds limit ${options.maxOutputSize}`);\n"],
      ["\t\toutputSize: output_size\n", "\t\toutputSize: output_size,\n\t\tmaxOutputSize\n"],
    ];
    let patched = code;
    for (const [from, to] of edits) {
      if (!patched.includes(from)) this.error(`brotli-lib changed: ${JSON.stringify(from)} was not found`);
      patched = patched.replace(from, to);
    }
    return { code: patched, map: null };
  },
};

/** Guest modules the prelude provides itself. */
const PRELUDE_MODULES = new Set(["process"]);

/** Keeps the other builtins out of the bundle of `self` (see SHARED_MODULES). */
function sharedBuiltins(self, builtinNames) {
  return {
    name: "quickexec-shared-builtins",
    resolveId(source) {
      const bare = source.replace(/^node:/, "").replace(/\/$/, "");
      const target = Object.prototype.hasOwnProperty.call(SHARED_MODULES, bare)
        ? SHARED_MODULES[bare]
        : bare.startsWith("internal/") ? bare : undefined;
      if (target === undefined || target === self) return null;
      if (!builtinNames.has(target) && !PRELUDE_MODULES.has(target)) return null;
      return { id: target, external: true };
    },
  };
}

/**
 * Bundles one entry. The prelude (self undefined) becomes an IIFE that
 * evaluates to the entry's default export; a builtin becomes CommonJS whose
 * module.exports is the default export and whose other builtins are required.
 */
async function bundle(input, self, builtinNames) {
  const { rollup, nodeResolve, commonjs, terser, json } = await bundler();
  const build = await rollup({
    input,
    plugins: [
      inspectPatches,
      exodusBytes,
      whatwgUrlErrors,
      withoutSharedArrayBuffer,
      bufferNodeCompat,
      querystringHooks,
      brotliDecodeLimit,
      intlData,
      intlLazyDateStyles,
      intlLazyLocale,
      portOverrides,
      ...(self === undefined ? [] : [shims(self), sharedBuiltins(self, builtinNames)]),
      nodeResolve({ browser: true, preferBuiltins: false }),
      json({ compact: true }),
      commonjs(),
    ],
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
      warn(warning);
    },
  });
  // QuickJS compiles every function eagerly, at about 7.5 KB of source per ms:
  // minifying halves what each fresh sandbox pays. Names stay, since inspect
  // output and stack traces show them.
  const { output } = await build.generate({
    ...(self === undefined ? { format: "iife", name: "__quickexec_entry" } : { format: "cjs", interop: "default" }),
    exports: "default",
    strict: false,
    plugins: [terser({ compress: { passes: 2 }, mangle: true, keep_fnames: true, keep_classnames: true, format: { comments: false } })],
  });
  await build.close();
  return output[0].code;
}

/** Rollup and its plugins, loaded only when a bundle is built (an up-to-date build never pays for them). */
let bundlerModules;
async function bundler() {
  bundlerModules ??= Promise.all([
    import("rollup"),
    import("@rollup/plugin-node-resolve"),
    import("@rollup/plugin-commonjs"),
    import("@rollup/plugin-terser"),
    import("@rollup/plugin-json"),
  ]).then(([r, resolve, cjs, terser, json]) => ({
    rollup: r.rollup,
    nodeResolve: resolve.nodeResolve,
    commonjs: cjs.default,
    terser: terser.default,
    json: json.default,
  }));
  return bundlerModules;
}

/**
 * JSON with every character past ASCII written as a \u escape: V8 then holds
 * the module's source (and most of its strings) one byte per character
 * instead of two, which halves what every engine thread keeps of it.
 */
const asciiJson = (value) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Where the sandbox image step writes the image (dist/wasm: an output inside dist/src would be its own input). */
const SANDBOX_IMAGE_FILE = "dist/wasm/sandbox-image.bin";
/** Where the polyfills step writes the builtins file (next to the compiled engine). */
const BUILTINS_FILE = "dist/src/engine/guest-builtins.bin";

/**
 * The builtins file: a 4-byte little-endian length, that many bytes of JSON
 * (`{ id, builtins: { name: [offset, length] } }`, offsets into the body),
 * then the body: every builtin's source in UTF-8, one after another.
 */
function builtinsFile(id, sources) {
  const index = {};
  const parts = [];
  let offset = 0;
  for (const [name, source] of Object.entries(sources)) {
    const bytes = Buffer.from(source, "utf8");
    index[name] = [offset, bytes.length];
    parts.push(bytes);
    offset += bytes.length;
  }
  const header = Buffer.from(JSON.stringify({ id, builtins: index }), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([length, header, ...parts]);
}

/** Bundles the guest polyfills into src/engine/guest-sources.generated.ts, guest-prelude.generated.ts and the builtins file. */
async function buildPolyfills() {
  const prelude = await bundle(join(root, "polyfills/src/prelude.js"), undefined, undefined);
  const builtins = {};
  const builtinDir = join(root, "polyfills/src/builtins");
  const builtinFiles = readdirSync(builtinDir).filter((f) => f.endsWith(".js")).sort();
  const builtinNames = new Set(builtinFiles.map((file) => basename(file, ".js").replace(/__/g, "/")));
  for (const file of builtinFiles) {
    const name = basename(file, ".js").replace(/__/g, "/");
    builtins[name] = await bundle(join(builtinDir, file), name, builtinNames);
  }

  // The prelude evaluates to its factory function; a builtin to a CommonJS-style
  // factory (module, exports, require, process) that sets module.exports. A
  // builtin's own require may load internal builtins (`require(name, true)`).
  const preludeSource = `(function () {\n${prelude}\nreturn __quickexec_entry;\n})()`;
  const builtinSources = Object.fromEntries(
    Object.entries(builtins).map(([name, code]) => [
      name,
      `(function (module, exports, require, process) {\n` +
        (code.includes("require(") ? `require = ((load) => function require(id) { return load(id, true); })(require);\n` : "") +
        `${code}\n})`,
    ]),
  );

  // Every builtin's source, all in one module: what the browser's engine worker bundles (and what an engine
  // thread falls back on when no builtins file is given to it, see src/engine/guest-sources.ts).
  writeFileSync(
    join(root, "src/engine/guest-sources.generated.ts"),
    `// Generated by scripts/build.mjs from polyfills/src; do not edit.\n` +
      `/** Built-in modules loaded on first require: name -> factory source. */\n` +
      `export const GUEST_BUILTINS: Readonly<Record<string, string>> = ${asciiJson(builtinSources)};\n`,
  );
  // What every engine thread loads at start: the prelude, the builtins' names and the build's identity (a
  // hash of all the sources), which the builtins file and the shipped sandbox image must carry too.
  const sourcesId = createHash("sha256").update(JSON.stringify([preludeSource, builtinSources])).digest("hex").slice(0, 32);
  writeFileSync(
    join(root, "src/engine/guest-prelude.generated.ts"),
    `// Generated by scripts/build.mjs from polyfills/src; do not edit.\n` +
      `/** The guest prelude: evaluates to a function of the engine's host object. */\n` +
      `export const GUEST_PRELUDE: string = ${asciiJson(preludeSource)};\n` +
      `/** The names of the bundled builtins (internal ones included), sorted. */\n` +
      `export const GUEST_BUILTIN_NAMES: readonly string[] = ${JSON.stringify(Object.keys(builtinSources).sort())};\n` +
      `/** The identity of these guest sources (prelude and builtins). */\n` +
      `export const GUEST_SOURCES_ID: string = ${JSON.stringify(sourcesId)};\n`,
  );
  // The builtins file a Node engine thread reads one builtin at a time on first require (src/node/builtins-file.ts).
  mkdirSync(join(root, "dist/src/engine"), { recursive: true });
  writeFileSync(join(root, BUILTINS_FILE), builtinsFile(sourcesId, builtinSources));
  const sizes = Object.entries(builtinSources).map(([n, s]) => `${n} ${(s.length / 1024).toFixed(1)}K`).join(", ");
  console.log(`polyfills: prelude ${(preludeSource.length / 1024).toFixed(1)}K; ${sizes}`);
}

// Each step runs only when its inputs changed since it last succeeded (scripts/build-steps.mjs);
// --force runs them all. Installed packages count through node_modules/.package-lock.json.
const started = Date.now();
const force = process.argv.includes("--force");
const stampFile = join(root, "dist/.build-stamps.json");
const installed = ["package-lock.json", "node_modules/.package-lock.json"];
const tsc = (project) => execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(root, project)], { stdio: "inherit" });
const step = (name, inputs, outputs, run) => runStep({ name, root, stampFile, inputs, outputs, force, run });

await step("polyfills", ["polyfills", "scripts/build.mjs", "scripts/intl-data.mjs", ...installed], ["src/engine/guest-sources.generated.ts", "src/engine/guest-prelude.generated.ts", BUILTINS_FILE], buildPolyfills);
if (!process.argv.includes("--polyfills-only")) {
  await step("typescript", ["src", "wasm", "tsconfig.json", ...installed], ["dist/src/index.js"], () => tsc("tsconfig.json"));
  // The QuickJS module patched once here (wasm/patch.ts), so a host does not patch it on its first sandbox.
  await step("patched wasm", ["dist/src", "wasm", ...installed], ["dist/wasm/quickjs.patched.wasm", "dist/wasm/quickjs.patched.json"], async () => {
    const { writePatchedQuickJS } = await import(pathToFileURL(join(root, "dist/wasm/node.js")).href);
    await writePatchedQuickJS();
  });
  // The first sandbox's memory image, built once here so an engine thread restores it instead of evaluating the prelude.
  await step("sandbox image", ["dist/src", "wasm", ...installed], [SANDBOX_IMAGE_FILE], () =>
    execFileSync(process.execPath, [join(root, "scripts/build-image.mjs"), join(root, SANDBOX_IMAGE_FILE)], { stdio: "inherit" }),
  );
  // The Node entry and engine worker as one file each (what `import "quickexec"` loads), from the JavaScript just compiled.
  await step("node bundles", ["dist/src", "dist/wasm", "scripts/build-node-bundle.mjs", ...installed], ["dist/node/quickexec.js", "dist/node/engine-worker.cjs", "dist/node/cli.js"], () =>
    execFileSync(process.execPath, [join(root, "scripts/build-node-bundle.mjs")], { stdio: "inherit" }),
  );
  // The TypeScript examples (seed examples kept as written) import "quickexec", i.e. the dist just built.
  await step("examples", ["examples", "tsconfig.json", "package.json", "dist/src", ...installed], ["dist/examples"], () => tsc("examples/tsconfig.json"));
  // The browser bundle, from the JavaScript just compiled.
  await step("browser bundle", ["dist/src", "dist/wasm", "scripts/build-browser.mjs", ...installed], ["dist/browser/quickexec.js", "dist/browser/engine-worker.js", "dist/browser/quickjs.wasm"], () =>
    execFileSync(process.execPath, [join(root, "scripts/build-browser.mjs")], { stdio: "inherit" }),
  );
  // The CommonJS entries (require("quickexec"), require("quickexec/browser")), from the ES modules just built.
  await step("commonjs", ["dist/src", "dist/wasm", "dist/browser/quickexec.js", "scripts/build-cjs.mjs", "scripts/ascii-only.mjs", ...installed], ["dist/cjs/index.cjs", "dist/cjs/browser.cjs", "dist/cjs/index.d.cts"], () =>
    execFileSync(process.execPath, [join(root, "scripts/build-cjs.mjs")], { stdio: "inherit" }),
  );
}
console.log(`build done in ${Date.now() - started} ms`);
