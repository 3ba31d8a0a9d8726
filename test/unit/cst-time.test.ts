/**
 * The workbench's times in China Standard Time whatever the zone it runs in (web/src/lib/time.ts). Node re-reads
 * process.env.TZ when it changes, so the same instants are formatted as a browser in each zone would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import dayjs, { type Dayjs } from 'dayjs';

// web/ is type-checked by its own tsconfig (bundler resolution); a computed specifier keeps the server's tsc out of it
const WEB_TIME = '../../web/src/lib/time.ts';
const { fmtDate, fmtHm, fmtTime, pickedDay, pickedDayEnd, pickedTime, toPicker } = (await import(/* @vite-ignore */ WEB_TIME)) as {
  fmtDate(v: string | null): string;
  fmtHm(v: string): string;
  fmtTime(v: string | null): string;
  pickedDay(d: Dayjs): string;
  pickedDayEnd(d: Dayjs): string;
  pickedTime(d: Dayjs): string;
  toPicker(v: string): Dayjs;
};

const before = process.env.TZ;
afterAll(() => {
  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
});

describe.each(['America/New_York', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati'])('in %s', (zone) => {
  it('shows instants in CST and plain days as they are', () => {
    process.env.TZ = zone;
    expect(fmtTime('2066-03-01T16:30:00.000Z')).toBe('2066-03-02 00:30'); // 16:30 UTC is half past midnight in Beijing
    expect(fmtDate('2066-03-01T16:30:00.000Z')).toBe('2066-03-02');
    expect(fmtHm('2066-03-01T01:05:00.000Z')).toBe('09:05');
    expect(fmtDate('2066-03-01')).toBe('2066-03-01'); // a calendar day is not shifted
    expect(fmtTime(null)).toBe('—');
  });

  it('reads what a date picker picked as a CST day or wall-clock time', () => {
    process.env.TZ = zone;
    const picked = dayjs('2066-03-01T09:00:00'); // the picker's value: the wall clock the user chose
    expect(pickedTime(picked)).toBe('2066-03-01T01:00:00.000Z');
    expect(pickedDay(picked)).toBe('2066-03-01');
    expect(pickedDayEnd(picked)).toBe('2066-03-01T15:59:59.999Z');
    // and shows an instant back as the CST day and time it is
    const shown = toPicker('2066-03-01T15:59:59.999Z');
    expect(shown.format('YYYY-MM-DD HH:mm')).toBe('2066-03-01 23:59');
  });
});
