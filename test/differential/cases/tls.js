"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:tls without a connection: constants, ciphers, the bundled root
// certificates, checkServerIdentity, createSecureContext's option checks,
// ALPN conversion, connect's argument checks, TLSSocket and Server shapes.
const { show } = require("../show.cjs");
const tls = require("tls");

show("exports", () => Object.keys(tls));
show("constants", () => [tls.CLIENT_RENEG_LIMIT, tls.CLIENT_RENEG_WINDOW, tls.DEFAULT_ECDH_CURVE, tls.DEFAULT_MIN_VERSION, tls.DEFAULT_MAX_VERSION]);
show("DEFAULT_CIPHERS", () => tls.DEFAULT_CIPHERS);
show("getCiphers", () => tls.getCiphers());
show("rootCertificates", () => [tls.rootCertificates.length, tls.rootCertificates === tls.rootCertificates, Object.isFrozen(tls.rootCertificates)]);
show("rootCertificates first and last", () => [tls.rootCertificates[0], tls.rootCertificates[tls.rootCertificates.length - 1]]);

const cert = {
  subject: { CN: "*.example.com" },
  subjectaltname: "DNS:*.example.com, DNS:example.com, DNS:xn--bcher-kva.example, DNS:a*b.test.org, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
};
for (const host of ["a.example.com", "A.EXAMPLE.COM.", "example.com", "b.a.example.com", "xn--bcher-kva.example", "axxb.test.org", "ab.test.org", "127.0.0.1", "::1", "0:0::1", "1.2.3.4", "foo.com"]) {
  show(`checkServerIdentity ${host}`, () => {
    const e = tls.checkServerIdentity(host, cert);
    return e === undefined ? "ok" : [e.code, e.name, e.message, e.reason, e.host, e.cert === cert];
  });
}
show("checkServerIdentity CN only", () => [tls.checkServerIdentity("x.example.com", { subject: { CN: "*.example.com" } }), tls.checkServerIdentity("example.org", { subject: { CN: ["a.org", "example.org"] } })]);
show("checkServerIdentity CN mismatch", () => tls.checkServerIdentity("x.com", { subject: { CN: "y.com" } }).message);
show("checkServerIdentity no names", () => tls.checkServerIdentity("x.com", { subject: {} }).message);
show("checkServerIdentity *.tld", () => tls.checkServerIdentity("a.com", { subjectaltname: "DNS:*.com" }).message);
show("checkServerIdentity quoted altnames", () => tls.checkServerIdentity("a.com", { subjectaltname: 'DNS:"a.com", DNS:b.com' }));
show("checkServerIdentity bad quoted altnames", () => tls.checkServerIdentity("a.com", { subjectaltname: 'DNS:"bad' }));

const contexts = {
  empty: {}, versions: { minVersion: "TLSv1.3", maxVersion: "TLSv1.3" }, conflict: { secureProtocol: "TLSv1_method", minVersion: "TLSv1.2" },
  badMethod: { secureProtocol: "bogus" }, sslv3: { secureProtocol: "SSLv3_client_method" }, sslv2: { secureProtocol: "SSLv2_method" }, badMin: { minVersion: "x" }, badMax: { maxVersion: "SSLv3" }, emptyCiphers: { ciphers: "" },
  colonCiphers: { ciphers: ":" }, unknownCipher: { ciphers: "bogus" }, unknownSuite: { ciphers: "TLS_foo" }, goodCiphers: { ciphers: "ECDHE-RSA-AES128-GCM-SHA256:!RC4" },
  numberCiphers: { ciphers: 5 }, emptySigalgs: { sigalgs: "" }, badCurve: { ecdhCurve: "x" }, curves: { ecdhCurve: "P-256:X25519" },
  shortTicketKeys: { ticketKeys: Buffer.alloc(3) }, ticketKeys: { ticketKeys: Buffer.alloc(48) }, negativeTimeout: { sessionTimeout: -1 },
  numberKey: { key: 5 }, caArray: { ca: [1] }, garbageCert: { cert: "garbage" }, garbageCa: { ca: "garbage" }, fractionalOptions: { secureOptions: 1.5 },
  stringOptions: { secureOptions: "x" }, honorCipherOrder: { honorCipherOrder: true },
};
for (const [name, options] of Object.entries(contexts)) {
  show(`createSecureContext ${name}`, () => {
    const c = tls.createSecureContext(options);
    return [c instanceof tls.SecureContext, typeof c.context];
  });
}
show("SecureContext without new", () => tls.SecureContext() instanceof tls.SecureContext);

show("convertALPNProtocols array", () => {
  const out = {};
  tls.convertALPNProtocols(["h2", "http/1.1"], out);
  return out.ALPNProtocols;
});
show("convertALPNProtocols buffer", () => {
  const out = {};
  tls.convertALPNProtocols(Buffer.from([2, 104, 50]), out);
  return out.ALPNProtocols;
});
show("convertALPNProtocols too long", () => tls.convertALPNProtocols(["x".repeat(300)], {}));

for (const [name, args] of Object.entries({ noArgs: [], emptyOptions: [{}], negativePort: [{ port: -1 }], bigPort: [99999], objectPort: [{ port: {} }], badCipher: [{ port: 443, ciphers: "bogus" }] })) {
  show(`connect ${name}`, () => tls.connect(...args));
}

const socket = new tls.TLSSocket();
show("TLSSocket", () => [socket.encrypted, socket.authorized, socket.authorizationError, socket.alpnProtocol, socket.servername, socket instanceof require("net").Socket]);
show("TLSSocket setServername type", () => socket.setServername(5));
show("TLSSocket exportKeyingMaterial", () => socket.exportKeyingMaterial(0, "x"));
const server = tls.createServer({ ALPNProtocols: ["h2"] }, () => {});
show("Server", () => [server instanceof tls.Server, server instanceof require("net").Server, server.requestCert, server.rejectUnauthorized, server.getTicketKeys().length, server.ALPNProtocols]);
show("Server setTicketKeys", () => server.setTicketKeys(Buffer.alloc(10)));
show("Server addContext", () => server.addContext(""));
show("Server bad options", () => tls.createServer(5));
show("legacy modules", () => [require("_tls_common").SecureContext === tls.SecureContext, require("_tls_wrap").TLSSocket === tls.TLSSocket, typeof require("_tls_common").translatePeerCertificate]);
show("translatePeerCertificate", () => {
  const c = require("_tls_common").translatePeerCertificate({ infoAccess: "OCSP - URI:http://ocsp.example\nCA Issuers - URI:http://ca.example\n" });
  return c.infoAccess;
});
