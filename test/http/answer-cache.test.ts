import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, makeOrg, addUser, api, sampleCase, type Harness, type Org, type TestUser } from '../helpers/harness.js';

// Dashboards keep an answer for MINSHENG_DASHBOARD_CACHE_SECONDS (src/analytics/answer-cache.ts): never across
// scopes, never past a role or scope check, and the answer says when it was computed (asOf).
let h: Harness;
let org: Org;
let districtAnalyst: TestUser;
const Q = 'from=2026-03-01&to=2026-03-31';

beforeAll(async () => {
  h = await startHarness({ dashboardCacheSeconds: 3600 });
  h.clock.set('2026-03-16T09:00:00+08:00');
  org = await makeOrg(h);
  districtAnalyst = await addUser(h, org, 'dAnalyst', org.units.districtOffice, ['analyst']);
});
afterAll(async () => h?.close());

const overview = (user: TestUser, q = Q) => api(h, user, 'GET', `/api/dashboard/overview?${q}`);
const register = async () => expect((await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).status).toBe(201);

describe('kept dashboard answers', () => {
  it('the same question within the time answers the kept figures with their asOf; another question is computed', async () => {
    await register();
    const first = await overview(org.users.analyst);
    expect(first.status).toBe(200);
    expect(first.body.counts.intake.total).toBe(1);
    await register();
    h.clock.set('2026-03-16T10:00:00+08:00');
    const kept = await overview(org.users.analyst, 'to=2026-03-31&from=2026-03-01'); // same query, other order
    expect(kept.body.counts.intake.total).toBe(1);
    expect(kept.body.asOf).toBe(first.body.asOf);
    const other = await overview(org.users.analyst, 'from=2026-03-02&to=2026-03-31');
    expect(other.body.counts.intake.total).toBe(2);
    expect(other.body.asOf).not.toBe(first.body.asOf);
  });

  it('another scope never gets the answer kept for one scope', async () => {
    const city = await overview(org.users.analyst, 'from=2026-03-03&to=2026-03-31');
    const district = await overview(districtAnalyst, 'from=2026-03-03&to=2026-03-31');
    expect(city.body.unit.id).not.toBe(district.body.unit.id);
    expect(district.body.unit.id).toBe(org.units.district.id);
  });

  it('the role and scope checks come before the kept answer', async () => {
    const q = `from=2026-03-04&to=2026-03-31&unitId=${org.units.deptA.id}`;
    expect((await overview(org.users.analyst, q)).status).toBe(200);
    // a handler (no metric role) asking the very same question
    const handler = await overview(org.users.handlerA, q);
    expect(handler.status).toBe(403);
    // the district's analyst: the city department is outside its scope
    const outside = await overview(districtAnalyst, q);
    expect(outside.status).toBe(404);
  });

  it('an error is not kept: the same question answers again once it can', async () => {
    const bad = await overview(org.users.analyst, 'from=2026-03-31&to=2026-03-01');
    expect(bad.status).toBe(400);
    expect((await overview(org.users.analyst, 'from=2026-03-31&to=2026-03-01')).status).toBe(400);
  });
});
