/**
 * THE access path to petitioners' personal data. Nothing else reads the petitioners table.
 * - masked (张**, 138****1234) for everyone by default;
 * - unmasked only on an explicit reveal by a role whose work needs it, and that read is audited;
 * - never for the unit or staff an accusation is about (信访工作条例 第三十条, 第四十六条): such actors cannot even
 *   load the case (scope.ts), and this path checks again so a future caller cannot forget.
 * Kept as one function over one table so PostgreSQL row-level security can enforce the same rule later.
 */
import { AppError } from '../core/errors.js';
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
  const rows = await deps.db
    .selectFrom('case_parties')
    .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
    .select(['case_parties.role', 'petitioners.name', 'petitioners.id_number', 'petitioners.phone', 'petitioners.address', 'petitioners.email'])
    .where('case_parties.case_id', '=', c.id)
    .orderBy('case_parties.role')
    .execute();
  if (reveal) await writeAudit(deps.db, actor, meta, { action: 'petitioner.read', entityType: 'case', entityId: c.id, data: { parties: rows.length } });
  return rows.map((r) => ({ role: r.role, ...personView(r, reveal) }));
}
