import { get, parse, post } from '../../lib/api';

export interface Credentials {
  code: string;
  secret: string;
}
export interface Submitted {
  id: string;
  regNo: string;
  trackingCode: string;
  trackingSecret: string;
  status: string;
  next: { routeWithinDays: number; basis: string };
}
export interface CitizenView {
  id: string;
  regNo: string;
  trackingCode: string;
  channel: string;
  kind: string;
  title: string;
  status: string;
  statusLabel: string;
  receivedAt: string;
  reviewLevel: number;
  evaluation: string | null;
  content: string;
  reply: { decision: string; text: string; facts: string; reasons: string; legalBasis: string | null; repliedAt: string } | null;
  outcome: { type: string } | null;
  deadlines: Array<{ rule: string; dueAt: string | null; status: string }>;
  timeline: Array<{ id: string; type: string; from: string | null; to: string | null; at: string; public: boolean; unit: string | null; data: Record<string, unknown> }>;
  allowedActions: string[];
  publishConsent: PublishConsent;
}
export interface PublishConsent {
  consent: boolean;
  givenAt: string | null;
  channel: string | null;
  withdrawnAt: string | null;
}
export interface PublicReply {
  id: string;
  pubNo: string;
  title: string;
  summary: string;
  reply?: string;
  category: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  repliedOn: string | null;
  publishedAt: string;
}
export interface ReplyPage {
  items: PublicReply[];
  total: number;
  limit: number;
  offset: number;
  facets: { units: Array<{ id: string; name: string; count: number }>; categories: Array<{ id: string; name: string; count: number }> };
}

export const submitMatter = (body: unknown) => post<Submitted>('/api/public/cases', body);
export const lookup = (c: Credentials) => post<CitizenView>('/api/public/lookup', c);
export const withdrawConsent = (c: Credentials) => post<PublishConsent>('/api/public/replies/consent/withdraw', c);
export const fetchReplies = (q: { unitId?: string; categoryId?: string; q?: string; limit?: number; offset?: number }) => get<ReplyPage>('/api/public/replies', q);
export const fetchReply = (id: string) => get<PublicReply>(`/api/public/replies/${encodeURIComponent(id)}`);
export const citizenAction = (action: string, c: Credentials, input: unknown) => post<CitizenView>(`/api/public/actions/${action}`, { ...c, input });

/** Photos or documents for the citizen's own case: the code and secret go first, as the server reads them before the files. */
export async function uploadCitizenFiles(creds: Credentials, files: File[]): Promise<{ items: Array<{ id: string; filename: string }> }> {
  const form = new FormData();
  form.append('code', creds.code);
  form.append('secret', creds.secret);
  for (const f of files) form.append('file', f, f.name);
  return parse(await fetch('/api/public/attachments', { method: 'POST', body: form, credentials: 'same-origin' }));
}
