/**
 * Bookings of a reception slot. A citizen books from the portal without an account (name, phone, a short summary of
 * the matter) and gets a booking code, their key to look the booking up or cancel it. The person is a petitioners
 * row: masked for every reader, unmasked only on an explicit reveal by a personal-data role, and that read is audited
 * (cases/petitioner-access.ts). There is no list of bookings by person: bookings are read per reception day.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { randomCode } from '../core/ids.js';
import { parseInput } from '../core/validate.js';
import { withDbActor } from '../db/actor-context.js';
import { writeAudit } from '../audit/audit.js';
import { assertMayReveal, personView, withActor } from '../cases/petitioner-access.js';
import { requireRole, type Actor, type RequestMeta, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { loadDayFor, VIEW_ROLES } from './days.js';
import { LABELS, type BookingStatus } from './tables.js';

/** The portal books as the system (petitioners rows are written by staff or the system only, 0015_rls.sql). */
export const PORTAL: Actor = { kind: 'system', job: 'reception_portal' };
/** Who marks attendance and registers the matter at the reception. */
export const DESK_ROLES = ['intake', 'dispatcher'] as const;

export const bookInput = z.object({
  slotId: z.string().uuid(),
  name: z.string().trim().min(1).max(50),
  phone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话号码格式不正确 / invalid phone number'),
  summary: z.string().trim().min(5, '请简要说明反映的事项（至少5个字）/ describe the matter in a few words').max(500),
});
export const codeInput = z.object({ code: z.string().trim().min(6).max(20) });
export const markInput = z.object({ outcome: z.enum(['attended', 'no_show']) });

const normCode = (c: string) => c.toUpperCase().replace(/[^0-9A-Z]/g, '');

/** Books a seat. The seat is taken by a conditional update: of two bookings for the last seat exactly one succeeds. */
export async function bookSlot(deps: Deps, args: { meta: RequestMeta; lang: 'zh' | 'en'; input: unknown }) {
  const input = parseInput(bookInput, args.input, args.lang);
  const now = deps.now();
  const code = `JF${randomCode(10)}`;
  return withDbActor(deps.db, { kind: 'system' }, async (tx) => {
    const slot = await tx
      .updateTable('reception_slots')
      .set({ booked: sql`booked + 1` })
      .where('id', '=', input.slotId)
      .where('starts_at', '>', now)
      .where(sql<boolean>`booked < capacity`)
      .where('day_id', 'in', (qb) => qb.selectFrom('reception_days').select('id').where('status', '=', 'published'))
      .returning(['id', 'day_id', 'starts_at', 'ends_at'])
      .executeTakeFirst();
    if (!slot) {
      const exists = await tx.selectFrom('reception_slots as s').innerJoin('reception_days as d', 'd.id', 's.day_id').select('s.id')
        .where('s.id', '=', input.slotId).where('d.status', '=', 'published').executeTakeFirst();
      if (!exists) throw new AppError('RECORD_NOT_FOUND');
      throw new AppError('STATE_CONFLICT', { status: 'full' }, { reason: '该时段已约满或已开始 / this slot is full or has begun' });
    }
    const person = await tx.insertInto('petitioners').values({ name: input.name, phone: input.phone }).returning('id').executeTakeFirstOrThrow();
    const b = await tx
      .insertInto('reception_bookings')
      .values({ slot_id: slot.id, day_id: slot.day_id, code, petitioner_id: person.id, summary: input.summary, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(tx, PORTAL, args.meta, { action: 'reception.book', entityType: 'reception_booking', entityId: b.id, data: { slotId: slot.id } });
    return { code, status: 'booked' as BookingStatus, startsAt: slot.starts_at, endsAt: slot.ends_at };
  }).then(async (r) => ({ ...r, ...(await lookupBooking(deps, { lang: args.lang, input: { code: r.code } })) }));
}

/** What the citizen sees with their code: the slot, the place, the leader, the status; their own data masked. */
export async function lookupBooking(deps: Deps, args: { lang: 'zh' | 'en'; input: unknown }) {
  const { code } = parseInput(codeInput, args.input, args.lang);
  return withDbActor(deps.db, { kind: 'system' }, async (tx) => {
    const r = await tx
      .selectFrom('reception_bookings as b')
      .innerJoin('reception_slots as s', 's.id', 'b.slot_id')
      .innerJoin('reception_days as d', 'd.id', 'b.day_id')
      .innerJoin('units as u', 'u.id', 'd.office_unit_id')
      .leftJoin('petitioners as p', 'p.id', 'b.petitioner_id')
      .select(['b.code', 'b.status', 'b.summary', 's.starts_at', 's.ends_at', 'd.day', 'd.place', 'd.leader_name', 'd.leader_post', 'd.status as day_status', 'u.name as office_name', 'p.name', 'p.phone'])
      .where('b.code', '=', normCode(code))
      .executeTakeFirst();
    if (!r) throw new AppError('RECORD_NOT_FOUND');
    const person = personView({ name: r.name, phone: r.phone, id_number: null, address: null, email: null }, false);
    return {
      code: r.code,
      status: r.status,
      statusLabel: LABELS.booking[r.status][args.lang],
      summary: r.summary,
      day: r.day,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      place: r.place,
      officeName: r.office_name,
      leader: { name: r.leader_name, post: r.leader_post },
      dayCancelled: r.day_status === 'cancelled',
      person: { name: person.name, phone: person.phone, masked: true },
    };
  });
}

/** The citizen cancels before the slot begins; the seat is given back in the same transaction. */
export async function cancelBooking(deps: Deps, args: { meta: RequestMeta; lang: 'zh' | 'en'; input: unknown }) {
  const { code } = parseInput(codeInput, args.input, args.lang);
  const now = deps.now();
  await withDbActor(deps.db, { kind: 'system' }, async (tx) => {
    const b = await tx.selectFrom('reception_bookings as b').innerJoin('reception_slots as s', 's.id', 'b.slot_id')
      .select(['b.id', 'b.slot_id', 'b.status', 's.starts_at']).where('b.code', '=', normCode(code)).executeTakeFirst();
    if (!b) throw new AppError('RECORD_NOT_FOUND');
    if (b.starts_at.getTime() <= now.getTime()) throw new AppError('DEADLINE_PASSED', { due: b.starts_at.toISOString(), rule: '接访开始前可取消 / cancel before the slot begins' });
    const done = await tx.updateTable('reception_bookings').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', b.id).where('status', '=', 'booked').returning('id').executeTakeFirst();
    if (!done) throw new AppError('STATE_CONFLICT', { status: b.status });
    await tx.updateTable('reception_slots').set({ booked: sql`booked - 1` }).where('id', '=', b.slot_id).execute();
    await writeAudit(tx, PORTAL, args.meta, { action: 'reception.cancel_booking', entityType: 'reception_booking', entityId: b.id, data: {} });
  });
  return lookupBooking(deps, { lang: args.lang, input: { code } });
}

/** The bookings of one day, for the office's staff: masked, unless revealed (audited). */
export async function dayBookings(deps: Deps, actor: StaffActor, meta: RequestMeta, dayId: string, opts: { reveal: boolean; lang: 'zh' | 'en' }) {
  requireRole(actor, ...VIEW_ROLES);
  const d = await loadDayFor(deps, actor, dayId);
  if (opts.reveal) assertMayReveal(actor);
  const rows = await withActor(deps.db, actor, async (tx) => {
    const found = await tx
      .selectFrom('reception_bookings as b')
      .innerJoin('reception_slots as s', 's.id', 'b.slot_id')
      .leftJoin('petitioners as p', 'p.id', 'b.petitioner_id')
      .leftJoin('reception_cases as rc', 'rc.booking_id', 'b.id')
      .leftJoin('cases as c', 'c.id', 'rc.case_id')
      .select(['b.id', 'b.status', 'b.summary', 'b.created_at', 's.id as slot_id', 's.starts_at', 's.ends_at', 'p.name', 'p.phone', 'rc.case_id', 'c.reg_no'])
      .where('b.day_id', '=', d.id)
      .orderBy('s.starts_at')
      .orderBy('b.created_at')
      .execute();
    if (opts.reveal) await writeAudit(tx, actor, meta, { action: 'petitioner.read', entityType: 'reception_day', entityId: d.id, data: { bookings: found.length } });
    return found;
  });
  return {
    dayId: d.id,
    masked: !opts.reveal,
    items: rows.map((r) => {
      const p = personView({ name: r.name, phone: r.phone, id_number: null, address: null, email: null }, opts.reveal);
      return {
        id: r.id,
        slotId: r.slot_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        status: r.status,
        statusLabel: LABELS.booking[r.status][opts.lang],
        summary: r.summary,
        person: { name: p.name, phone: p.phone, masked: p.masked },
        case: r.case_id ? { id: r.case_id, regNo: r.reg_no } : null,
        bookedAt: r.created_at,
      };
    }),
  };
}

/** A booking of a day the staff member may see, else 404. */
export async function loadBookingFor(deps: Deps, actor: StaffActor, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw new AppError('RECORD_NOT_FOUND');
  const b = await withActor(deps.db, actor, (tx) =>
    tx.selectFrom('reception_bookings').select(['id', 'day_id', 'slot_id', 'status', 'summary', 'petitioner_id']).where('id', '=', id).executeTakeFirst(),
  );
  if (!b) throw new AppError('RECORD_NOT_FOUND');
  const day = await loadDayFor(deps, actor, b.day_id);
  return { ...b, day };
}

/** The desk marks a booking attended or no-show (once; from booked). */
export async function markBooking(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string; input: unknown }) {
  const b = await loadBookingFor(deps, args.actor, args.id);
  requireRole(args.actor, ...DESK_ROLES);
  const { outcome } = parseInput(markInput, args.input, args.lang);
  await withActor(deps.db, args.actor, async (tx) => {
    const r = await tx.updateTable('reception_bookings').set({ status: outcome, marked_at: deps.now(), marked_by: args.actor.userId })
      .where('id', '=', b.id).where('status', '=', 'booked').returning('id').executeTakeFirst();
    if (!r) throw new AppError('STATE_CONFLICT', { status: b.status });
    await writeAudit(tx, args.actor, args.meta, { action: `reception.${outcome}`, entityType: 'reception_booking', entityId: b.id, data: { dayId: b.day_id } });
  });
  return { id: b.id, status: outcome };
}
