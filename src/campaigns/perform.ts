import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition } from '../workflow/engine.js';
import { CAMPAIGN_HANDLERS } from './handlers.js';
import { CAMPAIGN_ITEM_STORE } from './store.js';
import { CAMPAIGN_WORKFLOW } from './workflow.js';

export const performCampaignAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, CAMPAIGN_WORKFLOW, CAMPAIGN_ITEM_STORE, CAMPAIGN_HANDLERS);
