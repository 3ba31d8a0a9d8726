/**
 * The error file of an import: one line per row that did not land, with the spreadsheet row number, the external
 * id and the reason, so the office can mend its sheet and import it again (the landed rows are skipped then).
 * csv carries a UTF-8 BOM: Excel opens a BOM-less UTF-8 csv as the local code page and garbles the Chinese.
 */
import ExcelJS from 'exceljs';

export interface ProblemRow {
  row_no: number;
  external_id: string | null;
  outcome: string;
  reason: string | null;
}

const HEADER = ['行号 row', '外部编号 external id', '结果 outcome', '原因 reason'];
const OUTCOME: Record<string, string> = { invalid: '未导入 invalid', skipped: '按选择不导入 left out', already: '已导入过 already imported' };

const line = (r: ProblemRow) => [String(r.row_no), r.external_id ?? '', OUTCOME[r.outcome] ?? r.outcome, r.reason ?? ''];
// a cell starting with = + - @ would run as a formula in Excel: kept as text
const quote = (raw: string) => {
  const v = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function errorCsv(rows: ProblemRow[]): Buffer {
  const text = [HEADER, ...rows.map(line)].map((cells) => cells.map(quote).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function errorXlsx(rows: ProblemRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('errors');
  ws.addRow(HEADER).font = { bold: true };
  for (const r of rows) ws.addRow([r.row_no, r.external_id ?? '', OUTCOME[r.outcome] ?? r.outcome, r.reason ?? '']);
  ws.columns.forEach((c, i) => (c.width = [8, 20, 22, 80][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
