/** The report as an Excel workbook: a cover sheet, then one sheet per section with its tables and charts. */
import ExcelJS from 'exceljs';
import { chartPng, CHART_HEIGHT, CHART_WIDTH } from './charts.js';
import type { ReportContent } from './content.js';

export async function renderXlsx(c: ReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Minsheng 民声';
  wb.title = c.title;
  const cover = wb.addWorksheet('封面');
  cover.getColumn(1).width = 16;
  cover.getColumn(2).width = 60;
  cover.addRow([c.title]).font = { bold: true, size: 16 };
  cover.addRow(['文号', c.docNo ?? '']);
  cover.addRow(['单位', c.unit.name]);
  cover.addRow(['期间', `${c.period.from}至${c.period.to}（${c.periodLabel}）`]);
  if (c.previous) cover.addRow(['环比期间', `${c.previous.from}至${c.previous.to}`]);
  if (c.yearAgo) cover.addRow(['同比期间', `${c.yearAgo.from}至${c.yearAgo.to}`]);
  cover.addRow(['数据截至', c.asOf]);
  cover.addRow(['版本', c.public ? `公开版（1至${c.suppressBelow - 1}的数字显示为“<${c.suppressBelow}”）` : '内部版']);
  c.sections.forEach((s, i) => {
    const ws = wb.addWorksheet(`${i + 1} ${s.heading.replace(/^.、/, '')}`.slice(0, 31));
    ws.addRow([s.heading]).font = { bold: true, size: 14 };
    for (const p of s.paragraphs) ws.addRow([p]);
    let widest = 1;
    for (const t of s.tables) {
      ws.addRow([]);
      ws.addRow([t.title]).font = { bold: true };
      const head = ws.addRow(t.columns);
      head.font = { bold: true };
      head.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
        cell.border = { bottom: { style: 'thin' } };
      });
      for (const r of t.rows) ws.addRow(r);
      if (t.rows.length === 0) ws.addRow(['（无）']);
      if (t.note) ws.addRow([t.note]).font = { italic: true };
      widest = Math.max(widest, t.columns.length);
    }
    for (let col = 1; col <= Math.max(widest, 2); col++) ws.getColumn(col).width = col === 1 ? 28 : 16;
    for (const ch of s.charts) {
      if (!ch.categories.length) continue;
      ws.addRow([]);
      const top = ws.rowCount;
      const img = wb.addImage({ buffer: chartPng(ch) as unknown as ExcelJS.Buffer, extension: 'png' });
      ws.addImage(img, { tl: { col: 0, row: top }, ext: { width: CHART_WIDTH, height: CHART_HEIGHT } });
      for (let k = 0; k < Math.ceil(CHART_HEIGHT / 20) + 1; k++) ws.addRow([]);
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
