import { seededRandom, shuffle } from '../src/text/random.js';

export interface Doc { tokens: string[]; label: string; }

/** Stratified split: the same fraction of every label goes to the test set (seeded shuffle). */
export function stratifiedSplit<T extends { label: string }>(docs: T[], testFraction: number, seed: number): { train: T[]; test: T[] } {
  const byLabel = new Map<string, T[]>();
  for (const d of docs) byLabel.set(d.label, [...(byLabel.get(d.label) ?? []), d]);
  const random = seededRandom(seed);
  const train: T[] = [];
  const test: T[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const group = shuffle([...byLabel.get(label)!], random);
    const n = Math.round(group.length * testFraction);
    test.push(...group.slice(0, n));
    train.push(...group.slice(n));
  }
  return { train, test };
}

/** k stratified folds (fold i = every k-th document of each label after a seeded shuffle). */
export function stratifiedFolds<T extends { label: string }>(docs: T[], k: number, seed: number): T[][] {
  const folds: T[][] = Array.from({ length: k }, () => []);
  const random = seededRandom(seed);
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  let next = 0;
  for (const label of labels) {
    for (const d of shuffle(docs.filter((x) => x.label === label), random)) folds[next++ % k]!.push(d);
  }
  return folds;
}

export function macroF1(pred: string[], gold: string[]): number {
  const labels = [...new Set(gold)];
  let sum = 0;
  for (const l of labels) {
    let tp = 0, fp = 0, fn = 0;
    pred.forEach((p, i) => {
      if (p === l && gold[i] === l) tp++;
      else if (p === l) fp++;
      else if (gold[i] === l) fn++;
    });
    const precision = tp / (tp + fp || 1);
    const recall = tp / (tp + fn || 1);
    sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return sum / labels.length;
}

export const accuracy = (pred: string[], gold: string[]): number => pred.filter((p, i) => p === gold[i]).length / gold.length;

/** Plain multinomial naive Bayes on word counts (Laplace smoothing): the textbook baseline. */
export function trainMultinomialNb(docs: Doc[]): (tokens: string[]) => string {
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const counts = labels.map(() => new Map<string, number>());
  const totals = labels.map(() => 0);
  const priors = labels.map((l) => Math.log(docs.filter((d) => d.label === l).length / docs.length));
  const vocab = new Set<string>();
  for (const d of docs) {
    const c = labels.indexOf(d.label);
    for (const t of d.tokens) { counts[c]!.set(t, (counts[c]!.get(t) ?? 0) + 1); totals[c]!++; vocab.add(t); }
  }
  const v = vocab.size;
  return (tokens) => {
    let best = 0;
    let bestScore = -Infinity;
    labels.forEach((_, c) => {
      let s = priors[c]!;
      for (const t of tokens) if (vocab.has(t)) s += Math.log(((counts[c]!.get(t) ?? 0) + 1) / (totals[c]! + v));
      if (s > bestScore) { bestScore = s; best = c; }
    });
    return labels[best]!;
  };
}
