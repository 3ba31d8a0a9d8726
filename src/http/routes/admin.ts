import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputRule, rulesFailed } from '../../core/input-rules.js';
import { HolidayCalendar } from '../../calendar/holidays.js';
import { writeAudit } from '../../audit/audit.js';
import { sweepClocks } from '../../clocks/sweep.js';
import { requireRole } from '../../org/actor.js';
import { defineRoute } from '../route.js';

const HOLIDAY_YEAR = inputRule({ field: 'year', message: 'the body’s year must be the year of the path', doc: 'the body’s year equals the :year of the path' });
const HOLIDAY_DATA = inputRule({ field: 'days', message: 'invalid holiday data', doc: 'holiday-cn format: every day a real date YYYY-MM-DD of that year with a name and isOffDay' });

defineRoute({
  method: 'GET',
  url: '/api/admin/clock-rules',
  summary: 'Clock rules in force (信访工作条例 defaults with local overrides) and the warning points',
  tags: ['admin'],
  auth: 'staff',
  async handler({ req }) {
    const clocks = req.server.ctx.deps.clocks;
    return { items: clocks.allRules(), warnings: clocks.warnings, holidayYears: clocks.calendar.coveredYears() };
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/admin/clock-rules/:key',
  summary: 'Override the length or unit of a clock rule (applies to clocks started afterwards)',
  tags: ['admin'],
  auth: 'staff',
  params: z.object({ key: z.string().regex(/^[a-z][a-z0-9_]*$/) }),
  body: z.object({ amount: z.number().int().min(1).max(3650), unit: z.enum(['day', 'workday', 'hour']) }),
  async handler({ req, actor, params, body, meta }) {
    requireRole(actor, 'admin');
    const { db, clocks } = req.server.ctx.deps;
    await db
      .insertInto('clock_rules')
      .values({ key: params.key, amount: body.amount, period_unit: body.unit })
      .onConflict((oc) => oc.column('key').doUpdateSet({ amount: body.amount, period_unit: body.unit, updated_at: new Date() }))
      .execute();
    await clocks.reload();
    await writeAudit(db, actor, meta, { action: 'clock_rule.set', entityType: 'clock_rule', entityId: params.key, data: body });
    return clocks.rule(params.key);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/admin/holiday-years/:year',
  summary: 'Load a year’s holidays and adjusted working days (holiday-cn JSON: {year, days:[{name,date,isOffDay}]}) without a code change',
  tags: ['admin'],
  rules: [HOLIDAY_YEAR, HOLIDAY_DATA],
  auth: 'staff',
  params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
  rawBody: 'application/json',
  async handler({ req, actor, params, meta }) {
    requireRole(actor, 'admin');
    const { db, clocks } = req.server.ctx.deps;
    const data = req.body as { year?: unknown };
    if (!data || data.year !== params.year) throw HOLIDAY_YEAR.error(`must be ${params.year}`);
    try {
      HolidayCalendar.default().withYearData(data); // validates before anything is stored
    } catch (err) {
      const problems = (err as { problems?: string[] }).problems ?? [(err as Error).message];
      throw rulesFailed(HOLIDAY_DATA, problems.map((p) => ({ field: p.split(':')[0] ?? '(body)', message: p })));
    }
    await db
      .insertInto('holiday_years')
      .values({ year: params.year, data: JSON.stringify(data) })
      .onConflict((oc) => oc.column('year').doUpdateSet({ data: JSON.stringify(data), updated_at: new Date() }))
      .execute();
    await clocks.reload();
    await writeAudit(db, actor, meta, { action: 'holiday_year.set', entityType: 'holiday_year', entityId: String(params.year) });
    return { year: params.year, coveredYears: clocks.calendar.coveredYears() };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/admin/sweep-clocks',
  summary: 'Run the deadline sweep now (it also runs every minute as a pg-boss job)',
  tags: ['admin'],
  auth: 'staff',
  async handler({ req, actor }) {
    requireRole(actor, 'admin', 'supervisor');
    return sweepClocks(req.server.ctx.deps);
  },
});
