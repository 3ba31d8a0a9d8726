// Import of a 12345-style Chinese export (xlsx made here with exceljs, and the same as a GBK csv): mapping
// suggestion, per-row verdicts with row numbers, all-or-nothing, idempotency, routing, error files, roles.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeOrg, startHarness, type Harness, type Org } from '../helpers/harness.js';
import { encodeGbk, report, run, upload } from './import-helpers.js';

let h: Harness;
let org: Org;
let categoryName: string;
let categoryId: string;

const HEADERS = ['工单编号', '工单类型', '标题', '内容', '来电时间', '问题分类', '被反映区', '办理结果', '是否解决', '是否满意', '工单状态'];
// row numbers in the sheet: the header is row 1, so the first data row is row 2
const ROWS = () => [
  ['GD2053-0001', '投诉', '楼顶漏水无人维修', '幸福小区3号楼楼顶漏水，多次反映物业未处理。', '2053-03-02 09:15:00', categoryName, '东区', '已协调物业维修', '是', '满意', '已办结'],
  ['GD2053-0002', '建议', '建议增设公交站点', '青山街道一带居民出行不便，建议增设公交站点。', '2053年3月3日 10:20', '', '青山街道', '', '', '', '办理中'], // unit by the end of its name: 东区青山街道
  ['', '求助', '路灯不亮', '东区青山路路灯连续一周不亮。', '2053-03-04 20:00', '', '东区', '', '', '', '办理中'], // row 4: no id
  ['GD2053-0004', '投诉', '噪音扰民', '夜间施工噪音扰民，影响休息。', '去年春天', '', '', '', '', '', '办理中'], // row 5: bad date
  ['GD2053-0001', '投诉', '重复的工单', '同一工单编号再次出现在文件里。', '2053-03-05 08:00', '', '', '', '', '', '办理中'], // row 6: duplicate id
  ['GD2053-0006', '举报', '举报违规收费', '某单位在办理业务时违规收取费用。', '2053-03-06 11:00', '', '', '', '', '', '办理中'],
  ['GD2053-0007', '咨询', '社保咨询', '咨询社保转移手续如何办理。', '2099-01-01 08:00', '', '', '', '', '', '办理中'], // row 8: future
];

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工单');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const options = (over: Record<string, unknown> = {}) => ({ source: `t12345-${org.tag}`, utcOffset: '+08:00', ...over });

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2053-03-10T09:00:00+08:00');
  org = await makeOrg(h);
  categoryName = `城乡建设-${org.tag}`;
  const c = await h.rt.deps.db.insertInto('categories').values({ code: `CX-${org.tag}`, name: categoryName, kind: 'appeal' }).returning('id').executeTakeFirstOrThrow();
  categoryId = String(c.id);
});
afterAll(async () => h?.close());

describe('12345 export (xlsx)', () => {
  let id: string;
  let mapping: Record<string, unknown>;

  it('upload answers the columns, the first rows and a suggested mapping; nothing is imported yet', async () => {
    const r = await upload(h, org.users.dispatcher, '12345工单导出.xlsx', await xlsx(ROWS()));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: 'xlsx', headers: HEADERS, totalRows: 7, suggested: { options: { source: '12345' } } });
    expect(r.body.preview[0][0]).toBe('GD2053-0001');
    expect(r.body.suggested.mapping).toMatchObject({
      externalId: '工单编号', kind: '工单类型', title: ['标题'], content: ['内容'], receivedAt: '来电时间', category: '问题分类', unit: '被反映区',
      result: ['办理结果'], resolved: '是否解决', satisfied: '是否满意', status: '工单状态',
    });
    id = r.body.id;
    mapping = r.body.suggested.mapping;
  });

  it('all-or-nothing refuses the whole file when any row is invalid, naming each row and reason', async () => {
    const r = await run(h, org.users.dispatcher, id, mapping, options({ mode: 'all_or_nothing' }));
    report('12345 all-or-nothing', r);
    expect(r.status).toBe('rejected');
    expect(r.counts).toMatchObject({ total: 7, created: 0, invalid: 4 });
    const n = await h.rt.deps.db.selectFrom('case_external_refs').select('external_id').where('source', '=', `import:t12345-${org.tag}`).execute();
    expect(n).toHaveLength(0);
  });

  it('valid rows commit; invalid ones are listed in the error file with row number and reason', async () => {
    const r = await run(h, org.users.dispatcher, id, mapping, options());
    report('12345 valid rows', r);
    expect(r.status).toBe('done');
    expect(r.seen.at(-1)).toBe(100);
    expect(r.counts).toMatchObject({ total: 7, created: 3, invalid: 4, already: 0, routed: 2 });

    const csv = await api(h, org.users.dispatcher, 'GET', `/api/imports/${id}/errors.csv`);
    expect(csv.status).toBe(200);
    expect(csv.res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['4', '5', '6', '8']);
    expect(lines[1]).toContain('externalId');
    expect(lines[2]).toContain('receivedAt');
    expect(lines[3]).toContain('row 2');
    expect(lines[4]).toContain('future');

    const x = await api(h, org.users.dispatcher, 'GET', `/api/imports/${id}/errors.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.res.rawPayload as never);
    expect(wb.worksheets[0]!.getRow(2).getCell(1).value).toBe(4);
  });

  it('a landed row is a registered case routed to its 被反映区 unit, with the source record in an imported event', async () => {
    const ref = await h.rt.deps.db.selectFrom('case_external_refs').select('case_id').where('source', '=', `import:t12345-${org.tag}`).where('external_id', '=', 'GD2053-0001').executeTakeFirstOrThrow();
    const c = await api(h, org.users.dispatcher, 'GET', `/api/cases/${ref.case_id}`);
    expect(c.status).toBe(200);
    // routed in the registration's own transaction through the lifecycle's route action (第二十二条)
    expect(c.body.status).toBe('dispatched');
    expect(String(c.body.categoryId ?? c.body.category?.id)).toBe(categoryId);
    const types = c.body.events.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['register', 'imported', 'route']));
    const imported = c.body.events.find((e: any) => e.type === 'imported');
    expect(imported.data).toMatchObject({ externalId: 'GD2053-0001', row: 2, status: '已办结', closedInSource: true, result: '已协调物业维修', resolved: '是', satisfied: '满意', unit: '东区' });
    const row = await h.rt.deps.db.selectFrom('cases').select(['received_at', 'kind', 'anonymous']).where('id', '=', ref.case_id).executeTakeFirstOrThrow();
    expect(row.received_at.toISOString()).toBe('2053-03-02T01:15:00.000Z');
    const accusation = await h.rt.deps.db
      .selectFrom('case_external_refs as r').innerJoin('cases as c', 'c.id', 'r.case_id').select(['c.kind', 'c.received_at'])
      .where('r.source', '=', `import:t12345-${org.tag}`).where('r.external_id', '=', 'GD2053-0006').executeTakeFirstOrThrow();
    expect(accusation.kind).toBe('accusation'); // 工单类型 举报 → 检举控告
  });

  it('importing the same file again lands nothing twice: landed rows are reported as already imported', async () => {
    const again = await upload(h, org.users.dispatcher, '12345工单导出.xlsx', await xlsx(ROWS()));
    const r = await run(h, org.users.dispatcher, again.body.id, mapping, options());
    report('12345 again', r);
    expect(r.counts).toMatchObject({ created: 0, already: 3, invalid: 4 });
  });

  it('closedRows skip leaves the source-closed rows out, each reported', async () => {
    const up = await upload(h, org.users.dispatcher, 'closed.xlsx', await xlsx(ROWS().slice(0, 2)));
    const r = await run(h, org.users.dispatcher, up.body.id, mapping, options({ source: `t12345s-${org.tag}`, closedRows: 'skip' }));
    expect(r.counts).toMatchObject({ total: 2, created: 1, skipped: 1 });
  });
});

describe('12345 export (GBK csv)', () => {
  it('a csv in GBK, as a Chinese Excel saves it, is detected and read', async () => {
    const text = [HEADERS, ...ROWS().slice(0, 2)].map((r) => r.join(',')).join('\r\n');
    const r = await upload(h, org.users.dispatcher, 'gbk.csv', encodeGbk(text));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'gbk', headers: HEADERS, totalRows: 2 });
    expect(r.body.preview[0][2]).toBe('楼顶漏水无人维修');
    const dry = await run(h, org.users.dispatcher, r.body.id, r.body.suggested.mapping, options({ source: `gbk-${org.tag}`, dryRun: true }));
    expect(dry.counts).toMatchObject({ total: 2, valid: 2, created: 0 });
  });

  it('UTF-8 with BOM and quoted fields with commas and line breaks (RFC 4180)', async () => {
    const text = `${HEADERS.join(',')}\r\nGD-Q1,投诉,"标题, 带逗号","第一行\r\n第二行 ""引号""内容",2053-03-01 08:00,,,,,,办理中\r\n`;
    const r = await upload(h, org.users.dispatcher, 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(r.body).toMatchObject({ encoding: 'utf-8', totalRows: 1 });
    expect(r.body.preview[0].slice(0, 4)).toEqual(['GD-Q1', '投诉', '标题, 带逗号', '第一行\r\n第二行 "引号"内容']);
  });
});

describe('who may import', () => {
  it('a handler may not import; another area does not see the import; only the importer starts it', async () => {
    const bytes = await xlsx(ROWS().slice(0, 1));
    expect((await upload(h, org.users.handlerA, 'x.xlsx', bytes)).status).toBe(403);
    const up = await upload(h, org.users.dispatcher, 'x.xlsx', bytes);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/imports/${up.body.id}`)).status).toBe(404);
    expect((await api(h, org.users.intake, 'GET', `/api/imports/${up.body.id}`)).status).toBe(200);
    const s = await api(h, org.users.intake, 'POST', `/api/imports/${up.body.id}/start`, { mapping: up.body.suggested.mapping, options: options() });
    expect(s.status).toBe(403);
    const list = await api(h, org.users.dispatcher, 'GET', '/api/imports');
    expect(list.body.items.map((i: any) => i.id)).toContain(up.body.id);
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/imports')).body.items.map((i: any) => i.id)).not.toContain(up.body.id);
  });

  it('an intake operator imports into the office without routing (routing is a dispatcher action)', async () => {
    const up = await upload(h, org.users.intake, 'intake.xlsx', await xlsx(ROWS().slice(0, 1)));
    const r = await run(h, org.users.intake, up.body.id, up.body.suggested.mapping, options({ source: `intake-${org.tag}` }));
    expect(r.counts).toMatchObject({ created: 1, routed: 0 });
  });

  it('every import leaves audit records: upload, start, finish', async () => {
    const rows = await h.rt.deps.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', org.users.dispatcher.id).where('action', 'like', 'import.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions].sort()).toEqual(['import.errors_download', 'import.finish', 'import.start', 'import.upload']);
  });
});
