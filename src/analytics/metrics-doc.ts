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
    `| \`MINSHENG_METRIC_RANKING_MIN_COUNT\` | ${d.rankingMinCount} | 排名：该指标分母小于此数的单位不参与排名，单列为“样本不足”（0–100000；见 docs/dashboards.md） | rankings: a unit whose denominator for the metric is below this is not ranked but listed as too few (0–100000; see docs/dashboards.md) |`,
    '',
  );
  out.push(
    '## 汇总表 / Rollups',
    '',
    '指标不在查询时扫描事项，而是读汇总表（`src/analytics/rollups.ts`，迁移 0010）。The rates are read from rollups, not computed by scanning cases (`src/analytics/rollups.ts`, migration 0010):',
    '',
    '- **事实 / Facts** (`metric_facts`)：每条记录（事项、回访、纠纷、隐患）对每个指标的贡献——计入日（北京时间）、归属单位、类别、分子、分母、原始计数和生效时刻；在改变该记录的同一事务中重写（流转钩子与创建钩子）。 What each record contributes to each metric — CST day, the one unit, category, numerator, denominator, raw counts, and the instant from which it counts — rewritten in the transaction that changes the record (transition and creation hooks). 与上面的参考口径用同样的表达式逐条写出（`rollup-facts.ts`）。Written with the same expressions as the reference computations above, per record (`rollup-facts.ts`).',
    '- **增量 / Deltas** (`metric_deltas`)：事实的每次变化记为有符号的一行（新增 +，撤销 −），只插入不改写，所以并发写入不会丢失。 Every change of a fact as a signed row, inserted and never read-modify-written, so concurrent writers lose nothing.',
    '- **汇总 / Rollups** (`metric_rollups`)：按粒度（日、月）× 日 × 单位子树（事实计入其单位和所有上级）× 类别 × 指标求和；任务每分钟把已生效的增量并入汇总并删除（同一语句）。 Sums per grain (day, month) × day × unit subtree (a fact counts for its unit and every unit above it) × category × metric; a job folds the settled deltas in every minute and deletes them in the same statement.',
    '- **读取 / Reading**：该单位整月的月汇总 + 两端零散日的日汇总 + 已生效但尚未并入的增量，一条语句、一个快照，因此任何时刻都精确：期限在届满时刻起计入，不必等任务。 Month rows for whole months + day rows for the days at either end + settled deltas not folded yet, in one statement and one snapshot, so a read is exact at any instant: a deadline counts from the instant it falls due, without waiting for the job.',
    '- **回退 / Fallback**：改变影响事实形状的设置（`MINSHENG_METRIC_RESPONSE_HOURS`）后、重建前，或查询时刻早于最近一次并入（模拟时钟），读取改用参考查询；服务启动时发现设置变化会自动重建。 After a change of a setting that shapes facts (`MINSHENG_METRIC_RESPONSE_HOURS`) and before a rebuild, or when the query instant is before the last fold, reads use the reference queries; the server rebuilds on start when such a setting changed. 权重在读取时应用，修改权重无需重建。 Weights apply on reading and need no rebuild.',
    '- **命令 / Commands**：`npm run minsheng -- metrics rebuild`（从基础表重算全部事实与汇总）、`metrics verify [--unit CODE] [--sample N]`（`--unit` 只核对该单位子树；证明存储的事实等于从基础表新算的事实、每个汇总格等于事实之和；`--sample` 另将 N 个随机（单位子树, 月[, 类别]）与参考查询逐数比较；不一致时列出记录与汇总格并以 1 退出）、`metrics fold`。 `metrics rebuild` recomputes every fact and rollup from the base tables; `metrics verify [--unit CODE] [--sample N]` (`--unit`: that unit’s subtree only) proves that the stored facts equal a fresh computation and every rollup cell the sum of the facts (with `--sample`, also N random (unit subtree, month[, category]) pairs against the reference queries), naming the records and cells that differ and exiting 1; `metrics fold` folds now.',
    '- **单位调整 / Moving units**：汇总按单位路径展开到上级；移动单位（改变上级）后须运行 `metrics rebuild`。 Rollups expand along unit paths: after moving a unit to another parent, run `metrics rebuild`.',
    '- **计数 / Counts**：受理量（按渠道）也在汇总中（`intake.<channel>`）；积压、账龄、超期是期末时点状态，仍按上文从基础表计算。 Intake by channel is in the rollups too (`intake.<channel>`); backlog, ageing and overdue are states at the period end and are still computed from the base tables as defined above.',
    '',
  );
  return out.join('\n');
}
