/** The effects of each transition of a publication (workflow.ts): the text revised, re-redacted at approval, ended. */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { appendEvent } from '../cases/events.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import { textInput } from './propose.js';
import { sourceOf, type PublicationRow } from './store.js';
import type { PublicationSource } from './tables.js';
import { partiesOf, publicText, textColumns } from './text.js';
import { LAW, type PublicationContext } from './workflow.js';

type Ctx = TransitionContext<PublicationRow, PublicationContext>;
type H = Handler<PublicationRow, PublicationContext, Record<string, unknown>>;

const reason = z.object({ reason: z.string().trim().min(5).max(2000).describe('why (shown on the record, not to the public)') });

/** A line on the case's timeline; the citizen sees publication and its end (they consented to it). */
const caseLine = (ctx: Ctx, type: string, isPublic: boolean, data: Record<string, unknown>) =>
  appendEvent(ctx.tx, ctx.actor, { caseId: ctx.row.case_id, type, public: isPublic, at: ctx.now, data: { publicationId: ctx.row.id, pubNo: ctx.row.pub_no, ...data } });

const revise: H = {
  input: textInput,
  async apply(ctx, input: z.infer<typeof textInput>) {
    const source: PublicationSource = { title: input.title, summary: input.summary, reply: input.reply };
    const shown = publicText(source, await partiesOf(ctx.tx, ctx.actor, ctx.row.case_id), input.keep);
    return {
      // who revised the text proposes it now: the approver must be someone else again
      patch: {
        ...textColumns(source, input.keep, shown),
        proposed_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : ctx.row.proposed_by,
      },
      eventData: { redactions: shown.redactions.length, leftover: shown.leftover.length },
    };
  },
};

const approve: H = {
  input: z.object({}),
  async apply(ctx) {
    // the re-check inside the transaction that publishes: the redaction re-run against the parties known now
    const shown = publicText(sourceOf(ctx.row), await partiesOf(ctx.tx, ctx.actor, ctx.row.case_id), ctx.row.keep_terms);
    if (shown.leftover.length > 0)
      throw new AppError('PERSONAL_DATA_LEFT', { what: [...new Set(shown.leftover.map((l) => `${l.field}:${l.kind}`))].join(', '), basis: LAW.privacy });
    await caseLine(ctx, 'publication_published', true, {});
    return {
      patch: {
        public_title: shown.title,
        public_summary: shown.summary,
        public_reply: shown.reply,
        redactions: JSON.stringify(shown.redactions),
        approved_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
        published_at: ctx.now,
      },
      eventData: { pubNo: ctx.row.pub_no, redactions: shown.redactions.length },
    };
  },
};

const ending = (type: 'reject' | 'unpublish'): H => ({
  input: reason,
  async apply(ctx, input: { reason: string }) {
    await caseLine(ctx, 'publication_ended', type === 'unpublish', {});
    return { patch: { end_reason: input.reason, ...(type === 'unpublish' ? { unpublished_at: ctx.now } : {}) }, eventData: { reason: input.reason } };
  },
});

const consentWithdrawn: H = {
  input: z.object({}),
  async apply(ctx) {
    await caseLine(ctx, 'publication_ended', true, {});
    return { patch: { end_reason: '信访人撤回同意公开 / the citizen withdrew consent', unpublished_at: ctx.row.status === 'published' ? ctx.now : null } };
  },
};

export const PUBLICATION_HANDLERS: Readonly<Record<string, H>> = {
  revise,
  approve,
  reject: ending('reject'),
  unpublish: ending('unpublish'),
  consent_withdrawn: consentWithdrawn,
};
