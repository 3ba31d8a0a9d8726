/**
 * Export of a filtered case list (issue 10, docs/import-export.md "Export"): csv (UTF-8 with BOM) and xlsx, the
 * filters and scope of GET /api/cases, keyset pages across ties of received_at, personal data only as the role may
 * see it and never an accuser to the accused unit (信访工作条例 第三十条). Simulated year 2054.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { MATTER_HEADERS, PERSONAL_HEADERS } from '../../src/interop/export-cases.js';
import { suggestMapping } from '../../src/interop/import-mapping.js';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const ids: Record<string, string> = {};

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') row.push(f), (f = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(f), rows.push(row), (row = []), (f = ''), i++;
    else f += ch;
  }
  if (f || row.length) row.push(f), rows.push(row);
  return rows;
}

const csv = async (user: TestUser, query = '') => {
  const r = await h.app.inject({ method: 'GET', url: `/api/exports/cases.csv${query}`, headers: { cookie: user.cookie } });
  return { status: r.statusCode, headers: r.headers, raw: r.rawPayload, text: r.body, rows: r.statusCode === 200 ? parseCsv(r.rawPayload.subarray(3).toString('utf8')) : [] };
};

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2054-04-01T09:00:00+08:00');
  org = await makeOrg(h);
  const reg = async (key: string, over: Record<string, unknown>) => {
    const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
    expect(r.status).toBe(201);
    ids[key] = r.body.id;
  };
  await reg('plain', { title: '路灯损坏，夜间"漆黑"一片', content: '青山街道幸福路路灯损坏，\n夜间出行不便。' });
  await reg('formula', { title: '=HYPERLINK("http://x")', content: '标题像公式的来件，打开导出文件时不能执行。' });
  await reg('routed', { title: '小区噪音扰民', content: '夜间施工噪音扰民。', petitioner: { name: '李四海', phone: '13900001111' } });
  await act(h, org.users.dispatcher, ids.routed!, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id });
  await reg('accusation', { kind: 'accusation', title: '举报生态环境局工作人员', content: '生态环境局工作人员收受好处，请求调查。', accusedUnitId: org.units.deptB.id, petitioner: { name: '王检举', phone: '13700002222' } });
  await act(h, org.users.dispatcher, ids.accusation!, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
}, 120_000);
afterAll(async () => h?.close());

describe('case export', () => {
  it('csv: UTF-8 with BOM, the import’s header names, every case of the list, fields quoted', async () => {
    const r = await csv(org.users.dispatcher);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(r.headers['content-disposition'])).toMatch(/attachment; filename="cases-2054-04-01.csv"; filename\*=UTF-8''/);
    expect([...r.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.rows[0]).toEqual([...MATTER_HEADERS]);
    const list = await api(h, org.users.dispatcher, 'GET', '/api/cases?pageSize=200');
    expect(r.rows.slice(1).map((x) => x[0]).sort()).toEqual(list.body.items.map((c: any) => c.regNo).sort());
    const plain = r.rows.find((x) => x[1]?.startsWith('路灯损坏'))!;
    expect(plain[1]).toBe('路灯损坏，夜间"漆黑"一片');
    expect(plain[2]).toBe('青山街道幸福路路灯损坏，\n夜间出行不便。');
    expect(plain[3]).toBe('投诉求决');
    expect(plain[6]).toBe('2054-04-01 09:00:00'); // Beijing time
    expect(plain[8]).toBe('已登记');
    // a cell that looks like a formula is kept as text
    expect(r.rows.find((x) => x[1]?.includes('HYPERLINK'))![1]).toBe(`'=HYPERLINK("http://x")`);
    // no personal column unless asked for
    expect(r.text).not.toContain('张三丰');
    expect(r.text).not.toContain('138');
  });

  it('the same filters as GET /api/cases', async () => {
    for (const q of ['status=dispatched', `leadUnitId=${org.units.deptB.id}`, 'kind=accusation', 'q=噪音', 'status=registered,dispatched&channel=phone']) {
      const list = await api(h, org.users.dispatcher, 'GET', `/api/cases?pageSize=200&${q}`);
      const r = await csv(org.users.dispatcher, `?${q}`);
      expect(r.rows.slice(1).map((x) => x[0]).sort(), q).toEqual(list.body.items.map((c: any) => c.regNo).sort());
    }
    const bad = await csv(org.users.dispatcher, '?status=nonsense');
    expect(bad.status).toBe(400);
  });

  it('personal data: masked for any staff, in full only for a role that may see it, and audited', async () => {
    expect((await csv(org.users.analyst, '?personal=full')).status).toBe(403);
    const masked = await csv(org.users.analyst, '?personal=masked');
    expect(masked.rows[0]).toEqual([...MATTER_HEADERS, ...PERSONAL_HEADERS]);
    expect(masked.text).toContain('张**');
    expect(masked.text).toContain('138****1234');
    expect(masked.text).not.toContain('张三丰');
    const full = await csv(org.users.dispatcher, '?personal=full');
    const routed = full.rows.find((x) => x[1] === '小区噪音扰民')!;
    expect(routed.slice(MATTER_HEADERS.length, MATTER_HEADERS.length + 2)).toEqual(['李四海', '13900001111']);
    const audit = await h.rt.deps.db.selectFrom('audit_log').select(['action', 'data']).where('actor_user_id', '=', org.users.dispatcher.id).where('action', '=', 'case.export').execute();
    expect(audit.some((a) => (a.data as any).personal === 'full' && (a.data as any).format === 'csv')).toBe(true);
  });

  it('the accused unit never sees the accusation nor its accuser (信访工作条例 第三十条)', async () => {
    for (const user of [org.users.handlerB, org.users.headB]) {
      const r = await csv(user, '?personal=full');
      expect(r.status).toBe(200);
      expect(r.rows.map((x) => x[1])).toContain('小区噪音扰民'); // its own matter is there
      expect(r.text).not.toContain('举报生态环境局');
      expect(r.text).not.toContain('王检举');
      expect(r.text).not.toContain('13700002222');
    }
    // the discipline organ handling it does see it
    const d = await csv(org.users.disciplineHandler, '?personal=full');
    expect(d.text).toContain('王检举');
  });

  it('xlsx through exceljs’s streaming writer reads back with the same rows', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/exports/cases.xlsx?personal=masked', headers: { cookie: org.users.dispatcher.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0]).toEqual([...MATTER_HEADERS, ...PERSONAL_HEADERS]);
    const c = await csv(org.users.dispatcher, '?personal=masked');
    expect(rows.length).toBe(c.rows.length);
    expect(rows.find((x) => x[1] === '小区噪音扰民')![MATTER_HEADERS.length]).toBe('李**');
  });

  it('the import maps every matter column of an export by itself (round trip)', () => {
    const m = suggestMapping([...MATTER_HEADERS, ...PERSONAL_HEADERS]);
    expect(m).toMatchObject({
      externalId: '工单编号', title: ['标题'], content: ['内容'], kind: '工单类型', category: '问题分类', unit: '承办单位',
      receivedAt: '受理时间', closedAt: '办结时间', status: '状态', result: ['办理结果'], satisfied: '是否满意', location: ['地址'], channel: '来源',
    });
  });

  it('keyset pages: 4,500 cases sharing three received_at instants come out once each, in order', async () => {
    const n = 4500;
    // bulk rows in a street of this org (the export reads pages of 2,000): as the owner, like a data load
    await h.rt.database.asOwner((c) =>
      c.query(
        `WITH ins AS (
           INSERT INTO cases (reg_no, tracking_code, tracking_secret_hash, channel, kind, title, content, status, intake_unit_id, received_at)
           SELECT 'EXP' || $1 || lpad(g::text, 5, '0'), 'T' || $1 || g, 'x', 'web', 'appeal', '批量' || g, '批量导出测试', 'registered', $2::bigint,
                  timestamptz '2054-03-01 09:00+08' + (g % 3) * interval '1 hour'
             FROM generate_series(1, $3::int) g RETURNING id)
         INSERT INTO case_units (case_id, unit_id, role) SELECT id, $2::bigint, 'intake' FROM ins`,
        [org.tag, org.units.street.id, n],
      ),
    );
    const r = await csv(org.users.streetHandler);
    const regs = r.rows.slice(1).map((x) => x[0]!);
    expect(regs).toHaveLength(n);
    expect(new Set(regs).size).toBe(n);
    const times = r.rows.slice(1).map((x) => x[6]!);
    expect([...times].sort().reverse()).toEqual(times); // newest first
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE reg_no LIKE ${'EXP' + org.tag + '%'}`.execute(h.rt.deps.db);
    expect(Number(count.rows[0]!.n)).toBe(n);
    const limited = await csv(org.users.streetHandler, '?limit=2500');
    expect(limited.rows.slice(1).map((x) => x[0])).toEqual(regs.slice(0, 2500));
  }, 120_000);
});
