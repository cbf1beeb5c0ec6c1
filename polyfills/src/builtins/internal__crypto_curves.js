// internal/crypto_curves — elliptic-curve signatures and key agreement from
// @noble/curves (ECDSA on P-256, P-384 and P-521; Ed25519, Ed448, X25519
// and X448), loaded only when a program uses EC or Edwards/Montgomery keys.
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { ed448, x448 } from "@noble/curves/ed448.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

export default { p256, p384, p521, secp256k1, ed25519, x25519, ed448, x448 };
