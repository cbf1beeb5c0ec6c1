"use strict";
// console.table as Node 22 draws it.
console.table([{ a: 1, b: "x" }, { a: 2, c: true }]);
console.table(["p", "q"]);
console.table([{ name: "apple", price: 1.5 }, { name: "pear", price: 2 }], ["name"]);
console.table({ alice: { age: 30, city: "Oslo" }, bob: { age: 25 } });
console.table([1, "two", { three: 3 }, null, undefined]);
console.table(new Map([["k1", { v: 1 }], ["k2", [1, 2, 3, 4]]]));
console.table(new Set(["s1", 2, { s: 3 }]));
console.table([{ nested: { deep: { deeper: true } }, list: [1, 2, 3, 4, 5], fn() {} }]);
console.table([{ 名前: "日本語", emoji: "😀" }, { 名前: "ascii" }]);
console.table([[1, 2], [3, 4, 5]]);
console.table([]);
console.table({});
console.table(42);
console.table("text");
console.table(null);
console.table([{ a: 1 }], []);
console.table([1, 2], ["x"]);
try {
  console.table([], "not-an-array");
} catch (error) {
  console.log(error.code, error.message);
}
