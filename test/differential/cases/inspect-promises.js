"use strict";
// util.inspect and console.log show a promise's state and value, as V8 lets Node see them.
const util = require("util");

const rejected = Promise.reject(42);
rejected.catch(() => {});
const rejectedWithObject = Promise.reject({ code: "E_X", list: [1, 2] });
rejectedWithObject.catch(() => {});
const forever = new Promise(() => {});
async function answer() {
  return { answer: 42 };
}

console.log(util.inspect(Promise.resolve(1)));
console.log(util.inspect(Promise.resolve("text")));
console.log(util.inspect(Promise.resolve(undefined)));
console.log(util.inspect(forever));
console.log(util.inspect(rejected));
console.log(util.inspect(rejectedWithObject));
console.log(util.inspect({ nested: Promise.resolve([1, { deep: true }]), pending: forever }));
console.log(util.inspect(Promise.resolve(Promise.resolve(7))));
const later = answer();
console.log("before it settles:", util.inspect(later));
console.log(util.inspect(Object.assign(Promise.resolve(3), { extra: "prop" })));
console.log(util.format("%o", Promise.resolve(5)));
console.log(Promise.resolve(new Map([[1, 2]])));

// Reading a rejected promise's state adds no handler: it is still unhandled until caught.
process.on("unhandledRejection", (reason) => console.log("unhandledRejection", reason));
const unhandled = Promise.reject("nobody catches this yet");
console.log(util.inspect(unhandled));

setTimeout(async () => {
  console.log("after it settled:", util.inspect(later));
}, 5);
