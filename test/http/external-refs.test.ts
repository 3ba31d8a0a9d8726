import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, makeOrg, sampleCase, type Harness, type Org } from '../helpers/harness.js';
import { registerExternal, caseIdForExternal, externalRefsOf } from '../../src/interop/external-refs.js';
import type { Actor } from '../../src/org/actor.js';

// Cases from another system (an Open311 pull, a spreadsheet import) are registered once per record of that system.
let h: Harness;
let org: Org;
const system: Actor = { kind: 'system', job: 'import' };

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2026-03-02T09:00:00+08:00');
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const reg = (externalId: string, source = `test:${org.tag}`) =>
  registerExternal(h.rt.deps, { actor: system, meta: {}, lang: 'zh', source, externalId, input: sampleCase({ channel: 'api' }), intakeUnitId: org.units.office.id });

describe('registerExternal', () => {
  it('registers a record once; the same record again answers the same case and writes nothing', async () => {
    const a = await reg('R-1');
    expect(a.created).toBe(true);
    const b = await reg('R-1');
    expect(b).toEqual({ caseId: a.caseId, regNo: a.regNo, created: false });
    expect(await caseIdForExternal(h.rt.deps.db, `test:${org.tag}`, 'R-1')).toBe(a.caseId);
    expect(await externalRefsOf(h.rt.deps.db, a.caseId)).toEqual([{ source: `test:${org.tag}`, externalId: 'R-1' }]);
    const n = await h.rt.deps.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('intake_unit_id', '=', org.units.office.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('the same id from another source is another record', async () => {
    const a = await reg('R-2', `a:${org.tag}`);
    const b = await reg('R-2', `b:${org.tag}`);
    expect(a.created && b.created).toBe(true);
    expect(a.caseId).not.toBe(b.caseId);
  });

  it('two pulls of one record at the same time make one case', async () => {
    const results = await Promise.all([reg('R-3'), reg('R-3'), reg('R-3')]);
    expect(new Set(results.map((r) => r.caseId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await h.rt.deps.db.selectFrom('case_external_refs').selectAll().where('source', '=', `test:${org.tag}`).where('external_id', '=', 'R-3').execute();
    expect(rows).toHaveLength(1);
  });

  it('an invalid record registers nothing, and its reference is not taken', async () => {
    await expect(
      registerExternal(h.rt.deps, { actor: system, meta: {}, lang: 'zh', source: `test:${org.tag}`, externalId: 'R-4', input: { channel: 'api' }, intakeUnitId: org.units.office.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await caseIdForExternal(h.rt.deps.db, `test:${org.tag}`, 'R-4')).toBeUndefined();
    expect((await reg('R-4')).created).toBe(true);
  });
});
