/**
 * A statutory document as Word and PDF, laid out like the office's reports (src/reports: the same red head with the
 * 文号 over a red rule, 仿宋 body, A4 with GB/T 9704 margins): title, addressee, the paragraphs of the template filled
 * from the case, then the issuing unit and date at the right with the place of the seal marked (印章处). The seal
 * itself is put on the printed copy: the system never draws one (a drawn seal would be a forged one).
 */
import { AlignmentType, BorderStyle, Packer, Paragraph, TextRun } from 'docx';
import { bodyParagraph, ER, FANG, officeDocument, officeHead, SAN, SONG } from '../reports/docx.js';
import { officePdf, pdfOfficeHead } from '../reports/pdf.js';
import type { DocumentContent } from './tables.js';

export const SEAL_PLACEHOLDER = '（印章处）';

/** A paragraph that only names who it is addressed to (张三：) stands flush left, like a letter's salutation. */
const isSalutation = (p: string) => /[：:]$/.test(p) && p.length <= 40;

export async function renderDocumentDocx(c: DocumentContent): Promise<Buffer> {
  const right = (text: string, opts: { color?: string; before?: number } = {}) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: opts.before ?? 0 }, children: [new TextRun({ text, font: FANG, size: SAN, color: opts.color })] });
  const body = [
    ...officeHead(c.header, c.docNo),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: c.title, font: SONG, size: ER })] }),
    ...c.paragraphs.map((p) => bodyParagraph(p, !isSalutation(p))),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { before: 600 },
      border: { top: { style: BorderStyle.DASHED, size: 6, color: 'C00000', space: 4 }, bottom: { style: BorderStyle.DASHED, size: 6, color: 'C00000', space: 4 } },
      children: [new TextRun({ text: SEAL_PLACEHOLDER, font: FANG, size: SAN, color: 'C00000' })],
    }),
    right(c.issuer, { before: 120 }),
    right(c.date),
    new Paragraph({ spacing: { before: 400 }, children: [new TextRun({ text: `依据：${c.basis}`, font: FANG, size: 21 })] }),
  ];
  return Packer.toBuffer(officeDocument(`${c.title} ${c.docNo}`, body));
}

export function renderDocumentPdf(c: DocumentContent): Promise<Buffer> {
  const { doc, done, width } = officePdf(`${c.title} ${c.docNo}`);
  pdfOfficeHead(doc, c.header, c.docNo, width);
  doc.moveDown(1.2).font('bold').fontSize(18).fillColor('black').text(c.title, 64, undefined, { align: 'center', width });
  doc.moveDown(0.6);
  for (const p of c.paragraphs) doc.moveDown(0.3).font('body').fontSize(12).text(p, 64, undefined, { indent: isSalutation(p) ? 0 : 24, lineGap: 5, width });
  doc.moveDown(2);
  if (doc.y + 120 > doc.page.height - 64) doc.addPage();
  // the seal's place: a dashed red circle over the issuer's name, as 党政机关公文格式 puts the seal over the signature
  const cx = 64 + width - 70;
  const cy = doc.y + 30;
  doc.save().circle(cx, cy, 40).dash(3, { space: 3 }).lineWidth(1).strokeColor('#c00000').stroke().restore();
  doc.font('body').fontSize(10).fillColor('#c00000').text(SEAL_PLACEHOLDER, cx - 40, cy - 6, { width: 80, align: 'center' });
  doc.fillColor('black').font('body').fontSize(12);
  doc.text(c.issuer, 64, cy + 48, { align: 'right', width }).text(c.date, { align: 'right', width });
  doc.moveDown(2).fontSize(9).text(`依据：${c.basis}`, 64, undefined, { width });
  doc.end();
  return done;
}
