// Writes the shared driver cases for the browser page (test/browser/page/index.html
// imports /dist/test-pages/cases.js, which imports the other case files).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import ts from "typescript";

/** The files of the shared cases under test/shared (cases.ts imports the others). */
const CASE_FILES = ["cases", "reproducible-cases"];

/** Writes dist/test-pages/<file>.js for each shared case file: its types stripped, nothing else changed. */
export function emitCasesForThePage(): void {
  mkdirSync(new URL("../../dist/test-pages/", import.meta.url), { recursive: true });
  for (const file of CASE_FILES) {
    const source = readFileSync(new URL(`../shared/${file}.ts`, import.meta.url), "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    writeFileSync(new URL(`../../dist/test-pages/${file}.js`, import.meta.url), outputText);
  }
}
