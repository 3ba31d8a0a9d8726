/**
 * A case's notices (to the citizen, and to staff: 0030_staff_notices.sql), for staff who can see the case (scope.ts: never the accused unit or staff of an accusation, and
 * 0023's row-level security hides the rows from them underneath). Each shows its kind, statute, channel, status,
 * attempts, the provider's message id and when it was delivered: the record that the statutory notice went out.
 * The address is personal data: masked, unless a role that may see personal data asks to reveal it, and that read
 * is audited (the rule of src/cases/petitioner-access.ts).
 */
import { z } from 'zod';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import { assertMayReveal, withActor } from '../cases/petitioner-access.js';
import { loadCaseFor } from '../cases/scope.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { maskAddressOf } from './channel.js';
import './tables.js';

const listInput = z.object({ reveal: z.enum(['true', 'false']).optional() });

export async function listCaseNotifications(deps: Deps, args: UseCaseArgs & { actor: StaffActor; caseId: string; query: unknown }) {
  const f = parseInput(listInput, args.query ?? {}, args.lang);
  const c = await loadCaseFor(deps.db, args.actor, args.caseId);
  const reveal = f.reveal === 'true';
  if (reveal) assertMayReveal(args.actor);
  const rows = await withActor(deps.db, args.actor, async (tx) => {
    const found = await tx
      .selectFrom('notifications as n')
      .leftJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.id', 'n.event_type', 'n.kind', 'n.basis', 'n.audience', 'n.channel', 'n.address', 'n.subject', 'n.body', 'n.status', 'n.attempts', 'n.last_error', 'n.next_attempt_at', 'n.provider', 'n.provider_message_id', 'n.created_at', 'n.delivered_at', 'u.display_name as staff_name'])
      .where('n.case_id', '=', c.id)
      // in the order of the events (the simulated or real time of several events may be the same)
      .orderBy('n.event_id')
      .orderBy('n.id')
      .execute();
    if (reveal) await writeAudit(tx, args.actor, args.meta, { action: 'notification.read', entityType: 'case', entityId: c.id, data: { notices: found.length } });
    return found;
  });
  return {
    items: rows.map((n) => ({
      id: n.id,
      eventType: n.event_type,
      kind: n.kind,
      basis: n.basis,
      audience: n.audience,
      /** a staff notice's reader (work records, not a citizen's personal data) */
      staffName: n.staff_name,
      channel: n.channel,
      address: reveal ? n.address : maskAddressOf(n.channel, n.address),
      masked: !reveal,
      subject: n.subject,
      body: n.body,
      status: n.status,
      attempts: n.attempts,
      lastError: n.last_error,
      nextAttemptAt: n.next_attempt_at,
      provider: n.provider,
      providerMessageId: n.provider_message_id,
      createdAt: n.created_at,
      deliveredAt: n.delivered_at,
    })),
  };
}
