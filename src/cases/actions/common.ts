import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { ActionContext } from './types.js';

export const text = (min: number, max: number) => z.string().trim().min(min).max(max);
export const unitId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);
export const caseId = z.string().uuid();

export function staffUnitId(ctx: ActionContext): string | null {
  return ctx.actor.kind === 'staff' ? ctx.actor.unitId : null;
}

export function staffUserId(ctx: ActionContext): string | null {
  return ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
}

/** Decides the one pending request of a type (objection, extension, reply); a decided one cannot be decided twice. */
export async function decideRequest(
  ctx: ActionContext,
  type: 'objection' | 'extension' | 'reply',
  status: 'approved' | 'rejected',
  note?: string,
) {
  const row = await ctx.tx
    .updateTable('case_requests')
    .set({ status, decided_by: staffUserId(ctx), decided_at: ctx.now, decision_note: note ?? null })
    .where('case_id', '=', ctx.case.id)
    .where('type', '=', type)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CASE_STATE_CONFLICT');
  return row;
}

export async function openRequest(ctx: ActionContext, type: 'objection' | 'extension' | 'reply', data: Record<string, unknown>) {
  await ctx.tx
    .insertInto('case_requests')
    .values({
      case_id: ctx.case.id,
      type,
      unit_id: ctx.case.lead_unit_id ?? ctx.case.intake_unit_id,
      data: JSON.stringify(data),
      requested_by: staffUserId(ctx),
      requested_at: ctx.now,
    })
    .execute();
}
