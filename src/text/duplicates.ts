import { estimateSimilarity, lshKeyNumbers, signature } from './minhash.js';
import type { LshParams } from './minhash.js';

/**
 * What the duplicate index keeps per case. Two signatures because, measured on hand-labelled
 * pairs (bench/dupes.ts), the best single signal missed rewordings: citizens often write the
 * same title and a different story, or the same story under another title. max(body, title)
 * raised recall from 0.73 to 0.90 at similar precision.
 */
export interface DupFingerprint { body: Uint32Array; title: Uint32Array | null; }

/** Body = title + content as character 3-grams; title alone as character 2-grams (it is short). */
export function fingerprint(c: { title?: string | null; content: string }): DupFingerprint {
  const title = c.title?.trim() ? c.title.trim() : null;
  return {
    body: signature(`${title ?? ''} ${c.content}`, 3),
    title: title ? signature(title, 2) : null,
  };
}

export interface DupIndexParams { body: LshParams; title: LshParams; }
// 16 bands × 3 rows per signature = 32 keys per case. Measured (bench/dupes.ts): 2 rows found
// 99 % of labelled duplicates but drew 0.49 % of all cases as candidates per lookup (50 k at 10 M
// cases); 3 rows find 86 % and draw 0.04 %.
export const DEFAULT_DUP_INDEX: DupIndexParams = { body: { bands: 16, rows: 3 }, title: { bands: 16, rows: 3 } };

/** All LSH keys of a case: body bands 0–31, title bands 32–63. Store them in case_dup_keys. */
export function dupKeyNumbers(fp: DupFingerprint, p: DupIndexParams = DEFAULT_DUP_INDEX): number[] {
  const keys = lshKeyNumbers(fp.body, p.body, 0);
  if (fp.title) keys.push(...lshKeyNumbers(fp.title, p.title, 32));
  return keys;
}
export const dupKeys = (fp: DupFingerprint, p: DupIndexParams = DEFAULT_DUP_INDEX): string[] => dupKeyNumbers(fp, p).map(String);

/** Text similarity of two cases in [0, 1]: the larger of body and title similarity. */
export function fingerprintSimilarity(a: DupFingerprint, b: DupFingerprint): number {
  const body = estimateSimilarity(a.body, b.body);
  const title = a.title && b.title ? estimateSimilarity(a.title, b.title) : 0;
  return Math.max(body, title);
}

export interface DupHints {
  /** true: both cases name the same place (address, 小区, road); false: known and different. */
  samePlace?: boolean;
  /** true when the same petitioner (same contact) submitted both; never used to penalise. */
  samePetitioner?: boolean;
}

export interface DupThresholds { base: number; withHint: number; placeDiffers: number; }
/** Chosen on the labelled set in bench/dupes.ts (see bench/README.md). */
export const DEFAULT_DUP_THRESHOLDS: DupThresholds = { base: 0.25, withHint: 0.2, placeDiffers: 0.8 };

/**
 * The decision shown to the operator as "probably the same matter". Text similarity decides; a
 * shared place or petitioner lowers the bar (a reworded repeat), a place known to differ raises
 * it (many complaints use the same words — 油烟扰民, 夜宵摊 — about different buildings).
 */
export function isLikelyDuplicate(similarity: number, hints: DupHints = {}, t: DupThresholds = DEFAULT_DUP_THRESHOLDS):
  { duplicate: boolean; threshold: number } {
  let threshold = t.base;
  if (hints.samePlace === false) threshold = t.placeDiffers;
  else if (hints.samePlace === true || hints.samePetitioner === true) threshold = t.withHint;
  return { duplicate: similarity >= threshold, threshold };
}
