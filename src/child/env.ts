/**
 * The environment a guest's child process gets, and the variables that never
 * reach it.
 *
 * The `childProcess` permission check approves a command and its arguments.
 * Some environment variables make a program load or run code that is neither
 * (a library injected by the dynamic loader, a script a shell sources at
 * start-up, a module an interpreter preloads), which would turn an approved
 * `ls` or `node --version` into anything at all. Those variables are removed
 * before the check runs, so the check sees exactly the environment the child
 * gets. Everything else (PATH, HOME, LANG, a program's own settings) passes
 * unchanged: a host that wants less filters it in its check, which sees the
 * whole environment.
 * @module
 */

/**
 * Name prefixes dropped (compared case-insensitively, since Windows names
 * are):
 * - `LD_`: the ELF dynamic loader's controls (glibc, musl, Solaris):
 *   `LD_PRELOAD` and `LD_AUDIT` load libraries into the child,
 *   `LD_LIBRARY_PATH` replaces the libraries it links, and the rest
 *   (`LD_DEBUG_OUTPUT`, `LD_PROFILE`, ...) steer the loader too;
 * - `DYLD_`: the macOS loader's (`DYLD_INSERT_LIBRARIES`, `DYLD_LIBRARY_PATH`, ...);
 * - `BASH_FUNC_`: exported bash functions, which define commands (even ones
 *   named like programs) in every bash the child starts.
 */
export const DROPPED_PREFIXES: readonly string[] = Object.freeze(["LD_", "DYLD_", "BASH_FUNC_"]);

/**
 * Names dropped (compared case-insensitively), each because it makes a
 * program load or run code of the environment's choosing:
 * - `GCONV_PATH`: glibc loads character-set converters (shared objects) from it;
 * - `GLIBC_TUNABLES`: parsed by the dynamic loader itself before the program runs;
 * - `NODE_OPTIONS`: `--require` / `--import` / `--loader` preload code into every node;
 * - `NODE_PATH`: extra directories `require()` searches, so a bare name loads other code;
 * - `NODE_REPL_EXTERNAL_MODULE`: node runs this module instead of its REPL;
 * - `BASH_ENV`: a file non-interactive bash sources before the script;
 * - `ENV`: a file POSIX `sh` (and bash in POSIX mode) sources at start-up;
 * - `SHELLOPTS`, `BASHOPTS`: shell options set at start-up (e.g. `xtrace`, which
 *   expands `PS4`, command substitutions included, before every command);
 * - `ZDOTDIR`: where zsh finds `.zshenv`, which every zsh sources;
 * - `PERL5OPT` (`-M` modules), `PERL5LIB`, `PERLLIB` (module search path), `PERL5DB` (debugger code);
 * - `RUBYOPT` (`-r` libraries), `RUBYLIB` (library search path);
 * - `PYTHONPATH`, `PYTHONHOME` (where modules and `site` load from),
 *   `PYTHONSTARTUP` (a script run at start-up), `PYTHONUSERBASE` (user
 *   site-packages, whose `.pth` files run code), `PYTHONWARNINGS` (imports
 *   the modules its categories name), `PYTHONBREAKPOINT` (imports a callable);
 * - `JAVA_TOOL_OPTIONS`, `_JAVA_OPTIONS`, `JDK_JAVA_OPTIONS`: JVM options, `-javaagent` included.
 *
 * Deliberately kept: `PATH` (which program a bare command names is the
 * permission check's concern: it sees the command as given and the `PATH`
 * the child gets), `HOME`, `NODE_EXTRA_CA_CERTS` (TLS trust, not code),
 * and tool-specific "run this command" settings such as `GIT_SSH_COMMAND`,
 * `PAGER` or `EDITOR`, which only matter to programs a check chose to allow.
 */
export const DROPPED_NAMES: readonly string[] = Object.freeze([
  "GCONV_PATH",
  "GLIBC_TUNABLES",
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_REPL_EXTERNAL_MODULE",
  "BASH_ENV",
  "ENV",
  "SHELLOPTS",
  "BASHOPTS",
  "ZDOTDIR",
  "PERL5OPT",
  "PERL5LIB",
  "PERLLIB",
  "PERL5DB",
  "RUBYOPT",
  "RUBYLIB",
  "PYTHONPATH",
  "PYTHONHOME",
  "PYTHONSTARTUP",
  "PYTHONUSERBASE",
  "PYTHONWARNINGS",
  "PYTHONBREAKPOINT",
  "JAVA_TOOL_OPTIONS",
  "_JAVA_OPTIONS",
  "JDK_JAVA_OPTIONS",
]);

const droppedNames = new Set(DROPPED_NAMES);

/** Whether `name` is one of the variables that never reach a child process ({@link DROPPED_NAMES}, {@link DROPPED_PREFIXES}). */
export function isDroppedVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return droppedNames.has(upper) || DROPPED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/**
 * The environment a child gets: `env` (the guest's `options.env`, or its
 * `process.env`) without the variables of {@link isDroppedVariable}, as a
 * fresh object of strings.
 */
export function childEnvironment(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isDroppedVariable(name)) out[name] = value;
  }
  return out;
}
