import type { Lang } from '../core/i18n.js';
import { clockStatus, warningInstants } from '../calendar/warnings.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { allowedActions, policyContext } from './policy.js';
import { readParties, withActor } from './petitioner-access.js';
import { loadCaseFor, type CaseRow } from './scope.js';
import { STATUS_LABELS, type Status } from './states.js';

export async function caseClocks(deps: Deps, caseId: string) {
  const rows = await deps.db.selectFrom('case_clocks').selectAll().where('case_id', '=', caseId).orderBy('started_at').execute();
  const now = deps.now();
  const w = deps.clocks.warnings;
  return rows.map((k) => {
    const running = k.status === 'running' && k.due_at !== null;
    const st = running
      ? clockStatus(now, k.started_at, k.due_at!, warningInstants({ start: k.started_at, due: k.due_at!, fractions: w.fractions, before: w.beforeHours.map((hours) => ({ hours })) }))
      : null;
    return {
      id: k.id,
      rule: k.rule_key,
      purpose: k.purpose,
      status: k.status,
      unitId: k.unit_id,
      startedAt: k.started_at,
      dueAt: k.due_at,
      amount: k.amount,
      unit: k.period_unit,
      extendedDays: k.extended_days,
      pauses: k.pauses,
      level: st?.status ?? null,
      msLeft: st?.msLeft ?? null,
      overdueAt: k.overdue_at,
    };
  });
}

export async function caseEvents(deps: Deps, caseId: string, opts: { publicOnly: boolean }) {
  let q = deps.db
    .selectFrom('case_events')
    .leftJoin('users', 'users.id', 'case_events.actor_user_id')
    .leftJoin('units', 'units.id', 'case_events.actor_unit_id')
    .select([
      'case_events.id',
      'case_events.type',
      'case_events.from_status',
      'case_events.to_status',
      'case_events.public',
      'case_events.data',
      'case_events.at',
      'users.display_name as actor_name',
      'units.name as unit_name',
    ])
    .where('case_events.case_id', '=', caseId)
    .orderBy('case_events.id');
  if (opts.publicOnly) q = q.where('case_events.public', '=', true);
  const rows = await q.execute();
  return rows.map((e) => ({
    id: e.id,
    type: e.type,
    from: e.from_status,
    to: e.to_status,
    at: e.at,
    public: e.public,
    // the citizen sees which unit acted, never which member of staff
    actor: opts.publicOnly ? null : e.actor_name,
    unit: e.unit_name,
    data: e.data,
  }));
}

async function unitsOf(deps: Deps, caseId: string) {
  return deps.db
    .selectFrom('case_units')
    .innerJoin('units', 'units.id', 'case_units.unit_id')
    .select(['units.id', 'units.name', 'units.name_en', 'units.code', 'case_units.role', 'case_units.active', 'case_units.signed_at', 'case_units.assigned_at'])
    .where('case_id', '=', caseId)
    .execute();
}

export function caseSummary(c: CaseRow | (Omit<CaseRow, 'intake_path' | 'intake_name'> & { intake_name?: string }), lang: Lang) {
  return {
    id: c.id,
    regNo: c.reg_no,
    trackingCode: c.tracking_code,
    channel: c.channel,
    kind: c.kind,
    categoryId: c.category_id,
    title: c.title,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status as Status]?.[lang] ?? c.status,
    receivedAt: c.received_at,
    intakeUnitId: c.intake_unit_id,
    leadUnitId: c.lead_unit_id,
    reviewLevel: c.review_level,
    evaluation: c.evaluation,
  };
}

/** The full staff view of a case, with the actions this actor may take now. */
export async function getCaseView(deps: Deps, actor: Actor, meta: RequestMeta, caseId: string, lang: Lang) {
  const c = await loadCaseFor(deps.db, actor, caseId);
  const [policy, clocks, units, parties, requests, events, attachments] = await Promise.all([
    policyContext(deps.db, c, deps.now()),
    caseClocks(deps, c.id),
    unitsOf(deps, c.id),
    readParties(deps, actor, meta, c),
    deps.db.selectFrom('case_requests').selectAll().where('case_id', '=', c.id).orderBy('requested_at').execute(),
    caseEvents(deps, c.id, { publicOnly: false }),
    withActor(deps.db, actor, (tx) => tx.selectFrom('attachments').select(['id', 'kind', 'filename', 'mime_type', 'size_bytes', 'sha256', 'created_at']).where('case_id', '=', c.id).execute()),
  ]);
  return {
    ...caseSummary(c, lang),
    content: c.content,
    location: c.location,
    oral: c.oral,
    anonymous: c.anonymous,
    collective: c.collective,
    headcount: c.headcount,
    routeType: c.route_type,
    accusedUnitId: c.accused_unit_id,
    reviewUnitId: c.review_unit_id,
    relatedCaseId: c.related_case_id,
    designatedAfterDispute: c.designated_after_dispute,
    outcome: c.outcome,
    registeredAt: c.registered_at,
    acceptedAt: c.accepted_at,
    repliedAt: c.replied_at,
    closedAt: c.closed_at,
    version: c.version,
    intakeUnitName: c.intake_name,
    units: units.map((u) => ({ id: u.id, name: lang === 'en' && u.name_en ? u.name_en : u.name, code: u.code, role: u.role, active: u.active, signedAt: u.signed_at, assignedAt: u.assigned_at })),
    parties,
    clocks,
    requests: requests.map((r) => ({ id: r.id, type: r.type, status: r.status, data: r.data, requestedAt: r.requested_at, decidedAt: r.decided_at, note: r.decision_note })),
    attachments: attachments.map((a) => ({ id: a.id, kind: a.kind, filename: a.filename, mimeType: a.mime_type, size: Number(a.size_bytes), sha256: a.sha256, createdAt: a.created_at })),
    events,
    allowedActions: allowedActions(actor, policy),
  };
}
