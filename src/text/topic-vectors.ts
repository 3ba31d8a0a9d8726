/** Sparse TF-IDF vectors keyed by word, used for topic clustering (small corpora, readable terms). */
export type Vec = Map<string, number>;

// Single characters (市, 区, 路) and pure numbers join unrelated complaints; topics need words.
const useful = (t: string): boolean => t.length >= 2 && !/^\d+$/.test(t);

/** TF-IDF (sublinear tf), keeping each document's 30 strongest terms, L2-normalised. */
export function topicVectors(docs: readonly (readonly string[])[]): { vectors: Vec[]; idf: Map<string, number> } {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d.filter(useful))) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, f] of df) idf.set(t, Math.log((1 + n) / (1 + f)) + 1);
  const vectors = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) if (useful(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const weighted = [...tf.entries()].map(([t, c]) => [t, (1 + Math.log(c)) * idf.get(t)!] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 30);
    const norm = Math.sqrt(weighted.reduce((s, [, w]) => s + w * w, 0)) || 1;
    return new Map(weighted.map(([t, w]) => [t, w / norm]));
  });
  return { vectors, idf };
}

export function cosine(a: Vec, b: Vec): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) { const v = large.get(t); if (v !== undefined) s += w * v; }
  return s;
}

/**
 * Readable label: runs of 1–4 adjacent words that many members share, weighted by rarity (idf).
 * A longer run replaces the shorter ones inside it when it occurs nearly as often, which turns
 * jieba's pieces back into names (伊 + 景园 + 滨河 + 苑 → 伊景园滨河苑, 58 + 车贷 → 58车贷).
 */
export function keyPhrases(members: readonly (readonly string[])[], idf: Map<string, number>, k: number): string[] {
  const share = new Map<string, number>();
  for (const d of members) {
    const seen = new Set<string>();
    for (let i = 0; i < d.length; i++) {
      for (let n = 1; n <= 4 && i + n <= d.length; n++) {
        const run = d.slice(i, i + n);
        if (run.some(useful) && (n > 1 || useful(run[0]!))) seen.add(run.join('\u0000'));
      }
    }
    for (const p of seen) share.set(p, (share.get(p) ?? 0) + 1);
  }
  const min = Math.max(2, members.length * 0.3);
  const scored = [...share.entries()].filter(([, c]) => c >= min).map(([p, c]) => {
    const parts = p.split('\u0000');
    const rarity = parts.reduce((s, t) => s + (idf.get(t) ?? 1), 0) / parts.length;
    return { phrase: parts.join(''), count: c, score: (c / members.length) * rarity };
  }).sort((a, b) => b.score - a.score || (a.phrase < b.phrase ? -1 : 1));
  // Replace each phrase by the longest frequent enough run containing it.
  const expand = (s: { phrase: string; count: number }): string => {
    let best = s.phrase;
    for (const o of scored) if (o.phrase.length > best.length && o.phrase.includes(best) && o.count >= 0.8 * s.count) best = o.phrase;
    return best;
  };
  const out: string[] = [];
  for (const s of scored) {
    const phrase = expand(s);
    if (phrase.length > 12 || out.some((o) => o.includes(phrase) || phrase.includes(o))) continue;
    out.push(phrase);
    if (out.length >= k) break;
  }
  return out;
}
