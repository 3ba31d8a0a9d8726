// Import of the real 311 exports in ../shared/data (read from there, never copied): NYC (10,326 rows) and SF
// (10,000 rows). Every row of each file is judged (a dry run); a slice of each is then really registered, and the
// log says how many rows landed and why the others did not.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeOrg, startHarness, type Harness, type Org } from '../helpers/harness.js';
import { sharedDataPath } from '../calendar/shared-data.js';
import { report, run, upload } from './import-helpers.js';

const NYC = sharedDataPath('nyc-311-samples', 'nyc311_combined_sample.csv');
const SF = sharedDataPath('sf-311-sample', 'sf311_sample_10k.csv');
/** rows really registered per file: enough to see every path (routed, unrouted, closed, open), quick on PGlite */
const SLICE = 200;
/** registering a few hundred cases (each with its clocks, index, facts and routing) takes tens of seconds on PGlite */
const LONG = 240_000;

let h: Harness;
let org: Org;
let animalsId: string;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2053-06-01T09:00:00+08:00');
  org = await makeOrg(h);
  const c = await h.rt.deps.db.insertInto('categories').values({ code: `ANI-${org.tag}`, name: `动物饲养-${org.tag}`, kind: 'appeal' }).returning('id').executeTakeFirstOrThrow();
  animalsId = String(c.id);
});
afterAll(async () => h?.close());

const reasonRows = (r: { reasons: { reason: string; rows: number }[] }, part: string) => r.reasons.filter((x) => x.reason.includes(part)).reduce((n, x) => n + x.rows, 0);

describe('NYC 311 export', () => {
  let id: string;
  let mapping: Record<string, unknown>;
  const options = () => ({
    source: `nyc-311-${org.tag}`,
    utcOffset: '-05:00', // NYC exports carry local wall time without a zone (EST; daylight time is not told apart)
    unitValues: { DOHMH: org.units.deptA.id, NYPD: org.units.deptB.id, HPD: org.units.deptA.id },
    categoryValues: { 'Illegal Animal Kept as Pet': animalsId, 'Illegal Animal Sold': animalsId },
  });

  it('the 6 MB file uploads; Agency → unit, Complaint Type → category, dates, status and location are suggested', async () => {
    const r = await upload(h, org.users.dispatcher, 'nyc311_combined_sample.csv', fs.readFileSync(NYC));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'utf-8', totalRows: 10326 });
    expect(r.body.suggested.options.source).toBe('nyc-311');
    expect(r.body.suggested.mapping).toMatchObject({
      externalId: 'Unique Key', unit: 'Agency', category: 'Complaint Type', receivedAt: 'Created Date', closedAt: 'Closed Date', status: 'Status',
      result: ['Resolution Description'], location: ['Incident Address', 'Borough'], latitude: 'Latitude', longitude: 'Longitude', title: ['Complaint Type', 'Descriptor'],
    });
    id = r.body.id;
    mapping = r.body.suggested.mapping;
  });

  it('every one of the 10,326 rows is judged (dry run): how many would land and why the others would not', async () => {
    const r = await run(h, org.users.dispatcher, id, mapping, { ...options(), dryRun: true });
    report('NYC dry run, all rows', r);
    expect(r.status).toBe('done');
    expect(r.counts.total).toBe(10326);
    expect(r.counts.valid + r.counts.invalid + r.counts.skipped).toBe(10326);
    expect(r.counts.created).toBe(0);
    // the quirk SOURCE.md names: rows closed before they were created
    expect(reasonRows(r, 'closed before it was received')).toBeGreaterThan(0);
    expect(r.counts.valid).toBeGreaterThan(10000);
  }, LONG);

  it(`the first ${SLICE} rows land: routed by Agency, closed ones with their source history`, async () => {
    const r = await run(h, org.users.dispatcher, id, mapping, { ...options(), maxRows: SLICE });
    report(`NYC first ${SLICE} rows`, r);
    expect(r.status).toBe('done');
    expect(r.counts.created + r.counts.invalid + r.counts.skipped).toBe(SLICE);
    expect(r.counts.created).toBeGreaterThan(0);
    expect(r.counts.routed).toBeGreaterThan(0);
    // the file starts with DOHMH rows of 2010: routed to the unit mapped for DOHMH
    const first = await h.rt.deps.db.selectFrom('case_external_refs').select('case_id').where('source', '=', `import:nyc-311-${org.tag}`).where('external_id', '=', '15678342').executeTakeFirstOrThrow();
    const c = await api(h, org.users.dispatcher, 'GET', `/api/cases/${first.case_id}`);
    expect(c.body.status).toBe('dispatched');
    const ev = c.body.events.find((e: any) => e.type === 'imported');
    expect(ev.data).toMatchObject({ externalId: '15678342', status: 'Closed', closedInSource: true, closedAt: '2010-01-22T20:20:06.000Z', unit: 'DOHMH', category: 'Illegal Animal Kept as Pet' });
    expect(ev.data.latitude).toBeCloseTo(40.7256646, 5);
    const lead = await h.rt.deps.db.selectFrom('case_units').select('unit_id').where('case_id', '=', first.case_id).where('role', '=', 'lead').executeTakeFirstOrThrow();
    expect(String(lead.unit_id)).toBe(org.units.deptA.id);
    const row = await h.rt.deps.db.selectFrom('cases').select(['received_at', 'category_id', 'location']).where('id', '=', first.case_id).executeTakeFirstOrThrow();
    expect(row.received_at.toISOString()).toBe('2010-01-07T16:41:51.000Z');
    expect(String(row.category_id)).toBe(animalsId);
    expect(row.location).toBe('71-18 136 STREET, QUEENS');
  }, LONG);

  it('running the same import again registers nothing twice', async () => {
    const r = await run(h, org.users.dispatcher, id, mapping, { ...options(), maxRows: SLICE });
    report(`NYC first ${SLICE} rows again`, r);
    const refs = await h.rt.deps.db.selectFrom('case_external_refs').select((eb) => eb.fn.countAll<string>().as('n')).where('source', '=', `import:nyc-311-${org.tag}`).executeTakeFirstOrThrow();
    expect(r.counts.created + r.counts.already).toBe(Number(refs.n));
    expect(r.counts.already).toBe(0); // the same import resumes: its own landed rows stay 'created', none is registered again
  }, LONG);
});

describe('SF 311 export', () => {
  it('all 10,000 rows judged, the first slice registered (routing left to the dispatcher)', async () => {
    const up = await upload(h, org.users.dispatcher, 'sf311_sample_10k.csv', fs.readFileSync(SF));
    expect(up.body).toMatchObject({ totalRows: 10000, suggested: { options: { source: 'sf-311' } } });
    const mapping = up.body.suggested.mapping;
    expect(mapping).toMatchObject({ externalId: 'unique_key', unit: 'agency_name', category: 'category', receivedAt: 'created_date', closedAt: 'closed_date', status: 'status', result: ['status_notes'], channel: 'source' });
    const options = { source: `sf-311-${org.tag}`, route: false };
    const dry = await run(h, org.users.dispatcher, up.body.id, mapping, { ...options, dryRun: true });
    report('SF dry run, all rows', dry);
    expect(dry.counts.total).toBe(10000);
    expect(dry.counts.valid + dry.counts.invalid + dry.counts.skipped).toBe(10000);
    const r = await run(h, org.users.dispatcher, up.body.id, mapping, { ...options, maxRows: SLICE });
    report(`SF first ${SLICE} rows`, r);
    expect(r.counts.created + r.counts.invalid).toBe(SLICE);
    expect(r.counts.routed).toBe(0);
    const ref = await h.rt.deps.db.selectFrom('case_external_refs as r').innerJoin('cases as c', 'c.id', 'r.case_id').select(['c.status', 'c.channel', 'c.received_at'])
      .where('r.source', '=', `import:sf-311-${org.tag}`).where('r.external_id', '=', '6078653').executeTakeFirstOrThrow();
    expect(ref).toMatchObject({ status: 'registered', channel: 'web' }); // source 'Web'
    expect(ref.received_at.toISOString()).toBe('2016-07-13T15:11:07.000Z'); // '+00:00' in the file wins over the default offset
  }, LONG);
});
