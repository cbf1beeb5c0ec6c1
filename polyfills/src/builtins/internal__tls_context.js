// tls.SecureContext / tls.createSecureContext with Node v22's option checks
// (protocol versions, key/cert/ca/crl types, ciphers, sigalgs, ecdhCurve,
// ticketKeys...), translatePeerCertificate and convertALPNProtocols. The
// context keeps the checked options; nothing in the sandbox runs a TLS
// handshake with it (see internal/tls_socket).
/* global require */
const { Buffer } = require("buffer");
const { E, isArrayBufferView, validateString, validateObject, validateInt32 } = require("internal/crypto_errors", true);
const { codedError } = require("internal/errors", true);

const SSL_OP_CIPHER_SERVER_PREFERENCE = 0x400000;
const VERSIONS = { TLSv1: 0x301, "TLSv1.1": 0x302, "TLSv1.2": 0x303, "TLSv1.3": 0x304 };
const METHODS = new Set([
  "SSLv23_method", "SSLv23_server_method", "SSLv23_client_method", "TLS_method", "TLS_server_method", "TLS_client_method",
  "TLSv1_method", "TLSv1_server_method", "TLSv1_client_method", "TLSv1_1_method", "TLSv1_1_server_method",
  "TLSv1_1_client_method", "TLSv1_2_method", "TLSv1_2_server_method", "TLSv1_2_client_method",
]);

function toV(which, v, def) {
  if (v == null) v = def;
  if (Object.prototype.hasOwnProperty.call(VERSIONS, v)) return VERSIONS[v];
  throw codedError(TypeError, "ERR_TLS_INVALID_PROTOCOL_VERSION", `${JSON.stringify(v)} is not a valid ${which} TLS protocol version`);
}

function validateKeyOrCertOption(name, value) {
  if (typeof value !== "string" && !isArrayBufferView(value)) {
    throw E.invalidArgType(name, "of type string or an instance of Buffer, TypedArray, or DataView", value);
  }
}

/** What the native context would hold: the versions and the checked material. */
class NativeSecureContext {
  constructor(secureProtocol, minVersion, maxVersion) {
    if (secureProtocol) {
      const legacy = /^(SSLv[23])_(?:client_|server_)?method$/.exec(secureProtocol);
      if (legacy) throw codedError(TypeError, "ERR_TLS_INVALID_PROTOCOL_METHOD", `${legacy[1]} methods disabled`);
      if (!METHODS.has(secureProtocol)) throw codedError(TypeError, "ERR_TLS_INVALID_PROTOCOL_METHOD", `Unknown method: ${secureProtocol}`);
    }
    this.secureProtocol = secureProtocol;
    this.minVersion = minVersion;
    this.maxVersion = maxVersion;
    this.options = 0;
    this.ca = [];
    this.cert = [];
    this.key = [];
    this.crl = [];
  }
}

function SecureContext(secureProtocol, secureOptions, minVersion, maxVersion) {
  if (!(this instanceof SecureContext)) return new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  if (secureProtocol) {
    if (minVersion != null) throw versionConflict(minVersion, secureProtocol);
    if (maxVersion != null) throw versionConflict(maxVersion, secureProtocol);
  }
  const tls = require("tls");
  const min = toV("minimum", minVersion, tls.DEFAULT_MIN_VERSION);
  const max = toV("maximum", maxVersion, tls.DEFAULT_MAX_VERSION);
  this.context = new NativeSecureContext(secureProtocol, min, max);
  if (secureOptions) {
    if (typeof secureOptions !== "number") throw E.invalidArgType("secureOptions", "of type number", secureOptions);
    if (!Number.isSafeInteger(secureOptions)) throw E.outOfRange("secureOptions", "an integer", secureOptions);
    this.context.options = secureOptions;
  }
}

function versionConflict(version, secureProtocol) {
  return codedError(TypeError, "ERR_TLS_PROTOCOL_VERSION_CONFLICT", `TLS protocol version ${JSON.stringify(version)} conflicts with secureProtocol ${JSON.stringify(secureProtocol)}`);
}

// What OpenSSL's cipher-string parser accepts besides the cipher names: the
// keywords of `openssl ciphers` (a string naming none of these matches nothing).
const CIPHER_KEYWORDS = new Set(
  ("ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT DEFAULT HIGH MEDIUM LOW eNULL NULL aNULL kRSA aRSA RSA kDHE kEDH DH DHE EDH ADH " +
    "kEECDH kECDHE ECDH ECDHE EECDH AECDH aECDSA ECDSA TLSv1.2 TLSv1.0 SSLv3 AES AES128 AES256 AESGCM AESCCM AESCCM8 ARIA " +
    "ARIA128 ARIA256 CAMELLIA CAMELLIA128 CAMELLIA256 CHACHA20 3DES DES RC4 RC2 IDEA SEED MD5 SHA1 SHA SHA256 SHA384 " +
    "kPSK kECDHEPSK kDHEPSK kRSAPSK aPSK PSK SRP kSRP aSRP EXPORT EXP SUITEB128 SUITEB128ONLY SUITEB192").split(" "),
);
const TLS13_SUITES = new Set(["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"]);
const CURVES = new Set(["P-256", "P-384", "P-521", "prime256v1", "secp384r1", "secp521r1", "secp256k1", "secp224r1", "X25519", "X448", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192"]);

function noCipherMatch() {
  return E.code(Error, "ERR_SSL_NO_CIPHER_MATCH", "error:0A0000B9:SSL routines::no cipher match", { library: "SSL routines", reason: "no cipher match" });
}

// An OpenSSL cipher name the sandbox cannot check against OpenSSL's table (getCiphers lists only the enabled ones).
const OPENSSL_NAME = /^[A-Z0-9]+(?:-[A-Z0-9]+)+$/;

function knownCipher(entry) {
  const name = entry.replace(/^[!+-]/, "").split("@")[0];
  if (name === "") return false;
  if (OPENSSL_NAME.test(name)) return true;
  const names = require("tls").getCiphers();
  return name.split("+").every((part) => CIPHER_KEYWORDS.has(part) || names.includes(part.toLowerCase()));
}

function processCiphers(ciphers, name) {
  const parts = (ciphers || require("tls").DEFAULT_CIPHERS).split(":");
  const list = parts.filter((c) => c.length > 0 && !c.startsWith("TLS_"));
  const suites = parts.filter((c) => c.length > 0 && c.startsWith("TLS_"));
  // Both empty is invalid: no handshake is possible with no suites.
  if (list.length === 0 && suites.length === 0) throw E.invalidArgValue(name, parts);
  if (suites.some((suite) => !TLS13_SUITES.has(suite))) throw noCipherMatch();
  if (list.length > 0 && !list.some((entry) => !entry.startsWith("!") && !entry.startsWith("-") && knownCipher(entry))) throw noCipherMatch();
  return { cipherList: list.join(":"), cipherSuites: suites.join(":") };
}

/** Whether `value` (string or bytes) holds a PEM block; OpenSSL's "no start line" when not. */
function checkPem(value) {
  const text = typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("latin1");
  if (!text.includes("-----BEGIN ")) {
    throw E.code(Error, "ERR_OSSL_PEM_NO_START_LINE", "error:0480006C:PEM routines::no start line", { library: "PEM routines", reason: "no start line" });
  }
}

function configSecureContext(context, options, name = "options") {
  validateObject(options, name);
  const tls = require("tls");
  const { ca, cert, crl, dhparam, key, passphrase, pfx, sessionIdContext, sessionTimeout, sigalgs, ticketKeys } = options;
  const { ciphers = tls.DEFAULT_CIPHERS, ecdhCurve = tls.DEFAULT_ECDH_CURVE } = options;
  if (ca) {
    for (const value of Array.isArray(ca) ? ca : [ca]) {
      validateKeyOrCertOption(`${name}.ca`, value);
      context.ca.push(value);
    }
  }
  if (cert) {
    for (const value of Array.isArray(cert) ? cert : [cert]) {
      validateKeyOrCertOption(`${name}.cert`, value);
      checkPem(value);
      context.cert.push(value);
    }
  }
  const setKey = (value, pass) => {
    validateKeyOrCertOption(`${name}.key`, value);
    if (pass !== undefined && pass !== null) validateString(pass, `${name}.passphrase`);
    // OpenSSL's decoders find no key in text without a PEM block (DER keys come as bytes).
    if (typeof value === "string" && !value.includes("-----BEGIN ")) {
      throw E.code(Error, "ERR_OSSL_UNSUPPORTED", "error:1E08010C:DECODER routines::unsupported", { library: "DECODER routines", reason: "unsupported" });
    }
    context.key.push({ pem: value, passphrase: pass });
  };
  if (key) {
    if (Array.isArray(key)) {
      for (const value of key) setKey(value?.pem !== undefined ? value.pem : value, value?.passphrase !== undefined ? value.passphrase : passphrase);
    } else {
      setKey(key, passphrase);
    }
  }
  if (sigalgs !== undefined && sigalgs !== null) {
    validateString(sigalgs, `${name}.sigalgs`);
    if (sigalgs === "") throw E.invalidArgValue(`${name}.sigalgs`, sigalgs);
    context.sigalgs = sigalgs;
  }
  if (ciphers !== undefined && ciphers !== null) validateString(ciphers, `${name}.ciphers`);
  Object.assign(context, processCiphers(ciphers, `${name}.ciphers`));
  validateString(ecdhCurve, `${name}.ecdhCurve`);
  if (ecdhCurve !== "auto" && !ecdhCurve.split(":").every((curve) => CURVES.has(curve))) {
    throw codedError(Error, "ERR_CRYPTO_OPERATION_FAILED", "Failed to set ECDH curve");
  }
  context.ecdhCurve = ecdhCurve;
  if (dhparam !== undefined) validateKeyOrCertOption(`${name}.dhparam`, dhparam);
  if (crl !== undefined) {
    for (const value of Array.isArray(crl) ? crl : [crl]) {
      validateKeyOrCertOption(`${name}.crl`, value);
      context.crl.push(value);
    }
  }
  if (sessionIdContext !== undefined) validateString(sessionIdContext, `${name}.sessionIdContext`);
  if (pfx !== undefined) {
    for (const value of Array.isArray(pfx) ? pfx : [pfx]) {
      const raw = value?.buf !== undefined ? value.buf : value;
      validateKeyOrCertOption(`${name}.pfx`, raw);
    }
  }
  if (sessionTimeout !== undefined) validateInt32(sessionTimeout, `${name}.sessionTimeout`, 0);
  if (ticketKeys !== undefined && ticketKeys !== null) {
    if (!isArrayBufferView(ticketKeys)) throw E.invalidArgType(`${name}.ticketKeys`, "an instance of Buffer, TypedArray, or DataView", ticketKeys);
    if (ticketKeys.byteLength !== 48) throw E.invalidArgValue(`${name}.ticketKeys`, ticketKeys.byteLength, "must be exactly 48 bytes");
  }
}

/** tls.createSecureContext(options): a SecureContext whose options have been checked as Node checks them. */
function createSecureContext(options) {
  if (!options) options = {};
  const { honorCipherOrder, minVersion, maxVersion, secureProtocol } = options;
  let { secureOptions } = options;
  if (honorCipherOrder) secureOptions |= SSL_OP_CIPHER_SERVER_PREFERENCE;
  const c = new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  configSecureContext(c.context, options);
  return c;
}

/** Node's translatePeerCertificate: issuer chain and infoAccess parsed into arrays. */
function translatePeerCertificate(c) {
  if (!c) return null;
  if (c.issuerCertificate != null && c.issuerCertificate !== c) c.issuerCertificate = translatePeerCertificate(c.issuerCertificate);
  if (c.infoAccess != null) {
    const info = c.infoAccess;
    c.infoAccess = Object.create(null);
    info.replace(/([^\n:]*):([^\n]*)(?:\n|$)/g, (all, key, val) => {
      if (val.charCodeAt(0) === 0x22) val = JSON.parse(val);
      if (key in c.infoAccess) c.infoAccess[key].push(val);
      else c.infoAccess[key] = [val];
    });
  }
  return c;
}

function convertProtocols(protocols) {
  const lens = new Array(protocols.length);
  const buff = Buffer.allocUnsafe(
    protocols.reduce((p, c, i) => {
      const len = Buffer.byteLength(c);
      if (len > 255) {
        throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The byte length of the protocol at index ${i} exceeds the maximum length. It must be <= 255. Received ${len}`);
      }
      lens[i] = len;
      return p + 1 + len;
    }, 0),
  );
  let offset = 0;
  for (let i = 0; i < protocols.length; i++) {
    buff[offset++] = lens[i];
    buff.write(protocols[i], offset);
    offset += lens[i];
  }
  return buff;
}

/** tls.convertALPNProtocols(protocols, out): sets out.ALPNProtocols to the wire form. */
function convertALPNProtocols(protocols, out) {
  if (Array.isArray(protocols)) out.ALPNProtocols = convertProtocols(protocols);
  else if (protocols instanceof Uint8Array) out.ALPNProtocols = Buffer.from(protocols);
  else if (isArrayBufferView(protocols)) out.ALPNProtocols = Buffer.from(protocols.buffer.slice(protocols.byteOffset, protocols.byteOffset + protocols.byteLength));
}

export default { SecureContext, createSecureContext, translatePeerCertificate, convertALPNProtocols };
