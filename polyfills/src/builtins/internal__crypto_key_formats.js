// internal/crypto_key_formats — asymmetric keys in and out of their
// encodings: PEM and DER (PKCS#8, SPKI, PKCS#1 RSA, SEC1 EC, the SPKI inside
// an X.509 certificate) and JWK, to and from the plain key material the
// other crypto files compute with:
//   { kind: "rsa", type: "rsa" | "rsa-pss", priv, n, e, d, p, q, dp, dq, qi, pss }
//   { kind: "ec", curve: "P-256" | "P-384" | "P-521", priv, d, pub }
//   { kind: "okp", curve: "Ed25519" | "X25519" | "Ed448" | "X448", priv, d, pub }
/* global require */

const der = require("internal/crypto_der", true);
const { E } = require("internal/crypto_errors", true);

let encryption = null;
const enc = () => encryption || (encryption = require("internal/crypto_key_encryption", true));

const { OID, OID_NAME, parse, expect, readInt, readOid, readBitString, TAG, seq, int, oid, octets, bits, nul, ctx, fromBigInt, b64u, unb64u, toBigInt } = der;

const CURVE_BYTES = { "P-256": 32, "P-384": 48, "P-521": 66, secp256k1: 32 };
const CURVE_ALIASES = {
  "p-256": "P-256", prime256v1: "P-256", secp256r1: "P-256",
  "p-384": "P-384", secp384r1: "P-384",
  "p-521": "P-521", secp521r1: "P-521",
  secp256k1: "secp256k1",
};
const OPENSSL_CURVE = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1", secp256k1: "secp256k1" };

function curveName(name) {
  if (typeof name !== "string") return null;
  return CURVE_ALIASES[name.toLowerCase()] || null;
}

let curvesModule = null;
function curves() {
  return curvesModule || (curvesModule = require("internal/crypto_curves", true));
}
function ecImpl(curve) {
  const c = curves();
  return curve === "P-256" ? c.p256 : curve === "P-384" ? c.p384 : curve === "P-521" ? c.p521 : c.secp256k1;
}

/** The public key bytes for a private EC/OKP key. */
function derivePublic(m) {
  if (m.kind === "ec") return ecImpl(m.curve).getPublicKey(m.d, false);
  return okpImpl(m.curve).getPublicKey(m.d);
}

/** The OKP curves, with their key sizes in bytes. */
const OKP_BYTES = { Ed25519: 32, X25519: 32, Ed448: 57, X448: 56 };
function okpImpl(curve) {
  const c = curves();
  return curve === "Ed25519" ? c.ed25519 : curve === "X25519" ? c.x25519 : curve === "Ed448" ? c.ed448 : c.x448;
}

/** The public half of key material. */
function publicOf(m) {
  if (!m.priv) return m;
  if (m.kind === "rsa") return { kind: "rsa", type: m.type, priv: false, n: m.n, e: m.e, pss: m.pss };
  return { kind: m.kind, curve: m.curve, priv: false, pub: m.pub || derivePublic(m) };
}

const decodeError = () => E.ossl("unsupported", "DECODER routines", "1E08010C");

// ---- reading ---------------------------------------------------------------------------

function rsaPublicFromPkcs1(bytes, type = "rsa", pss) {
  const s = expect(parse(bytes), TAG.SEQUENCE).children;
  return { kind: "rsa", type, priv: false, n: readInt(s[0]), e: readInt(s[1]), pss };
}

function rsaPrivateFromPkcs1(bytes, type = "rsa", pss) {
  const s = expect(parse(bytes), TAG.SEQUENCE).children;
  const [n, e, d, p, q, dp, dq, qi] = s.slice(1, 9).map(readInt);
  return { kind: "rsa", type, priv: true, n, e, d, p, q, dp, dq, qi, pss };
}

function readPssParams(node) {
  if (!node || node.tag !== TAG.SEQUENCE || node.children.length === 0) return undefined;
  const out = { hashAlgorithm: "sha1", mgf1HashAlgorithm: "sha1", saltLength: 20 };
  for (const c of node.children) {
    const inner = c.children && c.children[0];
    if (c.tag === 0xa0) out.hashAlgorithm = OID_NAME[readOid(inner.children[0])];
    else if (c.tag === 0xa1) out.mgf1HashAlgorithm = OID_NAME[readOid(inner.children[1].children[0])];
    else if (c.tag === 0xa2) out.saltLength = Number(toBigInt(inner.content));
  }
  return out;
}

function ecFromSec1(bytes, curveFromAlg) {
  const s = expect(parse(bytes), TAG.SEQUENCE).children;
  const d = expect(s[1], TAG.OCTET_STRING).content;
  let curve = curveFromAlg;
  let pub;
  for (const c of s.slice(2)) {
    if (c.tag === 0xa0) curve = OID_NAME[readOid(c.children[0])];
    if (c.tag === 0xa1) pub = readBitString(c.children[0]);
  }
  if (!CURVE_BYTES[curve]) throw E.unsupported(`The EC curve ${curve || "(unknown)"}`);
  const m = { kind: "ec", curve, priv: true, d: Uint8Array.from(d) };
  m.pub = pub ? Uint8Array.from(pub) : derivePublic(m);
  return m;
}

/** Algorithm identifier -> { alg, curve?, pss? } */
function readAlgorithm(node) {
  const c = expect(node, TAG.SEQUENCE).children;
  const alg = OID_NAME[readOid(c[0])];
  if (alg === "ecPublicKey") return { alg, curve: OID_NAME[readOid(c[1])] };
  if (alg === "rsassaPss") return { alg, pss: readPssParams(c[1]) };
  return { alg };
}

function unsupportedAlg(alg) {
  return E.unsupported(`The key algorithm ${alg || "(unknown)"}`);
}

function fromSpki(bytes) {
  const s = expect(parse(bytes), TAG.SEQUENCE).children;
  const { alg, curve, pss } = readAlgorithm(s[0]);
  const key = Uint8Array.from(readBitString(s[1]));
  if (alg === "rsaEncryption") return rsaPublicFromPkcs1(key);
  if (alg === "rsassaPss") return rsaPublicFromPkcs1(key, "rsa-pss", pss);
  if (alg === "ecPublicKey") {
    if (!CURVE_BYTES[curve]) throw E.unsupported(`The EC curve ${curve || "(unknown)"}`);
    return { kind: "ec", curve, priv: false, pub: ecImpl(curve).Point.fromBytes(key).toBytes(false) };
  }
  if (OKP_BYTES[alg]) return { kind: "okp", curve: alg, priv: false, pub: key };
  throw unsupportedAlg(alg);
}

function fromPkcs8(bytes) {
  const s = expect(parse(bytes), TAG.SEQUENCE).children;
  const { alg, curve, pss } = readAlgorithm(s[1]);
  const inner = expect(s[2], TAG.OCTET_STRING).content;
  if (alg === "rsaEncryption") return rsaPrivateFromPkcs1(inner);
  if (alg === "rsassaPss") return rsaPrivateFromPkcs1(inner, "rsa-pss", pss);
  if (alg === "ecPublicKey") return ecFromSec1(inner, curve);
  if (OKP_BYTES[alg]) {
    const m = { kind: "okp", curve: alg, priv: true, d: Uint8Array.from(expect(parse(inner), TAG.OCTET_STRING).content) };
    m.pub = derivePublic(m);
    return m;
  }
  throw unsupportedAlg(alg);
}

function spkiFromCertificate(bytes) {
  const cert = expect(parse(bytes), TAG.SEQUENCE).children;
  const tbs = expect(cert[0], TAG.SEQUENCE).children;
  const off = tbs[0].tag === 0xa0 ? 1 : 0;
  return tbs[off + 5].raw;
}

/** Private key material from PEM text or DER bytes of `type` (`passphrase` bytes or null for encrypted keys). */
function readPrivate(data, format, type, passphrase = null) {
  try {
    if (format === "pem") {
      const pem = der.pemDecode(data);
      if (pem === null) throw decodeError();
      if (pem.label === "ENCRYPTED PRIVATE KEY") {
        if (passphrase === null) throw enc().pemPassphraseMissing();
        return fromPkcs8(enc().decryptPkcs8(pem.der, passphrase));
      }
      const body = pem.encrypted ? enc().decryptLegacyPem(data, passphrase) : pem.der;
      if (pem.label === "PRIVATE KEY") return fromPkcs8(body);
      if (pem.label === "RSA PRIVATE KEY") return rsaPrivateFromPkcs1(body);
      if (pem.label === "EC PRIVATE KEY") return ecFromSec1(body);
      throw decodeError();
    }
    if (type === "pkcs8") return fromPkcs8(enc().isEncryptedPkcs8(data) ? enc().decryptPkcs8(data, passphrase) : data);
    if (type === "pkcs1") return rsaPrivateFromPkcs1(data);
    if (type === "sec1") return ecFromSec1(data);
    throw E.invalidArgValue("key.type", type);
  } catch (err) {
    throw err instanceof der.DerError || !err.code ? decodeError() : err;
  }
}

/** Public key material (a private key's public half too) from PEM text or DER bytes. */
function readPublic(data, format, type, passphrase = null) {
  try {
    if (format === "pem") {
      const pem = der.pemDecode(data);
      if (pem === null) throw decodeError();
      if (pem.label === "PUBLIC KEY") return fromSpki(pem.der);
      if (pem.label === "RSA PUBLIC KEY") return rsaPublicFromPkcs1(pem.der);
      if (pem.label === "CERTIFICATE") return fromSpki(spkiFromCertificate(pem.der));
      return readPrivate(data, format, type, passphrase);
    }
    if (type === "spki") return fromSpki(data);
    if (type === "pkcs1") {
      try {
        return rsaPublicFromPkcs1(data);
      } catch {
        return rsaPrivateFromPkcs1(data);
      }
    }
    return readPrivate(data, format, type, passphrase);
  } catch (err) {
    throw err instanceof der.DerError || !err.code ? decodeError() : err;
  }
}

// ---- JWK ----------------------------------------------------------------------------------

function jwkField(jwk, name) {
  const v = jwk[name];
  if (typeof v !== "string") throw E.invalidArgType(`key.${name}`, "of type string", v);
  return unb64u(v);
}

function readJwk(jwk, wantPrivate) {
  if (jwk === null || typeof jwk !== "object") throw E.invalidArgType("key.key", "of type object", jwk);
  const kty = jwk.kty;
  if (kty === "RSA") {
    const m = { kind: "rsa", type: "rsa", priv: false, n: toBigInt(jwkField(jwk, "n")), e: toBigInt(jwkField(jwk, "e")) };
    if (wantPrivate || jwk.d !== undefined) {
      if (jwk.d === undefined) throw E.code(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK RSA key");
      m.priv = true;
      for (const f of ["d", "p", "q", "dp", "dq", "qi"]) m[f] = toBigInt(jwkField(jwk, f));
    }
    return m;
  }
  if (kty === "EC") {
    const curve = curveName(jwk.crv);
    if (curve === null) throw E.code(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK EC key");
    const x = jwkField(jwk, "x");
    const y = jwkField(jwk, "y");
    const pub = der.cat([Uint8Array.of(4), x, y]);
    const m = { kind: "ec", curve, priv: false, pub };
    if (wantPrivate || jwk.d !== undefined) {
      if (jwk.d === undefined) throw E.code(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK EC key");
      m.priv = true;
      m.d = jwkField(jwk, "d");
    }
    return m;
  }
  if (kty === "OKP") {
    if (!OKP_BYTES[jwk.crv]) {
      throw E.invalidArgValue("key.crv", jwk.crv, "must be one of: 'Ed25519', 'Ed448', 'X25519', 'X448'");
    }
    const m = { kind: "okp", curve: jwk.crv, priv: false, pub: jwkField(jwk, "x") };
    if (wantPrivate || jwk.d !== undefined) {
      if (jwk.d === undefined) throw E.code(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK OKP key");
      m.priv = true;
      m.d = jwkField(jwk, "d");
    }
    return m;
  }
  throw E.invalidArgValue("key.kty", kty, "must be one of: 'RSA', 'EC', 'OKP'");
}

function writeJwk(m) {
  if (m.kind === "rsa") {
    const jwk = { kty: "RSA", n: b64u(fromBigInt(m.n)), e: b64u(fromBigInt(m.e)) };
    if (m.priv) for (const f of ["d", "p", "q", "dp", "dq", "qi"]) jwk[f] = b64u(fromBigInt(m[f]));
    return jwk;
  }
  if (m.kind === "ec") {
    const n = CURVE_BYTES[m.curve];
    const pub = m.pub || derivePublic(m);
    const jwk = { kty: "EC", x: b64u(pub.subarray(1, 1 + n)), y: b64u(pub.subarray(1 + n)), crv: m.curve };
    if (m.priv) jwk.d = b64u(m.d);
    return jwk;
  }
  // Node's order: crv, d (private), x, kty.
  const jwk = { crv: m.curve };
  if (m.priv) jwk.d = b64u(m.d);
  jwk.x = b64u(m.pub || derivePublic(m));
  jwk.kty = "OKP";
  return jwk;
}

// ---- writing ---------------------------------------------------------------------------------

function pkcs1Public(m) {
  return seq(int(m.n), int(m.e));
}
function pkcs1Private(m) {
  return seq(int(0), int(m.n), int(m.e), int(m.d), int(m.p), int(m.q), int(m.dp), int(m.dq), int(m.qi));
}

function hashAlgId(name) {
  return ctx(0, seq(oid(OID[name]), nul()));
}

function rsaAlgorithm(m) {
  if (m.type !== "rsa-pss") return seq(oid(OID.rsaEncryption), nul());
  if (!m.pss) return seq(oid(OID.rsassaPss));
  const p = m.pss;
  return seq(oid(OID.rsassaPss), seq(
    hashAlgId(p.hashAlgorithm),
    ctx(1, seq(oid(OID.mgf1), seq(oid(OID[p.mgf1HashAlgorithm]), nul()))),
    ctx(2, int(p.saltLength)),
  ));
}

function algorithmOf(m) {
  if (m.kind === "rsa") return rsaAlgorithm(m);
  if (m.kind === "ec") return seq(oid(OID.ecPublicKey), oid(OID[m.curve]));
  return seq(oid(OID[m.curve]));
}

function spki(m) {
  const key = m.kind === "rsa" ? pkcs1Public(m) : m.pub || derivePublic(m);
  return seq(algorithmOf(m), bits(key));
}

function sec1(m, withParams) {
  const parts = [int(1), octets(m.d)];
  if (withParams) parts.push(ctx(0, oid(OID[m.curve])));
  parts.push(ctx(1, bits(m.pub || derivePublic(m))));
  return seq(...parts);
}

function pkcs8(m) {
  const inner = m.kind === "rsa" ? pkcs1Private(m) : m.kind === "ec" ? sec1(m, false) : octets(m.d);
  return seq(int(0), algorithmOf(m), octets(inner));
}

/** Encodes key material: type pkcs1 / spki / pkcs8 / sec1, format pem / der, optionally under a passphrase. */
function writeKey(m, type, format, cipher, passphrase) {
  let bytes;
  let label;
  if (type === "spki") [bytes, label] = [spki(m), "PUBLIC KEY"];
  else if (type === "pkcs8") [bytes, label] = [pkcs8(m), "PRIVATE KEY"];
  else if (type === "pkcs1" && m.kind === "rsa" && m.type === "rsa") {
    [bytes, label] = m.priv ? [pkcs1Private(m), "RSA PRIVATE KEY"] : [pkcs1Public(m), "RSA PUBLIC KEY"];
  } else if (type === "sec1" && m.kind === "ec" && m.priv) [bytes, label] = [sec1(m, true), "EC PRIVATE KEY"];
  else {
    throw E.code(Error, "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", `The selected key encoding ${type} can only be used for ${type === "sec1" ? "EC" : "RSA"} keys.`);
  }
  if (cipher !== undefined && cipher !== null) {
    if (type === "pkcs8") [bytes, label] = [enc().encryptPkcs8(bytes, cipher, passphrase), "ENCRYPTED PRIVATE KEY"];
    else if (format === "pem") return enc().encryptLegacyPem(label, bytes, cipher, passphrase);
    else throw E.code(Error, "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", `The selected key encoding ${type} does not support encryption.`);
  }
  return format === "pem" ? der.pemEncode(label, bytes) : bytes;
}

export default {
  CURVE_BYTES, OPENSSL_CURVE, OKP_BYTES, curveName, curves, ecImpl, okpImpl, derivePublic, publicOf,
  readPrivate, readPublic, readJwk, writeJwk, writeKey, decodeError,
};
