// node:tls — Node v22's constants, cipher list, bundled root certificates
// (loaded on first read), checkServerIdentity, createSecureContext and the
// TLSSocket/Server classes. No TLS connection runs inside the sandbox:
// connect() and server.listen() fail asynchronously with
// ERR_QUICKEXEC_NO_RAW_SOCKETS (see internal/tls_socket); https.request and
// fetch make their TLS connections on the host.
/* global require */
const identity = require("internal/tls_identity", true);
const context = require("internal/tls_context", true);

const socket = () => require("internal/tls_socket", true);

// OpenSSL 3's names, lower-cased, as Node's getCiphers() lists them.
const CIPHERS = (
  "aes128-gcm-sha256 aes128-sha aes128-sha256 aes256-gcm-sha384 aes256-sha aes256-sha256 " +
  "dhe-psk-aes128-cbc-sha dhe-psk-aes128-cbc-sha256 dhe-psk-aes128-gcm-sha256 dhe-psk-aes256-cbc-sha " +
  "dhe-psk-aes256-cbc-sha384 dhe-psk-aes256-gcm-sha384 dhe-psk-chacha20-poly1305 " +
  "dhe-rsa-aes128-gcm-sha256 dhe-rsa-aes128-sha dhe-rsa-aes128-sha256 dhe-rsa-aes256-gcm-sha384 " +
  "dhe-rsa-aes256-sha dhe-rsa-aes256-sha256 dhe-rsa-chacha20-poly1305 ecdhe-ecdsa-aes128-gcm-sha256 " +
  "ecdhe-ecdsa-aes128-sha ecdhe-ecdsa-aes128-sha256 ecdhe-ecdsa-aes256-gcm-sha384 " +
  "ecdhe-ecdsa-aes256-sha ecdhe-ecdsa-aes256-sha384 ecdhe-ecdsa-chacha20-poly1305 " +
  "ecdhe-psk-aes128-cbc-sha ecdhe-psk-aes128-cbc-sha256 ecdhe-psk-aes256-cbc-sha " +
  "ecdhe-psk-aes256-cbc-sha384 ecdhe-psk-chacha20-poly1305 ecdhe-rsa-aes128-gcm-sha256 " +
  "ecdhe-rsa-aes128-sha ecdhe-rsa-aes128-sha256 ecdhe-rsa-aes256-gcm-sha384 ecdhe-rsa-aes256-sha " +
  "ecdhe-rsa-aes256-sha384 ecdhe-rsa-chacha20-poly1305 psk-aes128-cbc-sha psk-aes128-cbc-sha256 " +
  "psk-aes128-gcm-sha256 psk-aes256-cbc-sha psk-aes256-cbc-sha384 psk-aes256-gcm-sha384 " +
  "psk-chacha20-poly1305 rsa-psk-aes128-cbc-sha rsa-psk-aes128-cbc-sha256 rsa-psk-aes128-gcm-sha256 " +
  "rsa-psk-aes256-cbc-sha rsa-psk-aes256-cbc-sha384 rsa-psk-aes256-gcm-sha384 rsa-psk-chacha20-poly1305 " +
  "srp-aes-128-cbc-sha srp-aes-256-cbc-sha srp-rsa-aes-128-cbc-sha srp-rsa-aes-256-cbc-sha " +
  "tls_aes_128_ccm_8_sha256 tls_aes_128_ccm_sha256 tls_aes_128_gcm_sha256 tls_aes_256_gcm_sha384 " +
  "tls_chacha20_poly1305_sha256"
).split(" ");

const DEFAULT_CIPHERS =
  "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:" +
  "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:" +
  "ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:" +
  "DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA";

let rootCertificates = null;

const tls = {
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_CIPHERS,
  DEFAULT_ECDH_CURVE: "auto",
  DEFAULT_MIN_VERSION: "TLSv1.2",
  DEFAULT_MAX_VERSION: "TLSv1.3",
  getCiphers: () => CIPHERS.slice(),
};
Object.defineProperty(tls, "rootCertificates", {
  get() {
    if (rootCertificates === null) rootCertificates = Object.freeze(require("internal/tls_root_certs", true).rootCertificates());
    return rootCertificates;
  },
  enumerable: true,
  configurable: false,
});
Object.assign(tls, {
  convertALPNProtocols: context.convertALPNProtocols,
  checkServerIdentity: identity.checkServerIdentity,
  createSecureContext: context.createSecureContext,
  SecureContext: context.SecureContext,
});
const lazy = (name) => ({
  get: () => socket()[name],
  set(value) {
    Object.defineProperty(tls, name, { value, writable: true, enumerable: true, configurable: true });
  },
  enumerable: true,
  configurable: true,
});
Object.defineProperties(tls, {
  TLSSocket: lazy("TLSSocket"),
  Server: lazy("Server"),
  createServer: lazy("createServer"),
  connect: lazy("connect"),
  createSecurePair: lazy("createSecurePair"),
});

export default tls;
