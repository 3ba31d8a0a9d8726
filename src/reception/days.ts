/**
 * Reception days (接访日): an office publishes when and where a leader receives the public (信访工作条例 第十八条第一款:
 * 向社会公布……信访接待的时间和地点; 第二款: 领导干部应当……定期接待群众来访). Staff of the office (or above it) manage
 * them; the published upcoming ones are public (publicDays), without any booking or person in them.
 */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { inputRule, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import { cstDateOf } from '../calendar/dates.js';
import { writeAudit } from '../audit/audit.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { LABELS, type DayStatus } from './tables.js';

/** Who publishes and cancels reception days: the office's dispatchers and heads (and administrators). */
export const MANAGE_ROLES = ['dispatcher', 'unit_head', 'admin'] as const;
/** Who sees a day's bookings (masked unless revealed by a personal-data role). */
export const VIEW_ROLES = ['intake', 'dispatcher', 'unit_head', 'supervisor', 'analyst', 'admin'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

const SLOT_ENDS_AFTER_START = inputRule<{ slots: Array<{ start: string; end: string }> }>({
  field: 'slots.N.end',
  message: '结束时间应晚于开始时间 / end must be after start',
  doc: 'each slot ends after it starts',
  check: (v, fail) => v.slots.forEach((s, i) => s.end <= s.start && fail(['slots', i, 'end'])),
});
const DAY_NOT_PAST = inputRule({ field: 'day', message: '接访日不能早于今天 / the day cannot be in the past', doc: 'today (CST) or later' });
const LEADER_IN_SCOPE = inputRule({ field: 'leaderUserId', message: 'unknown user', doc: 'a staff user of a unit in your scope' });
/** what publishDay checks against stored data (listed by its route) */
export const PUBLISH_RULES = [DAY_NOT_PAST, LEADER_IN_SCOPE];

export const publishInput = withRules(
  z.object({
    day: isoDate,
    place: z.string().trim().min(2).max(200),
    leaderName: z.string().trim().min(1).max(50),
    leaderPost: z.string().trim().min(1).max(100),
    leaderUserId: z.string().uuid().optional(),
    topic: z.string().trim().max(200).optional(),
    slots: z.array(z.object({ start: hhmm, end: hhmm, capacity: z.number().int().min(1).max(200) })).min(1).max(20),
    /** false keeps it a draft, invisible to the public */
    publish: z.boolean().default(true),
  }),
  SLOT_ENDS_AFTER_START,
);

export const listQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

type DayRow = { id: string; office_unit_id: string; office_path: string; office_name: string; day: string; place: string; leader_name: string; leader_post: string; topic: string | null; status: DayStatus };

const dayBase = (deps: Deps) =>
  deps.db
    .selectFrom('reception_days as d')
    .innerJoin('units as u', 'u.id', 'd.office_unit_id')
    .select(['d.id', 'd.office_unit_id', 'u.path as office_path', 'u.name as office_name', 'd.day', 'd.place', 'd.leader_name', 'd.leader_post', 'd.topic', 'd.status']);

/** A day the staff member may see (its office in their scope), else 404 like an unknown id. */
export async function loadDayFor(deps: Deps, actor: StaffActor, id: string): Promise<DayRow> {
  if (!z.string().uuid().safeParse(id).success) throw new AppError('RECORD_NOT_FOUND');
  const d = await dayBase(deps).where('d.id', '=', id).where('u.path', 'like', `${actor.scopePath}%`).executeTakeFirst();
  if (!d) throw new AppError('RECORD_NOT_FOUND');
  return d as DayRow;
}

async function slotsOf(deps: Deps, dayIds: string[]) {
  if (dayIds.length === 0) return new Map<string, { id: string; startsAt: Date; endsAt: Date; capacity: number; booked: number; remaining: number }[]>();
  const rows = await deps.db.selectFrom('reception_slots').selectAll().where('day_id', 'in', dayIds).orderBy('starts_at').execute();
  const out = new Map<string, { id: string; startsAt: Date; endsAt: Date; capacity: number; booked: number; remaining: number }[]>();
  for (const s of rows) {
    const list = out.get(s.day_id) ?? [];
    list.push({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, capacity: s.capacity, booked: s.booked, remaining: s.capacity - s.booked });
    out.set(s.day_id, list);
  }
  return out;
}

const dayJson = (d: DayRow, lang: 'zh' | 'en') => ({
  id: d.id,
  officeUnitId: d.office_unit_id,
  officeName: d.office_name,
  day: d.day,
  place: d.place,
  leader: { name: d.leader_name, post: d.leader_post },
  topic: d.topic,
  status: d.status,
  statusLabel: LABELS.day[d.status][lang],
});

/** Publishes (or drafts) a reception day of the actor's own unit, with its slots. */
export async function publishDay(deps: Deps, args: UseCaseArgs & { actor: StaffActor; input: unknown }) {
  requireRole(args.actor, ...MANAGE_ROLES);
  const input = parseInput(publishInput, args.input, args.lang);
  const now = deps.now();
  if (input.day < cstDateOf(now)) throw DAY_NOT_PAST.error();
  if (input.leaderUserId) {
    // a user outside the actor's scope answers like an unknown one
    const u = await deps.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('users.id')
      .where('users.id', '=', input.leaderUserId).where('units.path', 'like', `${args.actor.scopePath}%`).executeTakeFirst();
    if (!u) throw LEADER_IN_SCOPE.error();
  }
  const id = await deps.db.transaction().execute(async (tx) => {
    const d = await tx
      .insertInto('reception_days')
      .values({
        office_unit_id: args.actor.unitId,
        day: input.day,
        place: input.place,
        leader_name: input.leaderName,
        leader_post: input.leaderPost,
        leader_user_id: input.leaderUserId ?? null,
        topic: input.topic ?? null,
        status: input.publish ? 'published' : 'draft',
        published_at: input.publish ? now : null,
        created_by: args.actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('reception_slots').values(input.slots.map((s) => ({ day_id: d.id, starts_at: at(input.day, s.start), ends_at: at(input.day, s.end), capacity: s.capacity }))).execute();
    await writeAudit(tx, args.actor, args.meta, { action: input.publish ? 'reception.publish' : 'reception.draft', entityType: 'reception_day', entityId: d.id, data: { day: input.day, slots: input.slots.length } });
    return d.id;
  });
  return dayView(deps, args.actor, id, args.lang);
}

/** Publishes a draft, or cancels a day (its bookings stay, the citizen's lookup shows the day cancelled). */
export async function setDayStatus(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string; to: 'published' | 'cancelled' }) {
  requireRole(args.actor, ...MANAGE_ROLES);
  const d = await loadDayFor(deps, args.actor, args.id);
  const from: DayStatus[] = args.to === 'published' ? ['draft'] : ['draft', 'published'];
  await deps.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('reception_days').set({ status: args.to, ...(args.to === 'published' ? { published_at: deps.now() } : {}) })
      .where('id', '=', d.id).where('status', 'in', from).returning('id').executeTakeFirst();
    if (!r) throw new AppError('STATE_CONFLICT', { status: d.status });
    await writeAudit(tx, args.actor, args.meta, { action: args.to === 'published' ? 'reception.publish' : 'reception.cancel', entityType: 'reception_day', entityId: d.id, data: { from: d.status } });
  });
  return dayView(deps, args.actor, d.id, args.lang);
}

/** Days of the offices in the actor's scope, by date (default: from today on). */
export async function listDays(deps: Deps, actor: StaffActor, q: z.infer<typeof listQuery>, lang: 'zh' | 'en') {
  requireRole(actor, ...VIEW_ROLES);
  let qb = dayBase(deps).where('u.path', 'like', `${actor.scopePath}%`).where('d.day', '>=', q.from ?? cstDateOf(deps.now()));
  if (q.to) qb = qb.where('d.day', '<=', q.to);
  const days = (await qb.orderBy('d.day').orderBy('d.created_at').limit(200).execute()) as DayRow[];
  const slots = await slotsOf(deps, days.map((d) => d.id));
  return { items: days.map((d) => ({ ...dayJson(d, lang), slots: slots.get(d.id) ?? [] })) };
}

/** One day with its slots (bookings: bookings.ts dayBookings). */
export async function dayView(deps: Deps, actor: StaffActor, id: string, lang: 'zh' | 'en') {
  const d = await loadDayFor(deps, actor, id);
  const slots = await slotsOf(deps, [d.id]);
  return { ...dayJson(d, lang), slots: slots.get(d.id) ?? [] };
}

/** The public list: published days from today on, with seats left. No bookings, no people. */
export async function publicDays(deps: Deps, lang: 'zh' | 'en') {
  const days = (await dayBase(deps).where('d.status', '=', 'published').where('d.day', '>=', cstDateOf(deps.now())).orderBy('d.day').orderBy('d.created_at').limit(100).execute()) as DayRow[];
  const slots = await slotsOf(deps, days.map((d) => d.id));
  const now = deps.now().getTime();
  return {
    basis: '信访工作条例 第十八条',
    items: days.map((d) => {
      const { officeUnitId: _o, status: _s, statusLabel: _l, ...pub } = dayJson(d, lang);
      return { ...pub, slots: (slots.get(d.id) ?? []).map(({ booked: _b, ...s }) => ({ ...s, open: s.remaining > 0 && s.startsAt.getTime() > now })) };
    }),
  };
}
