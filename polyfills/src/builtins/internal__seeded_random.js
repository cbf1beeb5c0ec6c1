// internal/seeded_random — the guest's randomness under the runtime's
// `randomSeed`. The crypto builtins draw from a ChaCha20 keystream
// (@noble/ciphers) keyed by SHA-256 of the seed. Math.random draws from
// xorshift128+ (pure-rand; the algorithm of V8's own Math.random) whose 128
// bits of state are the first bytes of a second keystream of the seed: a
// ChaCha20 draw per call would make Math.random about 50 times slower than
// QuickJS's. The two sources do not shift each other. Runs with the same seed
// draw the same values: predictable by design, never secret. Loaded on the
// first draw of a seeded run.
import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { xorshift128plusFromState } from "pure-rand/generator/xorshift128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

const POOL_BYTES = 4096;
const BLOCK_BYTES = 64;
// noble's ChaCha20 counter is 32 bits; past it a stream moves to the next nonce.
const MAX_COUNTER = 2 ** 32;

/** The nonce of keystream `id` (its first byte; the next four count generations). */
function nonceOf(id) {
  const nonce = new Uint8Array(12);
  nonce[0] = id;
  return nonce;
}

/** One keystream: `id` tells the streams of a seed apart. */
class Stream {
  constructor(key, id) {
    this.key = key;
    this.nonce = nonceOf(id);
    this.generation = 0;
    this.counter = 0;
    this.zeros = new Uint8Array(POOL_BYTES);
    this.pool = new Uint8Array(0);
    this.pos = POOL_BYTES;
  }

  refill() {
    if (this.counter + POOL_BYTES / BLOCK_BYTES > MAX_COUNTER) {
      this.generation++;
      new DataView(this.nonce.buffer).setUint32(4, this.generation, true);
      this.counter = 0;
    }
    this.pool = chacha20(this.key, this.nonce, this.zeros, undefined, this.counter);
    this.counter += POOL_BYTES / BLOCK_BYTES;
    this.pos = 0;
  }

  /** Fills `target` (a Uint8Array) with the next bytes of the stream. */
  fill(target) {
    let off = 0;
    while (off < target.length) {
      if (this.pos >= POOL_BYTES) this.refill();
      const take = Math.min(target.length - off, POOL_BYTES - this.pos);
      target.set(this.pool.subarray(this.pos, this.pos + take), off);
      this.pos += take;
      off += take;
    }
    return target;
  }
}

/**
 * The generator of one seed (the host's canonical form of `randomSeed`):
 * `random()` for Math.random, `bytes(n)` for the crypto builtins.
 */
function create(seed) {
  const key = sha256(new TextEncoder().encode(`quickexec randomSeed\0${seed}`));
  const state = new DataView(chacha20(key, nonceOf(1), new Uint8Array(16)).buffer);
  const math = mathRandom([0, 4, 8, 12].map((at) => state.getInt32(at, true)));
  const crypto = new Stream(key, 2);
  return {
    random: math.random,
    bytes: (n) => crypto.fill(new Uint8Array(n)),
  };
}

/** Math.random's generator from four 32-bit words of state (the seed's, or the host's entropy in a run without a seed). */
function mathRandom(state) {
  const words = state.map((w) => w | 0);
  // xorshift128+ must not start from all zeros (it would stay there).
  if (words.every((w) => w === 0)) words[0] = 1;
  const rng = xorshift128plusFromState(words);
  return { random: () => uniformFloat64(rng) };
}

export default { create, mathRandom };
