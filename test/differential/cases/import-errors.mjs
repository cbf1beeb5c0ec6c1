// import() of modules that fail: the failure is the importer's to handle, and
// once handled nothing else reports it (no unhandledRejection, exit code 0).
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const { fmt } = createRequire(import.meta.url)("../show.cjs");
const show = (label, ...values) => console.log(label + " -> " + values.map(fmt).join(" "));

process.on("unhandledRejection", (reason) => show("unhandledRejection", reason && reason.message));

writeFileSync("throws.mjs", 'export const before = 1;\nthrow new Error("module body threw");\n');
writeFileSync("throws-late.mjs", 'await null;\nthrow new TypeError("after await");\n');
writeFileSync("imports-throwing.mjs", 'import "./throws.mjs";\nexport const never = 1;\n');
writeFileSync("throws-value.mjs", "throw 42;\n");
writeFileSync("bad-syntax.mjs", "export const = 1;\n");

for (const file of ["./throws.mjs", "./throws-late.mjs", "./imports-throwing.mjs", "./throws-value.mjs", "./bad-syntax.mjs", "./missing.mjs"]) {
  try {
    await import(file);
    show(file, "loaded");
  } catch (error) {
    // A syntax error's wording is the parser's own (V8's and QuickJS's differ): its class is what a program sees.
    const what = error instanceof SyntaxError ? error.name : error instanceof Error ? `${error.name}: ${error.message}` : error;
    show(file, what, error && error.code);
  }
}

// The same failure again, through .then/.catch instead of await.
await import("./throws.mjs").then(
  () => show("again", "loaded"),
  (error) => show("again", error.message),
);
const first = await import("./throws-late.mjs").catch((error) => error);
const second = await import("./throws-late.mjs").catch((error) => error);
show("same error object on a second import", first === second);

setTimeout(() => show("timer after the failed imports ran"), 5);
