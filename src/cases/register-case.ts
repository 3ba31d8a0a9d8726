import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { inputRule, KNOWN_CATEGORY, withRules } from '../core/input-rules.js';
import { newSecret, newTrackingCode, sha256 } from '../core/ids.js';
import { parseInput } from '../core/validate.js';
import { cstDateOf } from '../calendar/dates.js';
import { writeAudit } from '../audit/audit.js';
import { recordResultInTx } from '../core/idempotent-result.js';
import { startClock } from '../clocks/case-clocks.js';
import { indexCase } from '../intel/index-case.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { recordCreated } from '../workflow/engine.js';
import type { Actor } from '../org/actor.js';
import { appendEvent } from './events.js';
import { scopeToActor } from './scope.js';
import { setActor } from './petitioner-access.js';
import { CHANNELS, KINDS, type CaseKind } from './states.js';
import { NOTIFY_CHANNELS } from '../notifications/channel.js';
import { recordIntakeConsent } from '../replyboard/consent.js';

const phone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话号码格式不正确 / invalid phone number');
// 18-digit resident ID (last may be X) or 15-digit legacy ID; checksum is not enforced: a typo should not block intake.
const idNumber = z.string().trim().toUpperCase().regex(/^(\d{17}[\dX]|\d{15})$/, '身份证号应为18位 / ID number must have 18 characters');

export const personInput = z.object({
  name: z.string().trim().min(1).max(100),
  idNumber: idNumber.optional(),
  phone: phone.optional(),
  address: z.string().trim().max(500).optional(),
  email: z.string().trim().email().optional(),
  /** how this person is told of the case (docs/notifications.md); unset: sms if a phone, else email, else none */
  notifyChannel: z.enum(NOTIFY_CHANNELS).optional(),
});

type Registration = {
  anonymous: boolean;
  collective: boolean;
  petitioner?: { notifyChannel?: string; phone?: string; email?: string; address?: string };
  representatives: Array<{ notifyChannel?: string; phone?: string; email?: string; address?: string }>;
};
const PETITIONER_OR_ANONYMOUS = inputRule<Registration>({
  field: 'petitioner',
  message: '请填写信访人，或选择匿名 / give the petitioner or mark it anonymous',
  doc: 'required unless anonymous is true or representatives are given',
  test: (v) => v.anonymous || !!v.petitioner || v.representatives.length > 0,
});
/** 信访工作条例 第二十条: 多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人 */
const COLLECTIVE_REPRESENTATIVES = inputRule<Registration>({
  field: 'representatives',
  message: '集体访须推选代表（1至5人）/ a collective petition names 1–5 representatives',
  doc: '1–5 for a collective petition (信访工作条例 第二十条), none otherwise',
  check: (v, fail) => {
    if (v.collective && v.representatives.length === 0) fail(['representatives']);
    if (!v.collective && v.representatives.length > 0) fail(['representatives'], '仅集体访填写代表 / representatives only for a collective petition');
  },
});
/** the chosen channel needs its address, or the notices of 第二十三条 would have nowhere to go */
const CHANNEL_NEEDS_ADDRESS = inputRule<Registration>({
  field: 'petitioner.notifyChannel',
  message: 'the chosen notify channel needs its address',
  doc: 'a person’s notifyChannel sms needs phone, email needs email, post needs address (信访工作条例 第二十三条: the citizen is told)',
  check: (v, fail) => {
    const people = [...(v.petitioner ? [{ path: ['petitioner'] as (string | number)[], p: v.petitioner }] : []), ...v.representatives.map((p, i) => ({ path: ['representatives', i], p }))];
    for (const { path, p } of people) {
      const field = CHANNEL_ADDRESS[p.notifyChannel ?? 'none'];
      if (field && !p[field.key]) fail([...path, field.key], field.message);
    }
  },
});
const NOT_FUTURE = inputRule({ field: 'receivedAt', message: 'cannot be in the future', doc: 'not in the future' });
const KIND_OR_CATEGORY = inputRule({ field: 'kind', message: 'give kind or categoryId', doc: 'required when no categoryId is given (the category gives the kind)' });
const ACCUSED_ONLY_ACCUSATION = inputRule({
  field: 'accusedUnitId',
  message: 'only for accusations (检举控告)',
  doc: 'only for an accusation (检举控告), and an existing unit',
});
const KNOWN_PRIOR = inputRule({ field: 'repeatOfCaseId', message: 'unknown case', doc: 'a case you can see (an id outside your scope answers as an unknown one)' });
/** the rules registerCase checks against stored data, listed by the routes that register */
export const REGISTRATION_RULES = [NOT_FUTURE, KNOWN_CATEGORY, KIND_OR_CATEGORY, ACCUSED_ONLY_ACCUSATION, KNOWN_PRIOR];

export const registerInput = withRules(
  z.object({
    channel: z.enum(CHANNELS),
    kind: z.enum(KINDS).optional(),
    categoryId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String).optional(),
    title: z.string().trim().min(2).max(200),
    content: z.string().trim().min(5).max(20000),
    location: z.string().trim().max(500).optional(),
    /** 第十九条: a matter raised orally is recorded faithfully */
    oral: z.boolean().default(false),
    anonymous: z.boolean().default(false),
    petitioner: personInput.optional(),
    /** 第二十条: a collective visit names at most 5 representatives */
    collective: z.boolean().default(false),
    representatives: z.array(personInput).max(5, '集体访推选代表不超过5人（第二十条）/ at most 5 representatives').default([]),
    headcount: z.number().int().min(2).max(100000).optional(),
    receivedAt: z.coerce.date().optional(),
    accusedUnitId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String).optional(),
    accusedUserIds: z.array(z.string().uuid()).max(20).default([]),
    /** an earlier case this repeats (e.g. after a final re-review) */
    repeatOfCaseId: z.string().uuid().optional(),
    intakeUnitId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String).optional(),
    /** 问政回复 (docs/replyboard.md): the citizen agrees that the matter and reply may be published anonymised; default no */
    publishConsent: z.boolean().optional().describe('the citizen consents to anonymised publication of the matter and its reply on the public reply board (default: no)'),
  }),
  PETITIONER_OR_ANONYMOUS,
  COLLECTIVE_REPRESENTATIVES,
  CHANNEL_NEEDS_ADDRESS,
);

/** The address each notify channel is sent to (post: a letter the office mails). */
const CHANNEL_ADDRESS: Record<string, { key: 'phone' | 'email' | 'address'; message: string } | undefined> = {
  sms: { key: 'phone', message: '选择短信告知请填写联系电话 / a text message needs a phone number' },
  email: { key: 'email', message: '选择电子邮件告知请填写电子邮箱 / an e-mail notice needs an e-mail address' },
  post: { key: 'address', message: '选择邮寄告知请填写邮寄地址 / a notice by post needs a postal address' },
};

export type RegisterInput = z.infer<typeof registerInput>;

export interface Registered {
  id: string;
  regNo: string;
  trackingCode: string;
  /** shown once to the citizen; only its hash is kept */
  trackingSecret: string;
  status: string;
}

/**
 * The earlier case a registration names, if the registering actor may see it: the case scope and the accusation
 * shielding of every case read (scopeToActor; 信访工作条例 第三十条). A case outside them answers exactly like an id
 * that does not exist, so a registration cannot confirm that a hidden case exists. The portal (a citizen, who
 * sees no case but their own) can name none; only internal jobs (seeding, imports) see every case.
 */
async function visiblePrior(deps: Deps, actor: Actor, caseId: string) {
  if (actor.kind === 'citizen' || (actor.kind === 'system' && actor.job === 'portal')) return undefined;
  let qb = deps.db.selectFrom('cases').select(['cases.id', 'cases.reg_no', 'cases.review_level', 'cases.status']).where('cases.id', '=', caseId);
  if (actor.kind === 'staff') qb = scopeToActor(qb, actor);
  return qb.executeTakeFirst();
}

export async function registerCase(
  deps: Deps,
  /** answer: the response body the route makes of the result, when it adds to it (stored with an Idempotency-Key) */
  args: UseCaseArgs & {
    input: unknown;
    intakeUnitId: string;
    answer?: (r: Registered) => unknown;
    /** more writes that must commit with the case or not at all (e.g. another system's id: src/interop/external-refs.ts) */
    inTx?: (tx: Transaction<DB>, caseId: string) => Promise<void>;
  },
): Promise<Registered> {
  const input = parseInput(registerInput, args.input, args.lang);
  const { db } = deps;
  const now = deps.now();
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + 60_000)
    throw NOT_FUTURE.error();

  let kind: CaseKind | undefined = input.kind;
  if (input.categoryId) {
    const cat = await db.selectFrom('categories').select(['kind', 'active']).where('id', '=', input.categoryId).executeTakeFirst();
    if (!cat || !cat.active) throw KNOWN_CATEGORY.error();
    kind ??= cat.kind as CaseKind;
  }
  if (!kind) throw KIND_OR_CATEGORY.error();
  if (input.accusedUnitId && kind !== 'accusation') throw ACCUSED_ONLY_ACCUSATION.error();
  if (input.accusedUnitId) {
    const u = await db.selectFrom('units').select('id').where('id', '=', input.accusedUnitId).executeTakeFirst();
    if (!u) throw ACCUSED_ONLY_ACCUSATION.error('unknown unit');
  }

  // 第三十六条: after re-review the same request on the same facts and reasons is not accepted again.
  let finalRepeatOf: { id: string; reg_no: string } | undefined;
  if (input.repeatOfCaseId) {
    const prior = await visiblePrior(deps, args.actor, input.repeatOfCaseId);
    if (!prior) throw KNOWN_PRIOR.error();
    if (prior.review_level === 2 && (prior.status === 'rereviewed' || prior.status === 'closed')) finalRepeatOf = prior;
  }

  const trackingCode = newTrackingCode();
  const trackingSecret = newSecret();
  const status = finalRepeatOf ? 'not_accepted' : 'registered';

  const id = await db.transaction().execute(async (tx) => {
    await setActor(tx, args.actor); // the petitioners rows below are shielded (0015_rls.sql)
    const seq = await sql<{ n: string }>`SELECT nextval('case_reg_seq')::text AS n`.execute(tx);
    const regNo = `XF${cstDateOf(receivedAt).replace(/-/g, '')}${seq.rows[0]!.n.padStart(6, '0')}`;
    const row = await tx
      .insertInto('cases')
      .values({
        reg_no: regNo,
        tracking_code: trackingCode,
        tracking_secret_hash: sha256(`${trackingCode}:${trackingSecret}`),
        channel: input.channel,
        kind,
        category_id: input.categoryId ?? null,
        title: input.title,
        content: input.content,
        location: input.location ?? null,
        oral: input.oral,
        anonymous: input.anonymous,
        collective: input.collective,
        headcount: input.headcount ?? null,
        status,
        intake_unit_id: args.intakeUnitId,
        accused_unit_id: input.accusedUnitId ?? null,
        accused_user_ids: input.accusedUserIds,
        related_case_id: input.repeatOfCaseId ?? null,
        received_at: receivedAt,
        registered_at: now,
        created_by: args.actor.kind === 'staff' ? args.actor.userId : null,
        outcome: finalRepeatOf ? JSON.stringify({ type: 'final_after_rereview', priorRegNo: finalRepeatOf.reg_no }) : undefined,
      })
      .returning(['id', 'reg_no'])
      .executeTakeFirstOrThrow();
    const people = [
      ...(input.anonymous || !input.petitioner ? [] : [{ p: input.petitioner, role: 'petitioner' as const }]),
      ...(input.anonymous ? [] : input.representatives.map((p) => ({ p, role: 'representative' as const }))),
    ];
    for (const { p, role } of people) {
      const person = await tx
        .insertInto('petitioners')
        .values({ name: p.name, id_number: p.idNumber ?? null, phone: p.phone ?? null, address: p.address ?? null, email: p.email ?? null, notify_channel: p.notifyChannel ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('case_parties').values({ case_id: row.id, petitioner_id: person.id, role }).execute();
    }
    await tx.insertInto('case_units').values({ case_id: row.id, unit_id: args.intakeUnitId, role: 'intake', assigned_at: now }).execute();
    await recordIntakeConsent(tx, { caseId: row.id, consent: input.publishConsent, channel: input.channel, at: now });
    await indexCase(tx, { id: row.id, title: input.title, content: input.content, location: input.location ?? null, received_at: receivedAt });
    await appendEvent(tx, args.actor, {
      caseId: row.id,
      type: 'register',
      to: status,
      public: true,
      at: now,
      data: { channel: input.channel, oral: input.oral, collective: input.collective, anonymous: input.anonymous },
    });
    if (finalRepeatOf) {
      await appendEvent(tx, args.actor, {
        caseId: row.id,
        type: 'auto_not_accepted',
        from: 'registered',
        to: 'not_accepted',
        public: true,
        at: now,
        data: { priorRegNo: finalRepeatOf.reg_no, basis: '信访工作条例 第三十六条' },
      });
    } else {
      // 第二十二条: the petition office decides the route within 15 days of receipt
      await startClock(tx, deps.clocks, { caseId: row.id, ruleKey: 'route', unitId: args.intakeUnitId, at: receivedAt });
    }
    await writeAudit(tx, args.actor, args.meta, { action: 'case.register', entityType: 'case', entityId: row.id, data: { regNo } });
    await recordCreated({ tx, entity: 'case', id: row.id, action: 'register', at: now });
    if (args.inTx) await args.inTx(tx, row.id);
    // with an Idempotency-Key, the answer commits with the case: a retry can never register it twice
    const result: Registered = { id: row.id, regNo, trackingCode, trackingSecret, status };
    await recordResultInTx(tx, 201, args.answer ? args.answer(result) : result);
    return row.id;
  });
  const reg = await db.selectFrom('cases').select('reg_no').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, regNo: reg.reg_no, trackingCode, trackingSecret, status };
}
