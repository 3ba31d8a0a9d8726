/**
 * Fuzzer (issue 9, docs/security.md "Fuzzing"): every operation of the app's own OpenAPI document, with requests made
 * from its schemas and then broken (wrong types, missing fields, SQL/HTML injection, NUL, over-long strings, invalid
 * UTF-8, malformed JSON, huge bodies, deep nesting, extreme numbers, dates out of range, unknown ids, hostile paths,
 * query strings and uploads), as a staff user with broad rights and anonymously. Asserts: no 5xx; every 4xx is
 * {error:{code,message}}; a rejected request leaves this org's cases, events and audit rows as they were.
 * Reproduce a failure with FUZZ_SEED=<seed printed>; FUZZ_REQUESTS sets the total. Simulated year 2050.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openApiDocument } from '../../src/http/route.js';
import { createSession } from '../../src/org/auth.js';
import { ROLES, type Role } from '../../src/org/roles.js';
import { MUTATIONS, REJECTED_ONLY, buildRequest, operationsOf, type FuzzRequest, type Mutation, type Operation, type Pools } from '../fuzz/generate.js';
import { Rng, pick } from '../fuzz/values.js';
import { addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';
import { withDbActor } from '../../src/db/actor-context.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20500302);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000);
/** this file's client address: login failures are counted per address in a table other test files share */
const FUZZ_IP = `10.250.${(SEED >>> 8) % 250}.${SEED % 250}`;

let h: Harness;
let org: Org;
const users: Record<'broad' | 'sacrificial' | 'target', TestUser> = {} as never;
const ids = { cases: [] as string[], supervision: [] as string[], disputes: [] as string[], hazards: [] as string[], attachments: [] as string[], photos: [] as string[], rules: [] as string[], categories: [] as string[] };

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2050-03-02T02:00:00Z');
  org = await makeOrg(h);
  // all roles but admin: administration of shared tables (categories, clock rules, holidays, models) answers 403
  users.broad = await addUser(h, org, 'fuzzbroad', org.units.office, ROLES.filter((r) => r !== 'admin') as Role[]);
  users.sacrificial = await addUser(h, org, 'fuzzsession', org.units.office, ['intake']);
  users.target = await addUser(h, org, 'fuzztarget', org.units.deptA, ['handler']);
  const b = users.broad;
  const mk = async (over: Record<string, unknown> = {}) => {
    const r = await api(h, b, 'POST', '/api/cases', sampleCase(over));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  ids.cases.push(await mk(), await mk({ kind: 'suggestion', title: '建议增设公交线路' }));
  const routed = await mk();
  await api(h, b, 'POST', `/api/cases/${routed}/actions/route`, { mode: 'forward', leadUnitId: org.units.deptA.id });
  ids.cases.push(routed);
  ids.cases.push(await mk({ kind: 'accusation', title: '举报街道工作人员违规收费', content: '青山街道工作人员违规收取商户费用，请求调查。', accusedUnitId: org.units.street.id }));
  const sup = await api(h, b, 'POST', '/api/supervision', { unitId: org.units.deptA.id, reason: '住建局对漏水问题推诿拖延，需督办。', caseId: routed });
  if (sup.status === 201) ids.supervision.push(sup.body.id);
  const dispute = await api(h, b, 'POST', '/api/disputes', {
    type: 'neighbours', title: '楼上装修噪音引发邻里纠纷', description: '装修期间长期噪音扰民，双方多次争吵。', place: '东区青山街道幸福小区3号楼', source: 'grid',
    parties: [{ role: 'applicant', name: '李四海' }, { role: 'respondent', name: '王五福' }],
  });
  if (dispute.status === 201) ids.disputes.push(dispute.body.id);
  const hazard = await api(h, b, 'POST', '/api/hazards', {
    source: 'inspection', type: 'gas', grade: 'general', title: '燃气软管老化', description: '底商餐饮店燃气软管老化开裂。', place: '东区青山街道幸福小区底商', foundBy: '检查组',
  });
  if (hazard.status === 201) ids.hazards.push(hazard.body.id);
  const boundary = '----fuzzsetup';
  const file = (extra = '') =>
    Buffer.concat([Buffer.from(`${extra}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const att = await h.app.inject({ method: 'POST', url: `/api/cases/${ids.cases[0]}/attachments`, headers: { cookie: b.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: file() });
  if (att.statusCode === 200) ids.attachments.push(att.json().items[0].id);
  if (ids.hazards[0]) {
    const ph = await h.app.inject({ method: 'POST', url: `/api/hazards/${ids.hazards[0]}/photos?stage=found`, headers: { cookie: b.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: file() });
    if (ph.statusCode === 200) ids.photos.push(ph.json().items[0].id);
  }
  const rule = await api(h, org.users.admin, 'POST', '/api/routing-rules', { name: '漏水派住建', keywords: ['漏水'], unitId: org.units.deptA.id });
  if (rule.status === 200 || rule.status === 201) ids.rules.push(rule.body.id);
  ids.categories.push(...((await api(h, b, 'GET', '/api/categories')).body.items as { id: string }[]).slice(0, 3).map((c) => String(c.id)));
  for (const [k, v] of Object.entries(ids)) if (['cases', 'supervision', 'disputes', 'hazards', 'attachments'].includes(k)) expect(v.length, k).toBeGreaterThan(0);
}, 180_000);
afterAll(async () => h?.close());

/** ids of this org's objects, by the name of the parameter or field that takes them */
const pools: Pools = {
  idsFor(name, op) {
    const n = name.toLowerCase();
    const unitIds = Object.values(org.units).map((u) => String(u.id));
    const userIds = [users.target.id, org.users.handlerA.id, org.users.mediator.id, org.users.streetMediator.id];
    if (n === 'id') {
      if (op.path.startsWith('/api/cases')) return ids.cases;
      if (op.path.startsWith('/api/supervision/bulletins')) return [];
      if (op.path.startsWith('/api/supervision')) return ids.supervision;
      if (op.path.startsWith('/api/disputes')) return ids.disputes;
      if (op.path.startsWith('/api/hazards')) return ids.hazards;
      if (op.path.startsWith('/api/users')) return [users.target.id];
      if (op.path.startsWith('/api/routing-rules')) return ids.rules;
      if (op.path.startsWith('/api/categories') || op.path.startsWith('/api/templates')) return ids.categories;
      return [];
    }
    if (n === 'attachmentid') return ids.attachments;
    if (n === 'photoid') return ids.photos;
    if (n === 'categoryid') return ids.categories;
    if (/caseid/.test(n)) return ids.cases;
    if (/unitid|parentid/.test(n)) return unitIds;
    if (/userid/.test(n)) return userIds;
    if (n === 'year') return ['2050', '2051'];
    if (n === 'key') return ['route', 'accept_notice', 'fz_rule'];
    if (n === 'format') return ['xlsx', 'docx', 'pdf', 'exe'];
    if (n === 'index') return ['0', '1', '-1', '99'];
    return [];
  },
};

/**
 * Who sends the "staff" variant of an operation. Ending a session (logout, revocation, password) is done by a user
 * whose session is made again after it; a sweep over every clock, a recomputation over every case and a report job
 * reach beyond this org, so they are sent by a user without the role (validation is still exercised: it runs first).
 */
function staffFor(op: Operation): TestUser {
  if (/^\/api\/auth\/(logout|password|sessions)/.test(op.path)) return users.sacrificial;
  if (['/api/admin/sweep-clocks', '/api/admin/hotspots/refresh', '/api/reports'].includes(op.path) && op.method === 'POST') return org.users.visitor;
  if (/^\/api\/(units|users|routing-rules)/.test(op.path) && op.method !== 'GET') return org.users.admin;
  return users.broad;
}

/** a success here would reach beyond this org (the portal registers into the first petition office of the database) */
const onlyRejected = (op: Operation) => op.method === 'POST' && op.path === '/api/public/cases';

/** this org's cases, case events and audit rows */
let countMs = 0;
let countCalls = 0;
async function counts(): Promise<string> {
  const t0 = performance.now();
  try {
    return await countRows();
  } finally {
    countMs += performance.now() - t0;
    countCalls++;
  }
}
async function countRows(): Promise<string> {
  const prefix = `${org.units.province.path}%`;
  // attachments is shielded by row-level security (0015_rls.sql): counted as the system
  const r = await withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) => sql<{ c: string; e: string; a: string; t: string }>`
    SELECT (SELECT count(*) FROM cases WHERE intake_unit_id IN (SELECT id FROM units WHERE path LIKE ${prefix})) AS c,
           (SELECT count(*) FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE intake_unit_id IN (SELECT id FROM units WHERE path LIKE ${prefix}))) AS e,
           (SELECT count(*) FROM audit_log WHERE actor_unit_id IN (SELECT id FROM units WHERE path LIKE ${prefix})) AS a,
           (SELECT count(*) FROM attachments WHERE case_id IN (SELECT id FROM cases WHERE intake_unit_id IN (SELECT id FROM units WHERE path LIKE ${prefix}))) AS t`.execute(tx));
  const x = r.rows[0]!;
  return `cases=${x.c} events=${x.e} audit=${x.a} attachments=${x.t}`;
}

const MUTATION_WEIGHTS: [Mutation, number][] = MUTATIONS.map((m) => [m, m === 'valid' ? 3 : m === 'huge_body' ? 0.4 : m === 'hostile_path' ? 1.5 : 1]);
function chooseMutation(rng: Rng, op: Operation): Mutation {
  if (onlyRejected(op)) return pick(rng, REJECTED_ONLY);
  const total = MUTATION_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [m, w] of MUTATION_WEIGHTS) if ((x -= w) < 0) return m;
  return 'valid';
}

/** make sure the portal's body is refused whatever else the mutation did: a title that is not a string */
function forceRejected(req: FuzzRequest): FuzzRequest {
  if (typeof req.payload !== 'string') return req;
  try {
    const v = JSON.parse(req.payload);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ...req, payload: JSON.stringify({ ...v, title: 12345 }) };
  } catch {
    /* not JSON: refused anyway */
  }
  return req;
}

/** GeoReport v2 errors: [{code, description}] in JSON, or <errors><error><code/><description/></error></errors> */
function open311ErrorShape(text: string, json: unknown): boolean {
  if (Array.isArray(json)) return json.length > 0 && json.every((x) => typeof x?.code === 'string' && x.code && typeof x?.description === 'string' && x.description);
  return /^<\?xml[^>]*\?><errors>(<error><code>[^<]+<\/code><description>[^<]+<\/description><\/error>)+<\/errors>$/.test(text.trim());
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`≥ ${TOTAL} requests: no 5xx, every 4xx in the error shape, rejected requests change nothing`, async () => {
    const rng = new Rng(SEED);
    const ops = operationsOf(openApiDocument() as never);
    expect(ops.length).toBeGreaterThan(100);
    const histogram: Record<string, number> = {};
    const byMutation: Record<string, number> = {};
    const failures: string[] = [];
    const covered = new Set<string>();
    let sent = 0;
    let baseline = await counts();
    let sinceBaseline: string[] = [];
    const started = Date.now();

    const msByOp: Record<string, number> = {};
    const send = async (req: FuzzRequest, as: TestUser | null, index: number) => {
      const t0 = performance.now();
      const res = await h.app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: { ...req.headers, ...(as ? { cookie: as.cookie } : {}) },
        payload: req.payload,
        remoteAddress: FUZZ_IP,
      });
      sent++;
      const opKey = `${req.op.method} ${req.op.path}`;
      msByOp[opKey] = (msByOp[opKey] ?? 0) + performance.now() - t0;
      histogram[res.statusCode] = (histogram[res.statusCode] ?? 0) + 1;
      byMutation[req.mutation] = (byMutation[req.mutation] ?? 0) + 1;
      covered.add(`${req.op.method} ${req.op.path}`);
      const label = `#${index} ${as ? 'staff' : 'anon'} ${req.mutation} ${req.method} ${req.url.slice(0, 160)} body=${String(req.payload ?? '').slice(0, 160)}`;
      if (res.statusCode >= 500) failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      else if (res.statusCode >= 400) {
        let body: any;
        try {
          body = res.json();
        } catch {
          body = undefined;
        }
        const e = body?.error;
        if (req.url.startsWith('/open311/')) {
          // GeoReport v2 prescribes its own error shape: a list of {code, description}, in JSON or XML
          // …or ours, from the guard that rejects NUL and over-long input before any route (docs/security.md)
          const ours = typeof e?.code === 'string' && e.code && typeof e.message === 'string' && e.message;
          if (!open311ErrorShape(res.body, body) && !ours) failures.push(`${label} → ${res.statusCode} not in the GeoReport v2 error shape: ${res.body.slice(0, 300)}`);
        } else if (typeof e?.code !== 'string' || !e.code || typeof e.message !== 'string' || !e.message)
          failures.push(`${label} → ${res.statusCode} without code/message: ${res.body.slice(0, 300)}`);
      }
      if (res.statusCode < 400) {
        baseline = await counts();
        sinceBaseline = [];
        // a session that the request ended is made again, without the login route (its lockout may be running)
        if (as === users.sacrificial) users.sacrificial.cookie = `ms_session=${await createSession(h.rt.deps.db, users.sacrificial.id, 1)}`;
      } else {
        sinceBaseline.push(label);
        if (sinceBaseline.length >= 25) {
          const now = await counts();
          if (now !== baseline) failures.push(`rejected requests changed rows: ${baseline} → ${now}, among:\n  ${sinceBaseline.join('\n  ')}`);
          baseline = now;
          sinceBaseline = [];
        }
      }
    };

    let index = 0;
    while (sent < TOTAL) {
      for (const op of ops) {
        // an operation with no input at all gets one request a round: there is nothing to vary
        const inputs = op.params.length + op.query.length + (op.body ? 1 : 0) + (op.method === 'GET' ? 0 : 1);
        for (let k = inputs === 0 ? 3 : 0; k < 4; k++) {
          const anonymous = k === 3;
          const mutation = chooseMutation(rng, op);
          let req = buildRequest(op, rng, pools, mutation);
          if (onlyRejected(op)) req = forceRejected(req);
          await send(req, anonymous ? null : staffFor(op), index++);
        }
      }
      // a few requests to what is not a route at all
      for (const url of ['/api/nope', `/api/cases/${ids.cases[0]}/nope/deeper`, '/api/../../etc/passwd', '/api/%00', '/api/cases/%E0%A4%A']) {
        await send({ op: { method: 'GET', path: url, params: [], query: [], staffOnly: false }, mutation: 'unknown_route', method: pick(rng, ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']), url, headers: {}, payload: undefined }, rng.chance(0.5) ? users.broad : null, index++);
      }
    }
    const last = await counts();
    if (sinceBaseline.length && last !== baseline) failures.push(`rejected requests changed rows: ${baseline} → ${last}, among:\n  ${sinceBaseline.join('\n  ')}`);
    const seconds = (Date.now() - started) / 1000;
    const statuses = Object.entries(histogram)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(
      `fuzz (${h.backend}, seed ${SEED}): ${sent} requests to ${covered.size} operations in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s)\n` +
        `  statuses: ${statuses}\n  mutations: ${Object.entries(byMutation).map(([m, n]) => `${m} ${n}`).join(', ')}\n` +
        `  time: requests ${Math.round(Object.values(msByOp).reduce((a, b) => a + b, 0) / 1000)} s, row counts ${Math.round(countMs / 1000)} s (${countCalls})\n` +
        `  slowest operations (ms in total): ${Object.entries(msByOp).sort(([, a], [, b]) => b - a).slice(0, 8).map(([o, ms]) => `${o} ${Math.round(ms)}`).join(', ')}`,
    );
    expect(failures.slice(0, 30), `${failures.length} failures (FUZZ_SEED=${SEED})`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(covered.size).toBeGreaterThanOrEqual(ops.length);
  }, 900_000);
});
