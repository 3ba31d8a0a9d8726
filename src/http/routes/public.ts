import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { FILE_REQUIRED, inputRule } from '../../core/input-rules.js';
import { normalizeTrackingCode, sha256 } from '../../core/ids.js';
import type { CitizenActor } from '../../org/actor.js';
import { caseEvents, caseSummary } from '../../cases/case-view.js';
import { performAction } from '../../cases/perform-action.js';
import { allowedActions, policyContext } from '../../cases/policy.js';
import { REGISTRATION_RULES, registerCase, registerInput } from '../../cases/register-case.js';
import { withActor } from '../../cases/petitioner-access.js';
import { loadCaseFor } from '../../cases/scope.js';
import type { Deps } from '../../workflow/deps.js';
import { consentOf } from '../../replyboard/consent.js';
import { RateLimiter } from '../ratelimit.js';
import { saveFiles } from './attachments.js';
import { defineRoute } from '../route.js';

const CREDENTIALS_FIRST = inputRule({ field: 'code', message: 'send code and secret before the files', doc: 'the multipart fields code and secret (the tracking credentials) come before the file parts' });

const lookupLimiter = new RateLimiter(30, 60_000);
export const credentials = z.object({ code: z.string().trim().min(6).max(20), secret: z.string().trim().min(4).max(20) });

/** Proves a citizen by tracking code + secret; a wrong pair answers 404 like an unknown code. */
export async function citizenFor(deps: Deps, ip: string, code: string, secret: string): Promise<CitizenActor> {
  lookupLimiter.check(ip);
  const normalized = normalizeTrackingCode(code);
  const row = await deps.db.selectFrom('cases').select(['id', 'tracking_secret_hash']).where('tracking_code', '=', normalized).executeTakeFirst();
  const given = Buffer.from(sha256(`${normalized}:${secret.trim().toUpperCase()}`));
  if (!row || !timingSafeEqual(given, Buffer.from(row.tracking_secret_hash))) throw new AppError('CASE_NOT_FOUND');
  return { kind: 'citizen', caseId: row.id };
}

/** Where matters submitted on the portal are registered: the top petition office. */
async function portalUnit(deps: Deps): Promise<string> {
  const u = await deps.db.selectFrom('units').select('id').where('type', '=', 'petition_office').orderBy('depth').orderBy('id').executeTakeFirst();
  if (!u) throw new AppError('INVALID_TARGET_UNIT', { reason: 'no petition office is configured' });
  return u.id;
}

/** What a citizen sees: the matter, status, reply and a timeline without internal notes or staff names. */
async function citizenView(deps: Deps, actor: CitizenActor, lang: 'zh' | 'en') {
  const c = await loadCaseFor(deps.db, actor, actor.caseId);
  const [events, policy, clocks, attachments, publishConsent] = await Promise.all([
    caseEvents(deps, c.id, { publicOnly: true }),
    policyContext(deps.db, c, deps.now()),
    deps.db.selectFrom('case_clocks').select(['rule_key', 'due_at', 'status']).where('case_id', '=', c.id).where('status', 'in', ['running', 'paused']).execute(),
    // only what the citizen sent: staff evidence stays internal
    withActor(deps.db, actor, (tx) => tx.selectFrom('attachments').select(['id', 'filename', 'kind', 'size_bytes', 'created_at']).where('case_id', '=', c.id).where('public', '=', true).execute()),
    // 问政回复: whether the citizen consented to anonymised publication (withdrawn here: POST /api/public/replies/consent/withdraw)
    consentOf(deps.db, c.id),
  ]);
  const { trackingCode, intakeUnitId, leadUnitId, ...summary } = caseSummary(c, lang);
  const outcome = (c.outcome ?? null) as Record<string, unknown> | null;
  return {
    ...summary,
    trackingCode,
    content: c.content,
    reply: outcome && outcome.type === 'reply' ? { decision: outcome.decision, text: outcome.text, facts: outcome.facts, reasons: outcome.reasons, legalBasis: outcome.legalBasis ?? null, repliedAt: c.replied_at } : null,
    outcome: outcome ? { type: outcome.type } : null,
    deadlines: clocks.map((k) => ({ rule: k.rule_key, dueAt: k.due_at, status: k.status })),
    timeline: events.map(({ actor: _staff, ...e }) => e),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, kind: a.kind, size: Number(a.size_bytes), createdAt: a.created_at })),
    allowedActions: allowedActions(actor, policy),
    publishConsent,
  };
}

defineRoute({
  method: 'POST',
  url: '/api/public/cases',
  summary: 'A citizen submits a matter on the portal; answers the tracking code and secret (keep them)',
  tags: ['citizen'],
  rules: REGISTRATION_RULES,
  auth: 'public',
  rawBody: 'application/json',
  docBody: registerInput,
  async handler({ req, reply, lang, meta }) {
    const deps = req.server.ctx.deps;
    lookupLimiter.check(`submit:${req.ip}`);
    const body = { ...(req.body as object), channel: 'web' };
    const route = deps.clocks.rule('route');
    const answer = (r: object) => ({ ...r, next: { routeWithinDays: route.amount, basis: route.source } });
    const r = await registerCase(deps, { actor: { kind: 'system', job: 'portal' }, meta, lang, input: body, intakeUnitId: await portalUnit(deps), answer });
    reply.status(201);
    return answer(r);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/public/lookup',
  summary: 'Look up a case by tracking code and secret',
  tags: ['citizen'],
  auth: 'public',
  body: credentials,
  async handler({ req, body, lang }) {
    const deps = req.server.ctx.deps;
    return citizenView(deps, await citizenFor(deps, req.ip, body.code, body.secret), lang);
  },
});

for (const action of ['evaluate', 'request_review', 'request_rereview'] as const) {
  defineRoute({
    method: 'POST',
    url: `/api/public/actions/${action}`,
    summary: `Citizen action with tracking code and secret: ${action}`,
    tags: ['citizen'],
    auth: 'public',
    body: credentials.extend({ input: z.record(z.string(), z.unknown()).default({}) }),
    async handler({ req, body, lang, meta }) {
      const deps = req.server.ctx.deps;
      const actor = await citizenFor(deps, req.ip, body.code, body.secret);
      await performAction(deps, { actor, meta, lang, caseId: actor.caseId, action, input: body.input });
      return citizenView(deps, actor, lang);
    },
  });
}

defineRoute({
  method: 'POST',
  url: '/api/public/attachments',
  summary: 'A citizen adds photos or documents to their case: multipart with fields "code" and "secret" before the files',
  tags: ['citizen'],
  rules: [CREDENTIALS_FIRST, FILE_REQUIRED],
  auth: 'public',
  rawBody: 'multipart/form-data',
  async handler({ req }) {
    const deps = req.server.ctx.deps;
    return saveFiles(
      req,
      async (fields) => {
        const c = credentials.safeParse(fields);
        if (!c.success) throw CREDENTIALS_FIRST.error();
        const actor = await citizenFor(deps, req.ip, c.data.code, c.data.secret);
        return { actor, caseId: actor.caseId };
      },
      true,
    );
  },
});
