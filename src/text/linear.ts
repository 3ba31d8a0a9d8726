import type { SparseVec } from './features.js';
import { seededRandom, shuffle } from './random.js';

export interface LinearModel { weights: Float32Array[]; bias: Float32Array; }

export interface SvmOptions { C: number; epochs: number; seed: number; tolerance: number; }

/**
 * One-vs-rest linear SVM (squared hinge loss) trained by dual coordinate descent
 * (Hsieh et al., ICML 2008 — the algorithm behind LIBLINEAR and scikit-learn's LinearSVC).
 * It needs no learning rate, converges in a few passes on sparse TF-IDF data and is exactly
 * reproducible for a given seed.
 */
export function trainLinearSvm(xs: SparseVec[], ys: Int32Array, numClasses: number, numFeatures: number, o: SvmOptions): LinearModel {
  const n = xs.length;
  const diag = 1 / (2 * o.C);
  // Bias as an extra constant feature of value 1 (as LIBLINEAR's -B 1).
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (const v of xs[i]!.val) s += v * v;
    qii[i] = s + diag;
  }
  const weights: Float32Array[] = [];
  const bias = new Float32Array(numClasses);
  for (let k = 0; k < numClasses; k++) {
    const w = new Float64Array(numFeatures);
    let b = 0;
    const alpha = new Float64Array(n);
    const order = Array.from({ length: n }, (_, i) => i);
    const random = seededRandom(o.seed + k);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffle(order, random);
      let maxPg = 0;
      for (const i of order) {
        const x = xs[i]!;
        const y = ys[i] === k ? 1 : -1;
        let dot = b;
        for (let t = 0; t < x.idx.length; t++) dot += w[x.idx[t]!]! * x.val[t]!;
        const g = y * dot - 1 + diag * alpha[i]!;
        const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
        if (Math.abs(pg) < 1e-12) continue;
        maxPg = Math.max(maxPg, Math.abs(pg));
        const old = alpha[i]!;
        const next = Math.max(old - g / qii[i]!, 0);
        alpha[i] = next;
        const step = (next - old) * y;
        for (let t = 0; t < x.idx.length; t++) w[x.idx[t]!]! += step * x.val[t]!;
        b += step;
      }
      if (maxPg < o.tolerance) break; // converged: every projected gradient is tiny
    }
    weights.push(Float32Array.from(w));
    bias[k] = b;
  }
  return { weights, bias };
}

/**
 * Complement naive Bayes (Rennie et al. 2003), kept as a cheap alternative: weights are the
 * negated, normalised log-probabilities of each feature in all *other* classes.
 */
export function trainComplementNb(xs: SparseVec[], ys: Int32Array, numClasses: number, numFeatures: number, alphaSmooth = 0.3): LinearModel {
  const total = new Float64Array(numFeatures);
  const perClass = Array.from({ length: numClasses }, () => new Float64Array(numFeatures));
  xs.forEach((x, i) => {
    const c = perClass[ys[i]!]!;
    for (let t = 0; t < x.idx.length; t++) { c[x.idx[t]!]! += x.val[t]!; total[x.idx[t]!]! += x.val[t]!; }
  });
  const weights: Float32Array[] = [];
  for (let k = 0; k < numClasses; k++) {
    const comp = new Float64Array(numFeatures);
    let sum = 0;
    for (let j = 0; j < numFeatures; j++) { comp[j] = total[j]! - perClass[k]![j]! + alphaSmooth; sum += comp[j]!; }
    const w = new Float64Array(numFeatures);
    let norm = 0;
    for (let j = 0; j < numFeatures; j++) { w[j] = Math.log(comp[j]! / sum); norm += Math.abs(w[j]!); }
    // Weight normalisation (the "WCNB" variant) stops classes with long texts from winning.
    weights.push(Float32Array.from(w, (v) => -v / norm));
  }
  return { weights, bias: new Float32Array(numClasses) };
}

/** Decision values w_k · x + b_k for every class. */
export function decision(model: LinearModel, x: SparseVec): Float64Array {
  const out = new Float64Array(model.weights.length);
  model.weights.forEach((w, k) => {
    let s = model.bias[k]!;
    for (let t = 0; t < x.idx.length; t++) s += w[x.idx[t]!]! * x.val[t]!;
    out[k] = s;
  });
  return out;
}
