// In-memory LSH index over N synthetic cases: per band one sorted Float64Array of
// (29-bit band hash × 2^24 + case id). The database index (case_dup_keys, B-tree on band_key)
// does the same job; this measures the algorithmic cost without a server.
import { DEFAULT_DUP_INDEX, dupKeyNumbers, fingerprint, fingerprintSimilarity, isLikelyDuplicate } from '../src/text/duplicates.js';
import type { DupFingerprint } from '../src/text/duplicates.js';
import { seededRandom } from '../src/text/random.js';
import { percentile, table } from './data.js';

const BANDS = 64; // band numbers 0–31 body, 32–63 title (only 16 + 16 used by default)
const ID = 2 ** 24;
const bandOf = (key: number): number => Math.floor(key / 2 ** 47);
const hash29 = (key: number): number => Math.floor((key % 2 ** 47) / 2 ** 18);

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >>> 1; if (a[m]! < v) lo = m + 1; else hi = m; }
  return lo;
}

/**
 * `candidateFraction`: share of all cases that an average lookup draws as candidates, measured on
 * the real corpus; background cases are made to collide with each query at that rate, so the
 * verification work grows with N as it would with real text (where many complaints share words).
 */
export async function lookupLatency(sizes: number[], candidateFraction: number, texts: string[], titles: string[]): Promise<void> {
  const planted = texts.map((t, i) => fingerprint({ title: titles[i], content: t }));
  const plantedKeys = planted.map((fp) => dupKeyNumbers(fp));
  const usedBands = [...new Set(plantedKeys.flat().map(bandOf))].sort((a, b) => a - b);
  // Background cases get random signatures; 3 % of their band values come from a small pool
  // of "hot" values so that boilerplate-like collisions (尊敬的领导, 您好…) produce candidates.
  const pool = Array.from({ length: 1000 }, (_, i) => fingerprint({ title: `t${i}`, content: `背景案件${i}` }));
  const out: (string | number)[][] = [];
  for (const n of sizes) {
    if (n >= ID) throw new Error('at most 16.7 M cases in this benchmark');
    const random = seededRandom(n);
    const t0 = performance.now();
    const bands: (Float64Array | undefined)[] = new Array(BANDS);
    for (const b of usedBands) {
      const a = new Float64Array(n);
      for (let id = 0; id < n; id++) {
        const h = random() < 0.03 ? Math.floor(500 * random() ** 3) : Math.floor(random() * 2 ** 29);
        a[id] = h * ID + id;
      }
      // Cases 0…len-1 are earlier copies of the query texts: every lookup has real matches.
      plantedKeys.forEach((keys, id) => { for (const k of keys) if (bandOf(k) === b) a[id] = hash29(k) * ID + id; });
      // Colliding background: each query shares this band with ~fraction × N / bands cases.
      const perQuery = Math.round((candidateFraction * n) / usedBands.length);
      plantedKeys.forEach((keys) => {
        const k = keys.find((x) => bandOf(x) === b);
        if (k === undefined) return;
        for (let c = 0; c < perQuery; c++) {
          const id = planted.length + Math.floor(random() * (n - planted.length));
          a[id] = hash29(k) * ID + id;
        }
      });
      a.sort();
      bands[b] = a;
    }
    const buildS = (performance.now() - t0) / 1000;
    const full: number[] = [];
    const probe: number[] = [];
    let candidates = 0, found = 0;
    const sigOf = (id: number): DupFingerprint => (id < planted.length ? planted[id]! : pool[id % pool.length]!);
    texts.forEach((text, q) => {
      const t1 = performance.now();
      const fp = fingerprint({ title: titles[q], content: text });
      const t2 = performance.now();
      const cand = new Set<number>();
      for (const k of dupKeyNumbers(fp, DEFAULT_DUP_INDEX)) {
        const a = bands[bandOf(k)]!;
        const base = hash29(k) * ID;
        for (let p = lowerBound(a, base); p < a.length && a[p]! < base + ID; p++) cand.add(a[p]! - base);
      }
      const dups = [...cand].filter((id) => isLikelyDuplicate(fingerprintSimilarity(fp, sigOf(id))).duplicate);
      const t3 = performance.now();
      candidates += cand.size;
      if (dups.includes(q)) found++;
      full.push(t3 - t1);
      probe.push(t3 - t2);
    });
    full.sort((a, b) => a - b);
    probe.sort((a, b) => a - b);
    out.push([n.toLocaleString('en'), buildS.toFixed(0), (candidates / texts.length).toFixed(1),
      percentile(probe, 50).toFixed(3), percentile(probe, 95).toFixed(3), percentile(full, 50).toFixed(3), percentile(full, 95).toFixed(3),
      `${found}/${texts.length}`]);
    bands.fill(undefined); // free ~2.5 GB before the next size
  }
  console.log('## Lookup latency, in-memory LSH index (ms per lookup, 2,000 real messages as queries)');
  table(['cases', 'build s', 'candidates/lookup', 'probe+verify p50', 'p95', 'incl. fingerprint p50', 'p95', 'planted copy found'], out);
}
