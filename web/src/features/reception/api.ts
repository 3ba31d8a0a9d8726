/** 领导接访, 包案 and statutory documents (docs/reception.md, docs/documents.md): the browser's side of their HTTP APIs. */
import { get, parse, post } from '../../lib/api';
import { getLang } from '../../i18n/lang';

export interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked?: number;
  remaining: number;
  open?: boolean;
}
export interface ReceptionDay {
  id: string;
  officeName: string;
  day: string;
  place: string;
  leader: { name: string; post: string };
  topic: string | null;
  status?: 'draft' | 'published' | 'cancelled';
  statusLabel?: string;
  slots: Slot[];
}
export interface BookingView {
  code: string;
  status: 'booked' | 'cancelled' | 'attended' | 'no_show';
  statusLabel: string;
  summary: string;
  day: string;
  startsAt: string;
  endsAt: string;
  place: string;
  officeName: string;
  leader: { name: string; post: string };
  dayCancelled: boolean;
  person: { name: string; phone: string; masked: boolean };
}
export interface StaffBooking {
  id: string;
  slotId: string;
  startsAt: string;
  endsAt: string;
  status: BookingView['status'];
  statusLabel: string;
  summary: string;
  person: { name: string | null; phone: string | null; masked: boolean };
  case: { id: string; regNo: string } | null;
  bookedAt: string;
}
export interface RegisteredAtReception {
  id: string;
  regNo: string;
  trackingCode: string;
  trackingSecret: string;
  status: string;
  receivedBy: { name: string; post: string };
}
export interface CaseLeaders {
  caseId: string;
  basis: string;
  charge: { name: string; post: string; userId: string; since: string; mine: boolean } | null;
  receivedBy: { name: string; post: string; dayId: string; day: string; place: string } | null;
  allowedActions: string[];
}
export interface LeaderCase {
  caseId: string;
  regNo: string;
  title: string;
  status: string;
  statusLabel: string;
  leader: { name: string; post: string };
  since: string;
  dueAt: string | null;
  open: boolean;
  overdue: boolean;
}
export interface LeaderCases {
  basis: string;
  items: LeaderCase[];
  leaders: Array<{ leader: { name: string; post: string }; cases: number; open: number; overdue: number }>;
  received: LeaderCase[];
}
export interface DocumentSummary {
  id: string;
  kind: string;
  label: string;
  version: number;
  docNo: string;
  title: string;
  personal: boolean;
  officeName: string;
  generatedAt: string;
}
export interface CaseDocuments {
  items: DocumentSummary[];
  kinds?: Array<{ kind: string; label: string; basis: string; personal: boolean; applicable: boolean; reason: string | null }>;
  mayGenerate?: boolean;
}

// portal (no account)
export const publicDays = () => get<{ basis: string; items: ReceptionDay[] }>('/api/public/reception/days');
export const bookSlot = (body: { slotId: string; name: string; phone: string; summary: string }) => post<BookingView>('/api/public/reception/bookings', body);
export const lookupBooking = (code: string) => post<BookingView>('/api/public/reception/bookings/lookup', { code });
export const cancelBooking = (code: string) => post<BookingView>('/api/public/reception/bookings/cancel', { code });

// workbench
export const listDays = (from?: string) => get<{ items: ReceptionDay[] }>('/api/reception/days', { from });
export const publishDay = (body: unknown) => post<ReceptionDay>('/api/reception/days', body);
export const setDayStatus = (id: string, action: 'publish' | 'cancel') => post<ReceptionDay>(`/api/reception/days/${id}/${action}`);
export const dayBookings = (id: string, reveal: boolean) => get<{ dayId: string; masked: boolean; items: StaffBooking[] }>(`/api/reception/days/${id}/bookings`, { reveal });
export const markBooking = (id: string, outcome: 'attended' | 'no_show') => post<{ id: string; status: string }>(`/api/reception/bookings/${id}/mark`, { outcome });
export const registerFromBooking = (id: string, body: unknown) => post<RegisteredAtReception>(`/api/reception/bookings/${id}/case`, body);
export const leaderCases = () => get<LeaderCases>('/api/reception/leader-cases');
export const caseLeaders = (caseId: string) => get<CaseLeaders>(`/api/cases/${caseId}/leaders`);
export const chargeAction = (caseId: string, action: 'take' | 'release', body: { post?: string; note?: string } = {}) => post<CaseLeaders>(`/api/cases/${caseId}/leaders/${action}`, body);

// documents
export const caseDocuments = (caseId: string) => get<CaseDocuments>(`/api/cases/${caseId}/documents`);
export const generateDocument = (caseId: string, kind: string) => post<DocumentSummary>(`/api/cases/${caseId}/documents/${kind}`);
export const documentUrl = (caseId: string, documentId: string, format: 'docx' | 'pdf') => `/api/cases/${caseId}/documents/${documentId}/file.${format}`;
export const citizenDocuments = (c: { code: string; secret: string }) => post<CaseDocuments>('/api/public/documents', c);

/** The citizen's download goes by POST (the secret stays out of URLs); the file is handed to the browser as a blob. */
export async function downloadCitizenDocument(c: { code: string; secret: string }, d: DocumentSummary, format: 'docx' | 'pdf') {
  const res = await fetch('/api/public/documents/file', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': getLang() },
    credentials: 'same-origin',
    body: JSON.stringify({ ...c, documentId: d.id, format }),
  });
  if (!res.ok) await parse(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${d.label} ${d.docNo}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
