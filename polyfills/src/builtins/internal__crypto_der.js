// internal/crypto_der — the small part of ASN.1 DER and PEM that key
// formats need: reading and writing SEQUENCE, INTEGER, BIT STRING, OCTET
// STRING, NULL, OBJECT IDENTIFIER and context tags; PEM armour; BigInt and
// base64url conversions; the algorithm and curve OIDs keys use.
/* global require */
import { concatBytes as cat } from "../shared/bytes.js";

const { Buffer } = require("buffer");

const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 };

const OID = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsassaPss: "1.2.840.113549.1.1.10",
  mgf1: "1.2.840.113549.1.1.8",
  ecPublicKey: "1.2.840.10045.2.1",
  "P-256": "1.2.840.10045.3.1.7",
  "P-384": "1.3.132.0.34",
  "P-521": "1.3.132.0.35",
  secp256k1: "1.3.132.0.10",
  Ed25519: "1.3.101.112",
  X25519: "1.3.101.110",
  Ed448: "1.3.101.113",
  X448: "1.3.101.111",
  pbes2: "1.2.840.113549.1.5.13",
  md5: "1.2.840.113549.2.5",
  sha1: "1.3.14.3.2.26",
  sha224: "2.16.840.1.101.3.4.2.4",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  "sha512-224": "2.16.840.1.101.3.4.2.5",
  "sha512-256": "2.16.840.1.101.3.4.2.6",
  "sha3-224": "2.16.840.1.101.3.4.2.7",
  "sha3-256": "2.16.840.1.101.3.4.2.8",
  "sha3-384": "2.16.840.1.101.3.4.2.9",
  "sha3-512": "2.16.840.1.101.3.4.2.10",
  ripemd160: "1.3.36.3.2.1",
};
const OID_NAME = {};
for (const [k, v] of Object.entries(OID)) OID_NAME[v] = k;

class DerError extends Error {}

/** Reads one TLV at `pos`: { tag, start (content), end, next }. */
function readTlv(bytes, pos) {
  if (pos + 2 > bytes.length) throw new DerError("truncated");
  const tag = bytes[pos];
  let len = bytes[pos + 1];
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > bytes.length) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[p + i];
    p += n;
  }
  if (p + len > bytes.length) throw new DerError("truncated");
  return { tag, start: p, end: p + len, next: p + len, bytes };
}

/** Parses a DER value into a tree: { tag, content (bytes), children (constructed) }. */
function parse(bytes, pos = 0, whole = true) {
  const tlv = readTlv(bytes, pos);
  if (whole && tlv.next !== bytes.length) throw new DerError("trailing data");
  const node = { tag: tlv.tag, content: bytes.subarray(tlv.start, tlv.end), raw: bytes.subarray(pos, tlv.next), next: tlv.next };
  if (tlv.tag & 0x20) {
    node.children = [];
    let p = tlv.start;
    while (p < tlv.end) {
      const child = parse(bytes.subarray(0, tlv.end), p, false);
      node.children.push(child);
      p = child.next;
    }
  }
  return node;
}

function expect(node, tag) {
  if (!node || node.tag !== tag) throw new DerError(`expected tag ${tag}`);
  return node;
}

function toBigInt(bytes) {
  let hex = "";
  for (const b of bytes) hex += (b + 0x100).toString(16).slice(1);
  return hex === "" ? 0n : BigInt("0x" + hex);
}

/** A non-negative BigInt as big-endian bytes, left-padded to `length` when given. */
function fromBigInt(n, length) {
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  let out = Buffer.from(hex, "hex");
  if (length !== undefined && out.length < length) {
    const padded = new Uint8Array(length);
    padded.set(out, length - out.length);
    out = padded;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function readInt(node) {
  expect(node, TAG.INTEGER);
  return toBigInt(node.content);
}

function readOid(node) {
  expect(node, TAG.OID);
  const c = node.content;
  const parts = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    v = v * 128 + (c[i] & 0x7f);
    if (!(c[i] & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

/** The content of a BIT STRING without its unused-bits byte. */
function readBitString(node) {
  expect(node, TAG.BIT_STRING);
  return node.content.subarray(1);
}

// ---- writing -----------------------------------------------------------------------

function encode(tag, content) {
  const len = content.length;
  let header;
  if (len < 0x80) header = [tag, len];
  else {
    const lb = [];
    for (let l = len; l > 0; l = Math.floor(l / 256)) lb.unshift(l & 0xff);
    header = [tag, 0x80 | lb.length, ...lb];
  }
  const out = new Uint8Array(header.length + len);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

const seq = (...items) => encode(TAG.SEQUENCE, cat(items));
const octets = (bytes) => encode(TAG.OCTET_STRING, bytes);
const bits = (bytes) => encode(TAG.BIT_STRING, cat([Uint8Array.of(0), bytes]));
const nul = () => Uint8Array.of(TAG.NULL, 0);
const ctx = (n, content) => encode(0xa0 + n, content);

function int(n) {
  if (typeof n === "number") n = BigInt(n);
  let b = fromBigInt(n);
  if (b.length === 0 || b[0] & 0x80) b = cat([Uint8Array.of(0), b]);
  return encode(TAG.INTEGER, b);
}

function oid(dotted) {
  const parts = dotted.split(".").map(Number);
  const out = [parts[0] * 40 + parts[1]];
  for (let i = 2; i < parts.length; i++) {
    let v = parts[i];
    const chunk = [v & 0x7f];
    v = Math.floor(v / 128);
    while (v > 0) {
      chunk.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...chunk);
  }
  return encode(TAG.OID, Uint8Array.from(out));
}

// ---- PEM ------------------------------------------------------------------------------

/** The first PEM block in `text`: { label, der }, or null. */
function pemDecode(text) {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  const body = m[2].replace(/^[A-Za-z-]+:.*$/gm, "").replace(/\s+/g, "");
  const headers = /Proc-Type:|DEK-Info:/.test(m[2]);
  const der = Buffer.from(body, "base64");
  return { label: m[1], der: new Uint8Array(der.buffer, der.byteOffset, der.byteLength), encrypted: headers };
}

function pemEncode(label, der) {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) || [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

// ---- base64url ---------------------------------------------------------------------------

function b64u(bytes) {
  return Buffer.from(bytes).toString("base64url");
}
function unb64u(text) {
  const b = Buffer.from(String(text), "base64url");
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export default {
  TAG, OID, OID_NAME, DerError, readTlv, parse, expect, toBigInt, fromBigInt, readInt, readOid, readBitString,
  encode, cat, seq, octets, bits, nul, ctx, int, oid, pemDecode, pemEncode, b64u, unb64u,
};
