/**
 * The two creating actions of the dispute table: a dispute registered as found (grid workers, a visit, the hotline …)
 * and a petition converted to a dispute (信访工作条例 第三十三条: mediation while an appeal is being handled, with the
 * parties' consent). Each: the table's policy, zod input, then ONE transaction with the row, its parties, its first
 * event and the audit row (and, for a petition, the event on the petition's timeline).
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { cstDateOf } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, LAT_AND_LNG, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { loadCaseFor } from '../cases/scope.js';
import { setActor, withActor } from '../cases/petitioner-access.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { createRegisterRow } from '../workflow/register-store.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { addParties, partyCounts, partyInput, type PartyInput } from './parties.js';
import { DISPUTE_TYPES, OPEN_STATUSES, type DisputeStatus } from './tables.js';
import { DISPUTE_WORKFLOW } from './workflow.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

const place = {
  place: text(0, 500).optional().describe('where the dispute arose (address, estate, road)'),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
};

const partyOf = (role: 'applicant' | 'respondent') =>
  inputRule<{ parties: Array<{ role: string }> }>({
    field: 'parties',
    message: `纠纷须有${role === 'applicant' ? '申请人' : '被申请人'} / a dispute needs a${role === 'applicant' ? 'n' : ''} ${role}`,
    doc: `at least one party of role ${role}`,
    test: (v) => v.parties.some((p) => p.role === role),
  });
const HAS_RESPONDENT = partyOf('respondent');
/** 信访工作条例 第三十三条: mediation is for 申诉求决 matters (appeals) that have parties */
const MEDIATES_AN_APPEAL = inputRule({
  field: 'caseId',
  message: '只有申诉求决类事项可以转调解（信访工作条例第三十三条）/ only an appeal can be mediated',
  doc: 'an appeal (申诉求决, 信访工作条例 第三十三条) that names its petitioners (not anonymous)',
});

export const disputeInput = withRules(
  z.object({
    type: z.enum(DISPUTE_TYPES),
    title: text(2, 200),
    description: text(5, 8000).describe('what the dispute is about, as found'),
    ...place,
    // a petition's dispute is created by converting the petition (from_petition), so that both are linked
    source: z.enum(['grid', 'visit', 'hotline', 'other']).describe('grid: found by grid workers (网格排查); visit; hotline; other'),
    parties: z.array(partyInput).min(2).max(20).describe('at least one applicant and one respondent'),
  }),
  LAT_AND_LNG,
  partyOf('applicant'),
  HAS_RESPONDENT,
);

export const fromPetitionInput = withRules(
  z.object({
    caseId: z.string().uuid().describe('an appeal (申诉求决类) in handling (accepted) whose lead unit is in your scope'),
    type: z.enum(DISPUTE_TYPES),
    title: text(2, 200).optional().describe('default the petition’s title'),
    description: text(5, 8000).optional().describe('default the petition’s content'),
    ...place,
    parties: z
      .array(partyInput.extend({ role: z.enum(['respondent', 'other']) }))
      .min(1)
      .max(20)
      .describe('the other side (respondent) and any others; the petitioner(s) become the applicants'),
  }),
  LAT_AND_LNG,
  HAS_RESPONDENT,
);
export const FROM_PETITION_RULES = [MEDIATES_AN_APPEAL];

function staffOf(args: UseCaseArgs): StaffActor {
  if (args.actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  return args.actor;
}

/** The creating transition's policy: the role, and the office (the actor's own unit) — before the input is read. */
async function checkCreate(deps: Deps, actor: StaffActor, action: 'register' | 'from_petition') {
  const office = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', actor.unitId).executeTakeFirstOrThrow();
  const refused = checkTransition(DISPUTE_WORKFLOW, actor, transitionOf(DISPUTE_WORKFLOW, action)!, {
    status: 'registered',
    officePath: office.path,
    committeePath: null,
    hasCase: action === 'from_petition',
    now: deps.now(),
    confirmationDue: null,
    confirmationApplied: false,
    confirmationDecided: false,
  });
  if (refused) throw new AppError(refused.code, refused.params ?? {});
  return office;
}

async function regNo(tx: Transaction<DB>, at: Date) {
  const r = await sql<{ n: string }>`SELECT nextval('dispute_reg_seq')::text AS n`.execute(tx);
  return `TJ${cstDateOf(at).replace(/-/g, '')}${r.rows[0]!.n.padStart(6, '0')}`;
}

const STATUS: DisputeStatus = 'registered';

/** 登记纠纷: a dispute found by grid workers, at a visit, on the hotline …, kept by the actor's unit. */
export async function registerDispute(deps: Deps, args: UseCaseArgs & { input: unknown }): Promise<{ id: string; regNo: string; status: string }> {
  const actor = staffOf(args);
  const office = await checkCreate(deps, actor, 'register');
  const input = parseInput(disputeInput, args.input ?? {}, args.lang);
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    await setActor(tx, actor); // the parties are petitioners rows, shielded (0015_rls.sql)
    const no = await regNo(tx, now);
    const counts = partyCounts(input.parties.map((p) => p.role));
    const id = await createRegisterRow(
      tx,
      actor,
      { entity: 'dispute', table: 'disputes', action: 'register', status: STATUS },
      {
        office_unit_id: office.id,
        reg_no: no,
        type: input.type,
        title: input.title,
        description: input.description,
        place: input.place || null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        source: input.source,
        created_by: actor.userId,
        created_at: now,
      },
      now,
      { regNo: no, type: input.type, source: input.source, parties: counts },
    );
    await addParties(tx, id, input.parties);
    await writeAudit(tx, actor, args.meta, { action: 'dispute.register', entityType: 'dispute', entityId: id, data: { regNo: no, type: input.type, parties: counts } });
    return { id, regNo: no, status: STATUS };
  });
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

/**
 * 信访事项转调解: an appeal in handling becomes a dispute, linked both ways. Its petitioner(s) are the applicants
 * (the same petitioners rows: personal data is not copied); the respondent is given. The petition goes on (its
 * handling clock runs, 信访工作条例 第三十四条); its timeline records the dispute and each of its steps, and an
 * agreement can be the petition's answer (reply decision mediation_agreement, 第三十三条).
 */
export async function disputeFromPetition(deps: Deps, args: UseCaseArgs & { input: unknown }): Promise<{ id: string; regNo: string; status: string }> {
  const actor = staffOf(args);
  const office = await checkCreate(deps, actor, 'from_petition');
  const input = parseInput(fromPetitionInput, args.input ?? {}, args.lang);
  const c = await loadCaseFor(deps.db, actor, input.caseId);
  if (c.kind !== 'appeal') throw MEDIATES_AN_APPEAL.error();
  if (c.status !== 'accepted') throw new AppError('ACTION_NOT_ALLOWED', { action: 'from_petition', status: `case ${c.status}` });
  const lead = c.lead_unit_id ? await deps.db.selectFrom('units').select('path').where('id', '=', c.lead_unit_id).executeTakeFirst() : undefined;
  if (!lead || !lead.path.startsWith(actor.scopePath)) throw new AppError('FORBIDDEN');
  const petitioners = await withActor(deps.db, actor, (tx) => tx.selectFrom('case_parties').select(['petitioner_id']).where('case_id', '=', c.id).orderBy('role').execute());
  if (petitioners.length === 0) throw MEDIATES_AN_APPEAL.error('匿名信访事项没有当事人信息，不能转调解 / an anonymous petition has no parties to mediate');
  const open = await deps.db.selectFrom('disputes').select('reg_no').where('case_id', '=', c.id).where('status', 'in', [...OPEN_STATUSES]).executeTakeFirst();
  if (open) throw new AppError('ALREADY_EXISTS', { field: `caseId (${open.reg_no})` });
  const now = deps.now();
  const parties: PartyInput[] = input.parties;
  try {
    return await deps.db.transaction().execute(async (tx) => {
      await setActor(tx, actor); // the parties are petitioners rows, shielded (0015_rls.sql)
      const no = await regNo(tx, now);
      const counts = partyCounts([...petitioners.map(() => 'applicant' as const), ...parties.map((p) => p.role)]);
      const id = await createRegisterRow(
        tx,
        actor,
        { entity: 'dispute', table: 'disputes', action: 'from_petition', status: STATUS },
        {
          office_unit_id: office.id,
          case_id: c.id,
          reg_no: no,
          type: input.type,
          title: input.title ?? c.title,
          description: input.description ?? c.content,
          place: input.place || c.location || null,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          source: 'petition',
          created_by: actor.userId,
          created_at: now,
        },
        now,
        { regNo: no, type: input.type, caseId: c.id, caseRegNo: c.reg_no, parties: counts },
      );
      await addParties(tx, id, parties, petitioners.map((p) => ({ petitionerId: p.petitioner_id, role: 'applicant' as const })));
      await appendEvent(tx, actor, { caseId: c.id, type: 'dispute_opened', public: false, at: now, data: { disputeId: id, regNo: no, type: input.type } });
      await writeAudit(tx, actor, args.meta, { action: 'dispute.from_petition', entityType: 'dispute', entityId: id, data: { regNo: no, caseId: c.id, parties: counts } });
      return { id, regNo: no, status: STATUS };
    });
  } catch (err) {
    // two conversions of one petition at once: the partial unique index lets one through
    if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', { field: 'caseId' });
    throw err;
  }
}
