// Cross-checks the runtime calendar (chinese-days 1.5.7) against the shared, independently
// scraped holiday data (holiday-cn, State Council notices). See shared/data/china-holidays/SOURCE.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, HolidayCalendar, type DayKind } from '../../src/calendar/index.js';
import { sharedDataPath, sharedDataPresent } from './shared-data.js';

const csvPath = sharedDataPath('china-holidays', 'cn_holidays_2020_2026.csv');
const holidayCnDir = sharedDataPath('china-holidays', 'holiday-cn');

// CSV kinds → our kinds. 'workday_marker' is a weekday declared a working day (2020-02-03 only).
const KIND_FROM_CSV: Record<string, DayKind> = {
  off_day: 'holiday',
  adjusted_workday: 'adjusted_workday',
  workday_marker: 'workday',
};

describe.skipIf(!sharedDataPresent(csvPath))('cn_holidays_2020_2026.csv agrees with HolidayCalendar.default()', () => {
  it('every exceptional date of 2021–2026 has the same kind', () => {
    const [header, ...lines] = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
    const columns = header!.split(',');
    const dateCol = columns.indexOf('date');
    const kindCol = columns.indexOf('kind');
    expect(dateCol).toBeGreaterThanOrEqual(0);
    expect(kindCol).toBeGreaterThanOrEqual(0);
    const rows = lines.map((l) => l.split(',')).filter((r) => r[dateCol]! >= '2021-01-01' && r[dateCol]! <= '2026-12-31');
    expect(rows.length).toBeGreaterThan(200); // 218 in the file checked in on 2026-08-07
    const cal = HolidayCalendar.default();
    const mismatches = rows
      .map((r) => ({ date: r[dateCol]!, expected: KIND_FROM_CSV[r[kindCol]!], actual: cal.kind(r[dateCol]!) }))
      .filter((m) => m.expected !== m.actual);
    expect(mismatches).toEqual([]);
  });
});

describe.skipIf(!sharedDataPresent(holidayCnDir))('holiday-cn JSON loaded with withYearData', () => {
  const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];
  const load = () =>
    years.reduce(
      (cal, y) => cal.withYearData(JSON.parse(readFileSync(`${holidayCnDir}/${y}.json`, 'utf8'))),
      HolidayCalendar.weekendsOnly(),
    );

  it('accepts every published file (2027.json is still empty and does not count as covered)', () => {
    expect(load().coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('gives the same kind as the package data for every date of 2021–2026', () => {
    const fromFiles = load();
    const fromPackage = HolidayCalendar.default();
    const mismatches: string[] = [];
    let checked = 0;
    for (let d = '2021-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1), checked++) {
      if (fromFiles.kind(d) !== fromPackage.kind(d)) mismatches.push(`${d}: ${fromFiles.kind(d)} vs ${fromPackage.kind(d)}`);
    }
    expect(checked).toBe(2191);
    expect(mismatches).toEqual([]);
  });
});
