// Up-to-date checks for scripts/build.mjs: each build step names its inputs
// (files and directories) and outputs; a step runs only when the fingerprint
// of its inputs (a SHA-256 over every input file's path and content) differs
// from the one stamped when it last succeeded, or an output is missing.
// Stamps live in one JSON file (dist/.build-stamps.json), so deleting dist/
// rebuilds everything. Installed packages count through
// node_modules/.package-lock.json, which npm rewrites on every install.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** Content hashes by path, reused while size and mtime stay the same (one build reads each file once). */
const fileHashes = new Map();

function fileHash(file) {
  const stat = statSync(file);
  const key = `${stat.size}:${stat.mtimeMs}`;
  const known = fileHashes.get(file);
  if (known && known.key === key) return known.hash;
  const hash = createHash("sha256").update(readFileSync(file)).digest("hex");
  fileHashes.set(file, { key, hash });
  return hash;
}

/** Every file under `paths` (files or directories, relative to `root`), sorted; missing paths count as absent. */
export function inputFiles(root, paths, skip = () => false) {
  const files = [];
  const walk = (path) => {
    if (skip(relative(root, path).split(sep).join("/"))) return;
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else if (stat.isFile()) files.push(path);
  };
  for (const path of paths) walk(join(root, path));
  return files.sort();
}

/** The fingerprint of `paths`: their files' relative paths and contents. */
export function fingerprint(root, paths, skip) {
  const hash = createHash("sha256");
  for (const file of inputFiles(root, paths, skip)) hash.update(relative(root, file).split(sep).join("/")).update("\0").update(fileHash(file)).update("\n");
  return hash.digest("hex");
}

function readStamps(stampFile) {
  try {
    return JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {
    return {};
  }
}

/**
 * Runs one step unless it is up to date. Resolves with true when it ran.
 * @param {{ name: string, root: string, stampFile: string, inputs: string[], outputs: string[],
 *   skip?: (path: string) => boolean, force?: boolean, run: () => unknown, log?: (line: string) => void }} step
 */
export async function runStep({ name, root, stampFile, inputs, outputs, skip, force = false, run, log = console.log }) {
  const started = Date.now();
  const print = fingerprint(root, inputs, skip);
  const fresh = !force && readStamps(stampFile)[name] === print && outputs.every((output) => existsSync(join(root, output)));
  if (fresh) {
    log(`${name}: up to date (${Date.now() - started} ms)`);
    return false;
  }
  await run();
  const stamps = readStamps(stampFile);
  stamps[name] = print;
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamps, null, 2) + "\n");
  return true;
}
