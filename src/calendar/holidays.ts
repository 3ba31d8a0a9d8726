/**
 * China's working calendar: public holidays and 调休 make-up working days, by CST date.
 *
 * Layers, lowest first: the `chinese-days` package data (2004–2026) → year files loaded with
 * `withYearData` in ascending `year` order. A later layer overrides an earlier one date by date,
 * so a new State Council notice can be loaded without a code change.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { z } from 'zod';
import { isWeekendDay, type IsoDate, assertIsoDate } from './dates.js';
import { parseYearData, type HolidayYearData } from './year-data.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

/** One exceptional date: `isOffDay` true = public holiday, false = declared working day. */
interface DayEntry {
  readonly isOffDay: boolean;
  readonly name: string;
}

// chinese-days stores "English name,中文名,n" per date; we keep the Chinese name.
const chineseDaysSchema = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
});

function entriesFromChineseDays(): Map<IsoDate, DayEntry> {
  const raw = chineseDaysSchema.parse(chineseDaysData);
  const map = new Map<IsoDate, DayEntry>();
  const add = (dates: Record<string, string>, isOffDay: boolean) => {
    for (const [date, label] of Object.entries(dates)) {
      assertIsoDate(date, 'chinese-days date');
      map.set(date, { isOffDay, name: label.split(',')[1] ?? label });
    }
  };
  add(raw.holidays, true);
  add(raw.workdays, false);
  return map;
}

export class HolidayCalendar {
  private static defaultInstance: HolidayCalendar | undefined;

  private readonly covered: readonly number[];

  private constructor(
    private readonly base: ReadonlyMap<IsoDate, DayEntry>,
    private readonly baseYears: ReadonlySet<number>,
    private readonly loaded: ReadonlyMap<number, HolidayYearData>,
    private readonly effective: ReadonlyMap<IsoDate, DayEntry>,
  ) {
    const years = new Set(baseYears);
    for (const [year, data] of loaded) if (data.days.length > 0) years.add(year);
    this.covered = [...years].sort((a, b) => a - b);
  }

  private static build(base: ReadonlyMap<IsoDate, DayEntry>, baseYears: ReadonlySet<number>, loaded: ReadonlyMap<number, HolidayYearData>): HolidayCalendar {
    const effective = new Map(base);
    for (const year of [...loaded.keys()].sort((a, b) => a - b)) {
      for (const d of loaded.get(year)!.days) effective.set(d.date, { isOffDay: d.isOffDay, name: d.name });
    }
    return new HolidayCalendar(base, baseYears, loaded, effective);
  }

  /** Built once from the `chinese-days` package (2004–2026) and shared; calendars are immutable. */
  static default(): HolidayCalendar {
    if (!HolidayCalendar.defaultInstance) {
      const base = entriesFromChineseDays();
      const years = new Set([...base.keys()].map((d) => Number(d.slice(0, 4))));
      HolidayCalendar.defaultInstance = HolidayCalendar.build(base, years, new Map());
    }
    return HolidayCalendar.defaultInstance;
  }

  /** Plain Monday–Friday week with no holiday data at all (tests, or before data is loaded). */
  static weekendsOnly(): HolidayCalendar {
    return HolidayCalendar.build(new Map(), new Set(), new Map());
  }

  /**
   * A new calendar with one notice year (holiday-cn JSON) merged in; `input` is validated.
   * Loading the same `year` again replaces the earlier load of that year completely (a corrected
   * notice). Where two notice years list the same date, the later year wins, and any loaded year
   * wins over the package data.
   */
  withYearData(input: unknown): HolidayCalendar {
    const data = parseYearData(input);
    const loaded = new Map(this.loaded);
    loaded.set(data.year, data);
    return HolidayCalendar.build(this.base, this.baseYears, loaded);
  }

  kind(date: IsoDate): DayKind {
    assertIsoDate(date);
    const entry = this.effective.get(date);
    const weekend = isWeekendDay(date);
    if (entry?.isOffDay) return 'holiday';
    // A declared working day on a weekday (e.g. holiday-cn's 2020-02-03 marker) is just a workday.
    if (entry) return weekend ? 'adjusted_workday' : 'workday';
    return weekend ? 'weekend' : 'workday';
  }

  isWorkday(date: IsoDate): boolean {
    const k = this.kind(date);
    return k === 'workday' || k === 'adjusted_workday';
  }

  /** Weekend or public holiday, but not a weekend day made a working day by 调休. */
  isRestDay(date: IsoDate): boolean {
    return !this.isWorkday(date);
  }

  /** The holiday's name (e.g. '春节') on a public holiday, otherwise null. */
  holidayName(date: IsoDate): string | null {
    assertIsoDate(date);
    const entry = this.effective.get(date);
    return entry?.isOffDay ? entry.name : null;
  }

  /** Kind plus the related holiday name (also set for a make-up working day, e.g. 春节 补班). */
  dayInfo(date: IsoDate): { date: IsoDate; kind: DayKind; name: string | null } {
    return { date, kind: this.kind(date), name: this.effective.get(date)?.name ?? null };
  }

  /**
   * Years for which holidays are actually known, ascending. Outside them the calendar silently
   * falls back to a plain Mon–Fri week, so callers should warn when a deadline reaches such a year.
   * A loaded year with an empty `days` list (notice not yet published) does not count.
   */
  coveredYears(): number[] {
    return [...this.covered];
  }

  /** True when the year of `date` is one of `coveredYears()`. */
  covers(date: IsoDate): boolean {
    assertIsoDate(date);
    return this.covered.includes(Number(date.slice(0, 4)));
  }
}
