import type { Kysely } from 'kysely';
import { HolidayCalendar } from '../calendar/holidays.js';
import { DEFAULT_CLOCK_RULES, clockRuleSchema, type ClockRule } from '../calendar/rules.js';
import type { DB } from '../db/types.js';

/** Which rules are deadlines to warn about and mark overdue, and which only bound when someone may act. */
export const RULE_PURPOSE: Record<string, 'deadline' | 'window'> = {
  route: 'deadline',
  accept_notice: 'deadline',
  object: 'window',
  handle: 'deadline',
  review_request: 'window',
  review_decide: 'deadline',
  rereview_request: 'window',
  rereview_decide: 'deadline',
  report_back: 'deadline',
  return_visit: 'deadline',
  supervision_response: 'deadline',
  mediation: 'deadline',
  judicial_confirmation: 'window',
  agreement_performance: 'deadline',
  hazard_rectify: 'deadline',
  hazard_verify: 'deadline',
};

export interface WarningPolicy {
  fractions: number[];
  beforeHours: number[];
}

/**
 * The holiday calendar and the rule lengths in force: bundled defaults (chinese-days data, 信访工作条例 periods)
 * with what an administrator stored in the database layered on top. Cached; `reload()` after an admin change.
 */
export class ClockService {
  private cal: HolidayCalendar = HolidayCalendar.default();
  private rules: Record<string, ClockRule> = { ...DEFAULT_CLOCK_RULES };
  constructor(
    private readonly db: Kysely<DB>,
    /** default: 80% of the time and 24 h before (MINSHENG_WARN_AT, MINSHENG_WARN_HOURS_BEFORE) */
    readonly warnings: WarningPolicy = { fractions: [0.8], beforeHours: [24] },
  ) {}

  async reload(): Promise<void> {
    let cal = HolidayCalendar.default();
    const years = await this.db.selectFrom('holiday_years').select(['year', 'data']).orderBy('year').execute();
    for (const y of years) cal = cal.withYearData(y.data);
    const overrides = await this.db.selectFrom('clock_rules').selectAll().execute();
    const rules: Record<string, ClockRule> = { ...DEFAULT_CLOCK_RULES };
    for (const o of overrides) {
      const base = rules[o.key];
      rules[o.key] = clockRuleSchema.parse({
        key: o.key,
        amount: o.amount,
        unit: o.period_unit,
        source: base?.source ?? 'local rule',
        descriptionZh: base?.descriptionZh ?? o.key,
        descriptionEn: base?.descriptionEn ?? o.key,
      });
    }
    this.cal = cal;
    this.rules = rules;
  }

  get calendar(): HolidayCalendar {
    return this.cal;
  }

  rule(key: string): ClockRule {
    const r = this.rules[key];
    if (!r) throw new Error(`unknown clock rule "${key}"`);
    return r;
  }

  allRules(): ClockRule[] {
    return Object.values(this.rules);
  }
}
