import type { Selectable } from 'kysely';
import type { Actor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { registerScope } from '../workflow/register-query.js';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import { consentOf } from './consent.js';
import type { ReplyboardItemsTable, PublicationSource } from './tables.js';
import { partiesOf, publicText } from './text.js';
import type { PublicationContext } from './workflow.js';

export type PublicationRow = Selectable<ReplyboardItemsTable>;

export const ENTITY = 'publication';
export const TABLE = 'replyboard_items';

export const sourceOf = (row: PublicationRow): PublicationSource => (typeof row.source === 'string' ? JSON.parse(row.source) : row.source) as PublicationSource;

/** The case facts every guard reads: kind, route, status, whether it has a written reply, the consent. */
export async function caseFacts(deps: Deps, caseId: string) {
  const [c, consent] = await Promise.all([
    deps.db.selectFrom('cases').select(['kind', 'route_type', 'status', 'outcome']).where('id', '=', caseId).executeTakeFirstOrThrow(),
    consentOf(deps.db, caseId),
  ]);
  const outcome = (c.outcome ?? null) as { type?: string } | null;
  return { caseKind: c.kind, routeType: c.route_type, caseStatus: c.status, hasReply: outcome?.type === 'reply', consent: consent.consent };
}

export async function publicationContext(deps: Deps, row: PublicationRow, actor: Actor): Promise<PublicationContext> {
  const [{ officePath }, facts, parties] = await Promise.all([registerPaths(deps.db, row), caseFacts(deps, row.case_id), partiesOf(deps.db, actor, row.case_id)]);
  // the redaction re-run against the parties known now: what the approval guard checks
  const text = publicText(sourceOf(row), parties, row.keep_terms);
  return {
    status: row.status,
    officePath,
    ...facts,
    actorIsProposer: actor.kind === 'staff' && actor.userId === row.proposed_by,
    leftover: text.leftover,
  };
}

export const PUBLICATION_SPEC = {
  entity: ENTITY,
  table: TABLE,
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: (actor: Parameters<typeof registerScope>[0]) => registerScope(actor),
  context: (deps: Deps, row: PublicationRow, actor: Actor) => publicationContext(deps, row, actor),
};

export const PUBLICATION_STORE = registerStore<PublicationRow, PublicationContext, Record<string, unknown>>(PUBLICATION_SPEC);
