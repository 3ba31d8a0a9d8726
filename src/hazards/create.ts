/**
 * 登记隐患, the creating action of the hazard table: the table's policy (the office is the actor's own unit), zod
 * input, then ONE transaction with the row, the citizen reporter's contact (a petitioners row, apart from the open
 * record), the first event, the audit row and, for a petition or a hotline work order, a line on its timeline.
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { cstDateOf, isIsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, isoDateInput, LAT_AND_LNG, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { personInput } from '../cases/register-case.js';
import { loadCaseFor } from '../cases/scope.js';
import { setActor } from '../cases/petitioner-access.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { createRegisterRow } from '../workflow/register-store.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { ENTITY, TABLE } from './store.js';
import { HAZARD_GRADES, HAZARD_SOURCES, HAZARD_TYPES, type HazardStatus } from './tables.js';
import { HAZARD_WORKFLOW } from './workflow.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** Sources whose finder is a member of the public: the open record says only where it came from. */
const PUBLIC_SOURCES = new Set(['citizen', 'petition', 'hotline']);

type HazardFields = { source: string; caseId?: string; foundBy?: string; reporter?: unknown };
const PETITION_NAMES_CASE = inputRule<HazardFields>({
  field: 'caseId',
  message: '信访事项转入的隐患须填写信访事项 / a hazard from a petition names the case',
  doc: 'required for source petition',
  test: (v) => !(v.source === 'petition' && !v.caseId),
});
const CASE_ONLY_FROM_PETITION = inputRule<HazardFields>({
  field: 'caseId',
  message: '只有信访或热线来源可关联事项 / only a petition or hotline hazard names a case',
  doc: 'only for source petition or hotline',
  test: (v) => !(v.caseId && v.source !== 'petition' && v.source !== 'hotline'),
});
const NO_CITIZEN_FINDER = inputRule<HazardFields>({
  field: 'foundBy',
  message: '群众、信访、热线来源不记录发现人，举报人联系方式请填在 reporter / a citizen’s identity is not recorded here; use reporter',
  doc: 'not given for source citizen, petition or hotline (a citizen’s identity goes in reporter, kept apart)',
  test: (v) => !(PUBLIC_SOURCES.has(v.source) && v.foundBy !== undefined),
});
const INSPECTION_FINDER = inputRule<HazardFields>({
  field: 'foundBy',
  message: '请填写排查单位或检查组 / name the inspection team',
  doc: 'required for source inspection or other',
  test: (v) => !(!PUBLIC_SOURCES.has(v.source) && v.foundBy === undefined),
});
const REPORTER_ONLY_CITIZEN = inputRule<HazardFields>({
  field: 'reporter',
  message: '举报人只用于群众举报或未关联工单的热线来源 / a reporter only for a citizen or hotline report without a case',
  doc: 'only for source citizen, or hotline without caseId',
  test: (v) => !(v.reporter && !(v.source === 'citizen' || (v.source === 'hotline' && !v.caseId))),
});
export const FOUND_NOT_FUTURE = inputRule({ field: 'foundOn', message: '发现日期不能晚于今天 / the day found cannot be in the future', doc: 'not after today (CST)' });

export const hazardInput = withRules(
  z.object({
    source: z.enum(HAZARD_SOURCES).describe('inspection (排查发现), citizen (群众举报), petition (from a case: caseId), hotline (12345), other'),
    caseId: z.string().uuid().optional().describe('the petition or hotline work order it came from; required for source petition'),
    type: z.enum(HAZARD_TYPES),
    grade: z.enum(HAZARD_GRADES).describe('general (一般隐患) or major (重大隐患: supervised from its assignment)'),
    title: text(2, 200),
    description: text(5, 8000).describe('the hazard as found'),
    place: text(2, 500).describe('where: address, building, road, landmark'),
    lat: z.number().min(-90).max(90).optional().describe('latitude (WGS-84), with lng'),
    lng: z.number().min(-180).max(180).optional().describe('longitude (WGS-84), with lat'),
    foundBy: text(2, 200).optional().describe('the inspection team or unit (source inspection or other); never a citizen’s name'),
    foundOn: isoDateInput('the day it was found (default today)').optional(),
    reporter: personInput.optional().describe('the citizen who reported it (source citizen or hotline): kept apart and shown masked'),
  }),
  LAT_AND_LNG,
  PETITION_NAMES_CASE,
  CASE_ONLY_FROM_PETITION,
  NO_CITIZEN_FINDER,
  INSPECTION_FINDER,
  REPORTER_ONLY_CITIZEN,
);

async function regNo(tx: Transaction<DB>, at: Date) {
  const r = await sql<{ n: string }>`SELECT nextval('hazard_reg_seq')::text AS n`.execute(tx);
  return `YH${cstDateOf(at).replace(/-/g, '')}${r.rows[0]!.n.padStart(6, '0')}`;
}

const STATUS: HazardStatus = 'reported';

export async function reportHazard(deps: Deps, args: UseCaseArgs & { input: unknown }): Promise<{ id: string; regNo: string; status: string }> {
  const { actor, meta, lang } = args;
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const office = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', actor.unitId).executeTakeFirstOrThrow();
  // the office is the actor's own unit, so the relation is checked against it before the input is read
  const refused = checkTransition(HAZARD_WORKFLOW, actor, transitionOf(HAZARD_WORKFLOW, 'report')!, {
    status: STATUS,
    grade: 'general',
    officePath: office.path,
    unitPath: null,
    rectifiedPhotos: 0,
    actorRecordedRectification: false,
    actorInUnit: false,
  });
  if (refused) throw new AppError(refused.code, refused.params ?? {});
  const input = parseInput(hazardInput, args.input ?? {}, lang);
  const now = deps.now();
  const today = cstDateOf(now);
  if (input.foundOn && input.foundOn > today) throw FOUND_NOT_FUTURE.error();
  const c = input.caseId ? await loadCaseFor(deps.db, actor, input.caseId) : null;
  const foundBy =
    input.source === 'citizen' ? '群众' : input.source === 'petition' ? `信访事项${c!.reg_no}` : input.source === 'hotline' ? (c ? `12345热线工单${c.reg_no}` : '12345热线') : input.foundBy!;

  return deps.db.transaction().execute(async (tx) => {
    await setActor(tx, actor); // the reporter is a petitioners row, shielded (0015_rls.sql)
    const no = await regNo(tx, now);
    const id = await createRegisterRow(
      tx,
      actor,
      { entity: ENTITY, table: TABLE, action: 'report', status: STATUS },
      {
        office_unit_id: office.id,
        case_id: c?.id ?? null,
        reg_no: no,
        source: input.source,
        type: input.type,
        grade: input.grade,
        title: input.title,
        description: input.description,
        place: input.place,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        found_by: foundBy,
        found_on: input.foundOn ?? today,
        created_by: actor.userId,
        created_at: now,
      },
      now,
      { regNo: no, source: input.source, type: input.type, grade: input.grade, caseId: c?.id ?? null, reporter: input.reporter !== undefined },
    );
    if (input.reporter) {
      const p = input.reporter;
      const person = await tx
        .insertInto('petitioners')
        .values({ name: p.name, id_number: p.idNumber ?? null, phone: p.phone ?? null, address: p.address ?? null, email: p.email ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('hazard_reporters').values({ hazard_id: id, petitioner_id: person.id }).execute();
    }
    if (c) await appendEvent(tx, actor, { caseId: c.id, type: 'hazard_opened', public: false, at: now, data: { hazardId: id, regNo: no, grade: input.grade } });
    await writeAudit(tx, actor, meta, { action: 'hazard.report', entityType: ENTITY, entityId: id, data: { regNo: no, source: input.source, grade: input.grade, reporter: input.reporter !== undefined } });
    return { id, regNo: no, status: STATUS };
  });
}
