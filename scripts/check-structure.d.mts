/** The longest a hand-written source file may be, in lines (600). */
export const MAX_LINES: number;

/** Every source file under `root` (absolute paths, sorted), skipping node_modules. */
export function sourceFiles(root: string): string[];

/** Every specifier a file's text imports, in every form (static, type-only, re-export, dynamic, require). */
export function specifiersOf(text: string): string[];

/** The relative specifiers a file's text imports, in every form (static, type-only, re-export, dynamic, require). */
export function importsOf(text: string): string[];

/** The import graph of the files under `root`: file -> the files it imports (absolute paths). */
export function importGraph(root: string): Map<string, string[]>;

/** One import cycle: every file of its strongly connected component, and one cycle through them (first file repeated last). */
export interface ImportCycle {
  files: string[];
  chain: string[];
}

/** The import cycles of a graph, one per strongly connected component that holds one. */
export function findCycles(graph: Map<string, string[]>): ImportCycle[];

/** Imports from files under `inside` of a Node builtin (`node:*`) or of a file under one of the `forbidden` directories. */
export function boundaryViolations(inside: string, forbidden: string[]): Array<{ file: string; specifier: string }>;

/** Hand-written source files under `roots` longer than `limit` lines (generated files excluded), longest first. */
export function longFiles(roots: string[], limit?: number): Array<{ file: string; lines: number }>;

/** What {@link checkStructure} checks. */
export interface StructureCheck {
  /** Paths in the offences are relative to it. */
  projectRoot: string;
  /** The tree checked for import cycles. */
  cycleRoot: string;
  /** The trees checked for long files. */
  sizeRoots: string[];
  /** Directories whose files must import no Node builtin and nothing under `forbidden`. */
  boundaries?: Array<{ inside: string; forbidden: string[] }>;
  /** Lines allowed per file (default {@link MAX_LINES}). */
  limit?: number;
}

/** The offences found, as readable lines; empty when the tree passes. */
export function checkStructure(check: StructureCheck): string[];

/** The project's own check: cycles in src/, long files in src/ and polyfills/src/, the engine's boundary. */
export function checkProject(projectRoot?: string): string[];
