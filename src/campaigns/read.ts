/**
 * Reading campaigns: the items (a register: list and record), the campaigns with their progress (清仓见底: counts per
 * status, % resolved, overdue) and the board (挂图作战: items by responsible unit or leader × status). Every count is
 * over the items the actor may see (registerScope), so an accusation hidden from the actor is never counted either.
 * Matters only: a case is shown by registration number, title and status; its parties stay on the case.
 */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { isUuid } from '../workflow/register-store.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { CAMPAIGN_ITEM_SPEC, type CampaignItemRow } from './store.js';
import { CAMPAIGN_ITEM_STATUSES, OPEN_ITEM_STATUSES, OUTCOME_LABELS, type CampaignItemStatus, type ProgressEntry } from './tables.js';
import { CAMPAIGN_WORKFLOW } from './workflow.js';

const openList = sql.join(OPEN_ITEM_STATUSES.map((s) => sql.lit(s)));
const staffOnly = (actor: Actor): StaffActor => {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  return actor;
};

/** An item whose target date has passed (at `now`) and that is not yet resolved. */
const overdue = (now: Date) => sql<boolean>`(t.status IN (${openList}) AND t.due_at IS NOT NULL AND t.due_at <= ${now})`;

export const itemListQuery = z.object({
  campaignId: z.string().uuid().optional(),
  status: z.enum(CAMPAIGN_ITEM_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: not yet resolved nor withdrawn'),
  unitId: z.string().regex(/^\d+$/).optional().describe('the responsible unit'),
  caseId: z.string().uuid().optional(),
  overdue: z.enum(['true']).optional().describe('true: past its target date and not resolved'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export async function listCampaignItems(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(itemListQuery, query ?? {}, lang);
  const now = deps.now();
  const where: RawBuilder<boolean>[] = [];
  if (q.campaignId) where.push(sql<boolean>`t.campaign_id = ${q.campaignId}`);
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.open === 'true') where.push(sql<boolean>`t.status IN (${openList})`);
  if (q.open === 'false') where.push(sql<boolean>`t.status NOT IN (${openList})`);
  if (q.unitId) where.push(sql<boolean>`t.unit_id = ${q.unitId}`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  if (q.overdue) where.push(overdue(now));
  const page = await listRegister(deps, CAMPAIGN_ITEM_SPEC, actor, { where, limit: q.limit, offset: q.offset, orderBy: sql`t.created_at DESC, t.due_at ASC NULLS LAST` });
  const caseIds = [...new Set(page.items.map((i) => i.caseId as string))];
  const campaignIds = [...new Set(page.items.map((i) => i.campaignId as string))];
  const [cases, campaigns] = await Promise.all([
    caseIds.length ? deps.db.selectFrom('cases').select(['id', 'reg_no', 'title', 'status']).where('id', 'in', caseIds).execute() : Promise.resolve([]),
    campaignIds.length ? deps.db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute() : Promise.resolve([]),
  ]);
  return {
    ...page,
    items: page.items.map((i) => {
      const c = cases.find((x) => x.id === i.caseId);
      const due = i.dueAt as Date | null;
      const open = (OPEN_ITEM_STATUSES as readonly string[]).includes(i.status as string);
      return {
        ...i,
        campaignName: campaigns.find((x) => x.id === i.campaignId)?.name ?? null,
        caseRegNo: c?.reg_no ?? null,
        caseTitle: c?.title ?? null,
        caseStatus: c?.status ?? null,
        overdue: open && due !== null && due.getTime() <= now.getTime(),
        ...(open ? {} : { dueAt: null }),
      };
    }),
  };
}

/** One item: the campaign, the case (number, title, status), the leader by post, the plan, progress, the outcome. */
export function campaignItemView(deps: Deps, actor: StaffActor, id: string) {
  return registerRecordView(deps, CAMPAIGN_WORKFLOW, CAMPAIGN_ITEM_SPEC, actor, id, async (row: CampaignItemRow) => {
    const now = deps.now();
    const progress = (typeof row.progress === 'string' ? JSON.parse(row.progress) : row.progress) as ProgressEntry[];
    const userIds = [row.leader_user_id, row.claimed_by, row.verified_by, ...progress.map((p) => p.by)].filter((x): x is string => !!x);
    const [c, campaign, users] = await Promise.all([
      deps.db.selectFrom('cases').select(['reg_no', 'title', 'status', 'registered_at']).where('id', '=', row.case_id).executeTakeFirst(),
      deps.db.selectFrom('campaigns').select(['name', 'reg_no', 'target_date']).where('id', '=', row.campaign_id).executeTakeFirstOrThrow(),
      userIds.length ? deps.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : Promise.resolve([]),
    ]);
    const nameOf = (u: string | null) => users.find((x) => x.id === u)?.display_name ?? null;
    const open = (OPEN_ITEM_STATUSES as readonly string[]).includes(row.status);
    return {
      campaignName: campaign.name,
      campaignRegNo: campaign.reg_no,
      campaignTargetDate: campaign.target_date,
      caseRegNo: c?.reg_no ?? null,
      caseTitle: c?.title ?? null,
      caseStatus: c?.status ?? null,
      caseRegisteredAt: c?.registered_at ?? null,
      leaderName: nameOf(row.leader_user_id),
      outcomeLabel: row.outcome ? OUTCOME_LABELS[row.outcome] : null,
      // who reported and who verified, by name (their user ids stay out of the answer)
      claimedBy: undefined,
      verifiedBy: undefined,
      claimedByName: nameOf(row.claimed_by),
      verifiedByName: nameOf(row.verified_by),
      overdue: open && row.due_at !== null && row.due_at.getTime() <= now.getTime(),
      progress: progress.map((p) => ({ n: p.n, at: p.at, note: p.note, by: nameOf(p.by) })),
      ...(open ? {} : { dueAt: null }),
    };
  });
}

/** A campaign the actor may see: its office lies in the actor's scope, or the actor sees one of its items. */
async function visibleCampaign(deps: Deps, actor: StaffActor, id: string) {
  if (!isUuid(id)) throw new AppError('RECORD_NOT_FOUND');
  const r = await sql<{ id: string; reg_no: string; name: string; office_unit_id: string; office_unit_name: string; period_start: string; period_end: string; target_date: string; filter: unknown; description: string | null; created_at: Date }>`
    SELECT c.id, c.reg_no, c.name, c.office_unit_id, ou.name AS office_unit_name, c.period_start::text, c.period_end::text, c.target_date::text, c.filter, c.description, c.created_at
    FROM campaigns c JOIN units ou ON ou.id = c.office_unit_id
    WHERE c.id = ${id} AND (ou.path LIKE ${`${actor.scopePath}%`} OR EXISTS (SELECT 1 FROM campaign_items t WHERE t.campaign_id = c.id AND ${CAMPAIGN_ITEM_SPEC.scope(actor)}))`.execute(deps.db);
  const c = r.rows[0];
  if (!c) throw new AppError('RECORD_NOT_FOUND');
  return c;
}

/** 清仓见底: the items of campaigns the actor sees, counted per status; resolved share of the items not withdrawn; overdue. */
async function progressOf(deps: Deps, actor: StaffActor, campaignIds: string[]) {
  if (campaignIds.length === 0) return new Map<string, ReturnType<typeof summarise>>();
  const now = deps.now();
  const r = await sql<{ campaign_id: string; status: CampaignItemStatus; n: number; overdue: number }>`
    SELECT t.campaign_id, t.status, count(*)::int AS n, count(*) FILTER (WHERE ${overdue(now)})::int AS overdue
    FROM campaign_items t WHERE t.campaign_id IN (${sql.join(campaignIds)}) AND ${CAMPAIGN_ITEM_SPEC.scope(actor)}
    GROUP BY t.campaign_id, t.status`.execute(deps.db);
  return new Map(campaignIds.map((id) => [id, summarise(r.rows.filter((x) => x.campaign_id === id))]));
}

function summarise(rows: Array<{ status: CampaignItemStatus; n: number; overdue: number }>) {
  const byStatus = Object.fromEntries(CAMPAIGN_ITEM_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0])) as Record<CampaignItemStatus, number>;
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0) - byStatus.withdrawn;
  const open = OPEN_ITEM_STATUSES.reduce((a, s) => a + byStatus[s], 0);
  return {
    byStatus,
    total,
    open,
    resolved: byStatus.resolved,
    percentResolved: total === 0 ? 0 : Math.round((byStatus.resolved / total) * 1000) / 10,
    overdue: rows.reduce((a, r) => a + r.overdue, 0),
    clearedOut: total > 0 && open === 0,
  };
}

export async function campaignView(deps: Deps, actor: Actor, id: string) {
  const a = staffOnly(actor);
  const c = await visibleCampaign(deps, a, id);
  const progress = (await progressOf(deps, a, [c.id])).get(c.id)!;
  return {
    id: c.id,
    regNo: c.reg_no,
    name: c.name,
    officeUnitId: String(c.office_unit_id),
    officeUnitName: c.office_unit_name,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    targetDate: c.target_date,
    filter: typeof c.filter === 'string' ? JSON.parse(c.filter) : c.filter,
    description: c.description,
    createdAt: c.created_at,
    statuses: CAMPAIGN_WORKFLOW.statuses,
    progress,
  };
}

export const campaignListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export async function listCampaigns(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const a = staffOnly(actor);
  const q = parseInput(campaignListQuery, query ?? {}, lang);
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const where = sql<boolean>`(ou.path LIKE ${`${a.scopePath}%`} OR EXISTS (SELECT 1 FROM campaign_items t WHERE t.campaign_id = c.id AND ${CAMPAIGN_ITEM_SPEC.scope(a)}))`;
  const [rows, total] = await Promise.all([
    sql<{ id: string; reg_no: string; name: string; office_unit_name: string; period_start: string; period_end: string; target_date: string; created_at: Date }>`
      SELECT c.id, c.reg_no, c.name, ou.name AS office_unit_name, c.period_start::text, c.period_end::text, c.target_date::text, c.created_at
      FROM campaigns c JOIN units ou ON ou.id = c.office_unit_id WHERE ${where}
      ORDER BY c.created_at DESC, c.id LIMIT ${limit} OFFSET ${offset}`.execute(deps.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM campaigns c JOIN units ou ON ou.id = c.office_unit_id WHERE ${where}`.execute(deps.db),
  ]);
  const progress = await progressOf(deps, a, rows.rows.map((r) => r.id));
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      regNo: r.reg_no,
      name: r.name,
      officeUnitName: r.office_unit_name,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      targetDate: r.target_date,
      createdAt: r.created_at,
      progress: progress.get(r.id),
    })),
    total: total.rows[0]?.n ?? 0,
    limit,
    offset,
  };
}

export const boardQuery = z.object({
  campaignId: z.string().uuid().optional().describe('one campaign; default: every campaign you see'),
  by: z.enum(['unit', 'leader']).optional().describe('rows: the responsible unit (default) or the leader'),
});

/**
 * 挂图作战: items the actor sees, rows by responsible unit (or leader, by name and post), columns by status — in the
 * shape the web's RegisterBoardPage draws — with the progress of the campaign (or of all shown) as a summary.
 */
export async function campaignBoard(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const a = staffOnly(actor);
  const q = parseInput(boardQuery, query ?? {}, lang);
  const campaign = q.campaignId ? await visibleCampaign(deps, a, q.campaignId) : null;
  const by = q.by ?? 'unit';
  const now = deps.now();
  const rowKey = by === 'unit' ? sql`coalesce(t.unit_id::text, 'none')` : sql`coalesce(t.leader_user_id::text, 'none')`;
  const rowName = by === 'unit' ? sql`coalesce(u.name, '')` : sql`coalesce(lu.display_name || '（' || t.leader_post || '）', '')`;
  const r = await sql<{ row: string; label: string; status: CampaignItemStatus; n: number; overdue: number }>`
    SELECT ${rowKey} AS row, ${rowName} AS label, t.status, count(*)::int AS n, count(*) FILTER (WHERE ${overdue(now)})::int AS overdue
    FROM campaign_items t LEFT JOIN units u ON u.id = t.unit_id LEFT JOIN users lu ON lu.id = t.leader_user_id
    WHERE ${CAMPAIGN_ITEM_SPEC.scope(a)} ${campaign ? sql`AND t.campaign_id = ${campaign.id}` : sql``}
    GROUP BY 1, 2, t.status`.execute(deps.db);
  const none = by === 'unit' ? { zh: '未确定责任单位', en: 'No unit yet' } : { zh: '未明确包案领导', en: 'No leader yet' };
  const rows = new Map<string, { key: string; label: { zh: string; en: string } }>();
  for (const x of r.rows) rows.set(x.row, { key: x.row, label: x.row === 'none' ? none : { zh: x.label, en: x.label } });
  const s = summarise(
    CAMPAIGN_ITEM_STATUSES.map((status) => ({
      status,
      n: r.rows.filter((x) => x.status === status).reduce((n, x) => n + x.n, 0),
      overdue: r.rows.filter((x) => x.status === status).reduce((n, x) => n + x.overdue, 0),
    })),
  );
  const campaigns = await listCampaigns(deps, a, { limit: '200' }, lang);
  return {
    rowLabel: by === 'unit' ? { zh: '责任单位', en: 'Responsible unit' } : { zh: '包案领导', en: 'Responsible leader' },
    colLabel: { zh: '化解进度', en: 'Status' },
    by,
    campaign: campaign ? { id: campaign.id, regNo: campaign.reg_no, name: campaign.name, targetDate: campaign.target_date } : null,
    rows: [...rows.values()].sort((x, y) => (x.key === 'none' ? 1 : y.key === 'none' ? -1 : x.label.zh.localeCompare(y.label.zh, 'zh'))),
    cols: CAMPAIGN_ITEM_STATUSES.map((st) => ({ key: st, label: CAMPAIGN_WORKFLOW.statuses[st] })),
    cells: r.rows.map((x) => ({ row: x.row, col: x.status, count: x.n })),
    summary: [
      { key: 'total', label: { zh: '列入总数', en: 'Selected' }, value: s.total },
      { key: 'resolved', label: { zh: '已化解', en: 'Resolved' }, value: s.resolved },
      { key: 'percentResolved', label: { zh: '化解率（%）', en: 'Resolved (%)' }, value: s.percentResolved },
      { key: 'open', label: { zh: '未化解', en: 'Still open' }, value: s.open },
      { key: 'overdue', label: { zh: '逾期未化解', en: 'Overdue' }, value: s.overdue },
    ],
    progress: s,
    filters: [
      { param: 'campaignId', label: { zh: '专项行动（默认全部）', en: 'Campaign (default: all)' }, options: campaigns.items.map((c) => ({ value: c.id, label: { zh: `${c.name}（${c.regNo}）`, en: `${c.name} (${c.regNo})` } })) },
      { param: 'by', label: { zh: '按责任单位/包案领导', en: 'Rows by unit or leader' }, options: [{ value: 'unit', label: { zh: '按责任单位', en: 'By unit' } }, { value: 'leader', label: { zh: '按包案领导', en: 'By leader' } }] },
    ],
  };
}

export const leadersQuery = z.object({ unitId: z.string().regex(/^\d+$/).optional().describe('only staff of this unit (or under it)') });

/**
 * Who may be named 包案领导: active staff of the units in the actor's scope, by name and unit (what the form's picker
 * lists; the plan still checks the leader). Only the office that assigns plans asks.
 */
export async function campaignLeaders(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const a = staffOnly(actor);
  if (!a.roles.some((r) => r === 'dispatcher' || r === 'supervisor')) throw new AppError('FORBIDDEN');
  const q = parseInput(leadersQuery, query ?? {}, lang);
  let under = a.scopePath;
  if (q.unitId) {
    const u = await deps.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!u || !u.path.startsWith(a.scopePath)) return { items: [] };
    under = u.path;
  }
  const rows = await deps.db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.display_name', 'units.name as unit_name'])
    .where('users.active', '=', true)
    .where('units.active', '=', true)
    .where('units.path', 'like', `${under}%`)
    .where(sql<boolean>`users.roles && ARRAY['handler', 'unit_head', 'dispatcher', 'supervisor']::text[]`)
    .orderBy('units.path')
    .orderBy('users.display_name')
    .limit(500)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, displayName: r.display_name, unitName: r.unit_name })) };
}
