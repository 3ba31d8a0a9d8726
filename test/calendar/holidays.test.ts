import { describe, expect, it } from 'vitest';
import { HolidayCalendar, HolidayDataError } from '../../src/calendar/index.js';

const cal = HolidayCalendar.default();

describe('HolidayCalendar.default() (chinese-days data)', () => {
  it('classifies the 2026 Spring Festival period', () => {
    expect(cal.kind('2026-02-13')).toBe('workday'); // Friday
    expect(cal.kind('2026-02-14')).toBe('adjusted_workday'); // Saturday, 春节 补班
    expect(cal.kind('2026-02-15')).toBe('holiday'); // Sunday inside the holiday
    expect(cal.kind('2026-02-23')).toBe('holiday'); // Monday, last day off
    expect(cal.kind('2026-02-24')).toBe('workday');
    expect(cal.kind('2026-02-28')).toBe('adjusted_workday'); // Saturday, 春节 补班
    expect(cal.kind('2026-03-07')).toBe('weekend'); // ordinary Saturday
  });

  it('classifies National Day 2026: 10-01…10-07 off, Sun 09-20 and Sat 10-10 working', () => {
    for (let d = 1; d <= 7; d++) expect(cal.kind(`2026-10-0${d}`)).toBe('holiday');
    expect(cal.kind('2026-10-08')).toBe('workday');
    expect(cal.kind('2026-09-20')).toBe('adjusted_workday');
    expect(cal.kind('2026-10-10')).toBe('adjusted_workday');
  });

  it('isWorkday / isRestDay: an adjusted working weekend day is not a rest day', () => {
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    expect(cal.isRestDay('2026-02-14')).toBe(false);
    expect(cal.isRestDay('2026-02-16')).toBe(true);
    expect(cal.isRestDay('2026-03-07')).toBe(true);
    expect(cal.isWorkday('2026-03-09')).toBe(true);
  });

  it('names holidays; dayInfo also names the holiday a make-up workday belongs to', () => {
    expect(cal.holidayName('2026-02-17')).toBe('春节');
    expect(cal.holidayName('2026-10-01')).toBe('国庆节');
    expect(cal.holidayName('2026-02-14')).toBeNull();
    expect(cal.holidayName('2026-03-09')).toBeNull();
    expect(cal.dayInfo('2026-02-14')).toEqual({ date: '2026-02-14', kind: 'adjusted_workday', name: '春节' });
  });

  it('covers 2004–2026 and falls back to a plain Mon–Fri week outside', () => {
    const years = cal.coveredYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(23);
    expect(cal.covers('2026-12-31')).toBe(true);
    expect(cal.covers('2027-01-01')).toBe(false);
    expect(cal.kind('2027-01-01')).toBe('workday'); // Friday, no data yet
    expect(cal.kind('2027-01-02')).toBe('weekend');
  });

  it('is built once and shared', () => {
    expect(HolidayCalendar.default()).toBe(cal);
  });

  it('rejects malformed dates', () => {
    expect(() => cal.kind('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkday('26-2-1')).toThrow(/YYYY-MM-DD/);
  });
});

// Made-up figures: the State Council has not published the 2027 notice.
const madeUp2027 = {
  year: 2027,
  papers: ['https://example.invalid/notice-2027'],
  days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '元旦', date: '2027-01-02', isOffDay: true },
    { name: '元旦', date: '2027-01-03', isOffDay: true },
    ...[6, 7, 8, 9, 10, 11, 12, 13].map((d) => ({ name: '春节', date: `2027-02-${String(d).padStart(2, '0')}`, isOffDay: true })),
    { name: '春节', date: '2027-02-14', isOffDay: false },
    { name: '春节', date: '2027-02-20', isOffDay: false },
  ],
};

describe('withYearData (holiday-cn format, loaded by an administrator)', () => {
  it('adds a new year without changing the original calendar', () => {
    const next = cal.withYearData(madeUp2027);
    expect(next.kind('2027-01-01')).toBe('holiday');
    expect(next.holidayName('2027-02-08')).toBe('春节');
    expect(next.kind('2027-02-14')).toBe('adjusted_workday');
    expect(next.kind('2027-02-15')).toBe('workday');
    expect(next.coveredYears().at(-1)).toBe(2027);
    expect(next.kind('2026-02-14')).toBe('adjusted_workday'); // package data kept
    expect(cal.kind('2027-01-01')).toBe('workday'); // original untouched
    expect(cal.coveredYears()).not.toContain(2027);
  });

  it('an empty notice (days: []) does not make the year covered', () => {
    expect(cal.withYearData({ year: 2027, papers: [], days: [] }).coveredYears()).not.toContain(2027);
  });

  it('loaded data overrides the package data date by date', () => {
    const corrected = cal.withYearData({ year: 2026, days: [{ name: '国庆节', date: '2026-10-08', isOffDay: true }] });
    expect(corrected.kind('2026-10-08')).toBe('holiday');
    expect(corrected.kind('2026-10-07')).toBe('holiday'); // other package dates kept
  });

  it('reloading the same year replaces the earlier load of that year', () => {
    const once = cal.withYearData(madeUp2027);
    const again = once.withYearData({ ...madeUp2027, days: madeUp2027.days.filter((d) => d.date !== '2027-02-20') });
    expect(once.kind('2027-02-20')).toBe('adjusted_workday');
    expect(again.kind('2027-02-20')).toBe('weekend');
  });

  it('a later notice year wins over an earlier one for the same date, whatever the load order', () => {
    const y2027 = { year: 2027, days: [{ name: '元旦', date: '2026-12-31', isOffDay: true }] };
    const y2026 = { year: 2026, days: [{ name: '补班', date: '2026-12-31', isOffDay: false }] };
    expect(cal.withYearData(y2027).withYearData(y2026).kind('2026-12-31')).toBe('holiday');
    expect(cal.withYearData(y2026).withYearData(y2027).kind('2026-12-31')).toBe('holiday');
  });

  it('a declared working weekday (holiday-cn marker, e.g. 2020-02-03) is an ordinary workday', () => {
    const c = HolidayCalendar.weekendsOnly().withYearData({ year: 2020, days: [{ name: '春节', date: '2020-02-03', isOffDay: false }] });
    expect(c.kind('2020-02-03')).toBe('workday');
  });

  describe('rejects bad input with a message naming the field', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['not an object', 'hello', /\(root\)/],
      ['missing year', { days: [] }, /year:/],
      ['fractional year', { year: 2027.5, days: [] }, /year:/],
      ['missing days', { year: 2027 }, /days:/],
      ['impossible date', { year: 2027, days: [{ name: '春节', date: '2027-02-30', isOffDay: true }] }, /days\[0\]\.date: .*"2027-02-30"/],
      ['date without dashes', { year: 2027, days: [{ name: '春节', date: '20270206', isOffDay: true }] }, /days\[0\]\.date/],
      ['isOffDay not boolean', { year: 2027, days: [{ name: '春节', date: '2027-02-06', isOffDay: 'yes' }] }, /days\[0\]\.isOffDay/],
      ['empty name', { year: 2027, days: [{ name: ' ', date: '2027-02-06', isOffDay: true }] }, /days\[0\]\.name: holiday name must not be empty/],
      ['date far from year', { year: 2027, days: [{ name: '春节', date: '2025-02-06', isOffDay: true }] }, /days\[0\]\.date: 2025-02-06 is not within a year of 2027/],
      [
        'date listed twice',
        { year: 2027, days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }, { name: '元旦', date: '2027-01-01', isOffDay: false }] },
        /days\[1\]\.date: 2027-01-01 is listed twice \(also days\[0\]\)/,
      ],
    ];
    it.each(cases)('%s', (_label, input, message) => {
      let error: unknown;
      try {
        cal.withYearData(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HolidayDataError);
      expect((error as Error).message).toMatch(/^invalid holiday year data: /);
      expect((error as Error).message).toMatch(message);
    });
  });
});
