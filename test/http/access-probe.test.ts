/**
 * Access probe (issue 9, docs/security.md "Access probe"), generated from the route table: for every route and every
 * input that names an object (path parameter, query or body field: a case, register record, unit, user, attachment
 * …), a user of district A sends district B's object, and a user of an accused unit sends the accusation's id in every
 * field that takes a case id. The answer must be exactly the answer to a random id (same status, code, message and
 * details) — a hidden object is indistinguishable from one that does not exist (信访工作条例 第三十条: accusation
 * materials never reach the accused). A route or field the probe does not know fails the test, so coverage cannot rot;
 * inputs that name no scoped object are allow-listed with the reason. test/http/access.test.ts holds the hand-written
 * scenarios; this file is the exhaustive sweep. Simulated year 2050.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, openApiDocument } from '../../src/http/route.js';
import { ROLES, type Role } from '../../src/org/roles.js';
import { createUnit, type UnitRow } from '../../src/org/units.js';
import { operationsOf, plausible, type Operation } from '../fuzz/generate.js';
import { Rng } from '../fuzz/values.js';
import { addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

/** What an input names. Kinds in NOT_SCOPED name no object of a district (with the reason). */
type Kind = 'case' | 'attachment' | 'supervision' | 'bulletin' | 'visit' | 'dispute' | 'hazard' | 'photo' | 'user' | 'unit' | 'rule' | 'report' | 'session' | 'webhook' | 'delivery' | 'import' | 'open311Key' | 'open311Remote' | 'document' | 'receptionDay' | 'receptionBooking' | 'coordination' | 'publication' | 'campaign' | 'campaignItem' | 'message';
const NOT_SCOPED = {
  category: 'categories are city-wide reference data, readable by every user and the public portal',
  template: 'reply templates are city-wide reference data (admin-managed, not owned by a district)',
  clockRule: 'a clock rule key names a statutory rule, not an object',
  year: 'a holiday year is calendar data',
  hotspotIndex: 'an index into the hotspot list the caller was already given for its own scope',
  format: 'a file format (xlsx, docx, pdf) of a report whose id is probed',
  intakeUnit: 'intakeUnitId is ignored by registration (the unit is the actor’s own); tested as unit ids elsewhere',
  exportFormat: 'a file format (csv, xlsx) of a case-list export, whose filters are probed',
  importErrorFormat: 'a file format (csv, xlsx) of an import’s error file, whose import id is probed',
  open311File: 'a resource of the public GeoReport v2 interface (service code, public request id, token): it shows only what the public may see, never personal data (test/http/open311.test.ts)',
  jurisdiction: 'a remote Open311 server’s jurisdiction_id, a string of that server, not an object here',
  receptionSlot: 'a slot of a published reception day is public (GET /api/public/reception/days lists it): anyone may book it',
  documentKind: 'a kind of statutory document (accept_notice …), a fixed list, not an object',
  documentFormat: 'a file format (docx, pdf) of a statutory document whose id is probed',
  publicReply: 'a published item of the 问政回复 board is public (GET /api/public/replies lists it, redacted); an unpublished one answers exactly like an unknown id (test/http/replyboard.test.ts)',
  importColumn: 'mapping.externalId of an import names a column header of the uploaded file (the other system’s id column), not an object here',
  publicReplyUnit: 'the replying-unit filter of the public 问政回复 board: it narrows published, redacted items anyone may read',
} as const;
type Resolved = { kind: Kind } | { notScoped: keyof typeof NOT_SCOPED };

/** An input of a route: a path parameter, a query parameter or a (possibly nested) body field */
export interface IdInput {
  where: 'path' | 'query' | 'body';
  name: string;
  /** the JSON path in the body */
  path: string[];
  array: boolean;
}

const ID_NAME = /(^id$|Id$|Ids$)/;

/** The probe mapping: which kind of object an input names. undefined: unknown, and the coverage test fails. */
export function resolve(op: { method: string; path: string }, input: IdInput): Resolved | undefined {
  const n = input.name;
  const p = op.path;
  if (input.where === 'path') {
    if (n === 'key' && p.startsWith('/api/admin/clock-rules')) return { notScoped: 'clockRule' };
    if (n === 'year' && p.startsWith('/api/admin/holiday-years')) return { notScoped: 'year' };
    if (n === 'index' && p.startsWith('/api/analytics/hotspots')) return { notScoped: 'hotspotIndex' };
    if (n === 'format' && p.startsWith('/api/reports/')) return { notScoped: 'format' };
    if (n === 'attachmentId') return { kind: 'attachment' };
    if (n === 'documentId') return { kind: 'document' };
    if (n === 'kind' && ((p.startsWith('/api/cases/') && p.includes('/documents/')) || p.startsWith('/api/document-templates/'))) return { notScoped: 'documentKind' };
    if (n === 'format' && p.includes('/documents/')) return { notScoped: 'documentFormat' };
    if (n === 'photoId') return { kind: 'photo' };
    if (n === 'format' && p.startsWith('/api/exports/')) return { notScoped: 'exportFormat' };
    if (n === 'deliveryId' && p.startsWith('/api/webhooks/')) return { kind: 'delivery' };
    if (n === 'format' && p.startsWith('/api/imports/')) return { notScoped: 'importErrorFormat' };
    if (n === 'file' && p.startsWith('/open311/v2/')) return { notScoped: 'open311File' };
    if (n === 'categoryId' && p.startsWith('/api/open311/services/')) return { notScoped: 'category' };
    if (n !== 'id') return undefined;
    const byPrefix: [string, Resolved][] = [
      ['/api/cases/', { kind: 'case' }],
      ['/api/supervision/bulletins/', { kind: 'bulletin' }],
      ['/api/supervision/', { kind: 'supervision' }],
      ['/api/visits/', { kind: 'visit' }],
      ['/api/disputes/', { kind: 'dispute' }],
      ['/api/hazards/', { kind: 'hazard' }],
      ['/api/coordination/', { kind: 'coordination' }],
      ['/api/replyboard/', { kind: 'publication' }],
      ['/api/public/replies/', { notScoped: 'publicReply' }],
      ['/api/campaigns/items/', { kind: 'campaignItem' }],
      ['/api/campaigns/', { kind: 'campaign' }],
      ['/api/users/', { kind: 'user' }],
      ['/api/units/', { kind: 'unit' }],
      ['/api/routing-rules/', { kind: 'rule' }],
      ['/api/reports/', { kind: 'report' }],
      ['/api/webhooks/', { kind: 'webhook' }],
      ['/api/imports/', { kind: 'import' }],
      ['/api/open311/keys/', { kind: 'open311Key' }],
      ['/api/open311/remotes/', { kind: 'open311Remote' }],
      ['/api/reception/days/', { kind: 'receptionDay' }],
      ['/api/reception/bookings/', { kind: 'receptionBooking' }],
      ['/api/auth/sessions/', { kind: 'session' }],
      ['/api/me/messages/', { kind: 'message' }],
      ['/api/templates/', { notScoped: 'template' }],
      ['/api/categories/', { notScoped: 'category' }],
    ];
    return byPrefix.find(([prefix]) => p.startsWith(prefix))?.[1];
  }
  if (n === 'categoryId' || (n === 'parentId' && p === '/api/categories')) return { notScoped: 'category' };
  if (n === 'categoryIds' && p.startsWith('/api/campaigns')) return { notScoped: 'category' };
  if (n === 'campaignId' && p.startsWith('/api/campaigns')) return { kind: 'campaign' };
  if (n === 'intakeUnitId') return { notScoped: 'intakeUnit' };
  if (n === 'externalId' && p.startsWith('/api/imports/')) return { notScoped: 'importColumn' };
  if (n === 'defaultCategoryId' && p.startsWith('/api/imports/')) return { notScoped: 'category' };
  if (n === 'unitId' && p === '/api/public/replies') return { notScoped: 'publicReplyUnit' };
  if (n === 'slotId' && p === '/api/public/reception/bookings') return { notScoped: 'receptionSlot' };
  if (n === 'jurisdictionId' && p.startsWith('/api/open311/')) return { notScoped: 'jurisdiction' };
  if (/^(caseId|relatedCaseId|repeatOfCaseId)$/.test(n)) return { kind: 'case' };
  if (n === 'documentId') return { kind: 'document' };
  if (/(^unitIds?$|UnitId$|UnitIds$|^parentId$)/.test(n)) return { kind: 'unit' };
  if (/(UserId$|UserIds$)/.test(n)) return { kind: 'user' };
  return undefined;
}

/** Every input of an operation that names something: path parameters, and query and body fields named …id/…Id/…Ids */
export function idInputsOf(op: Operation): IdInput[] {
  const out: IdInput[] = op.params.map((name) => ({ where: 'path' as const, name, path: [name], array: false }));
  for (const q of op.query) if (ID_NAME.test(q.name)) out.push({ where: 'query', name: q.name, path: [q.name], array: false });
  const walk = (s: any, path: string[], root: any, depth = 0) => {
    if (!s || typeof s !== 'object' || depth > 10) return;
    if (s.$ref) return walk(root.$defs?.[String(s.$ref).split('/').pop()!], path, root, depth + 1);
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const x of s[k] ?? []) walk(x, path, root, depth + 1);
    for (const [k, v] of Object.entries<any>(s.properties ?? {})) {
      if (ID_NAME.test(k) && !out.some((i) => i.where === 'body' && i.path.join('.') === [...path, k].join('.')))
        out.push({ where: 'body', name: k, path: [...path, k], array: v?.type === 'array' || (v?.anyOf ?? []).some((x: any) => x.type === 'array') });
      else if (v?.type === 'object' || v?.properties) walk(v, [...path, k], root, depth + 1);
    }
  };
  if (op.body) walk(op.body.schema, [], op.body.schema);
  return out;
}

/** Routes whose operations take no id at all, each with the reason it needs no probe */
export const NO_ID_ROUTES: Record<string, string> = {
  'POST /api/imports': 'starts an import into the caller’s own scope (upload)',
  'GET /api/imports': 'lists the caller’s own imports',
  'GET /api/open311/keys': 'admin: the keys of the caller’s scope',
  'GET /api/open311/remotes': 'admin: the remote servers of the caller’s scope',
  'GET /open311/discovery.json': 'public GeoReport v2 discovery',
  'GET /open311/v2/services.json': 'public GeoReport v2 service list (our categories)',
  'POST /open311/v2/requests.json': 'public GeoReport v2 intake with an api_key',
  'GET /open311/v2/requests.json': 'public GeoReport v2 list: public matters only, no personal data',
  'GET /open311/v2/servicerequestupdates.json': 'public GeoReport v2 updates: public notes only',
  'POST /open311/v2/servicerequestupdates.json': 'back-office update with an api_key, checked against the key’s scope (test/http/open311.test.ts)',
  'GET /open311/discovery.xml': 'public GeoReport v2 discovery',
  'GET /open311/v2/services.xml': 'public GeoReport v2 service list (our categories)',
  'POST /open311/v2/requests.xml': 'public GeoReport v2 intake with an api_key',
  'GET /open311/v2/requests.xml': 'public GeoReport v2 list: public matters only, no personal data',
  'GET /open311/v2/servicerequestupdates.xml': 'public GeoReport v2 updates: public notes only',
  'POST /open311/v2/servicerequestupdates.xml': 'back-office update with an api_key, checked against the key’s scope (test/http/open311.test.ts)',
  'GET /open311/v2/*': 'unknown GeoReport resource: 404 in the spec’s error format',
  'POST /open311/v2/*': 'unknown GeoReport resource: 404 in the spec’s error format',
  'GET /api/workflows': 'public description of the register tables',
  'GET /api/health': 'liveness',
  'GET /api/openapi.json': 'the API description',
  'GET /api/lifecycle': 'the transition table',
  'GET /api/calendar/deadline': 'date arithmetic on given dates',
  'POST /api/auth/login': 'credentials only',
  'POST /api/auth/logout': 'ends the caller’s own session',
  'GET /api/auth/me': 'the caller',
  'POST /api/tokens': 'a token for the caller',
  'POST /api/auth/password': 'the caller’s own password',
  'GET /api/auth/sessions': 'the caller’s own sessions',
  'POST /api/auth/sessions/revoke-others': 'the caller’s own sessions',
  'GET /api/me/notify': 'the caller’s own notice settings',
  'PUT /api/me/notify': 'the caller’s own notice settings',
  'GET /api/me/notifications': 'the notices sent to the caller (user_id = the caller), under the case shield',
  'GET /api/me/messages': 'the caller’s own messages (user_id = the caller), of cases the caller may read',
  'GET /api/me/messages/count': 'the number of the caller’s own unread messages',
  'POST /api/me/messages/read-all': 'marks the caller’s own messages read',
  'GET /api/units': 'lists the caller’s scope',
  'GET /api/users': 'lists the caller’s scope',
  'GET /api/categories': 'reference data',
  'GET /api/cases': 'lists the caller’s scope (scope of filters tested in access.test.ts)',
  'GET /api/cases/stats': 'counts in the caller’s scope',
  'POST /api/public/lookup': 'tracking code and secret (a capability, not an id)',
  'POST /api/public/actions/evaluate': 'tracking code and secret',
  'POST /api/public/actions/request_review': 'tracking code and secret',
  'POST /api/public/actions/request_rereview': 'tracking code and secret',
  'POST /api/public/attachments': 'tracking code and secret (multipart fields)',
  'POST /api/public/documents': 'tracking code and secret: the documents addressed to that citizen',
  'POST /api/public/replies/consent/withdraw': 'tracking code and query code: withdraws that citizen’s consent to publication',
  'GET /api/admin/clock-rules': 'configuration',
  'POST /api/admin/sweep-clocks': 'no input',
  'GET /api/analytics/hotspots': 'the caller’s scope',
  'POST /api/admin/hotspots/refresh': 'no object input',
  'POST /api/admin/text-models/train': 'no input',
  'GET /api/admin/text-models': 'model versions',
  'GET /api/admin/dictionary': 'word list',
  'POST /api/admin/dictionary': 'word list',
  'GET /api/routing-rules': 'lists the caller’s scope',
  'GET /api/supervision/board': 'the caller’s scope',
  'GET /api/supervision/bulletins': 'the caller’s scope',
  'POST /api/supervision/bulletins': 'a period of the caller’s own scope',
  'GET /api/visits/board': 'the caller’s scope',
  'GET /api/disputes/board': 'the caller’s scope',
  'GET /api/disputes/stats': 'the caller’s scope',
  'POST /api/disputes': 'a new record of the caller’s unit (parties by name)',
  'GET /api/hazards/board': 'the caller’s scope',
  'GET /api/hazards/map': 'the caller’s scope',
  'GET /api/geo/boundaries': 'map shapes',
  'GET /api/reports': 'the caller’s scope',
  'GET /api/webhooks/event-types': 'the list of event type names',
  'POST /api/webhooks': 'a new subscription of the caller’s own scope (a URL and event types)',
  'GET /api/webhooks': 'lists the caller’s scope',
  'GET /api/reception/days': 'lists the caller’s scope',
  'GET /api/campaigns': 'lists the campaigns of the caller’s scope (and those with an item in it)',
  'GET /api/reception/leader-cases': 'the caller’s scope',
  'GET /api/public/reception/days': 'public list of published reception days (no people)',
  'POST /api/public/reception/bookings/lookup': 'a booking code (a capability, not an id)',
  'POST /api/public/reception/bookings/cancel': 'a booking code (a capability, not an id)',
};

/** the problems of a route table: routes with an input the probe cannot map, or neither inputs nor an allow-list entry */
export function coverageProblems(ops: Operation[]): string[] {
  const problems: string[] = [];
  for (const op of ops) {
    const key = `${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`;
    const inputs = idInputsOf(op);
    if (inputs.length === 0 && !(key in NO_ID_ROUTES)) problems.push(`${key}: takes no id and is not in NO_ID_ROUTES (add it with the reason)`);
    if (inputs.length > 0 && key in NO_ID_ROUTES) problems.push(`${key}: is in NO_ID_ROUTES but takes ${inputs.map((i) => i.name).join(', ')}`);
    for (const i of inputs) if (!resolve(op, i)) problems.push(`${key}: no probe mapping for ${i.where} input "${i.path.join('.')}"`);
  }
  return problems;
}

let h: Harness;
let org: Org;
/** district A is the harness's district; district B is a sibling made here */
const A = {} as Record<'office' | 'street', UnitRow>;
const B = {} as Record<'district' | 'office' | 'street', UnitRow>;
const actors = {} as Record<'a' | 'b' | 'accused', TestUser>;
const objects = { A: {} as Partial<Record<Kind, string>>, B: {} as Partial<Record<Kind, string>>, accusation: '' };
const ALL_ROLES = [...ROLES] as Role[];

async function created(r: { status: number; body: any }, what: string): Promise<string> {
  expect([200, 201, 202], `${what}: ${JSON.stringify(r.body)}`).toContain(r.status);
  return String(r.body.id ?? r.body.items?.[0]?.id);
}

const png = (boundary: string) =>
  Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
async function uploadTo(user: TestUser, url: string) {
  const boundary = `----probe${randomUUID()}`;
  const r = await h.app.inject({ method: 'POST', url, headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: png(boundary) });
  return { status: r.statusCode, body: r.json() };
}

const REPLY = {
  decision: 'support',
  facts: '经现场核查，路灯线路老化损坏。',
  reasons: '属于市政设施维护范围。',
  legalBasis: '《城市道路管理条例》第二十一条',
  text: '经调查，您反映的问题属实，已安排维修。',
};

/** One district's objects, made by a user of that district with every role (and a head of its street) */
async function makeObjects(key: string, user: TestUser, street: UnitRow, admin: TestUser): Promise<Partial<Record<Kind, string>>> {
  const o: Partial<Record<Kind, string>> = {};
  // a user of the district's street, only ever the object of requests (a probe may change or deactivate it)
  const streetUser = await addUser(h, org, `${key}target`, street, ['handler', 'unit_head', 'mediator']);
  // a webhook subscription first, so the case below leaves a delivery in its log (no job runner here: never sent)
  o.webhook = await created(await api(h, admin, 'POST', '/api/webhooks', { name: `${key} hook`, url: 'http://127.0.0.1:9/probe', eventTypes: ['register'] }), 'webhook');
  o.case = await created(await api(h, user, 'POST', '/api/cases', sampleCase()), 'case');
  o.delivery = (await api(h, admin, 'GET', `/api/webhooks/${o.webhook}/deliveries`)).body.items[0]?.id;
  // a return visit needs a matter whose reply was issued: a second case, routed to the street and answered there
  const replied = await created(await api(h, user, 'POST', '/api/cases', sampleCase({ title: '背街小巷路灯损坏', publishConsent: true })), 'case to reply');
  for (const [who, action, input] of [
    [user, 'route', { mode: 'forward', leadUnitId: street.id }],
    [streetUser, 'sign', {}],
    [streetUser, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' }],
    [streetUser, 'draft_reply', REPLY],
    [streetUser, 'approve_reply', {}],
  ] as const) {
    const r = await api(h, who, 'POST', `/api/cases/${replied}/actions/${action}`, input);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  }
  const tasks = await api(h, user, 'GET', `/api/visits?caseId=${replied}`);
  o.visit = tasks.body.items[0]?.id ?? (await created(await api(h, user, 'POST', '/api/visits', { caseId: replied }), 'visit'));
  o.document = await created(await api(h, user, 'POST', `/api/cases/${replied}/documents/handling_opinion`), 'document');
  o.attachment = await created(await uploadTo(user, `/api/cases/${o.case}/attachments`), 'attachment');
  o.supervision = await created(await api(h, user, 'POST', '/api/supervision', { unitId: street.id, reason: '街道对漏水问题推诿拖延，需督办。', caseId: o.case }), 'supervision');
  o.dispute = await created(
    await api(h, user, 'POST', '/api/disputes', {
      type: 'neighbours', title: '装修噪音邻里纠纷', description: '装修期间长期噪音扰民，双方多次争吵。', place: street.name, source: 'grid',
      parties: [{ role: 'applicant', name: '李四海' }, { role: 'respondent', name: '王五福' }],
    }),
    'dispute',
  );
  o.hazard = await created(await api(h, user, 'POST', '/api/hazards', { source: 'inspection', type: 'gas', grade: 'general', title: '燃气软管老化', description: '底商餐饮店燃气软管老化开裂。', place: street.name, foundBy: '检查组' }), 'hazard');
  o.photo = await created(await uploadTo(user, `/api/hazards/${o.hazard}/photos?stage=found`), 'photo');
  o.publication = await created(await api(h, user, 'POST', '/api/replyboard', { caseId: replied, title: '背街小巷路灯损坏', summary: '反映背街小巷路灯损坏。', reply: REPLY.text }), 'publication');
  o.coordination = await created(await api(h, user, 'POST', '/api/coordination', { kind: 'hard_case', caseId: o.case, title: '漏水问题联席协调', description: '楼顶漏水涉及街道与物业多方，需联席会议协调。', unitIds: [street.id] }), 'coordination');
  // a backlog campaign of the district's cases (all registered today), and one of its items
  const campaign = await api(h, user, 'POST', '/api/campaigns', { name: `${key}积案化解专项行动`, periodStart: '2050-03-01', periodEnd: '2050-06-30', targetDate: '2050-06-30', filter: { registeredBefore: '2050-03-03' } });
  o.campaign = await created(campaign, 'campaign');
  o.campaignItem = (await api(h, user, 'GET', `/api/campaigns/items?campaignId=${o.campaign}`)).body.items[0]?.id;
  o.user = streetUser.id;
  o.unit = street.id;
  o.rule = await created(await api(h, admin, 'POST', '/api/routing-rules', { name: '漏水派街道', keywords: ['漏水'], unitId: street.id }), 'rule');
  o.report = await created(await api(h, user, 'POST', '/api/reports', { kind: 'monthly', unitId: street.id, from: '2050-02-01', to: '2050-02-28' }), 'report');
  o.bulletin = await created(await api(h, user, 'POST', '/api/supervision/bulletins', { from: '2050-01-01', to: '2050-02-28' }), 'bulletin');
  const day = await api(h, user, 'POST', '/api/reception/days', { day: '2050-03-20', place: `${key}接待大厅`, leaderName: '王主任', leaderPost: '主任', slots: [{ start: '09:00', end: '10:00', capacity: 5 }] });
  o.receptionDay = await created(day, 'reception day');
  await created(await api(h, null, 'POST', '/api/public/reception/bookings', { slotId: day.body.slots[0].id, name: '孙八', phone: '13600003333', summary: '反映小区停车位被占用' }), 'booking');
  o.receptionBooking = (await api(h, user, 'GET', `/api/reception/days/${o.receptionDay}/bookings`)).body.items[0]?.id;
  // a message in the user's own bell: the intake unit's dispatchers are told of a return (退单) by the street
  const objected = await created(await api(h, user, 'POST', '/api/cases', sampleCase({ title: '小区路面破损' })), 'case to return');
  for (const [who, action, input] of [
    [user, 'route', { mode: 'forward', leadUnitId: street.id }],
    [streetUser, 'object', { reason: '路面属于市政道路，不属于街道职权范围，请改派。' }],
  ] as const) {
    const r = await api(h, who, 'POST', `/api/cases/${objected}/actions/${action}`, input);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  }
  o.message = (await api(h, user, 'GET', '/api/me/messages')).body.items.find((m: { caseId: string }) => m.caseId === objected)?.id;
  const sessions = await api(h, streetUser, 'GET', '/api/auth/sessions');
  o.session = sessions.body.items[0].id;
  return o;
}

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2050-03-02T02:00:00Z');
  org = await makeOrg(h);
  A.office = org.units.districtOffice;
  A.street = org.units.street;
  const u = (code: string, name: string, type: Parameters<typeof createUnit>[1]['type'], parent: UnitRow) =>
    createUnit(h.rt.deps.db, { code: `${code}-${org.tag}`, name, type, parentId: parent.id });
  B.district = await u('D2', '西区', 'district', org.units.city);
  B.office = await u('D2XF', '西区信访办', 'petition_office', B.district);
  B.street = await u('D2S1', '西区白沙街道', 'street', B.district);
  actors.a = await addUser(h, org, 'probeA', A.office, ALL_ROLES);
  actors.b = await addUser(h, org, 'probeB', B.office, ALL_ROLES);
  const aStreet = await addUser(h, org, 'probeAstreet', A.street, ALL_ROLES);
  // the accused unit's user: every role, in the street the accusation is about
  actors.accused = aStreet;
  objects.B = await makeObjects('probeB', actors.b, B.street, actors.b);
  objects.A = await makeObjects('probeA', actors.a, A.street, actors.a);
  const acc = await api(h, actors.a, 'POST', '/api/cases', sampleCase({ kind: 'accusation', title: '举报街道工作人员违规收费', content: '青山街道工作人员违规收取商户费用，请求调查处理。', accusedUnitId: A.street.id }));
  objects.accusation = await created(acc, 'accusation');
  await api(h, actors.a, 'POST', `/api/cases/${objects.accusation}/actions/route`, { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
}, 240_000);
afterAll(async () => h?.close());

/** an id of the same form as the real one (a number for units, a UUID for most records) that names nothing */
const randomLike = (id: string | undefined) => (id && /^\d+$/.test(id) ? '987654321' : randomUUID());

/** The request for an operation with given values for its id inputs; the rest of the body from the schema */
function requestFor(op: Operation, inputs: IdInput[], values: Map<IdInput, string>, seed: number) {
  const rng = new Rng(seed);
  const pools = { idsFor: () => [] as string[] };
  let url = op.path;
  const query: string[] = [];
  const body = op.body && op.body.mediaType === 'application/json' ? (plausible(op.body.schema, rng, op, pools) as Record<string, unknown>) ?? {} : undefined;
  for (const i of inputs) {
    const v = values.get(i)!;
    if (i.where === 'path') url = url.replace(`{${i.name}}`, encodeURIComponent(v));
    else if (i.where === 'query') query.push(`${i.name}=${encodeURIComponent(v)}`);
    else if (body) {
      let cur = body as Record<string, unknown>;
      for (const k of i.path.slice(0, -1)) cur = (cur[k] && typeof cur[k] === 'object' ? cur[k] : (cur[k] = {})) as Record<string, unknown>;
      cur[i.path.at(-1)!] = i.array ? [v] : v;
    }
  }
  return { url: query.length ? `${url}?${query.join('&')}` : url, body };
}

async function send(user: TestUser, op: Operation, req: { url: string; body?: unknown }) {
  if (op.body?.mediaType === 'multipart/form-data') {
    const boundary = '----probeboundary';
    const r = await h.app.inject({ method: op.method as 'POST', url: req.url, headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: png(boundary) });
    return { status: r.statusCode, body: r.json() as any };
  }
  return api(h, user, op.method, req.url, op.method === 'GET' || op.method === 'DELETE' ? undefined : (req.body ?? {}));
}

/** the answer with every id it contains replaced, so that a foreign and a random id can be compared */
const normalized = (r: { status: number; body: any }, ids: string[]) => {
  let text = JSON.stringify(r.body);
  for (const id of ids) text = text.split(id).join('<id>');
  return `${r.status} ${text}`;
};

describe('access probe, generated from the route table', () => {
  it('every route is mapped: each id input has a probe kind or an allow-listed reason; a new unmapped route fails', () => {
    const ops = operationsOf(openApiDocument() as never);
    expect(ops.length).toBe(allRoutes().length);
    expect(coverageProblems(ops)).toEqual([]);
    // the check catches what it must: an unknown route, an unknown id field, a path parameter of a new register
    const fake: Operation[] = [
      { method: 'GET', path: '/api/new-things', params: [], query: [], staffOnly: true },
      { method: 'POST', path: '/api/cases/{id}/actions/teleport', params: ['id'], query: [], body: { mediaType: 'application/json', schema: { type: 'object', properties: { targetPlanetId: { type: 'string' } } } }, staffOnly: true },
      { method: 'GET', path: '/api/petitions/{id}', params: ['id'], query: [], staffOnly: true },
    ];
    const problems = coverageProblems(fake);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/new-things.*NO_ID_ROUTES/);
    expect(problems.join('\n')).toMatch(/targetPlanetId/);
    expect(problems.join('\n')).toMatch(/petitions.*"id"/);
    // the allow-list names only routes that exist
    const keys = new Set(ops.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(Object.keys(NO_ID_ROUTES).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('district A sends district B’s objects, and the accused unit sends the accusation, in every id input: always the answer to a random id', async () => {
    const ops = operationsOf(openApiDocument() as never);
    const leaks: string[] = [];
    let probes = 0;
    let discriminating = 0;
    const perKind: Record<string, number> = {};
    const missingObjects = new Set<string>();
    let seed = 1;
    for (const op of ops) {
      const inputs = idInputsOf(op);
      const scoped = inputs.map((i) => ({ i, r: resolve(op, i)! })).filter((x): x is { i: IdInput; r: { kind: Kind } } => 'kind' in x.r);
      if (scoped.length === 0) continue;
      const base = (district: typeof objects.A) => {
        const m = new Map<IdInput, string>();
        for (const i of inputs) {
          const r = resolve(op, i)!;
          m.set(i, 'kind' in r ? (district[r.kind] ?? randomUUID()) : r.notScoped === 'format' ? 'xlsx' : r.notScoped === 'exportFormat' ? 'csv' : r.notScoped === 'year' ? '2050' : r.notScoped === 'clockRule' ? 'route' : r.notScoped === 'hotspotIndex' ? '0' : '1');
        }
        return m;
      };
      for (const { i, r } of scoped) {
        const scenarios: { who: string; user: TestUser; foreign: string | undefined; own: Map<IdInput, string>; foreignSet: Map<IdInput, string> }[] = [
          { who: 'district A → B', user: actors.a, foreign: objects.B[r.kind], own: base(objects.A), foreignSet: base(objects.B) },
        ];
        if (r.kind === 'case') {
          const set = base(objects.A);
          set.set(i, objects.accusation);
          scenarios.push({ who: 'accused unit → accusation', user: actors.accused, foreign: objects.accusation, own: base(objects.A), foreignSet: set });
        }
        for (const s of scenarios) {
          if (!s.foreign) {
            missingObjects.add(r.kind);
            continue;
          }
          const foreignIds = [...s.foreignSet.values()];
          const randomSet = new Map(s.foreignSet);
          const random = randomLike(s.foreign);
          randomSet.set(i, random);
          const n = seed++;
          const foreign = await send(s.user, op, requestFor(op, inputs, s.foreignSet, n));
          const rnd = await send(s.user, op, requestFor(op, inputs, randomSet, n));
          probes++;
          perKind[r.kind] = (perKind[r.kind] ?? 0) + 1;
          const a = normalized(foreign, [...foreignIds, random]);
          const b = normalized(rnd, [...foreignIds, random]);
          if (a !== b)
            leaks.push(`${s.who}: ${op.method} ${op.path} ${i.where}:${i.path.join('.')} foreign → ${a.slice(0, 300)} | random → ${b.slice(0, 300)}`);
          // the same request with the actor's own object: does it get further than a random id? (proves the probe reaches the lookup)
          if (s.who.startsWith('district')) {
            const own = await send(s.user, op, requestFor(op, inputs, s.own, n));
            if (normalized(own, [...s.own.values(), random]) !== b) discriminating++;
          }
        }
      }
    }
    console.log(
      `access probe (${h.backend}): ${probes} probes, ${leaks.length} leaks; ${discriminating} of the district probes answered differently for the actor’s own object (so they reached the lookup)\n` +
        `  by kind: ${Object.entries(perKind).map(([k, n]) => `${k} ${n}`).join(', ')}${missingObjects.size ? `\n  kinds without an object to probe with: ${[...missingObjects].join(', ')}` : ''}`,
    );
    expect(leaks).toEqual([]);
    expect(probes).toBeGreaterThan(100);
    expect(discriminating).toBeGreaterThan(probes / 3);
  }, 600_000);
});
