/**
 * 领导接访 and 包案 (docs/reception.md): reception days and their bookings for staff, the public list and the booking
 * by code for the portal (no account), registering the matter at the reception, and a leader's personal charge.
 */
import { z } from 'zod';
import { bookInput, bookSlot, cancelBooking, codeInput, dayBookings, lookupBooking, markBooking, markInput } from '../../reception/bookings.js';
import { caseLeaders, leaderCases, releaseCharge, releaseInput, takeCharge, takeInput } from '../../reception/charge.js';
import { dayView, listDays, listQuery, publicDays, publishDay, publishInput, PUBLISH_RULES, setDayStatus } from '../../reception/days.js';
import { receptionCaseInput, registerAtReception } from '../../reception/register.js';
import { RateLimiter } from '../ratelimit.js';
import { defineRoute } from '../route.js';

const BASE = '/api/reception';
const PUBLIC = '/api/public/reception';
const idParams = z.object({ id: z.string() });
/** the booking code is the citizen's only key: lookups and bookings from one address are limited */
const portalLimiter = new RateLimiter(60, 60_000);

defineRoute({
  method: 'GET',
  url: `${BASE}/days`,
  summary: '接访日 of the offices in the actor’s scope from a date on (default today), with their slots and seats taken',
  tags: ['reception'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, query, lang }) {
    return listDays(req.server.ctx.deps, actor, query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/days`,
  summary: 'Publish (or draft) a reception day of the actor’s office: date, place, the receiving leader, slots with capacity (dispatcher, unit_head, admin; audited)',
  tags: ['reception'],
  rules: PUBLISH_RULES,
  auth: 'staff',
  rawBody: 'application/json',
  docBody: publishInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await publishDay(req.server.ctx.deps, { actor, meta, lang, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/days/:id`,
  summary: 'One reception day with its slots',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params, lang }) {
    return dayView(req.server.ctx.deps, actor, params.id, lang);
  },
});

for (const [action, to] of [['publish', 'published'], ['cancel', 'cancelled']] as const) {
  defineRoute({
    method: 'POST',
    url: `${BASE}/days/:id/${action}`,
    summary: action === 'publish' ? 'Publish a draft reception day' : 'Cancel a reception day (its bookings stay; the citizen’s lookup shows the day cancelled)',
    tags: ['reception'],
    auth: 'staff',
    params: idParams,
    async handler({ req, actor, params, lang, meta }) {
      return setDayStatus(req.server.ctx.deps, { actor, meta, lang, id: params.id, to });
    },
  });
}

defineRoute({
  method: 'GET',
  url: `${BASE}/days/:id/bookings`,
  summary: 'The bookings of one day: person masked unless reveal=true by a personal-data role (audited); a booking whose case the actor may not read is not listed',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  query: z.object({ reveal: z.enum(['true', 'false']).default('false') }),
  async handler({ req, actor, params, query, lang, meta }) {
    return dayBookings(req.server.ctx.deps, actor, meta, params.id, { reveal: query.reveal === 'true', lang });
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/bookings/:id/mark`,
  summary: 'The desk marks a booking attended or no-show (intake, dispatcher; once)',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  rawBody: 'application/json',
  docBody: markInput,
  async handler({ req, actor, params, lang, meta }) {
    return markBooking(req.server.ctx.deps, { actor, meta, lang, id: params.id, input: req.body });
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/bookings/:id/case`,
  summary: 'Register the matter raised at the reception as a visit case attributed to the receiving leader (intake, dispatcher); the booking’s person becomes the case’s party',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  rawBody: 'application/json',
  docBody: receptionCaseInput,
  async handler({ req, reply, actor, params, lang, meta }) {
    const r = await registerAtReception(req.server.ctx.deps, { actor, meta, lang, bookingId: params.id, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/leader-cases`,
  summary: '领导包案: cases in the actor’s scope in a leader’s personal charge (status, nearest deadline, overdue), counts per leader, and cases registered at a leader’s reception',
  tags: ['reception'],
  auth: 'staff',
  async handler({ req, actor, lang }) {
    return leaderCases(req.server.ctx.deps, actor, lang);
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/leaders',
  summary: 'The case’s 包案领导 (leader in personal charge) and 接访领导 (leader who received it), and allowedActions (take_charge / release_charge)',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params }) {
    return caseLeaders(req.server.ctx.deps, actor, params.id);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/cases/:id/leaders/take',
  summary: '包案: a unit head takes personal charge of an open case (one leader at a time; 信访工作条例 第十八条第二款)',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  rawBody: 'application/json',
  docBody: takeInput,
  async handler({ req, actor, params, lang, meta }) {
    return takeCharge(req.server.ctx.deps, { actor, meta, lang, caseId: params.id, input: req.body ?? {} });
  },
});

defineRoute({
  method: 'POST',
  url: '/api/cases/:id/leaders/release',
  summary: 'The leader in charge releases the case (only that leader)',
  tags: ['reception'],
  auth: 'staff',
  params: idParams,
  rawBody: 'application/json',
  docBody: releaseInput,
  async handler({ req, actor, params, lang, meta }) {
    return releaseCharge(req.server.ctx.deps, { actor, meta, lang, caseId: params.id, input: req.body ?? {} });
  },
});

defineRoute({
  method: 'GET',
  url: `${PUBLIC}/days`,
  summary: 'Published reception days from today on: office, place, leader, slots with seats left (no bookings, no people; 信访工作条例 第十八条)',
  tags: ['citizen'],
  auth: 'public',
  async handler({ req, lang }) {
    return publicDays(req.server.ctx.deps, lang);
  },
});

defineRoute({
  method: 'POST',
  url: `${PUBLIC}/bookings`,
  summary: 'Book a seat in a slot (name, phone, a short summary; no account); answers the booking code — keep it',
  tags: ['citizen'],
  auth: 'public',
  rawBody: 'application/json',
  docBody: bookInput,
  async handler({ req, reply, lang, meta }) {
    portalLimiter.check(`book:${req.ip}`);
    const r = await bookSlot(req.server.ctx.deps, { meta, lang, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'POST',
  url: `${PUBLIC}/bookings/lookup`,
  summary: 'Look up a booking by its code (the person masked)',
  tags: ['citizen'],
  auth: 'public',
  rawBody: 'application/json',
  docBody: codeInput,
  async handler({ req, lang }) {
    portalLimiter.check(`lookup:${req.ip}`);
    return lookupBooking(req.server.ctx.deps, { lang, input: req.body });
  },
});

defineRoute({
  method: 'POST',
  url: `${PUBLIC}/bookings/cancel`,
  summary: 'Cancel a booking by its code before its slot begins; the seat is given back',
  tags: ['citizen'],
  auth: 'public',
  rawBody: 'application/json',
  docBody: codeInput,
  async handler({ req, lang, meta }) {
    portalLimiter.check(`lookup:${req.ip}`);
    return cancelBooking(req.server.ctx.deps, { meta, lang, input: req.body });
  },
});
