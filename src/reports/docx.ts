/**
 * The report as a Word document laid out the way a Chinese office writes one (党政机关公文格式 GB/T 9704 in spirit):
 * the issuing unit in red at the top, the 文号 under it and a red rule, the title centred in 小标宋 二号, headings
 * 一、二、三 in 黑体 三号, body text in 仿宋 三号 with a two-character first-line indent, tables and chart images.
 * The fonts are named for Word (方正小标宋简体 / 黑体 / 仿宋_GB2312); a machine without them substitutes its own.
 */
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { chartPng, CHART_HEIGHT, CHART_WIDTH } from './charts.js';
import type { ReportContent, ReportTable } from './content.js';

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name });
export const SONG = font('方正小标宋简体');
export const HEI = font('黑体');
export const FANG = font('仿宋_GB2312');
// half-points: 二号 22pt, 三号 16pt, 四号 14pt, 五号 10.5pt
export const ER = 44;
export const SAN = 32;
const WU = 21;

/** The red issuing-unit line and the 文号 over a red rule: the head of every document the office issues (reports, statutory notices). */
export function officeHead(issuerLine: string, docNo: string): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: issuerLine, font: SONG, size: 52, color: 'C00000' })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 6 } },
      spacing: { after: 400 },
      children: [new TextRun({ text: docNo, font: FANG, size: SAN })],
    }),
  ];
}

/** A paragraph of body text: 仿宋 三号, two-character first-line indent, fixed 28pt line. */
export const bodyParagraph = (text: string, indent = true) =>
  new Paragraph({ indent: indent ? { firstLine: 640 } : undefined, spacing: { line: 560 }, children: [new TextRun({ text, font: FANG, size: SAN })] });

/** An A4 Word document with the margins of GB/T 9704. */
export const officeDocument = (title: string, children: (Paragraph | Table)[]) =>
  new Document({ creator: 'Minsheng 民声', title, sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }] });

function table(t: ReportTable): (Paragraph | Table)[] {
  const cell = (text: string | number, bold = false) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: String(text), font: FANG, size: WU, bold })] })] });
  const rows = [new TableRow({ tableHeader: true, children: t.columns.map((c) => cell(c, true)) })];
  for (const r of t.rows) rows.push(new TableRow({ children: r.map((v) => cell(v)) }));
  if (!t.rows.length) rows.push(new TableRow({ children: [cell('（无）'), ...t.columns.slice(1).map(() => cell(''))] }));
  const out: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 60 }, children: [new TextRun({ text: t.title, font: HEI, size: 24 })] }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
  ];
  if (t.note) out.push(new Paragraph({ children: [new TextRun({ text: t.note, font: FANG, size: WU, italics: true })] }));
  return out;
}

export async function renderDocx(c: ReportContent): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    ...officeHead(`${c.issuer}信访工作分析`, c.docNo ?? ''),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: c.title, font: SONG, size: ER })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [new TextRun({ text: `（${c.period.from}至${c.period.to}${c.public ? `；公开版，1至${c.suppressBelow - 1}的数字显示为“<${c.suppressBelow}”` : '；内部资料'}）`, font: FANG, size: 24 })],
    }),
  ];
  for (const s of c.sections) {
    body.push(new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text: s.heading, font: HEI, size: SAN })] }));
    for (const p of s.paragraphs) body.push(bodyParagraph(p));
    for (const t of s.tables) body.push(...table(t));
    for (const ch of s.charts) {
      if (!ch.categories.length) continue;
      body.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new ImageRun({ type: 'png', data: chartPng(ch), transformation: { width: CHART_WIDTH * 0.9, height: CHART_HEIGHT * 0.9 } })],
        }),
      );
    }
  }
  body.push(
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 600 }, children: [new TextRun({ text: c.issuer, font: FANG, size: SAN })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: c.asOf.slice(0, 10), font: FANG, size: SAN })] }),
  );
  return Packer.toBuffer(officeDocument(c.title, body));
}
