import { afterEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  cstDateOf,
  daysBetween,
  endOfDayCst,
  isIsoDate,
  isoWeekday,
  startOfDayCst,
} from '../../src/calendar/dates.js';
import { HolidayCalendar, computeDueDate, dueInstantForRule } from '../../src/calendar/index.js';

describe('ISO date helpers (pure string/UTC arithmetic)', () => {
  it('validates real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-2-1', '20260201', '2026-02-01T00:00', '', null, 20260201]) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-02-12', '2026-02-26')).toBe(14);
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-02-01', 1.5)).toThrow(/integer/);
  });

  it('knows the ISO weekday', () => {
    expect(isoWeekday('2026-02-12')).toBe(4); // Thursday
    expect(isoWeekday('2026-02-14')).toBe(6); // Saturday
    expect(isoWeekday('2026-02-15')).toBe(7); // Sunday
  });

  it('start and end of a CST day are 00:00 and 24:00 at UTC+8', () => {
    expect(startOfDayCst('2026-02-26').toISOString()).toBe('2026-02-25T16:00:00.000Z');
    // 民法典 第二百零三条第二款：期间的最后一日的截止时间为二十四时
    expect(endOfDayCst('2026-02-26').toISOString()).toBe('2026-02-26T16:00:00.000Z');
    expect(endOfDayCst('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('cstDateOf follows CST, not UTC, around the midnight boundaries', () => {
    expect(cstDateOf(new Date('2026-02-12T15:59:59.999Z'))).toBe('2026-02-12'); // 23:59:59.999 CST
    expect(cstDateOf(new Date('2026-02-12T16:00:00.000Z'))).toBe('2026-02-13'); // 00:00 CST
    expect(cstDateOf(new Date('2026-02-12T23:30:00.000Z'))).toBe('2026-02-13'); // UTC still the 12th
    expect(cstDateOf(endOfDayCst('2026-02-26'))).toBe('2026-02-27');
    expect(() => cstDateOf(new Date('nonsense'))).toThrow(RangeError);
  });
});

// Node re-reads process.env.TZ when it changes, so the same process can check that no result
// depends on the machine's zone (i.e. that no local-time Date getter is used anywhere).
describe('results do not depend on the process time zone', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  const zones = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai', 'Pacific/Pago_Pago'];
  it.each(zones)('TZ=%s', (tz) => {
    process.env.TZ = tz;
    // Sanity: the zone switch really took effect, so this test can catch local-time getters.
    const probe = new Date('2026-02-12T23:30:00Z');
    const localDay = probe.getDate();
    if (tz === 'America/Los_Angeles') expect(localDay).toBe(12);
    if (tz === 'Pacific/Kiritimati') expect(localDay).toBe(13);

    expect(cstDateOf(new Date('2026-02-12T15:59:59.999Z'))).toBe('2026-02-12');
    expect(cstDateOf(new Date('2026-02-12T16:00:00.000Z'))).toBe('2026-02-13');
    expect(endOfDayCst('2026-02-26').toISOString()).toBe('2026-02-26T16:00:00.000Z');
    expect(startOfDayCst('2026-03-08').toISOString()).toBe('2026-03-07T16:00:00.000Z');
    expect(addCalendarDays('2026-03-07', 1)).toBe('2026-03-08'); // US DST starts 2026-03-08
    expect(isoWeekday('2026-03-08')).toBe(7);

    const cal = HolidayCalendar.default();
    expect(computeDueDate(cal, '2026-02-12', 5, 'workday')).toBe('2026-02-26');
    // Received at 23:30 UTC on the 12th = 07:30 CST on the 13th (Friday): counting starts the 14th.
    const due = dueInstantForRule(cal, { amount: 1, unit: 'workday' }, new Date('2026-02-12T23:30:00Z'));
    expect(due?.toISOString()).toBe('2026-02-14T16:00:00.000Z'); // 24:00 CST on Sat 02-14 (调休 workday)
  });
});
