import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../src/bootstrap.js';
import { STATUSES } from '../../src/cases/states.js';
import { loadConfig } from '../../src/core/config.js';
import { withDbActor } from '../../src/db/actor-context.js';
import { checkPassword } from '../../src/org/auth.js';
import { ROLES } from '../../src/org/roles.js';
import { DEMO_PASSWORD, isEmpty, seedDemo, type SeedResult } from '../../src/seed/demo.js';
import { sampleCompare } from '../../src/analytics/rollup-cli.js';
import { foldDeltas, verifyRollups } from '../../src/analytics/rollups.js';

let rt: Runtime;
let result: SeedResult;
let seedMs = 0;

beforeAll(async () => {
  rt = await openRuntime(loadConfig(), { pgliteDir: 'memory://' });
  expect(await isEmpty(rt)).toBe(true);
  const t0 = Date.now();
  result = await seedDemo(rt);
  seedMs = Date.now() - t0;
  console.log(`demo seed: ${result.cases} cases, ${result.users.length} users in ${seedMs} ms`);
}, 300_000); // generous: the seed drives ~200 cases through every use case, and CI machines are shared

afterAll(async () => {
  await rt?.database.close();
});

// as the system: petitioners, case_parties and attachments are shielded by row-level security (0015_rls.sql)
const rows = async <T>(q: string) => (await withDbActor(rt.deps.db, { kind: 'system' }, (tx) => sql.raw<T>(q).execute(tx))).rows;

describe('demo seed', () => {
  it('keeps the metric rollups equal to the reference computations through ~200 lifecycles (before and after the fold)', async () => {
    // the facts were written transition by transition, in the transactions of the seed's use cases
    const before = await verifyRollups(rt.deps.db, rt.deps.now());
    expect(before.facts.computed).toBeGreaterThan(1000);
    expect(before, JSON.stringify(before)).toMatchObject({ ok: true, facts: { missing: 0, extra: 0 }, rollups: { mismatched: 0 } });
    const a = await sampleCompare(rt.deps, 60, 7);
    expect(a.differences).toEqual([]);
    expect(a.equal).toBe(60);
    expect(a.nonEmpty).toBeGreaterThan(10);
    expect(await foldDeltas(rt.deps.db, rt.deps.now())).toBeGreaterThan(0);
    expect((await verifyRollups(rt.deps.db, rt.deps.now())).ok).toBe(true);
    const b = await sampleCompare(rt.deps, 60, 11);
    expect(b.differences).toEqual([]);
  });

  it('configures reply templates and routing rules for the administration pages', async () => {
    const [t] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM response_templates WHERE active`);
    const [r] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM routing_rules WHERE active`);
    expect(t!.n).toBeGreaterThanOrEqual(3);
    expect(r!.n).toBeGreaterThanOrEqual(3);
  });

  it('trains the routing classifiers and computes hotspots, so the demo shows suggestions', async () => {
    const models = await rows<{ target: string }>(`SELECT target FROM text_models WHERE active ORDER BY target`);
    expect(models.map((m) => m.target)).toEqual(['category', 'unit']);
    const [run] = await rows<{ n: number }>(`SELECT jsonb_array_length(topics)::int AS n FROM hotspot_runs`);
    expect(run!.n).toBeGreaterThan(0);
  });

  it('leaves a non-empty database and refuses to seed it twice', async () => {
    expect(await isEmpty(rt)).toBe(false);
    await expect(seedDemo(rt)).rejects.toThrow(/empty database/);
  });

  it('has about 200 cases, every one with at least one event', async () => {
    const [n] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
    expect(n!.n).toBe(result.cases);
    expect(n!.n).toBeGreaterThanOrEqual(180);
    expect(n!.n).toBeLessThanOrEqual(220);
    const bare = await rows<{ id: string }>(`SELECT id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)`);
    expect(bare).toEqual([]);
    const unregistered = await rows<{ id: string }>(
      `SELECT id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'register')`,
    );
    expect(unregistered).toEqual([]);
  });

  it('shows every status of the lifecycle', async () => {
    const seen = (await rows<{ status: string }>(`SELECT DISTINCT status FROM cases`)).map((r) => r.status);
    for (const s of STATUSES) expect(seen, `status ${s}`).toContain(s);
  });

  it('has a demo user for every staff role, all with the demo password', async () => {
    const staffRoles = ROLES.filter((r) => r !== 'citizen');
    for (const role of staffRoles) expect(result.users.some((u) => u.roles.includes(role)), `role ${role}`).toBe(true);
    const [db] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    expect(db!.n).toBe(result.users.length);
    expect(result.users.every((u) => u.password === DEMO_PASSWORD)).toBe(true);
    await expect(checkPassword(rt.deps.db, 'dispatcher', DEMO_PASSWORD)).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('has the top petition office, districts, streets, communities and grids', async () => {
    const types = await rows<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM units GROUP BY type`);
    const count = (t: string) => types.find((x) => x.type === t)?.n ?? 0;
    for (const t of ['province', 'city', 'district', 'street', 'community', 'grid', 'department', 'legal_organ', 'discipline_organ']) expect(count(t), t).toBeGreaterThan(0);
    const offices = await rows<{ code: string; depth: number }>(`SELECT code, depth FROM units WHERE type = 'petition_office' ORDER BY depth, id`);
    expect(offices[0]).toMatchObject({ code: 'JC-XFJ', depth: 2 });
    expect(offices.filter((o) => o.depth === 2)).toHaveLength(1);
    // 第三十六条: 复核 by the unit above the one that reviewed. The city government reviews its departments' replies,
    // so the city needs a province above it for those matters to reach re-review.
    const roots = await rows<{ code: string; type: string }>(`SELECT code, type FROM units WHERE parent_id IS NULL`);
    expect(roots).toEqual([{ code: 'JN', type: 'province' }]);
    const city = await rows<{ parent: string }>(`SELECT p.code AS parent FROM units c JOIN units p ON p.id = c.parent_id WHERE c.code = 'JC'`);
    expect(city).toEqual([{ parent: 'JN' }]);
    const noEnglish = await rows(`SELECT code FROM units WHERE name_en IS NULL OR name_en = ''`);
    expect(noEnglish).toEqual([]);
  });

  it('never puts personal data in public events', async () => {
    const people = await rows<{ v: string }>(
      `SELECT DISTINCT v FROM petitioners, LATERAL (VALUES (name), (phone), (id_number), (address), (email)) AS x(v) WHERE v IS NOT NULL`,
    );
    expect(people.length).toBeGreaterThan(100);
    const events = await rows<{ case_id: string; type: string; data: string }>(`SELECT case_id, type, data::text AS data FROM case_events WHERE public`);
    const leaks: string[] = [];
    for (const e of events) for (const p of people) if (e.data.includes(p.v)) leaks.push(`${e.type} on ${e.case_id}: ${p.v}`);
    expect(leaks).toEqual([]);
  });

  it('uses only fake resident ID numbers and made-up phone numbers', async () => {
    const ids = await rows<{ id_number: string }>(`SELECT id_number FROM petitioners WHERE id_number IS NOT NULL`);
    expect(ids.length).toBeGreaterThan(0);
    for (const { id_number } of ids) expect(id_number).toMatch(/^990000\d{8}0000$/);
    const phones = await rows<{ phone: string }>(`SELECT phone FROM petitioners WHERE phone IS NOT NULL`);
    for (const { phone } of phones) expect(phone).toMatch(/^13[89]\d{8}$/);
  });

  it('has realistic history: past dates only, spread over about 90 days and over the channels', async () => {
    const [span] = await rows<{ oldest: Date; newest: Date; last_event: Date }>(
      `SELECT min(received_at) AS oldest, max(received_at) AS newest, (SELECT max(at) FROM case_events) AS last_event FROM cases`,
    );
    const now = Date.now();
    expect(span!.last_event.getTime()).toBeLessThanOrEqual(now);
    expect(now - span!.oldest.getTime()).toBeGreaterThan(75 * 86_400_000);
    expect(now - span!.oldest.getTime()).toBeLessThan(95 * 86_400_000);
    expect(now - span!.newest.getTime()).toBeLessThan(4 * 86_400_000);
    const channels = (await rows<{ channel: string }>(`SELECT DISTINCT channel FROM cases`)).map((r) => r.channel);
    for (const c of ['web', 'phone', 'letter', 'visit', 'email', 'hotline']) expect(channels).toContain(c);
    // the timeline of each case is in order: events appended later never happened earlier than the registration
    const before = await rows(`SELECT e.id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.at < c.registered_at`);
    expect(before).toEqual([]);
  });

  it('demonstrates the special paths of the lifecycle', async () => {
    const one = async (q: string) => Number((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM (${q}) x`))[0]!.n);
    // deadlines missed, found by the clock sweep
    expect(await one(`SELECT 1 FROM case_events WHERE type = 'clock_overdue'`)).toBeGreaterThan(0);
    expect(await one(`SELECT 1 FROM case_clocks WHERE rule_key = 'route' AND overdue_at IS NOT NULL`)).toBeGreaterThan(0);
    // an approved extension on a case still in handling
    expect(await one(`SELECT 1 FROM cases c JOIN case_requests r ON r.case_id = c.id WHERE r.type = 'extension' AND r.status = 'approved' AND c.status = 'accepted'`)).toBeGreaterThan(0);
    // a re-review paused for a hearing
    expect(await one(`SELECT 1 FROM cases c JOIN case_clocks k ON k.case_id = c.id WHERE c.status = 'rereview' AND k.rule_key = 'rereview_decide' AND k.status = 'paused'`)).toBe(1);
    // evaluations of every kind, and return visits
    const ratings = (await rows<{ r: string }>(`SELECT DISTINCT data->>'rating' AS r FROM case_events WHERE type = 'evaluate'`)).map((x) => x.r);
    expect(ratings.sort()).toEqual(['basically_satisfied', 'dissatisfied', 'satisfied']);
    expect(await one(`SELECT 1 FROM case_events WHERE type = 'record_return_visit'`)).toBeGreaterThan(10);
    // closed by guiding into a statutory procedure
    expect(await one(`SELECT 1 FROM cases WHERE status = 'closed' AND outcome::jsonb->>'type' = 'guided'`)).toBeGreaterThan(0);
    // collective visits with representatives, anonymous matters
    expect(await one(`SELECT 1 FROM cases c WHERE collective AND headcount >= 2 AND EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.role = 'representative')`)).toBeGreaterThan(2);
    expect(await one(`SELECT 1 FROM cases c WHERE anonymous AND NOT EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id)`)).toBeGreaterThan(2);
    // an accusation routed to the discipline organ, never to the accused; a litigation matter to the court
    const acc = await rows<{ lead_type: string; accused_path: string; lead_path: string }>(
      `SELECT l.type AS lead_type, a.path AS accused_path, l.path AS lead_path FROM cases c JOIN units l ON l.id = c.lead_unit_id JOIN units a ON a.id = c.accused_unit_id WHERE c.kind = 'accusation'`,
    );
    expect(acc.length).toBeGreaterThan(0);
    for (const a of acc) {
      expect(a.lead_type).toBe('discipline_organ');
      expect(a.lead_path.startsWith(a.accused_path)).toBe(false);
    }
    expect(await one(`SELECT 1 FROM cases c JOIN units l ON l.id = c.lead_unit_id WHERE c.route_type LIKE '%:legal' AND l.type = 'legal_organ'`)).toBeGreaterThan(0);
    // objections (退单), both upheld and rejected
    expect(await one(`SELECT 1 FROM case_events WHERE type = 'uphold_objection'`)).toBeGreaterThan(0);
    expect(await one(`SELECT 1 FROM case_events WHERE type = 'reject_objection'`)).toBeGreaterThan(0);
  });
});
