/**
 * Reading an uploaded spreadsheet into a header row and data rows of text cells. csv follows RFC 4180 (quoted
 * fields, "" inside quotes, CRLF or LF, line breaks inside quotes); its encoding is UTF-8 (with or without BOM) or
 * GBK — what Excel on a Chinese Windows writes by default — told apart by whether the bytes are valid UTF-8.
 * xlsx is read with exceljs, first worksheet, header in row 1.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';

/** listed by the upload route */
export const READABLE_FILE = inputRule({ field: 'file', message: 'not a readable file', doc: 'a .csv (UTF-8 or GB18030) or .xlsx file whose first row names the columns' });

export interface Sheet {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gbk' | null;
  headers: string[];
  /** data rows; rows[i] is spreadsheet row i + 2 (row 1 is the header) */
  rows: string[][];
}

export function formatOf(filename: string, bytes: Buffer): 'csv' | 'xlsx' {
  // an xlsx is a zip: "PK\x03\x04"
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (/\.xlsx?$/i.test(filename)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: 'xls (Excel 97–2003): save as .xlsx or .csv' });
  return 'csv';
}

export function decodeCsv(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: GBK (a superset of GB2312; gb18030 decodes it too and also covers the rare four-byte characters)
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' };
  }
}

/** RFC 4180 records. A quote inside an unquoted field is kept as text, as Excel does. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw READABLE_FILE.error('csv: a quoted field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * exceljs gives a date cell as the Date whose UTC fields are the wall time shown in Excel (Excel has no time zone),
 * so it is written back as that wall time without a zone; the mapping's UTC offset then places it.
 */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date)
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw READABLE_FILE.error('not a readable xlsx file');
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(r.getCell(c).value).trim());
    out[n - 1] = cells;
  });
  for (let i = 0; i < out.length; i++) out[i] ??= [];
  return out;
}

export async function readSheet(filename: string, bytes: Buffer): Promise<Sheet> {
  const format = formatOf(filename, bytes);
  let encoding: Sheet['encoding'] = null;
  let records: string[][];
  if (format === 'xlsx') records = await readXlsx(bytes);
  else {
    const d = decodeCsv(bytes);
    encoding = d.encoding;
    records = parseCsv(d.text);
  }
  const headers = (records[0] ?? []).map((h) => h.trim());
  if (headers.filter(Boolean).length === 0)
    throw READABLE_FILE.error('the first row must name the columns');
  // trailing blank lines are not rows; blank lines in between keep their row numbers (and are reported)
  const rows = records.slice(1);
  while (rows.length > 0 && rows[rows.length - 1]!.every((c) => c.trim() === '')) rows.pop();
  return { format, encoding, headers, rows };
}
