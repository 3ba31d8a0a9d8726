/** Opens a generated document again to read its words: the .docx unzipped (word/document.xml), the PDF through pdftotext. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { expect } from 'vitest';
import type { Harness, TestUser } from './harness.js';

export async function documentFile(h: Harness, user: TestUser, caseId: string, id: string, format: 'docx' | 'pdf') {
  return h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/documents/${id}/file.${format}`, headers: { cookie: user.cookie } });
}

export async function docxText(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')).join('');
}

/** The PDF's text with all white space removed (pdftotext breaks lines where the layout does). */
export function pdfText(buf: Buffer) {
  expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
  const f = path.join(os.tmpdir(), `doc-${process.pid}-${Math.random()}.pdf`);
  fs.writeFileSync(f, buf);
  try {
    return execFileSync('pdftotext', [f, '-']).toString().replace(/\s/g, '');
  } finally {
    fs.rmSync(f);
  }
}
