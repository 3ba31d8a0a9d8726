/**
 * Periodic and topic reports on a small world in March 2046 (a year no other test file uses: on PostgreSQL the files
 * share one database; numbers are read for our org's units only). Each kind is generated, the .xlsx opened with
 * exceljs, the .docx unzipped, the PDF checked; the figures are compared with GET /api/metrics for the same unit and
 * period; the ranking's minimum count, the public version's suppression, scope, roles, bad input, the schedule and
 * the pg-boss job.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshHotspots } from '../../src/intel/hotspots.js';
import { openSupervisionItem } from '../../src/supervision/open-item.js';
import { startJobs } from '../../src/jobs/boss.js';
import { kindsDue, runSchedule, setReportQueue } from '../../src/reports/generate.js';
import { lastWholePeriod, previousPeriod, yearAgo } from '../../src/reports/periods.js';
import { api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const regNos: Record<string, string> = {};
const caseIds: Record<string, string> = {};

const at = (iso: string) => h.clock.set(new Date(`${iso}+08:00`));

async function ok(user: TestUser, method: string, url: string, payload?: unknown, status = 200) {
  const r = await api(h, user, method, url, payload);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}
const caseDo = (user: TestUser, id: string, action: string, input: unknown = {}) => ok(user, 'POST', `/api/cases/${id}/actions/${action}`, input);

const REPLY = { decision: 'support', facts: '经现场核查，反映情况属实。', reasons: '属于本单位职责范围。', legalBasis: '《物业管理条例》第三十五条', text: '经调查，您反映的问题属实，已督促整改。' };

async function register(name: string, when: string, over: Record<string, unknown> = {}) {
  at(when);
  const r = await ok(org.users.intake, 'POST', '/api/cases', sampleCase(over), 201);
  regNos[name] = r.regNo ?? r.reg_no;
  caseIds[name] = r.id;
  return r.id as string;
}

/** Registered, routed to deptA, signed, accepted and answered within days: on time. */
async function handledByA(name: string, day: number) {
  const d = String(day).padStart(2, '0');
  const id = await register(name, `2046-03-${d}T09:00:00`);
  await caseDo(org.users.dispatcher, id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await caseDo(org.users.handlerA, id, 'sign');
  await caseDo(org.users.handlerA, id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  at(`2046-03-${String(day + 2).padStart(2, '0')}T10:00:00`);
  await caseDo(org.users.handlerA, id, 'draft_reply', REPLY);
  await caseDo(org.users.headA, id, 'approve_reply');
}

const sv = async (user: TestUser, id: string, action: string, input: unknown) => ok(user, 'POST', `/api/supervision/${id}/actions/${action}`, input);
const NOTICE = '请于期限内核查办理情况，书面反馈处理结果及整改措施。';
const RESPONSE = '已核查并完成整改，经回访确认问题已解决，特此书面反馈。';

async function supervise(when: string, unitId: string, over: Record<string, unknown> = {}) {
  at(when);
  return (await ok(org.users.supervisor, 'POST', '/api/supervision', { unitId, reason: '办理推诿拖延，需督办。', ...over }, 201)).id as string;
}

/**
 * 督办 around March 2046 (2046 has no holiday data: Monday–Friday working days). Expected for the city, March:
 * opened 5 (S1–S5), closed 1 (S1), withdrawn 1 (S3), open at the end 4 (S0, S2, S4, S5), of which response overdue 2
 * (S0: due 23 Feb; S2: due again 27 March after its escalation on 20 March), escalations 1 (S2, 20 March; the one of
 * 1 April is outside), accountability recommendations 1 (S1); levels at the end: routine 2 (S0, S5), listed 1 (S2 —
 * made 约谈 only on 1 April), interview 1 (S4). S7 (January–February) and S6 (April) are outside.
 */
async function superviseMarch() {
  const { deptA, deptB, street, office } = org.units;
  const s7 = await supervise('2046-01-10T10:00:00', deptA.id);
  await sv(org.users.supervisor, s7, 'issue_notice', { content: NOTICE });
  at('2046-01-11T10:00:00');
  await sv(org.users.handlerA, s7, 'respond', { response: RESPONSE });
  at('2046-02-12T10:00:00');
  await sv(org.users.supervisor, s7, 'accept_response', {});
  const s0 = await supervise('2046-02-20T10:00:00', deptB.id);
  await sv(org.users.supervisor, s0, 'issue_notice', { content: NOTICE, responseWorkdays: 3 });
  const s1 = await supervise('2046-03-05T10:00:00', deptA.id);
  await sv(org.users.supervisor, s1, 'issue_notice', { content: NOTICE });
  at('2046-03-07T10:00:00');
  await sv(org.users.handlerA, s1, 'respond', { response: RESPONSE });
  at('2046-03-08T10:00:00');
  await sv(org.users.supervisor, s1, 'accept_response', {});
  at('2046-03-09T10:00:00');
  await sv(org.users.supervisor, s1, 'recommend_accountability', { measure: 'improve_work', target: '测试市住建局', reason: '督办事项办理拖延。' });
  const s2 = await supervise('2046-03-12T10:00:00', deptB.id);
  await sv(org.users.supervisor, s2, 'issue_notice', { content: NOTICE, responseWorkdays: 2 });
  at('2046-03-20T10:00:00');
  await sv(org.users.supervisor, s2, 'escalate', { reason: '逾期未反馈，升级督办。' });
  const s3 = await supervise('2046-03-15T10:00:00', deptA.id);
  at('2046-03-16T10:00:00');
  await sv(org.users.supervisor, s3, 'withdraw', { reason: '重复立项，予以撤销。' });
  await supervise('2046-03-26T10:00:00', street.id, { level: 'interview' }); // S4
  // S5: what the sweep opens for an overdue step of a case (src/supervision/hooks.ts)
  at('2046-03-20T11:00:00');
  await h.rt.deps.db.transaction().execute((tx) =>
    openSupervisionItem(tx, h.rt.deps, { kind: 'system', job: 'supervision' }, { source: 'case_overdue', caseId: caseIds.B0!, unitId: deptB.id, officeUnitId: office.id, reason: `${regNos.B0}转送超期`, dedupKey: `reports-test:${org.tag}:b0` }, h.clock.now),
  );
  at('2046-04-01T10:00:00');
  await sv(org.users.supervisor, s2, 'escalate', { reason: '仍未反馈，约谈。' });
  await supervise('2046-04-01T11:00:00', deptA.id); // S6
}

async function waitDone(user: TestUser, id: string) {
  const seen = new Set<string>();
  for (let i = 0; i < 240; i++) {
    const r = await ok(user, 'GET', `/api/reports/${id}`);
    seen.add(r.status);
    expect(r.progress).toBeGreaterThanOrEqual(0);
    expect(r.progress).toBeLessThanOrEqual(100);
    if (r.status === 'done' || r.status === 'failed') return { report: r, seen };
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`report ${id} not done`);
}

async function generate(user: TestUser, body: Record<string, unknown>) {
  const r = await api(h, user, 'POST', '/api/reports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(['queued', 'running']).toContain(r.body.status);
  const { report } = await waitDone(user, r.body.id);
  expect(report.status, report.error).toBe('done');
  return report;
}

async function download(user: TestUser, id: string, format: 'xlsx' | 'docx' | 'pdf') {
  const res = await h.app.inject({ method: 'GET', url: `/api/reports/${id}/file.${format}`, headers: { cookie: user.cookie } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res;
}

async function sheetRows(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[ws.name] = rows;
  });
  return out;
}

async function docxText(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return { xml, text: [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).join('') };
}

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  // March 2046: four on-time answers by 住建局, two matters routed to 生态环境局 and left unsigned (overdue by April)
  for (const [i, day] of [2, 5, 9, 12].entries()) await handledByA(`A${i}`, day);
  for (const [i, day] of [3, 4].entries()) {
    const id = await register(`B${i}`, `2046-03-0${day}T09:00:00`, { title: `河道排污异味严重${i}` });
    await caseDo(org.users.dispatcher, id, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id });
  }
  // February (环比) and March 2045 (同比)
  await register('F1', '2046-02-10T09:00:00');
  await register('F2', '2046-02-11T09:00:00');
  await register('Y1', '2045-03-15T09:00:00');
  await superviseMarch();
  at('2046-04-02T09:00:00');
}, 120_000);

afterAll(async () => {
  setReportQueue(null);
  await h?.close();
});

describe('periods', () => {
  it('last whole week, month, quarter, and the 环比 / 同比 periods', () => {
    expect(lastWholePeriod('weekly', '2046-04-02')).toEqual({ from: '2046-03-26', to: '2046-04-01' });
    expect(lastWholePeriod('monthly', '2046-04-02')).toEqual({ from: '2046-03-01', to: '2046-03-31' });
    expect(lastWholePeriod('quarterly', '2046-04-02')).toEqual({ from: '2046-01-01', to: '2046-03-31' });
    expect(lastWholePeriod('monthly', '2046-01-01')).toEqual({ from: '2045-12-01', to: '2045-12-31' });
    expect(previousPeriod({ from: '2046-03-01', to: '2046-03-31' })).toEqual({ from: '2046-01-29', to: '2046-02-28' });
    expect(yearAgo({ from: '2044-02-01', to: '2044-02-29' })).toEqual({ from: '2043-02-01', to: '2043-02-28' });
    expect(kindsDue('2046-04-01')).toEqual(['monthly', 'quarterly']); // a Sunday
    expect(kindsDue('2046-04-02')).toEqual(['weekly']); // a Monday
  });
});

describe('monthly report, internal', () => {
  let report: any;
  let metrics: any;
  let monthlySheets: Record<string, unknown[][]> = {};
  beforeAll(async () => {
    h.rt.deps.config.reports.rankMinCount = 3; // 住建局 has 4 answers: ranked; 生态环境局 none: listed apart
    report = await generate(org.users.analyst, { kind: 'monthly', unitId: org.units.city.id, from: '2046-03-01', to: '2046-03-31' });
    metrics = await ok(org.users.analyst, 'GET', `/api/metrics?from=2046-03-01&to=2046-03-31&unitId=${org.units.city.id}`);
  }, 120_000);

  it('is numbered and titled', () => {
    expect(report.docNo).toMatch(/^民声析〔2046〕\d+号$/);
    expect(report.title).toBe('测试市2046年3月信访工作月分析');
    expect(report.files.map((f: any) => f.format)).toEqual(['xlsx', 'docx', 'pdf']);
  });

  it('xlsx: the figures equal GET /api/metrics, every rate with numerator and denominator', async () => {
    const res = await download(org.users.analyst, report.id, 'xlsx');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(report.docNo)}`);
    const sheets = await sheetRows(res.rawPayload);
    monthlySheets = sheets;
    expect(sheets['封面']![0]![0]).toBe(report.title);
    expect(sheets['封面']![1]).toEqual(['文号', report.docNo]);
    const rates = sheets['2 主要指标']!;
    for (const m of metrics.metrics) {
      const row = rates.find((r) => r[0] === m.label.zh);
      expect(row, m.label.zh).toBeDefined();
      expect(row!.slice(1, 4), m.key).toEqual([m.numerator, m.denominator, m.rate === null ? '—' : `${(m.rate * 100).toFixed(1)}%`]);
    }
    expect(rates.find((r) => r[0] === metrics.composite.label.zh)![3]).toBe(metrics.composite.score === null ? '—' : metrics.composite.score.toFixed(1));
    const onTime = metrics.metrics.find((m: any) => m.key === 'on_time_completion');
    expect([onTime.numerator, onTime.denominator]).toEqual([4, 4]);
    // intake: 6 in March, 2 in February (环比 +200%), 1 in March 2045 (同比 +500%)
    const intake = sheets['1 总体情况']!;
    expect(metrics.counts.intake.total).toBe(6);
    expect(intake.find((r) => r[0] === '本期')![2]).toBe(6);
    expect(intake.find((r) => r[0] === '上期（环比）')![2]).toBe(metrics.counts.intake.total === 6 ? 2 : -1);
    expect(intake.find((r) => r[0] === '去年同期（同比）')![2]).toBe(1);
    expect(String(intake[1]![0])).toContain('环比+200.0%');
    expect(String(intake[1]![0])).toContain('同比+500.0%');
    // by channel / category / area equal the API
    const accepted = sheets['3 受理情况']!;
    for (const ch of metrics.counts.intake.byChannel) expect(accepted.find((r) => r[0] === ch.label.zh)![1]).toBe(ch.count);
    // backlog and the overdue list: the two matters of 生态环境局 not signed (routing clock past due), registration numbers and titles
    const backlog = sheets['4 积压与超期']!;
    expect(backlog.some((r) => r[0] === regNos.B0 && r[1] === '河道排污异味严重0' && r[2] === '测试市生态环境局' && Number(r[3]) >= 0)).toBe(true);
    expect(backlog.some((r) => r[0] === regNos.B1)).toBe(true);
    for (const a of metrics.counts.ageing) expect(backlog.find((r) => r[0] === a.label.zh)![1]).toBe(a.count);
    // ranking by 按期办结率 among the child units: 住建局 ranked (4 ≥ 3), the others listed apart
    const ranking = sheets['5 单位排名']!;
    const i = ranking.findIndex((r) => r[0] === '按期办结率排名');
    expect(ranking[i + 2]).toEqual([1, '测试市住建局', '100.0%', 4, 4]);
    expect(String(ranking.find((r) => String(r[0]).startsWith('事项不足') && String(r[0]).includes('测试市生态环境局'))?.[0])).toContain('测试市生态环境局');
    // the units most complained about: intake attributed to the responsible unit
    const units = sheets['6 被投诉较多的单位']!;
    expect(units.find((r) => r[1] === '测试市住建局')).toEqual([1, '测试市住建局', 4]);
    expect(units.find((r) => r[1] === '测试市生态环境局')).toEqual([2, '测试市生态环境局', 2]);
  });

  it('督查督办情况 (第四十一条第二项 督办情况, 第三项 追究责任建议): the supervision figures of the period and subtree, in the xlsx', async () => {
    const sup = monthlySheets['8 督查督办情况']!; // the workbook downloaded above (each download is audited, counted below)
    expect(sup[0]![0]).toBe('八、督查督办情况');
    const total = (label: string) => sup.find((r) => r[0] === label)?.[1];
    expect(['本期立项', '本期办结', '本期撤销', '期末在督', '逾期未反馈', '升级督办', '追责建议'].map(total)).toEqual([5, 1, 1, 4, 2, 1, 1]);
    // by source: opened, closed, withdrawn, open at the end, overdue, escalations, recommendations
    expect(sup.find((r) => r[0] === '来源')).toEqual(['来源', '本期立项', '本期办结', '本期撤销', '期末在督', '逾期未反馈', '升级督办', '追责建议']);
    expect(sup.find((r) => r[0] === '人工立项')).toEqual(['人工立项', 4, 1, 1, 3, 2, 1, 1]);
    expect(sup.find((r) => r[0] === '办理超期')).toEqual(['办理超期', 1, 0, 0, 1, 0, 0, 0]);
    // the level each open item had at the end of March (S2 became 约谈 only on 1 April)
    expect(['日常督办', '挂牌督办', '约谈'].map((l) => sup.find((r) => r[0] === l)?.[1])).toEqual([2, 1, 1]);
    const i = sup.findIndex((r) => r[0] === '按被督办单位（前10）');
    expect(sup.slice(i + 2, i + 5)).toEqual([
      ['测试市生态环境局', 2, 0, 0, 3, 2, 1, 0],
      ['东区青山街道', 1, 0, 0, 1, 0, 0, 0],
      ['测试市住建局', 2, 1, 1, 0, 0, 0, 1],
    ]);
    // matters and units only: neither the supervision reasons nor the case titles
    expect(JSON.stringify(sup)).not.toContain('转送超期');
    expect(JSON.stringify(sup)).not.toContain('河道排污');
  });

  it('the ranking lists a unit below the minimum count apart instead of ranking it', async () => {
    h.rt.deps.config.reports.rankMinCount = 5;
    const r = await generate(org.users.analyst, { kind: 'monthly', unitId: org.units.city.id, from: '2046-03-01', to: '2046-03-31' });
    h.rt.deps.config.reports.rankMinCount = 5;
    const ranking = (await sheetRows((await download(org.users.analyst, r.id, 'xlsx')).rawPayload))['5 单位排名']!;
    const i = ranking.findIndex((x) => x[0] === '按期办结率排名');
    expect(ranking[i + 2]).toEqual(['（无）']);
    expect(ranking.some((x) => String(x[0]).startsWith('事项不足') && String(x[0]).includes('测试市住建局'))).toBe(true);
  });

  it('docx: office layout — 文号, title, 一、二、三 headings, tables, chart images', async () => {
    const res = await download(org.users.analyst, report.id, 'docx');
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const { xml, text } = await docxText(res.rawPayload);
    expect(text).toContain(report.docNo);
    expect(text).toContain(report.title);
    for (const hd of ['一、总体情况', '二、主要指标', '三、受理情况', '四、积压与超期', '五、单位排名', '六、被投诉较多的单位', '七、热点问题', '八、督查督办情况']) expect(text).toContain(hd);
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('仿宋_GB2312');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.length).toBeGreaterThan(0);
    const png = await zip.file(media[0]!)!.async('nodebuffer');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const onTime = metrics.metrics.find((m: any) => m.key === 'on_time_completion');
    expect(text).toContain(`${onTime.label.zh}${onTime.numerator}${onTime.denominator}100.0%`);
    expect(text).toContain(regNos.B0);
    // 督查督办情况: the summary sentence and the rows of its tables
    expect(text).toContain('新立督办事项5件，办结1件，撤销1件；期末仍在督办4件，其中督办单逾期未反馈2件；本期升级督办1次，提出追究责任建议1条');
    expect(text).toContain('督办总体情况项目件数本期立项5本期办结1本期撤销1期末在督4逾期未反馈2升级督办1追责建议1');
    expect(text).toContain('人工立项4113211');
    expect(text).toContain('测试市生态环境局2003210');
  });

  it('pdf: a PDF with pages and the Chinese text in it', async () => {
    const res = await download(org.users.analyst, report.id, 'pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    const buf = res.rawPayload;
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((buf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);
    let pdftotext = true;
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    } catch {
      pdftotext = false;
    }
    if (pdftotext) {
      const file = path.join(os.tmpdir(), `report-${report.id}-${Date.now()}.pdf`);
      fs.writeFileSync(file, buf);
      const text = execFileSync('pdftotext', [file, '-']).toString();
      fs.rmSync(file);
      expect(text.replace(/\s/g, '')).toContain(report.title);
      expect(text).toContain('一、总体情况');
      expect(text).toContain(report.docNo);
    }
  });

  it('every download is audited', async () => {
    const rows = await h.rt.deps.db.selectFrom('audit_log').select(['action', 'entity_id', 'data']).where('entity_type', '=', 'report').where('entity_id', '=', report.id).execute();
    expect(rows.map((r) => (r.data as any).format).sort()).toEqual(['docx', 'pdf', 'xlsx']);
    expect(rows.every((r) => r.action === 'report_download')).toBe(true);
  });

  it('no personal data: the petitioner of sampleCase appears in no file', async () => {
    for (const f of ['xlsx', 'docx'] as const) {
      const res = await download(org.users.analyst, report.id, f);
      const zip = await JSZip.loadAsync(res.rawPayload);
      for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
        const xml = await zip.file(name)!.async('string');
        for (const pii of ['张三丰', '13812341234', '110101199001010000', '601室']) expect(xml, `${f} ${name}`).not.toContain(pii);
      }
    }
  });
});

describe('public version (公开版)', () => {
  it('shows counts from 1 to k−1 as "<5", rates on a denominator below k as "—", overdue lists without titles', async () => {
    expect(h.rt.deps.config.reports.suppressBelow).toBe(5); // MINSHENG_REPORT_SUPPRESS_BELOW, default 5
    const r = await generate(org.users.analyst, { kind: 'monthly', unitId: org.units.city.id, from: '2046-03-01', to: '2046-03-31', public: true });
    expect(r.public).toBe(true);
    expect(r.title).toContain('（公开版）');
    const sheets = await sheetRows((await download(org.users.analyst, r.id, 'xlsx')).rawPayload);
    // 6 matters: shown; 2 in February and 1 a year ago: suppressed, and the comparisons with them too
    const overall = sheets['1 总体情况']!;
    expect(overall.find((x) => x[0] === '本期')![2]).toBe(6);
    expect(overall.find((x) => x[0] === '上期（环比）')![2]).toBe('<5');
    expect(overall.find((x) => x[0] === '去年同期（同比）')![2]).toBe('<5');
    expect(String(overall[1]![0])).toContain('环比—');
    // 按期办结率 4/4: numerator and denominator below 5, so the rate is "—"
    const onTime = sheets['2 主要指标']!.find((x) => String(x[0]).startsWith('按期办结率'))!;
    expect(onTime.slice(1, 4)).toEqual(['<5', '<5', '—']);
    // units: 住建局 4, 生态环境局 2 → "<5"
    const units = sheets['6 被投诉较多的单位']!;
    expect(units.find((x) => x[1] === '测试市住建局')![2]).toBe('<5');
    // zero stays zero
    expect(sheets['3 受理情况']!.find((x) => x[0] === '来信')![1]).toBe(0);
    // overdue list: registration number, unit, days — no title
    const backlog = sheets['4 积压与超期']!;
    expect(backlog.find((x) => x[0] === '登记编号')).toEqual(['登记编号', '责任单位', '超期天数']);
    const row = backlog.find((x) => x[0] === regNos.B0)!;
    expect(row[1]).toBe('测试市生态环境局');
    const { text } = await docxText((await download(org.users.analyst, r.id, 'docx')).rawPayload);
    expect(text).not.toContain('河道排污异味严重');
    expect(text).toContain('<5');
    // 督办: 5 shown, the counts from 1 to 4 suppressed, 0 shown
    const sup = sheets['8 督查督办情况']!;
    expect(['本期立项', '本期办结', '期末在督', '逾期未反馈'].map((l) => sup.find((x) => x[0] === l)?.[1])).toEqual([5, '<5', '<5', '<5']);
    expect(sup.find((x) => x[0] === '办理超期')).toEqual(['办理超期', '<5', 0, 0, '<5', 0, 0, 0]);
  });
});

describe('other kinds', () => {
  it('weekly and quarterly default to the last whole period; the weekly report covers Monday to Sunday', async () => {
    const w = await generate(org.users.analyst, { kind: 'weekly', unitId: org.units.city.id });
    expect([w.from, w.to]).toEqual(['2046-03-26', '2046-04-01']); // the clock stands on Monday 2 April
    const q = await generate(org.users.analyst, { kind: 'quarterly', unitId: org.units.city.id });
    expect([q.from, q.to]).toEqual(['2046-01-01', '2046-03-31']);
    expect(q.title).toBe('测试市2046年第一季度信访工作季度总结');
    const sheets = await sheetRows((await download(org.users.analyst, q.id, 'xlsx')).rawPayload);
    expect(sheets['1 总体情况']!.find((x) => x[0] === '本期')![2]).toBe(8); // 6 in March + 2 in February
    // 督办 over the quarter: S7 (January) and S0 (February) opened too, S7 closed in February
    const sup = sheets['8 督查督办情况']!;
    expect(['本期立项', '本期办结', '期末在督'].map((l) => sup.find((x) => x[0] === l)?.[1])).toEqual([7, 2, 4]);
    const { text } = await docxText((await download(org.users.analyst, w.id, 'docx')).rawPayload);
    expect(text).toContain('一、总体情况');
    expect(text).toContain(w.docNo);
  });

  it('topic report (专题, 每月一题) from a hotspot topic: cases by registration number, no personal data', async () => {
    await refreshHotspots(h.rt.deps, { periodDays: 60 });
    const hs = await ok(org.users.analyst, 'GET', '/api/analytics/hotspots');
    const topic = hs.topics.find((t: any) => t.caseIds.length > 0);
    expect(topic, 'a hotspot topic among our cases').toBeDefined();
    const r = await generate(org.users.analyst, { kind: 'topic', unitId: org.units.city.id, topicIndex: topic.index });
    expect(r.kind).toBe('topic');
    expect(r.title).toContain(topic.label);
    const { text } = await docxText((await download(org.users.analyst, r.id, 'docx')).rawPayload);
    for (const hd of ['一、专题概况', '二、涉及地点与单位', '三、事项清单', '四、工作建议']) expect(text).toContain(hd);
    expect(text).toContain('第二十四条');
    expect(Object.values(regNos).some((n) => text.includes(n))).toBe(true);
    expect(text).not.toContain('张三丰');
    const bad = await api(h, org.users.analyst, 'POST', '/api/reports', { kind: 'topic', topicIndex: 999 });
    expect(bad.status).toBe(400);
  });
});

describe('信访工作条例 第四十一条: what the report contains', () => {
  it('quotes the article and finds each of its items in the monthly report', async () => {
    const law = fs.readFileSync(path.resolve(__dirname, '../../../shared/reference/laws/信访工作条例(2022-02-25).md'), 'utf8');
    const article = '年度报告应当包括下列内容：\n\n（一）信访事项的数据统计、信访事项涉及领域以及被投诉较多的机关、单位；';
    expect(law).toContain(article);
    expect(law).toContain('（二）党委和政府信访部门转送、交办、督办情况；');
    const list = await ok(org.users.analyst, 'GET', '/api/reports');
    const monthly = list.items.find((x: any) => x.kind === 'monthly' && !x.public && x.status === 'done');
    const { text } = await docxText((await download(org.users.analyst, monthly.id, 'docx')).rawPayload);
    expect(text).toContain('主要指标'); // 数据统计
    expect(text).toContain('分类别'); // 涉及领域
    expect(text).toContain('被投诉较多的单位'); // 被投诉较多的机关、单位
    expect(text).toContain('超期事项清单'); // 转送、交办 and their deadlines
    expect(text).toContain('督查督办情况'); // 督办情况
    expect(law).toContain('（三）党委和政府信访部门提出改进工作、完善政策、追究责任建议以及被采纳情况；');
    expect(text).toContain('提出追究责任建议'); // 追究责任建议
  });
});

describe('access', () => {
  it('roles: a handler may not request or read reports (403)', async () => {
    expect((await api(h, org.users.handlerA, 'POST', '/api/reports', { kind: 'monthly' })).status).toBe(403);
    expect((await api(h, org.users.handlerA, 'GET', '/api/reports')).status).toBe(403);
    expect((await api(h, null, 'GET', '/api/reports')).status).toBe(401);
  });

  it('scope: a unit outside answers 404; another city sees none of our reports', async () => {
    expect((await api(h, org.users.analyst, 'POST', '/api/reports', { kind: 'monthly', unitId: org.units.otherCity.id })).status).toBe(404);
    const ours = (await ok(org.users.analyst, 'GET', '/api/reports')).items;
    expect(ours.length).toBeGreaterThan(0);
    const other = org.users.otherDispatcher;
    expect((await ok(other, 'GET', '/api/reports')).items.some((x: any) => ours.some((o: any) => o.id === x.id))).toBe(false);
    expect((await api(h, other, 'GET', `/api/reports/${ours[0].id}`)).status).toBe(404);
    expect((await api(h, other, 'GET', `/api/reports/${ours[0].id}/file.pdf`)).status).toBe(404);
    // the head of 住建局 sees reports of its own unit only
    const own = await generate(org.users.headA, { kind: 'monthly', from: '2046-03-01', to: '2046-03-31' });
    expect(own.unit.id).toBe(org.units.deptA.id);
    expect((await api(h, org.users.headA, 'GET', `/api/reports/${ours[0].id}`)).status).toBe(404);
    expect((await ok(org.users.headA, 'GET', '/api/reports')).items.map((x: any) => x.id)).toEqual([own.id]);
  });

  it('bad input: 400 with the field', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'yearly' }, 'kind'],
      [{ kind: 'monthly', from: '2046-03-31', to: '2046-03-01' }, 'to'],
      [{ kind: 'monthly', from: '2046-03-01' }, 'to'],
      [{ kind: 'monthly', from: '2046-13-01', to: '2046-13-02' }, 'from'],
      [{ kind: 'monthly', unitId: 'abc' }, 'unitId'],
      [{ kind: 'topic' }, 'topicIndex'],
      [{ kind: 'monthly', public: 'yes' }, 'public'],
    ];
    for (const [body, field] of cases) {
      const r = await api(h, org.users.analyst, 'POST', '/api/reports', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details.issues.map((i: any) => i.field)).toContain(field);
    }
    expect((await api(h, org.users.analyst, 'GET', '/api/reports/abc')).status).toBe(404);
    expect((await api(h, org.users.analyst, 'GET', '/api/reports/1/file.exe')).status).toBe(400);
  });
});

describe('schedule and job', () => {
  it('the schedule makes the monthly and quarterly reports on 1 April, once, and can be switched off', async () => {
    const ids = await runSchedule(h.rt.deps, { day: '2046-04-01', unitIds: [org.units.city.id] });
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await waitDone(org.users.analyst, id)).report.scheduled).toBe(true);
    expect(await runSchedule(h.rt.deps, { day: '2046-04-01', unitIds: [org.units.city.id] })).toEqual([]);
    h.rt.deps.config.reports.schedule = false; // MINSHENG_REPORT_SCHEDULE=0
    expect(await runSchedule(h.rt.deps, { day: '2046-04-02', unitIds: [org.units.city.id] })).toEqual([]);
    h.rt.deps.config.reports.schedule = true;
  }, 120_000);

  it('a requested report is generated by the pg-boss job, progress reported', async () => {
    let boss: PgBoss | undefined;
    try {
      boss = await startJobs(h.rt.database, h.rt.deps, { databaseUrl: process.env.TEST_DATABASE_URL, sweepCron: '0 0 1 1 *' });
      const r = await ok(org.users.analyst, 'POST', '/api/reports', { kind: 'monthly', unitId: org.units.district.id, from: '2046-03-01', to: '2046-03-31' }, 202);
      const { report, seen } = await waitDone(org.users.analyst, r.id);
      expect(report.status).toBe('done');
      expect(report.progress).toBe(100);
      expect([...seen].every((s) => ['queued', 'running', 'done'].includes(s))).toBe(true);
      const jobs = await h.rt.database.asOwner((c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'generate-report' AND data->>'id' = $1`, [r.id]));
      expect(jobs.rows[0]!.n).toBe(1);
    } finally {
      await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
      setReportQueue(null);
    }
  }, 60_000);
});
