/**
 * The guest's builtin modules as the engine thread reads them. Their names
 * are always at hand (a small generated list); their sources, megabytes in
 * all, are read one builtin at a time on its first `require` in the thread,
 * through a reader the thread's driver gives (a Node engine worker reads the
 * builtins file next to the compiled engine), and then kept for the
 * thread's later sandboxes. A thread given no reader loads the generated
 * module that holds every source (what the browser's engine worker bundles).
 * @module
 */
import { GUEST_BUILTIN_NAMES } from "./guest-prelude.generated.js";

/** Reads one builtin's source (undefined if there is no such builtin). */
export type BuiltinReader = (name: string) => string | undefined;

const names: ReadonlySet<string> = new Set(GUEST_BUILTIN_NAMES);
/** Sources read so far in this thread. */
const sources = new Map<string, string>();
let reader: BuiltinReader | null = null;
let loading: Promise<void> | null = null;

/**
 * Gives the thread its reader of builtin sources; call it before the first
 * sandbox is made (a reader given later than {@link loadGuestBuiltins} is ignored).
 */
export function setBuiltinReader(read: BuiltinReader): void {
  reader ??= read;
}

/** Makes sure builtin sources can be read (loads the generated module when no reader was given). */
export function loadGuestBuiltins(): Promise<void> {
  if (reader) return Promise.resolve();
  loading ??= import("./guest-sources.generated.js").then(({ GUEST_BUILTINS }) => {
    reader ??= (name) => (Object.prototype.hasOwnProperty.call(GUEST_BUILTINS, name) ? GUEST_BUILTINS[name] : undefined);
  });
  return loading;
}

/** Whether `name` (`util`, `internal/x`) is a bundled builtin. */
export function isGuestBuiltin(name: string): boolean {
  return names.has(name);
}

/** The names of the bundled builtins (internal ones included), sorted. */
export function guestBuiltinNames(): readonly string[] {
  return GUEST_BUILTIN_NAMES;
}

/**
 * The source of builtin `name`, or undefined if there is none.
 * @throws if the sources were not loaded (see {@link loadGuestBuiltins}) or the reader failed.
 */
export function guestBuiltinSource(name: string): string | undefined {
  if (!names.has(name)) return undefined;
  let source = sources.get(name);
  if (source !== undefined) return source;
  if (!reader) throw new Error("quickexec: the guest's builtin sources were not loaded");
  source = reader(name);
  if (source === undefined) throw new Error(`quickexec: the builtin sources hold no ${name}`);
  sources.set(name, source);
  return source;
}
