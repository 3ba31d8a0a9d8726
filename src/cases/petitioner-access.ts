/**
 * THE access path to petitioners' personal data. Nothing else reads the petitioners table.
 * - masked (张**, 138****1234) for everyone by default;
 * - unmasked only on an explicit reveal by a role whose work needs it, and that read is audited;
 * - never for the unit or staff an accusation is about (信访工作条例 第三十条, 第四十六条): such actors cannot even
 *   load the case (scope.ts), and this path checks again so a future caller cannot forget.
 * PostgreSQL enforces the same rule underneath (0015_rls.sql): every read or write of petitioners, case_parties
 * and attachments runs in a transaction that carries the actor (withActor), and the database hides an accusation's
 * parties and materials from its accused — and everything personal from a transaction that names no actor.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import { setDbActor, withDbActor, type DbActor } from '../db/actor-context.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import { PERSONAL_DATA_ROLES } from '../org/roles.js';
import type { Deps } from '../workflow/deps.js';
import type { CaseRow } from './scope.js';

export interface PartyView extends PersonView {
  role: 'petitioner' | 'representative';
}

export const maskName = (s: string) => (s.length <= 1 ? '*' : s[0] + '*'.repeat(Math.min(s.length - 1, 3)));
export const maskPhone = (s: string) => (s.length >= 7 ? `${s.slice(0, 3)}****${s.slice(-4)}` : '****');
export const maskIdNumber = (s: string) => (s.length >= 10 ? `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}` : '****');
export const maskAddress = (s: string) => (s.length <= 6 ? `${s.slice(0, 2)}****` : `${s.slice(0, 6)}****`);
export const maskEmail = (s: string) => s.replace(/^(.).*(@.*)$/, '$1***$2');

export interface PersonRow {
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
}

export interface PersonView {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  masked: boolean;
}

/** The actor as the database's row-level security knows it. */
export function dbActor(actor: Actor): DbActor {
  if (actor.kind === 'staff') return { kind: 'staff', userId: actor.userId, unitPath: actor.unitPath };
  if (actor.kind === 'citizen') return { kind: 'citizen', caseId: actor.caseId };
  return { kind: 'system' };
}

/**
 * Runs fn in a transaction (the caller's, or a new one) that tells PostgreSQL who is asking. Needed by every query
 * on petitioners, case_parties and attachments: without it they answer no rows (and refuse writes).
 */
export const withActor = <T>(db: Kysely<DB>, actor: Actor, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> => withDbActor(db, dbActor(actor), fn);

/** Tells the database who is asking, for the rest of the transaction `tx`. */
export const setActor = (tx: Kysely<DB>, actor: Actor): Promise<void> => setDbActor(tx, dbActor(actor));

const m = (v: string | null, f: (s: string) => string) => (v === null ? null : f(v));

/** One person's data as a reader sees it: masked, or (after mayReveal and an audit row) in full. */
export function personView(r: PersonRow, reveal: boolean): PersonView {
  if (reveal) return { name: r.name, idNumber: r.id_number, phone: r.phone, address: r.address, email: r.email, masked: false };
  return { name: m(r.name, maskName), idNumber: m(r.id_number, maskIdNumber), phone: m(r.phone, maskPhone), address: m(r.address, maskAddress), email: m(r.email, maskEmail), masked: true };
}

/** Only roles whose work needs the contact details may unmask them (cases, dispute parties, hazard reporters). */
export function assertMayReveal(actor: Actor): void {
  if (!(actor.kind === 'staff' && actor.roles.some((r) => PERSONAL_DATA_ROLES.includes(r)))) throw new AppError('FORBIDDEN');
}

async function isAccused(deps: Deps, actor: Actor, c: CaseRow): Promise<boolean> {
  if (actor.kind !== 'staff' || c.kind !== 'accusation') return false;
  if (c.accused_user_ids.includes(actor.userId)) return true;
  if (!c.accused_unit_id) return false;
  const u = await deps.db.selectFrom('units').select('path').where('id', '=', c.accused_unit_id).executeTakeFirst();
  return !!u && actor.unitPath.startsWith(u.path);
}

export async function readParties(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
  c: CaseRow,
  opts: { reveal?: boolean } = {},
): Promise<PartyView[]> {
  if (await isAccused(deps, actor, c)) throw new AppError('CASE_NOT_FOUND');
  const reveal = opts.reveal === true;
  if (reveal) assertMayReveal(actor);
  // the read and its audit row in one transaction: an unmasked read that is not recorded does not happen
  const rows = await withActor(deps.db, actor, async (tx) => {
    const found = await tx
      .selectFrom('case_parties')
      .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
      .select(['case_parties.role', 'petitioners.name', 'petitioners.id_number', 'petitioners.phone', 'petitioners.address', 'petitioners.email'])
      .where('case_parties.case_id', '=', c.id)
      .orderBy('case_parties.role')
      .execute();
    if (reveal) await writeAudit(tx, actor, meta, { action: 'petitioner.read', entityType: 'case', entityId: c.id, data: { parties: found.length } });
    return found;
  });
  return rows.map((r) => ({ role: r.role, ...personView(r, reveal) }));
}

/**
 * The parties of many cases at once, for an export of a case list (src/interop/export-cases.ts): the same rule as
 * readParties — masked unless revealed, revealing only for a role that may (the caller audits the export once), and
 * in a transaction that carries the actor, so PostgreSQL hides the parties of an accusation from its accused even
 * if a caller's scope let such a case through. Accusations the actor is accused in are skipped here too.
 */
export async function readPartiesOfCases(deps: Deps, actor: Actor, cases: Pick<CaseRow, 'id' | 'kind' | 'accused_unit_id' | 'accused_user_ids'>[], opts: { reveal: boolean }): Promise<Map<string, PartyView[]>> {
  if (opts.reveal) assertMayReveal(actor);
  // the isAccused rule for a whole page: the accused units' paths in one query
  const unitIds = [...new Set(cases.filter((c) => c.kind === 'accusation' && c.accused_unit_id).map((c) => c.accused_unit_id!))];
  const paths = new Map(unitIds.length ? (await deps.db.selectFrom('units').select(['id', 'path']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.path]) : []);
  const accused = (c: (typeof cases)[number]) =>
    actor.kind === 'staff' && c.kind === 'accusation' && (c.accused_user_ids.includes(actor.userId) || (!!c.accused_unit_id && actor.unitPath.startsWith(paths.get(c.accused_unit_id) ?? '\0')));
  const readable = cases.filter((c) => !accused(c)).map((c) => c.id);
  const out = new Map<string, PartyView[]>();
  if (readable.length === 0) return out;
  const rows = await withActor(deps.db, actor, (tx) =>
    tx
      .selectFrom('case_parties')
      .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
      .select(['case_parties.case_id', 'case_parties.role', 'petitioners.name', 'petitioners.id_number', 'petitioners.phone', 'petitioners.address', 'petitioners.email'])
      .where('case_parties.case_id', 'in', readable)
      .orderBy('case_parties.case_id')
      .orderBy('case_parties.role')
      .execute(),
  );
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push({ role: r.role, ...personView(r, opts.reveal) });
    out.set(r.case_id, list);
  }
  return out;
}
