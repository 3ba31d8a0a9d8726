/**
 * The metric registry without a database: it covers DOMAIN.md's table, every definition is written in both
 * languages, docs/metrics.md is rendered from it, weights are configuration (defaults, validation), and the
 * composite score and the rate are computed as documented. The numbers themselves: test/http/metrics.test.ts.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGE_BUCKETS, COUNT_DEFINITIONS } from '../../src/analytics/counts.js';
import { renderMetricsMarkdown } from '../../src/analytics/metrics-doc.js';
import { compositeScore, METRIC_KEYS, METRICS, rateOf } from '../../src/analytics/metrics.js';
import { loadConfig, loadMetricSettings } from '../../src/core/config.js';

describe('the metric registry', () => {
  it('defines each ratio of DOMAIN.md “What is measured” exactly once', () => {
    const names = ['及时受理率', '按期办结率', '响应率', '解决率', '参评率', '满意率', '回访率', '重复信访率', '退单率', '结案率', '调解成功率', '隐患销号率'];
    expect(METRICS.map((m) => m.key)).toEqual([...METRIC_KEYS]);
    expect(new Set(METRICS.map((m) => m.key)).size).toBe(12);
    for (const n of names) expect(METRICS.filter((m) => m.name.zh.startsWith(n)), n).toHaveLength(1);
  });

  it('says every definition in Chinese and English: numerator, denominator, period, unit, category, tables', () => {
    for (const m of METRICS) {
      for (const t of [m.name, m.numerator, m.denominator, m.period, m.unit, m.category, ...m.notes]) {
        expect(t.zh.trim().length, `${m.key} zh`).toBeGreaterThan(1);
        expect(t.en.trim().length, `${m.key} en`).toBeGreaterThan(1);
        expect(t.zh, `${m.key}: Chinese text has Chinese`).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(m.source.length).toBeGreaterThan(0);
      expect(typeof m.compute).toBe('function');
    }
    for (const c of COUNT_DEFINITIONS) expect(c.definition.zh && c.definition.en).toBeTruthy();
    expect(AGE_BUCKETS.at(-1)!.max).toBeNull();
  });

  it('docs/metrics.md is rendered from the registry (npm run docs:metrics)', () => {
    const doc = fs.readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderMetricsMarkdown());
    for (const m of METRICS) expect(doc).toContain(`(\`${m.key}\`)`);
  });
});

describe('weights are configuration', () => {
  it('has the documented defaults: 24 h, partly solved 0.5, 满意 1 and 基本满意 1, composite 30/35/35', () => {
    expect(loadConfig({}).metrics).toEqual({
      responseHours: 24,
      partlySolvedWeight: 0.5,
      satisfiedWeight: 1,
      basicallySatisfiedWeight: 1,
      composite: { response: 30, resolution: 35, satisfaction: 35 },
      rankingMinCount: 10,
    });
  });

  it('reads the environment and names a bad value', () => {
    expect(
      loadMetricSettings({
        MINSHENG_METRIC_RESPONSE_HOURS: '2',
        MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT: '0',
        MINSHENG_METRIC_BASICALLY_SATISFIED_WEIGHT: '0.8',
        MINSHENG_METRIC_COMPOSITE_WEIGHTS: '40, 30, 30',
      }),
    ).toEqual({ responseHours: 2, partlySolvedWeight: 0, satisfiedWeight: 1, basicallySatisfiedWeight: 0.8, composite: { response: 40, resolution: 30, satisfaction: 30 }, rankingMinCount: 10 });
    expect(loadMetricSettings({ MINSHENG_METRIC_RANKING_MIN_COUNT: '0' }).rankingMinCount).toBe(0);
    expect(loadMetricSettings({ MINSHENG_METRIC_RANKING_MIN_COUNT: '30' }).rankingMinCount).toBe(30);
    for (const bad of ['-1', '2.5', 'ten', '100001']) expect(() => loadMetricSettings({ MINSHENG_METRIC_RANKING_MIN_COUNT: bad })).toThrow(/MINSHENG_METRIC_RANKING_MIN_COUNT/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_RESPONSE_HOURS: '0' })).toThrow(/MINSHENG_METRIC_RESPONSE_HOURS/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_RESPONSE_HOURS: '1.5' })).toThrow(/MINSHENG_METRIC_RESPONSE_HOURS/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT: '50%' })).toThrow(/MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_SATISFIED_WEIGHT: '1.2' })).toThrow(/MINSHENG_METRIC_SATISFIED_WEIGHT/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_COMPOSITE_WEIGHTS: '30,70' })).toThrow(/MINSHENG_METRIC_COMPOSITE_WEIGHTS/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_COMPOSITE_WEIGHTS: '0,0,0' })).toThrow(/MINSHENG_METRIC_COMPOSITE_WEIGHTS/);
    expect(() => loadMetricSettings({ MINSHENG_METRIC_COMPOSITE_WEIGHTS: '30,-5,35' })).toThrow(/MINSHENG_METRIC_COMPOSITE_WEIGHTS/);
  });
});

describe('rate and composite score', () => {
  it('a rate is null without a denominator, never 0%', () => {
    expect(rateOf({ numerator: 0, denominator: 0 })).toBeNull();
    expect(rateOf({ numerator: 0, denominator: 4 })).toBe(0);
    expect(rateOf({ numerator: 1.5, denominator: 3 })).toBe(0.5);
  });

  it('weights the three rates and is null when one is missing', () => {
    const w = { response: 30, resolution: 35, satisfaction: 35 };
    // 100 × (30 × 0.5 + 35 × 0.5 + 35 × 2/3) / 100 = 15 + 17.5 + 23.333…
    expect(compositeScore({ response: 0.5, resolution: 0.5, satisfaction: 2 / 3 }, w)).toBeCloseTo(55.8333, 3);
    expect(compositeScore({ response: 1, resolution: 1, satisfaction: 1 }, w)).toBeCloseTo(100, 9);
    // only the ratio of the weights matters
    expect(compositeScore({ response: 0.2, resolution: 0.4, satisfaction: 0.6 }, { response: 6, resolution: 7, satisfaction: 7 })).toBeCloseTo(
      compositeScore({ response: 0.2, resolution: 0.4, satisfaction: 0.6 }, { response: 30, resolution: 35, satisfaction: 35 })!,
      9,
    );
    expect(compositeScore({ response: null, resolution: 1, satisfaction: 1 }, w)).toBeNull();
  });
});
