/**
 * The file formats of an export, as streams that pull the next page from the database only when the previous one
 * has been taken by the client (backpressure), so memory stays bounded whatever the row count.
 * - csv: UTF-8 with a byte-order mark (Excel on Chinese Windows otherwise reads it as GBK), RFC 4180 quoting, CRLF;
 * - xlsx: exceljs's streaming WorkbookWriter, one committed row at a time, no shared-strings table.
 * A cell that starts like a formula (= + - @) gets a leading apostrophe: opening an export must never run one.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, PreparedExport } from './export-cases.js';

const FORMULA = /^[=+\-@\t\r]/;
const safe = (v: Cell): Cell => (typeof v === 'string' && FORMULA.test(v) && !/^-\d/.test(v) ? `'${v}` : v);

const csvField = (v: Cell): string => {
  if (v === null || v === undefined) return '';
  const s = String(safe(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (cells: Cell[]) => cells.map(csvField).join(',') + '\r\n';

export function csvStream(x: PreparedExport): Readable {
  async function* gen() {
    yield '\uFEFF' + csvLine(x.headers);
    for await (const page of x.pages()) yield page.map(csvLine).join('');
  }
  return Readable.from(gen(), { objectMode: false });
}

export function xlsxStream(x: PreparedExport, sheetName = '工单'): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(sheetName);
  void (async () => {
    try {
      ws.addRow(x.headers).commit();
      for await (const page of x.pages()) {
        for (const cells of page) ws.addRow(cells.map(safe)).commit();
        // wait for the client to take what is written before reading the next page
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
