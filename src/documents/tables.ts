import type { Generated } from 'kysely';
import type { BigRef, Json, Timestamp } from '../db/types.js';
import type { DocumentKind } from './kinds.js';

export interface DocumentTemplatesTable {
  id: Generated<string>;
  office_unit_id: BigRef;
  kind: DocumentKind;
  title: string;
  prefix: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DocumentContent {
  header: string;
  docNo: string;
  title: string;
  paragraphs: string[];
  issuer: string;
  date: string;
  basis: string;
}

export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  kind: DocumentKind;
  version: number;
  office_unit_id: BigRef;
  doc_no: string;
  title: string;
  personal: boolean;
  template_id: string | null;
  content: Json<DocumentContent>;
  docx: Buffer;
  pdf: Buffer;
  generated_by: string | null;
  generated_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    document_templates: DocumentTemplatesTable;
    case_documents: CaseDocumentsTable;
  }
}
