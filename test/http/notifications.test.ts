/**
 * Notifications (issue 11, docs/notifications.md): the statutory notices to the citizen written to an outbox in the
 * same transaction as the case event, delivered by pg-boss jobs through an SMS adapter (the logging provider behind a
 * gateway that fails twice) and an SMTP adapter (nodemailer, to a real SMTP server on 127.0.0.1 in this file that
 * refuses some messages), retried with backoff, recorded with when, how and the provider's message id.
 * Simulated year 2056.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/events.js';
import { withDbActor } from '../../src/db/actor-context.js';
import { startJobs } from '../../src/jobs/boss.js';
import { LoggingSmsProvider, SmtpMailer, type ChannelAdapter } from '../../src/notifications/adapters.js';
import { act, addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
let boss: PgBoss | undefined;
let smtp: SMTPServer;
let mailer: SmtpMailer;
let smtpPort = 0;
const mails: { to: string[]; raw: string }[] = [];
let smtpRefusals = 0;
const smsTries = new Map<string, number>();

const FLAKY_PHONE = '13900562056';
const FLAKY_MAIL = 'flaky@example.org';
const BOUNCE_MAIL = 'bounce@example.org';

/** An SMS gateway that is down for the first two attempts of each text to FLAKY_PHONE, then the logging provider. */
const logging = new LoggingSmsProvider();
const flakySms: ChannelAdapter = {
  async send(n, db) {
    const t = (smsTries.get(n.id) ?? 0) + 1;
    smsTries.set(n.id, t);
    if (n.address === FLAKY_PHONE && t <= 2) throw new Error(`gateway unavailable (try ${t})`);
    return logging.send(n, db);
  },
};

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2056-04-06T09:00:00+08:00');
  org = await makeOrg(h);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (to.includes(BOUNCE_MAIL)) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        if (to.includes(FLAKY_MAIL) && smtpRefusals < 2) {
          smtpRefusals++;
          return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        mails.push({ to, raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  mailer = new SmtpMailer({ host: '127.0.0.1', port: smtpPort, secure: false, user: undefined, pass: undefined, from: '民声信访平台 <no-reply@example.org>', requireTls: false }, 5000);
}, 60_000);

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
  mailer?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await h?.close();
});

const notices = async (user: TestUser, caseId: string, query = '') => api(h, user, 'GET', `/api/cases/${caseId}/notifications${query}`);
const items = async (caseId: string) => (await notices(org.users.intake, caseId)).body.items as any[];

async function register(petitioner: Record<string, unknown> | null, over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ ...(petitioner ? { petitioner: { name: '李四', ...petitioner } } : {}), ...over }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string; trackingCode: string };
}

async function ok(user: TestUser, caseId: string, action: string, input: unknown = {}) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

/** Waits (bounded) until every notice of the cases is in a final state. Not a timing assertion: it only waits. */
async function settled(caseIds: string[]) {
  for (let i = 0; i < 400; i++) {
    const all = (await Promise.all(caseIds.map(items))).flat();
    if (all.length > 0 && all.every((n) => ['delivered', 'failed', 'manual'].includes(n.status))) return all;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('notifications did not settle');
}

describe('notifications', () => {
  const c = {} as Record<'sms' | 'email' | 'post' | 'none' | 'bounce' | 'anon', { id: string; regNo: string; trackingCode: string }>;

  it('registration writes the notice in the same transaction, by the channel the citizen chose (第二十三条)', async () => {
    // 信访工作条例 第二十三条: "应当告知信访人接收情况以及处理途径和程序"
    c.sms = await register({ phone: FLAKY_PHONE });
    c.email = await register({ phone: '13700562056', email: FLAKY_MAIL, notifyChannel: 'email' });
    c.post = await register({ phone: '13600562056', address: '测试市东区青山街道幸福小区5号楼101室', notifyChannel: 'post' });
    c.none = await register({ phone: '13500562056', notifyChannel: 'none' });
    c.bounce = await register({ email: BOUNCE_MAIL });
    const sms = await items(c.sms.id);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ eventType: 'register', kind: 'registration_notice', basis: '信访工作条例 第二十三条', channel: 'sms', status: 'pending', attempts: 0, deliveredAt: null });
    // the citizen chose e-mail although a phone was given
    expect(await items(c.email.id)).toMatchObject([{ channel: 'email', status: 'pending' }]);
    // a letter: recorded for the office to mail, not sent by the job
    expect(await items(c.post.id)).toMatchObject([{ channel: 'post', status: 'manual' }]);
    // no channel chosen: nothing to send
    expect(await items(c.none.id)).toEqual([]);
    // only an e-mail given: e-mail by default
    expect(await items(c.bounce.id)).toMatchObject([{ channel: 'email' }]);
  });

  it('an anonymous petition gets no notice: there is no one to tell', async () => {
    c.anon = await register(null, { anonymous: true, petitioner: undefined });
    expect(await items(c.anon.id)).toEqual([]);
  });

  it('an event whose transaction rolls back leaves no notice', async () => {
    await expect(
      h.rt.deps.db.transaction().execute(async (tx) => {
        await appendEvent(tx, { kind: 'system', job: 'test' }, { caseId: c.sms.id, type: 'accept' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await items(c.sms.id)).toHaveLength(1);
  });

  it('the job delivers: a failing adapter is retried with backoff, then delivered and recorded; one that keeps failing is failed', async () => {
    boss = await startJobs(h.rt.database, h.rt.deps, {
      databaseUrl: process.env.TEST_DATABASE_URL,
      sweepCron: '0 0 1 1 *',
      // its own pg-boss schema: on PostgreSQL the files share one database, and workers of other files must not take its jobs
      schema: 'pgboss_notifications',
      notifications: { adapters: { sms: flakySms, email: mailer }, maxAttempts: 4, retryBaseSeconds: 1, pumpMs: 250, timeoutMs: 5000, publicUrl: 'https://xf.example.gov.cn', scopePath: org.units.province.path },
    });
    const all = await settled([c.sms.id, c.email.id, c.post.id, c.bounce.id]);
    expect(all).toHaveLength(4);

    const [sms] = await items(c.sms.id);
    expect(sms).toMatchObject({ status: 'delivered', attempts: 3, lastError: null, nextAttemptAt: null, provider: 'sms-log' });
    expect(sms.deliveredAt).toBeTruthy();
    expect(sms.body).toContain(c.sms.regNo);
    expect(sms.body).toContain(`https://xf.example.gov.cn/portal/lookup?code=${c.sms.trackingCode}`);
    // what the logging provider "sent" carries the message id recorded on the notice
    const log = await withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) => tx.selectFrom('notification_sms_log').selectAll().where('notification_id', '=', sms.id).execute());
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ phone: FLAKY_PHONE, text: sms.body, message_id: sms.providerMessageId });

    const [mail] = await items(c.email.id);
    expect(mail).toMatchObject({ channel: 'email', status: 'delivered', attempts: 3, provider: `smtp:127.0.0.1` });
    expect(mail.providerMessageId).toMatch(/@/);
    const got = mails.filter((m) => m.to.includes(FLAKY_MAIL));
    expect(got).toHaveLength(1);
    expect(got[0]!.raw).toContain(`X-Minsheng-Notification: ${mail.id}`);

    const [bounce] = await items(c.bounce.id);
    expect(bounce).toMatchObject({ status: 'failed', attempts: 4, deliveredAt: null, nextAttemptAt: null });
    expect(bounce.lastError).toMatch(/550/);
    expect(mails.some((m) => m.to.includes(BOUNCE_MAIL))).toBe(false);
    expect((await items(c.post.id))[0]).toMatchObject({ status: 'manual', attempts: 0 });
  }, 120_000);

  it('acceptance, extension, reply and non-acceptance each notify the citizen (第二十三条、第三十四条、第三十二条)', async () => {
    const id = c.sms.id;
    await ok(org.users.dispatcher, id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await ok(org.users.handlerA, id, 'sign');
    await ok(org.users.handlerA, id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
    // 第三十四条: "经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由"
    await ok(org.users.handlerA, id, 'request_extension', { days: 20, reason: '需要委托第三方检测房屋结构' });
    await ok(org.users.headA, id, 'approve_extension', { note: '同意' });
    // 第三十二条: 信访处理意见书
    await ok(org.users.handlerA, id, 'draft_reply', { decision: 'support', facts: '经现场核查，楼顶防水层确已老化。', reasons: '属于共用部位维修范围。', legalBasis: '《物业管理条例》第三十五条', text: '已督促物业公司于15日内完成维修。' });
    await ok(org.users.headA, id, 'approve_reply');
    await ok(org.users.dispatcher, c.email.id, 'not_accept', { reason: '属于已经或者依法应当通过诉讼解决的事项', suggestedAuthority: '测试市中级人民法院' });
    const all = await settled([id, c.email.id]);
    const kinds = (await items(id)).map((n) => [n.kind, n.basis, n.status]);
    expect(kinds).toEqual([
      ['registration_notice', '信访工作条例 第二十三条', 'delivered'],
      ['acceptance_notice', '信访工作条例 第二十三条', 'delivered'],
      ['extension_notice', '信访工作条例 第三十四条', 'delivered'],
      ['reply_notice', '信访工作条例 第三十二条', 'delivered'],
    ]);
    expect((await items(id)).find((n) => n.kind === 'extension_notice').body).toContain('20日');
    expect(all.filter((n) => n.kind === 'non_acceptance_notice')).toMatchObject([{ channel: 'email', status: 'delivered', basis: '信访工作条例 第二十三条' }]);
    // the statutory notice is recorded: when and how it went out
    for (const n of all) expect(n.deliveredAt && n.provider && n.providerMessageId).toBeTruthy();
  }, 120_000);

  it('the address is masked; only a role that may see personal data reveals it, and that read is audited', async () => {
    const plain = (await notices(org.users.supervisor, c.sms.id)).body.items as any[];
    expect(plain[0]).toMatchObject({ address: '139****2056', masked: true });
    expect(JSON.stringify(plain)).not.toContain(FLAKY_PHONE);
    expect((await notices(org.users.supervisor, c.sms.id, '?reveal=true')).status).toBe(403);
    const shown = await notices(org.users.intake, c.email.id, '?reveal=true');
    expect(shown.status).toBe(200);
    expect(shown.body.items[0]).toMatchObject({ address: FLAKY_MAIL, masked: false });
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.email.id).where('action', '=', 'notification.read').execute();
    expect(audit).toHaveLength(1);
  });

  it('an accusation’s notices are never shown to the accused unit (信访工作条例 第三十条)', async () => {
    // 第三十条: "不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位"
    const acc = await register({ phone: '13400562056' }, { kind: 'accusation', title: '举报住建局工作人员', content: '住建局工作人员违规收费，请求调查。', accusedUnitId: org.units.deptA.id });
    await ok(org.users.dispatcher, acc.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    expect(await items(acc.id)).toHaveLength(1);
    for (const u of [org.users.headA, org.users.handlerA]) expect((await notices(u, acc.id)).status).toBe(404);
    // and underneath: the database hides the rows from a transaction of the accused unit's staff
    const adminA = await addUser(h, org, 'notifyAccused', org.units.deptA, ['handler']);
    const rows = await withDbActor(h.rt.deps.db, { kind: 'staff', userId: adminA.id, unitPath: org.units.deptA.path }, (tx) => tx.selectFrom('notifications').select('id').where('case_id', '=', acc.id).execute());
    expect(rows).toEqual([]);
    // nor from a transaction that names no actor
    expect(await h.rt.deps.db.selectFrom('notifications').select('id').where('case_id', '=', acc.id).execute()).toEqual([]);
  });
});
