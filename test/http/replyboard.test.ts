/**
 * 问政回复 (public reply board, issue 11): the office publishes anonymised matters and their replies with the
 * citizen's consent (given at intake, default no; withdrawn on the portal — withdrawal unpublishes at once), the
 * personal data redacted by the server and checked again at a second person's approval.
 *
 * Statute: 信访工作条例 第三十条第三款 (不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位:
 * an accusation is never published), 第四十六条第五项 (disclosing a petitioner's information is held to account:
 * the redaction and the guard), 第二十八条第二款、第三十一条第一项 (涉法涉诉 follows the law's procedure, not the board).
 * The Personal Information Protection Law is not in the project's law folder; it is not quoted.
 *
 * Simulated dates lie in 2061, so no other file's clock sweep on a shared PostgreSQL database reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor } from '../../src/cases/petitioner-access.js';
import { personalDataLeft, redact } from '../../src/replyboard/redact.js';
import { api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2061-04-02T09:00:00+08:00');
  org = await makeOrg(h);
}, 120_000);
afterAll(async () => h?.close());

const BASE = '/api/replyboard';

const PETITIONER = { name: '王秀英', phone: '13912345678', idNumber: '37070219800307123X', address: '测试市东区青山街道幸福小区3号楼2单元501室', email: 'wxy1980@example.com' };

const REPLY = {
  decision: 'support',
  facts: '经现场核查，幸福小区3号楼楼顶防水层老化属实。',
  reasons: '属于物业专项维修资金使用范围。',
  legalBasis: '《物业管理条例》第五十三条',
  text: '王秀英女士：经调查，您反映的3号楼2单元501室楼顶漏水问题属实，住建局已督促物业于5月底前完成维修。如有疑问请拨打13912345678联系您本人登记的电话回访，或拨打12345热线。',
};

const caseOk = async (user: TestUser, id: string, action: string, input: unknown = {}) => {
  const r = await api(h, user, 'POST', `/api/cases/${id}/actions/${action}`, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};

async function register(over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ petitioner: PETITIONER, content: '本人王秀英，住幸福小区3号楼2单元501室，电话13912345678，楼顶漏水多次反映无果，请求维修。', ...over }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string; trackingCode: string; trackingSecret: string };
}

/** registered, routed to 住建局, signed, accepted, replied (第三十二条) */
async function replied(over: Record<string, unknown> = {}) {
  const c = await register({ publishConsent: true, ...over });
  await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await caseOk(org.users.handlerA, c.id, 'sign');
  await caseOk(org.users.handlerA, c.id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  await caseOk(org.users.handlerA, c.id, 'draft_reply', REPLY);
  await caseOk(org.users.headA, c.id, 'approve_reply');
  return c;
}

const TEXT = () => ({
  title: '幸福小区楼顶漏水问题',
  summary: '王秀英反映：住幸福小区3号楼2单元501室，楼顶漏水，电话138-1234-5678。',
  reply: REPLY.text,
});

const propose = (user: TestUser, caseId: string, over: Record<string, unknown> = {}) => api(h, user, 'POST', BASE, { caseId, ...TEXT(), ...over });
const act = (user: TestUser, id: string, action: string, input: unknown = {}) => api(h, user, 'POST', `${BASE}/${id}/actions/${action}`, input);

async function proposed(caseId: string, over: Record<string, unknown> = {}) {
  const r = await propose(org.users.dispatcher, caseId, over);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; pubNo: string; status: string; public: any };
}

async function published(caseId: string) {
  const p = await proposed(caseId);
  const r = await act(org.users.supervisor, p.id, 'approve');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.status).toBe('published');
  return p;
}

const board = async (q = `?unitId=${org.units.deptA.id}`) => {
  const r = await api(h, null, 'GET', `/api/public/replies${q}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { items: any[]; total: number; facets: any };
};

/** nothing of the person or the case's identifiers, however written */
function expectNoPersonalData(json: string, c: { id: string; regNo: string; trackingCode: string }) {
  const digits = json.replace(/\D/g, '');
  expect(json).not.toContain(PETITIONER.name);
  expect(json).not.toContain(PETITIONER.email);
  expect(json).not.toContain('2单元501');
  expect(digits).not.toContain(PETITIONER.phone);
  expect(digits).not.toContain('13812345678');
  expect(json.toUpperCase()).not.toContain(PETITIONER.idNumber);
  expect(json).not.toContain(c.regNo);
  expect(json).not.toContain(c.trackingCode);
  expect(json).not.toContain(c.id);
}

describe('redaction of personal data (信访工作条例 第四十六条第五项: a petitioner’s information is not disclosed)', () => {
  const names = ['王秀英', '李建国'];

  it('removes the names of the parties, also written with spaces, and leaves other words', () => {
    const r = redact('王秀英与邻居李建国因漏水发生纠纷，王 秀 英 多次反映；王局长到场。', { names });
    expect(r.text).toBe('某某与邻居某某因漏水发生纠纷，某某 多次反映；王局长到场。');
    expect(r.redactions.map((x) => x.kind)).toEqual(['name', 'name', 'name']);
    expect(r.redactions[0]!.masked).toBe('王**');
  });

  it('removes mobile numbers in every usual form: 13912345678, 138-1234-5678, 138 1234 5678, +86 and 0086, full-width digits', () => {
    for (const phone of ['13912345678', '138-1234-5678', '138 1234 5678', '+86 139 1234 5678', '+86-13912345678', '+8613912345678', '008613912345678', '(+86)13912345678', '１３９１２３４５６７８']) {
      const r = redact(`请回电${phone}，谢谢。`, { names: [] });
      expect(r.text, phone).toBe('请回电***，谢谢。');
      expect(r.redactions, phone).toEqual([{ kind: 'phone', masked: expect.stringMatching(/^1[38]9?\d?\*{4}5678$/) }]);
    }
  });

  it('removes landlines with area code: 0536-8123456, (010)12345678, 021 6123 4567 转 801', () => {
    expect(redact('座机0536-8123456', { names: [] }).text).toBe('座机***');
    expect(redact('座机(010)12345678或0536 8123456', { names: [] }).text).toBe('座机***或***');
    expect(redact('电话021-6123-4567转801', { names: [] }).text).toBe('电话***');
  });

  it('removes 18-digit ID numbers (check digit X or x) and the old 15-digit ones, not other long numbers', () => {
    const r = redact('身份证37070219800307123X，另370702198003071234，旧证370702800307123；小写37070219800307123x。', { names: [] });
    expect(r.text).toBe('身份证***，另***，旧证***；小写***。');
    expect(r.redactions.map((x) => x.kind)).toEqual(['id_number', 'id_number', 'id_number', 'id_number']);
    expect(r.redactions[0]!.masked).toBe('370***********123X');
    // an invoice number of 20 digits is no ID, and 12345 is the hotline
    expect(redact('发票号码12345678901234567890，请拨打12345热线', { names: [] }).text).toBe('发票号码12345678901234567890，请拨打12345热线');
  });

  it('removes e-mail addresses and licence plates (鲁G·12345, 京AD12345, 粤B D12345)', () => {
    const r = redact('邮箱wxy1980@example.com.cn，车牌鲁G·12345、京AD12345和粤B D12345违停。', { names: [] });
    expect(r.text).toBe('邮箱***，车牌***、***和***违停。');
    expect(r.redactions.map((x) => x.kind)).toEqual(['email', 'plate', 'plate', 'plate']);
    expect(r.redactions[0]!.masked).toBe('w***@example.com.cn');
  });

  it('removes 门牌号 and 楼栋单元室 but keeps the street or community, and does not take 300户 or 一座公厕 for an address', () => {
    const r = redact('住幸福小区3号楼2单元501室，后搬到人民路18号、青年路5-2号、12号院5栋1单元302和二号楼一单元。涉及300户，拟建一座公厕，地铁3号线。', { names: [] });
    expect(r.text).toBe('住幸福小区***，后搬到人民路***、青年路***、***和***。涉及300户，拟建一座公厕，地铁3号线。');
    expect(r.redactions[0]).toEqual({ kind: 'address', masked: '*号楼*单元***室' });
  });

  it('leaves dates, amounts and times alone', () => {
    const s = '2061年4月2日15时30分，维修费用5000元，共3次。';
    expect(redact(s, { names }).text).toBe(s);
  });

  it('keeps a term the proposer judged not personal (the office’s public hotline), nothing else', () => {
    const r = redact('咨询请拨0536-8123456（信访局公开电话），信访人电话0536-8765432。', { names: [], keep: ['0536-8123456'] });
    expect(r.text).toBe('咨询请拨0536-8123456（信访局公开电话），信访人电话***。');
  });

  it('the guard’s own check finds a party’s name, phone or ID however written, independent of the rules', () => {
    const party = { name: '王秀英', phone: '+86 139-1234-5678', idNumber: '37070219800307123x' };
    expect(personalDataLeft({ reply: '已答复王 秀 英' }, [party])).toEqual([{ field: 'reply', kind: 'name' }]);
    expect(personalDataLeft({ reply: '回电139 1234 5678' }, [party])).toEqual([{ field: 'reply', kind: 'phone' }]);
    expect(personalDataLeft({ reply: '证号37070219800307123X' }, [party])).toEqual([{ field: 'reply', kind: 'id_number' }]);
    expect(personalDataLeft({ reply: redact('王秀英，13912345678，37070219800307123X', { names: ['王秀英'] }).text }, [party])).toEqual([]);
  });
});

describe('consent at intake (default no), stored with the case', () => {
  it('the portal form: consent given is stored with when and the channel; the citizen sees it on lookup', async () => {
    h.clock.set('2061-04-02T10:00:00+08:00');
    const r = await api(h, null, 'POST', '/api/public/cases', { kind: 'suggestion', title: '建议增设公交站', content: '建议在幸福小区门口增设公交站点，方便老人出行。', petitioner: { name: '赵小红', phone: '13700001111' }, publishConsent: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const look = await api(h, null, 'POST', '/api/public/lookup', { code: r.body.trackingCode, secret: r.body.trackingSecret });
    expect(look.status).toBe(200);
    expect(look.body.publishConsent).toMatchObject({ consent: true, channel: 'web', withdrawnAt: null });
    expect(new Date(look.body.publishConsent.givenAt).toISOString()).toBe('2061-04-02T02:00:00.000Z');
  });

  it('the staff registration form: no answer means no consent; an explicit answer is stored with the intake channel', async () => {
    const none = await register();
    const yes = await register({ publishConsent: true });
    const no = await register({ publishConsent: false });
    const rows = await h.rt.deps.db.selectFrom('case_publication_consents').selectAll().where('case_id', 'in', [none.id, yes.id, no.id]).execute();
    expect(rows.find((x) => x.case_id === none.id)).toBeUndefined();
    expect(rows.find((x) => x.case_id === yes.id)).toMatchObject({ consent: true, channel: 'phone' });
    expect(rows.find((x) => x.case_id === no.id)).toMatchObject({ consent: false, channel: 'phone' });
  });
});

describe('what may be proposed', () => {
  it('refuses without the citizen’s consent (default no)', async () => {
    const c = await replied({ publishConsent: undefined });
    const r = await propose(org.users.dispatcher, c.id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('PUBLICATION_NOT_ALLOWED');
    expect(r.body.error.message).toContain('未同意公开');
    const p = await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { caseId: c.id });
    expect(p.body.refusal.code).toBe('PUBLICATION_NOT_ALLOWED');
    expect(p.body.public).toBeNull();
  });

  it('refuses a case not yet replied', async () => {
    const c = await register({ publishConsent: true });
    const r = await propose(org.users.dispatcher, c.id);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('尚未书面答复');
  });

  it('信访工作条例 第三十条: an accusation (检举控告) is never published, even replied and with consent', async () => {
    const c = await register({ kind: 'accusation', title: '举报街道工作人员违规收费', content: '青山街道工作人员违规收取商户费用，请求调查处理。', accusedUnitId: org.units.street.id, publishConsent: true });
    await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    await caseOk(org.users.disciplineHandler, c.id, 'sign');
    await caseOk(org.users.disciplineHandler, c.id, 'accept', { procedure: '依规依纪依法办理。' });
    await caseOk(org.users.disciplineHandler, c.id, 'draft_reply', { ...REPLY, decision: 'substantiated', text: '经核查，反映问题已依规处理。' });
    await caseOk(org.users.disciplineHandler, c.id, 'approve_reply');
    const r = await propose(org.users.dispatcher, c.id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('PUBLICATION_NOT_ALLOWED');
    expect(r.body.error.message).toContain('第三十条');
    // and nothing of it is prepared for the public, not even as a preview
    const p = await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { caseId: c.id });
    expect(p.body.public).toBeNull();
    expect(p.body.source).toBeNull();
  });

  it('第二十八条第二款、第三十一条第一项: a 涉法涉诉 matter (routed to a legal organ) is not put on the board', async () => {
    const c = await register({ publishConsent: true, title: '不服一审判决', content: '本人对民事一审判决不服，请求重新审理。' });
    await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.court.id, routeType: 'legal' });
    const r = await propose(org.users.dispatcher, c.id);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('涉法涉诉');
  });

  it('only the office (dispatcher, supervisor) proposes; another city’s office cannot see the case', async () => {
    const c = await replied();
    expect((await propose(org.users.intake, c.id)).status).toBe(403);
    expect((await propose(org.users.handlerA, c.id)).status).toBe(403);
    const other = await propose(org.users.otherDispatcher, c.id);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('CASE_NOT_FOUND');
  });
});

describe('propose → second person approves → published on the public board', () => {
  it('the server redacts and shows what it redacted; the proposer cannot approve; a second person publishes; the board leaks nothing', async () => {
    h.clock.set('2061-04-03T10:00:00+08:00');
    const c = await replied();
    // the preview: the case's own text as the draft, redacted
    const pv = await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { caseId: c.id });
    expect(pv.status, JSON.stringify(pv.body)).toBe(200);
    expect(pv.body.refusal).toBeNull();
    expect(pv.body.consent.consent).toBe(true);
    expect(pv.body.source.reply).toBe(REPLY.text);
    expect(pv.body.public.reply).toBe('某某女士：经调查，您反映的***楼顶漏水问题属实，住建局已督促物业于5月底前完成维修。如有疑问请拨打***联系您本人登记的电话回访，或拨打12345热线。');

    const p = await proposed(c.id);
    expect(p.pubNo).toMatch(/^GK20610403\d{6}$/);
    expect(p.public.summary).toBe('某某反映：住幸福小区***，楼顶漏水，电话***。');
    expect(p.public.redactions).toEqual(
      expect.arrayContaining([
        { field: 'summary', kind: 'name', masked: '王**' },
        { field: 'summary', kind: 'phone', masked: '138****5678' },
        { field: 'summary', kind: 'address', masked: '*号楼*单元***室' },
        { field: 'reply', kind: 'phone', masked: '139****5678' },
      ]),
    );
    expect(p.public.leftover).toEqual([]);
    // a second proposal of the same case while one is live
    expect((await propose(org.users.supervisor, c.id)).body.error.code).toBe('ALREADY_EXISTS');
    // nothing is public before approval
    expect((await board()).items.map((i) => i.id)).not.toContain(p.id);
    expect((await api(h, null, 'GET', `/api/public/replies/${p.id}`)).status).toBe(404);

    // the proposer is not the second person
    const view = await api(h, org.users.dispatcher, 'GET', `${BASE}/${p.id}`);
    expect(view.body.allowedActions).not.toContain('approve');
    const self = await act(org.users.dispatcher, p.id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SECOND_PERSON_REQUIRED');
    // a unit outside the office may not approve either
    expect((await act(org.users.headA, p.id, 'approve')).status).toBe(403);

    const sv = await api(h, org.users.supervisor, 'GET', `${BASE}/${p.id}`);
    expect(sv.body.allowedActions).toEqual(expect.arrayContaining(['approve', 'reject', 'revise']));
    h.clock.set('2061-04-03T15:00:00+08:00');
    const ok = await act(org.users.supervisor, p.id, 'approve');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'published', approvedBy: org.users.supervisor.id });

    // the public board: newest first, only the redacted fields
    const list = await board();
    const item = list.items.find((i) => i.id === p.id);
    expect(item).toMatchObject({ pubNo: p.pubNo, title: '幸福小区楼顶漏水问题', unit: { id: String(org.units.deptA.id), name: '测试市住建局' }, repliedOn: '2061-04-03' });
    expect(Object.keys(item).sort()).toEqual(['category', 'id', 'pubNo', 'publishedAt', 'repliedOn', 'summary', 'title', 'unit']);
    const detail = await api(h, null, 'GET', `/api/public/replies/${p.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.reply).toContain('住建局已督促物业于5月底前完成维修');
    expect(list.facets.units).toEqual(expect.arrayContaining([expect.objectContaining({ id: String(org.units.deptA.id) })]));
    // scan the public JSON for the petitioner's name, phone, ID, address, the case's numbers
    expectNoPersonalData(JSON.stringify(list), c);
    expectNoPersonalData(JSON.stringify(detail.body), c);
    expectNoPersonalData(JSON.stringify(await board('')), c);
    // the citizen sees on their timeline that it was published
    const look = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode, secret: c.trackingSecret });
    expect(look.body.timeline.map((e: any) => e.type)).toContain('publication_published');
  });

  it('the re-check at approval: the redaction is re-run against the parties known now (a representative added since)', async () => {
    const c = await replied();
    const p = await proposed(c.id, { summary: '王秀英和邻居陈志强反映楼顶漏水。' });
    expect(p.public.summary).toBe('某某和邻居陈志强反映楼顶漏水。');
    // the neighbour becomes a party of the case after the proposal
    await withActor(h.rt.deps.db, { kind: 'system', job: 'test' }, async (tx) => {
      const person = await tx.insertInto('petitioners').values({ name: '陈志强', phone: '13600002222' }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('case_parties').values({ case_id: c.id, petitioner_id: person.id, role: 'representative' }).execute();
    });
    const sv = await api(h, org.users.supervisor, 'GET', `${BASE}/${p.id}`);
    expect(sv.body.recheck.summary).toBe('某某和邻居某某反映楼顶漏水。');
    const ok = await act(org.users.supervisor, p.id, 'approve');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const detail = await api(h, null, 'GET', `/api/public/replies/${p.id}`);
    expect(detail.body.summary).toBe('某某和邻居某某反映楼顶漏水。');
    expect(JSON.stringify(detail.body)).not.toContain('陈志强');
  });

  it('guard: a public text that still holds the petitioner’s phone (kept by the proposer) is refused at approval; revised, it passes', async () => {
    const c = await replied();
    const p = await proposed(c.id, { keep: ['13912345678'] });
    expect(p.public.reply).toContain('13912345678');
    expect(p.public.leftover).toEqual([{ field: 'reply', kind: 'phone' }]);
    const view = await api(h, org.users.supervisor, 'GET', `${BASE}/${p.id}`);
    expect(view.body.allowedActions).not.toContain('approve');
    const r = await act(org.users.supervisor, p.id, 'approve');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PERSONAL_DATA_LEFT');
    expect(r.body.error.message).toContain('reply:phone');
    expect(r.body.error.message).toContain('第四十六条');
    // the supervisor revises the text (no term kept): the supervisor now proposes, so the dispatcher approves
    const rev = await act(org.users.supervisor, p.id, 'revise', { ...TEXT(), keep: [] });
    expect(rev.status, JSON.stringify(rev.body)).toBe(200);
    expect((await act(org.users.supervisor, p.id, 'approve')).body.error.code).toBe('SECOND_PERSON_REQUIRED');
    const ok = await act(org.users.dispatcher, p.id, 'approve');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const detail = await api(h, null, 'GET', `/api/public/replies/${p.id}`);
    expectNoPersonalData(JSON.stringify(detail.body), c);
  });

  it('a rejected proposal is never public; an unpublished item leaves the board with the reason on the record', async () => {
    const c1 = await replied();
    const p1 = await proposed(c1.id);
    expect((await act(org.users.supervisor, p1.id, 'reject', { reason: '答复内容需进一步核实' })).body.status).toBe('rejected');
    expect((await api(h, null, 'GET', `/api/public/replies/${p1.id}`)).status).toBe(404);

    const c2 = await replied();
    const p2 = await published(c2.id);
    expect((await board()).items.map((i) => i.id)).toContain(p2.id);
    expect((await act(org.users.dispatcher, p2.id, 'unpublish', {})).status).toBe(400);
    const r = await act(org.users.dispatcher, p2.id, 'unpublish', { reason: '答复所涉整改事项已调整' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'unpublished', endReason: '答复所涉整改事项已调整' });
    expect((await board()).items.map((i) => i.id)).not.toContain(p2.id);
    // unknown, unpublished and malformed ids answer alike
    const a = await api(h, null, 'GET', `/api/public/replies/${p2.id}`);
    const b = await api(h, null, 'GET', '/api/public/replies/00000000-0000-4000-8000-000000000000');
    const m = await api(h, null, 'GET', '/api/public/replies/xyz');
    expect([a.status, b.status, m.status]).toEqual([404, 404, 404]);
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual(m.body);
  });

  it('the board filters by replying unit and category, newest first, paged', async () => {
    const cat = await api(h, org.users.admin, 'POST', '/api/categories', { code: `rb-${org.tag}`, name: `问政测试-${org.tag}`, kind: 'appeal' });
    expect(cat.status, JSON.stringify(cat.body)).toBe(201);
    h.clock.set('2061-04-05T09:00:00+08:00');
    const older = await published((await replied({ categoryId: cat.body.id })).id);
    h.clock.set('2061-04-05T11:00:00+08:00');
    const newer = await published((await replied({ categoryId: cat.body.id })).id);
    const byCat = await board(`?categoryId=${cat.body.id}`);
    expect(byCat.items.map((i) => i.id)).toEqual([newer.id, older.id]);
    expect(byCat.items[0].category).toEqual({ id: String(cat.body.id), name: `问政测试-${org.tag}` });
    const page = await board(`?categoryId=${cat.body.id}&limit=1&offset=1`);
    expect(page.items.map((i) => i.id)).toEqual([older.id]);
    expect(page.total).toBe(2);
    // the city's unit filter takes in the units under it; another city's does not
    expect((await board(`?unitId=${org.units.city.id}&categoryId=${cat.body.id}`)).total).toBe(2);
    expect((await board(`?unitId=${org.units.otherCity.id}&categoryId=${cat.body.id}`)).total).toBe(0);
  });
});

describe('the citizen withdraws consent (tracking code + query code): unpublished at once', () => {
  it('a published item leaves the board, a proposal cannot be approved, a new proposal is refused', async () => {
    h.clock.set('2061-04-06T09:00:00+08:00');
    const c = await replied();
    const p = await published(c.id);
    expect((await api(h, null, 'GET', `/api/public/replies/${p.id}`)).status).toBe(200);
    // a wrong query code withdraws nothing
    const wrong = await api(h, null, 'POST', '/api/public/replies/consent/withdraw', { code: c.trackingCode, secret: 'WRONG1' });
    expect(wrong.status).toBe(404);
    expect((await api(h, null, 'GET', `/api/public/replies/${p.id}`)).status).toBe(200);

    const w = await api(h, null, 'POST', '/api/public/replies/consent/withdraw', { code: c.trackingCode, secret: c.trackingSecret });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body).toMatchObject({ consent: false });
    expect(w.body.withdrawnAt).not.toBeNull();
    expect((await api(h, null, 'GET', `/api/public/replies/${p.id}`)).status).toBe(404);
    expect((await board()).items.map((i) => i.id)).not.toContain(p.id);
    const rec = await api(h, org.users.dispatcher, 'GET', `${BASE}/${p.id}`);
    expect(rec.body.status).toBe('withdrawn');
    expect(rec.body.events.at(-1).data.byRule).toBe('citizen_withdrew_consent');
    const look = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode, secret: c.trackingSecret });
    expect(look.body.publishConsent.consent).toBe(false);
    expect(look.body.timeline.map((e: any) => e.type)).toContain('publication_consent_withdrawn');
    const again = await propose(org.users.dispatcher, c.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PUBLICATION_NOT_ALLOWED');
    const audit = await h.rt.deps.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', c.id).where('action', '=', 'publication.consent_withdraw').execute();
    expect(audit).toHaveLength(1);
  });

  it('a proposal still awaiting approval is withdrawn too', async () => {
    const c = await replied();
    const p = await proposed(c.id);
    await api(h, null, 'POST', '/api/public/replies/consent/withdraw', { code: c.trackingCode, secret: c.trackingSecret });
    const r = await act(org.users.supervisor, p.id, 'approve');
    expect(r.status).toBe(409);
    expect((await api(h, org.users.supervisor, 'GET', `${BASE}/${p.id}`)).body.status).toBe('withdrawn');
  });
});

describe('the register is scoped like every register', () => {
  it('another city’s office sees neither the list entry nor the record', async () => {
    const c = await replied();
    const p = await proposed(c.id);
    const mine = await api(h, org.users.supervisor, 'GET', `${BASE}?caseId=${c.id}`);
    expect(mine.body.items.map((i: any) => i.id)).toEqual([p.id]);
    expect(mine.body.items[0].source).toBeUndefined();
    const theirs = await api(h, org.users.otherDispatcher, 'GET', `${BASE}?caseId=${c.id}`);
    expect(theirs.body.items).toEqual([]);
    const rec = await api(h, org.users.otherDispatcher, 'GET', `${BASE}/${p.id}`);
    expect(rec.status).toBe(404);
    expect((await act(org.users.otherDispatcher, p.id, 'approve')).status).toBe(404);
  });
});
