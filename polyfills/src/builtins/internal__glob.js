// internal/glob — path.matchesGlob's matcher: minimatch (the library Node
// itself vendors for glob matching), called with the options Node 22 gives
// it. Loaded only when a program first calls matchesGlob.
import { minimatch } from "minimatch";

let warned = false;

function matchesGlob(path, pattern, windows) {
  if (!warned) {
    warned = true;
    process.emitWarning("glob is an experimental feature and might change at any time", "ExperimentalWarning");
  }
  return minimatch(path, pattern, {
    __proto__: null,
    nocase: windows,
    windowsPathsNoEscape: true,
    nonegate: true,
    nocomment: true,
    optimizationLevel: 2,
    platform: windows ? "win32" : "posix",
    nocaseMagicOnly: true,
  });
}

export default { matchesGlob };
