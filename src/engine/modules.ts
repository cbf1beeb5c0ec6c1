/**
 * ES module names and sources for the guest. Builtins normalise to
 * `node:<builtin>` and load as a module re-exporting the CommonJS exports
 * (named exports taken from the module's own keys, as Node does for
 * CommonJS); files normalise to their real path (the host resolves them); a
 * failed resolution normalises to a name that fails to load with the error,
 * so QuickJS reports it.
 * @module
 */
import { isGuestBuiltin } from "./guest-sources.js";

/** Prefix of the name a failed resolution normalises to. */
const MISSING = "quickexec:missing:";

/** Built-in modules the prelude provides itself (the rest come from the bundled ports). */
const PRELUDE_MODULES = new Set(["process", "console", "timers", "timers/promises", "os", "module"]);

/** `node:<name>` for a builtin (with or without `node:`), else null. */
export function builtinModuleName(requested: string): string | null {
  const bare = requested.startsWith("node:") ? requested.slice(5) : requested;
  if (bare.startsWith("internal/")) return null;
  if (PRELUDE_MODULES.has(bare) || isGuestBuiltin(bare)) return `node:${bare}`;
  return null;
}

/** The name of a module that fails to load with `message` (and `code`). */
export function missingModule(message: string, code = "ERR_MODULE_NOT_FOUND"): string {
  return `${MISSING}${JSON.stringify([message, code])}`;
}

/** Node's message for an import that resolves to nothing. */
export function notFoundMessage(requested: string, base: string): string {
  const isPath = requested.startsWith("/") || requested.startsWith("./") || requested.startsWith("../");
  if (isPath) {
    const dir = base.slice(0, base.lastIndexOf("/")) || "/";
    const parts: string[] = [];
    for (const part of (requested.startsWith("/") ? requested : `${dir}/${requested}`).split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    return `Cannot find module '/${parts.join("/")}' imported from ${base}`;
  }
  const name = requested.startsWith("@") ? requested.split("/").slice(0, 2).join("/") : requested.split("/")[0];
  return `Cannot find package '${name}' imported from ${base}`;
}

/** A `node:` export name list as an `export const { ... } = m` line. */
function reexports(names: string[]): string {
  return names.length ? `export const { ${names.join(", ")} } = m;\n` : "";
}

/**
 * The source of a builtin (or failed) module name.
 * @param exportNames the named exports of a builtin (evaluated in the guest).
 */
export function moduleSource(name: string, exportNames: (bare: string) => string[]): string | { error: Error } {
  if (name.startsWith(MISSING)) {
    const [message, code] = JSON.parse(name.slice(MISSING.length)) as [string, string | undefined];
    return { error: Object.assign(new Error(message), code ? { code } : {}) };
  }
  if (!name.startsWith("node:")) return { error: Object.assign(new Error(`Cannot find module '${name}'`), { code: "ERR_MODULE_NOT_FOUND" }) };
  const bare = name.slice(5);
  let names: string[];
  try {
    names = exportNames(bare);
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  const req = `globalThis[Symbol.for("quickexec.require")](${JSON.stringify(bare)})`;
  return `const m = ${req};\nexport default m;\n${reexports(names)}`;
}

/** An ES module facade over a CommonJS (or JSON) file, loaded through the guest's `require`. */
export function cjsModuleSource(file: string, names: string[]): string {
  const req = `globalThis[Symbol.for("quickexec.requireFile")](${JSON.stringify(file)})`;
  return `const m = ${req};\nexport default m;\n${reexports(names)}`;
}

/** The CommonJS wrapper; it shares line 1 with the program so line numbers stay right. */
export const CJS_PREFIX = "(function (exports, require, module, __filename, __dirname) {";

/** Sets `import.meta.url`, `filename` and `dirname` on line 1 of a module, so line numbers stay the file's. */
export function withImportMeta(source: string, file: string): string {
  const url = "file://" + encodeURI(file).replace(/[?#]/g, (c) => encodeURIComponent(c));
  const dirname = file.slice(0, file.lastIndexOf("/")) || "/";
  if (source.startsWith("#!")) source = "//" + source.slice(2);
  return `import.meta.url = ${JSON.stringify(url)}; import.meta.filename = ${JSON.stringify(file)}; import.meta.dirname = ${JSON.stringify(dirname)};${source}`;
}
