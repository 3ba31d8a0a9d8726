import { get, post, upload } from '../../lib/api';

export interface Party {
  role: 'petitioner' | 'representative';
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  masked: boolean;
}
export interface Clock {
  id: string;
  rule: string;
  purpose: 'deadline' | 'window';
  status: 'running' | 'paused' | 'met' | 'stopped' | 'overdue' | string;
  unitId: string | null;
  startedAt: string;
  dueAt: string | null;
  amount: number;
  unit: string;
  extendedDays: number;
  pauses: Array<{ from: string; to: string | null; reason?: string }>;
  level: 'ok' | 'warning' | 'overdue' | null;
  msLeft: number | null;
  overdueAt: string | null;
}
export interface CaseEvent {
  id: string;
  type: string;
  from: string | null;
  to: string | null;
  at: string;
  public: boolean;
  actor: string | null;
  unit: string | null;
  data: Record<string, unknown>;
}
export interface CaseRequest {
  id: string;
  type: 'objection' | 'extension' | 'reply';
  status: 'pending' | 'approved' | 'rejected';
  data: Record<string, unknown>;
  requestedAt: string;
  decidedAt: string | null;
  note: string | null;
}
export interface Attachment {
  id: string;
  kind: string;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  createdAt: string;
}
export interface CaseUnit {
  id: string;
  name: string;
  code: string;
  role: 'intake' | 'lead' | 'assist' | 'review';
  active: boolean;
  signedAt: string | null;
  assignedAt: string | null;
}
export interface CaseView {
  id: string;
  regNo: string;
  trackingCode: string;
  channel: string;
  kind: 'suggestion' | 'accusation' | 'appeal';
  categoryId: string | null;
  title: string;
  status: string;
  statusLabel: string;
  receivedAt: string;
  intakeUnitId: string;
  leadUnitId: string | null;
  reviewLevel: number;
  evaluation: string | null;
  content: string;
  location: string | null;
  oral: boolean;
  anonymous: boolean;
  collective: boolean;
  headcount: number | null;
  routeType: string | null;
  accusedUnitId: string | null;
  reviewUnitId: string | null;
  relatedCaseId: string | null;
  designatedAfterDispute: boolean;
  outcome: Record<string, unknown> | null;
  registeredAt: string;
  acceptedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  version: number;
  intakeUnitName: string;
  units: CaseUnit[];
  parties: Party[];
  clocks: Clock[];
  requests: CaseRequest[];
  attachments: Attachment[];
  events: CaseEvent[];
  allowedActions: string[];
}

export const getCase = (id: string) => get<CaseView>(`/api/cases/${encodeURIComponent(id)}`);
export const performAction = (id: string, action: string, input: unknown) => post<CaseView>(`/api/cases/${encodeURIComponent(id)}/actions/${action}`, input);
export const revealParties = (id: string) => get<{ items: Party[] }>(`/api/cases/${encodeURIComponent(id)}/parties`, { reveal: 'true' });
export const uploadAttachments = (id: string, files: File[]) => upload<{ items: Attachment[] }>(`/api/cases/${encodeURIComponent(id)}/attachments`, files);
export const attachmentUrl = (caseId: string, attachmentId: string) => `/api/cases/${encodeURIComponent(caseId)}/attachments/${attachmentId}`;
