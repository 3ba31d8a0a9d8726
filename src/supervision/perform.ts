import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition, runTransitionInTx } from '../workflow/engine.js';
import { SUPERVISION_HANDLERS } from './handlers.js';
import { SUPERVISION_STORE } from './store.js';
import { SUPERVISION_WORKFLOW } from './workflow.js';

export const performSupervisionAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, SUPERVISION_WORKFLOW, SUPERVISION_STORE, SUPERVISION_HANDLERS);

export const performSupervisionActionInTx = (deps: Deps, tx: Transaction<DB>, args: UseCaseArgs & { id: string; action: string; input: unknown; byRule?: string }) =>
  runTransitionInTx(deps, tx, args, SUPERVISION_WORKFLOW, SUPERVISION_STORE, SUPERVISION_HANDLERS);
