/**
 * Statutory documents (docs/documents.md), generated from the case and opened again: the .docx unzipped
 * (word/document.xml) and the PDF read with pdftotext. Simulated year 2055, own org.
 * 信访工作条例 第二十三条: "…应当自收到信访事项之日起15日内书面告知信访人…"; 第三十二条: "…出具信访处理意见书。信访处理意见书应当载明
 * 信访人投诉请求、事实和理由、处理意见及其法律法规依据"; 第三十四条: 延长期限 "…并告知信访人延期理由"; 第三十五条、第三十六条: 复查、复核意见书。
 * 第三十条: 不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDbActor } from '../../src/db/actor-context.js';
import { DEFAULT_TEMPLATES } from '../../src/documents/defaults.js';
import { docxText, documentFile, pdfText } from '../helpers/documents.js';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2055-03-01T09:00:00+08:00');
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

async function ok(user: TestUser, caseId: string, action: string, input: unknown = {}) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

async function generate(user: TestUser, caseId: string, kind: string, status = 201) {
  const r = await api(h, user, 'POST', `/api/cases/${caseId}/documents/${kind}`);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

const file = (user: TestUser, caseId: string, id: string, format: 'docx' | 'pdf') => documentFile(h, user, caseId, id, format);

const REPLY = {
  decision: 'support',
  facts: '经现场核查，该楼楼顶防水层确已老化破损。',
  reasons: '属于物业服务合同约定的共用部位维修范围。',
  legalBasis: '《物业管理条例》第五十五条',
  text: '已督促物业公司于15日内完成维修。',
};

describe('statutory documents of a case, from acceptance to re-review', () => {
  let c: { id: string; regNo: string; trackingCode: string; trackingSecret: string };
  const ids: Record<string, string> = {};

  it('受理告知书 (第二十三条) only once the matter is accepted, with the petitioner, the unit, the procedure and a 文号', async () => {
    const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase());
    expect(r.status).toBe(201);
    c = r.body;
    const early = await generate(org.users.dispatcher, c.id, 'accept_notice', 409);
    expect(early.error.code).toBe('DOCUMENT_NOT_APPLICABLE');
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    const slip = await generate(org.users.dispatcher, c.id, 'routing_slip');
    ids.slip = slip.id;
    expect(slip.docNo).toBe('转〔2055〕1号');
    await ok(org.users.handlerA, c.id, 'sign');
    await ok(org.users.handlerA, c.id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
    const d = await generate(org.users.handlerA, c.id, 'accept_notice');
    ids.accept = d.id;
    expect(d).toMatchObject({ kind: 'accept_notice', version: 1, docNo: '受〔2055〕1号', personal: true, officeName: '测试市住建局' });
    const text = await docxText((await file(org.users.handlerA, c.id, d.id, 'docx')).rawPayload);
    expect(text).toContain('测试市住建局');
    expect(text).toContain('受〔2055〕1号');
    expect(text).toContain('信访事项受理告知书');
    expect(text).toContain('张三丰：');
    expect(text).toContain(c.regNo);
    expect(text).toContain('按《信访工作条例》第三十一条第六项办理');
    expect(text).toContain('（印章处）');
    expect(text).toContain('2055年3月1日');
    const pdf = pdfText((await file(org.users.handlerA, c.id, d.id, 'pdf')).rawPayload);
    expect(pdf).toContain('信访事项受理告知书');
    expect(pdf).toContain('张三丰');
    expect(pdf).toContain('受〔2055〕1号');
  });

  it('转送单 (第二十二条) is internal: no petitioner name in it, and not on the portal', async () => {
    const text = await docxText((await file(org.users.dispatcher, c.id, ids.slip!, 'docx')).rawPayload);
    expect(text).toContain('信访事项转送/交办单');
    expect(text).toContain('测试市住建局：');
    expect(text).toContain('转送你单位');
    expect(text).not.toContain('张三丰');
  });

  it('延期告知 (第三十四条) gives the days and the reason', async () => {
    await ok(org.users.handlerA, c.id, 'request_extension', { days: 20, reason: '需要委托第三方检测房屋结构' });
    await ok(org.users.headA, c.id, 'approve_extension', { note: '同意' });
    const d = await generate(org.users.handlerA, c.id, 'extension_notice');
    const text = await docxText((await file(org.users.handlerA, c.id, d.id, 'docx')).rawPayload);
    expect(text).toContain('办理期限延长20日');
    expect(text).toContain('延期理由：需要委托第三方检测房屋结构');
  });

  it('信访处理意见书 (第三十二条): request, facts and reasons, decision and legal basis; regenerating adds a version and a 文号', async () => {
    await generate(org.users.handlerA, c.id, 'handling_opinion', 409);
    await ok(org.users.handlerA, c.id, 'draft_reply', REPLY);
    await ok(org.users.headA, c.id, 'approve_reply');
    const v1 = await generate(org.users.handlerA, c.id, 'handling_opinion');
    const text = await docxText((await file(org.users.handlerA, c.id, v1.id, 'docx')).rawPayload);
    expect(text).toContain('一、投诉请求：' + sampleCase().content);
    expect(text).toContain('二、事实和理由：' + REPLY.facts + REPLY.reasons);
    expect(text).toContain('三、处理意见：予以支持。' + REPLY.text);
    expect(text).toContain('四、法律法规依据：' + REPLY.legalBasis);
    expect(text).toContain('向测试市请求复查');
    const v2 = await generate(org.users.headA, c.id, 'handling_opinion');
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect([v1.docNo, v2.docNo]).toEqual(['处〔2055〕1号', '处〔2055〕2号']);
    // the first version is kept as it was issued
    expect(await docxText((await file(org.users.handlerA, c.id, v1.id, 'docx')).rawPayload)).toContain('处〔2055〕1号');
    const list = await api(h, org.users.handlerA, 'GET', `/api/cases/${c.id}/documents`);
    expect(list.body.items.filter((d: any) => d.kind === 'handling_opinion').map((d: any) => d.docNo)).toEqual(['处〔2055〕1号', '处〔2055〕2号']);
    const ev = await h.rt.deps.db.selectFrom('case_events').select('data').where('case_id', '=', c.id).where('type', '=', 'document_generated').execute();
    expect(ev.length).toBe(5);
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'document.generate').where('entity_id', '=', v2.id).execute();
    expect(audit.length).toBe(1);
  });

  it('复查意见书 (第三十五条) and 复核意见书 (第三十六条) from the reviewing units', async () => {
    const creds = { code: c.trackingCode, secret: c.trackingSecret };
    expect((await api(h, null, 'POST', '/api/public/actions/request_review', { ...creds, input: { reason: '维修方案不能解决根本问题' } })).status).toBe(200);
    await ok(org.users.cityHandler, c.id, 'decide_review', { decision: 'upheld', opinion: '经复查，原处理意见事实清楚，予以维持。', legalBasis: '《信访工作条例》第三十五条' });
    const rv = await generate(org.users.cityHandler, c.id, 'review_opinion');
    expect(rv.officeName).toBe('测试市');
    let text = await docxText((await file(org.users.cityHandler, c.id, rv.id, 'docx')).rawPayload);
    expect(text).toContain('复查请求理由：维修方案不能解决根本问题');
    expect(text).toContain('维持原处理意见。经复查，原处理意见事实清楚，予以维持。');
    expect(text).toContain('请求复核');
    expect((await api(h, null, 'POST', '/api/public/actions/request_rereview', { ...creds, input: { reason: '对复查意见不服' } })).status).toBe(200);
    await ok(org.users.provHandler, c.id, 'decide_rereview', { decision: 'upheld', opinion: '经复核，维持复查意见。' });
    const rr = await generate(org.users.provHandler, c.id, 'rereview_opinion');
    text = await docxText((await file(org.users.provHandler, c.id, rr.id, 'docx')).rawPayload);
    expect(text).toContain('信访事项复核意见书');
    expect(text).toContain('本复核意见为终结意见');
    ids.rereview = rr.id;
  });

  it('the citizen downloads their own notices from the portal, never the internal slip', async () => {
    const creds = { code: c.trackingCode, secret: c.trackingSecret };
    const list = await api(h, null, 'POST', '/api/public/documents', creds);
    expect(list.status).toBe(200);
    expect(list.body.items.every((d: any) => d.personal)).toBe(true);
    expect(list.body.items.map((d: any) => d.kind)).toContain('accept_notice');
    expect(list.body.items.map((d: any) => d.kind)).not.toContain('routing_slip');
    const pdf = await h.app.inject({ method: 'POST', url: '/api/public/documents/file', payload: { ...creds, documentId: ids.accept, format: 'pdf' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain('张三丰');
    const slip = await api(h, null, 'POST', '/api/public/documents/file', { ...creds, documentId: ids.slip, format: 'docx' });
    expect(slip.body.error.code).toBe('DOCUMENT_NOT_FOUND');
    const wrong = await api(h, null, 'POST', '/api/public/documents', { ...creds, secret: 'WRONG1' });
    expect(wrong.status).toBe(404);
  });

  it('who may read: outside the scope 404; a notice with the name only for roles that may see personal data', async () => {
    expect((await file(org.users.otherDispatcher, c.id, ids.accept!, 'docx')).statusCode).toBe(404);
    expect((await file(org.users.analyst, c.id, ids.accept!, 'docx')).statusCode).toBe(403);
    expect((await file(org.users.analyst, c.id, ids.slip!, 'docx')).statusCode).toBe(200);
    expect((await api(h, org.users.analyst, 'POST', `/api/cases/${c.id}/documents/accept_notice`)).status).toBe(403);
  });
});

describe('不予受理告知书 (第二十三条) and an accusation (第三十条)', () => {
  it('a refusal gives the reason and where to go', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '对法院判决不服' }))).body;
    await ok(org.users.dispatcher, c.id, 'not_accept', { reason: '属于已经或者依法应当通过诉讼解决的事项', suggestedAuthority: '测试市中级人民法院' });
    const d = await generate(org.users.dispatcher, c.id, 'not_accepted_notice');
    expect(d.docNo).toBe('不受〔2055〕1号');
    const text = await docxText((await file(org.users.dispatcher, c.id, d.id, 'docx')).rawPayload);
    expect(text).toContain('理由如下：属于已经或者依法应当通过诉讼解决的事项');
    expect(text).toContain('测试市中级人民法院');
  });

  it('the accused unit never receives the accuser’s notice: 404 through the API, no row under its database context', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ kind: 'accusation', title: '举报生态环境局违规收费', content: '生态环境局工作人员违规收费。', accusedUnitId: org.units.deptB.id }))).body;
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await ok(org.users.handlerA, c.id, 'sign');
    await ok(org.users.handlerA, c.id, 'accept', { procedure: '依法调查处理' });
    const d = await generate(org.users.handlerA, c.id, 'accept_notice');
    expect((await api(h, org.users.headB, 'GET', `/api/cases/${c.id}/documents`)).status).toBe(404);
    expect((await file(org.users.headB, c.id, d.id, 'pdf')).statusCode).toBe(404);
    const head = await h.rt.deps.db.selectFrom('users').select('id').where('username', '=', org.users.headB.username).executeTakeFirstOrThrow();
    const n = await withDbActor(h.rt.deps.db, { kind: 'staff', userId: head.id, unitPath: org.units.deptB.path }, (tx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM case_documents WHERE case_id = ${c.id}`.execute(tx));
    expect(n.rows[0]!.n).toBe(0);
    const none = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_documents WHERE case_id = ${c.id}`.execute(h.rt.deps.db);
    expect(none.rows[0]!.n).toBe(0);
  });
});

describe('templates per office', () => {
  it('an admin sets an office’s own wording and prefix; unknown placeholders are refused; deleting restores the default', async () => {
    const bad = await api(h, org.users.admin, 'PUT', '/api/document-templates/accept_notice', { officeUnitId: org.units.deptA.id, title: '受理告知书', prefix: '住建受', body: '{{nobody}}' });
    expect(bad.status).toBe(400);
    expect((await api(h, org.users.handlerA, 'GET', '/api/document-templates')).status).toBe(403);
    const put = await api(h, org.users.admin, 'PUT', '/api/document-templates/accept_notice', {
      officeUnitId: org.units.deptA.id,
      title: '住建局信访事项受理告知书',
      prefix: '住建受',
      body: '{{petitionerName}}：\n您的“{{title}}”已由{{officeName}}受理。',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.items.find((t: any) => t.kind === 'accept_notice').source).toBe('own');
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '路面塌陷' }))).body;
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await ok(org.users.handlerA, c.id, 'sign');
    await ok(org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    const d = await generate(org.users.handlerA, c.id, 'accept_notice');
    expect(d.docNo).toBe('住建受〔2055〕1号');
    const text = await docxText((await file(org.users.handlerA, c.id, d.id, 'docx')).rawPayload);
    expect(text).toContain('您的“路面塌陷”已由测试市住建局受理。');
    const del = await api(h, org.users.admin, 'DELETE', `/api/document-templates/accept_notice?officeUnitId=${org.units.deptA.id}`);
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    expect(del.body.items.find((t: any) => t.kind === 'accept_notice').source).toBe('default');
  });

  it('docs/documents.md reproduces every default template', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/documents.md'), 'utf8');
    for (const t of Object.values(DEFAULT_TEMPLATES)) {
      expect(doc).toContain(t.title);
      for (const line of t.body.split('\n')) expect(doc).toContain(line);
    }
  });
});
