/**
 * 包案: a leader takes personal charge of a case (信访工作条例 第十八条第二款: 各级机关、单位领导干部应当……包案化解群众反映
 * 强烈的突出问题). Taking and releasing leave the case's status as it is, so they are not transitions of the lifecycle
 * table: each is a small use case here that writes the case's own timeline event (appendEvent) and audit row in one
 * transaction, and claims the one seat per case with a conditional write (INSERT … ON CONFLICT DO NOTHING / DELETE …
 * WHERE leader = me): of two leaders taking the same case at once exactly one wins, the other gets a conflict.
 * This tracks how leaders handle matters; it never lists or profiles the people who raised them.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { STATUS_LABELS, type Status } from '../cases/states.js';
import { loadCaseFor, scopeToActor } from '../cases/scope.js';
import { requireRole, type Actor, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';

/** Who may take personal charge: a unit's leader (单位负责人). */
export const CHARGE_ROLES = ['unit_head'] as const;
/** States in which a case is finished: nothing left to take charge of. */
const FINAL: readonly string[] = ['closed', 'rereviewed', 'not_accepted', 'linked', 'merged'];

export const takeInput = z.object({ post: z.string().trim().min(1).max(100).optional(), note: z.string().trim().max(500).optional() });
export const releaseInput = z.object({ note: z.string().trim().max(500).optional() });

export async function takeCharge(deps: Deps, args: UseCaseArgs & { actor: StaffActor; caseId: string; input: unknown }) {
  const c = await loadCaseFor(deps.db, args.actor, args.caseId);
  requireRole(args.actor, ...CHARGE_ROLES);
  const input = parseInput(takeInput, args.input, args.lang);
  if (FINAL.includes(c.status)) throw new AppError('ACTION_NOT_ALLOWED', { action: 'take_charge', status: c.status });
  const now = deps.now();
  await deps.db.transaction().execute(async (tx) => {
    const unit = await tx.selectFrom('units').select('name').where('id', '=', args.actor.unitId).executeTakeFirstOrThrow();
    const post = input.post ?? `${unit.name}负责人`;
    const row = await tx
      .insertInto('case_leaders')
      .values({ case_id: c.id, leader_user_id: args.actor.userId, leader_name: args.actor.displayName, leader_post: post, taken_at: now })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .returning('case_id')
      .executeTakeFirst();
    if (!row) throw new AppError('CASE_STATE_CONFLICT');
    const data = { leader: args.actor.displayName, post, basis: '信访工作条例 第十八条第二款', ...(input.note ? { note: input.note } : {}) };
    await appendEvent(tx, args.actor, { caseId: c.id, type: 'take_charge', public: false, at: now, data });
    await writeAudit(tx, args.actor, args.meta, { action: 'case.take_charge', entityType: 'case', entityId: c.id, data: { post } });
  });
  return caseLeaders(deps, args.actor, c.id);
}

/** Only the leader who took the case releases it (another leader may take it after that). */
export async function releaseCharge(deps: Deps, args: UseCaseArgs & { actor: StaffActor; caseId: string; input: unknown }) {
  const c = await loadCaseFor(deps.db, args.actor, args.caseId);
  requireRole(args.actor, ...CHARGE_ROLES);
  const input = parseInput(releaseInput, args.input, args.lang);
  const now = deps.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('case_leaders').where('case_id', '=', c.id).where('leader_user_id', '=', args.actor.userId)
      .returning(['leader_name', 'leader_post']).executeTakeFirst();
    if (!row) throw new AppError('ACTION_NOT_ALLOWED', { action: 'release_charge', status: c.status });
    const data = { leader: row.leader_name, post: row.leader_post, ...(input.note ? { note: input.note } : {}) };
    await appendEvent(tx, args.actor, { caseId: c.id, type: 'release_charge', public: false, at: now, data });
    await writeAudit(tx, args.actor, args.meta, { action: 'case.release_charge', entityType: 'case', entityId: c.id, data: {} });
  });
  return caseLeaders(deps, args.actor, c.id);
}

/** 包案领导 and 接访领导 of a case the actor may see; what this actor may do about it. */
export async function caseLeaders(deps: Deps, actor: Actor, caseId: string) {
  const c = await loadCaseFor(deps.db, actor, caseId);
  const [charge, received] = await Promise.all([
    deps.db.selectFrom('case_leaders').selectAll().where('case_id', '=', c.id).executeTakeFirst(),
    deps.db.selectFrom('reception_cases as rc').innerJoin('reception_days as d', 'd.id', 'rc.day_id')
      .select(['rc.leader_name', 'rc.leader_post', 'rc.day_id', 'd.day', 'd.place']).where('rc.case_id', '=', c.id).executeTakeFirst(),
  ]);
  const leader = actor.kind === 'staff' && actor.roles.includes('unit_head');
  const mine = actor.kind === 'staff' && !!charge && actor.userId === charge.leader_user_id;
  return {
    caseId: c.id,
    basis: '信访工作条例 第十八条第二款',
    charge: charge ? { name: charge.leader_name, post: charge.leader_post, userId: charge.leader_user_id, since: charge.taken_at, mine } : null,
    receivedBy: received ? { name: received.leader_name, post: received.leader_post, dayId: received.day_id, day: received.day, place: received.place } : null,
    allowedActions: [...(leader && !charge && !FINAL.includes(c.status) ? ['take_charge'] : []), ...(mine ? ['release_charge'] : [])],
  };
}

export const LEADER_CASE_ROLES = ['analyst', 'supervisor', 'dispatcher', 'unit_head', 'admin'] as const;

/**
 * 领导包案 for the dashboard: the cases in the actor's scope that a leader has taken charge of, and those registered at a
 * leader's reception, each with status and the nearest running deadline (overdue when it has passed); and per leader
 * how many are in charge, open and overdue. Scoped like every case read (scopeToActor: an accusation stays hidden
 * from the accused unit).
 */
export async function leaderCases(deps: Deps, actor: StaffActor, lang: 'zh' | 'en') {
  requireRole(actor, ...LEADER_CASE_ROLES);
  const now = deps.now();
  const nearestDue = sql<Date | null>`(SELECT min(k.due_at) FROM case_clocks k WHERE k.case_id = cases.id AND k.status IN ('running', 'paused'))`;
  const base = () => scopeToActor(deps.db.selectFrom('cases'), actor);
  const [charged, received] = await Promise.all([
    base().innerJoin('case_leaders as l', 'l.case_id', 'cases.id')
      .select(['cases.id', 'cases.reg_no', 'cases.title', 'cases.status', 'l.leader_name', 'l.leader_post', 'l.taken_at as since'])
      .select(nearestDue.as('due_at'))
      .orderBy('l.taken_at', 'desc').limit(500).execute(),
    base().innerJoin('reception_cases as rc', 'rc.case_id', 'cases.id')
      .select(['cases.id', 'cases.reg_no', 'cases.title', 'cases.status', 'rc.leader_name', 'rc.leader_post', 'rc.created_at as since'])
      .select(nearestDue.as('due_at'))
      .orderBy('rc.created_at', 'desc').limit(500).execute(),
  ]);
  const item = (r: (typeof charged)[number]) => {
    const dueAt = r.due_at ? new Date(r.due_at) : null;
    const open = !FINAL.includes(r.status);
    return {
      caseId: r.id, regNo: r.reg_no, title: r.title, status: r.status, statusLabel: STATUS_LABELS[r.status as Status]?.[lang] ?? r.status,
      leader: { name: r.leader_name, post: r.leader_post }, since: r.since, dueAt, open, overdue: open && dueAt !== null && dueAt.getTime() < now.getTime(),
    };
  };
  const items = charged.map(item);
  const byLeader = new Map<string, { leader: { name: string; post: string }; cases: number; open: number; overdue: number }>();
  for (const i of items) {
    const k = `${i.leader.name}\u0000${i.leader.post}`;
    const s = byLeader.get(k) ?? { leader: i.leader, cases: 0, open: 0, overdue: 0 };
    s.cases++;
    if (i.open) s.open++;
    if (i.overdue) s.overdue++;
    byLeader.set(k, s);
  }
  return { basis: '信访工作条例 第十八条第二款', items, leaders: [...byLeader.values()], received: received.map(item) };
}
