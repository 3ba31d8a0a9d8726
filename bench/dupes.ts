// Near-duplicate detection: quality on hand-labelled real pairs, then lookup latency on a
// synthetic in-memory LSH index of 1 M and 10 M cases.   npx tsx bench/dupes.ts [--sizes 1000000,10000000]
import { readFileSync } from 'node:fs';
import { readJsonl, clean, machine, table } from './data.js';
import { DEFAULT_DUP_INDEX, dupKeyNumbers, fingerprint, fingerprintSimilarity, isLikelyDuplicate } from '../src/text/duplicates.js';
import type { DupFingerprint, DupHints, DupIndexParams } from '../src/text/duplicates.js';
import { estimateSimilarity } from '../src/text/minhash.js';
import { seededRandom } from '../src/text/random.js';
import { lookupLatency } from './dupes-latency.js';

const labels = (JSON.parse(readFileSync(new URL('./dupes-labels.json', import.meta.url), 'utf8')) as { pairs: [string, string, number, string][] }).pairs;
const rows = readJsonl('attachment3_messages_with_votes.jsonl');
const docs = rows.map((r) => ({ id: r['留言编号']!, user: r['留言用户']!, title: clean(r['留言主题']), content: clean(r['留言详情']) }));
const pos = new Map(docs.map((d, i) => [d.id, i]));
let t0 = performance.now();
const fps = docs.map((d) => fingerprint(d));
const fpMs = (performance.now() - t0) / docs.length;

// The only place information in the data is the masked district code (A3区, A7县); a case
// record would have a real address. Codes that differ → samePlace false; otherwise unknown.
const district = (s: string): string | undefined => /([A-Z]\d*(?:区|县|市))/.exec(s.replace(/^A市/, ''))?.[1];
function hints(i: number, j: number, usePlace: boolean, useUser: boolean): DupHints {
  const h: DupHints = {};
  const a = district(docs[i]!.title);
  const b = district(docs[j]!.title);
  if (usePlace && a && b && a !== b) h.samePlace = false;
  if (useUser && docs[i]!.user === docs[j]!.user) h.samePetitioner = true;
  return h;
}

const pairs = labels.map(([a, b, y]) => ({ i: pos.get(a)!, j: pos.get(b)!, y: y === 1 }));
function score(decide: (i: number, j: number) => boolean): (string | number)[] {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    const d = decide(p.i, p.j);
    if (d && p.y) tp++; else if (d) fp++; else if (p.y) fn++;
  }
  const pr = tp / (tp + fp || 1), rc = tp / (tp + fn || 1);
  return [pr.toFixed(3), rc.toFixed(3), ((2 * pr * rc) / (pr + rc || 1)).toFixed(3)];
}
const sharesKey = (a: DupFingerprint, b: DupFingerprint, p: DupIndexParams): boolean => {
  const ka = new Set(dupKeyNumbers(a, p));
  return dupKeyNumbers(b, p).some((k) => ka.has(k));
};
const body = (i: number, j: number) => estimateSimilarity(fps[i]!.body, fps[j]!.body);
const both = (i: number, j: number) => fingerprintSimilarity(fps[i]!, fps[j]!);

console.log(`# Near-duplicates — ${machine()}`);
console.log(`labelled pairs: ${pairs.length} (${pairs.filter((p) => p.y).length} same matter); corpus ${docs.length} messages; fingerprint ${fpMs.toFixed(2)} ms/message\n`);
console.log('## Decision quality on the labelled pairs');
const dec = (h: (i: number, j: number) => DupHints) => (i: number, j: number) => isLikelyDuplicate(both(i, j), h(i, j)).duplicate;
table(['method', 'precision', 'recall', 'F1'], [
  ['body char-3 MinHash ≥ 0.25 (no LSH)', ...score((i, j) => body(i, j) >= 0.25)],
  ['max(body, title char-2) ≥ 0.25 (no LSH)', ...score((i, j) => both(i, j) >= 0.25)],
  ['+ LSH candidates (default index)', ...score((i, j) => sharesKey(fps[i]!, fps[j]!, DEFAULT_DUP_INDEX) && both(i, j) >= 0.25)],
  ['+ LSH + district differs → 0.8', ...score((i, j) => sharesKey(fps[i]!, fps[j]!, DEFAULT_DUP_INDEX) && dec((a, b) => hints(a, b, true, false))(i, j))],
  ['+ LSH + district + same petitioner → 0.2', ...score((i, j) => sharesKey(fps[i]!, fps[j]!, DEFAULT_DUP_INDEX) && dec((a, b) => hints(a, b, true, true))(i, j))],
]);
console.log('\n## Threshold sweep, max(body, title), no hints, no LSH');
table(['threshold', 'precision', 'recall', 'F1'], [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5].map((t) => [t, ...score((i, j) => both(i, j) >= t)]));

// LSH parameters: recall of the candidate step vs how many unrelated cases each lookup drags in.
console.log('\n## LSH banding (candidate step only)');
const grid: [string, DupIndexParams][] = [
  ['body 16×2 + title 16×2', { body: { bands: 16, rows: 2 }, title: { bands: 16, rows: 2 } }],
  ['body 16×3 + title 16×3 (default)', DEFAULT_DUP_INDEX],
  ['body 32×3 + title 32×3', { body: { bands: 32, rows: 3 }, title: { bands: 32, rows: 3 } }],
  ['body 24×3 + title 8×2', { body: { bands: 24, rows: 3 }, title: { bands: 8, rows: 2 } }],
  ['body 32×4 only', { body: { bands: 32, rows: 4 }, title: { bands: 0, rows: 1 } }],
];
const rowsOut: (string | number)[][] = [];
let candidateFraction = 0;
for (const [name, p] of grid) {
  const index = new Map<number, number[]>();
  const keys = fps.map((fp) => dupKeyNumbers(fp, p));
  keys.forEach((ks, i) => { for (const k of ks) index.set(k, [...(index.get(k) ?? []), i]); });
  let cands = 0;
  keys.forEach((ks, i) => { const c = new Set<number>(); for (const k of ks) for (const j of index.get(k)!) if (j !== i) c.add(j); cands += c.size; });
  const posPairs = pairs.filter((q) => q.y && both(q.i, q.j) >= 0.25);
  const hit = posPairs.filter((q) => sharesKey(fps[q.i]!, fps[q.j]!, p)).length;
  const fraction = cands / docs.length / docs.length;
  if (p === DEFAULT_DUP_INDEX) candidateFraction = fraction;
  rowsOut.push([name, keys[0]!.length, (hit / posPairs.length).toFixed(3), (cands / docs.length).toFixed(2), `${(fraction * 100).toFixed(3)} %`]);
}
table(['index', 'keys/case', 'recall of positives ≥ 0.25', `candidates per lookup (corpus ${docs.length})`, 'share of corpus'], rowsOut);

// Random pairs are almost all different matters: the flagged share bounds the false-positive rate.
const random = seededRandom(3);
let flagged = 0;
const N = 200_000;
for (let k = 0; k < N; k++) {
  const i = Math.floor(random() * docs.length), j = Math.floor(random() * docs.length);
  if (i !== j && isLikelyDuplicate(both(i, j), hints(i, j, true, false)).duplicate) flagged++;
}
console.log(`\nrandom pairs flagged as duplicates: ${flagged} of ${N} (${((flagged / N) * 100).toFixed(3)} %)\n`);

const sizeArg = process.argv.indexOf('--sizes');
const sizes = sizeArg > 0 ? process.argv[sizeArg + 1]!.split(',').map(Number) : [1_000_000, 10_000_000];
t0 = performance.now();
await lookupLatency(sizes, candidateFraction, docs.slice(0, 2000).map((d) => `${d.title} ${d.content}`), docs.slice(0, 2000).map((d) => d.title));
console.log(`\n(total ${((performance.now() - t0) / 1000).toFixed(0)} s for the latency part)`);
