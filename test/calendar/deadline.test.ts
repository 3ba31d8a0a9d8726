import { describe, expect, it } from 'vitest';
import {
  computeDueDate,
  DEFAULT_CLOCK_RULES,
  dueInstant,
  dueInstantForRule,
  HolidayCalendar,
} from '../../src/calendar/index.js';

const cal = HolidayCalendar.default();

// 民法典 第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
describe('第二百零一条: the start day is not counted', () => {
  it('1 calendar day from Monday ends Tuesday; 1 working day from Friday ends Monday', () => {
    expect(computeDueDate(cal, '2026-03-02', 1, 'day')).toBe('2026-03-03');
    expect(computeDueDate(cal, '2026-03-06', 1, 'workday')).toBe('2026-03-09');
  });

  it('amount 0 means due the same day, never rolled forward (even on a rest day)', () => {
    expect(computeDueDate(cal, '2026-03-07', 0, 'day')).toBe('2026-03-07');
    expect(computeDueDate(cal, '2026-02-16', 0, 'workday')).toBe('2026-02-16');
  });

  it('rejects negative, fractional or absurd amounts and unknown units', () => {
    expect(() => computeDueDate(cal, '2026-03-02', -1, 'day')).toThrow(RangeError);
    expect(() => computeDueDate(cal, '2026-03-02', 1.5, 'day')).toThrow(/integer from 0/);
    expect(() => computeDueDate(cal, '2026-03-02', Number.NaN, 'workday')).toThrow(RangeError);
    expect(() => computeDueDate(cal, '2026-03-02', 1e9, 'workday')).toThrow(RangeError);
    expect(() => computeDueDate(cal, '2026-03-02', 2, 'hour' as 'day')).toThrow(/'day' or 'workday'/);
    expect(() => computeDueDate(cal, '2026-3-2', 2, 'day')).toThrow(/startDate/);
  });
});

describe('working-day periods (工作日)', () => {
  // DOMAIN.md / 信访工作条例 第二十三条第三款：应当自收到之日起5个工作日内提出异议
  it('Spring Festival 2026: received Thu 02-12, 5 working days end 2026-02-26', () => {
    // 02-13 (Fri), 02-14 (Sat, 调休 working day), [02-15…02-23 holiday], 02-24, 02-25, 02-26
    expect(computeDueDate(cal, '2026-02-12', 5, 'workday')).toBe('2026-02-26');
    expect(dueInstant('2026-02-26').toISOString()).toBe('2026-02-26T16:00:00.000Z'); // 24:00 CST
  });

  it('National Day 2026: skips 中秋 09-25…27 and 国庆 10-01…07', () => {
    // 09-28, 09-29, 09-30, [holidays], 10-08, 10-09
    expect(computeDueDate(cal, '2026-09-24', 5, 'workday')).toBe('2026-10-09');
  });

  it('counts the adjusted working weekend days (Sat 2026-10-10, Sun 2026-09-20)', () => {
    expect(computeDueDate(cal, '2026-09-30', 3, 'workday')).toBe('2026-10-10'); // 10-08, 10-09, 10-10
    expect(computeDueDate(cal, '2026-09-18', 1, 'workday')).toBe('2026-09-20'); // Sat 09-19 skipped
  });
});

// 民法典 第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
describe('第二百零三条: a last day on a rest day rolls to the first working day after it', () => {
  it('a calendar-day period ending on an ordinary Saturday ends on Monday', () => {
    expect(computeDueDate(cal, '2026-03-02', 5, 'day')).toBe('2026-03-09'); // Sat 03-07 → Mon 03-09
    expect(computeDueDate(cal, '2026-03-03', 5, 'day')).toBe('2026-03-09'); // Sun 03-08 → Mon 03-09
  });

  it('a period ending inside National Day 2026 (10-01…10-07) ends on Thu 2026-10-08', () => {
    expect(computeDueDate(cal, '2026-09-16', 15, 'day')).toBe('2026-10-08'); // last day 10-01
    expect(computeDueDate(cal, '2026-09-07', 30, 'day')).toBe('2026-10-08'); // last day 10-07
  });

  it('a period ending on an adjusted working Sunday does not roll (调休 makes it a working day)', () => {
    expect(computeDueDate(cal, '2026-09-10', 10, 'day')).toBe('2026-09-20'); // Sun 09-20 国庆 补班
    expect(computeDueDate(cal, '2025-12-20', 15, 'day')).toBe('2026-01-04'); // Sun 01-04 元旦 补班
  });

  it('a period ending inside the Spring Festival rolls past it', () => {
    expect(computeDueDate(cal, '2026-02-01', 15, 'day')).toBe('2026-02-24'); // last day 02-16
  });
});

// 信访工作条例 第三十四条：应当自受理之日起60日内办结；……延长期限不得超过30日
describe('handling deadline, 60 days from acceptance (第三十四条)', () => {
  const handle = DEFAULT_CLOCK_RULES.handle;

  it('accepted 2026-03-02: day 60 is 05-01 (劳动节 05-01…05), so due Wed 2026-05-06', () => {
    expect(handle).toMatchObject({ amount: 60, unit: 'day' });
    expect(computeDueDate(cal, '2026-03-02', handle.amount, 'day')).toBe('2026-05-06');
  });

  it('accepted 2026-07-01: day 60 is Sunday 08-30, so due Mon 2026-08-31', () => {
    expect(computeDueDate(cal, '2026-07-01', 60, 'day')).toBe('2026-08-31');
  });

  it('the 30-day extension counts on from the end of the original period', () => {
    const original = computeDueDate(cal, '2026-03-02', 60, 'day');
    expect(computeDueDate(cal, original, DEFAULT_CLOCK_RULES.extension_max.amount, 'day')).toBe('2026-06-05');
  });

  it('dueInstantForRule counts from the CST date of the acceptance instant', () => {
    // 2026-03-01T17:00Z is 01:00 CST on 03-02, so acceptance day is 03-02 (UTC says 03-01).
    const due = dueInstantForRule(cal, handle, new Date('2026-03-01T17:00:00Z'));
    expect(due?.toISOString()).toBe('2026-05-06T16:00:00.000Z');
  });
});
