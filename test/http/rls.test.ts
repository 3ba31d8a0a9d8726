/**
 * Identity shielding in the database itself (migration 0015_rls.sql, docs/security.md).
 *
 * 信访工作条例 第三十条: "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。"
 * 第四十六条（五）: sanctions whoever "将信访人的检举、揭发材料或者有关情况透露、转给被检举、揭发的人员或者单位".
 *
 * The code already refuses (cases/scope.ts, cases/petitioner-access.ts); these tests show that PostgreSQL refuses
 * too, on PGlite and on a server: ordinary work runs as minsheng_app under row-level security, the accused unit's
 * context reads none of the accuser's rows even with raw SQL that forgets every check, no context reads nothing
 * personal at all, and the app's role cannot change or remove audit records. Simulated year 2049, own org.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDbActor, type DbActor } from '../../src/db/actor-context.js';
import type { DB } from '../../src/db/types.js';
import { createUnit, type UnitRow } from '../../src/org/units.js';
import { act, addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
let db: Kysely<DB>;
let subUnit: UnitRow; // a section inside the accused unit: within its subtree
let subUser: TestUser;
const tag = Math.random().toString(36).slice(2, 8);
// the accuser: strings that must never reach the accused in any form
const accuser = { name: `举报人${tag}`, phone: `139${String(Date.now()).slice(-8)}`, idNumber: `99000019800101${tag.length}000`, address: `测试市西区${tag}路1号` };
let acc: { id: string; regNo: string; trackingCode: string; trackingSecret: string };
let appeal: { id: string };
let attachmentId: string;

const upload = (caseId: string, user: TestUser, file: Buffer, type: string, name: string) => {
  const boundary = '----rls' + tag;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return h.app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments`, headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
};

const staff = (u: TestUser, unit: UnitRow): DbActor => ({ kind: 'staff', userId: u.id, unitPath: unit.path });
/** raw SQL that forgets every check of the code: only the database's policies stand between it and the rows */
const personalRows = (ctx: DbActor | null, caseId: string) => {
  const q = async (k: Kysely<DB>) => {
    const parties = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_parties WHERE case_id = ${caseId}`.execute(k);
    const joined = await sql<{ name: string }>`SELECT p.name FROM case_parties cp JOIN petitioners p ON p.id = cp.petitioner_id WHERE cp.case_id = ${caseId}`.execute(k);
    const byPhone = await sql<{ n: number }>`SELECT count(*)::int AS n FROM petitioners WHERE phone = ${accuser.phone} OR name = ${accuser.name}`.execute(k);
    const files = await sql<{ n: number }>`SELECT count(*)::int AS n FROM attachments WHERE case_id = ${caseId}`.execute(k);
    return { parties: parties.rows[0]!.n, names: joined.rows.map((r) => r.name), byPhone: byPhone.rows[0]!.n, files: files.rows[0]!.n };
  };
  return ctx ? withDbActor(db, ctx, q) : q(db);
};

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2049-03-02T02:00:00Z');
  org = await makeOrg(h);
  db = h.rt.deps.db;
  subUnit = await createUnit(db, { code: `ZJJ-KS-${org.tag}`, name: '测试市住建局物业科', type: 'department', parentId: org.units.deptA.id });
  subUser = await addUser(h, org, 'subHandler', subUnit, ['handler', 'unit_head']);
  // an accusation about 住建局 (deptA) and, by name, one member of staff of 生态环境局 (handlerB)
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({
    kind: 'accusation',
    title: `举报住建局工作人员违规审批${tag}`,
    content: '住建局物业科工作人员违规审批小区改造项目，收受好处，请求调查处理。',
    petitioner: accuser,
    accusedUnitId: org.units.deptA.id,
    accusedUserIds: [org.users.handlerB.id],
  }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  acc = r.body;
  const up = await upload(acc.id, org.users.intake, Buffer.from(`举报材料：${accuser.name} 手写信扫描件`), 'text/plain', '举报信.txt');
  expect(up.statusCode, up.body).toBe(200);
  attachmentId = up.json().items[0].id;
  // to the discipline organ, with 生态环境局 assisting: the accused member of staff's unit takes part in the case
  const routed = await act(h, org.users.dispatcher, acc.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline', assistUnitIds: [org.units.deptB.id] });
  expect(routed.status, JSON.stringify(routed.body)).toBe(200);
  const a = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ petitioner: { name: `普通信访人${tag}`, phone: '13800002049' } }));
  expect(a.status).toBe(201);
  appeal = a.body;
});
afterAll(async () => h?.close());

describe('the application runs as minsheng_app, subject to row-level security', () => {
  it('is neither superuser nor BYPASSRLS, and the three personal tables have RLS on', async () => {
    const who = await sql<{ who: string; sup: boolean; bypass: boolean }>`SELECT current_user AS who, rolsuper AS sup, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`.execute(db);
    expect(who.rows[0]).toEqual({ who: 'minsheng_app', sup: false, bypass: false });
    const rls = await sql<{ relname: string; on: boolean }>`SELECT relname, relrowsecurity AS on FROM pg_class WHERE relname IN ('petitioners', 'case_parties', 'attachments') AND relnamespace = 'public'::regnamespace ORDER BY relname`.execute(db);
    expect(rls.rows).toEqual([{ relname: 'attachments', on: true }, { relname: 'case_parties', on: true }, { relname: 'petitioners', on: true }]);
  });
});

describe('(a) raw SQL in the accused unit’s context finds nothing of the accuser (第三十条)', () => {
  it('the accused unit, a section inside it and the accused member of staff: 0 rows; the petition office and the discipline organ: the rows', async () => {
    for (const [label, ctx] of [
      ['accused unit 住建局', staff(org.users.handlerA, org.units.deptA)],
      ['its head', staff(org.users.headA, org.units.deptA)],
      ['a section inside it', staff(subUser, subUnit)],
      ['the accused member of staff (another unit)', staff(org.users.handlerB, org.units.deptB)],
    ] as const) {
      expect(await personalRows(ctx, acc.id), label).toEqual({ parties: 0, names: [], byPhone: 0, files: 0 });
    }
    for (const [label, ctx] of [
      ['petition office', staff(org.users.intake, org.units.office)],
      ['discipline organ', staff(org.users.disciplineHandler, org.units.discipline)],
      ['a colleague of the accused, not accused', staff(org.users.headB, org.units.deptB)],
      ['a system job', { kind: 'system' } as DbActor],
    ] as const) {
      expect(await personalRows(ctx, acc.id), label).toEqual({ parties: 1, names: [accuser.name], byPhone: 1, files: 1 });
    }
  });

  it('the accused can neither change nor remove the accuser’s rows; other cases stay readable to them', async () => {
    const upd = await withDbActor(db, staff(org.users.handlerA, org.units.deptA), (tx) => sql`UPDATE petitioners SET name = 'x' WHERE phone = ${accuser.phone}`.execute(tx));
    expect(Number(upd.numAffectedRows)).toBe(0);
    const del = await withDbActor(db, staff(org.users.handlerA, org.units.deptA), (tx) => sql`DELETE FROM attachments WHERE case_id = ${acc.id}`.execute(tx));
    expect(Number(del.numAffectedRows)).toBe(0);
    expect((await personalRows({ kind: 'system' }, acc.id)).names).toEqual([accuser.name]);
    expect((await personalRows(staff(org.users.handlerA, org.units.deptA), appeal.id)).parties).toBe(1);
  });

  it('a citizen’s context reads their own case only', async () => {
    expect((await personalRows({ kind: 'citizen', caseId: acc.id }, acc.id)).names).toEqual([accuser.name]);
    expect(await personalRows({ kind: 'citizen', caseId: appeal.id }, acc.id)).toEqual({ parties: 0, names: [], byPhone: 0, files: 0 });
  });
});

describe('(b) fail closed: a transaction that names no actor reads nothing personal', () => {
  it('no context: 0 rows of petitioners, case_parties and attachments, for the accusation and for an ordinary case', async () => {
    expect(await personalRows(null, acc.id)).toEqual({ parties: 0, names: [], byPhone: 0, files: 0 });
    expect((await personalRows(null, appeal.id)).parties).toBe(0);
    const any = await sql<{ n: number }>`SELECT (SELECT count(*) FROM petitioners)::int + (SELECT count(*) FROM case_parties)::int + (SELECT count(*) FROM attachments)::int AS n`.execute(db);
    expect(any.rows[0]!.n).toBe(0);
  });

  it('the context ends with its transaction, and no context cannot write personal rows', async () => {
    await withDbActor(db, { kind: 'system' }, async () => undefined);
    expect(await personalRows(null, acc.id)).toEqual({ parties: 0, names: [], byPhone: 0, files: 0 });
    await expect(sql`INSERT INTO petitioners (name) VALUES ('无上下文')`.execute(db)).rejects.toThrow(/row-level security/);
    await expect(withDbActor(db, { kind: 'citizen', caseId: appeal.id }, (tx) => sql`INSERT INTO case_parties (case_id, petitioner_id, role) SELECT ${acc.id}::uuid, gen_random_uuid(), 'petitioner'`.execute(tx))).rejects.toThrow(/row-level security/);
  });
});

describe('(c) the app’s role cannot change or remove audit records', () => {
  it('UPDATE, DELETE and TRUNCATE on audit_log are refused for lack of privilege; INSERT and SELECT work', async () => {
    const mine = await sql<{ id: string }>`SELECT id::text FROM audit_log WHERE entity_id = ${acc.id} ORDER BY id LIMIT 1`.execute(db);
    expect(mine.rows.length).toBe(1);
    const id = mine.rows[0]!.id;
    await expect(sql`UPDATE audit_log SET action = 'forged' WHERE id = ${id}`.execute(db)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${id}`.execute(db)).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/permission denied/);
    const priv = await sql<{ u: boolean; d: boolean; i: boolean; s: boolean }>`SELECT has_table_privilege('minsheng_app', 'audit_log', 'UPDATE') AS u, has_table_privilege('minsheng_app', 'audit_log', 'DELETE') AS d,
      has_table_privilege('minsheng_app', 'audit_log', 'INSERT') AS i, has_table_privilege('minsheng_app', 'audit_log', 'SELECT') AS s`.execute(db);
    expect(priv.rows[0]).toEqual({ u: false, d: false, i: true, s: true });
    const still = await sql<{ action: string }>`SELECT action FROM audit_log WHERE id = ${id}`.execute(db);
    expect(still.rows[0]!.action).toBe('case.register');
  });
});

describe('(d) through the HTTP API the accused get nothing of the accuser', () => {
  it('case page, parties, events, attachments, duplicates, list, search, counters, intake suggestions, dashboards: 404 or no trace', async () => {
    const accused = [org.users.handlerA, org.users.headA, subUser, org.users.handlerB];
    const word = encodeURIComponent(`违规审批${tag}`);
    const bodies: string[] = [];
    for (const u of accused) {
      for (const url of [`/api/cases/${acc.id}`, `/api/cases/${acc.id}/parties`, `/api/cases/${acc.id}/parties?reveal=true`, `/api/cases/${acc.id}/events`, `/api/cases/${acc.id}/attachments/${attachmentId}`, `/api/cases/${acc.id}/duplicates`]) {
        const r = await api(h, u, 'GET', url);
        expect(r.status, `${u.username} ${url}`).toBe(404);
        bodies.push(r.res.body);
      }
      for (const url of ['/api/cases?pageSize=200', `/api/cases?q=${word}`, '/api/cases?kind=accusation&pageSize=200', `/api/cases/stats?q=${word}`, '/api/dashboard/overview', '/api/dashboard/breakdown', '/api/dashboard/rankings']) {
        const r = await api(h, u, 'GET', url);
        bodies.push(r.res.body);
        if (url.startsWith('/api/cases?')) expect(r.body.items.map((i: any) => i.id), `${u.username} ${url}`).not.toContain(acc.id);
      }
      // the intake helper matches on the petitioner's phone: it must not confirm the accusation exists
      const s = await api(h, u, 'POST', '/api/intake/suggest', { title: `举报住建局工作人员违规审批${tag}`, content: '住建局物业科工作人员违规审批小区改造项目，收受好处，请求调查处理。', phone: accuser.phone });
      bodies.push(s.res.body);
      expect(s.res.body, u.username).not.toContain(acc.id);
      // a registration pointing at the hidden case answers as for an unknown one
      const rep = await api(h, u, 'POST', '/api/cases', sampleCase({ repeatOfCaseId: acc.id }));
      bodies.push(rep.res.body);
    }
    const leaks = bodies.filter((b) => [accuser.name, accuser.phone, accuser.idNumber, accuser.address, acc.regNo, acc.trackingCode].some((v) => b.includes(v)));
    expect(leaks).toEqual([]);
  });

  it('everyone else still works: the discipline organ reads the parties masked and, audited, in full; the file downloads', async () => {
    const v = await api(h, org.users.disciplineHandler, 'GET', `/api/cases/${acc.id}`);
    expect(v.status).toBe(200);
    expect(v.body.parties).toEqual([expect.objectContaining({ role: 'petitioner', name: `举***`, phone: `${accuser.phone.slice(0, 3)}****${accuser.phone.slice(-4)}`, masked: true })]);
    expect(v.body.attachments.map((a: any) => a.id)).toEqual([attachmentId]);
    const full = await api(h, org.users.disciplineHandler, 'GET', `/api/cases/${acc.id}/parties?reveal=true`);
    expect(full.body.items[0]).toMatchObject({ name: accuser.name, phone: accuser.phone, idNumber: accuser.idNumber, masked: false });
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'petitioner.read' AND entity_id = ${acc.id} AND actor_user_id = ${org.users.disciplineHandler.id}`.execute(db);
    expect(audit.rows[0]!.n).toBe(1);
    const file = await api(h, org.users.disciplineHandler, 'GET', `/api/cases/${acc.id}/attachments/${attachmentId}`);
    expect(file.status).toBe(200);
    expect(file.res.body).toContain('举报材料');
    // the accused member of staff's colleague in the assisting unit works on the case, and sees the accuser masked
    const colleague = await api(h, org.users.headB, 'GET', `/api/cases/${acc.id}`);
    expect(colleague.status).toBe(200);
    expect(colleague.body.parties[0].masked).toBe(true);
  });

  it('lists and search carry no personal data at all, masked or not', async () => {
    const list = await api(h, org.users.intake, 'GET', `/api/cases?pageSize=200&q=${encodeURIComponent(tag)}`);
    expect(list.status).toBe(200);
    const text = list.res.body;
    for (const v of [accuser.name, accuser.phone, accuser.idNumber, `普通信访人${tag}`, '13800002049', '138****2049']) expect(text).not.toContain(v);
  });
});
