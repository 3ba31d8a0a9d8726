/** The report as PDF (pdfkit), with the Chinese font of fonts.ts embedded (subset) so that it reads anywhere. */
import PDFDocument from 'pdfkit';
import { chartPng } from './charts.js';
import type { ReportContent, ReportTable } from './content.js';
import { reportFonts } from './fonts.js';

/** An A4 PDF with the fonts 'body' and 'bold' registered; `done` resolves to its bytes once doc.end() is called. */
export function officePdf(title: string): { doc: PDFKit.PDFDocument; done: Promise<Buffer>; width: number } {
  const fonts = reportFonts();
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 64, left: 64, right: 64 }, info: { Title: title, Creator: 'Minsheng 民声' } });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done, width: doc.page.width - 128 };
}

/** The red issuing-unit line and the 文号 over a red rule, as in the Word version (docx.ts officeHead). */
export function pdfOfficeHead(doc: PDFKit.PDFDocument, issuerLine: string, docNo: string, width: number): void {
  doc.font('bold').fontSize(22).fillColor('#c00000').text(issuerLine, { align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(12).fillColor('black').text(docNo, { align: 'center' });
  const y = doc.y + 4;
  doc.moveTo(64, y).lineTo(64 + width, y).lineWidth(1.5).strokeColor('#c00000').stroke();
}

export function renderPdf(c: ReportContent): Promise<Buffer> {
  const { doc, done, width } = officePdf(c.title);
  pdfOfficeHead(doc, `${c.issuer}信访工作分析`, c.docNo ?? '', width);
  doc.moveDown(1.2).font('bold').fontSize(16).fillColor('black').text(c.title, { align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(10).text(`（${c.period.from}至${c.period.to}${c.public ? `；公开版，1至${c.suppressBelow - 1}的数字显示为“<${c.suppressBelow}”` : '；内部资料'}）`, { align: 'center' });
  for (const s of c.sections) {
    doc.moveDown(0.8).font('bold').fontSize(13).text(s.heading, 64);
    for (const p of s.paragraphs) doc.moveDown(0.3).font('body').fontSize(10.5).text(p, 64, undefined, { indent: 21, lineGap: 3, width });
    for (const t of s.tables) drawTable(doc, t, width);
    for (const ch of s.charts) {
      if (!ch.categories.length) continue;
      const h = (width * 320) / 640;
      if (doc.y + h > doc.page.height - 64) doc.addPage();
      doc.image(chartPng(ch), 64, doc.y + 6, { width });
      doc.y += h + 12;
    }
  }
  doc.moveDown(2).font('body').fontSize(11).text(c.issuer, 64, undefined, { align: 'right', width }).text(c.asOf.slice(0, 10), { align: 'right', width });
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, t: ReportTable, width: number) {
  const left = 64;
  const n = t.columns.length;
  // the first column (names) gets twice the share of the others
  const share = width / (n + 1);
  const widths = t.columns.map((_, i) => (i === 0 ? share * 2 : share));
  const rowOf = (cells: (string | number)[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'body').fontSize(9);
    const h = Math.max(16, ...cells.map((v, i) => doc.heightOfString(String(v), { width: widths[i]! - 6 }) + 6));
    if (doc.y + h > doc.page.height - 64) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((v, i) => {
      if (bold) doc.rect(x, top, widths[i]!, h).fillAndStroke('#e8eef7', '#999999').fillColor('black');
      else doc.rect(x, top, widths[i]!, h).lineWidth(0.5).stroke('#999999');
      doc.fillColor('black').text(String(v), x + 3, top + 3, { width: widths[i]! - 6 });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = top + h;
  };
  doc.moveDown(0.5).font('bold').fontSize(10).text(t.title, left, undefined, { width, align: 'center' });
  doc.moveDown(0.2);
  rowOf(t.columns, true);
  for (const r of t.rows) rowOf(r, false);
  if (!t.rows.length) rowOf(['（无）', ...t.columns.slice(1).map(() => '')], false);
  if (t.note) doc.font('body').fontSize(9).text(t.note, left, undefined, { width });
}
