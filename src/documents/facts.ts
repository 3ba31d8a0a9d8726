/**
 * What a document says, taken from the case: which unit issues it, and the values of its placeholders. Each kind
 * applies only once the case has reached the step the document records (a 处理意见书 needs an issued reply …);
 * otherwise DOCUMENT_NOT_APPLICABLE (409) says what is missing.
 */
import type { Kysely } from 'kysely';
import { cstDateOf } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import type { DB } from '../db/types.js';
import type { CaseRow } from '../cases/scope.js';
import { DECISION_WORDS, KINDS, type DocumentKind } from './kinds.js';

/** 2026年3月2日 */
export function cnDate(d: Date | string | null | undefined): string {
  if (!d) return '';
  const iso = typeof d === 'string' ? d.slice(0, 10) : cstDateOf(d);
  const [y, m, day] = iso.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** A clock's due_at is the first overdue instant (24:00 of its last day): the last day is the day before it. */
const lastDay = (due: Date | string | null | undefined) => (due ? cnDate(new Date(new Date(due).getTime() - 1)) : '');

export interface DocumentFacts {
  officeUnitId: string;
  values: Record<string, string>;
}

type Outcome = Record<string, any> | null;

function notApplicable(kind: DocumentKind, reason: string): never {
  throw new AppError('DOCUMENT_NOT_APPLICABLE', { kind: KINDS[kind].label.zh, reason });
}

async function lastEvent(db: Kysely<DB>, caseId: string, types: string[]) {
  return db.selectFrom('case_events').select(['type', 'data', 'at']).where('case_id', '=', caseId).where('type', 'in', types).orderBy('id', 'desc').executeTakeFirst();
}

async function lastClockDue(db: Kysely<DB>, caseId: string, rule: string) {
  const k = await db.selectFrom('case_clocks').select('due_at').where('case_id', '=', caseId).where('rule_key', '=', rule).orderBy('started_at', 'desc').executeTakeFirst();
  return k?.due_at ?? null;
}

async function unit(db: Kysely<DB>, id: string | null | undefined) {
  if (!id) return null;
  return (await db.selectFrom('units').select(['id', 'name', 'parent_id']).where('id', '=', String(id)).executeTakeFirst()) ?? null;
}

async function parentName(db: Kysely<DB>, id: string | null | undefined): Promise<string> {
  const u = await unit(db, id);
  return (await unit(db, u?.parent_id))?.name ?? '上一级机关、单位';
}

/** The issuing unit and the placeholder values of `kind` for case `c` (petitionerName is added by the caller). */
export async function documentFacts(db: Kysely<DB>, c: CaseRow, kind: DocumentKind): Promise<DocumentFacts> {
  const outcome = (c.outcome ?? null) as Outcome;
  const lead = await unit(db, c.lead_unit_id);
  const v: Record<string, string> = {
    regNo: c.reg_no,
    title: c.title,
    content: c.content,
    location: c.location ?? '',
    receivedDate: cnDate(c.received_at),
    trackingCode: c.tracking_code,
    leadUnit: lead?.name ?? '',
    acceptedDate: cnDate(c.accepted_at),
    request: (outcome?.request as string | undefined) ?? c.content,
  };
  const issuedBy = (id: string | null | undefined) => {
    if (!id) notApplicable(kind, '没有出具单位');
    return { officeUnitId: String(id), values: v };
  };
  switch (kind) {
    case 'accept_notice': {
      if (!c.accepted_at || ['not_accepted', 'merged', 'linked'].includes(c.status)) notApplicable(kind, '该事项尚未受理（第二十三条：受理后告知信访人）');
      const e = await lastEvent(db, c.id, ['accept']);
      v.procedure = String((e?.data as any)?.procedure ?? '');
      v.dueDate = lastDay(await lastClockDue(db, c.id, 'handle'));
      return issuedBy(c.lead_unit_id);
    }
    case 'not_accepted_notice': {
      if (!outcome || !['not_accepted', 'declined'].includes(outcome.type)) notApplicable(kind, '该事项未作不予受理决定');
      v.reason = String(outcome.reason ?? '');
      v.suggestedAuthority = String(outcome.suggestedAuthority ?? '有权处理的机关、单位');
      return issuedBy(outcome.type === 'declined' ? c.lead_unit_id : c.intake_unit_id);
    }
    case 'routing_slip': {
      const e = await lastEvent(db, c.id, ['route', 'uphold_objection']);
      if (!e || !c.lead_unit_id) notApplicable(kind, '该事项尚未转送或交办（第二十二条）');
      const d = e.data as { mode?: string; assistUnitIds?: string[]; note?: string };
      const mode = d.mode ?? (c.route_type ?? 'forward').split(':')[0];
      v.routeMode = mode === 'assign' ? '交办' : '转送';
      const assists = d.assistUnitIds?.length ? await db.selectFrom('units').select('name').where('id', 'in', d.assistUnitIds).execute() : [];
      v.assistUnits = assists.map((a) => a.name).join('、') || '无';
      v.note = d.note ?? '';
      v.dueDate = lastDay((mode === 'assign' ? await lastClockDue(db, c.id, 'report_back') : null) ?? (await lastClockDue(db, c.id, 'accept_notice')));
      return issuedBy(c.intake_unit_id);
    }
    case 'extension_notice': {
      const e = await lastEvent(db, c.id, ['approve_extension']);
      if (!e) notApplicable(kind, '该事项没有经批准的延期（第三十四条）');
      const d = e.data as { days?: number; reason?: string; newDueAt?: string | null };
      v.extensionDays = String(d.days ?? '');
      v.reason = d.reason ?? '';
      v.dueDate = lastDay(d.newDueAt ?? (await lastClockDue(db, c.id, 'handle')));
      return issuedBy(c.lead_unit_id);
    }
    case 'handling_opinion': {
      if (!outcome || outcome.type !== 'reply' || !c.replied_at) notApplicable(kind, '该事项尚未出具经审批的处理意见（第三十二条）');
      Object.assign(v, {
        facts: String(outcome.facts ?? ''),
        reasons: String(outcome.reasons ?? ''),
        decision: DECISION_WORDS[outcome.decision] ?? String(outcome.decision ?? ''),
        legalBasis: String(outcome.legalBasis ?? ''),
        replyText: String(outcome.text ?? ''),
        reviewAuthority: await parentName(db, c.lead_unit_id),
        dueDate: lastDay(await lastClockDue(db, c.id, 'review_request')),
      });
      return issuedBy(c.lead_unit_id);
    }
    case 'review_opinion':
    case 'rereview_opinion': {
      const level = kind === 'review_opinion' ? 'review' : 'rereview';
      const decided = outcome?.[level] as { decision?: string; opinion?: string; legalBasis?: string } | undefined;
      if (!decided) notApplicable(kind, kind === 'review_opinion' ? '该事项尚未作出复查意见（第三十五条）' : '该事项尚未作出复核意见（第三十六条）');
      const req = await lastEvent(db, c.id, [kind === 'review_opinion' ? 'request_review' : 'request_rereview']);
      const reviewUnitId = ((req?.data as any)?.reviewUnitId as string | undefined) ?? c.review_unit_id;
      Object.assign(v, {
        reviewReason: String((req?.data as any)?.reason ?? ''),
        decision: DECISION_WORDS[decided.decision ?? ''] ?? String(decided.decision ?? ''),
        opinion: decided.opinion ?? '',
        legalBasis: decided.legalBasis ?? '',
        reviewAuthority: await parentName(db, reviewUnitId),
        dueDate: kind === 'review_opinion' ? lastDay(await lastClockDue(db, c.id, 'rereview_request')) : '',
      });
      return issuedBy(reviewUnitId);
    }
    case 'mediation_agreement': {
      const d = await db
        .selectFrom('disputes')
        .select(['reg_no', 'unit_id', 'office_unit_id', 'description', 'agreement_content', 'performance_due_on'])
        .where('case_id', '=', c.id)
        .where('status', 'in', ['agreement', 'performed', 'not_performed'])
        .where('agreement_content', 'is not', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!d) notApplicable(kind, '该事项没有已达成的调解协议（第三十三条）');
      const committee = await unit(db, d.unit_id ?? d.office_unit_id);
      Object.assign(v, {
        disputeRegNo: d.reg_no,
        mediationCommittee: committee?.name ?? '',
        disputeDescription: d.description,
        agreement: d.agreement_content ?? '',
        dueDate: d.performance_due_on ? cnDate(String(d.performance_due_on)) : '',
      });
      return issuedBy(d.unit_id ?? d.office_unit_id);
    }
  }
}
