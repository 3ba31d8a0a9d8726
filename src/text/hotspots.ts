import { tokenize } from './tokenize.js';
import { keyPhrases, topicVectors, cosine } from './topic-vectors.js';
import type { Vec } from './topic-vectors.js';

export interface HotspotDoc {
  id: string;
  /** Raw text (title + content); ignored when `tokens` is given. */
  text?: string;
  tokens?: readonly string[];
  createdAt: Date;
  place?: string;
  unitId?: string;
  /** Public support (likes, co-signatures): a matter many people back is hotter. */
  votes?: number;
}

export interface HotspotOptions {
  periodStart: Date;
  periodEnd: Date;
  previousPeriodStart: Date;
  /** Cosine similarity for two cases to be about the same topic (measured on 附件3). */
  similarity?: number;
  minSize?: number;
  maxTopics?: number;
  /** Weight of √votes in the heat score. */
  voteWeight?: number;
}

export interface HotspotTopic {
  label: string;
  keyPhrases: string[];
  size: number;
  caseIds: string[];
  previousSize: number;
  /** (size − previousSize) / previousSize; null when the topic did not exist before. */
  growth: number | null;
  places: { name: string; count: number }[];
  units: { id: string; count: number }[];
  votes: number;
  heat: number;
}

const counted = (values: (string | undefined)[]): [string, number][] => {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
};

/**
 * Groups the cases of a period into topics ("每月一题" candidates) and ranks them by heat:
 *   heat = size × (1 + ½·min(growth, 2)) + voteWeight · √votes     (a new topic counts as growth 1)
 * so a topic is hot because many cases share it, because it is growing, or because many people
 * support it: with the default weight 100 likes weigh like 10 cases, 2,500 like 50. Deterministic:
 * ties are broken by case id everywhere.
 */
export function findHotspots(docs: readonly HotspotDoc[], o: HotspotOptions): HotspotTopic[] {
  const threshold = o.similarity ?? 0.25;
  const minSize = o.minSize ?? 2;
  const voteWeight = o.voteWeight ?? 1;
  const inRange = (d: HotspotDoc, from: Date, to: Date) => d.createdAt >= from && d.createdAt < to;
  const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const current = sorted.filter((d) => inRange(d, o.periodStart, o.periodEnd));
  const previous = sorted.filter((d) => inRange(d, o.previousPeriodStart, o.periodStart));
  const tokens = [...current, ...previous].map((d) => d.tokens ?? tokenize(d.text ?? '', 'exact'));
  const { vectors, idf } = topicVectors(tokens);
  const cur = vectors.slice(0, current.length);
  const prev = vectors.slice(current.length);

  const clusters = starClusters(cur, threshold);
  const topics: HotspotTopic[] = [];
  for (const members of clusters) {
    if (members.length < minSize) continue;
    const centroid = centroidOf(members.map((i) => cur[i]!));
    const previousSize = prev.filter((v) => cosine(v, centroid) >= threshold).length;
    const growth = previousSize === 0 ? null : (members.length - previousSize) / previousSize;
    const cases = members.map((i) => current[i]!);
    const votes = cases.reduce((s, d) => s + Math.max(0, d.votes ?? 0), 0);
    const phrases = keyPhrases(members.map((i) => tokens[i]!), idf, 3);
    const boost = growth === null ? 1 : Math.max(0, Math.min(growth, 2)); // new topic counts as +100 %
    topics.push({
      label: phrases.join(' · '), keyPhrases: phrases, size: members.length, caseIds: cases.map((d) => d.id),
      previousSize, growth,
      places: counted(cases.map((d) => d.place)).map(([name, count]) => ({ name, count })),
      units: counted(cases.map((d) => d.unitId)).map(([id, count]) => ({ id, count })),
      votes, heat: members.length * (1 + boost / 2) + voteWeight * Math.sqrt(votes),
    });
  }
  topics.sort((a, b) => b.heat - a.heat || (a.caseIds[0]! < b.caseIds[0]! ? -1 : 1));
  return topics.slice(0, o.maxTopics ?? 20);
}

/**
 * Star clustering: the case with most similar neighbours becomes a centre and takes its
 * unassigned neighbours; repeat. Unlike single-link components it does not chain unrelated
 * cases through one bridging message (observed with 物业/停车 complaints).
 */
function starClusters(vs: Vec[], threshold: number): number[][] {
  const neighbours = similarityGraph(vs, threshold);
  const order = vs.map((_, i) => i).sort((a, b) => neighbours[b]!.length - neighbours[a]!.length || a - b);
  const assigned = new Int32Array(vs.length).fill(-1);
  const clusters: number[][] = [];
  for (const c of order) {
    if (assigned[c] !== -1) continue;
    const members = [c, ...neighbours[c]!.filter((j) => assigned[j] === -1)].sort((a, b) => a - b);
    for (const m of members) assigned[m] = clusters.length;
    clusters.push(members);
  }
  return mergeClusters(clusters, vs, neighbours, threshold);
}

/**
 * A star only holds the centre's direct neighbours, so a large matter (15 letters about one
 * fraud case) came out as a star of 10 plus fragments. Each smaller cluster joins the first
 * larger one whose centroid is at least as similar as the clustering threshold.
 */
function mergeClusters(clusters: number[][], vs: Vec[], neighbours: number[][], threshold: number): number[][] {
  const bySize = [...clusters].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const kept: { members: number[]; centroid: Vec }[] = [];
  const keptOf = new Int32Array(vs.length).fill(-1);
  for (const c of bySize) {
    const centroid = centroidOf(c.map((i) => vs[i]!));
    // Only clusters holding a neighbour of some member can be similar enough: no all-pairs scan.
    const candidates = new Set<number>();
    for (const i of c) for (const j of neighbours[i]!) if (keptOf[j]! >= 0) candidates.add(keptOf[j]!);
    let best = -1;
    let bestSim = threshold;
    for (const k of [...candidates].sort((a, b) => a - b)) {
      const sim = cosine(centroid, kept[k]!.centroid);
      if (sim >= bestSim) { best = k; bestSim = sim; }
    }
    if (best < 0) { best = kept.length; kept.push({ members: [], centroid }); }
    kept[best]!.members.push(...c);
    for (const i of c) keptOf[i] = best;
  }
  return kept.map((k) => k.members.sort((a, b) => a - b));
}

function similarityGraph(vs: Vec[], threshold: number): number[][] {
  const postings = new Map<string, number[]>();
  vs.forEach((v, i) => {
    for (const t of v.keys()) { const p = postings.get(t); if (p) p.push(i); else postings.set(t, [i]); }
  });
  // Terms in more than 5 % of cases add work but almost never decide a similarity.
  const maxPosting = Math.max(20, Math.floor(vs.length * 0.05));
  return vs.map((v, i) => {
    const dot = new Map<number, number>();
    for (const [t, w] of v) {
      const p = postings.get(t)!;
      if (p.length > maxPosting) continue;
      for (const j of p) if (j !== i) dot.set(j, (dot.get(j) ?? 0) + w * vs[j]!.get(t)!);
    }
    // The partial dot product (frequent terms skipped) is a cheap filter before the exact cosine.
    return [...dot.entries()].filter(([j, d]) => d >= threshold / 2 && cosine(v, vs[j]!) >= threshold)
      .map(([j]) => j).sort((a, b) => a - b);
  });
}

function centroidOf(vs: Vec[]): Vec {
  const c = new Map<string, number>();
  for (const v of vs) for (const [t, w] of v) c.set(t, (c.get(t) ?? 0) + w);
  let n = 0;
  for (const w of c.values()) n += w * w;
  n = Math.sqrt(n) || 1;
  for (const [t, w] of c) c.set(t, w / n);
  return c;
}
