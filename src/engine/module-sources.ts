/**
 * Module sources kept on the engine's side of a sandbox.
 *
 * `module.load` answers `require` with the file's source and, for a package
 * of the unchanging `node_modules` folder, the sources of the files it
 * requires (`src/ops/module-prefetch.ts`). Those texts are only ever
 * compiled, and the compiler takes its source from the engine's side: were
 * they handed to the guest, each would be copied into the guest's heap and
 * back out of it for the compiler. So the engine keeps them, for the run
 * that received them, and the guest gets `true` in place of the file's own
 * source and the names of the files sent ahead in place of their sources
 * (`polyfills/src/loader.js`). It compiles a kept source by name (host
 * function `compile` without a source) and takes a text into its heap only
 * when it needs the text (a JSON file, or a `Module.prototype._compile` of the
 * program's own), by `moduleSource`. Each text is given out once.
 *
 * What one run kept is never seen by another: the texts are held per run
 * object and dropped with it.
 * @module
 */

/** A `module.load` answer: `[file, format, source?, [links, [file, source, ...]]?]`, or null. */
type LoadAnswer = [string, string, string?, [string, string[]]?] | null;

/** The sources one engine sandbox kept, for the run in progress. */
export class ModuleSources {
  private readonly kept = new WeakMap<object, Map<string, string>>();

  /**
   * Keeps the sources of a `module.load` answer for `run` and returns what
   * the guest gets: the file's own source as `true`, the prefetch's sources
   * as their files' names.
   */
  keep(run: object, value: unknown): unknown {
    const answer = value as LoadAnswer;
    if (answer === null || !Array.isArray(answer) || typeof answer[2] !== "string") return value;
    let texts = this.kept.get(run);
    if (texts === undefined) this.kept.set(run, (texts = new Map()));
    const [file, format, source, ahead] = answer;
    texts.set(file, source!);
    if (ahead === undefined) return [file, format, true];
    const [links, sources] = ahead;
    const files: string[] = [];
    for (let i = 0; i + 1 < sources.length; i += 2) {
      texts.set(sources[i]!, sources[i + 1]!);
      files.push(sources[i]!);
    }
    return [file, format, true, [links, files]];
  }

  /** The source kept for `file` in `run`, given out once (undefined when none is kept). */
  take(run: object | null, file: string): string | undefined {
    const texts = run === null ? undefined : this.kept.get(run);
    const text = texts?.get(file);
    if (text !== undefined) texts!.delete(file);
    return text;
  }
}
