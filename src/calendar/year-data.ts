/**
 * Validation of one year of holiday data in the holiday-cn format, as an administrator loads it
 * from a State Council notice (stored as JSON in the database, passed to `withYearData`).
 */
import { z } from 'zod';
import { isIsoDate } from './dates.js';

/** holiday-cn format (github.com/NateScarlet/holiday-cn), as the State Council notice lists it. */
export const holidayYearDataSchema = z.object({
  year: z.number().int().min(1949).max(9999),
  papers: z.array(z.string()).optional(),
  days: z.array(
    z.object({
      name: z.string().trim().min(1, 'holiday name must not be empty'),
      date: z.string().refine(isIsoDate, {
        error: (issue) => `must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(issue.input)}`,
      }),
      isOffDay: z.boolean(),
    }),
  ),
});
export type HolidayYearData = z.infer<typeof holidayYearDataSchema>;

/** Thrown by `withYearData` on malformed input; the message lists every bad field by path. */
export class HolidayDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid holiday year data: ${problems.join('; ')}`);
    this.name = 'HolidayDataError';
  }
}

/** ['days', 3, 'date'] → 'days[3].date', so the message points at the bad field. */
function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

export function parseYearData(input: unknown): HolidayYearData {
  const parsed = holidayYearDataSchema.safeParse(input);
  if (!parsed.success) {
    throw new HolidayDataError(parsed.error.issues.map((i) => `${pathOf(i.path)}: ${i.message}`));
  }
  const data = parsed.data;
  // holiday-cn files are keyed by the notice's year: 2023.json holds 2022-12-31 (元旦 2023).
  // Anything further away is a typo (e.g. 2026 dates pasted into the 2027 notice).
  const problems = data.days.flatMap((d, i) => {
    const y = Number(d.date.slice(0, 4));
    return Math.abs(y - data.year) > 1 ? [`days[${i}].date: ${d.date} is not within a year of ${data.year}`] : [];
  });
  const seen = new Map<string, number>();
  data.days.forEach((d, i) => {
    const prev = seen.get(d.date);
    if (prev !== undefined) problems.push(`days[${i}].date: ${d.date} is listed twice (also days[${prev}])`);
    seen.set(d.date, i);
  });
  if (problems.length) throw new HolidayDataError(problems);
  return data;
}
