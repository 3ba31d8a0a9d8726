/**
 * The Chinese font of the PDF and the chart images. Noto Sans Hans (SIL Open Font License 1.1) comes with the npm
 * package @embedpdf/fonts-sc, so a fresh `npm install` is enough; MINSHENG_REPORT_FONT names another .ttf/.otf
 * (e.g. a 仿宋 the office is licensed for); a system font is the last resort. Without any, generating fails with a
 * message that says what to install, rather than printing empty boxes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ReportFonts {
  regular: string;
  bold: string;
  family: string;
}

const SYSTEM = ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'];

let cached: ReportFonts | undefined;

export function reportFonts(env: NodeJS.ProcessEnv = process.env): ReportFonts {
  if (cached && !env.MINSHENG_REPORT_FONT) return cached;
  const own = env.MINSHENG_REPORT_FONT;
  if (own) {
    if (!fs.existsSync(own)) throw new Error(`MINSHENG_REPORT_FONT: no such file "${own}"`);
    return { regular: own, bold: own, family: path.basename(own).replace(/\.[^.]+$/, '') };
  }
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    const regular = path.join(dir, 'NotoSansHans-Regular.otf');
    const bold = path.join(dir, 'NotoSansHans-Bold.otf');
    if (fs.existsSync(regular)) return (cached = { regular, bold: fs.existsSync(bold) ? bold : regular, family: 'Noto Sans S Chinese' });
  } catch {
    /* the package is missing: try the system */
  }
  const sys = SYSTEM.find((f) => fs.existsSync(f));
  if (sys) return (cached = { regular: sys, bold: sys, family: 'WenQuanYi Micro Hei' });
  throw new Error('no Chinese font for reports: run `npm install` (it brings @embedpdf/fonts-sc), or set MINSHENG_REPORT_FONT to a .ttf/.otf file');
}
