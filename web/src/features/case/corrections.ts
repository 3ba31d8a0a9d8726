/**
 * Where the case page offers no correction of an earlier step, it says so and names the way that remains
 * (docs/lifecycle.md, "Corrections"). The server's allowedActions stay the judge of what can be done.
 */
import type { MessageKey } from '../../i18n/messages';
import type { CaseView } from './api';

export function correctionHint(c: Pick<CaseView, 'status' | 'kind' | 'routeType'>, isDispatcher: boolean): MessageKey | null {
  const route = (c.routeType ?? '').split(':')[1];
  const otherProcedure = c.kind === 'accusation' || route === 'legal' || route === 'discipline';
  switch (c.status) {
    case 'replied':
      return otherProcedure ? 'corrOtherProcedure' : 'corrReplied';
    case 'reviewed':
      return 'corrReviewed';
    case 'rereviewed':
      return 'corrRereviewed';
    case 'signed':
    case 'accepted':
      return isDispatcher ? 'corrSigned' : null;
    default:
      return null;
  }
}
