import { describe, expect, it } from 'vitest';
import {
  clockStatus,
  computeDueDate,
  computeDueInstantHours,
  DEFAULT_CLOCK_RULES,
  dueInstant,
  dueInstantForRule,
  HolidayCalendar,
  warningInstants,
} from '../../src/calendar/index.js';

const cal = HolidayCalendar.default();
const H = 3_600_000;

describe('early warnings (DOMAIN.md: at 80% of the time, then at 1 day left)', () => {
  // Registered Mon 2026-03-02 09:00 CST; 15-day routing clock (第二十二条) ends 24:00 CST on 03-17.
  const start = new Date('2026-03-02T09:00:00+08:00');
  const due = dueInstant(computeDueDate(cal, '2026-03-02', 15, 'day'));

  it('defaults to 80% and 24 h before, sorted', () => {
    expect(due.toISOString()).toBe('2026-03-17T16:00:00.000Z');
    const warnings = warningInstants({ start, due });
    // 375 h in all; 80% = 300 h after start = 2026-03-14 21:00 CST.
    expect(warnings.map((w) => [w.at.toISOString(), w.kind, w.label])).toEqual([
      ['2026-03-14T13:00:00.000Z', 'fraction', '80%'],
      ['2026-03-16T16:00:00.000Z', 'before', '24h'],
    ]);
  });

  it('sorts several fractions and times, drops duplicates and ones at or before start', () => {
    const warnings = warningInstants({
      start,
      due,
      fractions: [0.9, 0.5, 0.5],
      before: [{ hours: 24 }, { hours: 1000 }, { hours: 187.5 }],
    });
    // 187.5 h before due = 187.5 h after start = the 50% instant: kept once, as the fraction warning.
    // 1000 h before due is before start: dropped.
    expect(warnings.map((w) => w.label)).toEqual(['50%', '90%', '24h']);
    expect(warnings.every((w, i) => i === 0 || w.at > warnings[i - 1]!.at)).toBe(true);
  });

  it('rejects fractions outside (0, 1) and non-positive hours', () => {
    expect(() => warningInstants({ start, due, fractions: [1] })).toThrow(RangeError);
    expect(() => warningInstants({ start, due, fractions: [0] })).toThrow(/between 0 and 1/);
    expect(() => warningInstants({ start, due, before: [{ hours: 0 }] })).toThrow(/hours must be > 0/);
    expect(() => warningInstants({ start: new Date('x'), due })).toThrow(/start must be a valid Date/);
  });

  it('clockStatus: ok → warning → overdue at 24:00 of the last day', () => {
    const warnings = warningInstants({ start, due });
    expect(clockStatus(new Date('2026-03-10T00:00:00Z'), start, due, warnings).status).toBe('ok');
    const at80 = clockStatus(new Date('2026-03-14T13:00:00Z'), start, due, warnings);
    expect(at80).toEqual({ status: 'warning', fractionElapsed: 0.8, msLeft: 75 * H });
    const lastMs = clockStatus(new Date(due.getTime() - 1), start, due, warnings);
    expect(lastMs.status).toBe('warning');
    expect(lastMs.msLeft).toBe(1);
    const atDue = clockStatus(due, start, due, warnings);
    expect(atDue).toEqual({ status: 'overdue', fractionElapsed: 1, msLeft: 0 });
    const late = clockStatus(new Date(due.getTime() + 37.5 * H), start, due, warnings);
    expect(late.status).toBe('overdue');
    expect(late.fractionElapsed).toBeCloseTo(1.1);
    expect(late.msLeft).toBe(-37.5 * H);
  });

  it('clockStatus before start reports 0 elapsed', () => {
    expect(clockStatus(new Date(start.getTime() - H), start, due)).toMatchObject({ status: 'ok', fractionElapsed: 0 });
  });
});

// 民法典 第二百零一条第二款：按照小时计算期间的，自法律规定或者当事人约定的时间开始计算。
describe('hour clocks (12345: 2 h emergencies, 24 h water/power/gas/heating)', () => {
  it('count plain elapsed hours, holidays and nights included', () => {
    const received = new Date('2026-02-16T23:30:00+08:00'); // 春节 holiday, late evening
    expect(computeDueInstantHours(received, DEFAULT_CLOCK_RULES.hotline_emergency.amount).toISOString()).toBe('2026-02-16T17:30:00.000Z');
    expect(computeDueInstantHours(received, DEFAULT_CLOCK_RULES.hotline_utilities.amount).toISOString()).toBe('2026-02-17T15:30:00.000Z');
    expect(computeDueInstantHours(received, 0.5).toISOString()).toBe('2026-02-16T16:00:00.000Z');
  });

  it('dueInstantForRule handles hour rules and refuses date pauses for them', () => {
    const received = new Date('2026-10-01T08:00:00+08:00');
    expect(dueInstantForRule(cal, DEFAULT_CLOCK_RULES.hotline_emergency, received)?.toISOString()).toBe('2026-10-01T02:00:00.000Z');
    expect(() => dueInstantForRule(cal, DEFAULT_CLOCK_RULES.hotline_emergency, received, [{ from: '2026-10-01', to: null }])).toThrow(/hour clocks/);
  });

  it('rejects negative hours and invalid start instants', () => {
    expect(() => computeDueInstantHours(new Date(), -1)).toThrow(RangeError);
    expect(() => computeDueInstantHours(new Date(), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => computeDueInstantHours(new Date('x'), 2)).toThrow(/invalid start/);
  });

  it('a 2 h clock gets its 80% warning; the default 24 h-before one would precede start and is dropped', () => {
    const start = new Date('2026-10-01T08:00:00+08:00');
    const due = computeDueInstantHours(start, 2);
    const warnings = warningInstants({ start, due, before: [{ hours: 24 }, { hours: 0.5 }] });
    expect(warnings.map((w) => [w.label, w.at.toISOString()])).toEqual([
      ['0.5h', '2026-10-01T01:30:00.000Z'], // 30 min before due
      ['80%', '2026-10-01T01:36:00.000Z'], // 96 min after start
    ]);
  });
});
