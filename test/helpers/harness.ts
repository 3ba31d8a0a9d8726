import { sweepClocks } from '../../src/clocks/sweep.js';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/core/config.js';
import { openRuntime, type Runtime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/http/app.js';
import { hashPassword } from '../../src/org/auth.js';
import { createUnit, type UnitRow } from '../../src/org/units.js';
import type { Role } from '../../src/org/roles.js';

export const PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | undefined;

export interface Harness {
  rt: Runtime;
  app: FastifyInstance;
  /** the simulated current time used by every use case */
  clock: { now: Date; set(iso: string | Date): void; advanceDays(n: number): void };
  backend: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** A real server on a real database: PGlite in memory by default, PostgreSQL when TEST_DATABASE_URL is set. */
export async function startHarness(over: Partial<import('../../src/core/config.js').Config> = {}): Promise<Harness> {
  const clock = {
    now: new Date(),
    set(v: string | Date) {
      this.now = new Date(v);
    },
    advanceDays(n: number) {
      this.now = new Date(this.now.getTime() + n * 86_400_000);
    },
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-test-'));
  // dashboards are not kept (tests change figures and read them again at once); test/http/answer-cache.test.ts turns it on
  const config = { ...loadConfig({}), databaseUrl: process.env.TEST_DATABASE_URL || undefined, dataDir, attachmentsDir: path.join(dataDir, 'attachments'), attachmentMaxBytes: 200_000, dashboardCacheSeconds: 0, ...over };
  const rt = await openRuntime(config, { now: () => clock.now, pgliteDir: 'memory://' });
  const app = await buildApp({ deps: rt.deps, backend: rt.database.backend, logger: process.env.TEST_LOG ? { level: 'error' } : false });
  await app.ready();
  return {
    rt,
    app,
    clock,
    backend: rt.database.backend,
    close: async () => {
      await app.close();
      await rt.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface OrgUnits {
  city: UnitRow;
  office: UnitRow; // 信访局 (petition office of the city)
  district: UnitRow;
  districtOffice: UnitRow;
  street: UnitRow;
  province: UnitRow; // the org's own root: sweeps and counts of a test stay inside it
  deptA: UnitRow; // 住建局
  deptB: UnitRow; // 环保局
  court: UnitRow;
  discipline: UnitRow;
  otherCity: UnitRow; // a separate tree: nothing of ours is visible there
}

export interface TestUser {
  username: string;
  cookie: string;
  id: string;
}

/** A fresh city subtree with users per role, so tests never need to truncate tables. */
export async function makeOrg(h: Harness) {
  const db = h.rt.deps.db;
  const tag = randomUUID().slice(0, 8);
  const u = async (code: string, name: string, type: Parameters<typeof createUnit>[1]['type'], parent?: UnitRow) =>
    createUnit(db, { code: `${code}-${tag}`, name, type, parentId: parent?.id ?? null });
  const province = await u('P', '测试省', 'province');
  const city = await u('C', '测试市', 'city', province);
  const office = await u('XFJ', '测试市信访局', 'petition_office', city);
  const district = await u('D1', '东区', 'district', city);
  const districtOffice = await u('D1XF', '东区信访办', 'petition_office', district);
  const street = await u('D1S1', '东区青山街道', 'street', district);
  const deptA = await u('ZJJ', '测试市住建局', 'department', city);
  const deptB = await u('HBJ', '测试市生态环境局', 'department', city);
  const court = await u('FY', '测试市中级人民法院', 'legal_organ', city);
  const discipline = await u('JW', '测试市纪委监委', 'discipline_organ', city);
  const otherCity = await u('OC', '别的市', 'city', province);
  const units: OrgUnits = { province, city, office, district, districtOffice, street, deptA, deptB, court, discipline, otherCity };
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const users: Record<string, TestUser> = {};
  const add = async (key: string, unit: UnitRow, roles: Role[]) => {
    users[key] = await addUser(h, { tag }, key, unit, roles, hash);
  };
  await add('intake', office, ['intake']);
  await add('dispatcher', office, ['dispatcher']);
  await add('supervisor', office, ['supervisor']);
  await add('visitor', office, ['return_visit']);
  await add('analyst', office, ['analyst']);
  await add('mediator', office, ['mediator']);
  await add('streetMediator', street, ['mediator']);
  await add('admin', city, ['admin']);
  await add('handlerA', deptA, ['handler']);
  await add('headA', deptA, ['unit_head']);
  await add('handlerB', deptB, ['handler']);
  await add('headB', deptB, ['unit_head']);
  await add('cityHandler', city, ['handler', 'unit_head']);
  await add('provHandler', province, ['handler', 'unit_head']);
  await add('streetHandler', street, ['handler', 'unit_head']);
  await add('courtHandler', court, ['handler', 'unit_head']);
  await add('disciplineHandler', discipline, ['handler', 'unit_head']);
  await add('otherDispatcher', otherCity, ['dispatcher', 'intake', 'handler', 'unit_head', 'supervisor']);
  return { tag, units, users: users as Record<
    | 'intake' | 'dispatcher' | 'supervisor' | 'visitor' | 'analyst' | 'mediator' | 'streetMediator' | 'admin' | 'handlerA' | 'headA' | 'handlerB' | 'headB'
    | 'cityHandler' | 'provHandler' | 'streetHandler' | 'courtHandler' | 'disciplineHandler' | 'otherDispatcher', TestUser> };
}

export type Org = Awaited<ReturnType<typeof makeOrg>>;

/** A user of the org (username `<key>-<tag>`, the test password), signed in. */
export async function addUser(h: Harness, org: { tag: string }, key: string, unit: UnitRow, roles: Role[], hash?: string): Promise<TestUser> {
  const username = `${key}-${org.tag}`.toLowerCase();
  passwordHash ??= hashPassword(PASSWORD);
  const row = await h.rt.deps.db
    .insertInto('users')
    .values({ username, display_name: `${key}测试员`, password_hash: hash ?? (await passwordHash), unit_id: unit.id, roles })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { username, id: row.id, cookie: await login(h, username) };
}

export async function login(h: Harness, username: string, password = PASSWORD): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'ms_session');
  if (!c) throw new Error('no session cookie');
  return `ms_session=${c.value}`;
}

export interface Call {
  status: number;
  body: any;
  res: LightMyRequestResponse;
}

export async function api(h: Harness, user: TestUser | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Call> {
  const res = await h.app.inject({
    method: method as 'GET',
    url,
    payload: payload as object,
    headers: { ...(user ? { cookie: user.cookie } : {}), ...headers },
  });
  let body: unknown = res.body;
  try {
    body = res.json();
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, res };
}

export const act = (h: Harness, user: TestUser, caseId: string, action: string, input: unknown = {}) =>
  api(h, user, 'POST', `/api/cases/${caseId}/actions/${action}`, input);

export const sampleCase = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  kind: 'appeal',
  title: '小区楼顶漏水长期无人维修',
  content: '本人居住在青山街道幸福小区3号楼601室，楼顶防水层老化，雨天室内漏水严重，多次向物业反映无果，请求督促维修。',
  location: '青山街道幸福小区3号楼',
  petitioner: { name: '张三丰', phone: '13812341234', idNumber: '110101199001010000', address: '测试市东区青山街道幸福小区3号楼601室' },
  ...over,
});

/** A 支持 reply (信访处理意见书) with its legal basis, as the handler drafts it (第三十二条). */
export const SAMPLE_REPLY = {
  decision: 'support',
  facts: '经现场核查，该楼楼顶防水层确已老化破损。',
  reasons: '属于物业服务合同约定的共用部位维修范围。',
  legalBasis: '《物业管理条例》第三十五条',
  text: '经调查，您反映的问题属实，已督促物业公司于15日内完成维修。',
};

/**
 * The clock sweep for one test org: only the clocks of the org's own units. On PostgreSQL every test file shares one
 * database, and a file sweeping at a later simulated time would otherwise mark another file's clocks overdue.
 */
export const sweepOrg = (h: Harness, org: Org) => sweepClocks(h.rt.deps, { under: org.units.province.path });
