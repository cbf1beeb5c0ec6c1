// Writes the shared driver cases for the browser page (test/browser/page/index.html
// imports /dist/test-pages/cases.js, which imports the other case files).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import ts from "typescript";

/** The files of the shared cases under test/shared (cases.ts imports the others). */
const CASE_FILES = ["cases", "reproducible-cases", "async-host-cases"];

/**
 * Writes dist/test-pages/<file>.js for each shared case file: its types
 * stripped, nothing else changed. Every test file that opens the page calls
 * it (vitest runs them in any order, in parallel); each file is written
 * aside and renamed into place, so a page never reads a half-written one.
 */
export function emitCasesForThePage(): void {
  mkdirSync(new URL("../../dist/test-pages/", import.meta.url), { recursive: true });
  for (const file of CASE_FILES) {
    const source = readFileSync(new URL(`../shared/${file}.ts`, import.meta.url), "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    const target = new URL(`../../dist/test-pages/${file}.js`, import.meta.url);
    const aside = new URL(`../../dist/test-pages/${file}.js.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`, import.meta.url);
    writeFileSync(aside, outputText);
    renameSync(aside, target);
  }
}
