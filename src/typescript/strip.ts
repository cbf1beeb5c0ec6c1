/**
 * TypeScript guests: type stripping of `.ts`, `.mts` and `.cts` files as
 * Node 22.6+ does it in strip-only mode (`--experimental-strip-types`, on by
 * default from Node 23.6): types are replaced by whitespace, so every line and
 * column of the JavaScript that runs is the one of the TypeScript source and
 * error positions point into it with no source map. Syntax that needs code
 * generation (`enum`, namespaces with values, parameter properties,
 * `import x = require()`, `<T>x` assertions) is refused with
 * `ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX`, as Node refuses it; TypeScript files
 * under `node_modules` with `ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING`.
 *
 * The stripper is ts-blank-space on the TypeScript parser, loaded on the
 * host the first time a TypeScript file appears (a run without one never
 * loads it). It runs on the host, before the source reaches the engine: the
 * guest cannot carry the parser (megabytes of JavaScript, which would be
 * evaluated again in every fresh sandbox under its memory limit). As that
 * work is outside the guest's limits, a run may have only so much stripped
 * ({@link RUN_STRIP_BUDGET_CHARS}).
 * @module
 */
import { codedError } from "../errors.js";

/** The extensions that are TypeScript (Node's strip-only mode; `.tsx` is not among them). */
const TS_EXTENSION = /\.(ts|mts|cts)$/;

/** Whether `file` is a TypeScript file that must be stripped before it runs. */
export function isTypeScriptFile(file: string): boolean {
  return TS_EXTENSION.test(file);
}

/**
 * How a TypeScript file is evaluated, by its extension: `.mts` is an ES
 * module, `.cts` CommonJS; for `.ts` (like `.js`) null, meaning the nearest
 * `package.json` `type` decides.
 */
export function typeScriptFormat(file: string): "module" | "commonjs" | null {
  if (file.endsWith(".mts")) return "module";
  if (file.endsWith(".cts")) return "commonjs";
  return null;
}

/** A stripped file: its JavaScript, and whether it has ES module syntax (import/export, import.meta). */
type Stripped = { code: string; module: boolean };
type Stripper = (file: string, source: string) => Stripped;
let stripper: Promise<Stripper> | undefined;

/**
 * Recent results by file and source: a file whose format is detected (see
 * {@link detectTypeScriptFormat}) is stripped once, not again when it is read.
 * Only sources up to {@link RECENT_MAX_CHARS} are kept.
 */
const recent = new Map<string, Stripped>();
const RECENT_ENTRIES = 16;
const RECENT_MAX_CHARS = 1 << 20;

/**
 * How much TypeScript one run may have stripped (in characters, results
 * taken from the cache not counted). Stripping runs on the host, outside the
 * guest's CPU budget: this bounds what a guest can make the host parse by
 * writing and requiring files (measured: 1.1 MB in 4.7 s on a 2-core machine
 * with a load average of 17).
 */
export const RUN_STRIP_BUDGET_CHARS = 8 << 20;
const spent = new WeakMap<object, number>();

/**
 * The JavaScript of the TypeScript file `file` (a sandbox path) whose text is
 * `source`, with types blanked out; positions are unchanged.
 * @param run the run the file is loaded for (any object standing for it): its
 * stripping counts against {@link RUN_STRIP_BUDGET_CHARS}.
 * @throws SyntaxError with `code` `ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX` (syntax
 * that strip-only mode cannot erase), `ERR_INVALID_TYPESCRIPT_SYNTAX` (the
 * source does not parse), `ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING` (a
 * file under `node_modules`), an error with `ERR_QUICKEXEC_NO_TYPESCRIPT`
 * when the stripper cannot be loaded on this host, or with
 * `ERR_QUICKEXEC_TYPESCRIPT_BUDGET` past the run's budget.
 */
export async function stripTypeScript(file: string, source: string, run?: object): Promise<string> {
  return (await strip(file, source, run)).code;
}

/**
 * How a `.ts` file outside any package `type` is evaluated, as Node 22.7+
 * decides for it (syntax detection): an ES module if its stripped source has
 * `import` / `export` statements or `import.meta`, CommonJS otherwise (also
 * when it cannot be read or stripped: loading it then reports why).
 */
export async function detectTypeScriptFormat(file: string, read: () => Promise<string>, run?: object): Promise<"module" | "commonjs"> {
  try {
    return (await strip(file, await read(), run)).module ? "module" : "commonjs";
  } catch {
    return "commonjs";
  }
}

async function strip(file: string, source: string, run: object | undefined): Promise<Stripped> {
  if (file.split("/").includes("node_modules")) {
    throw codedError(
      Error,
      "ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING",
      `Stripping types is currently unsupported for files under node_modules, for "${file}"`,
    );
  }
  const key = `${file}\0${source}`;
  const known = recent.get(key);
  if (known) return known;
  if (run !== undefined) {
    const total = (spent.get(run) ?? 0) + source.length;
    if (total > RUN_STRIP_BUDGET_CHARS) {
      throw codedError(
        Error,
        "ERR_QUICKEXEC_TYPESCRIPT_BUDGET",
        `Cannot strip the types of ${file}: a run may have at most ${RUN_STRIP_BUDGET_CHARS >> 20} MiB of TypeScript stripped (on the host, outside its CPU limit)`,
      );
    }
    spent.set(run, total);
  }
  stripper ??= loadStripper();
  const stripped = (await stripper)(file, source);
  if (source.length <= RECENT_MAX_CHARS) {
    recent.set(key, stripped);
    if (recent.size > RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
  }
  return stripped;
}

/** The package names, kept out of static imports so that bundlers (the browser bundle) leave them out. */
const BLANK_SPACE = "ts-blank-space";
const TYPESCRIPT = "typescript";

async function loadStripper(): Promise<Stripper> {
  let blankSourceFile: typeof import("ts-blank-space").blankSourceFile;
  let ts: typeof import("typescript");
  try {
    ({ blankSourceFile } = (await import(BLANK_SPACE)) as typeof import("ts-blank-space"));
    const loaded = (await import(TYPESCRIPT)) as typeof import("typescript") & { default?: typeof import("typescript") };
    ts = loaded.default ?? loaded;
  } catch (error) {
    stripper = undefined; // Try again next time (the host may install it).
    throw codedError(
      Error,
      "ERR_QUICKEXEC_NO_TYPESCRIPT",
      `TypeScript guests need the ts-blank-space package, which this host cannot load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (file, source) => {
    const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
    const where = (pos: number) => {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(pos);
      return `${file}:${line + 1}:${character + 1}`;
    };
    // parseDiagnostics is the parser's own list (not in the public typings): the source does not parse.
    const diagnostics = (sourceFile as unknown as { parseDiagnostics?: { start?: number; messageText: string | object }[] }).parseDiagnostics ?? [];
    if (diagnostics.length > 0) {
      const first = diagnostics[0]!;
      const text = typeof first.messageText === "string" ? first.messageText : ts.flattenDiagnosticMessageText(first.messageText as never, "\n");
      throw codedError(SyntaxError, "ERR_INVALID_TYPESCRIPT_SYNTAX", `${text} (${where(first.start ?? 0)})`);
    }
    let refused: Error | undefined;
    const output = blankSourceFile(sourceFile, (node) => {
      refused ??= codedError(
        SyntaxError,
        "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX",
        `${unsupportedMessage(ts, node)} (${where(node.getStart(sourceFile))})`,
      );
    });
    if (refused) throw refused;
    // Set by the parser for import/export declarations and import.meta (a type-only one counts too: a rare file
    // whose only exports are types is taken as an ES module, where Node would find no module syntax left).
    const module = (sourceFile as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator !== undefined;
    return { code: output, module };
  };
}

/** Node's wording (its swc-based stripper's) for syntax that strip-only mode refuses. */
function unsupportedMessage(ts: typeof import("typescript"), node: import("typescript").Node): string {
  const K = ts.SyntaxKind;
  switch (node.kind) {
    case K.EnumDeclaration:
      return "TypeScript enum is not supported in strip-only mode";
    case K.ModuleDeclaration:
      // `namespace N {}` carries the Namespace flag; `module N {}` does not.
      return node.flags & ts.NodeFlags.Namespace
        ? "TypeScript namespace declaration is not supported in strip-only mode"
        : "`module` keyword is not supported. Use `namespace` instead.";
    case K.ImportEqualsDeclaration:
      return "TypeScript import equals declaration is not supported in strip-only mode";
    case K.ExportAssignment:
      return "TypeScript export assignment is not supported in strip-only mode";
    case K.TypeAssertionExpression:
      return "The angle-bracket syntax for type assertions, `<T>expr`, is not supported in type strip mode. Instead, use the 'as' syntax: `expr as T`.";
    case K.PublicKeyword:
    case K.PrivateKeyword:
    case K.ProtectedKeyword:
    case K.ReadonlyKeyword:
    case K.Parameter:
      return "TypeScript parameter property is not supported in strip-only mode";
    default:
      return `TypeScript ${K[node.kind]} is not supported in strip-only mode`;
  }
}

/**
 * The program to run for a TypeScript main file: its stripped source, or,
 * when stripping refuses it, a one-line program that throws the same error
 * inside the sandbox, so the run fails as Node's does (reported on stderr,
 * exit code 1) and the guest-side error keeps its class and `code`.
 */
export async function typeScriptEntry(file: string, source: string): Promise<string> {
  try {
    return await stripTypeScript(file, source);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const Ctor = e instanceof SyntaxError ? "SyntaxError" : "Error";
    const code = (e as { code?: unknown }).code;
    const errorCode = typeof code === "string" ? code : "ERR_QUICKEXEC_NO_TYPESCRIPT";
    // The stack shows the code as Node's own errors do: `SyntaxError [ERR_...]: message` (the message holds the position).
    const stack = `${Ctor} [${errorCode}]: ${e.message}`;
    return `throw Object.assign(new ${Ctor}(${JSON.stringify(e.message)}), { code: ${JSON.stringify(errorCode)}, stack: ${JSON.stringify(stack)} });`;
  }
}
