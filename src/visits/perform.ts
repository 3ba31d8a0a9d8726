import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition } from '../workflow/engine.js';
import { VISIT_HANDLERS } from './handlers.js';
import { VISIT_STORE } from './store.js';
import { VISIT_WORKFLOW } from './workflow.js';

/** Runs one transition of a return-visit task (workflow.ts) through the shared engine. */
export const performVisitAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, VISIT_WORKFLOW, VISIT_STORE, VISIT_HANDLERS);
