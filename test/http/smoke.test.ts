import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

describe('system endpoints', () => {
  it('GET /api/health names the backend', async () => {
    const r = await api(h, null, 'GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', db: h.backend });
  });

  it('GET /api/openapi.json documents the case actions', async () => {
    const r = await api(h, null, 'GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toContain('/api/cases/{id}/actions/route');
    expect(r.body.paths['/api/cases'].post.requestBody.content['application/json'].schema.properties.title).toBeDefined();
  });

  it('registers a case and shows it to the intake operator', async () => {
    const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.regNo).toMatch(/^XF\d{14}$/);
    const v = await api(h, org.users.intake, 'GET', `/api/cases/${r.body.id}`);
    expect(v.status).toBe(200);
    expect(v.body.status).toBe('registered');
    expect(v.body.parties[0].name).toBe('张**');
    expect(v.body.parties[0].phone).toBe('138****1234');
  });
});
