/**
 * Retention (docs/security.md "Retention"): a matter finished more than N years ago keeps everything that makes it
 * a matter — kind, channel, category, units, dates, statuses, clocks, outcome, metric facts — and loses the personal
 * data of the people in it: their values in the free text, its attachments (file deleted, name and hash cleared),
 * and their petitioners row once no matter still within retention needs it (a petitioner of an old closed case
 * who also has a newer open one keeps name, phone, ID, address and e-mail until the newer one is anonymised too).
 * One audit row per matter, with counts only.
 */
import fs from 'node:fs';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { AttachmentStore } from '../attachments/store.js';
import { setDbActor, withDbActor } from '../db/actor-context.js';
import type { DB } from '../db/types.js';
import { indexCase } from '../intel/index-case.js';
import type { SystemActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { literalsOf, scrubTargets, type PersonValues, type TextTarget } from './scrub.js';

const ACTOR: SystemActor = { kind: 'system', job: 'retention' };

type Entity = 'case' | 'dispute' | 'hazard';

interface Register {
  entity: Entity;
  table: 'cases' | 'disputes' | 'hazards';
  /** the unit whose subtree the matter belongs to (for a run limited to one subtree) */
  unitColumn: string;
  /** finished, and finished before the cutoff (column references on alias t) */
  finished: (cutoff: Date) => RawBuilder<unknown>;
  parties: { table: 'case_parties' | 'dispute_parties' | 'hazard_reporters'; key: string };
  text: (id: string) => TextTarget[];
}

// 'closed' by its closing date; the other ends of the lifecycle (不予受理, 已合并, 已关联, 已复核) by their last change
const CASE_ENDS = ['not_accepted', 'merged', 'linked', 'rereviewed'];
const DISPUTE_ENDS = ['not_mediated', 'no_agreement', 'referred', 'performed', 'not_performed', 'returned'];
const HAZARD_ENDS = ['closed', 'dismissed'];

export const REGISTERS: Register[] = [
  {
    entity: 'case',
    table: 'cases',
    unitColumn: 'intake_unit_id',
    finished: (c) => sql`((t.status = 'closed' AND t.closed_at < ${c}) OR (t.status IN (${sql.join(CASE_ENDS)}) AND t.updated_at < ${c}))`,
    parties: { table: 'case_parties', key: 'case_id' },
    text: (id) => [
      { table: 'cases', where: sql`id = ${id}`, text: ['title', 'content', 'location', 'evaluation'], json: ['outcome'] },
      { table: 'case_events', where: sql`case_id = ${id}`, json: ['data'] },
      { table: 'case_requests', where: sql`case_id = ${id}`, json: ['data'] },
      { table: 'return_visits', where: sql`case_id = ${id}`, text: ['note', 'comments', 'follow_up_note', 'cancel_reason'] },
      { table: 'return_visit_attempts', where: sql`visit_id IN (SELECT id FROM return_visits WHERE case_id = ${id})`, text: ['comments'] },
    ],
  },
  {
    entity: 'dispute',
    table: 'disputes',
    unitColumn: 'office_unit_id',
    finished: (c) => sql`(t.status IN (${sql.join(DISPUTE_ENDS)}) AND t.updated_at < ${c})`,
    parties: { table: 'dispute_parties', key: 'dispute_id' },
    text: (id) => [
      { table: 'disputes', where: sql`id = ${id}`, text: ['title', 'description', 'place', 'outcome_reason', 'agreement_content', 'performance_note'] },
      { table: 'dispute_sessions', where: sql`dispute_id = ${id}`, text: ['place', 'notes'] },
      { table: 'register_events', where: sql`entity = 'dispute' AND entity_id = ${id}`, json: ['data'] },
    ],
  },
  {
    entity: 'hazard',
    table: 'hazards',
    unitColumn: 'office_unit_id',
    finished: (c) => sql`(t.status IN (${sql.join(HAZARD_ENDS)}) AND t.updated_at < ${c})`,
    parties: { table: 'hazard_reporters', key: 'hazard_id' },
    text: (id) => [
      { table: 'hazards', where: sql`id = ${id}`, text: ['title', 'description', 'rectification', 'verification', 'close_note', 'dismiss_reason'] },
      { table: 'register_events', where: sql`entity = 'hazard' AND entity_id = ${id}`, json: ['data'] },
    ],
  },
];

export interface RetentionOptions {
  years: number;
  dryRun?: boolean;
  /** only matters of units under this path (tests on a shared database; an operator may use it for one area) */
  under?: string;
  batch?: number;
}

export interface RetentionResult {
  years: number;
  cutoff: Date;
  dryRun: boolean;
  matters: Record<Entity, number>;
  petitionersAnonymised: number;
  /** petitioners of anonymised matters kept because a matter within retention still needs them */
  petitionersKept: number;
  attachments: number;
  filesDeleted: number;
}

/** now − years, by the calendar (29 February falls back to 28 February) */
export function retentionCutoff(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  if (d.getUTCMonth() !== now.getUTCMonth()) d.setUTCDate(0);
  return d;
}

/** a petitioner may lose its data once no matter it belongs to is still unanonymised */
const NEEDED_ELSEWHERE = sql`(
     EXISTS (SELECT 1 FROM case_parties x JOIN cases m ON m.id = x.case_id WHERE x.petitioner_id = p.id AND m.anonymised_at IS NULL)
  OR EXISTS (SELECT 1 FROM dispute_parties x JOIN disputes m ON m.id = x.dispute_id WHERE x.petitioner_id = p.id AND m.anonymised_at IS NULL)
  OR EXISTS (SELECT 1 FROM hazard_reporters x JOIN hazards m ON m.id = x.hazard_id WHERE x.petitioner_id = p.id AND m.anonymised_at IS NULL))`;

async function anonymiseOne(tx: Transaction<DB>, reg: Register, id: string, cutoff: Date, now: Date, years: number) {
  await setDbActor(tx, { kind: 'system' }); // row-level security (0015): the system may read and write every petitioner
  // still finished and not yet done (a case reopened meanwhile is left alone); locked against a concurrent run
  const row = await sql<{ id: string }>`SELECT t.id FROM ${sql.table(reg.table)} t
    WHERE t.id = ${id} AND t.anonymised_at IS NULL AND ${reg.finished(cutoff)} FOR UPDATE`.execute(tx);
  if (row.rows.length === 0) return null;
  const people = await sql<PersonValues & { id: string }>`
    SELECT p.id, p.name, p.id_number, p.phone, p.address, p.email FROM ${sql.table(reg.parties.table)} x
      JOIN petitioners p ON p.id = x.petitioner_id WHERE ${sql.ref(`x.${reg.parties.key}`)} = ${id}`.execute(tx);
  const textRows = await scrubTargets(tx, reg.text(id), literalsOf(people.rows));
  await sql`UPDATE ${sql.table(reg.table)} SET anonymised_at = ${now} WHERE id = ${id}`.execute(tx);

  let shas: string[] = [];
  let attachments = 0;
  if (reg.entity === 'case') {
    const c = await tx.selectFrom('cases').select(['id', 'title', 'content', 'location', 'received_at']).where('id', '=', id).executeTakeFirstOrThrow();
    await indexCase(tx, c); // the search index and duplicate keys from the scrubbed text
    const atts = await tx.selectFrom('attachments').select(['id', 'sha256']).where('case_id', '=', id).where('anonymised_at', 'is', null).execute();
    if (atts.length)
      await tx
        .updateTable('attachments')
        .set({ filename: sql`'已匿名' || coalesce(substring(filename from '\\.[A-Za-z0-9]{1,8}$'), '')`, sha256: '', anonymised_at: now })
        .where('id', 'in', atts.map((a) => a.id))
        .execute();
    attachments = atts.length;
    shas = [...new Set(atts.map((a) => a.sha256))];
  }
  const ids = people.rows.map((p) => p.id);
  const wiped = ids.length
    ? (
        await sql<{ id: string }>`UPDATE petitioners p SET name = NULL, id_number = NULL, phone = NULL, address = NULL, email = NULL, anonymised_at = ${now}
          WHERE p.id IN (${sql.join(ids)}) AND p.anonymised_at IS NULL AND NOT ${NEEDED_ELSEWHERE} RETURNING p.id`.execute(tx)
      ).rows.length
    : 0;
  const already = ids.length ? Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM petitioners WHERE id IN (${sql.join(ids)}) AND anonymised_at IS NOT NULL`.execute(tx)).rows[0]!.n) : 0;
  const kept = ids.length - already;
  await writeAudit(tx, ACTOR, {}, {
    action: `${reg.entity}.anonymise`,
    entityType: reg.entity,
    entityId: id,
    data: { years, cutoff: cutoff.toISOString(), textRows, petitionersAnonymised: wiped, petitionersKept: kept, attachments },
  });
  return { wiped, kept, shas, attachments };
}

/** Anonymises every matter finished before now − years. A dry run does the same in one transaction and rolls it back. */
export async function runRetention(deps: Deps, opts: RetentionOptions): Promise<RetentionResult> {
  const now = deps.now();
  const cutoff = retentionCutoff(now, opts.years);
  const result: RetentionResult = {
    years: opts.years,
    cutoff,
    dryRun: opts.dryRun === true,
    matters: { case: 0, dispute: 0, hazard: 0 },
    petitionersAnonymised: 0,
    petitionersKept: 0,
    attachments: 0,
    filesDeleted: 0,
  };
  const shas = new Set<string>();
  const pass = async (db: Kysely<DB>, inOne: Transaction<DB> | null) => {
    for (const reg of REGISTERS) {
      const seen = new Set<string>();
      for (;;) {
        const under = opts.under ? sql`AND ${sql.ref(`t.${reg.unitColumn}`)} IN (SELECT id FROM units WHERE path LIKE ${`${opts.under}%`})` : sql``;
        const batch = await sql<{ id: string }>`SELECT t.id FROM ${sql.table(reg.table)} t
          WHERE t.anonymised_at IS NULL AND ${reg.finished(cutoff)} ${under} ORDER BY t.id LIMIT ${opts.batch ?? 200}`.execute(db);
        const todo = batch.rows.filter((r) => !seen.has(r.id));
        if (todo.length === 0) break;
        for (const { id } of todo) {
          seen.add(id);
          const r = inOne ? await anonymiseOne(inOne, reg, id, cutoff, now, opts.years) : await db.transaction().execute((tx) => anonymiseOne(tx, reg, id, cutoff, now, opts.years));
          if (!r) continue;
          result.matters[reg.entity]++;
          result.petitionersAnonymised += r.wiped;
          result.petitionersKept += r.kept;
          result.attachments += r.attachments;
          for (const s of r.shas) shas.add(s);
        }
      }
    }
  };
  if (opts.dryRun) {
    class DryRun extends Error {}
    await deps.db
      .transaction()
      .execute(async (tx) => {
        await pass(tx, tx);
        result.filesDeleted = (await unreferenced(tx, shas)).length;
        throw new DryRun();
      })
      .catch((e: unknown) => {
        if (!(e instanceof DryRun)) throw e;
      });
  } else {
    await pass(deps.db, null);
    // after commit: a file is deleted once no attachment or hazard photo names it (the store keeps one copy per content)
    const store = new AttachmentStore(deps.config.attachmentsDir);
    for (const sha of await unreferenced(deps.db, shas)) {
      const file = store.pathOf(sha);
      if (fs.existsSync(file)) {
        fs.rmSync(file);
        result.filesDeleted++;
      }
    }
  }
  return result;
}

async function unreferenced(db: Kysely<DB>, shas: ReadonlySet<string>): Promise<string[]> {
  const list = [...shas].filter((s) => /^[0-9a-f]{64}$/.test(s));
  if (list.length === 0) return [];
  // as the system: with no actor in the transaction row-level security would hide every attachment, and a file
  // still in use would look unreferenced
  const used = await withDbActor(db, { kind: 'system' }, (tx) =>
    sql<{ sha256: string }>`SELECT sha256 FROM attachments WHERE sha256 IN (${sql.join(list)})
      UNION SELECT sha256 FROM hazard_photos WHERE sha256 IN (${sql.join(list)})`.execute(tx),
  );
  const inUse = new Set(used.rows.map((r) => r.sha256));
  return list.filter((s) => !inUse.has(s));
}
