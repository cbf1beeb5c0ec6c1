/**
 * npm packages for differential cases. A case that names packages in a
 * `// npm-packages: a b @scope/c` comment gets each of them, and every
 * package they depend on, copied from the repository's node_modules (where
 * they are devDependencies) into its directory's node_modules, so the real
 * Node and quickexec load the same files.
 */
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The packages a case's source asks for. */
export function requestedPackages(source: string): string[] {
  const m = /\/\/ npm-packages: ([^\n]+)/.exec(source);
  return m ? m[1]!.trim().split(/\s+/) : [];
}

/** Copies the packages a case asks for (with their dependencies) from `rootModules` into `dir/node_modules`. */
export function copyPackages(dir: string, source: string, rootModules: string): void {
  const seen = new Set<string>();
  const queue = requestedPackages(source);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const from = join(rootModules, name);
    if (!existsSync(join(from, "package.json"))) throw new Error(`npm-packages: ${name} is not installed in node_modules`);
    cpSync(from, join(dir, "node_modules", name), { recursive: true, dereference: true });
    const manifest = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
}
