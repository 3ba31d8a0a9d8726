/**
 * Retention: matters finished more than N years ago lose their people's personal data and keep everything else —
 * the same metrics, counts and rollups before and after. Simulated year 2048 in our own org; every run is limited to
 * our subtree (`under`), so on the shared PostgreSQL database of CI no other file's records are touched.
 * The 信访工作条例 sets no retention term; the setting is the office's (docs/security.md "Retention").
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit, verifyAuditChain } from '../../src/audit/chain.js';
import { metricQuery } from '../../src/analytics/query.js';
import { measureRates, measureRatesNaive } from '../../src/analytics/report.js';
import { intakeCounts, backlogCounts } from '../../src/analytics/counts.js';
import { runRetention, retentionCutoff } from '../../src/retention/anonymise.js';
import { runRetentionCommand } from '../../src/retention/retention-cli.js';
import type { StaffActor } from '../../src/org/actor.js';
import { withDbActor } from '../../src/db/actor-context.js';
import type { DB } from '../../src/db/types.js';
import type { Kysely } from 'kysely';
import type { IsoDate } from '../../src/calendar/dates.js';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const ids = {} as Record<'old' | 'att' | 'shared' | 'dispute' | 'hazard' | 'open' | 'recent', string>;
let firstSeq: string;

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();
const at = (iso: string) => h.clock.set(cst(iso));
async function ok(user: TestUser, method: string, url: string, payload?: unknown, status = 200) {
  const r = await api(h, user, method, url, payload);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}
const caseDo = async (user: TestUser, id: string, action: string, input: unknown = {}) => {
  const r = await act(h, user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
};
const PERSON = { name: '张三丰', phone: '13812341234', idNumber: '110101199001010000', address: '测试市东区青山街道幸福小区3号楼601室', email: 'zsf@example.com' };
const CONTENT = `本人${PERSON.name}，住${PERSON.address}，电话${PERSON.phone}，楼顶防水层老化，雨天室内漏水严重，多次向物业反映无果，请求督促维修。`;

/** registered, handled and closed within a few days of `day` */
async function closedCase(day: string, petitioner: Record<string, string>) {
  at(`${day}T09:00:00`);
  const id = (await ok(org.users.intake, 'POST', '/api/cases', sampleCase({ content: CONTENT, petitioner }), 201)).id as string;
  await caseDo(org.users.dispatcher, id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await caseDo(org.users.handlerA, id, 'sign');
  await caseDo(org.users.handlerA, id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  await caseDo(org.users.handlerA, id, 'draft_reply', {
    decision: 'support',
    facts: '经现场核查，反映情况属实。',
    reasons: '属于本单位职责范围。',
    legalBasis: '《物业管理条例》第三十五条',
    text: `${petitioner.name}同志：经调查，您反映的问题属实，已督促整改，联系电话${petitioner.phone}。`,
  });
  await caseDo(org.users.headA, id, 'approve_reply');
  await caseDo(org.users.dispatcher, id, 'close');
  return id;
}

// bytes of this run only (after the PNG's end): files are stored once per content, and on the shared PostgreSQL
// database another test file's identical picture would keep the file alive ("used by another record")
const PNG = Buffer.concat([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'), Buffer.from(randomUUID())]);
async function attach(id: string, filename: string) {
  const boundary = '----retention' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await h.app.inject({ method: 'POST', url: `/api/cases/${id}/attachments`, headers: { cookie: org.users.intake.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items[0] as { id: string; sha256: string };
}

/** the test reads personal rows as the system (row-level security, 0015, hides them from a query with no actor) */
const asSystem = <T>(fn: (tx: Kysely<DB>) => Promise<T>) => withDbActor(h.rt.deps.db, { kind: 'system' }, fn);
const petitionersOf = (caseId: string) =>
  asSystem((tx) => tx
    .selectFrom('case_parties')
    .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
    .select(['petitioners.id', 'name', 'phone', 'id_number', 'address', 'email', 'anonymised_at'])
    .where('case_id', '=', caseId)
    .execute());

/** every number the dashboards and reports of our city read for 2048 */
async function statistics() {
  const city = await h.rt.deps.db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', org.units.city.id).executeTakeFirstOrThrow();
  const actor = { kind: 'staff', userId: org.users.analyst.id, username: 'a', displayName: 'a', unitId: city.id, unitPath: city.path, scopePath: city.path, roles: ['analyst'], via: 'token' } as StaffActor;
  const q = metricQuery({ actor, unit: { id: String(city.id), name: city.name, path: city.path }, from: '2048-01-01' as IsoDate, to: '2048-12-31' as IsoDate, now: h.clock.now, category: null, settings: h.rt.deps.config.metrics });
  const facts = await sql<{ n: string; s: string }>`SELECT count(*)::text AS n, coalesce(sum(hashtext(f::text)), 0)::text AS s
    FROM metric_facts f WHERE f.unit_id IN (SELECT id FROM units WHERE path LIKE ${`${org.units.province.path}%`})`.execute(h.rt.deps.db);
  return {
    rollups: await measureRates(h.rt.deps, q),
    reference: await measureRatesNaive(h.rt.deps, q),
    intake: await intakeCounts(h.rt.deps.db, q),
    backlog: await backlogCounts(h.rt.deps.db, q),
    api: (await api(h, org.users.analyst, 'GET', `/api/metrics?unitId=${org.units.city.id}&from=2048-01-01&to=2048-12-31`)).body,
    facts: facts.rows[0],
  };
}

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  await sealAudit(h.rt.deps.db);
  firstSeq = String((await h.rt.deps.db.selectFrom('audit_chain').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? '1');
  ids.old = await closedCase('2048-01-06', PERSON);
  ids.att = (await attach(ids.old, `${PERSON.name}身份证.png`)).id;
  ids.shared = await closedCase('2048-02-03', { name: '李四光', phone: '13911112222', address: '测试市东区青山街道幸福小区5号楼' });
  // a dispute concluded in 2048, its parties' names in the agreement
  at('2048-03-02T09:00:00');
  ids.dispute = (await ok(org.users.mediator, 'POST', '/api/disputes', {
    type: 'neighbours', title: '楼上装修噪音引发邻里纠纷', description: '王五福家装修期间长期噪音扰民，赵六顺多次与其争吵。', place: '东区青山街道幸福小区3号楼', source: 'grid',
    parties: [{ role: 'applicant', name: '赵六顺', phone: '13900001111' }, { role: 'respondent', name: '王五福', phone: '13900002222' }],
  }, 201)).id;
  const d = (action: string, input: unknown, user = org.users.streetMediator) => ok(user, 'POST', `/api/disputes/${ids.dispute}/actions/${action}`, input);
  await d('assign', { committeeUnitId: org.units.street.id, mediatorUserId: org.users.streetMediator.id }, org.users.mediator);
  await d('accept', { initiation: 'applied', consent: true });
  await d('conclude_no_agreement', { reason: '赵六顺与王五福对赔偿金额分歧过大。', remediesExplained: true });
  // a citizen's hazard report, dismissed in 2048
  ids.hazard = (await ok(org.users.dispatcher, 'POST', '/api/hazards', {
    source: 'citizen', type: 'fire', grade: 'general', title: '楼道堆放杂物', description: '群众举报楼道堆放杂物堵塞消防通道。', place: '东区青山街道幸福小区2号楼',
    reporter: { name: '孙七妹', phone: '13700003333' },
  }, 201)).id;
  await ok(org.users.dispatcher, 'POST', `/api/hazards/${ids.hazard}/actions/dismiss`, { reason: '经核查已自行清理。' });
  // 2051: a case still open that shares the petitioner of the 2048 case (a record linked to a person already known),
  // and a case closed in 2051, within retention
  at('2051-05-10T09:00:00');
  ids.open = (await ok(org.users.intake, 'POST', '/api/cases', sampleCase({ petitioner: { name: '李四光' } }), 201)).id;
  const [sharedPerson] = await petitionersOf(ids.shared);
  await asSystem(async (tx) => {
    await tx.deleteFrom('case_parties').where('case_id', '=', ids.open).execute();
    await tx.insertInto('case_parties').values({ case_id: ids.open, petitioner_id: sharedPerson!.id, role: 'petitioner' }).execute();
  });
  ids.recent = await closedCase('2051-05-12', { name: '周八斗', phone: '13600004444' });
  at('2051-06-01T09:00:00');
}, 240_000);
afterAll(async () => h?.close());

const RUN = () => ({ years: 3, under: org.units.province.path });

describe('retention of closed matters (3 years, run on 2051-06-01)', () => {
  it('the cutoff is by the calendar', () => {
    expect(retentionCutoff(new Date('2051-06-01T01:00:00Z'), 3).toISOString()).toBe('2048-06-01T01:00:00.000Z');
    expect(retentionCutoff(new Date('2052-02-29T00:00:00Z'), 1).toISOString()).toBe('2051-02-28T00:00:00.000Z');
  });

  it('a dry run counts what it would do and changes nothing', async () => {
    const before = await petitionersOf(ids.old);
    const r = await runRetention(h.rt.deps, { ...RUN(), dryRun: true });
    expect(r).toMatchObject({ dryRun: true, matters: { case: 2, dispute: 1, hazard: 1 }, petitionersAnonymised: 4, petitionersKept: 1, attachments: 1, filesDeleted: 1 });
    expect(await petitionersOf(ids.old)).toEqual(before);
    expect((await h.rt.deps.db.selectFrom('cases').select('anonymised_at').where('id', '=', ids.old).executeTakeFirstOrThrow()).anonymised_at).toBeNull();
  });

  it('removes the personal data, keeps the matter and every statistic, one audit row per matter', async () => {
    const before = await statistics();
    const store = h.rt.deps.config.attachmentsDir;
    const att = await asSystem((tx) => tx.selectFrom('attachments').select(['sha256']).where('id', '=', ids.att).executeTakeFirstOrThrow());
    const file = path.join(store, att.sha256.slice(0, 2), att.sha256);
    expect(fs.existsSync(file)).toBe(true);

    const r = await runRetention(h.rt.deps, RUN());
    expect(r).toMatchObject({ dryRun: false, matters: { case: 2, dispute: 1, hazard: 1 }, petitionersAnonymised: 4, petitionersKept: 1, attachments: 1, filesDeleted: 1 });

    // the old case: its petitioner's data gone, from the table and from every text of the matter
    const [p] = await petitionersOf(ids.old);
    expect(p).toMatchObject({ name: null, phone: null, id_number: null, address: null, email: null });
    expect(p!.anonymised_at).not.toBeNull();
    const c = await h.rt.deps.db.selectFrom('cases').selectAll().where('id', '=', ids.old).executeTakeFirstOrThrow();
    expect(c.status).toBe('closed');
    expect(c.content).toContain('楼顶防水层老化，雨天室内漏水严重');
    const everything = JSON.stringify([
      c,
      await h.rt.deps.db.selectFrom('case_events').select('data').where('case_id', '=', ids.old).execute(),
      await h.rt.deps.db.selectFrom('case_requests').select('data').where('case_id', '=', ids.old).execute(),
      await asSystem((tx) => tx.selectFrom('attachments').selectAll().where('case_id', '=', ids.old).execute()),
    ]);
    for (const v of [PERSON.name, PERSON.phone, PERSON.idNumber, PERSON.address, '幸福小区3号楼601室']) expect(everything).not.toContain(v);
    expect(everything).toContain('【已匿名】');
    // searching by the name no longer finds the case
    const found = await api(h, org.users.dispatcher, 'GET', `/api/cases?q=${encodeURIComponent(PERSON.name)}`);
    expect(JSON.stringify(found.body)).not.toContain(ids.old);
    // the attachment: named 已匿名.png, the file deleted, a download answers 404
    const a = await asSystem((tx) => tx.selectFrom('attachments').selectAll().where('id', '=', ids.att).executeTakeFirstOrThrow());
    expect(a).toMatchObject({ filename: '已匿名.png', sha256: '' });
    expect(fs.existsSync(file)).toBe(false);
    expect((await api(h, org.users.dispatcher, 'GET', `/api/cases/${ids.old}/attachments/${ids.att}`)).status).toBe(404);

    // the shared petitioner keeps what the open case needs; the recent case is untouched
    const [shared] = await petitionersOf(ids.open);
    expect(shared).toMatchObject({ name: '李四光', phone: '13911112222', anonymised_at: null });
    expect((await petitionersOf(ids.recent))[0]).toMatchObject({ name: '周八斗', anonymised_at: null });
    // dispute parties and the hazard reporter: gone, from the texts too
    const dispute = JSON.stringify(await asSystem((tx) => sql`SELECT d.*, (SELECT json_agg(p) FROM dispute_parties x JOIN petitioners p ON p.id = x.petitioner_id WHERE x.dispute_id = d.id) AS people,
      (SELECT json_agg(e.data) FROM register_events e WHERE e.entity = 'dispute' AND e.entity_id = d.id) AS events FROM disputes d WHERE d.id = ${ids.dispute}`.execute(tx)));
    for (const v of ['赵六顺', '王五福', '13900001111']) expect(dispute).not.toContain(v);
    expect(dispute).toContain('装修期间长期噪音扰民');
    const reporter = await asSystem((tx) => sql<{ name: string | null }>`SELECT p.name FROM hazard_reporters x JOIN petitioners p ON p.id = x.petitioner_id WHERE x.hazard_id = ${ids.hazard}`.execute(tx));
    expect(reporter.rows).toEqual([{ name: null }]);

    // the same numbers before and after: rollups, reference queries, counts, the API, the stored facts
    expect(await statistics()).toEqual(before);

    // one audit row per matter, counts only
    const audit = await h.rt.deps.db.selectFrom('audit_log').selectAll().where('entity_id', 'in', [ids.old, ids.shared, ids.dispute, ids.hazard]).where('action', 'like', '%.anonymise').execute();
    expect(audit.map((x) => x.action).sort()).toEqual(['case.anonymise', 'case.anonymise', 'dispute.anonymise', 'hazard.anonymise']);
    const text = JSON.stringify(audit);
    for (const v of [PERSON.name, PERSON.phone, '李四光', '赵六顺', '孙七妹']) expect(text).not.toContain(v);
    expect(audit.find((x) => x.entity_id === ids.shared)!.data).toMatchObject({ petitionersAnonymised: 0, petitionersKept: 1, years: 3 });
  });

  it('runs again without doing anything twice; the shared petitioner goes once the newer case is past retention too', async () => {
    expect((await runRetention(h.rt.deps, RUN())).matters).toEqual({ case: 0, dispute: 0, hazard: 0 });
    // the open case is handled and closed in 2051; in 2055 it is past retention, and so is the petitioner
    at('2051-06-02T09:00:00');
    await caseDo(org.users.dispatcher, ids.open, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await caseDo(org.users.handlerA, ids.open, 'sign');
    await caseDo(org.users.handlerA, ids.open, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
    await caseDo(org.users.handlerA, ids.open, 'draft_reply', { decision: 'support', facts: '属实。', reasons: '职责范围。', legalBasis: '《物业管理条例》', text: '已督促整改。' });
    await caseDo(org.users.headA, ids.open, 'approve_reply');
    await caseDo(org.users.dispatcher, ids.open, 'close');
    at('2055-01-10T09:00:00');
    const r = await runRetention(h.rt.deps, RUN());
    expect(r.matters.case).toBe(2); // the once-open case and the one closed in 2051
    expect((await petitionersOf(ids.shared))[0]).toMatchObject({ name: null, phone: null });
    expect((await petitionersOf(ids.recent))[0]).toMatchObject({ name: null });
  }, 60_000);

  it('every anonymisation is in the sealed audit chain', async () => {
    await sealAudit(h.rt.deps.db);
    const v = await verifyAuditChain(h.rt.deps.db, { fromSeq: firstSeq });
    expect(v.problems).toEqual([]);
  });

  it('minsheng retention run: off unless configured, --dry-run', async () => {
    const lines: string[] = [];
    const log = (s: string) => lines.push(s);
    expect(await runRetentionCommand({ ...h.rt.deps, config: { ...h.rt.deps.config, retentionYears: null } }, ['run'], log)).toBe(2);
    expect(lines.pop()).toMatch(/^retention is off: set MINSHENG_RETENTION_YEARS/);
    expect(await runRetentionCommand(h.rt.deps, ['run', '--years', 'x'], log)).toBe(2);
    // 100 years before 2055: nothing anywhere on the shared database is that old
    expect(await runRetentionCommand(h.rt.deps, ['run', '--dry-run', '--years', '100'], log)).toBe(0);
    expect(lines.pop()).toMatch(/^retention \(dry run, nothing changed\): would anonymise 0 cases, 0 disputes, 0 hazards finished before 1955-01-10 \(100 years\)/);
  });
});
