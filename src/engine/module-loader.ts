/**
 * The ES module loader QuickJS calls for `import`: names each requested
 * module (builtins become `node:<name>`, files their real path, resolved by
 * the host) and gives its source (a file's text, or a facade over a builtin
 * or a CommonJS module, loaded through the guest's `require`). The names and
 * sources themselves are made in `modules.ts`. A new ES module's text comes
 * with its resolution (op `module.import`): QuickJS asks for it right after.
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
   * The ES module text that came with the latest resolution, for the load
   * QuickJS makes right after it (a new module is loaded as soon as it is
   * named); any later resolution drops it, so a text is never used but at
   * once, in the run that read it.
   */
  private pending: { file: string; source: string } | null = null;

  /**
   * @param api the prelude's API (export names, guest errors).
   * @param callOp runs a host op for the run in progress (`module.import`, `module.read`).
   */
  constructor(
    private readonly api: GuestApi,
    private readonly callOp: (op: string, args: unknown[]) => OpOutcome,
  ) {}

  /** Names a module: builtins become `node:<name>`, files their real path (resolved by the host). */
  normalize(base: string, requested: string): string {
    this.pending = null;
    const builtin = builtinModuleName(requested);
    if (builtin !== null) return builtin;
    if (requested.startsWith("node:")) return missingModule(`No such built-in module: ${requested}`, "ERR_UNKNOWN_BUILTIN_MODULE");
    const outcome = this.callOp("module.import", [requested, base]);
    if (!outcome.ok) return missingModule(outcome.error.message, outcome.error.code);
    if (outcome.value === null) return missingModule(notFoundMessage(requested, base), "ERR_MODULE_NOT_FOUND");
    const [file, format, source] = outcome.value as [string, string, string?];
    this.formats.set(file, format);
    if (source !== undefined) this.pending = { file, source };
    return file;
  }

  /** The source of a module named by {@link normalize}, or the guest error its loading fails with. */
  load(name: string): string | { error: QuickJSHandle } {
    const format = this.formats.get(name);
    const pending = this.pending;
    this.pending = null;
    let source: string | { error: Error };
    if (format === undefined) source = moduleSource(name, (bare) => this.exportNames("builtinExportNames", bare));
    else if (format === "module") {
      let text = pending !== null && pending.file === name ? pending.source : undefined;
      if (text === undefined) {
        const outcome = this.callOp("module.read", [name]);
        if (!outcome.ok) return { error: this.api.guestError(outcome.error) };
        text = outcome.value as string;
      }
      source = withImportMeta(text, name);
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
