"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// util.MIMEType / util.MIMEParams and util.parseEnv.
const { show } = require("../show.cjs");
const util = require("util");
const { MIMEType, MIMEParams } = util;

const m = new MIMEType(' Text/HTML ; Charset="utf-8" ; a=b;a=c ; q="x\\"y" ; empty= ;novalue; bad name=1; z=""  ');
show("parsed", () => [String(m), m.type, m.subtype, m.essence, JSON.stringify(m)]);
show("params get/has", () => [m.params.get("charset"), m.params.get("nope"), m.params.has("a"), m.params.has("empty")]);
show("params iteration", () => [[...m.params], [...m.params.keys()], [...m.params.values()], [...m.params.entries()].length]);
show("inspect", () => [util.inspect(m), util.inspect(new MIMEParams())]);
for (const bad of ["", "text", "/plain", "te xt/plain", "text/", "text/pl ain", " text/ plain"]) {
  show(`invalid ${JSON.stringify(bad)}`, () => new MIMEType(bad));
}
show("invalid as String()", () => { try { new MIMEType("x"); } catch (e) { return String(e); } });
show("type setter rejects", () => { m.type = "a b"; });
show("subtype setter rejects", () => { m.subtype = ""; });
show("setters lowercase", () => { const t = new MIMEType("text/plain;x=1"); t.type = "APPLICATION"; t.subtype = "JSON"; return String(t); });
show("params set/serialize", () => { const p = new MIMEParams(); p.set("a", "b c"); p.set("d", ""); p.set("e", 'f\\g"'); p.set("plain", "token"); return [p.toString(), JSON.stringify(p)]; });
show("params bad name", () => new MIMEParams().set("x y", 1));
show("params bad value", () => new MIMEParams().set("x", "\u0100"));
show("params delete", () => { const p = new MIMEParams(); p.set("a", "1"); p.set("b", "2"); p.delete("a"); return String(p); });
show("unterminated quote", () => String(new MIMEType('text/plain;a="unterminated\\')));
show("text after a quoted value", () => String(new MIMEType('text/plain;a="x" trailing;b=2')));
show("non-string input", () => String(new MIMEType({ toString: () => "image/PNG" })));

show("parseEnv sorted keys", () => util.parseEnv("B=1\nA=2"));
show("parseEnv dotenv rules", () => util.parseEnv([
  "BASIC=basic", "", "# comment", "EMPTY=", "EMPTY_SINGLE_QUOTES=''", "SINGLE_QUOTES='single_quotes'",
  "SINGLE_QUOTES_SPACED='    single quotes    '", 'DOUBLE_QUOTES="double_quotes"', 'EXPAND_NEWLINES="expand\\nnew\\nlines"',
  "DONT_EXPAND_UNQUOTED=dontexpand\\nnewlines", "DONT_EXPAND_SQUOTED='dontexpand\\nnewlines'",
  "INLINE_COMMENTS=inline comments # work #very #well", "INLINE_COMMENTS_SINGLE_QUOTES='inline comments outside of #singlequotes' # work",
  "EQUAL_SIGNS=equals==", 'RETAIN_INNER_QUOTES={"foo": "bar"}', "TRIM_SPACE_FROM_UNQUOTED=    some spaced out string",
  "    SPACED_KEY = parsed", "export EXPORT_EXAMPLE = ignore export", "BACKTICKS=`back ticks`",
  'MULTI_DOUBLE_QUOTED="THIS', "IS", "A", "MULTILINE", 'STRING"', "",
].join("\n")));
show("parseEnv unterminated quote", () => util.parseEnv('A="unterminated\nB=2'));
show("parseEnv CRLF and repeats", () => util.parseEnv("A=1\r\nA=2\r\n"));
show("parseEnv __proto__", () => { const o = util.parseEnv("__proto__=x\nconstructor=y"); return [Object.keys(o), Object.getPrototypeOf(o) === Object.prototype]; });
show("parseEnv type", () => util.parseEnv(1));
