/** Imports of cases from xlsx / csv (docs/import-export.md "Import"): upload → mapping → start (a job) → status. */
import { get, post, upload } from '../../lib/api';

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'rejected' | 'failed';
export type Mapping = Record<string, string | string[]>;

export interface Uploaded {
  id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  totalRows: number;
  preview: string[][];
  targets: string[];
  suggested: { mapping: Mapping; options: { source: string } };
}

export interface ImportOptions {
  source: string;
  mode: 'valid_rows' | 'all_or_nothing';
  dryRun: boolean;
  maxRows?: number;
  utcOffset: string;
  route: boolean;
  closedRows: 'register' | 'skip';
}

export interface ImportState {
  id: string;
  filename: string;
  status: ImportStatus;
  progress: number;
  counts: Record<string, number>;
  error: string | null;
  reasons: Array<{ outcome: string; reason: string; rows: number }>;
}

export const isRunning = (s: ImportStatus) => s === 'queued' || s === 'running';
export const uploadImport = (file: File) => upload<Uploaded>('/api/imports', [file]);
export const startImport = (id: string, mapping: Mapping, options: ImportOptions) => post<{ id: string }>(`/api/imports/${id}/start`, { mapping, options });
export const fetchImport = (id: string) => get<ImportState>(`/api/imports/${id}`);
export const errorFileUrl = (id: string, format: 'csv' | 'xlsx') => `/api/imports/${id}/errors.${format}`;
