/** Reading the dispute register: the list, one dispute, its parties (masked or revealed), the board, the success rate. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { isoDateInput, TO_NOT_BEFORE_FROM, withRules } from '../core/input-rules.js';
import { endOfDayCst, isIsoDate, startOfDayCst } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Actor, RequestMeta, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { loadRegisterRow } from '../workflow/register-store.js';
import { readDisputeParties } from './parties.js';
import { DISPUTE_SPEC, type DisputeRow } from './store.js';
import { DISPUTE_SOURCE_LABELS, DISPUTE_SOURCES, DISPUTE_STATUSES, DISPUTE_TYPE_LABELS, DISPUTE_TYPES, OPEN_STATUSES, OUTCOMES } from './tables.js';
import { DISPUTE_WORKFLOW } from './workflow.js';

const openList = sql.join(OPEN_STATUSES.map((s) => sql.lit(s)));

export const listQuery = z.object({
  status: z.enum(DISPUTE_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: in mediation or in the follow-up of an agreement'),
  type: z.enum(DISPUTE_TYPES).optional(),
  source: z.enum(DISPUTE_SOURCES).optional(),
  unitId: z.string().regex(/^\d+$/).optional().describe('the mediation committee'),
  caseId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** One page of disputes in the actor's scope; matters only (no party appears in a list). */
export async function listDisputes(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(listQuery, query ?? {}, lang);
  const where: RawBuilder<boolean>[] = [];
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.open === 'true') where.push(sql<boolean>`t.status IN (${openList})`);
  if (q.open === 'false') where.push(sql<boolean>`t.status NOT IN (${openList})`);
  if (q.type) where.push(sql<boolean>`t.type = ${q.type}`);
  if (q.source) where.push(sql<boolean>`t.source = ${q.source}`);
  if (q.unitId) where.push(sql<boolean>`t.unit_id = ${q.unitId}`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  const page = await listRegister(deps, DISPUTE_SPEC, actor, { where, limit: q.limit, offset: q.offset });
  const ids = page.items.map((i) => i.id as string);
  // the nearest running deadline: the mediation, or the agreement's performance (the 第三十三条 window is not one)
  const due = ids.length
    ? await deps.db
        .selectFrom('register_clocks')
        .select(['entity_id', 'due_at'])
        .where('entity', '=', 'dispute')
        .where('entity_id', 'in', ids)
        .where('status', '=', 'running')
        .where('purpose', '=', 'deadline')
        .orderBy('due_at')
        .execute()
    : [];
  return {
    ...page,
    items: page.items.map((i) => ({
      ...i,
      dueAt: due.find((d) => d.entity_id === i.id)?.due_at ?? null,
      typeLabel: DISPUTE_TYPE_LABELS[i.type as 'other'],
      sourceLabel: DISPUTE_SOURCE_LABELS[i.source as 'other'],
    })),
  };
}

/** One dispute: its facts, the linked petition, the committee and mediator, masked parties, sessions, actions, clocks, timeline. */
export function disputeView(deps: Deps, actor: StaffActor, id: string) {
  return registerRecordView(deps, DISPUTE_WORKFLOW, DISPUTE_SPEC, actor, id, async (row: DisputeRow) => {
    const [c, mediator, sessions, parties] = await Promise.all([
      row.case_id ? deps.db.selectFrom('cases').select(['id', 'reg_no', 'title', 'status']).where('id', '=', row.case_id).executeTakeFirst() : Promise.resolve(undefined),
      row.mediator_user_id ? deps.db.selectFrom('users').select(['id', 'display_name']).where('id', '=', row.mediator_user_id).executeTakeFirst() : Promise.resolve(undefined),
      deps.db
        .selectFrom('dispute_sessions')
        .leftJoin('users', 'users.id', 'dispute_sessions.mediator_user_id')
        .select(['dispute_sessions.id', 'dispute_sessions.held_on', 'dispute_sessions.place', 'dispute_sessions.notes', 'dispute_sessions.created_at', 'users.display_name'])
        .where('dispute_sessions.dispute_id', '=', row.id)
        .orderBy('dispute_sessions.held_on')
        .orderBy('dispute_sessions.created_at')
        .execute(),
      readDisputeParties(deps, actor, {}, row.id),
    ]);
    return {
      typeLabel: DISPUTE_TYPE_LABELS[row.type],
      sourceLabel: DISPUTE_SOURCE_LABELS[row.source],
      case: c ? { id: c.id, regNo: c.reg_no, title: c.title, status: c.status } : null,
      caseRegNo: c?.reg_no ?? null,
      caseTitle: c?.title ?? null,
      mediatorName: mediator?.display_name ?? null,
      parties,
      sessions: sessions.map((s) => ({ id: s.id, heldOn: s.held_on, place: s.place, notes: s.notes, mediator: s.display_name, createdAt: s.created_at })),
    };
  }).then((v) => ({ ...v, committeeName: v.unitName }));
}

/** The parties of one dispute the actor may see: masked, or revealed (PERSONAL_DATA_ROLES only, audited). */
export async function disputeParties(deps: Deps, actor: Actor, meta: RequestMeta, id: string, reveal: boolean) {
  const row = await loadRegisterRow<DisputeRow>(deps.db, DISPUTE_SPEC, actor, id);
  return { items: await readDisputeParties(deps, actor, meta, row.id, { reveal }) };
}

export const mediatorsQuery = z.object({ unitId: z.string().regex(/^\d+$/).optional().describe('a mediation committee: its mediators and those of the units under it') });

/**
 * Whom a dispute can be assigned to (assign, reassign take mediatorUserId): active staff with the role mediator in
 * the actor's scope, or under one committee. Names and units only: the people who do the work, not a citizen.
 */
export async function listMediators(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const q = parseInput(mediatorsQuery, query ?? {}, lang);
  const unit = q.unitId ? await deps.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst() : { path: actor.scopePath };
  if (!unit || !unit.path.startsWith(actor.scopePath)) return { items: [] };
  const rows = await deps.db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.display_name', 'units.id as unit_id', 'units.name as unit_name'])
    .where('units.path', 'like', `${unit.path}%`)
    .where('users.active', '=', true)
    .where(sql<boolean>`'mediator' = ANY(users.roles)`)
    .orderBy('units.path')
    .orderBy('users.display_name')
    .execute();
  return { items: rows.map((u) => ({ id: u.id, displayName: u.display_name, unitId: u.unit_id, unitName: u.unit_name })) };
}

/** Open disputes by type × status: the mediation board. */
export async function disputeBoard(deps: Deps, actor: StaffActor) {
  const rows = await sql<{ type: string; status: string; n: string }>`
    SELECT t.type, t.status, count(*)::text AS n FROM disputes t
    WHERE t.status IN (${openList}) AND ${DISPUTE_SPEC.scope(actor)}
    GROUP BY t.type, t.status`.execute(deps.db);
  return {
    rowLabel: { zh: '纠纷类型', en: 'Type of dispute' },
    colLabel: { zh: '状态', en: 'Status' },
    rows: DISPUTE_TYPES.map((t) => ({ key: t, label: DISPUTE_TYPE_LABELS[t] })),
    cols: OPEN_STATUSES.map((s) => ({ key: s, label: DISPUTE_WORKFLOW.statuses[s] })),
    cells: rows.rows.map((r) => ({ row: r.type, col: r.status, count: Number(r.n) })),
  };
}

export const statsQuery = withRules(z.object({ from: isoDateInput('first day (CST), inclusive'), to: isoDateInput('last day (CST), inclusive') }), TO_NOT_BEFORE_FROM);

export const SUCCESS_RATE_DEFINITION = {
  zh: '调解成功率 = 期间内达成调解协议的纠纷数 ÷ 期间内调解终结（达成协议、调解不成、引导至其他途径）的纠纷数；按调解终结时间计入期间',
  en: 'success rate = disputes concluded by an agreement in the period ÷ disputes whose mediation concluded in the period (agreement, no agreement, referred), by the time of conclusion',
};

interface Tally {
  concluded: number;
  agreement: number;
  noAgreement: number;
  referred: number;
  rate: number | null;
}

const tally = (rows: Array<{ outcome: string; n: number }>): Tally => {
  const count = (o: string) => rows.filter((r) => r.outcome === o).reduce((a, r) => a + r.n, 0);
  const concluded = rows.reduce((a, r) => a + r.n, 0);
  const agreement = count('agreement');
  return { concluded, agreement, noAgreement: count('no_agreement'), referred: count('referred'), rate: concluded ? agreement / concluded : null };
};

/**
 * 调解成功率 in a period (docs/registers.md): of the disputes the actor may see whose mediation concluded in the
 * period, how many ended in an agreement — overall, by type, by committee and by mediator (a member of staff:
 * counting the matters they concluded is about the work, not about a citizen). Counts come with their denominators.
 */
export async function disputeStats(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const q = parseInput(statsQuery, query ?? {}, lang);
  const from = startOfDayCst(q.from);
  const to = endOfDayCst(q.to);
  const rows = await sql<{ type: string; unit_id: string | null; unit_name: string | null; mediator_user_id: string | null; mediator_name: string | null; outcome: string; n: string }>`
    SELECT t.type, t.unit_id::text AS unit_id, u.name AS unit_name, t.mediator_user_id::text AS mediator_user_id, m.display_name AS mediator_name, t.outcome, count(*)::text AS n
    FROM disputes t
    LEFT JOIN units u ON u.id = t.unit_id
    LEFT JOIN users m ON m.id = t.mediator_user_id
    WHERE t.outcome IS NOT NULL AND t.concluded_at >= ${from} AND t.concluded_at < ${to} AND ${DISPUTE_SPEC.scope(actor)}
    GROUP BY t.type, t.unit_id, u.name, t.mediator_user_id, m.display_name, t.outcome`.execute(deps.db);
  const all = rows.rows.map((r) => ({ ...r, n: Number(r.n) }));
  const group = <K extends string>(key: (r: (typeof all)[number]) => K | null) => {
    const m = new Map<K, typeof all>();
    for (const r of all) {
      const k = key(r);
      if (k === null) continue;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const byCommittee = group((r) => r.unit_id);
  const byMediator = group((r) => r.mediator_user_id);
  return {
    from: q.from,
    to: q.to,
    definition: SUCCESS_RATE_DEFINITION,
    outcomes: OUTCOMES,
    total: tally(all),
    byType: DISPUTE_TYPES.map((t) => ({ key: t, label: DISPUTE_TYPE_LABELS[t], ...tally(all.filter((r) => r.type === t)) })),
    byCommittee: [...byCommittee.entries()].map(([unitId, rs]) => ({ unitId, name: rs[0]!.unit_name, ...tally(rs) })).sort((a, b) => b.concluded - a.concluded),
    byMediator: [...byMediator.entries()].map(([userId, rs]) => ({ userId, name: rs[0]!.mediator_name, ...tally(rs) })).sort((a, b) => b.concluded - a.concluded),
  };
}
