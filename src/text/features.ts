import { fmix32, hash32 } from './random.js';

/** Which n-grams describe a document; stored with the model so prediction uses the same ones. */
export interface FeatureOptions {
  /** 1 = words only, 2 = words and adjacent word pairs. */
  wordNgrams: 1 | 2;
  /** Character n-gram lengths over the token stream (0 = none). Char n-grams catch words that
   *  jieba split differently in training and at intake. */
  charMin: number;
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { wordNgrams: 2, charMin: 1, charMax: 3 };

// Tokens contain only letters and digits (see tokenize.ts), so ' ' and '#' cannot collide with a
// token: 'a b' is a word pair, '#abc' a character n-gram.
export const PAIR_SEP = ' ';
export const CHAR_PREFIX = '#';

/** Calls `emit` once per feature occurrence; the one definition of what a feature is. */
export function forEachFeature(tokens: readonly string[], opts: FeatureOptions, emit: (f: string) => void): void {
  for (let i = 0; i < tokens.length; i++) {
    emit(tokens[i]!);
    if (opts.wordNgrams === 2 && i + 1 < tokens.length) emit(tokens[i]! + PAIR_SEP + tokens[i + 1]!);
  }
  if (opts.charMax <= 0) return;
  // Characters of the whole stream (token boundaries removed): n-grams may span two words,
  // which recovers compounds that segmentation split.
  const text = tokens.join('');
  // Fast path slices UTF-16 code units; only astral characters (rare in messages) need the
  // slower code-point array so an n-gram never cuts a surrogate pair.
  const chars: string | string[] = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text;
  for (let n = Math.max(1, opts.charMin); n <= opts.charMax; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      emit(CHAR_PREFIX + (typeof chars === 'string' ? chars.slice(i, i + n) : chars.slice(i, i + n).join('')));
    }
  }
}

/** Raw counts of every feature of a token list. */
export function featuresOf(tokens: readonly string[], opts: FeatureOptions = DEFAULT_FEATURES): Map<string, number> {
  const counts = new Map<string, number>();
  forEachFeature(tokens, opts, (f) => { counts.set(f, (counts.get(f) ?? 0) + 1); });
  return counts;
}

/** A feature as a person reads it: pairs and char n-grams without their markers. */
export function displayFeature(f: string): string {
  if (f.startsWith(CHAR_PREFIX)) return f.slice(1);
  return f.split(PAIR_SEP).join('');
}

/** Sparse vector: parallel index/value arrays, L2-normalised. */
export interface SparseVec { idx: Int32Array; val: Float32Array; }

/**
 * TF-IDF with sublinear tf (1 + ln tf) and L2 normalisation: long complaints do not dominate,
 * and a word repeated ten times counts little more than once. `counts` maps column → raw count.
 */
export function toSparse(counts: Map<number, number>, idf: Float32Array): SparseVec {
  const idx = Int32Array.from(counts.keys()).sort();
  const val = new Float32Array(idx.length);
  let norm = 0;
  for (let k = 0; k < idx.length; k++) {
    const v = (1 + Math.log(counts.get(idx[k]!)!)) * idf[idx[k]!]!;
    val[k] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < val.length; k++) val[k] = val[k]! / norm;
  return { idx, val };
}

// Features are identified by a 32-bit hash rather than by their text: interning ~2 M distinct
// n-gram strings dominated training time (8.6 s of 12 s), and a model of integers is smaller.
// With ~1 M features in 2^32 buckets a few hundred pairs collide, which costs no accuracy.
const WORD_SALT = 0x2545f491;
const PAIR_SALT = 0x6c8e9cf5;
const CHAR_SALT = 0x1b873593;

const wordHash = (t: string): number => hash32(t, WORD_SALT);
const pairHash = (a: number, b: number): number => fmix32(Math.imul(a ^ PAIR_SALT, 0x9e3779b1) ^ b);
function charHash(s: string, from: number, n: number): number {
  let h = (CHAR_SALT ^ n) >>> 0;
  for (let i = from; i < from + n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** Hash of a feature as produced by featuresOf() (used to explain predictions). */
export function featureHash(f: string): number {
  if (f.startsWith(CHAR_PREFIX)) return charHash(f, 1, f.length - 1);
  const sep = f.indexOf(PAIR_SEP);
  if (sep > 0) return pairHash(wordHash(f.slice(0, sep)), wordHash(f.slice(sep + 1)));
  return wordHash(f);
}

/** Same features as forEachFeature(), as hashes, without building their strings. */
export function forEachFeatureHash(tokens: readonly string[], opts: FeatureOptions, emit: (h: number) => void,
  cache?: Map<string, number>): void {
  let prev = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let h = cache?.get(t);
    if (h === undefined) { h = wordHash(t); cache?.set(t, h); }
    emit(h);
    if (opts.wordNgrams === 2 && i > 0) emit(pairHash(prev, h));
    prev = h;
  }
  if (opts.charMax <= 0) return;
  const text = tokens.join('');
  if (/[\uD800-\uDFFF]/.test(text)) { // rare astral text: n-grams of code points, never half a pair
    const cps = Array.from(text);
    for (let n = Math.max(1, opts.charMin); n <= opts.charMax; n++) {
      for (let i = 0; i + n <= cps.length; i++) { const g = cps.slice(i, i + n).join(''); emit(charHash(g, 0, g.length)); }
    }
    return;
  }
  for (let n = Math.max(1, opts.charMin); n <= opts.charMax; n++) {
    for (let i = 0; i + n <= text.length; i++) emit(charHash(text, i, n));
  }
}

/** Sorted distinct hashes of a document's features with their counts (typed arrays, no Map:
 *  Map<number> with hashes above 2^30 boxes every key and was the training bottleneck). */
export function hashCounts(tokens: readonly string[], opts: FeatureOptions, cache?: Map<string, number>):
  { hashes: Uint32Array; counts: Uint16Array } {
  const all: number[] = [];
  forEachFeatureHash(tokens, opts, (h) => { all.push(h); }, cache);
  const sorted = Uint32Array.from(all).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const hashes = new Uint32Array(distinct);
  const counts = new Uint16Array(distinct);
  let k = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) hashes[++k] = sorted[i]!;
    if (counts[k]! < 65535) counts[k]!++;
  }
  return { hashes, counts };
}

/** Index of `v` in the ascending array `a`, or -1. */
export function indexOfSorted(a: Uint32Array | Int32Array, v: number): number {
  return indexOfSortedFrom(a, v, 0);
}

function indexOfSortedFrom(a: Uint32Array | Int32Array, v: number, from: number): number {
  let lo = from;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = a[mid]!;
    if (m === v) return mid;
    if (m < v) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/** Vector of a document against a vocabulary of ascending feature hashes (unknown ones ignored). */
export function vectorize(tokens: readonly string[], opts: FeatureOptions, features: Uint32Array, idf: Float32Array): SparseVec {
  return vectorFromCounts(hashCounts(tokens, opts), features, idf);
}

function vectorFromCounts({ hashes, counts }: { hashes: Uint32Array; counts: Uint16Array }, features: Uint32Array, idf: Float32Array): SparseVec {
  const idx: number[] = [];
  const tf: number[] = [];
  let lo = 0;
  for (let i = 0; i < hashes.length; i++) {
    // Both lists ascend, so each search starts where the previous one ended.
    const j = indexOfSortedFrom(features, hashes[i]!, lo);
    if (j >= 0) { idx.push(j); tf.push(counts[i]!); lo = j + 1; }
  }
  // Hashes ascend and so do their columns: idx is already sorted.
  const val = new Float32Array(idx.length);
  let norm = 0;
  for (let k = 0; k < idx.length; k++) {
    const v = (1 + Math.log(tf[k]!)) * idf[idx[k]!]!;
    val[k] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < val.length; k++) val[k] = val[k]! / norm;
  return { idx: Int32Array.from(idx), val };
}

/**
 * Vectorises a training corpus: features seen in fewer than `minDf` documents are dropped.
 * The vocabulary is the ascending list of kept hashes, so the same corpus always gives the
 * same columns whatever the document order.
 */
export function vectorizeCorpus(docs: readonly (readonly string[])[], opts: FeatureOptions, minDf: number):
  { features: Uint32Array; idf: Float32Array; vectors: SparseVec[] } {
  const cache = new Map<string, number>();
  const perDoc = docs.map((tokens) => hashCounts(tokens, opts, cache));
  let total = 0;
  for (const d of perDoc) total += d.hashes.length;
  const all = new Uint32Array(total);
  let off = 0;
  for (const d of perDoc) { all.set(d.hashes, off); off += d.hashes.length; }
  all.sort();
  const features: number[] = [];
  const idfs: number[] = [];
  const n = docs.length;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j] === all[i]) j++;
    if (j - i >= minDf) { features.push(all[i]!); idfs.push(Math.log((1 + n) / (1 + j - i)) + 1); } // sklearn smoothed idf
    i = j;
  }
  const vocab = Uint32Array.from(features);
  const idf = Float32Array.from(idfs);
  const vectors = perDoc.map((d) => vectorFromCounts(d, vocab, idf));
  return { features: vocab, idf, vectors };
}
