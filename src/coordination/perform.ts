import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition } from '../workflow/engine.js';
import { COORDINATION_HANDLERS } from './handlers.js';
import { COORDINATION_STORE } from './store.js';
import { COORDINATION_WORKFLOW } from './workflow.js';

export const performCoordinationAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, COORDINATION_WORKFLOW, COORDINATION_STORE, COORDINATION_HANDLERS);
