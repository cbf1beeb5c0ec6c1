/**
 * npm packages for differential cases. A case that uses real packages names
 * them in a `// packages: chalk lru-cache` comment; each is copied, with the
 * packages it depends on, from the repository's node_modules (where they are
 * devDependencies) into the case's own node_modules, so the real Node and
 * quickexec resolve the same files at the same paths.
 */
import { cpSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** The package names a case declares in its `// packages:` comment. */
export function declaredPackages(source: string): string[] {
  const line = /^\/\/ packages: (.+)$/m.exec(source);
  return line ? line[1]!.trim().split(/\s+/) : [];
}

/** A package folder and the package folders nested in its node_modules, at any depth. */
function packageDirs(dir: string): string[] {
  const out = [dir];
  const nested = join(dir, "node_modules");
  if (!existsSync(nested)) return out;
  for (const entry of readdirSync(nested)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(nested, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) out.push(...packageDirs(join(nested, name)));
  }
  return out;
}

/** Whether `dep`, required from `from`, resolves to a folder nested inside `root` (so it is copied with it). */
function nestedIn(root: string, from: string, dep: string): boolean {
  for (let dir = from; dir.startsWith(root); dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", dep, "package.json"))) return true;
    if (dir === root) break;
  }
  return false;
}

/** The declared packages and, transitively, their dependencies, as folder names under node_modules. */
function closure(modules: string, names: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    const root = join(modules, name);
    if (!existsSync(join(root, "package.json"))) throw new Error(`differential package ${name} is not installed in node_modules (add it as a devDependency)`);
    seen.add(name);
    // Dependencies npm nested inside the package travel with it; the others are at the top level.
    for (const dir of packageDirs(root)) {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {})) if (!nestedIn(root, dir, dep)) queue.push(dep);
    }
  }
  return [...seen];
}

/** Files a program never loads, left out of a case's packages (date-fns alone has 2,700 of them). */
const NOT_LOADED = /\.(d\.[cm]?ts|map|md)$/;

/** Copies the packages a case declares from `modules` (the repository's node_modules) into `dir`/node_modules. */
export function copyDeclaredPackages(source: string, dir: string, modules: string): void {
  for (const name of closure(modules, declaredPackages(source))) {
    cpSync(join(modules, name), join(dir, "node_modules", name), { recursive: true, dereference: true, filter: (file) => !NOT_LOADED.test(file) });
  }
}
