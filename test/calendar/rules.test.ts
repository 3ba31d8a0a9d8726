import { describe, expect, it } from 'vitest';
import { clockRuleSchema, DEFAULT_CLOCK_RULES, withClockRuleOverrides } from '../../src/calendar/index.js';

describe('default statutory clock rules', () => {
  it('every rule is valid, keyed by its own key, and cites a source', () => {
    for (const [key, rule] of Object.entries(DEFAULT_CLOCK_RULES)) {
      expect(clockRuleSchema.parse(rule)).toEqual(rule);
      expect(rule.key).toBe(key);
    }
  });

  it.each([
    ['route', 15, 'day', '第二十二条'],
    ['accept_notice', 15, 'day', '第二十三条'],
    ['object', 5, 'workday', '第二十三条第三款'],
    ['handle', 60, 'day', '第三十四条'],
    ['extension_max', 30, 'day', '第三十四条'],
    ['review_request', 30, 'day', '第三十五条'],
    ['review_decide', 30, 'day', '第三十五条'],
    ['rereview_request', 30, 'day', '第三十六条'],
    ['rereview_decide', 30, 'day', '听证所需时间不计算在前款规定的期限内'],
    ['hotline_emergency', 2, 'hour', 'DOMAIN.md'],
    ['hotline_utilities', 24, 'hour', 'DOMAIN.md'],
    ['hotline_general', 5, 'workday', '潍坊市12345政务服务便民热线条例 第二十条'],
    ['hotline_complex', 15, 'day', 'DOMAIN.md'],
  ] as const)('%s: %i %s (%s)', (key, amount, unit, cites) => {
    const rule = DEFAULT_CLOCK_RULES[key];
    expect(rule).toMatchObject({ amount, unit });
    expect(rule.source).toContain(cites);
  });

  it('defaults cannot be mutated', () => {
    expect(Object.isFrozen(DEFAULT_CLOCK_RULES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CLOCK_RULES.handle)).toBe(true);
  });
});

describe('overrides', () => {
  const base = { key: 'hotline_general', amount: 7, unit: 'day', source: '本市规定', descriptionZh: '一般诉求', descriptionEn: 'General' };

  it('replace a default or add a new key', () => {
    const rules = withClockRuleOverrides([base, { ...base, key: 'hotline_heating', amount: 12, unit: 'hour' }]);
    expect(rules.hotline_general).toMatchObject({ amount: 7, unit: 'day' });
    expect(rules.hotline_heating).toMatchObject({ amount: 12, unit: 'hour' });
    expect(rules.handle).toBe(DEFAULT_CLOCK_RULES.handle);
    expect(DEFAULT_CLOCK_RULES.hotline_general.amount).toBe(5);
  });

  it.each([
    ['amount 0', { amount: 0 }, /at least 1/],
    ['amount 3651', { amount: 3651 }, /at most 3650/],
    ['fractional amount', { amount: 1.5 }, /whole number/],
    ['unknown unit', { unit: 'week' }, /unit/],
    ['empty source', { source: '' }, /source/],
    ['bad key', { key: 'Hotline General' }, /snake_case/],
  ])('reject %s', (_label, patch, message) => {
    const result = clockRuleSchema.safeParse({ ...base, ...patch });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
    expect(() => withClockRuleOverrides([{ ...base, ...patch }])).toThrow();
  });
});
