/**
 * Our lifecycle states as GeoReport v2's two (open, closed) and as the mySociety extension's finer statuses.
 * "closed" is where the matter has ended for the citizen: closed (办结), finally re-reviewed, not accepted, merged into
 * another case or linked to one in progress below. A replied matter stays open: the citizen may still evaluate it or
 * ask for review within 30 days (第三十五条), and it is closed by a person afterwards.
 */
import type { Lang } from '../core/i18n.js';
import { transitionFor } from '../cases/lifecycle.js';
import { STATUS_LABELS, type Status } from '../cases/states.js';

export const CLOSED_STATES: readonly Status[] = ['closed', 'rereviewed', 'not_accepted', 'merged', 'linked'];
export const OPEN_STATES: readonly Status[] = (Object.keys(STATUS_LABELS) as Status[]).filter((s) => !CLOSED_STATES.includes(s));

export const open311Status = (s: string): 'open' | 'closed' => (CLOSED_STATES.includes(s as Status) ? 'closed' : 'open');

/** mySociety "additional states" (OPEN, IN_PROGRESS …), consistent with open/closed above */
export function extendedStatus(s: string): string {
  switch (s) {
    case 'closed':
    case 'rereviewed':
      return 'CLOSED';
    case 'not_accepted':
      return 'NO_FURTHER_ACTION';
    case 'merged':
    case 'linked':
      return 'DUPLICATE';
    case 'accepted':
    case 'reply_pending':
    case 'replied':
    case 'review':
    case 'reviewed':
    case 'rereview':
      return 'IN_PROGRESS';
    default:
      return 'OPEN';
  }
}

export const statusLabel = (s: string, lang: Lang) => STATUS_LABELS[s as Status]?.[lang] ?? s;

/** The public note of one event: the label of its action; a pushed update carries its own words */
export function eventNote(type: string, data: unknown, lang: Lang): string {
  if (type === 'open311_update') {
    const d = (data ?? {}) as { description?: string; status?: string };
    return d.description || d.status || '';
  }
  return transitionFor(type)?.label[lang] ?? type;
}
