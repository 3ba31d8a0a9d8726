/**
 * Early warnings before a deadline (e.g. at 80% of the time, then 24 h before it) and the status
 * of a running clock. Works on instants, so it serves day, working-day and hour clocks alike.
 */

export interface ClockWarning {
  at: Date;
  kind: 'fraction' | 'before';
  /** Short language-neutral label: '80%' for a fraction, '24h' for a time before the due instant. */
  label: string;
  /** The fraction (0.8) or the hours before due (24) this warning was made from. */
  value: number;
}

export type ClockStatus = 'ok' | 'warning' | 'overdue';

function assertInstant(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be a valid Date`);
  return ms;
}

/**
 * Warning instants for a clock running from `start` to `due`, sorted by time. Fractions must lie
 * strictly between 0 and 1; hours must be > 0. Warnings at or before `start` are dropped (a "24 h
 * left" warning on a 24 h clock would fire at creation and say nothing). When two warnings fall
 * on the same instant only one is kept (the fraction one), so nobody is notified twice.
 */
export function warningInstants(opts: {
  start: Date;
  due: Date;
  fractions?: readonly number[];
  before?: ReadonlyArray<{ hours: number }>;
}): ClockWarning[] {
  const { fractions = [0.8], before = [{ hours: 24 }] } = opts;
  const start = assertInstant(opts.start, 'start');
  const due = assertInstant(opts.due, 'due');
  for (const f of fractions) {
    if (!(f > 0 && f < 1)) throw new RangeError(`warning fraction must be between 0 and 1 (exclusive), got ${f}`);
  }
  for (const b of before) {
    if (!(Number.isFinite(b.hours) && b.hours > 0)) throw new RangeError(`warning hours must be > 0, got ${b.hours}`);
  }
  const candidates: ClockWarning[] = [
    ...fractions.map((f) => ({
      at: new Date(Math.round(start + f * (due - start))),
      kind: 'fraction' as const,
      label: `${Number((f * 100).toFixed(2))}%`,
      value: f,
    })),
    ...before.map((b) => ({ at: new Date(due - b.hours * 3_600_000), kind: 'before' as const, label: `${b.hours}h`, value: b.hours })),
  ];
  const kindOrder = { fraction: 0, before: 1 };
  const sorted = candidates
    .filter((w) => w.at.getTime() > start)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || kindOrder[a.kind] - kindOrder[b.kind]);
  return sorted.filter((w, i) => i === 0 || w.at.getTime() !== sorted[i - 1]!.at.getTime());
}

/**
 * Where a clock stands at `now`. Overdue from the due instant itself on (a period ends at 24:00,
 * which is the due instant). `fractionElapsed` is 0 before start and exceeds 1 once overdue;
 * `msLeft` turns negative once overdue.
 */
export function clockStatus(
  now: Date,
  start: Date,
  due: Date,
  warnings: ReadonlyArray<{ at: Date }> = [],
): { status: ClockStatus; fractionElapsed: number; msLeft: number } {
  const n = assertInstant(now, 'now');
  const s = assertInstant(start, 'start');
  const d = assertInstant(due, 'due');
  const total = d - s;
  const fractionElapsed = total > 0 ? Math.max(0, (n - s) / total) : n >= d ? 1 : 0;
  const msLeft = d - n;
  const status: ClockStatus = n >= d ? 'overdue' : warnings.some((w) => w.at.getTime() <= n) ? 'warning' : 'ok';
  return { status, fractionElapsed, msLeft };
}
