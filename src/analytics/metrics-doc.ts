/**
 * docs/metrics.md, rendered from the registry (metrics.ts, counts.ts) and the configuration defaults, in Chinese and
 * English. `npm run docs:metrics` writes it; test/unit/metrics.test.ts fails when the file is stale.
 */
import { loadMetricSettings } from '../core/config.js';
import { AGE_BUCKETS, COUNT_DEFINITIONS } from './counts.js';
import { COMPOSITE, METRICS, type Text } from './metrics.js';
import { METRIC_ROLES } from './report.js';

/** The rules every metric follows; the registry's entries say only what is particular to each. */
export const GENERAL_RULES: readonly Text[] = [
  {
    zh: '**期间**：from、to 为中国标准时间（UTC+8）的日期，首尾两日都含，即 [from 0时, to 24时)。一个行为（答复、回访、派单、收到）在此区间内即计入。一个期限（“届满”）以其末日24时（按小时计的规则为其时刻）为届满时刻，届满时刻在 (from 0时, to 24时] 内且已经到来的，计入该期间——期末日24时届满的期限属于本期间，尚未届满的期限不计。',
    en: '**Period**: from and to are China Standard Time (UTC+8) dates, both included: [from 00:00, to 24:00). An act (a reply, a visit, a dispatch, a receipt) counts when it falls in that interval. A deadline falls due at 24:00 of its last day (at its hour for hourly rules) and counts in the period when that instant lies in (from 00:00, to 24:00] and has been reached — a deadline ending at 24:00 on the last day belongs to the period, one not yet reached is not counted.',
  },
  {
    zh: '**期末**：积压、账龄、超期取期末（to 24时）的状态；期间尚未结束的取当前。',
    en: '**Period end**: backlog, ageing and overdue are read as they stood at the end of the period (to 24:00), or now for a period not over.',
  },
  {
    zh: '**单位**：指定单位即其全部下级（units.path 前缀）。每个指标的每一行只按一个单位字段计入（见各指标“计入单位”），所以下级单位的分子分母相加等于上级的，按“单位 × 类别 × 日”的汇总表可以直接相加。',
    en: '**Unit**: a unit means its whole subtree (units.path prefix). Each row of each metric is attributed to ONE unit column (see “Unit” of each metric), so the numerators and denominators of sibling units add up to their parent’s, and rollups per unit × category × day can be summed.',
  },
  {
    zh: '**类别**：指定类别即该类别及其全部下级类别。',
    en: '**Category**: a category means it and every category under it.',
  },
  {
    zh: '**直接计算**：每个指标都直接从基础表计算（不经汇总表），是以后汇总表必须逐数一致的参照。超期一律比较 due_at（已含节假日顺延和经批准的延期）与完成时刻，不依赖定时扫描写入的 overdue_at。',
    en: '**Computed from the base tables**: every metric is computed straight from the base tables (no rollups); it is the reference later rollups must match number for number. Lateness always compares due_at (holidays rolled forward, approved extensions included) with the time of the act, never overdue_at, which a periodic sweep stamps.',
  },
  {
    zh: `**可见范围**：角色 ${METRIC_ROLES.join('、')} 可以查询，且只能查询本人范围（scopePath）内的单位；范围外的单位答复 404（与不可见的记录一样，不披露其存在）。`,
    en: `**Scope**: roles ${METRIC_ROLES.join(', ')} may ask, and only for units inside their own scope (scopePath); a unit outside answers 404 (like a record one may not see, its existence is not disclosed).`,
  },
  {
    zh: '**检举控告事项**：对查看者不可见的检举控告（查看者在被检举单位或本人被检举，信访工作条例第三十条）仍计入数量：计数不披露材料和检举人，而且同一单位同一期间的同一指标对任何查看者都必须是同一个数，汇总表和排名才可核对。只返回数量和单位、类别名称，从不返回事项、个人信息或其标识。公开发布时对可能识别信访人的小数字作抑制，由报表功能处理。',
    en: '**Accusations**: an accusation hidden from the viewer (the viewer sits in the accused unit or is accused, 信访工作条例 第三十条) is still counted: a count discloses neither the materials nor the accuser, and a metric of a unit and period must be the same number for every viewer, or rollups and rankings could not be checked. Only counts and unit and category names are answered — never a case, personal data or an identifier of either. Suppressing small counts that could identify a petitioner in a published report belongs to the reports.',
  },
  {
    zh: '**比率**：rate = 分子 ÷ 分母；分母为0时 rate 为 null（没有比率，不同于0%）。',
    en: '**Rate**: rate = numerator ÷ denominator; null when the denominator is 0 (no rate, which is not 0%).',
  },
];

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMetricsMarkdown(): string {
  const d = loadMetricSettings({});
  const out: string[] = [
    '# 指标口径 / Metric definitions',
    '',
    '<!-- generated from src/analytics/metrics.ts by `npm run docs:metrics`; a test fails when it is stale -->',
    '',
    'DOMAIN.md “What is measured”: 每个指标只在一处（`src/analytics/metrics.ts`）定义，给出精确的分子、分母、期间规则和计入单位，并按手工计算的例子测试（`test/http/metrics.test.ts`）。',
    'Each metric is defined once, in `src/analytics/metrics.ts`, with its exact numerator, denominator, period rule and the unit it counts for, and tested on hand-computed examples (`test/http/metrics.test.ts`).',
    '',
    '`GET /api/metrics?from=YYYY-MM-DD&to=YYYY-MM-DD[&unitId=][&categoryId=]` answers every metric as `{key, label, numerator, denominator, rate, parts?}`, the composite score and the counts below.',
    '',
    '## 通用规则 / General rules',
    '',
  ];
  for (const r of GENERAL_RULES) out.push(`- ${r.zh}`, `  ${r.en}`);
  out.push('', '## 比率 / Rates', '', '| key | 指标 | Metric |', '|---|---|---|');
  for (const m of METRICS) out.push(`| \`${m.key}\` | ${m.name.zh} | ${m.name.en} |`);
  for (const m of METRICS) {
    out.push('', `### ${m.name.zh} / ${m.name.en} (\`${m.key}\`)`, '', '| | 中文 | English |', '|---|---|---|');
    const rows: Array<[string, Text]> = [
      ['分子 Numerator', m.numerator],
      ['分母 Denominator', m.denominator],
      ['期间 Period', m.period],
      ['计入单位 Unit', m.unit],
      ['类别 Category', m.category],
    ];
    for (const [h, t] of rows) out.push(`| ${h} | ${cell(t.zh)} | ${cell(t.en)} |`);
    out.push(`| 数据 Tables | ${m.source.map((s) => `\`${s}\``).join(', ')} | |`);
    if (m.notes.length) {
      out.push('', '说明 / Why:', '');
      for (const n of m.notes) out.push(`- ${n.zh}`, `  ${n.en}`);
    }
  }
  out.push('', `## ${COMPOSITE.name.zh} / ${COMPOSITE.name.en}`, '', COMPOSITE.definition.zh, '', COMPOSITE.definition.en, '');
  out.push('## 计数 / Counts', '', '| key | 名称 / Name | 口径 | Definition |', '|---|---|---|---|');
  for (const c of COUNT_DEFINITIONS) out.push(`| \`${c.key}\` | ${c.name.zh} / ${c.name.en} | ${cell(c.definition.zh)} | ${cell(c.definition.en)} |`);
  out.push('', `账龄分段 / Ageing buckets: ${AGE_BUCKETS.map((b) => `\`${b.key}\``).join(', ')}.`, '');
  out.push(
    '## 配置 / Configuration',
    '',
    '权重是配置而不是查询中的常数（`src/core/config.ts`，启动时校验）。Weights are configuration, not constants in the queries (`src/core/config.ts`, validated at start-up).',
    '',
    '| variable | default | 含义 | Meaning |',
    '|---|---|---|---|',
    `| \`MINSHENG_METRIC_RESPONSE_HOURS\` | ${d.responseHours} | 响应率：派单后多少小时内签收算响应（1–720） | response rate: hours after dispatch within which signing counts (1–720) |`,
    `| \`MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT\` | ${d.partlySolvedWeight} | 解决率：“部分解决”的权重（0–1） | resolution rate: weight of “partly solved” (0–1) |`,
    `| \`MINSHENG_METRIC_SATISFIED_WEIGHT\` | ${d.satisfiedWeight} | 满意率：“满意”的权重（0–1） | satisfaction rate: weight of “satisfied” (0–1) |`,
    `| \`MINSHENG_METRIC_BASICALLY_SATISFIED_WEIGHT\` | ${d.basicallySatisfiedWeight} | 满意率：“基本满意”的权重（0–1） | satisfaction rate: weight of “basically satisfied” (0–1) |`,
    `| \`MINSHENG_METRIC_COMPOSITE_WEIGHTS\` | ${d.composite.response},${d.composite.resolution},${d.composite.satisfaction} | 综合评分：响应率、解决率、满意率的权重 | composite score: weights of response, resolution and satisfaction rates |`,
    '',
  );
  return out.join('\n');
}
