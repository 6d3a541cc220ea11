import { randomBytes } from "node:crypto";

/** A source of randomness for the world. Seeded, so that a `--seed` makes a world repeat. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  /** `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string;
  /** `length` pseudo-random bytes. */
  bytes(length: number): Buffer;
}

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

/** cyrb128: hashes a seed string into four 32-bit words (the state of sfc32). */
function seedState(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32 (Small Fast Counter), a well-tested 128-bit-state PRNG; returns uint32s. */
function sfc32(state: [number, number, number, number]): () => number {
  let [a, b, c, d] = state;
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** A seeded PRNG. The same seed always yields the same sequence. Not for cryptographic use. */
export function createRandom(seed: string | number): Random {
  const nextUint32 = sfc32(seedState(String(seed)));
  for (let i = 0; i < 12; i++) nextUint32(); // discard the weakly mixed first outputs
  const next = () => nextUint32() / 4294967296;
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    string: (alphabet, length) => Array.from({ length }, () => alphabet[int(alphabet.length)] ?? "").join(""),
    bytes: (length) => Buffer.from(Array.from({ length }, () => nextUint32() & 0xff)),
  };
}

/** A fresh, unpredictable seed (used when the operator gives none). */
export function randomSeed(): string {
  return randomBytes(16).toString("hex");
}
