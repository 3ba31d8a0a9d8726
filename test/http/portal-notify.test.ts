/**
 * The citizen chooses on the portal how to be told (docs/notifications.md): sms, email, post or none, with the address
 * that channel needs. Simulated year 2062.
 *
 * 信访工作条例 第二十三条："……应当自收到信访事项之日起15日内书面告知信访人接收情况以及处理途径和程序" — the notice goes
 * by the channel the citizen chose, so a channel without its address is refused at intake rather than never arriving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDbActor } from '../../src/db/actor-context.js';
import { api, makeOrg, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2062-05-11T09:00:00+08:00');
  await makeOrg(h); // a petition office must exist for the portal's intake
});
afterAll(async () => h?.close());

const submit = (petitioner: Record<string, unknown>) =>
  api(h, null, 'POST', '/api/public/cases', { kind: 'appeal', title: '小区门口积水', content: '江堤小区门口每逢下雨严重积水，出行困难。', petitioner: { name: '周二〇六二', ...petitioner } });

const notices = (caseId: string) =>
  withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) => tx.selectFrom('notifications').select(['channel', 'address']).where('case_id', '=', caseId).execute());

describe('第二十三条: the portal intake carries the notify channel the citizen chose', () => {
  it('e-mail chosen: the notice of registration is addressed to that e-mail, not to the phone', async () => {
    const r = await submit({ phone: '13862000001', notifyChannel: 'email', email: 'zhou2062@example.org' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const n = await notices(r.body.id);
    expect(n.length).toBeGreaterThan(0);
    expect(n.every((x) => x.channel === 'email' && x.address === 'zhou2062@example.org')).toBe(true);
  });

  it('post chosen: the notice is a letter to the postal address; none chosen: no notice at all', async () => {
    const post = await submit({ notifyChannel: 'post', address: '江城市江北区北港大道1号' });
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    expect(await notices(post.body.id)).toEqual([{ channel: 'post', address: '江城市江北区北港大道1号' }]);
    const none = await submit({ phone: '13862000002', notifyChannel: 'none' });
    expect(none.status).toBe(201);
    expect(await notices(none.body.id)).toEqual([]);
  });

  it('a channel without its address is refused with the field named (e-mail, phone, postal address)', async () => {
    for (const [petitioner, field] of [
      [{ phone: '13862000003', notifyChannel: 'email' }, 'petitioner.email'],
      [{ notifyChannel: 'sms' }, 'petitioner.phone'],
      [{ phone: '13862000004', notifyChannel: 'post' }, 'petitioner.address'],
    ] as const) {
      const r = await submit(petitioner);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
  });
});
