/**
 * The module resolver's view of the filesystem, with what it learns about
 * files that cannot change kept for the life of a runtime.
 *
 * A filesystem may declare a folder whose content never changes while it
 * exists (the read-only `node_modules` overlay does: guests cannot write to
 * it, and it reads the host's packages once per runtime). Under that folder
 * the answers of `realpath`, `stat`, `lstat`, `readlink` and `readFile` are remembered
 * (misses and errors too), so a package resolved and read in one run is
 * resolved and read from memory in the next runs of the same runtime.
 * Everywhere else every call goes to the filesystem, as before: the guest's
 * own files, which it (or the host) may change between two requires, are
 * never served from memory.
 *
 * Only filesystem answers are remembered, never permission decisions: the
 * resolver still asks the `fs` permission for every path it probes and every
 * file it reads, exactly as it does without this cache, so a check that now
 * denies what it allowed before still denies a remembered module.
 * @module
 */
import { FileTooLargeError, IMMUTABLE_FOLDER, type FileSystem } from "../fs/file-system.js";
import type { VirtualFileSystem, VirtualStat } from "../fs/types.js";

/** The calls the resolver makes on the filesystem. */
export type ModuleFiles = Pick<FileSystem, "realpath" | "stat" | "lstat" | "readlink" | "readFile">;

/** A remembered answer: the value, or the error the call failed with. */
type Answer<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Entries each table keeps at most (a guest probing many paths must not grow the host without bound). */
const MAX_ENTRIES = 20000;
/** Bytes of file content kept at most per runtime. */
const MAX_BYTES = 64 * 1048576;

/** The error codes of a path that is not there (remembered like any answer). */
const MISSING = new Set(["ENOENT", "ENOTDIR"]);

/**
 * What a CommonJS file of the unchanging folder requires with literal
 * specifiers, or what an ES module of it imports, transitively
 * (`module-prefetch.ts`): resolutions flattened by fours (`dir, request,
 * file, format`) and the sources of the files.
 */
export interface PackageClosure {
  readonly links: string[];
  readonly sources: ReadonlyArray<readonly [string, string]>;
  /** Characters of source held. */
  readonly chars: number;
}

/** What one runtime remembers about its filesystem's immutable folder. */
export class ModuleFileCache {
  private readonly prefix: string | null;
  private readonly realpaths = new Map<string, Answer<string>>();
  private readonly stats = new Map<string, Answer<VirtualStat>>();
  private readonly lstats = new Map<string, Answer<VirtualStat>>();
  private readonly links = new Map<string, Answer<string>>();
  private readonly contents = new Map<string, Answer<Uint8Array>>();
  private readonly closures = { require: new Map<string, PackageClosure>(), import: new Map<string, PackageClosure>() };
  private bytes = 0;

  /** @param filesystem the runtime's filesystem, as the user gave it (its {@link IMMUTABLE_FOLDER}, if any, is cached). */
  constructor(filesystem: VirtualFileSystem) {
    const folder = (filesystem as { [IMMUTABLE_FOLDER]?: unknown })[IMMUTABLE_FOLDER];
    this.prefix = typeof folder === "string" && folder.startsWith("/") && folder !== "/" ? folder : null;
  }

  /** Whether answers about `path` are remembered. */
  covers(path: string): boolean {
    const prefix = this.prefix;
    return prefix !== null && (path === prefix || path.startsWith(prefix + "/"));
  }

  /** The resolver's view of `fs` (one run's filesystem): remembered answers under the immutable folder, the filesystem elsewhere. */
  view(fs: FileSystem): ModuleFiles {
    if (this.prefix === null) return fs;
    return {
      realpath: (path) => this.answer(this.realpaths, path, () => fs.realpath(path)),
      stat: (path) => this.answer(this.stats, path, () => fs.stat(path)),
      lstat: (path) => this.answer(this.lstats, path, () => fs.lstat(path)),
      readlink: (path) => this.answer(this.links, path, () => fs.readlink(path)),
      readFile: async (path, options) => {
        if (!this.covers(path)) return fs.readFile(path, options);
        let bytes: Uint8Array;
        try {
          // Read whole once (up to the cache's own bound), then held to each run's limit.
          bytes = await this.answer(this.contents, path, () => fs.readFile(path, { maxBytes: MAX_BYTES }));
        } catch (error) {
          if (error instanceof FileTooLargeError) return fs.readFile(path, options);
          throw error;
        }
        if (bytes.byteLength > options.maxBytes) throw new FileTooLargeError(bytes.byteLength);
        return bytes;
      },
    };
  }

  /** The closure computed for `file` loaded by `mode` (`require` or `import`) in an earlier run, if any. */
  closure(file: string, mode: "require" | "import"): PackageClosure | undefined {
    return this.closures[mode].get(file);
  }

  /** Keeps `closure` for `file` loaded by `mode` (within the cache's bounds; each source counted at two bytes a character). */
  rememberClosure(file: string, mode: "require" | "import", closure: PackageClosure): void {
    const size = closure.chars * 2;
    const closures = this.closures[mode];
    if (!this.covers(file) || closures.size >= MAX_ENTRIES || this.bytes + size > MAX_BYTES) return;
    this.bytes += size;
    closures.set(file, closure);
  }

  private async answer<T>(table: Map<string, Answer<T>>, path: string, call: () => Promise<T>): Promise<T> {
    if (!this.covers(path)) return call();
    let known = table.get(path);
    if (known === undefined) {
      try {
        known = { ok: true, value: await call() };
      } catch (error) {
        known = { ok: false, error };
      }
      this.remember(table, path, known);
    }
    if (!known.ok) throw known.error;
    return known.value;
  }

  private remember<T>(table: Map<string, Answer<T>>, path: string, answer: Answer<T>): void {
    const size = answer.ok && answer.value instanceof Uint8Array ? answer.value.byteLength : 0;
    // Only "nothing there" is remembered of failures: any other error (a transient one) is asked again next time.
    if (!answer.ok && !MISSING.has((answer.error as { code?: unknown } | null)?.code as string)) return;
    if (table.size >= MAX_ENTRIES || this.bytes + size > MAX_BYTES) return;
    this.bytes += size;
    table.set(path, answer);
  }
}
