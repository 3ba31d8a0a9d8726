/**
 * Hazards under supervision (安全生产法 第四十一条第三款: 重大事故隐患治理督办): a major hazard is supervised from its
 * assignment (or from the moment it is regraded major while being rectified), and any hazard whose rectification
 * deadline passes is supervised for the delay. Each opens a supervision item on the responsible unit in the caller's
 * transaction; the dedup keys make both idempotent while the item is open.
 */
import type { Transaction } from 'kysely';
import { addCalendarDays, cstDateOf } from '../calendar/dates.js';
import type { DB } from '../db/types.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import { openSupervisionItem } from '../supervision/open-item.js';
import type { Deps } from '../workflow/deps.js';
import { appendRegisterEvent } from '../workflow/register-store.js';
import { ENTITY } from './store.js';

interface HazardFacts {
  id: string;
  reg_no: string;
  title: string;
  case_id: string | null;
  office_unit_id: string;
}

/** The last day of a deadline that ends at 00:00 of the next day (as clocks store it), in China Standard Time. */
export const lastDayOf = (due: Date) => addCalendarDays(cstDateOf(due), -1);

async function unitName(tx: Transaction<DB>, unitId: string) {
  const u = await tx.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
  return u?.name ?? '';
}

export async function superviseMajor(tx: Transaction<DB>, deps: Deps, actor: Actor, meta: RequestMeta, h: HazardFacts, unitId: string, due: Date | null, at: Date) {
  const until = due ? `，限${lastDayOf(due)}前整改完毕` : '';
  return openSupervisionItem(
    tx,
    deps,
    actor,
    {
      source: 'hazard_major',
      caseId: h.case_id,
      subject: { entity: 'hazard', id: h.id },
      unitId,
      officeUnitId: h.office_unit_id,
      reason: `重大隐患 ${h.reg_no}「${h.title}」已交${await unitName(tx, unitId)}整改${until}`,
      dedupKey: `hazard_major:${h.id}:${unitId}`,
    },
    at,
    meta,
  );
}

/** An overdue rectification: one item while it is open, and a line on the hazard's timeline when it opens. */
export async function superviseOverdue(tx: Transaction<DB>, deps: Deps, actor: Actor, h: HazardFacts, unitId: string, due: Date, at: Date) {
  const r = await openSupervisionItem(
    tx,
    deps,
    actor,
    {
      source: 'hazard_overdue',
      caseId: h.case_id,
      subject: { entity: 'hazard', id: h.id },
      unitId,
      officeUnitId: h.office_unit_id,
      reason: `隐患 ${h.reg_no}「${h.title}」逾期未整改（期限${lastDayOf(due)}，${await unitName(tx, unitId)}）`,
      dedupKey: `hazard_overdue:${h.id}`,
    },
    at,
  );
  if (r.created) await appendRegisterEvent(tx, actor, { entity: ENTITY, entityId: h.id, type: 'supervision_opened', data: { supervisionId: r.id, source: 'hazard_overdue' }, at });
  return r;
}
