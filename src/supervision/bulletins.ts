/**
 * 通报 (信访工作条例 第三十九条): a period's supervision summarised for circulation — per supervised unit the items
 * opened, closed, responses overdue, escalations and accountability recommendations, and the matters concerned.
 * It names units and matters, never persons; an accusation (检举控告) appears by registration number only, its
 * subject withheld (第三十条), since a bulletin is read across the government.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { periodRules, withRules } from '../core/input-rules.js';
import { addCalendarDays, startOfDayCst, type IsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import type { Actor, StaffActor } from '../org/actor.js';
import { requireRole } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { isUuid } from '../workflow/register-store.js';
import { allocateNumber } from './numbers.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const bulletinInput = withRules(
  z.object({
    from: isoDate.describe('first day of the period (China Standard Time)'),
    to: isoDate.describe('last day of the period, inclusive'),
    title: z.string().trim().min(2).max(200).optional().describe('default: 督查督办情况通报（from 至 to）'),
  }),
  // from and to may be 366 days apart (a leap year and one day): the rule counts both days
  ...periodRules(367, { maxMessage: 'a period is at most one year' }),
);

export interface BulletinUnitLine {
  unitId: string;
  unitName: string;
  opened: number;
  closed: number;
  open: number;
  overdueResponses: number;
  escalated: number;
  listed: number;
  interview: number;
  accountability: number;
}

export interface BulletinMatter {
  itemId: string;
  unitName: string;
  level: string;
  status: string;
  source: string;
  noticeNo: string | null;
  caseRegNo: string | null;
  subject: string;
}

export interface BulletinContent {
  period: { from: string; to: string };
  totals: { opened: number; closed: number; open: number; overdueResponses: number; escalated: number; accountability: number };
  units: BulletinUnitLine[];
  matters: BulletinMatter[];
}

/** Gathers the period's items of offices in the actor's scope (opened in the period, or still open at its end). */
async function gather(deps: Deps, actor: StaffActor, from: IsoDate, to: IsoDate): Promise<BulletinContent> {
  const start = startOfDayCst(from);
  const end = startOfDayCst(addCalendarDays(to, 1));
  const items = await sql<{
    id: string; unit_id: string; unit_name: string; level: string; status: string; source: string; reason: string; notice_no: string | null;
    created_at: Date; closed_at: Date | null; accountability: unknown[]; reg_no: string | null; case_title: string | null; case_kind: string | null;
    overdue: boolean; escalated: boolean;
  }>`
    SELECT t.id, t.unit_id::text AS unit_id, u.name AS unit_name, t.level, t.status, t.source, t.reason, t.notice_no, t.created_at, t.closed_at,
      t.accountability, c.reg_no, c.title AS case_title, c.kind AS case_kind,
      EXISTS (SELECT 1 FROM register_clocks k WHERE k.entity = 'supervision' AND k.entity_id = t.id AND k.overdue_at >= ${start} AND k.overdue_at < ${end}) AS overdue,
      EXISTS (SELECT 1 FROM register_events e WHERE e.entity = 'supervision' AND e.entity_id = t.id AND e.type = 'escalate' AND e.at >= ${start} AND e.at < ${end}) AS escalated
    FROM supervision_items t
    JOIN units u ON u.id = t.unit_id
    JOIN units o ON o.id = t.office_unit_id
    LEFT JOIN cases c ON c.id = t.case_id
    WHERE o.path LIKE ${`${actor.scopePath}%`}
      AND t.created_at < ${end}
      AND (t.created_at >= ${start} OR t.closed_at IS NULL OR t.closed_at >= ${start})
    ORDER BY u.name, t.created_at`.execute(deps.db);

  const inPeriod = (d: Date | null) => d !== null && d >= start && d < end;
  const byUnit = new Map<string, BulletinUnitLine>();
  const totals = { opened: 0, closed: 0, open: 0, overdueResponses: 0, escalated: 0, accountability: 0 };
  const matters: BulletinMatter[] = [];
  for (const r of items.rows) {
    const line = byUnit.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, opened: 0, closed: 0, open: 0, overdueResponses: 0, escalated: 0, listed: 0, interview: 0, accountability: 0 };
    const recs = (r.accountability ?? []).filter((a) => inPeriod(new Date((a as { at: string }).at))).length;
    const counts = {
      opened: inPeriod(r.created_at) ? 1 : 0,
      closed: r.status === 'closed' && inPeriod(r.closed_at) ? 1 : 0,
      open: r.closed_at === null || r.closed_at >= end ? 1 : 0,
      overdueResponses: r.overdue ? 1 : 0,
      escalated: r.escalated ? 1 : 0,
      accountability: recs,
    };
    for (const k of Object.keys(counts) as Array<keyof typeof counts>) {
      line[k] += counts[k];
      totals[k] += counts[k];
    }
    if (r.level === 'listed') line.listed++;
    if (r.level === 'interview') line.interview++;
    byUnit.set(r.unit_id, line);
    matters.push({
      itemId: r.id,
      unitName: r.unit_name,
      level: r.level,
      status: r.status,
      source: r.source,
      noticeNo: r.notice_no,
      caseRegNo: r.reg_no,
      subject: r.case_kind === 'accusation' ? '检举控告事项（内容不予通报）' : r.case_title ?? r.reason,
    });
  }
  const units = [...byUnit.values()].sort((a, b) => b.overdueResponses - a.overdueResponses || b.open - a.open || a.unitName.localeCompare(b.unitName, 'zh'));
  return { period: { from, to }, totals, units, matters };
}

/** Generates, numbers and keeps a bulletin for the period; the supervisor's office issues it. */
export async function createBulletin(deps: Deps, args: UseCaseArgs & { input: unknown }) {
  requireRole(args.actor, 'supervisor');
  const actor = args.actor as StaffActor;
  const input = parseInput(bulletinInput, args.input ?? {}, args.lang);
  const content = await gather(deps, actor, input.from as IsoDate, input.to as IsoDate);
  const now = deps.now();
  const title = input.title ?? `督查督办情况通报（${input.from} 至 ${input.to}）`;
  return deps.db.transaction().execute(async (tx) => {
    const no = await allocateNumber(tx, actor.unitId, 'bulletin', now);
    const row = await tx
      .insertInto('supervision_bulletins')
      .values({ office_unit_id: actor.unitId, bulletin_no: no, title, period_from: input.from, period_to: input.to, content: JSON.stringify(content), created_by: actor.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(tx, actor, args.meta, { action: 'supervision.bulletin', entityType: 'supervision_bulletin', entityId: row.id, data: { no, from: input.from, to: input.to } });
    return { id: row.id, bulletinNo: no, title, ...content };
  });
}

/**
 * Bulletins are circulated within the government the office serves: visible to staff whose scope holds the office,
 * and to every unit under the office's parent (the departments and districts it is circulated to).
 */
const visible = (actor: StaffActor) => sql<boolean>`EXISTS (SELECT 1 FROM units o LEFT JOIN units p ON p.id = o.parent_id
  WHERE o.id = b.office_unit_id AND (o.path LIKE ${`${actor.scopePath}%`} OR ${actor.unitPath} LIKE coalesce(p.path, o.path) || '%'))`;

export async function listBulletins(deps: Deps, actor: Actor) {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const rows = await sql<{ id: string; bulletin_no: string; title: string; period_from: string; period_to: string; created_at: Date; office_name: string }>`
    SELECT b.id, b.bulletin_no, b.title, b.period_from, b.period_to, b.created_at, u.name AS office_name
    FROM supervision_bulletins b JOIN units u ON u.id = b.office_unit_id
    WHERE ${visible(actor)} ORDER BY b.created_at DESC LIMIT 200`.execute(deps.db);
  return { items: rows.rows.map((r) => ({ id: r.id, bulletinNo: r.bulletin_no, title: r.title, from: r.period_from, to: r.period_to, createdAt: r.created_at, office: r.office_name })) };
}

export async function getBulletin(deps: Deps, actor: Actor, id: string, _lang: Lang) {
  if (actor.kind !== 'staff' || !isUuid(id)) throw new AppError('RECORD_NOT_FOUND');
  const r = await sql<{ id: string; bulletin_no: string; title: string; period_from: string; period_to: string; created_at: Date; office_name: string; content: BulletinContent }>`
    SELECT b.id, b.bulletin_no, b.title, b.period_from, b.period_to, b.created_at, u.name AS office_name, b.content
    FROM supervision_bulletins b JOIN units u ON u.id = b.office_unit_id
    WHERE b.id = ${id} AND ${visible(actor)}`.execute(deps.db);
  const b = r.rows[0];
  if (!b) throw new AppError('RECORD_NOT_FOUND');
  return { id: b.id, bulletinNo: b.bulletin_no, title: b.title, office: b.office_name, createdAt: b.created_at, ...b.content };
}
