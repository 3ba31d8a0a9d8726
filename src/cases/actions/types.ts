import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type { CasesTable } from '../../db/types.js';
import type { HandlerResult, TransitionContext } from '../../workflow/engine.js';
import type { PolicyContext } from '../policy.js';
import type { CaseRow } from '../scope.js';
import type { DeclaredRule } from '../../core/input-rules.js';

export interface ActionContext extends TransitionContext<CaseRow, PolicyContext> {
  case: CaseRow;
}

export type ActionResult = HandlerResult<Updateable<CasesTable>>;

export interface ActionHandler<S extends z.ZodType = z.ZodType> {
  input: S;
  /** rules the handler checks against stored data (the case's kind, a unit's existence), listed in the API document */
  rules?: readonly DeclaredRule<never>[];
  apply(ctx: ActionContext, input: z.infer<S>): Promise<ActionResult | void>;
}

export const defineAction = <S extends z.ZodType>(h: ActionHandler<S>): ActionHandler<S> => h;
