/**
 * 提议公开, the creating action of the publication table (workflow.ts), and its preview: the staff-edited title,
 * summary and reply are redacted by the server against the parties known to the case, and the answer shows the
 * redacted text, what was redacted (masked) and any personal data the guard still finds. ONE transaction: the row,
 * its first event, the audit row and a private line on the case's timeline.
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { cstDateOf } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { loadCaseFor, type CaseRow } from '../cases/scope.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { createRegisterRow } from '../workflow/register-store.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { consentOf } from './consent.js';
import { caseFacts, ENTITY, TABLE } from './store.js';
import type { PublicationSource } from './tables.js';
import { partiesOf, publicText, textColumns } from './text.js';
import { PUBLICATION_WORKFLOW, type PublicationContext } from './workflow.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const textInput = z.object({
  title: text(2, 200).describe('the public title, edited by staff (personal data is redacted by the server)'),
  summary: text(5, 4000).describe('the matter in brief, as the public may read it'),
  reply: text(5, 20000).describe('the reply, as the public may read it'),
  keep: z.array(text(2, 100)).max(20).default([]).describe('terms the redaction found that are not personal data (e.g. the office’s public hotline); never a party’s name, phone or ID — the approval refuses those'),
});

export const proposeInput = textInput.extend({ caseId: z.string().uuid().describe('the replied case to publish') });

export const previewInput = z.object({
  caseId: z.string().uuid(),
  title: text(0, 200).optional(),
  summary: text(0, 4000).optional(),
  reply: text(0, 20000).optional(),
  keep: z.array(text(2, 100)).max(20).default([]),
});

const STATUS = 'proposed' as const;

async function officeOf(deps: Deps, actor: StaffActor) {
  return deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', actor.unitId).executeTakeFirstOrThrow();
}

/** The creating action's policy: role, place, and what may be published (publishable). */
async function refusal(deps: Deps, actor: StaffActor, c: CaseRow) {
  const office = await officeOf(deps, actor);
  const ctx: PublicationContext = { status: STATUS, officePath: office.path, ...(await caseFacts(deps, c.id)), actorIsProposer: false, leftover: [] };
  return { office, failure: checkTransition(PUBLICATION_WORKFLOW, actor, transitionOf(PUBLICATION_WORKFLOW, 'propose')!, ctx) };
}

const staffOnly = (args: UseCaseArgs): StaffActor => {
  if (args.actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  return args.actor;
};

/** The text the office starts from: the case's title and content and the reply issued. */
function draftOf(c: CaseRow): PublicationSource {
  const outcome = (c.outcome ?? null) as { type?: string; text?: string } | null;
  return { title: c.title, summary: c.content, reply: outcome?.type === 'reply' ? (outcome.text ?? '') : '' };
}

/** What the publication would look like: the draft (or the given text) redacted, and whether it may be proposed. */
export async function previewPublication(deps: Deps, args: UseCaseArgs & { input: unknown }) {
  const actor = staffOnly(args);
  const input = parseInput(previewInput, args.input ?? {}, args.lang);
  const c = await loadCaseFor(deps.db, actor, input.caseId);
  const { failure } = await refusal(deps, actor, c);
  const draft = draftOf(c);
  const source: PublicationSource = { title: input.title || draft.title, summary: input.summary || draft.summary, reply: input.reply || draft.reply };
  // a matter that may not be published is not prepared for the public at all (an accusation's text stays internal)
  const shown = failure ? null : publicText(source, await partiesOf(deps.db, actor, c.id), input.keep);
  return {
    caseId: c.id,
    consent: await consentOf(deps.db, c.id),
    refusal: failure ? { code: failure.code, params: failure.params ?? {} } : null,
    source: shown ? source : null,
    public: shown,
  };
}

async function pubNo(tx: Transaction<DB>, at: Date) {
  const r = await sql<{ n: string }>`SELECT nextval('replyboard_seq')::text AS n`.execute(tx);
  return `GK${cstDateOf(at).replace(/-/g, '')}${r.rows[0]!.n.padStart(6, '0')}`;
}

export async function proposePublication(deps: Deps, args: UseCaseArgs & { input: unknown }) {
  const actor = staffOnly(args);
  const input = parseInput(proposeInput, args.input ?? {}, args.lang);
  const c = await loadCaseFor(deps.db, actor, input.caseId);
  const { office, failure } = await refusal(deps, actor, c);
  if (failure) throw new AppError(failure.code, failure.params ?? {});
  const live = await deps.db.selectFrom('replyboard_items').select('id').where('case_id', '=', c.id).where('status', 'in', ['proposed', 'published']).executeTakeFirst();
  if (live) throw new AppError('ALREADY_EXISTS', { field: '该事项的公开提议 / a live publication of this case' });
  const source: PublicationSource = { title: input.title, summary: input.summary, reply: input.reply };
  const shown = publicText(source, await partiesOf(deps.db, actor, c.id), input.keep);
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const no = await pubNo(tx, now);
    const id = await createRegisterRow(
      tx,
      actor,
      { entity: ENTITY, table: TABLE, action: 'propose', status: STATUS },
      {
        office_unit_id: office.id,
        unit_id: c.lead_unit_id ?? null,
        case_id: c.id,
        pub_no: no,
        category_id: c.category_id ?? null,
        ...textColumns(source, input.keep, shown),
        replied_on: c.replied_at ? cstDateOf(c.replied_at) : null,
        proposed_by: actor.userId,
        created_at: now,
      },
      now,
      { pubNo: no, redactions: shown.redactions.length, leftover: shown.leftover.length },
    );
    await appendEvent(tx, actor, { caseId: c.id, type: 'publication_proposed', public: false, at: now, data: { publicationId: id, pubNo: no } });
    await writeAudit(tx, actor, args.meta, { action: 'publication.propose', entityType: ENTITY, entityId: id, data: { pubNo: no, caseId: c.id } });
    return { id, pubNo: no, status: STATUS, public: shown };
  });
}
