// 信访工作条例 第三十六条第二款：复核机关、单位可以……举行听证……听证所需时间不计算在前款规定的期限内。
import { describe, expect, it } from 'vitest';
import { computeClockDue, computeDueDate, dueInstantForRule, HolidayCalendar } from '../../src/calendar/index.js';

const cal = HolidayCalendar.default();

describe('pausable clocks', () => {
  it('without pauses, equals computeDueDate for many start dates and amounts', () => {
    for (const startDate of ['2026-02-10', '2026-09-15', '2026-09-28', '2025-12-25']) {
      for (const amount of [0, 1, 5, 15, 30, 60]) {
        for (const unit of ['day', 'workday'] as const) {
          expect(computeClockDue(cal, { startDate, amount, unit, pauses: [] })).toBe(computeDueDate(cal, startDate, amount, unit));
        }
      }
    }
  });

  it('a pause from 03-10 to 03-13 removes 03-10, 03-11 and 03-12 from a 15-day clock', () => {
    expect(computeDueDate(cal, '2026-03-02', 15, 'day')).toBe('2026-03-17');
    const due = computeClockDue(cal, { startDate: '2026-03-02', amount: 15, unit: 'day', pauses: [{ from: '2026-03-10', to: '2026-03-13' }] });
    expect(due).toBe('2026-03-20');
  });

  it('a pause can push the last day onto a weekend, which then rolls to Monday', () => {
    // 15 days from 03-02 end Tue 03-17; 4 paused days move it to Sat 03-21 → Mon 03-23.
    const due = computeClockDue(cal, { startDate: '2026-03-02', amount: 15, unit: 'day', pauses: [{ from: '2026-03-03', to: '2026-03-07' }] });
    expect(due).toBe('2026-03-23');
  });

  it('working-day clocks skip paused working days too', () => {
    // 03-03, [03-04, 03-05 paused], 03-06, 03-09, 03-10, 03-11
    const due = computeClockDue(cal, { startDate: '2026-03-02', amount: 5, unit: 'workday', pauses: [{ from: '2026-03-04', to: '2026-03-06' }] });
    expect(due).toBe('2026-03-11');
  });

  it('overlapping pauses are counted once; an empty pause (to = from) changes nothing', () => {
    const pauses = [
      { from: '2026-03-10', to: '2026-03-13' },
      { from: '2026-03-11', to: '2026-03-12' },
      { from: '2026-03-05', to: '2026-03-05' },
    ];
    expect(computeClockDue(cal, { startDate: '2026-03-02', amount: 15, unit: 'day', pauses })).toBe('2026-03-20');
  });

  it('a pause that starts after the last day changes nothing (the clock had already run out)', () => {
    const pauses = [{ from: '2026-03-18', to: '2026-03-25' }];
    expect(computeClockDue(cal, { startDate: '2026-03-02', amount: 15, unit: 'day', pauses })).toBe('2026-03-17');
  });

  it('a pause starting on the would-be last day moves it', () => {
    const pauses = [{ from: '2026-03-17', to: '2026-03-19' }];
    expect(computeClockDue(cal, { startDate: '2026-03-02', amount: 15, unit: 'day', pauses })).toBe('2026-03-19');
  });

  it('re-review with a hearing: 30 days from 2026-09-01, hearing 09-10 to 09-17 (7 days)', () => {
    // Without the hearing: day 30 = 10-01 (国庆) → 10-08. With it: day 30 = 10-08 (Thu, working).
    expect(computeDueDate(cal, '2026-09-01', 30, 'day')).toBe('2026-10-08');
    expect(computeClockDue(cal, { startDate: '2026-09-01', amount: 30, unit: 'day', pauses: [{ from: '2026-09-10', to: '2026-09-17' }] })).toBe('2026-10-08');
    // An 8-day hearing: day 30 = 10-09 (Fri).
    expect(computeClockDue(cal, { startDate: '2026-09-01', amount: 30, unit: 'day', pauses: [{ from: '2026-09-10', to: '2026-09-18' }] })).toBe('2026-10-09');
  });

  describe('an open pause (to = null) stops the clock', () => {
    it('returns null while the pause began on or before the would-be last day', () => {
      const base = { startDate: '2026-03-02', amount: 15, unit: 'day' as const };
      expect(computeClockDue(cal, { ...base, pauses: [{ from: '2026-03-10', to: null }] })).toBeNull();
      expect(computeClockDue(cal, { ...base, pauses: [{ from: '2026-03-17', to: null }] })).toBeNull();
      expect(computeClockDue(cal, { ...base, unit: 'workday', pauses: [{ from: '2026-03-01', to: null }] })).toBeNull();
      expect(dueInstantForRule(cal, { amount: 15, unit: 'day' }, new Date('2026-03-02T02:00:00Z'), [{ from: '2026-03-10', to: null }])).toBeNull();
    });

    it('does not hide a clock that had already run out before the pause began', () => {
      const pauses = [{ from: '2026-03-18', to: null }];
      expect(computeClockDue(cal, { startDate: '2026-03-02', amount: 15, unit: 'day', pauses })).toBe('2026-03-17');
    });
  });

  it('rejects malformed pauses', () => {
    const base = { startDate: '2026-03-02', amount: 15, unit: 'day' as const };
    expect(() => computeClockDue(cal, { ...base, pauses: [{ from: '2026-03-13', to: '2026-03-10' }] })).toThrow(/pauses\[0\]: to \(2026-03-10\) is before from/);
    expect(() => computeClockDue(cal, { ...base, pauses: [{ from: '2026-3-1', to: null }] })).toThrow(/pauses\[0\]\.from/);
  });
});
