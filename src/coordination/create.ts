/**
 * 提请联席会议协调, the creating action of the coordination table: the office is the actor's own unit; the units
 * involved lie in the actor's scope; a case, when named, is one the actor can see. ONE transaction: the row, its first
 * event, the audit row and a private line on the case's timeline.
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { cstDateOf } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { loadCaseFor } from '../cases/scope.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { createRegisterRow } from '../workflow/register-store.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { unitIdInput, unitsInScope } from './handlers.js';
import { ENTITY, TABLE } from './store.js';
import { COORDINATION_KINDS, type CoordinationStatus } from './tables.js';
import { COORDINATION_WORKFLOW } from './workflow.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

type Kinded = { kind: string; caseId?: string; unitIds: string[] };
/** 信访工作条例 第二十四条: a dispute over acceptance between units, about a petition */
const DISPUTE_NAMES_CASE = inputRule<Kinded>({
  field: 'caseId',
  message: '受理争议须关联信访事项 / a dispute over acceptance names the case',
  doc: 'required for an acceptance_dispute',
  test: (v) => !(v.kind === 'acceptance_dispute' && !v.caseId),
});
const DISPUTE_TWO_UNITS = inputRule<Kinded>({
  field: 'unitIds',
  message: '受理争议涉及两个以上单位（第二十四条）/ a dispute over acceptance involves two or more units',
  doc: 'two or more different units for an acceptance_dispute (信访工作条例 第二十四条)',
  test: (v) => !(v.kind === 'acceptance_dispute' && new Set(v.unitIds).size < 2),
});

export const coordinationInput = withRules(
  z.object({
    kind: z.enum(COORDINATION_KINDS).describe('hard_case (疑难复杂信访事项) or acceptance_dispute (受理争议, 信访工作条例 第二十四条)'),
    caseId: z.string().uuid().optional().describe('the petition concerned; required for a dispute over acceptance'),
    title: text(2, 200),
    description: text(5, 8000).describe('the matter and why coordination is needed'),
    unitIds: z.array(unitIdInput).min(1).max(30).describe('the units involved (in your scope); they see the item'),
  }),
  DISPUTE_NAMES_CASE,
  DISPUTE_TWO_UNITS,
);

async function regNo(tx: Transaction<DB>, at: Date) {
  const r = await sql<{ n: string }>`SELECT nextval('coordination_reg_seq')::text AS n`.execute(tx);
  return `XT${cstDateOf(at).replace(/-/g, '')}${r.rows[0]!.n.padStart(6, '0')}`;
}

const STATUS: CoordinationStatus = 'open';

export async function openCoordination(deps: Deps, args: UseCaseArgs & { input: unknown }): Promise<{ id: string; regNo: string; status: string }> {
  const { actor, meta, lang } = args;
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const office = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', actor.unitId).executeTakeFirstOrThrow();
  const refused = checkTransition(COORDINATION_WORKFLOW, actor, transitionOf(COORDINATION_WORKFLOW, 'open')!, {
    status: STATUS,
    officePath: office.path,
    tasks: 0,
    openTasks: 0,
    actorTasks: 0,
    actorOpenTasks: 0,
  });
  if (refused) throw new AppError(refused.code, refused.params ?? {});
  const input = parseInput(coordinationInput, args.input ?? {}, lang);
  const c = input.caseId ? await loadCaseFor(deps.db, actor, input.caseId) : null;
  const units = await unitsInScope(deps.db, actor, input.unitIds, 'unitIds', c?.id ?? null);
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const no = await regNo(tx, now);
    const ids = units.map((u) => String(u.id));
    const id = await createRegisterRow(
      tx,
      actor,
      { entity: ENTITY, table: TABLE, action: 'open', status: STATUS },
      {
        office_unit_id: office.id,
        case_id: c?.id ?? null,
        reg_no: no,
        kind: input.kind,
        title: input.title,
        description: input.description,
        unit_ids: sql`${`{${ids.join(',')}}`}::bigint[]`,
        created_by: actor.userId,
        created_at: now,
      },
      now,
      { regNo: no, kind: input.kind, caseId: c?.id ?? null, units: units.map((u) => u.name) },
    );
    if (c) await appendEvent(tx, actor, { caseId: c.id, type: 'coordination_opened', public: false, at: now, data: { coordinationId: id, regNo: no, kind: input.kind } });
    await writeAudit(tx, actor, meta, { action: 'coordination.open', entityType: ENTITY, entityId: id, data: { regNo: no, kind: input.kind, caseId: c?.id ?? null, unitIds: ids } });
    return { id, regNo: no, status: STATUS };
  });
}
