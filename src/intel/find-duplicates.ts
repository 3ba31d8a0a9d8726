import { sql } from 'kysely';
import type { Deps } from '../workflow/deps.js';
import { scopeToActor } from '../cases/scope.js';
import { withActor } from '../cases/petitioner-access.js';
import type { StaffActor } from '../org/actor.js';
import { dupKeyNumbers, fingerprint, fingerprintSimilarity, isLikelyDuplicate } from '../text/duplicates.js';
import { decodeFingerprint } from './index-case.js';

export interface DuplicateQuery {
  title: string;
  content: string;
  location?: string;
  /** the petitioner's phone, if known: used only to match the matter, never returned */
  phone?: string;
  excludeCaseId?: string;
}

const normPlace = (s: string) => s.normalize('NFKC').replace(/[\s\p{P}]/gu, '');

/** Same place when one names the other (幸福小区3号楼 within 青山街道幸福小区3号楼); unknown when either is missing. */
export function samePlace(a?: string | null, b?: string | null): boolean | undefined {
  if (!a?.trim() || !b?.trim()) return undefined;
  const x = normPlace(a);
  const y = normPlace(b);
  return x.includes(y) || y.includes(x);
}

/**
 * Earlier cases about the same matter, within a window, among those the actor may see: LSH band keys find the
 * candidates through an index (a handful of rows at any table size), MinHash similarity re-ranks them, and a
 * shared place or petitioner lowers the bar (see text/duplicates.ts).
 */
export async function findDuplicates(deps: Deps, actor: StaffActor, q: DuplicateQuery, opts: { windowDays?: number; limit?: number } = {}) {
  const windowDays = opts.windowDays ?? 180;
  const limit = opts.limit ?? 5;
  const fp = fingerprint({ title: q.title, content: q.content });
  const keys = [...new Set(dupKeyNumbers(fp))].map(String);
  if (keys.length === 0) return [];
  const since = new Date(deps.now().getTime() - windowDays * 86_400_000);
  const hits = await deps.db
    .selectFrom('case_dup_keys')
    .select(['case_id', sql<string>`count(*)`.as('hits')])
    .where('band_key', 'in', keys)
    .where('received_at', '>=', since)
    .groupBy('case_id')
    .orderBy(sql`count(*)`, 'desc')
    .limit(200)
    .execute();
  const ids = hits.map((h) => h.case_id).filter((id) => id !== q.excludeCaseId);
  if (ids.length === 0) return [];
  const rows = await scopeToActor(deps.db.selectFrom('cases'), actor)
    .select(['cases.id', 'cases.reg_no', 'cases.title', 'cases.status', 'cases.location', 'cases.received_at', 'cases.dup_fingerprint'])
    .where('cases.id', 'in', ids)
    .where('cases.status', 'not in', ['merged'])
    .execute();
  const phoneMatches = new Set<string>();
  if (q.phone) {
    const same = await withActor(deps.db, actor, (tx) =>
      tx
        .selectFrom('case_parties')
        .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
        .select('case_parties.case_id')
        .where('case_parties.case_id', 'in', ids)
        .where('petitioners.phone', '=', q.phone!)
        .execute(),
    );
    for (const s of same) phoneMatches.add(s.case_id);
  }
  return rows
    .filter((r) => r.dup_fingerprint)
    .map((r) => {
      const similarity = fingerprintSimilarity(fp, decodeFingerprint(r.dup_fingerprint!));
      const hints = { samePlace: samePlace(q.location, r.location), samePetitioner: phoneMatches.has(r.id) || undefined };
      const d = isLikelyDuplicate(similarity, hints);
      return {
        id: r.id,
        regNo: r.reg_no,
        title: r.title,
        status: r.status,
        location: r.location,
        receivedAt: r.received_at,
        similarity: Math.round(similarity * 1000) / 1000,
        samePlace: hints.samePlace ?? null,
        samePetitioner: hints.samePetitioner ?? false,
        duplicate: d.duplicate,
      };
    })
    .filter((r) => r.duplicate)
    .sort((a, b) => b.similarity - a.similarity || (a.regNo < b.regNo ? -1 : 1))
    .slice(0, limit);
}
