import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition, runTransitionInTx } from '../workflow/engine.js';
import { DISPUTE_HANDLERS } from './handlers.js';
import { DISPUTE_STORE } from './store.js';
import { DISPUTE_WORKFLOW } from './workflow.js';

/** One transition of a dispute (workflow.ts) through the shared engine. */
export const performDisputeAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, DISPUTE_WORKFLOW, DISPUTE_STORE, DISPUTE_HANDLERS);

/** The same inside a transaction another workflow holds (e.g. a configured rule), with `byRule` naming the rule. */
export const performDisputeActionInTx = (deps: Deps, tx: Transaction<DB>, args: UseCaseArgs & { id: string; action: string; input: unknown; byRule?: string }) =>
  runTransitionInTx(deps, tx, args, DISPUTE_WORKFLOW, DISPUTE_STORE, DISPUTE_HANDLERS);
