/**
 * The report's 督查督办 section — 信访工作条例 第四十一条第二项 "转送、交办、督办情况" and 第三项 "追究责任建议": the
 * supervision items (src/supervision/, migration 0006) whose supervised unit lies in the report unit's subtree, for the
 * period [start, asOf): opened, closed (办结), withdrawn, still open at the end, open with the notice's response
 * deadline passed at the end (逾期未反馈), escalations and accountability recommendations made; by source, by level at
 * the end and by supervised unit. Counts of matters and units only — no petitioner, no member of staff, no title.
 */
import { sql } from 'kysely';
import type { MetricQuery } from '../analytics/query.js';
import { SOURCE_LABELS } from '../supervision/read.js';
import { SUPERVISION_LEVELS, SUPERVISION_SOURCES, type SupervisionLevel, type SupervisionSource } from '../supervision/tables.js';
import { LEVEL_LABELS } from '../supervision/workflow.js';
import type { Deps } from '../workflow/deps.js';
import type { ReportSection } from './content.js';
import type { Suppressor } from './suppress.js';

export interface SupervisionFigures {
  opened: number;
  closed: number;
  withdrawn: number;
  openAtEnd: number;
  overdueAtEnd: number;
  escalations: number;
  accountability: number;
}
type Flags = SupervisionFigures;

export interface SupervisionSummary {
  totals: SupervisionFigures;
  bySource: Array<{ source: SupervisionSource } & SupervisionFigures>;
  /** items open at the end, by their level then (日常督办 / 挂牌督办 / 约谈) */
  byLevel: Array<{ level: SupervisionLevel; count: number }>;
  byUnit: Array<{ unitName: string } & SupervisionFigures>;
}

const zero = (): SupervisionFigures => ({ opened: 0, closed: 0, withdrawn: 0, openAtEnd: 0, overdueAtEnd: 0, escalations: 0, accountability: 0 });
const KEYS = Object.keys(zero()) as Array<keyof SupervisionFigures>;
const add = (to: SupervisionFigures, x: Flags) => {
  for (const k of KEYS) to[k] += x[k];
};

/** The figures of one period; `q` is the report's metric query (its unit subtree, start and asOf). */
export async function supervisionSummary(deps: Deps, q: Pick<MetricQuery, 'unit' | 'start' | 'asOf'>): Promise<SupervisionSummary> {
  const { start, asOf: end } = q;
  const rows = await sql<{ unit_id: string; unit_name: string; source: SupervisionSource; level_at_end: SupervisionLevel } & Record<keyof Flags, number>>`
    WITH items AS (
      SELECT t.id, t.unit_id, su.name AS unit_name, t.source, t.status, t.created_at, t.closed_at,
        COALESCE((SELECT e.data->>'from' FROM register_events e
                  WHERE e.entity = 'supervision' AND e.entity_id = t.id AND e.type = 'escalate' AND e.at >= ${end}
                  ORDER BY e.at, e.id LIMIT 1), t.level) AS level_at_end,
        (SELECT count(*) FROM register_events e
          WHERE e.entity = 'supervision' AND e.entity_id = t.id AND e.type = 'escalate' AND e.at >= ${start} AND e.at < ${end})::int AS escalations,
        (SELECT count(*) FROM jsonb_array_elements(t.accountability) a
          WHERE (a->>'at')::timestamptz >= ${start} AND (a->>'at')::timestamptz < ${end})::int AS accountability,
        (t.created_at < ${end} AND (t.closed_at IS NULL OR t.closed_at >= ${end})) AS open_at_end
      FROM supervision_items t
      JOIN units su ON su.id = t.unit_id AND su.path LIKE ${`${q.unit.path}%`}
      WHERE t.created_at < ${end}
    )
    SELECT i.unit_id::text AS unit_id, i.unit_name, i.source, i.level_at_end,
      (i.created_at >= ${start})::int AS opened,
      (i.status = 'closed' AND i.closed_at >= ${start} AND i.closed_at < ${end})::int AS closed,
      (i.status = 'withdrawn' AND i.closed_at >= ${start} AND i.closed_at < ${end})::int AS withdrawn,
      i.open_at_end::int AS "openAtEnd",
      (i.open_at_end AND EXISTS (SELECT 1 FROM register_clocks k
        WHERE k.entity = 'supervision' AND k.entity_id = i.id AND k.rule_key = 'supervision_response'
          AND k.started_at < ${end} AND (k.stopped_at IS NULL OR k.stopped_at >= ${end}) AND k.due_at < ${end}))::int AS "overdueAtEnd",
      i.escalations, i.accountability
    FROM items i
    WHERE i.created_at >= ${start} OR i.open_at_end OR i.closed_at >= ${start} OR i.accountability > 0`.execute(deps.db);

  const totals = zero();
  const bySource = new Map<SupervisionSource, SupervisionFigures>();
  const byUnit = new Map<string, { unitName: string } & SupervisionFigures>();
  const byLevel = new Map<SupervisionLevel, number>();
  for (const r of rows.rows) {
    const f = Object.fromEntries(KEYS.map((k) => [k, Number(r[k])])) as unknown as Flags;
    add(totals, f);
    add(bySource.get(r.source) ?? bySource.set(r.source, zero()).get(r.source)!, f);
    add(byUnit.get(r.unit_id) ?? byUnit.set(r.unit_id, { unitName: r.unit_name, ...zero() }).get(r.unit_id)!, f);
    if (f.openAtEnd) byLevel.set(r.level_at_end, (byLevel.get(r.level_at_end) ?? 0) + 1);
  }
  return {
    totals,
    bySource: SUPERVISION_SOURCES.filter((s) => bySource.has(s)).map((source) => ({ source, ...bySource.get(source)! })),
    byLevel: SUPERVISION_LEVELS.map((level) => ({ level, count: byLevel.get(level) ?? 0 })),
    byUnit: [...byUnit.values()].sort((a, b) => b.openAtEnd - a.openAtEnd || b.opened - a.opened || a.unitName.localeCompare(b.unitName, 'zh')),
  };
}

const COLUMNS = ['本期立项', '本期办结', '本期撤销', '期末在督', '逾期未反馈', '升级督办', '追责建议'];

/** The section as the three renderers lay it out; `title` is its numbered heading (e.g. 八、督查督办情况). */
export function supervisionSection(title: string, unitName: string, x: SupervisionSummary, s: Suppressor): ReportSection {
  const t = x.totals;
  const row = (f: SupervisionFigures) => KEYS.map((k) => s.count(f[k]));
  return {
    heading: title,
    paragraphs: [
      `本期对${unitName}及所属单位新立督办事项${s.count(t.opened)}件，办结${s.count(t.closed)}件，撤销${s.count(t.withdrawn)}件；` +
        `期末仍在督办${s.count(t.openAtEnd)}件，其中督办单逾期未反馈${s.count(t.overdueAtEnd)}件；本期升级督办${s.count(t.escalations)}次，提出追究责任建议${s.count(t.accountability)}条。`,
      '依据《信访工作条例》第四十一条第二项、第三项（督办情况，追究责任建议）。按被督办单位计；“期末在督”“逾期未反馈”以期末（或生成时）为准，督办级别为期末级别。',
    ],
    tables: [
      { title: '督办总体情况', columns: ['项目', '件数'], rows: COLUMNS.map((c, i) => [c, s.count(t[KEYS[i]!])]) },
      { title: '按督办来源', columns: ['来源', ...COLUMNS], rows: x.bySource.map((r) => [SOURCE_LABELS[r.source].zh, ...row(r)]) },
      { title: '期末在督事项（按督办级别）', columns: ['级别', '件数'], rows: x.byLevel.map((r) => [LEVEL_LABELS[r.level].zh, s.count(r.count)]) },
      { title: '按被督办单位（前10）', columns: ['单位', ...COLUMNS], rows: x.byUnit.slice(0, 10).map((r) => [r.unitName, ...row(r)]) },
    ],
    charts: [],
  };
}
