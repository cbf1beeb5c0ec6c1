/**
 * Module ops: Node's resolution of `require` and `import` specifiers over the
 * run's filesystem (relative files, `node_modules` up the tree and at
 * `/root/node_modules`, `package.json` `main`, `exports` and `imports` with
 * conditions), and reading a module's source. Every path probed is asked of
 * the `fs` permission (op `stat`; a denied probe counts as absent, so a
 * resolution never reveals what it may not see) and every source read too
 * (op `read`). Builtins are the guest's business and never reach these ops.
 *
 * `module.load` is what `require` calls: the resolution and, for a file whose
 * source the guest has not received yet in this run, the source too, in one
 * round trip; `module.import` is the same for `import` (an ES module's source). Filesystem answers under a folder that never changes (the
 * `node_modules` overlay) come from the runtime's memory (`module-files.ts`);
 * the permission is asked for every probe and read all the same.
 * @module
 */
import { codedError, SystemError } from "../errors.js";
import { demand } from "../permissions.js";
import { PATH_MAX, nameTooLong, parentOf, resolvePath } from "../fs/paths.js";
import { pathArg, stringArg } from "./coerce.js";
import { realLocation } from "./fs-access.js";
import { FileTooLargeError, FsPathError } from "../fs/file-system.js";
import { call, mapFsError, systemError } from "./op-errors.js";
import type { Op, OpContext, PackageJson, OpFamily } from "./op-context.js";
import { detectTypeScriptFormat, isTypeScriptFile, stripTypeScript, typeScriptFormat } from "../typescript/strip.js";
import type { ModuleFiles } from "./module-files.js";
import { prefetchFor, type LoadMode, type Resolver } from "./module-prefetch.js";

/** How a resolved file is evaluated. */
type Format = "commonjs" | "module" | "json" | "addon";

/** Conditions of `exports` / `imports`, per way of loading (Node 20's defaults). */
const CONDITIONS = {
  require: ["require", "node", "default"],
  import: ["import", "node", "default"],
} as const;
type Mode = keyof typeof CONDITIONS;

/** The global folder the host's packages are mounted at. */
const GLOBAL_MODULES = "/root/node_modules";

/** The filesystem calls of module resolution for `ctx`'s run (remembered ones where the runtime keeps them). */
const views = new WeakMap<OpContext, ModuleFiles>();
function filesOf(ctx: OpContext): ModuleFiles {
  let files = views.get(ctx);
  if (files === undefined) {
    files = ctx.moduleFiles ? ctx.moduleFiles.view(ctx.fs) : ctx.fs;
    views.set(ctx, files);
  }
  return files;
}

function moduleError(message: string, code: string): Error {
  return codedError(Error, code, message);
}

/**
 * Whether a path may be probed, and what it is: "file", "dir" or null.
 * Denied probes are absent, and so are paths too long for the system
 * (ENAMETOOLONG) and paths that do not resolve (one filesystem call: where a
 * missing path would lead does not matter when nothing is there).
 */
async function probe(ctx: OpContext, path: string): Promise<{ kind: "file" | "dir"; real: string } | null> {
  if (nameTooLong(path)) return null;
  try {
    demand(ctx.permissions, "fs", { op: "stat", path }, { syscall: "stat", subject: `'${path}'` });
    const files = filesOf(ctx);
    const real = await files.realpath(path);
    if (real !== path) demand(ctx.permissions, "fs", { op: "stat", path: real }, { syscall: "stat", subject: `'${path}'` });
    const s = await files.stat(real);
    return { kind: s.isDirectory ? "dir" : "file", real };
  } catch {
    return null;
  }
}

/** Reads a file the resolver needs (a module or package.json), asking the `read` permission. */
async function readText(ctx: OpContext, path: string): Promise<string> {
  const at = { syscall: "open", path };
  if (nameTooLong(path)) throw systemError("ENAMETOOLONG", at);
  demand(ctx.permissions, "fs", { op: "read", path }, { syscall: "open", subject: `'${path}'`, path });
  const files = filesOf(ctx);
  const real = await call(at, () => realLocation(files, path, true));
  if (real !== path) demand(ctx.permissions, "fs", { op: "read", path: real }, { syscall: "open", subject: `'${path}'`, path });
  let bytes: Uint8Array;
  try {
    bytes = await files.readFile(real, { maxBytes: ctx.maxReadBytes });
  } catch (error) {
    if (error instanceof FileTooLargeError) throw moduleError(`Module ${path} (${error.size} bytes) is larger than the sandbox's memory limit`, "ERR_FS_FILE_TOO_LARGE");
    // A module path names what failed, whatever the filesystem would name.
    throw error instanceof FsPathError ? systemError(error.code, at) : mapFsError(error, at);
  }
  return new TextDecoder().decode(bytes);
}

/** The `package.json` in `dir`, parsed (null if there is none or it may not be read). */
async function packageAt(ctx: OpContext, dir: string): Promise<PackageJson | null> {
  const cache = ctx.run.packages;
  // The guest changed its filesystem since these were read: any of them may be stale.
  if (ctx.run.packagesWrites !== ctx.run.writes) {
    cache.clear();
    ctx.run.packagesWrites = ctx.run.writes;
  }
  if (cache.has(dir)) return cache.get(dir)!;
  const file = dir === "/" ? "/package.json" : `${dir}/package.json`;
  let pkg: PackageJson | null = null;
  const found = await probe(ctx, file);
  if (found?.kind === "file") {
    const text = await readText(ctx, file);
    try {
      pkg = { ...(JSON.parse(text) as object), dir };
    } catch (error) {
      throw moduleError(`Invalid package config ${file}: ${error instanceof Error ? error.message : String(error)}`, "ERR_INVALID_PACKAGE_CONFIG");
    }
  }
  cache.set(dir, pkg);
  return pkg;
}

/** The nearest `package.json` at or above `dir` (stopping at a `node_modules` folder). */
async function nearestPackage(ctx: OpContext, dir: string): Promise<PackageJson | null> {
  for (let d = dir; ; d = parentOf(d)) {
    if (d.endsWith("/node_modules")) return null;
    const pkg = await packageAt(ctx, d);
    if (pkg) return pkg;
    if (d === "/") return null;
  }
}

/** How a file is evaluated: by extension, then the nearest package.json `type`. */
async function formatOf(ctx: OpContext, file: string): Promise<Format> {
  if (file.endsWith(".mjs")) return "module";
  if (file.endsWith(".cjs")) return "commonjs";
  if (file.endsWith(".json")) return "json";
  if (file.endsWith(".node")) return "addon";
  if (isTypeScriptFile(file)) {
    const type = typeScriptFormat(file) ?? (await nearestPackage(ctx, parentOf(file)))?.type;
    return type === "module" || type === "commonjs" ? type : detectTypeScriptFormat(file, () => readText(ctx, file), ctx.run);
  }
  if (file.endsWith(".js")) {
    const pkg = await nearestPackage(ctx, parentOf(file));
    return pkg?.type === "module" ? "module" : "commonjs";
  }
  return "commonjs";
}

/** LOAD_AS_FILE: the path itself, then with Node's extensions. */
async function asFile(ctx: OpContext, path: string): Promise<string | null> {
  for (const candidate of [path, `${path}.js`, `${path}.json`, `${path}.node`]) {
    const found = await probe(ctx, candidate);
    if (found?.kind === "file") return found.real;
  }
  return null;
}

/** LOAD_AS_DIRECTORY: `main` of its package.json, then `index`. */
async function asDirectory(ctx: OpContext, dir: string): Promise<string | null> {
  const pkg = await packageAt(ctx, dir);
  if (pkg && typeof pkg.main === "string" && pkg.main !== "") {
    const main = resolvePath(dir, pkg.main);
    const found = (await asFile(ctx, main)) ?? (await asIndex(ctx, main));
    if (found) return found;
  }
  return asIndex(ctx, dir);
}

async function asIndex(ctx: OpContext, dir: string): Promise<string | null> {
  for (const name of ["index.js", "index.json", "index.node"]) {
    const found = await probe(ctx, `${dir}/${name}`);
    if (found?.kind === "file") return found.real;
  }
  return null;
}

/** Resolves one `exports` / `imports` target under `conditions`; undefined when nothing matches. */
function resolveTarget(target: unknown, star: string | null, conditions: readonly string[]): string | null | undefined {
  if (typeof target === "string") return star === null ? target : target.split("*").join(star);
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveTarget(t, star, conditions);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target !== null && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (key === "default" || conditions.includes(key)) {
        const r = resolveTarget(value, star, conditions);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  }
  return target === null ? null : undefined;
}

/** Looks `key` up in an `exports` or `imports` map, patterns with `*` included. */
function matchMap(map: Record<string, unknown>, key: string, conditions: readonly string[]): string | null | undefined {
  if (Object.prototype.hasOwnProperty.call(map, key) && !key.includes("*")) return resolveTarget(map[key], null, conditions);
  let best: { prefix: string; value: unknown; star: string } | null = null;
  for (const pattern of Object.keys(map)) {
    const star = pattern.indexOf("*");
    if (star < 0) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= pattern.length - 1) {
      if (!best || prefix.length > best.prefix.length) best = { prefix, value: map[pattern], star: key.slice(prefix.length, key.length - suffix.length) };
    }
  }
  return best ? resolveTarget(best.value, best.star, conditions) : undefined;
}

/** The `exports` of a package for `subpath` (`.` or `./x`). */
function resolveExports(pkg: PackageJson, subpath: string, mode: Mode): string {
  let exports = pkg.exports;
  const sugar = typeof exports === "string" || Array.isArray(exports) || (exports !== null && typeof exports === "object" && !Object.keys(exports).some((k) => k.startsWith(".")));
  if (sugar) exports = { ".": exports };
  const target = matchMap(exports as Record<string, unknown>, subpath, CONDITIONS[mode]);
  if (typeof target !== "string" || !target.startsWith("./")) {
    const message =
      subpath === "."
        ? `No "exports" main defined in ${pkg.dir}/package.json`
        : `Package subpath '${subpath}' is not defined by "exports" in ${pkg.dir}/package.json`;
    throw moduleError(message, "ERR_PACKAGE_PATH_NOT_EXPORTED");
  }
  return resolvePath(pkg.dir, target);
}

/** The folders searched for a bare specifier from `dir`: `node_modules` up the tree, then the global one. */
function moduleDirs(dir: string): string[] {
  const dirs: string[] = [];
  for (let d = dir; ; d = parentOf(d)) {
    if (!d.endsWith("/node_modules")) dirs.push(d === "/" ? "/node_modules" : `${d}/node_modules`);
    if (d === "/") break;
  }
  if (!dirs.includes(GLOBAL_MODULES)) dirs.push(GLOBAL_MODULES);
  return dirs;
}

/**
 * Where the search for packages and `package.json` files starts: `dir`, or
 * its deepest ancestor that exists when `dir` does not (nothing can be found
 * in a folder below a missing one; found by halving, since every ancestor of
 * an existing folder exists), and never deeper than PATH_MAX allows. A
 * made-up parent path thousands of levels deep (`createRequire`) thus costs
 * a few filesystem calls, not a few per level.
 */
async function searchStart(ctx: OpContext, dir: string): Promise<string> {
  if (dir.length >= PATH_MAX) dir = dir.slice(0, dir.lastIndexOf("/", PATH_MAX - 1)) || "/";
  const names = dir.split("/").filter(Boolean);
  const prefix = (count: number) => "/" + names.slice(0, count).join("/");
  const exists = async (count: number) => {
    try {
      await filesOf(ctx).stat(prefix(count));
      return true;
    } catch {
      return false;
    }
  };
  if (names.length === 0 || (await exists(names.length))) return dir;
  let lo = 0;
  let hi = names.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (await exists(mid)) lo = mid;
    else hi = mid - 1;
  }
  return prefix(lo);
}

/** Resolves a bare specifier (`pkg`, `@scope/pkg/sub`). */
async function resolvePackage(ctx: OpContext, request: string, fromDir: string, mode: Mode): Promise<string | null> {
  fromDir = await searchStart(ctx, fromDir);
  const parts = request.split("/");
  const nameLength = request.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, nameLength).join("/");
  const rest = parts.slice(nameLength).join("/");
  const subpath = rest ? `./${rest}` : ".";
  for (const modules of moduleDirs(fromDir)) {
    const dir = `${modules}/${name}`;
    const found = await probe(ctx, dir);
    if (!found || found.kind !== "dir") continue;
    const pkg = await packageAt(ctx, dir);
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      const file = resolveExports(pkg, subpath, mode);
      const hit = await probe(ctx, file);
      if (hit?.kind === "file") return hit.real;
      throw moduleError(`Cannot find module '${file}'`, "MODULE_NOT_FOUND");
    }
    const target = rest ? `${dir}/${rest}` : dir;
    const file = (await asFile(ctx, target)) ?? (await asDirectory(ctx, target));
    if (file) return file;
  }
  return null;
}

/** Resolves `#name` through the nearest package.json `imports`. */
async function resolveImports(ctx: OpContext, request: string, fromDir: string, mode: Mode): Promise<string | null> {
  const start = await searchStart(ctx, fromDir);
  // The walk up from `fromDir` would have stopped at a node_modules folder below `start` (where nothing exists).
  if (fromDir.slice(start.length).split("/").includes("node_modules")) return null;
  const pkg = await nearestPackage(ctx, start);
  if (!pkg || pkg.imports === null || typeof pkg.imports !== "object") return null;
  const target = matchMap(pkg.imports as Record<string, unknown>, request, CONDITIONS[mode]);
  if (typeof target !== "string") return null;
  if (target.startsWith("./")) {
    const hit = await probe(ctx, resolvePath(pkg.dir, target));
    return hit?.kind === "file" ? hit.real : null;
  }
  return resolvePackage(ctx, target, pkg.dir, mode);
}

const isRelative = (r: string) => r === "." || r === ".." || r.startsWith("./") || r.startsWith("../") || r.startsWith("/");

/**
 * `module.resolve(request, parentFile, mode)`: `[file, format]`, or null when
 * nothing matches (the guest raises Node's not-found error with its require
 * stack). `mode` is `require` or `import`.
 */
const resolveOp: Op = async (ctx, args) => {
  const request = stringArg(args[0], "request");
  const parent = stringArg(args[1], "parent");
  // Node refuses a module path with a null byte (ERR_INVALID_ARG_VALUE) rather than looking for a shorter name.
  if (request.includes("\u0000")) pathArg(ctx, request);
  const mode: Mode = args[2] === "import" ? "import" : "require";
  const fromDir = parentOf(resolvePath("/", parent));
  let file: string | null;
  if (isRelative(request)) {
    const target = resolvePath(fromDir, request);
    if (mode === "import") {
      const hit = await probe(ctx, target);
      file = hit?.kind === "file" ? hit.real : null;
    } else {
      file = (await asFile(ctx, target)) ?? (await asDirectory(ctx, target));
    }
  } else if (request.startsWith("#")) {
    file = await resolveImports(ctx, request, fromDir, mode);
  } else {
    try {
      file = await resolvePackage(ctx, request, fromDir, mode);
    } catch (error) {
      // Node's ESM resolver names the importing file; require() does not.
      if (mode === "import" && (error as { code?: unknown }).code === "ERR_PACKAGE_PATH_NOT_EXPORTED") (error as Error).message += ` imported from ${parent}`;
      throw error;
    }
  }
  if (file === null) return null;
  return [file, await formatOf(ctx, file)];
};

/** `module.read(file)`: a module's source text (op `read`). Native addons are refused. */
const readOp: Op = async (ctx, args) => {
  const file = resolvePath("/", pathArg(ctx, args[0], "file").given);
  const failed = ctx.run.failedModuleRead;
  ctx.run.failedModuleRead = null;
  // The read `module.load` just attempted for the guest: its outcome, not a second attempt (nor a second permission check).
  if (failed !== null && failed.file === file) throw failed.error;
  if (file.endsWith(".node")) {
    throw new SystemError("ERR_DLOPEN_FAILED", `Cannot load native addon ${file}: native .node addons cannot run in the sandbox`);
  }
  const source = await sourceOf(ctx, file);
  ctx.run.sentModules.add(file);
  return source;
};

/** Formats whose source `require` evaluates (ES modules fail with ERR_REQUIRE_ESM, addons are refused: neither is read). */
const EVALUATED_FORMATS: ReadonlySet<string> = new Set<Format>(["commonjs", "json"]);

/** How the prefetch of `module.load` resolves and reads (`module-prefetch.ts`). */
const RESOLVER: Resolver = {
  resolve: (ctx, request, parent, mode) => resolveOp(ctx, [request, parent, mode]) as Promise<[string, Format] | null>,
  source: sourceOf,
};

/**
 * `module.load(request, parentFile)`: `require`'s resolution and the file's
 * source in one call: `[file, format, source]`, or `[file, format]` when the
 * guest already received that source in this run or does not evaluate the
 * format, or null when nothing matches. A failed read leaves the source out
 * too; the guest's `module.read` that follows gets that failure. A file of
 * the unchanging `node_modules` folder may come with what it requires
 * (`[file, format, source, prefetch]`, see `module-prefetch.ts`).
 */
const loadOp: Op = (ctx, args) => resolveWithSource(ctx, args, "require", (format) => EVALUATED_FORMATS.has(format));

/**
 * `module.import(request, parentFile)`: `import`'s resolution and, for an ES
 * module whose source was not sent in this run, its source, in one call:
 * `[file, format, source]` or `[file, format]`, or null when nothing matches.
 * The engine loads the file right after resolving it (QuickJS asks for a
 * module's source as soon as it named a new one), so the permission is asked
 * what it was asked before, in the same order: every probe, then the read. A
 * failed read leaves the source out; the `module.read` that follows gets its
 * error. A file sent already (loaded by the engine, or the main program) is
 * not read again: the engine asks `module.read` if it needs it. An ES module
 * of the unchanging `node_modules` folder may come with what it imports
 * (`[file, format, source, prefetch]`, see `module-prefetch.ts`).
 */
const importOp: Op = (ctx, args) => resolveWithSource(ctx, args, "import", (format) => format === "module");

/**
 * What `module.load` and `module.import` share: the resolution for `mode`,
 * then, for a file of a format `sends` takes that was not sent in this run,
 * its source (a failed read is kept for the `module.read` that follows) and
 * what the package may need next.
 */
async function resolveWithSource(ctx: OpContext, args: readonly unknown[], mode: LoadMode, sends: (format: Format) => boolean): Promise<unknown> {
  ctx.run.failedModuleRead = null;
  const found = (await resolveOp(ctx, [args[0], args[1], mode])) as [string, Format] | null;
  if (found === null) return null;
  const [file, format] = found;
  if (!sends(format) || ctx.run.sentModules.has(file)) return found;
  let source: string;
  try {
    source = await sourceOf(ctx, file);
  } catch (error) {
    ctx.run.failedModuleRead = { file, error };
    return found;
  }
  ctx.run.sentModules.add(file);
  const ahead = await prefetchFor(ctx, file, format, source, RESOLVER, mode);
  return ahead === null ? [file, format, source] : [file, format, source, ahead];
}

/** The module ops by name. */
export const moduleOps: OpFamily = {
  "module.resolve": resolveOp,
  "module.read": readOp,
  "module.load": loadOp,
  "module.import": importOp,
};

/** A module file's text as the guest evaluates it: a TypeScript file with its types stripped, positions unchanged. */
async function sourceOf(ctx: OpContext, file: string): Promise<string> {
  const text = await readText(ctx, file);
  return isTypeScriptFile(file) ? stripTypeScript(file, text, ctx.run) : text;
}
