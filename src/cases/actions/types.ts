import type { Transaction, Updateable } from 'kysely';
import type { z } from 'zod';
import type { CasesTable, DB } from '../../db/types.js';
import type { Actor } from '../../org/actor.js';
import type { Deps } from '../deps.js';
import type { Transition } from '../lifecycle.js';
import type { PolicyContext } from '../policy.js';
import type { CaseRow } from '../scope.js';

export interface ActionContext {
  deps: Deps;
  tx: Transaction<DB>;
  actor: Actor;
  case: CaseRow;
  policy: PolicyContext;
  transition: Transition;
  now: Date;
}

export interface ActionResult {
  patch?: Updateable<CasesTable>;
  /** recorded on the event; public events show it on the citizen's timeline, so never put personal data here */
  eventData?: Record<string, unknown>;
}

export interface ActionHandler<S extends z.ZodType = z.ZodType> {
  input: S;
  apply(ctx: ActionContext, input: z.infer<S>): Promise<ActionResult | void>;
}

export const defineAction = <S extends z.ZodType>(h: ActionHandler<S>): ActionHandler<S> => h;
