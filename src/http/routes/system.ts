import { sql } from 'kysely';
import { z } from 'zod';
import { computeDueDate } from '../../calendar/deadline.js';
import { isIsoDate } from '../../calendar/dates.js';
import { TRANSITIONS } from '../../cases/lifecycle.js';
import { STATUS_LABELS } from '../../cases/states.js';
import { defineRoute, openApiDocument } from '../route.js';
import { inputRule, isoDateInput, withRules } from '../../core/input-rules.js';

/** a deadline near 9999-12-31 would run past the last date the calendar can write (it answered 500) */
const CALENDAR_YEARS = inputRule<string>({ field: '(value)', message: 'a date from 1900-01-01 to 2199-12-31', test: (d) => d >= '1900-01-01' && d <= '2199-12-31' });

defineRoute({
  method: 'GET',
  url: '/api/health',
  summary: 'Liveness and database backend',
  tags: ['system'],
  auth: 'public',
  async handler({ req }) {
    await sql`SELECT 1`.execute(req.server.ctx.deps.db);
    return { status: 'ok', db: req.server.ctx.backend };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document',
  tags: ['system'],
  auth: 'public',
  handler: async () => openApiDocument(),
});

defineRoute({
  method: 'GET',
  url: '/api/lifecycle',
  summary: 'The transition table (from, action, to, roles, relation, legal basis) and status labels',
  tags: ['cases'],
  auth: 'public',
  handler: async () => ({
    statuses: STATUS_LABELS,
    transitions: TRANSITIONS.map(({ guard, ...t }) => ({ ...t, guarded: guard !== undefined })),
  }),
});

defineRoute({
  method: 'GET',
  url: '/api/calendar/deadline',
  summary: 'Civil Code deadline: start day not counted, a last day on a rest day moves to the next working day',
  tags: ['calendar'],
  auth: 'public',
  query: z.object({
    from: withRules(isoDateInput('the first day (not counted)'), CALENDAR_YEARS),
    amount: z.coerce.number().int().min(0).max(3650),
    unit: z.enum(['day', 'workday']).default('day'),
  }),
  async handler({ req, query }) {
    const cal = req.server.ctx.deps.clocks.calendar;
    const due = computeDueDate(cal, query.from, query.amount, query.unit);
    return { due, dueAt: `${due}T24:00:00+08:00`, coveredYears: cal.coveredYears(), beyondHolidayData: !cal.covers(due) };
  },
});
