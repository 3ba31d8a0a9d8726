/** Periodic reports (docs/reports.md): POST /api/reports → 202 and a job; the list and one report with progress. */
import { get, post } from '../../lib/api';

export const REPORT_KINDS = ['weekly', 'monthly', 'quarterly', 'topic'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportStatus = 'queued' | 'running' | 'done' | 'failed';
export type FileFormat = 'xlsx' | 'docx' | 'pdf';

export interface Report {
  id: string;
  kind: ReportKind;
  kindName: { zh: string; en: string };
  unit: { id: string; name: string };
  from: string;
  to: string;
  topicIndex: number | null;
  public: boolean;
  status: ReportStatus;
  progress: number;
  docNo: string | null;
  title: string | null;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  scheduled: boolean;
  files: Array<{ format: FileFormat; url: string }>;
}

export interface ReportRequest {
  kind: ReportKind;
  unitId?: string;
  from?: string;
  to?: string;
  topicIndex?: number;
  public?: boolean;
}

export const isPending = (r: Pick<Report, 'status'>) => r.status === 'queued' || r.status === 'running';

export const requestReport = (body: ReportRequest) => post<{ id: string; status: ReportStatus }>('/api/reports', body);
export const fetchReports = () => get<{ items: Report[] }>('/api/reports');
export const fetchReport = (id: string) => get<Report>(`/api/reports/${id}`);
