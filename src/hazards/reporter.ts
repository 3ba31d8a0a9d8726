/**
 * The citizen who reported a hazard: a petitioners row, read the way a case's parties are read
 * (cases/petitioner-access.ts): masked for everyone, unmasked only on an explicit reveal by a role whose work needs it
 * (PERSONAL_DATA_ROLES, e.g. to call back for the site's details), and that read is audited. Reached only through a
 * hazard the caller may see; there is no list of reporters.
 */
import { writeAudit } from '../audit/audit.js';
import { assertMayReveal, personView, withActor, type PersonView } from '../cases/petitioner-access.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { ENTITY } from './store.js';

export type ReporterView = PersonView;

/** The reporter of a hazard the caller has already loaded through the register's scope, or null (none, anonymous). */
export async function readHazardReporter(deps: Deps, actor: Actor, meta: RequestMeta, hazardId: string, opts: { reveal?: boolean } = {}): Promise<ReporterView | null> {
  const reveal = opts.reveal === true;
  if (reveal) assertMayReveal(actor);
  // in a transaction that names the actor (petitioners is shielded, 0015_rls.sql), with the reveal's audit row
  const r = await withActor(deps.db, actor, async (tx) => {
    const found = await tx
      .selectFrom('hazard_reporters')
      .innerJoin('petitioners', 'petitioners.id', 'hazard_reporters.petitioner_id')
      .select(['petitioners.name', 'petitioners.id_number', 'petitioners.phone', 'petitioners.address', 'petitioners.email'])
      .where('hazard_reporters.hazard_id', '=', hazardId)
      .executeTakeFirst();
    if (found && reveal) await writeAudit(tx, actor, meta, { action: 'petitioner.read', entityType: ENTITY, entityId: hazardId, data: { reporter: 1 } });
    return found;
  });
  if (!r) return null;
  return personView(r, reveal);
}
