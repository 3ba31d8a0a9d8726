/**
 * The shape of a metric definition, the rate, and the composite score of 响应率, 解决率 and 满意率 — shared by the
 * registry (metrics.ts), the use case (report.ts) and the doc (metrics-doc.ts).
 */
import type { Kysely } from 'kysely';
import type { MetricSettings } from '../core/config.js';
import type { DB } from '../db/types.js';
import type { MetricQuery, MetricValue } from './query.js';

export type Text = { zh: string; en: string };

export const METRIC_KEYS = [
  'timely_acceptance',
  'on_time_completion',
  'response',
  'resolution',
  'participation',
  'satisfaction',
  'return_visit',
  'repeat',
  'return',
  'closure',
  'mediation_success',
  'hazard_closeout',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface MetricDefinition {
  key: MetricKey;
  name: Text;
  numerator: Text;
  denominator: Text;
  period: Text;
  /** the one unit column a row is attributed to; the unit filter means that unit's subtree (units.path prefix) */
  unit: Text;
  category: Text;
  /** the tables read */
  source: string[];
  /** the choices made and why */
  notes: Text[];
  compute: (db: Kysely<DB>, q: MetricQuery) => Promise<MetricValue>;
}

/** null when the denominator is 0: no rate exists, which is different from 0%. */
export const rateOf = (v: MetricValue): number | null => (v.denominator === 0 ? null : v.numerator / v.denominator);

/** The composite score (考评综合得分) of 响应率, 解决率 and 满意率, 0–100, with the configured weights. */
export const COMPOSITE = {
  name: { zh: '综合评分（响应率、解决率、满意率加权）', en: 'Composite score (weighted response, resolution and satisfaction rates)' },
  parts: ['response', 'resolution', 'satisfaction'] as const satisfies readonly MetricKey[],
  definition: {
    zh: '综合评分 = 100 ×（w响应 × 响应率 + w解决 × 解决率 + w满意 × 满意率）÷（w响应 + w解决 + w满意）；权重为 MINSHENG_METRIC_COMPOSITE_WEIGHTS，默认 30,35,35。三项中任一项没有分母时不计算（null），以免缺项单位与全项单位比较。',
    en: 'composite = 100 × (w_response × response + w_resolution × resolution + w_satisfaction × satisfaction) ÷ (w_response + w_resolution + w_satisfaction); the weights are MINSHENG_METRIC_COMPOSITE_WEIGHTS, default 30,35,35. When any of the three has no denominator the score is null, so that a unit missing a part is never compared with one that has all three.',
  },
};

export function compositeScore(rates: Record<'response' | 'resolution' | 'satisfaction', number | null>, w: MetricSettings['composite']): number | null {
  const { response, resolution, satisfaction } = rates;
  if (response === null || resolution === null || satisfaction === null) return null;
  const sum = w.response + w.resolution + w.satisfaction;
  return (100 * (w.response * response + w.resolution * resolution + w.satisfaction * satisfaction)) / sum;
}
