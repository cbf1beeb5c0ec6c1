/**
 * ES module resolution for the guest: names normalise to `node:<builtin>`,
 * and a builtin loads as a module re-exporting the CommonJS exports (named
 * exports taken from the module's own keys, as Node does for CommonJS).
 * @module
 */
import { GUEST_BUILTINS } from "./guest-sources.generated.js";

/** Prefix of the name a failed resolution normalises to. */
const MISSING = "quickexec:missing:";

/** Built-in modules the prelude provides itself (the rest come from the bundled ports). */
const PRELUDE_MODULES = new Set(["process", "console", "timers", "timers/promises", "os"]);

/** The normalised name of `requested` imported from `base`. Failures are reported by {@link moduleSource}, which QuickJS lets name the module. */
export function resolveModule(base: string, requested: string): string {
  const bare = requested.startsWith("node:") ? requested.slice(5) : requested;
  if (!bare.startsWith("internal/") && (PRELUDE_MODULES.has(bare) || Object.prototype.hasOwnProperty.call(GUEST_BUILTINS, bare))) {
    return `node:${bare}`;
  }
  return `${MISSING}${JSON.stringify([requested, base])}`;
}

/**
 * The source of the module a resolved name stands for.
 * @param exportNames the named exports of a builtin (evaluated in the guest).
 */
export function moduleSource(name: string, exportNames: (bare: string) => string[]): string | { error: Error } {
  if (name.startsWith(MISSING)) {
    const [requested, base] = JSON.parse(name.slice(MISSING.length)) as [string, string];
    const err = new Error(`Cannot find module '${requested}' imported from ${base}`);
    (err as Error & { code: string }).code = "ERR_MODULE_NOT_FOUND";
    return { error: err };
  }
  const bare = name.slice(5);
  let names: string[];
  try {
    names = exportNames(bare);
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  const req = `globalThis[Symbol.for("quickexec.require")](${JSON.stringify(bare)})`;
  return `const m = ${req};\nexport default m;\n` + (names.length ? `export const { ${names.join(", ")} } = m;\n` : "");
}
