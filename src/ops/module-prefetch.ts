/**
 * Sending a package's files ahead with the first `require` (or `import`)
 * that reaches it, so its own requires (imports) cost no host round trip.
 *
 * When `module.load` hands the guest a CommonJS file of the runtime's
 * unchanging folder (the read-only `node_modules` overlay, see
 * `module-files.ts`), the files that file requires with a literal specifier
 * (`require("./x")`), and the files those require, are resolved and read
 * with it: the guest gets the resolutions (`[dir, request, file, format]`, what
 * `module.load` would answer for `request` from a file in `dir`) and the
 * sources, and serves its later requires of them from memory.
 *
 * `module.import` does the same for an ES module of that folder: the files
 * it imports with a literal specifier (`import ... from "./x.js"`,
 * `export ... from`, `import("./x.js")`), resolved as `import` resolves, and
 * the ES modules among them read; the engine's module loader keeps them for
 * the run (`src/engine/module-loader.ts`).
 *
 * This is only done when it cannot be told apart from asking: the `fs`
 * permission is the allow-all preset (a check that always allows and has no
 * other effect, so not calling it later is not observable), and every path
 * the resolution of an entry looked at is in the unchanging folder (an entry
 * whose resolution probed anywhere else, such as `/node_modules` of the
 * guest's own filesystem, is left out: that answer may change). Under any
 * other permission check, every require asks the host as before, and the
 * check is asked for every probe and read exactly as before.
 *
 * What a package sends is computed once per runtime (the folder never
 * changes) and bounded in files and bytes; a file left out is loaded the
 * ordinary way when the guest requires it.
 * @module
 */
import { allowAllFs } from "../permissions.js";
import { parentOf } from "../fs/paths.js";
import type { Permissions } from "../types.js";
import type { OpContext } from "./op-context.js";
import type { PackageClosure } from "./module-files.js";

/** Files one closure holds at most. */
const MAX_FILES = 400;
/** Characters of source one closure holds at most. */
const MAX_CHARS = 4 * 1048576;

/** Sources sent ahead in one answer take at most this fraction of the guest's memory limit (in characters). */
const GUEST_SHARE = 16;

/** How a file is loaded: by `require` or by `import`. */
export type LoadMode = "require" | "import";

/** Per way of loading: the formats whose sources are sent, the formats whose files are searched in turn, and the literal specifiers searched for. */
const MODES: Record<LoadMode, { sources: ReadonlySet<string>; searched: string; specifiers: RegExp }> = {
  require: {
    sources: new Set(["commonjs", "json"]),
    searched: "commonjs",
    // `require("...")` with a literal specifier (one in a comment or a string is resolved too: its entry is right, only never used).
    specifiers: /\brequire\s*\(\s*(["'])([^"'\\\r\n]+)\1\s*\)/g,
  },
  import: {
    sources: new Set(["module"]),
    searched: "module",
    // `import "..."`, `import ... from "..."`, `export ... from "..."` and `import("...")` with a literal specifier (the same caveat).
    specifiers: /(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\\\r\n]+)\1/g,
  },
};

/** How module ops resolve and read, given to this module (it imports no op). */
export interface Resolver {
  /** The resolution of `request` from the file `parent` by `mode`: `[file, format]`, or null. */
  resolve(ctx: OpContext, request: string, parent: string, mode: LoadMode): Promise<readonly [string, string] | null>;
  /** A module file's text as the guest evaluates it. */
  source(ctx: OpContext, file: string): Promise<string>;
}

/**
 * What the guest gets besides the file it asked for: the resolutions,
 * flattened by fours and joined with line feeds into one string (an entry
 * holding one is left out: each value crossing into the guest costs a few
 * engine calls), then each file and its source. Sources stay separate
 * strings: one string end to end would be stored two bytes a character for
 * all of them as soon as one held a character past U+00FF.
 */
export type Prefetch = [links: string, sources: string[]];

/** Between the resolutions' strings (never in a path or specifier of the prefetch). */
const SEPARATOR = "\n";

/** A closure's prefetch with every source in it (what the first require of a package in a run sends). */
const whole = new WeakMap<PackageClosure, Prefetch>();

function encode(links: readonly string[], sources: ReadonlyArray<readonly [string, string]>): Prefetch {
  return [links.join(SEPARATOR), sources.flat()];
}

/** A text's UTF-8 size (counted only when it might matter). */
function byteSize(text: string): number {
  return text.length * 3 < 65536 ? text.length : new TextEncoder().encode(text).byteLength;
}

/** Whether the fs permission is the allow-all preset's own check. */
function allowsAll(permissions: Permissions): boolean {
  return permissions.fs !== undefined && permissions.fs === allowAllFs.fs;
}

/**
 * The files to send with `file` (just resolved and read for the guest), or
 * null when nothing may be sent ahead. Sources the guest already received in
 * this run are not sent again; those sent are recorded as received.
 */
export async function prefetchFor(ctx: OpContext, file: string, format: string, source: string, resolver: Resolver, mode: LoadMode = "require"): Promise<Prefetch | null> {
  const cache = ctx.moduleFiles;
  if (cache === undefined || format !== MODES[mode].searched || !cache.covers(file) || !allowsAll(ctx.permissions)) return null;
  let closure = cache.closure(file, mode);
  if (closure === undefined) {
    closure = await computeClosure(ctx, file, source, resolver, mode);
    cache.rememberClosure(file, mode, closure);
  }
  const sent = ctx.run.sentModules;
  // Sources sent ahead stay in the guest's memory until required: a small share of its limit at most.
  let budget = ctx.maxReadBytes / GUEST_SHARE;
  const sources = closure.sources.filter(([path, text]) => {
    if (sent.has(path) || byteSize(text) > ctx.maxReadBytes || text.length > budget) return false;
    budget -= text.length;
    return true;
  });
  if (closure.links.length === 0 && sources.length === 0) return null;
  for (const [path] of sources) sent.add(path);
  if (sources.length < closure.sources.length) return encode(closure.links, sources);
  let prefetch = whole.get(closure);
  if (prefetch === undefined) {
    prefetch = encode(closure.links, closure.sources);
    whole.set(closure, prefetch);
  }
  return prefetch;
}

/** Resolves and reads what `file` requires (imports) literally, and so on, within the unchanging folder. */
async function computeClosure(ctx: OpContext, file: string, source: string, resolver: Resolver, mode: LoadMode): Promise<PackageClosure> {
  const { sources: sourceFormats, searched, specifiers } = MODES[mode];
  const cache = ctx.moduleFiles!;
  // Every path a resolution asks the permission about is a path it looked at: one outside the folder spoils the entry.
  let outside = false;
  const watch = (request: { path?: unknown }) => {
    if (typeof request.path !== "string" || !cache.covers(request.path)) outside = true;
    return allowAllFs.fs!(request as never);
  };
  const watched: OpContext = Object.create(ctx, { permissions: { value: { ...ctx.permissions, fs: watch } } });
  const links: string[] = [];
  const sources: Array<[string, string]> = [];
  const seenKeys = new Set<string>();
  const visited = new Set<string>([file]);
  const queue: Array<[string, string]> = [[file, source]];
  let chars = 0;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [from, text] = next;
    const dir = parentOf(from);
    for (const match of text.matchAll(specifiers)) {
      const request = match[2];
      if (request.startsWith("node:")) continue;
      const key = `${dir}\0${request}`;
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      outside = false;
      let found: readonly [string, string] | null;
      try {
        found = await resolver.resolve(watched, request, from, mode);
      } catch {
        continue; // the guest's own require raises it
      }
      if (found === null || outside) continue;
      const [target, targetFormat] = found;
      if (request.includes(SEPARATOR) || dir.includes(SEPARATOR) || target.includes(SEPARATOR)) continue;
      links.push(dir, request, target, targetFormat);
      if (visited.has(target) || !sourceFormats.has(targetFormat) || visited.size >= MAX_FILES) continue;
      visited.add(target);
      let targetSource: string;
      try {
        outside = false;
        targetSource = await resolver.source(watched, target);
      } catch {
        continue; // read when required, failing then
      }
      if (outside || chars + targetSource.length > MAX_CHARS) continue;
      chars += targetSource.length;
      sources.push([target, targetSource]);
      if (targetFormat === searched) queue.push([target, targetSource]);
    }
  }
  return { links, sources, chars };
}
