/**
 * The ES module loader QuickJS calls for `import`: names each requested
 * module (builtins become `node:<name>`, files their real path, resolved by
 * the host) and gives its source (a file's text, or a facade over a builtin
 * or a CommonJS module, loaded through the guest's `require`). The names and
 * sources themselves are made in `modules.ts`. A new ES module's text comes
 * with its resolution (op `module.import`): QuickJS asks for it right after.
 * An ES module of the unchanging `node_modules` folder may come with what it
 * imports (`src/ops/module-prefetch.ts`): those resolutions and texts are
 * kept for the run and answer its later imports without a host call.
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
  /** What `module.import` sent ahead in the run `run`: resolutions by folder and specifier, and texts by file (each used once). */
  private ahead: { run: object; links: Map<string, readonly [string, string]>; sources: Map<string, string> } | null = null;

  /**
   * @param api the prelude's API (export names, guest errors).
   * @param callOp runs a host op for the run in progress (`module.import`, `module.read`).
   * @param currentRun the run in progress (what the host sent ahead is kept for it alone).
   */
  constructor(
    private readonly api: GuestApi,
    private readonly callOp: (op: string, args: unknown[]) => OpOutcome,
    private readonly currentRun: () => object | null = () => null,
  ) {}

  /** What was sent ahead in the run in progress, if anything. */
  private aheadNow(): ModuleLoader["ahead"] {
    const ahead = this.ahead;
    if (ahead === null || ahead.run === this.currentRun()) return ahead;
    this.ahead = null;
    return null;
  }

  /** Keeps what `module.import` sent ahead: resolutions by fours (dir, request, file, format) joined with line feeds, then files and their texts. */
  private absorb([linkText, sources]: [string, string[]]): void {
    const run = this.currentRun();
    if (run === null) return;
    let ahead = this.aheadNow();
    if (ahead === null) this.ahead = ahead = { run, links: new Map(), sources: new Map() };
    const links = linkText === "" ? [] : linkText.split("\n");
    for (let i = 0; i + 3 < links.length; i += 4) {
      const key = `${links[i]}\0${links[i + 1]}`;
      if (!ahead.links.has(key)) ahead.links.set(key, [links[i + 2]!, links[i + 3]!]);
    }
    for (let i = 0; i + 1 < sources.length; i += 2) ahead.sources.set(sources[i]!, sources[i + 1]!);
  }

  /** Names a module: builtins become `node:<name>`, files their real path (resolved by the host). */
  normalize(base: string, requested: string): string {
    this.pending = null;
    const builtin = builtinModuleName(requested);
    if (builtin !== null) return builtin;
    if (requested.startsWith("node:")) return missingModule(`No such built-in module: ${requested}`, "ERR_UNKNOWN_BUILTIN_MODULE");
    const sent = this.aheadNow()?.links.get(`${base.slice(0, base.lastIndexOf("/")) || "/"}\0${requested}`);
    if (sent !== undefined) {
      this.formats.set(sent[0], sent[1]);
      return sent[0];
    }
    const outcome = this.callOp("module.import", [requested, base]);
    if (!outcome.ok) return missingModule(outcome.error.message, outcome.error.code);
    if (outcome.value === null) return missingModule(notFoundMessage(requested, base), "ERR_MODULE_NOT_FOUND");
    const [file, format, source, prefetch] = outcome.value as [string, string, string?, [string, string[]]?];
    this.formats.set(file, format);
    if (source !== undefined) this.pending = { file, source };
    if (prefetch !== undefined) this.absorb(prefetch);
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
      const ahead = text === undefined ? this.aheadNow() : null;
      if (ahead) {
        text = ahead.sources.get(name);
        ahead.sources.delete(name);
      }
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
