/**
 * 积案化解专项行动, the creating action: the office (the actor's unit) names the campaign, its period and target date,
 * and a filter; the cases matching it IN THE ACTOR'S SCOPE (scopeToActor: an accusation hidden from the actor is never
 * selected, 第三十条) become one campaign item each, in ONE transaction with the audit row and a private line on each
 * case's timeline. A case already in an open item of another campaign is left out (counted twice it would be chased
 * twice). previewCampaign answers the same selection without creating anything.
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { cstDateOf } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, isoDateInput, withRules } from '../core/input-rules.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import type { Actor, StaffActor } from '../org/actor.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { scopeToActor } from '../cases/scope.js';
import { KINDS, STATUSES, type Status } from '../cases/states.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { createRegisterRow } from '../workflow/register-store.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { unitIdInput, unitsInScope } from '../coordination/handlers.js';
import { ENTITY, TABLE } from './store.js';
import { OPEN_ITEM_STATUSES, type CampaignItemStatus } from './tables.js';
import { CAMPAIGN_WORKFLOW } from './workflow.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Statuses of a case still on the books: not closed, not refused, not folded into another, not finally reviewed. */
export const BACKLOG_CASE_STATUSES = ['registered', 'dispatched', 'signed', 'objected', 'accepted', 'reply_pending', 'replied', 'review', 'reviewed', 'rereview'] as const satisfies readonly Status[];
const MAX_ITEMS = 500;

const SOME_CONDITION = inputRule<{ registeredBefore?: string; openLongerThanDays?: number; repeatOnly?: boolean }>({
  field: 'openLongerThanDays',
  message: '请至少给出一个积案条件（登记日期、办理天数或重复信访）/ give at least one backlog condition (registered before, open longer than, repeat)',
  doc: 'give at least one of registeredBefore, openLongerThanDays, repeatOnly: true',
  test: (f) => f.registeredBefore !== undefined || f.openLongerThanDays !== undefined || f.repeatOnly === true,
});
const ENDS_AFTER_START = inputRule<{ periodStart: string; periodEnd: string }>({
  field: 'periodEnd',
  message: '结束日期不能早于开始日期 / the period ends before it starts',
  doc: 'not before periodStart',
  test: (v) => !(v.periodEnd < v.periodStart),
});
const TARGET_AFTER_START = inputRule<{ periodStart: string; targetDate: string }>({
  field: 'targetDate',
  message: '目标日期不能早于开始日期 / the target date is before the start',
  doc: 'not before periodStart',
  test: (v) => !(v.targetDate < v.periodStart),
});
const AT_MOST_ITEMS = inputRule({ field: 'filter', message: `条件选中超过${MAX_ITEMS}件，请缩小范围 / more than ${MAX_ITEMS} cases: narrow the filter`, doc: `selects at most ${MAX_ITEMS} cases` });
const SOME_CASE = inputRule({ field: 'filter', message: '没有符合条件的信访事项 / no case matches the filter', doc: 'selects at least one case' });

export const filterInput = withRules(
  z.object({
    registeredBefore: isoDateInput('登记日期早于 (YYYY-MM-DD): cases registered before this day').optional(),
    openLongerThanDays: z.number().int().min(1).max(3650).optional().describe('cases registered more than N days ago and not yet finished (long-running, 久拖未决)'),
    repeatOnly: z.boolean().optional().describe('重复信访: only cases that repeat an earlier matter, or that later petitions repeat'),
    unitId: unitIdInput.optional().describe('only cases with a unit handling them in this unit’s subtree (in your scope)'),
    categoryIds: z.array(unitIdInput).max(50).optional().describe('事项类别: only cases of these categories'),
    kinds: z.array(z.enum(KINDS)).max(3).optional(),
    statuses: z.array(z.enum(STATUSES)).min(1).max(STATUSES.length).optional().describe('case statuses; default: every status still on the books'),
  }),
  SOME_CONDITION,
);
export type CampaignFilter = z.infer<typeof filterInput>;

export const campaignInput = withRules(
  z.object({
    name: text(4, 200).describe('e.g. 2060年东区信访积案化解专项行动'),
    periodStart: isoDateInput('行动开始日期 (YYYY-MM-DD)'),
    periodEnd: isoDateInput('行动结束日期 (YYYY-MM-DD)'),
    targetDate: isoDateInput('清仓见底目标日期 (YYYY-MM-DD): every selected case resolved by this day'),
    description: text(0, 4000).optional(),
    filter: filterInput,
  }),
  ENDS_AFTER_START,
  TARGET_AFTER_START,
);
/** the rules createCampaign checks against the cases the filter selects now (listed by its route) */
export const CAMPAIGN_SELECTION_RULES = [AT_MOST_ITEMS, SOME_CASE];

export const previewInput = z.object({ filter: filterInput });

const STATUS: CampaignItemStatus = 'selected';
const openItems = sql.join(OPEN_ITEM_STATUSES.map((s) => sql.lit(s)));

async function officeOf(deps: Deps, actor: Actor) {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const office = await deps.db.selectFrom('units').select(['id', 'path', 'name']).where('id', '=', actor.unitId).executeTakeFirstOrThrow();
  const refused = checkTransition(CAMPAIGN_WORKFLOW, actor, transitionOf(CAMPAIGN_WORKFLOW, 'select')!, { status: STATUS, officePath: office.path, unitPath: null, actorClaimed: false });
  if (refused) throw new AppError(refused.code, refused.params ?? {});
  return { actor, office };
}

/** The cases a filter selects for this actor, oldest first: scoped like every case read, hidden accusations excluded. */
async function selectCases(db: Deps['db'] | Transaction<DB>, actor: StaffActor, f: CampaignFilter, now: Date) {
  const unit = f.unitId ? (await unitsInScope(db, actor, [f.unitId], 'filter.unitId'))[0]! : null;
  let qb = scopeToActor(
    db
      .selectFrom('cases')
      .leftJoin('units as lead', 'lead.id', 'cases.lead_unit_id')
      .select(['cases.id', 'cases.reg_no', 'cases.title', 'cases.status', 'cases.kind', 'cases.registered_at', 'cases.lead_unit_id', 'lead.name as lead_unit_name', 'cases.related_case_id'])
      .select(sql<boolean>`EXISTS (SELECT 1 FROM cases rc WHERE rc.related_case_id = cases.id)`.as('repeated')),
    actor,
  )
    .where('cases.status', 'in', f.statuses ?? [...BACKLOG_CASE_STATUSES])
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM campaign_items ci WHERE ci.case_id = cases.id AND ci.status IN (${openItems}))`);
  if (f.registeredBefore) qb = qb.where('cases.registered_at', '<', new Date(`${f.registeredBefore}T00:00:00+08:00`));
  if (f.openLongerThanDays) qb = qb.where('cases.registered_at', '<', new Date(now.getTime() - f.openLongerThanDays * 86_400_000));
  if (f.repeatOnly) qb = qb.where(sql<boolean>`(cases.related_case_id IS NOT NULL OR EXISTS (SELECT 1 FROM cases rc WHERE rc.related_case_id = cases.id))`);
  if (unit)
    qb = qb.where(
      sql<boolean>`EXISTS (SELECT 1 FROM case_units fu JOIN units fuu ON fuu.id = fu.unit_id WHERE fu.case_id = cases.id AND fu.active AND fuu.path LIKE ${`${unit.path}%`})`,
    );
  if (f.categoryIds?.length) qb = qb.where('cases.category_id', 'in', f.categoryIds);
  if (f.kinds?.length) qb = qb.where('cases.kind', 'in', f.kinds);
  return qb.orderBy('cases.registered_at').orderBy('cases.id').limit(MAX_ITEMS + 1).execute();
}

const rowOut = (c: Awaited<ReturnType<typeof selectCases>>[number], now: Date) => ({
  caseId: c.id,
  regNo: c.reg_no,
  title: c.title,
  status: c.status,
  registeredAt: c.registered_at,
  daysOpen: Math.floor((now.getTime() - c.registered_at.getTime()) / 86_400_000),
  repeat: c.related_case_id !== null || c.repeated === true,
  leadUnitName: c.lead_unit_name,
});

function tooMany(n: number) {
  if (n > MAX_ITEMS) throw AT_MOST_ITEMS.error();
}

/** Dry run: how many cases the filter selects now, and the first rows (matters only: no petitioner's data). */
export async function previewCampaign(deps: Deps, args: { actor: Actor; lang: Lang; input: unknown }) {
  const { actor } = await officeOf(deps, args.actor);
  const input = parseInput(previewInput, args.input ?? {}, args.lang);
  const now = deps.now();
  const rows = await selectCases(deps.db, actor, input.filter, now);
  return { count: Math.min(rows.length, MAX_ITEMS), more: rows.length > MAX_ITEMS, max: MAX_ITEMS, items: rows.slice(0, 20).map((c) => rowOut(c, now)) };
}

async function regNo(tx: Transaction<DB>, at: Date) {
  const r = await sql<{ n: string }>`SELECT nextval('campaign_reg_seq')::text AS n`.execute(tx);
  return `JA${cstDateOf(at).replace(/-/g, '')}${r.rows[0]!.n.padStart(4, '0')}`;
}

export async function createCampaign(deps: Deps, args: UseCaseArgs & { input: unknown }): Promise<{ id: string; regNo: string; items: number }> {
  const { actor, office } = await officeOf(deps, args.actor);
  const input = parseInput(campaignInput, args.input ?? {}, args.lang);
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const rows = await selectCases(tx, actor, input.filter, now);
    tooMany(rows.length);
    if (rows.length === 0) throw SOME_CASE.error();
    const no = await regNo(tx, now);
    const campaign = await tx
      .insertInto('campaigns')
      .values({
        reg_no: no,
        name: input.name,
        office_unit_id: office.id,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        target_date: input.targetDate,
        filter: JSON.stringify(input.filter),
        description: input.description || null,
        created_by: actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const c of rows) {
      const id = await createRegisterRow(
        tx,
        actor,
        { entity: ENTITY, table: TABLE, action: 'select', status: STATUS },
        { campaign_id: campaign.id, office_unit_id: office.id, unit_id: c.lead_unit_id, case_id: c.id, created_at: now },
        now,
        { campaignId: campaign.id, campaignRegNo: no, caseRegNo: c.reg_no },
      );
      await appendEvent(tx, actor, { caseId: c.id, type: 'campaign_selected', public: false, at: now, data: { campaignId: campaign.id, campaignRegNo: no, itemId: id } });
    }
    await writeAudit(tx, actor, args.meta, { action: 'campaign.create', entityType: 'campaign', entityId: campaign.id, data: { regNo: no, filter: input.filter, items: rows.length } });
    return { id: campaign.id, regNo: no, items: rows.length };
  });
}
