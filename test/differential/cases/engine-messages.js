"use strict";
// The engine's own errors read as V8's, where both carry the same facts.
const cases = {
  "read a property of null": () => null.x,
  "read a property of undefined": () => undefined.foo,
  "read a nested property of undefined": () => ({}).a.b,
  "set a property of null": () => { null.x = 1; },
  "set a property of undefined": () => { undefined.y = 1; },
  "an undeclared name": () => notDeclaredAnywhere,
  "let before its declaration": () => { const f = () => later; f(); let later = 1; },
  "a symbol to a string": () => Symbol("s") + "",
  "a negative array length": () => new Array(-1),
  "setting a bad array length": () => { [].length = 2 ** 32; },
  "reduce of an empty array": () => [].reduce((a, b) => a + b),
  "reduceRight of an empty array": () => [].reduceRight((a, b) => a + b),
  "toISOString of an invalid date": () => new Date(NaN).toISOString(),
  "BigInt division by zero": () => 1n / 0n,
  "BigInt remainder by zero": () => 1n % 0n,
};
for (const [label, run] of Object.entries(cases)) {
  try {
    run();
    console.log(`${label} -> no error`);
  } catch (error) {
    console.log(`${label} -> ${error.constructor.name}: ${error.message}`);
  }
}
