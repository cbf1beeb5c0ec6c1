"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// Blob, File and FormData, and both as fetch bodies (no network: Request and
// Response only).
const { show, showAsync } = require("../show.cjs");
const util = require("util");
const insp = (v) => util.inspect(v, { breakLength: Infinity });
const errOf = (fn) => { try { return insp(fn()); } catch (e) { return [e.name, e.code, e.message]; } };
// The multipart boundary is random: show it as <boundary>.
const unbound = (s) => s.replace(/----formdata-undici-0\d{11}/g, "<boundary>");

(async () => {
  show("globals", () => ["Blob", "File", "FormData"].map((n) => { const d = Object.getOwnPropertyDescriptor(globalThis, n); return [n, typeof globalThis[n], d.enumerable]; }));
  show("buffer exports", () => { const b = require("buffer"); return [b.Blob === Blob, b.File === File]; });
  show("Blob basics", () => { const b = new Blob(["ab", new Uint8Array([99]), new Blob(["d"]), new Uint16Array([0x6665]).buffer], { type: "Text/Plain" }); return [b.size, b.type, insp(b), Object.prototype.toString.call(b)]; });
  await showAsync("Blob text", () => new Blob(["héllo ", "wörld"]).text());
  await showAsync("Blob arrayBuffer", async () => { const ab = await new Blob([new Uint8Array([1, 2, 3])]).arrayBuffer(); return [ab instanceof ArrayBuffer, ab.byteLength]; });
  await showAsync("Blob bytes", async () => { const u = await new Blob(["xyz"]).bytes(); return [u.constructor.name, [...u]]; });
  await showAsync("Blob slice", async () => { const b = new Blob(["0123456789"]); return [await b.slice(2, 5).text(), await b.slice(-3).text(), await b.slice(5, 2).text(), b.slice(1, 4, "A/B").type, b.slice(0, 100).size]; });
  await showAsync("Blob stream", async () => { const chunks = []; for await (const c of new Blob(["stream me"]).stream()) chunks.push(Buffer.from(c).toString()); return chunks.join(""); });
  show("Blob type not ASCII", () => new Blob([], { type: "tëxt" }).type);
  show("Blob endings native", () => new Blob(["a\r\nb\rc"], { endings: "native" }).size);
  show("Blob bad sources", () => errOf(() => new Blob("x")));
  show("Blob bad endings", () => errOf(() => new Blob([], { endings: "weird" })));
  show("Blob immutable copy", () => { const u = new Uint8Array([1]); const b = new Blob([u]); u[0] = 9; return b.size; });
  show("File basics", () => { const f = new File(["abc"], "a.txt", { type: "text/plain", lastModified: 42 }); return [f.name, f.size, f.type, f.lastModified, f instanceof Blob, insp(f), Object.prototype.toString.call(f)]; });
  show("File default lastModified", () => { const before = Date.now(); const f = new File([], "x"); return f.lastModified >= before && f.lastModified <= Date.now(); });
  show("File missing args", () => errOf(() => new File(["x"])));
  show("File lastModified conversions", () => [null, "string", false, new Number(10), { [Symbol.toPrimitive]: () => 12 }, 3.9].map((lastModified) => new File([], "", { lastModified }).lastModified));
  show("File lastModified BigInt", () => { try { new File([], "", { lastModified: 3n }); } catch (e) { return e.name; } });
  show("File lastModified read once", () => { let n = 0; new File([], "", { get lastModified() { n++; return 1; } }); return n; });
  show("File prototype keys", () => Object.keys(File.prototype).sort());
  await showAsync("File text", () => new File(["file body"], "f").text());

  await showAsync("object URLs", async () => {
    const { resolveObjectURL } = require("buffer");
    const id = URL.createObjectURL(new Blob(["hello"], { type: "text/plain" }));
    const back = resolveObjectURL(id);
    const out = [/^blob:nodedata:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), back instanceof Blob, back.type, await back.text()];
    URL.revokeObjectURL(id);
    URL.revokeObjectURL(id);
    out.push(resolveObjectURL(id), resolveObjectURL("not a url"), resolveObjectURL("blob:nodedata:1:wrong"));
    return out;
  });
  show("createObjectURL not a Blob", () => errOf(() => URL.createObjectURL({})));
  show("revokeObjectURL no argument", () => errOf(() => URL.revokeObjectURL()));

  const fd = new FormData();
  fd.append("name", "value");
  fd.append("name", "second");
  fd.append("blob", new Blob(["blob data"], { type: "application/x-test" }));
  fd.append("renamed", new Blob(["r"]), "given.bin");
  fd.append("file", new File(["file data"], "orig.txt", { type: "text/plain", lastModified: 5 }));
  show("FormData get/getAll/has", () => [fd.get("name"), fd.getAll("name"), fd.has("blob"), fd.has("nope"), fd.get("nope")]);
  show("FormData blob entry", () => { const f = fd.get("blob"); return [f instanceof File, f.name, f.type, f.size]; });
  show("FormData renamed blob", () => [fd.get("renamed").name, fd.get("file").name, fd.get("file").lastModified]);
  show("FormData keys", () => [...fd.keys()]);
  show("FormData values", () => [...fd.values()].map((v) => (typeof v === "string" ? v : v.name)));
  show("FormData set replaces", () => { const f = new FormData(); f.append("a", "1"); f.append("b", "2"); f.append("a", "3"); f.set("a", "x"); return [...f]; });
  show("FormData delete", () => { const f = new FormData(); f.append("a", "1"); f.append("a", "2"); f.append("b", "3"); f.delete("a"); return [...f]; });
  show("FormData forEach", () => { const out = []; const f = new FormData(); f.append("k", "v"); f.forEach((v, k, self) => out.push([k, v, self === f])); return out; });
  show("FormData coerces", () => { const f = new FormData(); f.append(1, 2); return [...f]; });
  show("FormData inspect", () => { const f = new FormData(); f.append("a", "1"); return insp(f); });
  show("FormData bad constructor arg", () => errOf(() => new FormData(1)));
  show("FormData append too few", () => errOf(() => new FormData().append("a")));
  show("FormData filename needs blob", () => errOf(() => new FormData().append("a", "b", "c")));

  await showAsync("Response(FormData) content-type", () => unbound(new Response(fd).headers.get("content-type")));
  await showAsync("Response(FormData) body", async () => unbound(await new Response(fd).text()));
  await showAsync("Response(FormData).formData() round trip", async () => {
    const back = await new Response(fd).formData();
    const out = [];
    for (const [k, v] of back) out.push(typeof v === "string" ? [k, v] : [k, v.name, v.type, await v.text()]);
    return out;
  });
  await showAsync("Request(FormData).formData()", async () => { const f = new FormData(); f.append("q", "1 2"); const r = new Request("http://x.test/", { method: "POST", body: f }); return [...(await r.formData())]; });
  await showAsync("urlencoded formData()", async () => [...(await new Response("a=1&b=x+y&a=%C3%A9", { headers: { "content-type": "application/x-www-form-urlencoded" } }).formData())]);
  await showAsync("formData() wrong type", async () => { try { await new Response("x", { headers: { "content-type": "text/plain" } }).formData(); } catch (e) { return [e.name, e.message]; } });
  await showAsync("Response(Blob)", async () => { const r = new Response(new Blob(["blob body"], { type: "text/x-blob" })); return [r.headers.get("content-type"), await r.text()]; });
  await showAsync("Response(Blob no type)", async () => new Response(new Blob(["b"])).headers.get("content-type"));
  await showAsync("Request(File) body", async () => { const r = new Request("http://x.test/", { method: "PUT", body: new File(["file!"], "f.txt", { type: "text/plain" }) }); return [r.headers.get("content-type"), await r.text()]; });
  await showAsync("response.blob()", async () => { const b = await new Response("as blob", { headers: { "content-type": "text/plain" } }).blob(); return [insp(b), await b.text()]; });
  await showAsync("request.blob()", async () => insp(await new Request("http://x.test/", { method: "POST", body: "abc" }).blob()));
})();
