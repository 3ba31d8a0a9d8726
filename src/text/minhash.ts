import { fmix32, hash32 } from './random.js';

/** 128 min-hashes; LSH splits them into bands × rows (tuned in bench/dupes.ts). */
export const NUM_HASHES = 128;
export interface LshParams { bands: number; rows: number; }
export const DEFAULT_LSH: LshParams = { bands: 16, rows: 3 }; // as DEFAULT_DUP_INDEX (duplicates.ts)

// One seed per hash function; fmix32(h ^ seed) behaves as an independent permutation per seed.
const SEEDS = Uint32Array.from({ length: NUM_HASHES }, (_, i) => fmix32(0x9e3779b9 + i * 0x632be5ab));

/**
 * Normalises before shingling so that punctuation, spacing, full-width forms and case do not
 * make two copies of the same complaint look different.
 */
export function normalizeForShingles(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Character n-gram shingles (hashed) of raw text, or word shingles of a token list. */
export function shingles(input: string | readonly string[], size = 3): Uint32Array {
  const out = new Set<number>();
  if (typeof input === 'string') {
    const chars = Array.from(normalizeForShingles(input));
    if (chars.length < size && chars.length > 0) out.add(hash32(chars.join('')));
    for (let i = 0; i + size <= chars.length; i++) out.add(hash32(chars.slice(i, i + size).join('')));
  } else {
    for (const t of input) out.add(hash32(t));
  }
  return Uint32Array.from(out);
}

/** MinHash signature: for each hash function the smallest hashed shingle. Empty text → all 0xffffffff. */
export function signature(input: string | readonly string[], shingleSize = 3): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (const s of shingles(input, shingleSize)) {
    for (let i = 0; i < NUM_HASHES; i++) {
      const h = fmix32(s ^ SEEDS[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/** Fraction of equal min-hashes: an unbiased estimate of the Jaccard similarity of the shingle sets. */
const EMPTY = 0xffffffff;

export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i] && a[i] !== EMPTY) same++;
  return same / NUM_HASHES;
}

/**
 * Band keys for the LSH index (`case_dup_keys(band_key bigint, case_id)`): two documents share
 * at least one key with probability 1 − (1 − s^rows)^bands for Jaccard similarity s.
 * A key is a non-negative integer below 2^53 (a JS number and a PostgreSQL bigint): the band
 * number (0–63, `bandOffset` lets two signatures of one case use different bands) in the top
 * 6 bits and a 47-bit hash of the band's rows below, so bands never collide with each other.
 */
export function lshKeyNumbers(sig: Uint32Array, { bands, rows }: LshParams = DEFAULT_LSH, bandOffset = 0): number[] {
  if (bandOffset + bands > 64 || bands * rows > NUM_HASHES) throw new Error('lshKeys: need ≤ 64 bands and bands × rows ≤ 128');
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    if (sig[b * rows] === EMPTY) continue; // empty text: no keys, it must not match every other empty text
    let h1 = 0x3c6ef372 ^ b;
    let h2 = 0xa54ff53a ^ b;
    for (let r = 0; r < rows; r++) {
      const v = sig[b * rows + r]!;
      h1 = fmix32(Math.imul(h1 ^ v, 0x01000193));
      h2 = fmix32(Math.imul(h2 + v, 0x85ebca6b) ^ 0x5bd1e995);
    }
    keys.push((bandOffset + b) * 2 ** 47 + (h1 & 0x7fff) * 2 ** 32 + h2);
  }
  return keys;
}

export function lshKeys(sig: Uint32Array, p: LshParams = DEFAULT_LSH, bandOffset = 0): string[] {
  return lshKeyNumbers(sig, p, bandOffset).map(String);
}

/** Signatures travel to and from the database as base64 (512 bytes). */
export const encodeSignature = (sig: Uint32Array): string => Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
export function decodeSignature(s: string): Uint32Array {
  const buf = Buffer.from(s, 'base64');
  if (buf.byteLength !== NUM_HASHES * 4) throw new Error('decodeSignature: wrong length');
  const out = new Uint32Array(NUM_HASHES);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
