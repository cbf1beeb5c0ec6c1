"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const qs = require("querystring");

show("parse", () => qs.parse("a=1&b=2&a=3&c=&d&e=x%20y+z"));
show("parse has null prototype", () => Object.getPrototypeOf(qs.parse("a=1")) === null);
show("parse custom sep/eq", () => qs.parse("a:1;b:2", ";", ":"));
show("parse maxKeys", () => qs.parse("a=1&b=2&c=3", null, null, { maxKeys: 2 }));
show("parse malformed percent", () => qs.parse("a=%E0%A4%A&b=%zz"));
show("parse plus and unicode", () => qs.parse("q=caf%C3%A9+au+lait&k=%F0%9F%8E%89"));
show("stringify", () => qs.stringify({ a: 1, b: [2, 3], c: "x y", d: "é", e: true, f: null, g: undefined, h: {} }));
show("stringify custom sep/eq", () => qs.stringify({ a: 1, b: 2 }, ";", ":"));
show("stringify reserved chars", () => qs.stringify({ q: "a+b&c=d/e?f#g!'()*~" }));
show("escape/unescape", () => [qs.escape("a b&é"), qs.unescape("a%20b%26%C3%A9"), qs.unescape("%zz")]);
show("encode/decode aliases", () => [qs.encode === qs.stringify, qs.decode === qs.parse]);
show("stringify lone surrogate", () => qs.stringify({ a: "\ud800" }));
show("escape pairs a high surrogate with what follows", () => qs.escape(`${String.fromCharCode(0xd801)}test`));
show("escape a lone surrogate at the end", () => qs.escape(String.fromCharCode(0xd801)));
show("escape a lone low surrogate", () => qs.escape(`${String.fromCharCode(0xdc01)}ab`));
show("escape of values", () => [qs.escape(5), qs.escape({}), qs.escape([5, 10]), qs.escape("Ŋōđĕ"), qs.escape("a b&c=d!'()*~"), qs.escape("😀")]);
show("escape of a Symbol throws a TypeError", () => { try { qs.escape(Symbol("s")); return "no throw"; } catch (e) { return e.name; } });
