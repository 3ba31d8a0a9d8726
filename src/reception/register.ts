/**
 * Registering the matter at the reception (来访): the case's channel is visit, its petitioner is the booking's person
 * (read on the server, never sent to the browser for it), its content defaults to the booking's summary, and it is
 * attributed to the leader who received it (reception_cases). The booking's person row becomes the case's party, so
 * from then on the case's shielding (0015_rls.sql) covers it.
 */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import { registerCase } from '../cases/register-case.js';
import { withActor } from '../cases/petitioner-access.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { DESK_ROLES, loadBookingFor } from './bookings.js';

export const receptionCaseInput = z.object({
  title: z.string().trim().min(2).max(200),
  /** default: the booking's summary */
  content: z.string().trim().min(5).max(20000).optional(),
  kind: z.enum(['suggestion', 'accusation', 'appeal']).optional(),
  categoryId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String).optional(),
  location: z.string().trim().max(500).optional(),
  /** 第十九条: a matter raised orally is recorded faithfully */
  oral: z.boolean().default(true),
});

export async function registerAtReception(deps: Deps, args: UseCaseArgs & { actor: StaffActor; bookingId: string; input: unknown }) {
  const b = await loadBookingFor(deps, args.actor, args.bookingId);
  requireRole(args.actor, ...DESK_ROLES);
  const input = parseInput(receptionCaseInput, args.input, args.lang);
  if (b.status !== 'booked' && b.status !== 'attended') throw new AppError('STATE_CONFLICT', { status: b.status });
  const taken = await deps.db.selectFrom('reception_cases').select('case_id').where('booking_id', '=', b.id).executeTakeFirst();
  if (taken) throw new AppError('ALREADY_EXISTS', {}, { caseId: taken.case_id });
  const person = b.petitioner_id
    ? await withActor(deps.db, args.actor, (tx) => tx.selectFrom('petitioners').select(['name', 'phone']).where('id', '=', b.petitioner_id!).executeTakeFirst())
    : undefined;
  const day = await deps.db.selectFrom('reception_days').select(['leader_name', 'leader_post']).where('id', '=', b.day_id).executeTakeFirstOrThrow();
  const { title, content, kind, categoryId, location, oral } = input;
  const caseInput = {
    channel: 'visit',
    title,
    content: content ?? b.summary,
    ...(kind ? { kind } : {}),
    ...(categoryId ? { categoryId } : {}),
    ...(location ? { location } : {}),
    oral,
    ...(person?.name ? { petitioner: { name: person.name, ...(person.phone ? { phone: person.phone } : {}) } } : { anonymous: true }),
  };
  const now = deps.now();
  const r = await registerCase(deps, {
    actor: args.actor,
    meta: args.meta,
    lang: args.lang,
    input: caseInput,
    intakeUnitId: b.day.office_unit_id,
    async inTx(tx, caseId) {
      const link = await tx
        .insertInto('reception_cases')
        .values({ case_id: caseId, day_id: b.day_id, booking_id: b.id, leader_name: day.leader_name, leader_post: day.leader_post, created_at: now })
        .onConflict((oc) => oc.column('booking_id').doNothing())
        .returning('case_id')
        .executeTakeFirst();
      if (!link) throw new AppError('ALREADY_EXISTS');
      // the case's party row replaces the booking's own copy of the person: one row, shielded with the case
      const party = await tx.selectFrom('case_parties').select('petitioner_id').where('case_id', '=', caseId).where('role', '=', 'petitioner').executeTakeFirst();
      await tx.updateTable('reception_bookings').set({ status: 'attended', marked_at: now, marked_by: args.actor.userId, petitioner_id: party?.petitioner_id ?? null })
        .where('id', '=', b.id).execute();
      if (b.petitioner_id && party) await tx.deleteFrom('petitioners').where('id', '=', b.petitioner_id).execute();
    },
  });
  return { ...r, receptionDayId: b.day_id, bookingId: b.id, receivedBy: { name: day.leader_name, post: day.leader_post } };
}
