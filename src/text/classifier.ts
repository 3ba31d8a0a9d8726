import { DEFAULT_FEATURES, displayFeature, featureHash, featuresOf, indexOfSorted, vectorize, vectorizeCorpus } from './features.js';
import type { FeatureOptions, SparseVec } from './features.js';
import { decision, trainComplementNb, trainLinearSvm } from './linear.js';
import type { LinearModel } from './linear.js';

export interface TrainOptions {
  method: 'svm' | 'cnb';
  features: FeatureOptions;
  /** Features seen in fewer training documents are dropped (noise, and model size). */
  minDf: number;
  /** SVM regularisation (larger = fit the training data harder). */
  C: number;
  epochs: number;
  seed: number;
  /** After training keep only this many features, those with the largest |weight| in any class. */
  maxFeatures: number;
  /** Softmax temperature turning decision values into scores that sum to 1 (chosen on the bench). */
  scoreScale: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  method: 'svm', features: DEFAULT_FEATURES, minDf: 2, C: 1, epochs: 10, seed: 42,
  maxFeatures: 60_000, scoreScale: 5,
};

export interface Classifier {
  options: TrainOptions;
  labels: string[];
  /** Ascending feature hashes (see features.ts), one per weight column. */
  features: Uint32Array;
  idf: Float32Array;
  linear: LinearModel;
  trainedOn: number;
}

export interface Suggestion { label: string; score: number; words: string[]; }

export function trainClassifier(docs: readonly { tokens: readonly string[]; label: string }[], opts: Partial<TrainOptions> = {}): Classifier {
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...opts };
  if (docs.length === 0) throw new Error('trainClassifier: no documents');
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const vocab = vectorizeCorpus(docs.map((d) => d.tokens), o.features, o.minDf);
  const xs = vocab.vectors;
  const ys = Int32Array.from(docs, (d) => labelIndex.get(d.label)!);
  const linear = o.method === 'svm'
    ? trainLinearSvm(xs, ys, labels.length, vocab.features.length, { C: o.C, epochs: o.epochs, seed: o.seed, tolerance: 0.01 })
    : trainComplementNb(xs, ys, labels.length, vocab.features.length);
  const pruned = prune(vocab.features, vocab.idf, linear, o.maxFeatures);
  return { options: o, labels, features: pruned.features, idf: pruned.idf, linear: pruned.linear, trainedOn: docs.length };
}

/**
 * Keeps the features that separate classes most: the spread of their weights across classes.
 * (Largest |weight| looked the same for the SVM but kept only the rarest features for
 * complement NB, whose weights are all positive: macro-F1 fell to 0.29.)
 */
function prune(features: Uint32Array, idf: Float32Array, m: LinearModel, keep: number) {
  if (features.length <= keep) return { features, idf, linear: m };
  const strength = Float64Array.from(features, (_, j) => {
    let hi = -Infinity;
    let lo = Infinity;
    for (const w of m.weights) { hi = Math.max(hi, w[j]!); lo = Math.min(lo, w[j]!); }
    return hi - lo;
  });
  const chosen = Int32Array.from(features, (_, j) => j)
    .sort((a, b) => strength[b]! - strength[a]! || a - b).slice(0, keep).sort();
  return {
    features: Uint32Array.from(chosen, (j) => features[j]!),
    idf: Float32Array.from(chosen, (j) => idf[j]!),
    linear: { weights: m.weights.map((w) => Float32Array.from(chosen, (j) => w[j]!)), bias: m.bias },
  };
}

function vectorOf(model: Classifier, tokens: readonly string[]): SparseVec {
  return vectorize(tokens, model.options.features, model.features, model.idf);
}

/**
 * Top-k labels with scores (softmax of decision values; they sum to 1 over all labels and rank
 * the labels, but are not calibrated probabilities) and the words that pushed each label up.
 */
export function predict(model: Classifier, tokens: readonly string[], k = 3, wordsPerLabel = 5): Suggestion[] {
  const x = vectorOf(model, tokens);
  const d = decision(model.linear, x);
  const scale = model.options.scoreScale;
  const max = Math.max(...d);
  const exp = Array.from(d, (v) => Math.exp((v - max) * scale));
  const sum = exp.reduce((a, b) => a + b, 0);
  return model.labels
    .map((label, c) => ({ label, c, score: exp[c]! / sum }))
    .sort((a, b) => b.score - a.score || a.c - b.c)
    .slice(0, k)
    .map(({ label, c, score }) => ({ label, score, words: drivers(model, tokens, x, c, wordsPerLabel) }));
}

/** Only the top label, cheaper than predict() (no explanation) — used by the benchmark. */
export function predictLabel(model: Classifier, tokens: readonly string[]): string {
  const d = decision(model.linear, vectorOf(model, tokens));
  let best = 0;
  for (let c = 1; c < d.length; c++) if (d[c]! > d[best]!) best = c;
  return model.labels[best]!;
}

// Explanations use word and word-pair features only: "停车费" explains a suggestion, a character
// n-gram like "车费" less so, and skipping the n-grams keeps predict() well under a millisecond.
// The model keeps only hashes, so the readable features are recovered from the document itself.
function drivers(model: Classifier, tokens: readonly string[], x: SparseVec, c: number, n: number): string[] {
  const w = model.linear.weights[c]!;
  const contrib: { f: string; v: number }[] = [];
  for (const f of featuresOf(tokens, { ...model.options.features, charMin: 0, charMax: 0 }).keys()) {
    const j = indexOfSorted(model.features, featureHash(f));
    if (j < 0) continue;
    const t = indexOfSorted(x.idx, j);
    const v = t < 0 ? 0 : w[j]! * x.val[t]!;
    if (v > 0) contrib.push({ f, v });
  }
  contrib.sort((a, b) => b.v - a.v || (a.f < b.f ? -1 : 1));
  const out: string[] = [];
  for (const { f } of contrib) {
    const word = displayFeature(f);
    if (word.length > 1 && !out.includes(word)) out.push(word);
    if (out.length >= n) break;
  }
  return out;
}
