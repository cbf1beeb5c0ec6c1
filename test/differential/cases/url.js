"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const url = require("url");

const fields = (u) => [u.href, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin];
show("URL fields", () => fields(new URL("https://user:pa%20ss@Example.COM:8080/p/a/t/h?query=string&x=1#frag")));
show("URL global is url.URL", () => URL === url.URL && URLSearchParams === url.URLSearchParams);
show("URL default port elided", () => [new URL("https://a.com:443/").port, new URL("http://a.com:80").href, new URL("ftp://a.com:21/x").host]);
show("URL normalisation", () => new URL("HTTP://a.com/./b/../c/%7Efoo/ bar?q=a b#h h").href);
show("URL relative resolution", () => [new URL("../x?y", "http://h.com/a/b/c").href, new URL("//other.org/p", "https://h.com").href, new URL("?q", "http://h.com/p").href, new URL("#f", "http://h.com/p?q").href]);
show("URL invalid", () => new URL("not a url"));
show("URL invalid with base", () => new URL("http://[bad", "http://ok.com"));
show("URL.canParse", () => typeof URL.canParse === "function" ? [URL.canParse("http://x"), URL.canParse("nope"), URL.canParse("/p", "http://x")] : "missing");
show("URL unicode host punycode", () => new URL("http://español.com/ñ").href);
show("URL ipv4/ipv6 host", () => [new URL("http://0x7f.1/").hostname, new URL("http://[::1]:3000/").host]);
show("URL setters", () => { const u = new URL("http://a.com/p"); u.pathname = "/new path"; u.search = "a=1"; u.hash = "h"; u.port = "81"; u.protocol = "https"; u.username = "me"; return u.href; });
show("URL toString/toJSON/JSON", () => { const u = new URL("http://a.com/x"); return [u.toString(), u.toJSON(), JSON.stringify({ u })]; });
show("file URL", () => { const u = new URL("file:///tmp/a%20b.txt"); return [u.protocol, u.host, u.pathname, u.origin]; });
show("data/blob/mailto URLs", () => [new URL("data:text/plain,hi").pathname, new URL("mailto:me@x.org").pathname, new URL("javascript:alert(1)").origin]);
show("searchParams get/getAll/has", () => { const p = new URL("http://x/?a=1&a=2&b=%20c+d&e").searchParams; return [p.get("a"), p.getAll("a"), p.get("b"), p.get("e"), p.get("zz"), p.has("b"), p.size]; });
show("searchParams mutate reflects in href", () => { const u = new URL("http://x/?b=2&a=1"); u.searchParams.append("c", "3 4&"); u.searchParams.set("b", "two"); u.searchParams.delete("a"); u.searchParams.sort(); return [u.search, u.href]; });
show("URLSearchParams from string/object/iterable", () => [new URLSearchParams("?x=1&y=é").toString(), new URLSearchParams({ a: "1", b: "ü ~" }).toString(), new URLSearchParams([["k", "v"], ["k", "w"]]).toString()]);
show("URLSearchParams iteration", () => [[...new URLSearchParams("a=1&b=2")], [...new URLSearchParams("a=1&b=2").keys()], Object.fromEntries(new URLSearchParams("a=1&b=2&a=3"))]);
show("URLSearchParams encoding of special chars", () => new URLSearchParams({ q: "a+b c/d?e=f&g#h*~'()!" }).toString());
show("URLSearchParams forEach", () => { const out = []; new URLSearchParams("x=1&y=2").forEach((v, k) => out.push(k + "=" + v)); return out; });
show("fileURLToPath", () => [url.fileURLToPath("file:///a/b%20c/d.txt"), url.fileURLToPath(new URL("file:///x/%C3%A9"))]);
show("fileURLToPath non-file", () => url.fileURLToPath("http://x/y"));
show("fileURLToPath encoded slash", () => url.fileURLToPath("file:///a%2Fb"));
show("pathToFileURL", () => [url.pathToFileURL("/tmp/a b#c?d%e.txt").href, url.pathToFileURL("/dir/").href]);
show("pathToFileURL relative resolves against cwd", () => url.pathToFileURL("rel/x.txt").href === "file://" + process.cwd() + "/rel/x.txt");
show("url.parse", () => { const u = url.parse("http://user:pw@host.com:8080/p/a?query=1&b=2#hash"); return [u.protocol, u.auth, u.host, u.port, u.hostname, u.hash, u.search, u.query, u.pathname, u.path, u.href, u.slashes]; });
show("url.parse with parseQueryString", () => url.parse("/p?a=1&a=2&b=x", true).query);
show("url.parse relative", () => { const u = url.parse("/just/a/path?x"); return [u.protocol, u.host, u.pathname, u.search]; });
show("url.format object", () => url.format({ protocol: "https", hostname: "ex.com", port: 8443, pathname: "/a b", query: { q: "1 2", r: ["x", "y"] } }));
show("url.format URL with options", () => url.format(new URL("https://u:p@ex.com/p?q#h"), { auth: false, search: false, fragment: false }));
show("url.resolve", () => [url.resolve("/one/two/three", "four"), url.resolve("http://example.com/", "/one"), url.resolve("http://example.com/one", "/two"), url.resolve("http://a.com/b/c", "../d")]);
show("domainToASCII/Unicode", () => [url.domainToASCII("español.com"), url.domainToUnicode("xn--espaol-zwa.com"), url.domainToASCII("xn--iñvalid.com")]);
show("urlToHttpOptions", () => typeof url.urlToHttpOptions === "function" ? url.urlToHttpOptions(new URL("https://a:b@h.com:99/p?q")) : "missing");
show("URL instance inspect-free keys", () => Object.keys(new URL("http://x")));
show("URL no args", () => new URL());
show("url.parse of a non-string", () => [undefined, null, 5, {}, () => {}, Symbol("s")].map((v) => { try { require("url").parse(v); return "no throw"; } catch (e) { return `${e.code} ${e.message}`; } }));
show("url.parse of a Url", () => { const u = require("url").parse("http://a/b"); return require("url").parse(u) === u; });
