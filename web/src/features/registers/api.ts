/** The registers (回访, 督办, 调解, 隐患) as the server describes them: GET /api/workflows and the OpenAPI document. */
import { get, parse, post } from '../../lib/api';
import { getLang } from '../../i18n/lang';
import type { Label } from '../../lib/meta';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  title?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface RegisterTransition {
  action: string;
  from: string[];
  to: string;
  roles: string[];
  basis?: string;
  label: Label;
  guarded: boolean;
  input: JsonSchema | null;
}

export interface RegisterTable {
  entity: string;
  base: string;
  title: Label;
  statuses: Record<string, Label>;
  transitions: RegisterTransition[];
  valueLabels: Record<string, Label>;
}

export interface RecordView {
  id: string;
  status: string;
  allowedActions?: string[];
  events?: Array<{ id: string; type: string; from: string | null; to: string | null; at: string; actor: string | null; unit: string | null; data: Record<string, unknown> }>;
  clocks?: Array<{ id: string; rule: string; status: string; dueAt: string | null; level: 'ok' | 'warning' | 'overdue' | null; purpose: string }>;
  [k: string]: unknown;
}

let tables: Promise<RegisterTable[]> | null = null;
export const fetchTables = () => (tables ??= get<{ items: RegisterTable[] }>('/api/workflows').then((r) => r.items));

let openapi: Promise<{ paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> }> | null = null;
/** The creating request's body schema, read from the OpenAPI document (every route documents its input). */
export async function createSchema(base: string): Promise<JsonSchema | null> {
  openapi ??= get('/api/openapi.json');
  const doc = await openapi;
  const body = doc.paths[base]?.post?.requestBody?.content;
  return body?.['application/json']?.schema ?? null;
}

/** A list answer is `{ items, total? }` (or a bare array from an older route). */
export async function listRecords(base: string, query: Record<string, string | undefined>) {
  const r = await get<{ items: RecordView[]; total?: number } | RecordView[]>(base, query);
  return Array.isArray(r) ? { items: r, total: r.length } : { items: r.items, total: r.total ?? r.items.length };
}

/** A record view may be the record itself or wrap it as `{ item | record | <entity>: {...}, allowedActions, events, clocks }`. */
export function unwrap(v: Record<string, unknown>): RecordView {
  const inner = (v.item ?? v.record ?? v.hazard ?? v.dispute ?? v.visit ?? v.task ?? v.supervision) as Record<string, unknown> | undefined;
  if (inner && typeof inner === 'object' && 'status' in inner) return { ...inner, ...v, ...inner } as RecordView;
  return v as RecordView;
}

export const getRecord = async (base: string, id: string) => unwrap(await get<Record<string, unknown>>(`${base}/${id}`));
export const actOn = async (base: string, id: string, action: string, input: unknown) =>
  unwrap(await post<Record<string, unknown>>(`${base}/${id}/actions/${action}`, input));
export const createRecord = (base: string, input: unknown) => post<Record<string, unknown>>(base, input);

/** Uploads files to a record's photos with their stage (multipart: the `stage` field before the files). */
export async function uploadPhotos(base: string, id: string, stage: string, files: File[]) {
  const form = new FormData();
  form.append('stage', stage);
  for (const f of files) form.append('file', f, f.name);
  const res = await fetch(`${base}/${id}/photos`, { method: 'POST', body: form, credentials: 'same-origin', headers: { 'accept-language': getLang() } });
  return parse<{ items: unknown[] }>(res);
}
