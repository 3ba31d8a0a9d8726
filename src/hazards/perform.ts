import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition } from '../workflow/engine.js';
import { HAZARD_HANDLERS } from './handlers.js';
import { HAZARD_STORE } from './store.js';
import { HAZARD_WORKFLOW } from './workflow.js';

export const performHazardAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, HAZARD_WORKFLOW, HAZARD_STORE, HAZARD_HANDLERS);
