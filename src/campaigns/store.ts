import type { Selectable } from 'kysely';
import type { Actor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { registerScope } from '../workflow/register-query.js';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import type { CampaignItemsTable } from './tables.js';
import type { CampaignItemContext } from './workflow.js';

export type CampaignItemRow = Selectable<CampaignItemsTable>;

export const ENTITY = 'campaign_item';
export const TABLE = 'campaign_items';

export async function campaignItemContext(deps: Deps, row: CampaignItemRow, actor: Actor): Promise<CampaignItemContext> {
  const { officePath, unitPath } = await registerPaths(deps.db, row);
  return { status: row.status, officePath, unitPath, actorClaimed: actor.kind === 'staff' && row.claimed_by === actor.userId };
}

/**
 * Who sees an item: the campaign's office or the responsible unit lies in the actor's subtree — never when the case is
 * an accusation hidden from the actor (信访工作条例 第三十条). The same rule as every register (registerScope).
 */
export const CAMPAIGN_ITEM_SPEC = {
  entity: ENTITY,
  table: TABLE,
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: (actor: Parameters<typeof registerScope>[0]) => registerScope(actor),
  context: (deps: Deps, row: CampaignItemRow, actor: Actor) => campaignItemContext(deps, row, actor),
};

export const CAMPAIGN_ITEM_STORE = registerStore<CampaignItemRow, CampaignItemContext, Record<string, unknown>>(CAMPAIGN_ITEM_SPEC);
