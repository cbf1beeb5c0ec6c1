/**
 * The ES module loader QuickJS calls for `import`: names each requested
 * module (builtins become `node:<name>`, files their real path, resolved by
 * the host) and gives its source (a file's text, or a facade over a builtin
 * or a CommonJS module, loaded through the guest's `require`). The names and
 * sources themselves are made in `modules.ts`.
 * @module
 */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import type { OpOutcome } from "./protocol.js";
import type { GuestApi } from "./guest-api.js";
import { serializeError } from "../errors.js";
import { builtinModuleName, cjsModuleSource, missingModule, moduleSource, notFoundMessage, withImportMeta } from "./modules.js";

/** Loads ES modules for one sandbox. */
export class ModuleLoader {
  /** How each file-backed import resolved (by module name): `module`, `commonjs`, `json`, `addon`. */
  private readonly formats = new Map<string, string>();

  /**
   * @param api the prelude's API (export names, guest errors).
   * @param callOp runs a host op for the run in progress (`module.resolve`, `module.read`).
   */
  constructor(
    private readonly api: GuestApi,
    private readonly callOp: (op: string, args: unknown[]) => OpOutcome,
  ) {}

  /** Names a module: builtins become `node:<name>`, files their real path (resolved by the host). */
  normalize(base: string, requested: string): string {
    const builtin = builtinModuleName(requested);
    if (builtin !== null) return builtin;
    if (requested.startsWith("node:")) return missingModule(`No such built-in module: ${requested}`, "ERR_UNKNOWN_BUILTIN_MODULE");
    const outcome = this.callOp("module.resolve", [requested, base, "import"]);
    if (!outcome.ok) return missingModule(outcome.error.message, outcome.error.code);
    if (outcome.value === null) return missingModule(notFoundMessage(requested, base), "ERR_MODULE_NOT_FOUND");
    const [file, format] = outcome.value as [string, string];
    this.formats.set(file, format);
    return file;
  }

  /** The source of a module named by {@link normalize}, or the guest error its loading fails with. */
  load(name: string): string | { error: QuickJSHandle } {
    const format = this.formats.get(name);
    let source: string | { error: Error };
    if (format === undefined) source = moduleSource(name, (bare) => this.exportNames("builtinExportNames", bare));
    else if (format === "module") {
      const outcome = this.callOp("module.read", [name]);
      if (!outcome.ok) return { error: this.api.guestError(outcome.error) };
      source = withImportMeta(outcome.value as string, name);
    } else {
      // CommonJS, JSON and addons load through the guest's require, as Node's ESM loader does.
      try {
        source = cjsModuleSource(name, this.exportNames("cjsExportNames", name));
      } catch (error) {
        source = { error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
    if (typeof source === "string") return source;
    // Made by the guest so the error keeps its code (ERR_MODULE_NOT_FOUND, ...).
    return { error: this.api.guestError(serializeError(source.error)) };
  }

  /** Named exports of a builtin or a CommonJS module, computed in the guest. */
  private exportNames(fn: "builtinExportNames" | "cjsExportNames", name: string): string[] {
    const { ctx } = this.api;
    const names = this.api.call(fn, ctx.newString(name));
    if ("error" in names) {
      const error = names.error!;
      const code = ctx.getProp(error, "code");
      const codeText = ctx.typeof(code) === "string" ? ctx.getString(code) : undefined;
      code.dispose();
      throw Object.assign(new Error(this.api.errorText(error)), codeText ? { code: codeText } : {});
    }
    const list = ctx.dump(names.value) as string[];
    names.value.dispose();
    return list;
  }
}
