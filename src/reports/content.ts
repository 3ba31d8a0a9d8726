/**
 * What a periodic or topic report says, assembled once as plain data that the three renderers (xlsx.ts, docx.ts,
 * pdf.ts) lay out. The figures are those of GET /api/metrics for the same unit and period (measureRates, the counts),
 * the ranking comes from measureRatesForUnits over the unit's child units. The contents follow 信访工作条例 第四十一条:
 * the data and the fields the matters concern, the units most complained about, routing/assignment/supervision
 * (the 督办 figures in supervision.ts).
 * Matters only: registration numbers, titles, units and days — never a petitioner or a member of staff.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../calendar/dates.js';
import { backlogCounts, intakeCounts, overdueCounts } from '../analytics/counts.js';
import { responsibleUnit } from '../analytics/case-metrics.js';
import { inUnit, metricQuery, type MetricQuery } from '../analytics/query.js';
import { measureRates, measureRatesForUnits, resolveUnit, type RateSet } from '../analytics/report.js';
import { hotspotTopicReport, visibleHotspots } from '../intel/hotspots.js';
import { hiddenAccusation } from '../workflow/register-query.js';
import { STATUS_LABELS, type Status } from '../cases/states.js';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { KIND_NAMES, periodLabel, previousPeriod, yearAgo, type Period, type ReportKind } from './periods.js';
import { Suppressor } from './suppress.js';
import { supervisionSection, supervisionSummary } from './supervision.js';

export type Cell = string | number;
export interface ReportTable {
  title: string;
  columns: string[];
  rows: Cell[][];
  note?: string;
}
export interface ReportChart {
  title: string;
  type: 'bar' | 'line' | 'pie';
  categories: string[];
  series: { name: string; data: number[] }[];
  percent?: boolean;
}
export interface ReportSection {
  heading: string;
  paragraphs: string[];
  tables: ReportTable[];
  charts: ReportChart[];
}
export interface ReportContent {
  kind: ReportKind;
  public: boolean;
  suppressBelow: number;
  title: string;
  /** 文号, given when the report is numbered (generate.ts) */
  docNo: string | null;
  issuer: string;
  unit: { id: string; name: string };
  period: Period;
  periodLabel: string;
  previous: Period | null;
  yearAgo: Period | null;
  asOf: string;
  sections: ReportSection[];
}

export interface ContentInput {
  kind: ReportKind;
  unitId?: string;
  from?: IsoDate;
  to?: IsoDate;
  topicIndex?: number;
  public: boolean;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const heading = (i: number, text: string) => `${NUMERALS[i] ?? String(i + 1)}、${text}`;
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Change against a comparison: "+3.2个百分点" for rates, "+12.5%" for counts; "—" without a base. */
function change(now: number | null, before: number | null, rate: boolean): string {
  if (now === null || before === null) return '—';
  if (rate) {
    const d = (now - before) * 100;
    return `${d >= 0 ? '+' : ''}${d.toFixed(1)}个百分点`;
  }
  if (before === 0) return '—';
  const d = ((now - before) / before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}%`;
}

type Progress = (pct: number) => Promise<void>;

export const TOPIC_NEEDS_INDEX = inputRule<{ kind: string; topicIndex?: number }>({
  field: 'topicIndex',
  message: 'a topic report needs topicIndex',
  doc: 'required when kind is topic',
  test: (v) => v.kind !== 'topic' || v.topicIndex !== undefined,
});
/** a weekly, monthly or quarterly report covers a period (the generator fills the last whole one when none is given) */
export const PERIOD_REQUIRED = inputRule({ field: 'from', message: 'a period is required', doc: 'a period (from and to) for every kind but topic; default the last whole week, month or quarter' });

export async function reportContent(deps: Deps, actor: StaffActor, input: ContentInput, onProgress: Progress = async () => {}): Promise<ReportContent> {
  const unit = await resolveUnit(deps, actor, input.unitId);
  const k = deps.config.reports.suppressBelow;
  const s = new Suppressor(input.public, k);
  if (input.kind === 'topic') return topicContent(deps, actor, unit, input, s, onProgress);
  if (!input.from || !input.to) throw PERIOD_REQUIRED.error();
  const period: Period = { from: input.from, to: input.to };
  const previous = previousPeriod(period);
  const lastYear = yearAgo(period);
  const now = deps.now();
  const base = { actor, from: period.from, to: period.to, now, category: null, settings: deps.config.metrics };
  const q = metricQuery({ ...base, unit });
  const qPrev = metricQuery({ ...base, unit, ...previous });
  const qYear = metricQuery({ ...base, unit, ...lastYear });

  const rates = await measureRates(deps, q);
  await onProgress(20);
  const ratesPrev = await measureRates(deps, qPrev);
  const ratesYear = await measureRates(deps, qYear);
  await onProgress(40);
  const intake = await intakeCounts(deps.db, q);
  // the comparison periods need only their totals, which the rates carry
  const intakePrev = { total: ratesPrev.intake };
  const intakeYear = { total: ratesYear.intake };
  const { backlog, ageing } = await backlogCounts(deps.db, q);
  const overdue = await overdueCounts(deps.db, q);
  const overdueList = await overdueCases(deps, q);
  await onProgress(55);
  const children = await deps.db
    .selectFrom('units')
    .select(['id', 'name', 'path'])
    .where('parent_id', '=', unit.id)
    .where('active', '=', true)
    .orderBy('code')
    .execute();
  const childUnits = children.map((c) => ({ id: String(c.id), name: c.name, path: c.path }));
  const { unit: _measured, ...baseQuery } = q;
  const byUnit = childUnits.length ? await measureRatesForUnits(deps, baseQuery, childUnits) : new Map<string, RateSet>();
  await onProgress(70);
  const supervision = await supervisionSummary(deps, q);
  const hotspots = await visibleHotspots(deps, actor);
  const inSubtree = await casesInSubtree(deps, unit.path, [...new Set(hotspots.topics.flatMap((t) => t.caseIds))]);

  const sections: ReportSection[] = [];
  const metric = (set: RateSet, key: string) => set.metrics.find((m) => m.key === key)!;
  // 一、总体情况
  sections.push({
    heading: heading(0, '总体情况'),
    paragraphs: [
      `${periodLabel(input.kind, period)}，${unit.name}共受理登记信访事项${s.count(intake.total)}件，环比${s.hidden(intake.total, intakePrev.total) ? '—' : change(intake.total, intakePrev.total, false)}，同比${s.hidden(intake.total, intakeYear.total) ? '—' : change(intake.total, intakeYear.total, false)}。` +
        `期末在办${s.count(backlog.total)}件，超期未办${s.count(overdue.cases)}件（期限${s.count(overdue.total)}个）。` +
        `综合评分${s.score(rates)}（响应率、解决率、满意率加权，权重${rates.composite.weights.response}:${rates.composite.weights.resolution}:${rates.composite.weights.satisfaction}）。`,
    ],
    tables: [
      {
        title: '受理量对比',
        columns: ['期间', '起止日期', '受理量'],
        rows: [
          ['本期', `${period.from}至${period.to}`, s.count(intake.total)],
          ['上期（环比）', `${previous.from}至${previous.to}`, s.count(intakePrev.total)],
          ['去年同期（同比）', `${lastYear.from}至${lastYear.to}`, s.count(intakeYear.total)],
        ],
      },
    ],
    charts: [],
  });
  // 二、主要指标
  sections.push({
    heading: heading(1, '主要指标'),
    paragraphs: ['各项比率均列出分子、分母；分母为0的不计算比率（“—”）。环比、同比以百分点计。'],
    tables: [
      {
        title: '指标',
        columns: ['指标', '分子', '分母', '比率', '上期比率', '环比', '去年同期比率', '同比'],
        rows: [
          ...rates.metrics.map((m) => {
            const p = metric(ratesPrev, m.key);
            const y = metric(ratesYear, m.key);
            return [m.label.zh, s.count(m.numerator), s.count(m.denominator), s.rate(m), s.rate(p), s.hidden(m.denominator, p.denominator) ? '—' : change(m.rate, p.rate, true), s.rate(y), s.hidden(m.denominator, y.denominator) ? '—' : change(m.rate, y.rate, true)];
          }),
          [rates.composite.label.zh, '', '', s.score(rates), s.score(ratesPrev), '', s.score(ratesYear), ''],
        ],
      },
    ],
    charts: [
      {
        title: '主要比率（%）',
        type: 'bar',
        percent: true,
        categories: rates.metrics.filter((m) => m.rate !== null && !s.small(m.denominator)).map((m) => m.label.zh.replace(/率$/, '')),
        series: [{ name: '本期', data: rates.metrics.filter((m) => m.rate !== null && !s.small(m.denominator)).map((m) => Math.round(m.rate! * 1000) / 10) }],
      },
    ],
  });
  // 三、受理情况: by channel, field (category) and area — 第四十一条第一项 "信访事项涉及领域"
  const topCategories = intake.byCategory.slice(0, 10);
  sections.push({
    heading: heading(2, '受理情况'),
    paragraphs: [
      topCategories.length
        ? `反映较多的领域：${topCategories.slice(0, 3).map((c) => `${c.name ?? '未分类'}（${s.count(c.count)}件）`).join('、')}。`
        : '本期无受理事项。',
    ],
    tables: [
      { title: '分渠道', columns: ['渠道', '件数'], rows: intake.byChannel.map((c) => [c.label.zh, s.count(c.count)]) },
      { title: '分类别（前10）', columns: ['类别', '件数'], rows: topCategories.map((c) => [c.name ?? '未分类', s.count(c.count)]) },
      { title: '分区域', columns: ['区域', '件数'], rows: intake.byArea.map((c) => [c.name ?? '市本级', s.count(c.count)]) },
    ],
    charts: [
      {
        title: '受理渠道',
        type: 'pie',
        categories: intake.byChannel.filter((c) => c.count > 0 && !s.small(c.count)).map((c) => c.label.zh),
        series: [{ name: '件数', data: intake.byChannel.filter((c) => c.count > 0 && !s.small(c.count)).map((c) => c.count) }],
      },
    ],
  });
  // 四、积压与超期
  sections.push({
    heading: heading(3, '积压与超期'),
    paragraphs: [`期末在办${s.count(backlog.total)}件；仍在计时且已届满的期限${s.count(overdue.total)}个，涉及${s.count(overdue.cases)}件。`],
    tables: [
      { title: '在办事项账龄', columns: ['账龄', '件数'], rows: ageing.map((a) => [a.label.zh, s.count(a.count)]) },
      { title: '超期期限（按规则）', columns: ['期限', '计时数', '事项数'], rows: overdue.byRule.map((r) => [r.label.zh, s.count(r.clocks), s.count(r.cases)]) },
      {
        title: '超期事项清单',
        columns: input.public ? ['登记编号', '责任单位', '超期天数'] : ['登记编号', '标题', '责任单位', '超期天数'],
        rows: overdueList.map((o) => (input.public ? [o.regNo, o.unitName, o.daysOverdue] : [o.regNo, o.title, o.unitName, o.daysOverdue])),
        note: input.public ? '公开版不列事项标题。' : undefined,
      },
    ],
    charts: [],
  });
  // 五、单位排名: ranked only with enough matters in each rate's denominator
  const minN = deps.config.reports.rankMinCount;
  sections.push({
    heading: heading(4, '单位排名'),
    paragraphs: [`下级单位按综合评分和按期办结率排名；分母不足${minN}件的单位另列，不参与排名，以免少数事项决定名次。`],
    tables: childUnits.length ? rankingTables(childUnits, byUnit, minN, s) : [],
    charts: [],
  });
  // 六、被投诉较多的单位 (第四十一条第一项)
  const mostComplained = intake.byUnit.slice(0, 10);
  sections.push({
    heading: heading(5, '被投诉较多的单位'),
    paragraphs: ['按责任单位（主办单位，未交办的为登记单位）计入的受理量。'],
    tables: [{ title: '受理量较多的单位（前10）', columns: ['名次', '单位', '件数'], rows: mostComplained.map((u, i) => [i + 1, u.name ?? '', s.count(u.count)]) }],
    charts: mostComplained.length
      ? [{ title: '受理量较多的单位', type: 'bar', categories: mostComplained.filter((u) => !s.small(u.count)).map((u) => u.name ?? ''), series: [{ name: '件数', data: mostComplained.filter((u) => !s.small(u.count)).map((u) => u.count) }] }]
      : [],
  });
  // 七、热点问题
  const topics = hotspots.topics
    .map((t) => ({ ...t, here: t.caseIds.filter((id) => inSubtree.has(id)).length }))
    .filter((t) => t.here > 0)
    .slice(0, 10);
  sections.push({
    heading: heading(6, '热点问题'),
    paragraphs: [topics.length ? `近期热点（“每月一题”候选），按热度排列。` : '暂无热点问题数据。'],
    tables: topics.length
      ? [{ title: '热点问题', columns: ['序号', '主题', '关键词', '本单位件数', '增长'], rows: topics.map((t, i) => [i + 1, t.label, t.keyPhrases.slice(0, 5).join('、'), s.count(t.here), t.growth === null ? '新出现' : `${(t.growth * 100).toFixed(0)}%`]) }]
      : [],
    charts: [],
  });
  // 八、督查督办情况 (第四十一条第二、三项)
  sections.push(supervisionSection(heading(7, '督查督办情况'), unit.name, supervision, s));
  await onProgress(80);
  return {
    kind: input.kind,
    public: input.public,
    suppressBelow: k,
    title: `${unit.name}${periodLabel(input.kind, period)}${KIND_NAMES[input.kind].zh}${input.public ? '（公开版）' : ''}`,
    docNo: null,
    issuer: unit.name,
    unit: { id: unit.id, name: unit.name },
    period,
    periodLabel: periodLabel(input.kind, period),
    previous,
    yearAgo: lastYear,
    asOf: q.asOf.toISOString(),
    sections,
  };
}

function rankingTables(units: MetricQuery['unit'][], byUnit: Map<string, RateSet>, minN: number, s: Suppressor): ReportTable[] {
  const parts = ['response', 'resolution', 'satisfaction'];
  const m = (id: string, key: string) => byUnit.get(id)!.metrics.find((x) => x.key === key)!;
  const enoughComposite = (id: string) => byUnit.get(id)!.composite.score !== null && parts.every((p) => m(id, p).denominator >= minN);
  const ranked = units.filter((u) => enoughComposite(u.id)).sort((a, b) => byUnit.get(b.id)!.composite.score! - byUnit.get(a.id)!.composite.score!);
  const apart = units.filter((u) => !enoughComposite(u.id));
  const onTime = units.filter((u) => m(u.id, 'on_time_completion').denominator >= minN).sort((a, b) => m(b.id, 'on_time_completion').rate! - m(a.id, 'on_time_completion').rate! || a.name.localeCompare(b.name, 'zh'));
  const onTimeApart = units.filter((u) => m(u.id, 'on_time_completion').denominator < minN);
  return [
    {
      title: '综合评分排名',
      columns: ['名次', '单位', '综合评分', '响应率', '解决率', '满意率'],
      rows: ranked.map((u, i) => [i + 1, u.name, s.score(byUnit.get(u.id)!), ...parts.map((p) => s.rate(m(u.id, p)))]),
      note: apart.length ? `事项不足、不参与排名：${apart.map((u) => u.name).join('、')}。` : undefined,
    },
    {
      title: '按期办结率排名',
      columns: ['名次', '单位', '按期办结率', '分子', '分母'],
      rows: onTime.map((u, i) => {
        const x = m(u.id, 'on_time_completion');
        return [i + 1, u.name, s.rate(x), s.count(x.numerator), s.count(x.denominator)];
      }),
      note: onTimeApart.length ? `事项不足、不参与排名：${onTimeApart.map((u) => u.name).join('、')}。` : undefined,
    },
  ];
}

/** Cases with a running deadline past due at the period end, in the unit subtree; accusations stay hidden from the accused. */
async function overdueCases(deps: Deps, q: MetricQuery) {
  const r = await sql<{ reg_no: string; title: string; unit_name: string; days: number }>`
    SELECT c.reg_no, c.title, su.name AS unit_name, max(floor(extract(epoch FROM (${q.asOf}::timestamptz - k.due_at)) / 86400))::int AS days
    FROM case_clocks k
    JOIN cases c ON c.id = k.case_id
    ${inUnit(q, sql`COALESCE(k.unit_id, ${responsibleUnit})`)}
    WHERE k.purpose = 'deadline' AND k.started_at < ${q.asOf} AND (k.stopped_at IS NULL OR k.stopped_at >= ${q.asOf})
      AND k.due_at < ${q.asOf} AND NOT ${hiddenAccusation(q.actor, 'c')}
    GROUP BY c.reg_no, c.title, su.name
    ORDER BY days DESC, c.reg_no
    LIMIT 200`.execute(deps.db);
  return r.rows.map((x) => ({ regNo: x.reg_no, title: x.title, unitName: x.unit_name, daysOverdue: Math.max(0, x.days) }));
}

async function casesInSubtree(deps: Deps, path: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await sql<{ id: string }>`
    SELECT c.id FROM cases c JOIN units su ON su.id = ${responsibleUnit} AND su.path LIKE ${`${path}%`} WHERE c.id IN (${sql.join(ids)})`.execute(deps.db);
  return new Set(rows.rows.map((r) => r.id));
}

async function topicContent(deps: Deps, actor: StaffActor, unit: MetricQuery['unit'], input: ContentInput, s: Suppressor, onProgress: Progress): Promise<ReportContent> {
  if (input.topicIndex === undefined) throw TOPIC_NEEDS_INDEX.error();
  const report = await hotspotTopicReport(deps, actor, input.topicIndex);
  await onProgress(40);
  const inSubtree = await casesInSubtree(deps, unit.path, report.cases.map((c) => c.id));
  const cases = report.cases.filter((c) => inSubtree.has(c.id));
  const t = report.topic;
  const day = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '');
  const period: Period = { from: day(report.periodStart) as IsoDate, to: day(report.periodEnd) as IsoDate };
  const byStatus = new Map<string, number>();
  for (const c of cases) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  const statusName = (st: string) => STATUS_LABELS[st as Status]?.zh ?? st;
  const sections: ReportSection[] = [
    {
      heading: heading(0, '专题概况'),
      paragraphs: [
        `本期热点“${t.label}”，关键词：${t.keyPhrases.join('、')}。${unit.name}范围内相关事项${s.count(cases.length)}件；全市本期${s.count(t.size)}件，上期${s.count(t.previousSize)}件，` +
          `${t.growth === null ? '为本期新出现的问题' : `增长${(t.growth * 100).toFixed(0)}%`}。`,
        '依据《北京市接诉即办工作条例》第二十四条“每月一题”，对高频共性问题开展专题研究，推动源头治理。',
      ],
      tables: [],
      charts: [],
    },
    {
      heading: heading(1, '涉及地点与单位'),
      paragraphs: [],
      tables: [
        { title: '涉及地点', columns: ['地点', '件数'], rows: t.places.map((p) => [p.name, s.count(p.count)]) },
        { title: '涉及单位', columns: ['单位', '件数'], rows: t.units.map((u) => [u.name, s.count(u.count)]) },
        { title: '办理状态', columns: ['状态', '件数'], rows: [...byStatus].map(([st, n]) => [statusName(st), s.count(n)]) },
      ],
      charts: t.units.length ? [{ title: '涉及单位', type: 'bar', categories: t.units.filter((u) => !s.small(u.count)).map((u) => u.name), series: [{ name: '件数', data: t.units.filter((u) => !s.small(u.count)).map((u) => u.count) }] }] : [],
    },
    {
      heading: heading(2, '事项清单'),
      paragraphs: input.public ? ['公开版不列事项标题。'] : [],
      tables: [
        {
          title: '相关事项',
          columns: input.public ? ['登记编号', '状态', '办理单位', '收到日期'] : ['登记编号', '标题', '状态', '办理单位', '收到日期'],
          rows: cases.map((c) => (input.public ? [c.regNo, statusName(c.status), c.unitName ?? '', day(c.receivedAt)] : [c.regNo, c.title, statusName(c.status), c.unitName ?? '', day(c.receivedAt)])),
        },
      ],
      charts: [],
    },
    {
      heading: heading(3, '工作建议'),
      paragraphs: ['请涉及单位对上述事项逐件核查办理情况，分析共性原因，提出源头治理措施，并于下月报送办理情况。'],
      tables: [],
      charts: [],
    },
  ];
  await onProgress(80);
  return {
    kind: 'topic',
    public: input.public,
    suppressBelow: s.k,
    title: `${unit.name}${KIND_NAMES.topic.zh}：${t.label}${input.public ? '（公开版）' : ''}`,
    docNo: null,
    issuer: unit.name,
    unit: { id: unit.id, name: unit.name },
    period,
    periodLabel: periodLabel('topic', period),
    previous: null,
    yearAgo: null,
    asOf: new Date(report.computedAt ?? deps.now()).toISOString(),
    sections,
  };
}
