/** 督办立项 by hand: a supervisor opens an item on a unit in their scope, about a case they can see, or none. */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import { loadCaseFor } from '../cases/scope.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { openSupervisionItem } from './open-item.js';
import { SUPERVISION_LEVELS } from './tables.js';
import { SUPERVISION_WORKFLOW } from './workflow.js';

export const openItemInput = z.object({
  unitId: z.union([z.string(), z.number()]).transform(String).describe('the supervised unit; must lie in your scope'),
  caseId: z.string().uuid().optional().describe('the case it is about, if any; must be visible to you'),
  reason: z.string().trim().min(5).max(2000).describe('what is supervised and why (shown as the headline)'),
  level: z.enum(SUPERVISION_LEVELS).optional().describe('routine (日常督办, default), listed (挂牌督办) or interview (约谈)'),
});

export async function openItemByHand(deps: Deps, args: UseCaseArgs & { input: unknown }) {
  const { actor, meta, lang } = args;
  const t = transitionOf(SUPERVISION_WORKFLOW, 'open')!;
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const office = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', actor.unitId).executeTakeFirstOrThrow();
  // the office is the actor's own unit, so the relation is checked against it before the input is read
  const refused = checkTransition(SUPERVISION_WORKFLOW, actor, t, { status: 'open', level: 'routine', officePath: office.path, unitPath: office.path });
  if (refused) throw new AppError(refused.code, refused.params ?? {});
  const input = parseInput(openItemInput, args.input ?? {}, lang);
  const unit = /^\d+$/.test(input.unitId)
    ? await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', input.unitId).executeTakeFirst()
    : undefined;
  if (!unit || !unit.path.startsWith(actor.scopePath)) throw new AppError('INVALID_TARGET_UNIT', { reason: 'unit not in your scope' });
  if (input.caseId) await loadCaseFor(deps.db, actor, input.caseId);
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const r = await openSupervisionItem(
      tx,
      deps,
      actor,
      {
        source: 'manual',
        caseId: input.caseId ?? null,
        unitId: unit.id,
        officeUnitId: office.id,
        reason: input.reason,
        // a manual item is its own matter: never deduplicated against another
        dedupKey: `manual:${crypto.randomUUID()}`,
        level: input.level,
      },
      now,
      meta,
    );
    return { id: r.id };
  });
}
