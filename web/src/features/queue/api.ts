import { get } from '../../lib/api';

export interface CaseListItem {
  id: string;
  regNo: string;
  trackingCode: string;
  channel: string;
  kind: string;
  categoryId: string | null;
  title: string;
  status: string;
  statusLabel: string;
  receivedAt: string;
  intakeUnitId: string;
  leadUnitId: string | null;
  reviewLevel: number;
  evaluation: string | null;
  nextDueAt: string | null;
  /** the server's warning level of the nearest deadline (configured points: 80% of the time, 24 h before) */
  nextDueLevel: 'ok' | 'warning' | 'overdue' | null;
  /** with a search (q): the title and an excerpt, HTML-escaped, the matched words in <mark> */
  highlight?: { title: string; excerpt: string };
  overdue: boolean;
}

export interface CaseStats {
  total: number;
  overdue: number;
  dueSoon: number;
  byStatus: Record<string, number>;
  /** with mine: the actions this user's queue waits for (a register's with its title) */
  queue?: { entity: string; action: string; label: { zh: string; en: string }; register?: { zh: string; en: string } }[];
}

export interface CaseList {
  /** at most 10,000: counting every match of a broad search is slow at scale */
  total: number;
  totalCapped?: boolean;
  page: number;
  pageSize: number;
  /** problems in the search text (unknown filter key …) */
  warnings?: string[];
  items: CaseListItem[];
}

export interface ListQuery {
  mine?: boolean;
  q?: string;
  status?: string[];
  kind?: string;
  channel?: string;
  overdue?: boolean;
  dueBefore?: string;
  sort?: 'received_at' | 'due_at' | 'reg_no';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export const listCases = (q: ListQuery) => get<CaseList>('/api/cases', { ...q, mine: q.mine ? 'true' : undefined, overdue: q.overdue === undefined ? undefined : String(q.overdue) });

/** Counters under the same filters as the list, in one request: by status, overdue, due within 24 h. */
export const caseStats = (q: Pick<ListQuery, 'mine'>) => get<CaseStats>('/api/cases/stats', { mine: q.mine ? 'true' : undefined });
