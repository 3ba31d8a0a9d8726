/**
 * Demo data: a made-up city (江城市) with its units, one user per role and unit, categories, and about 200 matters
 * driven through the REAL use cases (registerCase, performAction, sweepClocks) with a shifted clock, so statuses,
 * clocks, events and the audit trail are exactly what the application would have produced.
 *
 * Every demo user has the password DEMO_PASSWORD ('minsheng-demo'). Deterministic: a seeded PRNG, with dates counted
 * back from the start of the current day (China Standard Time), so the demo looks the same whenever it is seeded
 * on a given day. No text comes from a real case; names, phone numbers and places are invented; resident ID numbers
 * (only on some walk-in visits) use the impossible region code 990000 and sequence 000.
 */
import { sql } from 'kysely';
import type { Runtime } from '../bootstrap.js';
import { addCalendarDays, cstDateOf, startOfDayCst, type IsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import type { Deps } from '../workflow/deps.js';
import { performAction } from '../cases/perform-action.js';
import { registerCase } from '../cases/register-case.js';
import type { Channel, Rating } from '../cases/states.js';
import { sweepClocks } from '../clocks/sweep.js';
import { refreshHotspots } from '../intel/hotspots.js';
import { trainModels } from '../intel/models.js';
import type { Actor, StaffActor } from '../org/actor.js';
import { hashPassword, staffActorQuery, toStaffActor } from '../org/auth.js';
import { createUnit } from '../org/units.js';
import {
  CITY,
  CITY_DEPTS,
  COURT,
  DISCIPLINE,
  DISTRICTS,
  HOTLINE,
  PETITION_BUREAU,
  districtDeptCode,
  districtOfficeCode,
  streetCode,
  unitDefs,
  userDefs,
  type CityDeptKey,
  type DistrictDef,
  type StreetDef,
} from './org.js';
import { Rng } from './random.js';
import { seedHazards } from './hazards.js';
import { seedMediation } from './mediation.js';
import { seedSupervision } from './supervision.js';
import { seedBoundaries } from './geo/boundaries.js';
import { seedVisitPolicies, seedVisits } from './visits.js';
import * as T from './texts.js';
import type { Template } from './texts.js';

export const DEMO_PASSWORD = 'minsheng-demo';
const SEED = 12345;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_AGE_DAYS = 88;
const META = { userAgent: 'minsheng-seed' };

export interface SeedResult {
  users: Array<{ username: string; password: string; roles: string[]; unit: string }>;
  cases: number;
}

/** True when no unit exists yet (a fresh database). */
export async function isEmpty(rt: Runtime): Promise<boolean> {
  const row = await rt.deps.db.selectFrom('units').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
  return row.n === '0';
}

export async function seedDemo(rt: Runtime, opts: { log?: (s: string) => void } = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  if (!(await isEmpty(rt))) throw new Error('seedDemo: the database already has units; demo data goes only into an empty database');
  const started = Date.now();
  const db = rt.deps.db;

  // 1. units
  const units = new Map<string, { id: string; name: string; parentCode: string | null }>();
  for (const u of unitDefs()) {
    const parentId = u.parent ? units.get(u.parent)!.id : null;
    const row = await createUnit(db, { code: u.code, name: u.name, nameEn: u.nameEn, type: u.type, parentId });
    units.set(u.code, { id: row.id, name: u.name, parentCode: u.parent });
  }
  log(`units: ${units.size} (${Date.now() - started} ms)`);

  // 2. users (argon2 is slow: hash the one demo password once)
  const hash = await hashPassword(DEMO_PASSWORD);
  const defs = userDefs();
  await db
    .insertInto('users')
    .values(defs.map((u) => ({ username: u.username, display_name: u.displayName, password_hash: hash, roles: u.roles, unit_id: units.get(u.unit)!.id })))
    .execute();
  log(`users: ${defs.length} (${Date.now() - started} ms)`);

  // 3. categories
  const cats = await db
    .insertInto('categories')
    .values(T.CATEGORIES.map((c) => ({ code: c.code, name: c.name, name_en: c.en, kind: c.kind })))
    .returning(['id', 'code'])
    .execute();
  const categoryIds = new Map(cats.map((c) => [c.code, c.id]));

  // 3b. what an office configures early on: reply templates and routing rules (administration pages)
  const cat = (code: string) => categoryIds.get(code) ?? null;
  await db
    .insertInto('response_templates')
    .values([
      { title: '物业服务类答复（支持）', category_id: cat('CXJS'), decision: 'support', body: '您反映的小区物业服务问题，经我单位调查核实，情况属实。我单位已约谈物业服务企业，责令其于十五日内整改到位，并将跟踪整改情况。如对本处理意见不服，可自收到本意见书之日起三十日内向上一级机关请求复查。' },
      { title: '解释说明类答复', category_id: null, decision: 'explain', body: '您反映的问题我们已认真研究。经核查，您的诉求事由合理，但目前缺乏相应的政策依据，现就有关情况解释说明如下：……如对本处理意见不服，可自收到本意见书之日起三十日内向上一级机关请求复查。' },
      { title: '欠薪类答复（支持）', category_id: cat('LDSB'), decision: 'support', body: '经劳动保障监察调查，用人单位存在拖欠劳动报酬的情况。我局已依法下达《劳动保障监察限期整改指令书》，责令其限期足额支付。如对本处理意见不服，可自收到本意见书之日起三十日内向上一级机关请求复查。' },
    ])
    .execute();
  const unitByCode = (code: string) => units.get(code)!.id;
  await db
    .insertInto('routing_rules')
    .values([
      { name: '拖欠工资 → 人社局', category_id: null, keywords: ['拖欠工资', '欠薪', '工资'], place: null, unit_id: unitByCode('JC-RSJ'), priority: 10 },
      { name: '油烟、噪音、污染 → 生态环境局', category_id: null, keywords: ['油烟', '噪音', '噪声', '污染'], place: null, unit_id: unitByCode('JC-STHJJ'), priority: 20 },
      { name: '物业服务 → 住建局', category_id: cat('CXJS'), keywords: ['物业'], place: null, unit_id: unitByCode('JC-ZJJ'), priority: 30 },
    ])
    .execute();

  // 4. staff actors, built as the session loader builds them
  const actors = await loadActors(rt);

  // 4b. the return-visit policy (3 × 100% and sampling) is configured before the first reply, so replies open tasks
  await seedVisitPolicies(rt, actors);

  // 5. cases
  const seeder = new CaseSeeder(rt, units, categoryIds, actors);
  const cases = await seeder.run(log);
  log(`cases: ${cases} (${Date.now() - started} ms so far)`);

  // 5b. return-visit staff work through the tasks the replies opened, before the sweep marks the late ones
  await seedVisits(rt, actors, log);

  // 6. clocks: sweep every past morning so overdue marks and warnings carry realistic dates, then once now
  let warned = 0;
  let overdue = 0;
  for (let date = seeder.firstDate; date < seeder.today; date = addCalendarDays(date, 1)) {
    const at = new Date(startOfDayCst(date).getTime() + 8 * HOUR);
    const r = await sweepClocks({ ...rt.deps, now: () => at });
    warned += r.warned;
    overdue += r.overdue;
  }
  const last = await sweepClocks(rt.deps);
  warned += last.warned;
  overdue += last.overdue;
  log(`clock sweep: ${warned} warnings, ${overdue} overdue (${Date.now() - started} ms)`);

  // 6b. the registers: disputes and hazards (each opens supervision items where the rules say so), then the
  // supervisors work through every item the lifecycle, the sweep and the registers opened
  await seedMediation(rt, { log });
  await seedHazards(rt, actors, log);
  await seedSupervision(rt, actors, log);
  // 6c. the outlines of the districts and streets the dashboards' map is drawn with
  await seedBoundaries(rt, log);

  // 7. the intelligence a real office would have after a while: classifiers from the settled cases, hotspots
  const trained = await trainModels(rt.deps, { minCases: 20 });
  const hot = await refreshHotspots(rt.deps, { periodDays: 30 });
  log(`text models: ${trained.map((t) => `${t.target} ${t.version ? `v${t.version} on ${t.cases}` : 'skipped'}`).join(', ')}; hotspots: ${hot.topics.length}; done in ${Date.now() - started} ms`);

  return {
    users: defs.map((u) => ({ username: u.username, password: DEMO_PASSWORD, roles: [...u.roles], unit: units.get(u.unit)!.name })),
    cases,
  };
}

async function loadActors(rt: Runtime): Promise<Map<string, StaffActor>> {
  const rows = await staffActorQuery(rt.deps.db).execute();
  return new Map(rows.map((r) => [r.username, toStaffActor(r, 'session')]));
}

// ---------------------------------------------------------------------------------------------------------------

type Gap = { kind: 'wd' | 'd' | 'c' | 'h'; n: number }; // working days, days (snapped to office hours), citizen days, hours
const wd = (n: number): Gap => ({ kind: 'wd', n });
const dd = (n: number): Gap => ({ kind: 'd', n });
const cd = (n: number): Gap => ({ kind: 'c', n });
const hh = (n: number): Gap => ({ kind: 'h', n });
// calendar days a gap takes, with room for weekends and holidays (a step landing on one waits for a working day)
const estimateDays = (g: Gap) => (g.kind === 'wd' ? g.n * 1.5 + 0.6 : g.kind === 'h' ? g.n / 24 : g.kind === 'd' ? g.n + 0.9 : g.n + 0.3);

interface Step {
  gap: Gap;
  run: (at: Date) => Promise<void>;
}

type Stop = 'registered' | 'dispatched' | 'signed' | 'objected' | 'accepted' | 'reply_pending' | 'replied' | 'review' | 'reviewed' | 'rereview' | 'rereviewed';

interface Plan {
  stop: Stop;
  /** days between the last step and today: [min, max] */
  slack: [number, number];
  notAccept?: boolean;
  decline?: boolean;
  guide?: 'signed' | 'accepted';
  objection?: 'upheld' | 'rejected';
  assist?: boolean;
  extension?: 'approved' | 'rejected';
  returnReply?: boolean;
  decision?: string;
  rating?: Rating;
  review?: 1 | 2;
  reviewRating?: Rating;
  rereviewRating?: Rating;
  pause?: 'paused' | 'resumed';
  visit?: 'solved' | 'partly_solved' | 'unsolved' | 'unreached';
  close?: boolean;
  reopen?: boolean;
  dups?: number;
  link?: boolean;
  /** the lead must be a district department or street (re-review needs two levels above it) */
  needLocal?: boolean;
  /** the lead must be a city department (objections, assisting units) */
  needCity?: boolean;
}

interface Lead {
  code: string;
  unitId: string;
  name: string;
  handler: string;
  head: string;
  /** the handler of the unit above the lead (复查) and above that (复核) */
  reviewer: string;
  rereviewer: string | null;
  routeType: 'normal' | 'legal' | 'discipline';
}

interface Place {
  district: DistrictDef;
  street: StreetDef;
  streetIdx: number;
}

type IntakeKind = 'portal' | 'city' | 'hotline' | 'district';

interface Person {
  name: string;
  phone?: string;
  address?: string;
  email?: string;
  idNumber?: string;
}

interface CaseCtx {
  no: number;
  scenario: string;
  tpl: Template;
  place: Place;
  vars: Record<string, string>;
  channel: Channel;
  intake: IntakeKind;
  anonymous: boolean;
  collective: boolean;
  petitioner?: Person;
  representatives: Person[];
  headcount?: number;
  plan: Plan;
  lead: Lead;
  wrongLead?: Lead;
  assist?: Lead;
  rng: Rng;
  id?: string;
  cursor?: Date;
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);

/** Departments a dispatcher could plausibly confuse: the source of objections (退单) and of assisting units. */
const CONFUSED: Record<CityDeptKey, CityDeptKey> = {
  zjj: 'cgj', cgj: 'zjj', sthj: 'cgj', rsj: 'mzj', mzj: 'rsj', scjg: 'wjw', wjw: 'ybj', ybj: 'wjw', jtj: 'gaj', gaj: 'jtj', jyj: 'wlj', wlj: 'jyj',
};

// Scenario → plan. Counts sum (with specials, merged duplicates and linked repeats) to about 200.
const SCENARIOS: Array<[string, number, () => Plan]> = [
  ['registered', 9, () => ({ stop: 'registered', slack: [0, 9] })],
  ['registered_overdue', 5, () => ({ stop: 'registered', slack: [17, 70] })],
  ['dispatched', 7, () => ({ stop: 'dispatched', slack: [0, 10] })],
  ['dispatched_overdue', 3, () => ({ stop: 'dispatched', slack: [17, 50] })],
  ['signed', 8, () => ({ stop: 'signed', slack: [0, 10] })],
  ['objected', 4, () => ({ stop: 'objected', slack: [0, 6], objection: 'upheld', needCity: true })],
  ['objection_upheld', 2, () => ({ stop: 'accepted', slack: [0, 30], objection: 'upheld', needCity: true })],
  ['objection_rejected', 2, () => ({ stop: 'replied', slack: [0, 30], objection: 'rejected', needCity: true, rating: 'basically_satisfied' })],
  ['accepted', 16, () => ({ stop: 'accepted', slack: [0, 45] })],
  ['accepted_assist', 3, () => ({ stop: 'accepted', slack: [0, 30], assist: true, needCity: true })],
  ['accepted_extension', 4, () => ({ stop: 'accepted', slack: [0, 15], extension: 'approved' })],
  ['accepted_extension_rejected', 1, () => ({ stop: 'accepted', slack: [0, 8], extension: 'rejected' })],
  ['accepted_overdue', 4, () => ({ stop: 'accepted', slack: [62, 80] })],
  ['accepted_linked', 3, () => ({ stop: 'accepted', slack: [0, 25], link: true })],
  ['reply_pending', 7, () => ({ stop: 'reply_pending', slack: [0, 10] })],
  ['reply_pending_returned', 2, () => ({ stop: 'reply_pending', slack: [0, 6], returnReply: true })],
  ['replied', 10, () => ({ stop: 'replied', slack: [0, 40] })],
  ['replied_evaluated', 12, () => ({ stop: 'replied', slack: [0, 40], rating: 'any' as Rating })],
  ['replied_evaluated_visited', 8, () => ({ stop: 'replied', slack: [0, 30], rating: 'any' as Rating, visit: 'solved' })],
  ['replied_visited', 4, () => ({ stop: 'replied', slack: [0, 30], visit: 'partly_solved' })],
  ['replied_with_duplicate', 3, () => ({ stop: 'replied', slack: [0, 30], rating: 'satisfied', dups: 1 })],
  ['review', 4, () => ({ stop: 'review', slack: [0, 18], review: 1, rating: 'dissatisfied', decision: 'explain' })],
  ['reviewed', 4, () => ({ stop: 'reviewed', slack: [0, 30], review: 1, rating: 'dissatisfied', decision: 'explain', reviewRating: 'basically_satisfied' })],
  ['rereview', 2, () => ({ stop: 'rereview', slack: [0, 15], review: 2, rating: 'dissatisfied', reviewRating: 'dissatisfied', decision: 'explain', needLocal: true })],
  ['rereview_hearing', 1, () => ({ stop: 'rereview', slack: [0, 20], review: 2, rating: 'dissatisfied', reviewRating: 'dissatisfied', decision: 'not_support', pause: 'paused', needLocal: true })],
  ['rereviewed', 2, () => ({ stop: 'rereviewed', slack: [0, 25], review: 2, rating: 'dissatisfied', reviewRating: 'dissatisfied', decision: 'explain', pause: 'resumed', needLocal: true })],
  ['not_accepted', 3, () => ({ stop: 'registered', slack: [0, 40], notAccept: true })],
  ['declined', 3, () => ({ stop: 'signed', slack: [0, 40], decline: true })],
  ['closed', 26, () => ({ stop: 'replied', slack: [0, 45], rating: 'any' as Rating, visit: 'solved', close: true })],
  ['closed_with_duplicates', 2, () => ({ stop: 'replied', slack: [0, 40], rating: 'satisfied', visit: 'solved', close: true, dups: 2 })],
  ['closed_linked', 1, () => ({ stop: 'replied', slack: [0, 20], rating: 'basically_satisfied', close: true, link: true })],
  ['closed_guided', 3, () => ({ stop: 'accepted', slack: [0, 45], guide: 'accepted', visit: 'solved' })],
  ['closed_not_accepted', 2, () => ({ stop: 'registered', slack: [0, 50], notAccept: true, close: true })],
  ['closed_declined', 1, () => ({ stop: 'signed', slack: [0, 50], decline: true, close: true })],
  ['closed_reviewed', 2, () => ({ stop: 'reviewed', slack: [0, 20], review: 1, rating: 'dissatisfied', decision: 'explain', reviewRating: 'satisfied', visit: 'solved', close: true })],
  ['closed_rereviewed', 2, () => ({ stop: 'rereviewed', slack: [0, 15], review: 2, rating: 'dissatisfied', reviewRating: 'dissatisfied', rereviewRating: 'basically_satisfied', decision: 'not_support', needLocal: true, close: true })],
  ['reopened', 1, () => ({ stop: 'replied', slack: [0, 15], rating: 'basically_satisfied', visit: 'unsolved', close: true, reopen: true })],
];

/** Matters pinned to a template: accusations, 涉法涉诉, collective visits, statutory procedures. */
const SPECIALS: Array<{ scenario: string; tpl: string; plan: () => Plan; anonymous?: boolean; collective?: boolean; channel?: Channel }> = [
  { scenario: 'accusation_replied', tpl: 'acc_subsistence', plan: () => ({ stop: 'replied', slack: [0, 30], decision: 'partly_substantiated', rating: 'satisfied' }), channel: 'letter' },
  { scenario: 'accusation_accepted', tpl: 'acc_enforcement', plan: () => ({ stop: 'accepted', slack: [0, 30] }), anonymous: true, channel: 'web' },
  { scenario: 'accusation_closed', tpl: 'acc_bidding', plan: () => ({ stop: 'replied', slack: [0, 20], decision: 'substantiated', close: true }), channel: 'email' },
  { scenario: 'legal_guided', tpl: 'court_judgment', plan: () => ({ stop: 'signed', slack: [0, 40], guide: 'signed' }), channel: 'visit' },
  { scenario: 'legal_replied', tpl: 'court_enforcement', plan: () => ({ stop: 'replied', slack: [0, 30], decision: 'support', rating: 'basically_satisfied' }), channel: 'letter' },
  { scenario: 'collective_closed', tpl: 'wage_arrears', plan: () => ({ stop: 'replied', slack: [0, 30], decision: 'support', rating: 'satisfied', visit: 'solved', close: true }), collective: true, channel: 'visit' },
  { scenario: 'collective_accepted', tpl: 'wage_arrears', plan: () => ({ stop: 'accepted', slack: [0, 10] }), collective: true, channel: 'visit' },
  { scenario: 'collective_extension', tpl: 'delivery_delay', plan: () => ({ stop: 'accepted', slack: [0, 10], extension: 'approved' }), collective: true, channel: 'visit' },
  { scenario: 'collective_replied', tpl: 'property_certificate', plan: () => ({ stop: 'replied', slack: [0, 30], rating: 'basically_satisfied' }), collective: true, channel: 'visit' },
  { scenario: 'collective_signed', tpl: 'gym_closed', plan: () => ({ stop: 'signed', slack: [0, 6] }), collective: true, channel: 'visit' },
];

const GUIDE_TEMPLATES = ['work_injury', 'labor_contract', 'expropriation'];
const DECLINE_TEMPLATES = ['wall_leak', 'training_refund', 'renovation_noise', 'property_fee'];
const NOT_ACCEPT_TEMPLATES = ['labor_contract', 'medical_dispute', 'noise_bar'];
const RESERVED = new Set(['acc_subsistence', 'acc_enforcement', 'acc_bidding', 'court_judgment', 'court_enforcement', 'wage_arrears', 'delivery_delay', 'property_certificate', 'gym_closed']);

class CaseSeeder {
  private readonly rng = new Rng(SEED);
  readonly today: IsoDate;
  /** no step happens at or after this instant: the start of today (CST), and never later than two hours ago */
  private readonly limit: Date;
  firstDate: IsoDate;
  private count = 0;
  private readonly used = new Map<string, number>();

  constructor(
    private readonly rt: Runtime,
    private readonly units: Map<string, { id: string; name: string; parentCode: string | null }>,
    private readonly categoryIds: Map<string, string>,
    private readonly actors: Map<string, StaffActor>,
  ) {
    const now = rt.deps.now();
    this.today = cstDateOf(now);
    this.limit = new Date(Math.min(startOfDayCst(this.today).getTime(), now.getTime() - 2 * HOUR));
    this.firstDate = addCalendarDays(this.today, -MAX_AGE_DAYS - 2);
  }

  private get cal() {
    return this.rt.deps.clocks.calendar;
  }

  async run(log: (s: string) => void): Promise<number> {
    const jobs: Array<{ scenario: string; plan: Plan; tpl?: Template; anonymous?: boolean; collective?: boolean; channel?: Channel }> = [];
    for (const [scenario, n, plan] of SCENARIOS) for (let i = 0; i < n; i++) jobs.push({ scenario, plan: plan() });
    for (const s of SPECIALS) jobs.push({ scenario: s.scenario, plan: s.plan(), tpl: tpl(s.tpl), anonymous: s.anonymous, collective: s.collective, channel: s.channel });
    this.rng.shuffle(jobs);
    for (const tplKey of RESERVED) this.used.set(tplKey, 1);

    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!;
      const ctx = this.makeCase(i + 1, job);
      await this.drive(ctx);
      if ((i + 1) % 50 === 0) log(`  ${i + 1}/${jobs.length} matters driven`);
    }
    return this.count;
  }

  // ---- building a case -----------------------------------------------------------------------------------------

  private chooseTemplate(job: { scenario: string; plan: Plan }): Template {
    const p = job.plan;
    let pool = T.TEMPLATES.filter((t) => !RESERVED.has(t.key) && t.dept !== 'court' && t.dept !== 'jw');
    if (p.guide) pool = pool.filter((t) => GUIDE_TEMPLATES.includes(t.key));
    else if (p.decline) pool = pool.filter((t) => DECLINE_TEMPLATES.includes(t.key));
    else if (p.notAccept) pool = pool.filter((t) => NOT_ACCEPT_TEMPLATES.includes(t.key));
    if (p.needLocal) pool = pool.filter((t) => t.local !== undefined);
    if (p.needCity) pool = pool.filter((t) => t.local === undefined);
    if (p.decision === 'not_support') pool = pool.filter((t) => t.deny !== undefined && t.local !== undefined);
    if (p.review) pool = pool.filter((t) => T.CATEGORIES.find((c) => c.code === t.cat)!.kind === 'appeal');
    if (pool.length === 0) throw new Error(`seed: no template fits scenario ${job.scenario}`);
    const least = Math.min(...pool.map((t) => this.used.get(t.key) ?? 0));
    const t = this.rng.pick(pool.filter((x) => (this.used.get(x.key) ?? 0) === least));
    this.used.set(t.key, least + 1);
    return t;
  }

  private makeCase(no: number, job: { scenario: string; plan: Plan; tpl?: Template; anonymous?: boolean; collective?: boolean; channel?: Channel }): CaseCtx {
    const r = new Rng(SEED * 31 + no * 7919);
    const plan = job.plan;
    const t = job.tpl ?? this.chooseTemplate(job);
    const district = r.pick(DISTRICTS);
    const streetIdx = r.int(0, district.streets.length - 1);
    const street = district.streets[streetIdx]!;
    const place: Place = { district, street, streetIdx };
    const vars = this.vars(r, place);
    if (plan.rating === ('any' as Rating)) plan.rating = r.weighted<Rating>([['satisfied', 55], ['basically_satisfied', 28], ['dissatisfied', 17]]);

    const collective = job.collective ?? false;
    let channel: Channel =
      job.channel ?? r.weighted<Channel>([['web', 24], ['hotline', 26], ['phone', 12], ['letter', 13], ['visit', 14], ['email', 11]]);
    if (collective) channel = 'visit';
    const anonymous = job.anonymous ?? (!collective && channel !== 'visit' && channel !== 'phone' && !plan.review && r.chance(0.1));

    // where the matter is handled: 属地 (district department or street) or a city department
    const local = t.local !== undefined && !plan.needCity && (plan.needLocal || r.chance(0.85));
    let intake: IntakeKind = channel === 'web' ? 'portal' : channel === 'hotline' ? 'hotline' : 'city';
    // local matters raised by letter, visit or call often reach the district's own petition office first
    if (local && (channel === 'letter' || channel === 'visit' || channel === 'phone') && r.chance(0.7)) intake = 'district';
    const lead = this.leadFor(t, place, local);
    const wrongLead = plan.objection === 'upheld' ? this.cityLead(CONFUSED[t.dept as CityDeptKey]) : undefined;
    const assist = plan.assist ? this.cityLead(CONFUSED[t.dept as CityDeptKey]) : undefined;

    const ctx: CaseCtx = {
      no,
      scenario: job.scenario,
      tpl: t,
      place,
      vars,
      channel,
      intake,
      anonymous,
      collective,
      representatives: [],
      plan,
      lead,
      wrongLead,
      assist,
      rng: r,
    };
    if (collective) {
      const reps = r.int(2, 5);
      for (let i = 0; i < reps; i++) ctx.representatives.push(this.person(r, place, 'visit'));
      ctx.headcount = t.key === 'wage_arrears' ? Number(vars.n) : r.int(12, 60);
    } else if (!anonymous) ctx.petitioner = this.person(r, place, channel);
    return ctx;
  }

  private vars(r: Rng, place: Place): Record<string, string> {
    const s = place.street;
    const roads = r.shuffle([...s.roads]);
    const n = r.int(8, 46);
    const m = r.int(2, 6);
    const month = Number(this.today.slice(5, 7));
    return {
      dist: place.district.name,
      street: s.name,
      comm: r.pick(s.communities)[0],
      road: roads[0]!,
      road2: roads[1]!,
      xq: r.pick(s.estates),
      b: String(r.int(1, 28)),
      co: r.pick(T.COMPANIES),
      dev: r.pick(T.DEVELOPERS),
      shop: r.pick(T.RESTAURANTS),
      mart: r.pick(T.MARTS),
      gym: r.pick(T.GYMS),
      org: r.pick(T.TRAINING),
      school: r.pick(T.SCHOOLS),
      hosp: r.pick(T.HOSPITALS),
      market: r.pick(T.MARKETS),
      scenic: r.pick(T.SCENIC),
      river: r.pick(T.RIVERS),
      park: r.pick(T.PARKS),
      bus: r.pick(T.BUS_LINES),
      n: String(n),
      m: String(m),
      amt: ((n * m * r.float(0.45, 0.8)) / 1).toFixed(1),
      mon: String(Math.max(1, month - m)),
    };
  }

  private person(r: Rng, place: Place, channel: Channel): Person {
    const p: Person = { name: r.pick(T.SURNAMES) + r.pick(T.GIVEN_NAMES) };
    const road = r.pick(place.street.roads);
    const address = `江城市${place.district.name}${road}${r.int(1, 399)}号${r.int(1, 28)}栋${r.int(1, 6)}${String(r.int(1, 30)).padStart(2, '0')}${r.pick(['01', '02', '03', '04'])}室`;
    if (channel !== 'letter' && channel !== 'email') p.phone = `${r.pick(['138', '139'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
    if (channel === 'letter' || channel === 'visit') p.address = address;
    if (channel === 'email') p.email = `jc${r.int(10_000, 99_999)}@example.com`;
    // obviously fake: region 990000 does not exist and sequence 000 is never issued
    if (channel === 'visit' && r.chance(0.5)) p.idNumber = `990000${1950 + r.int(0, 50)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}0000`;
    return p;
  }

  private unitId(code: string): string {
    const u = this.units.get(code);
    if (!u) throw new Error(`seed: unknown unit ${code}`);
    return u.id;
  }

  private cityLead(key: CityDeptKey): Lead {
    const d = CITY_DEPTS.find((x) => x.key === key)!;
    return { code: d.code, unitId: this.unitId(d.code), name: d.name, handler: `${key}.handler`, head: `${key}.head`, reviewer: 'city.handler', rereviewer: 'province.handler', routeType: 'normal' };
  }

  private leadFor(t: Template, place: Place, local: boolean): Lead {
    if (t.dept === 'court')
      return { code: COURT.code, unitId: this.unitId(COURT.code), name: COURT.name, handler: 'fy.handler', head: 'fy.head', reviewer: 'city.handler', rereviewer: null, routeType: 'legal' };
    if (t.dept === 'jw')
      return { code: DISCIPLINE.code, unitId: this.unitId(DISCIPLINE.code), name: DISCIPLINE.name, handler: 'jw.handler', head: 'jw.head', reviewer: 'city.handler', rereviewer: null, routeType: 'discipline' };
    if (!local || !t.local) return this.cityLead(t.dept);
    const d = place.district;
    const base = { reviewer: `${d.key}.handler`, rereviewer: 'city.handler', routeType: 'normal' as const };
    if (t.local === 'street') {
      const code = streetCode(d, place.streetIdx);
      return { ...base, code, unitId: this.unitId(code), name: this.units.get(code)!.name, handler: `${d.key}.${place.street.key}.handler`, head: `${d.key}.${place.street.key}.head` };
    }
    const code = districtDeptCode(d, t.local);
    return { ...base, code, unitId: this.unitId(code), name: this.units.get(code)!.name, handler: `${d.key}.${t.local}.handler`, head: `${d.key}.${t.local}.head` };
  }

  private actor(username: string): StaffActor {
    const a = this.actors.get(username);
    if (!a) throw new Error(`seed: no demo user ${username}`);
    return a;
  }

  private intakeActorName(c: CaseCtx): string | null {
    switch (c.intake) {
      case 'portal':
        return null;
      case 'hotline':
        return 'hotline';
      case 'city':
        return 'intake';
      case 'district':
        return `${c.place.district.key}.intake`;
    }
  }

  private intakeUnitCode(c: CaseCtx): string {
    switch (c.intake) {
      case 'portal':
      case 'city':
        return PETITION_BUREAU.code;
      case 'hotline':
        return HOTLINE.code;
      case 'district':
        return districtOfficeCode(c.place.district);
    }
  }

  private dispatcherName(c: CaseCtx): string {
    return c.intake === 'district' ? `${c.place.district.key}.dispatcher` : 'dispatcher';
  }

  // ---- time ----------------------------------------------------------------------------------------------------

  private at(date: IsoDate, hours: number): Date {
    return new Date(startOfDayCst(date).getTime() + hours * HOUR);
  }

  private hourOf(t: Date): number {
    return (t.getTime() - startOfDayCst(cstDateOf(t)).getTime()) / HOUR;
  }

  private nextWorkday(date: IsoDate, n: number): IsoDate {
    let d = date;
    for (let i = 0; i < n; ) {
      d = addCalendarDays(d, 1);
      if (this.cal.isWorkday(d)) i++;
    }
    return d;
  }

  private prevWorkdayOrSame(date: IsoDate): IsoDate {
    let d = date;
    while (!this.cal.isWorkday(d)) d = addCalendarDays(d, -1);
    return d;
  }

  private snapToOffice(t: Date, r: Rng): Date {
    const date = cstDateOf(t);
    const h = this.hourOf(t);
    if (this.cal.isWorkday(date) && h >= 8.5 && h <= 17.5) return t;
    if (this.cal.isWorkday(date) && h < 8.5) return this.at(date, r.float(8.5, 10.5));
    return this.at(this.nextWorkday(date, 1), r.float(8.5, 10.5));
  }

  private advance(t: Date, g: Gap, r: Rng): Date {
    switch (g.kind) {
      case 'h':
        return new Date(t.getTime() + g.n * HOUR);
      case 'c': {
        // a citizen acts any day, between 8:00 and 22:00
        const raw = new Date(t.getTime() + g.n * DAY);
        const h = this.hourOf(raw);
        return h < 8 || h > 22 ? this.at(cstDateOf(new Date(raw.getTime() + 10 * HOUR)), r.float(8, 21)) : raw;
      }
      case 'd':
        return this.snapToOffice(new Date(t.getTime() + g.n * DAY), r);
      case 'wd': {
        const date = cstDateOf(t);
        if (g.n === 0) {
          const later = new Date(t.getTime() + r.float(0.3, 2.5) * HOUR);
          if (this.cal.isWorkday(date) && cstDateOf(later) === date && this.hourOf(later) >= 8.5 && this.hourOf(later) <= 17.5) return later;
          return this.at(this.nextWorkday(date, 1), r.float(8.5, 11.5));
        }
        return this.at(this.nextWorkday(date, g.n), r.float(8.5, 17.5));
      }
    }
  }

  /** Moves the case's clock forward, never past the limit and never backwards. */
  private tick(c: CaseCtx, g: Gap): Date {
    const prev = c.cursor!;
    let t = this.advance(prev, g, c.rng);
    // a history too long for the window is squeezed into its last hours (rare: spans are estimated beforehand)
    if (t.getTime() > this.limit.getTime()) t = new Date(this.limit.getTime() - c.rng.float(1, 8) * HOUR);
    if (t.getTime() <= prev.getTime()) t = new Date(prev.getTime() + c.rng.float(2, 20) * 60_000);
    c.cursor = t;
    return t;
  }

  private depsAt(at: Date): Deps {
    return { ...this.rt.deps, now: () => at };
  }

  // ---- the use cases -------------------------------------------------------------------------------------------

  private async act(c: CaseCtx, who: string | Actor, action: string, input: unknown, at: Date, caseId = c.id!): Promise<void> {
    const actor = typeof who === 'string' ? this.actor(who) : who;
    try {
      await performAction(this.depsAt(at), { actor, meta: META, lang: 'zh', caseId, action, input });
    } catch (err) {
      const name = actor.kind === 'staff' ? actor.username : actor.kind;
      const detail = err instanceof AppError ? `${err.code} ${JSON.stringify(err.params)} ${JSON.stringify(err.details ?? {})}` : String(err);
      throw new Error(`seed: matter #${c.no} (${c.scenario}) ${action} by ${name} at ${at.toISOString()} refused: ${detail}`, { cause: err });
    }
  }

  private async register(c: CaseCtx, input: Record<string, unknown>, intakeCode: string, intakeUser: string | null, registeredAt: Date): Promise<string> {
    const actor: Actor = intakeUser ? this.actor(intakeUser) : { kind: 'system', job: 'portal' };
    try {
      const r = await registerCase(this.depsAt(registeredAt), { actor, meta: META, lang: 'zh', input, intakeUnitId: this.unitId(intakeCode) });
      this.count++;
      return r.id;
    } catch (err) {
      const detail = err instanceof AppError ? `${err.code} ${JSON.stringify(err.params)} ${JSON.stringify(err.details ?? {})}` : String(err);
      throw new Error(`seed: matter #${c.no} (${c.scenario}) register refused: ${detail}`, { cause: err });
    }
  }

  /** The register input; a duplicate or a repeat (`petitioner` given) is one person's own submission. */
  private registerInput(c: CaseCtx, o: { channel?: Channel; petitioner?: Person; title?: string; contentPrefix?: string; receivedAt: Date }) {
    const t = c.tpl;
    const channel = o.channel ?? c.channel;
    const own = o.petitioner !== undefined;
    const anonymous = !own && c.anonymous;
    const collective = !own && c.collective;
    const petitioner = own ? o.petitioner : anonymous || collective ? undefined : c.petitioner;
    let content = fill(t.content, c.vars);
    if (channel === 'hotline' || channel === 'phone') content = `来电人反映：${content}`;
    else if (channel === 'letter' || channel === 'email' || channel === 'web') content = c.rng.pick(T.OPENINGS) + content;
    content += c.rng.pick(T.CLOSINGS);
    if (o.contentPrefix) content = o.contentPrefix + content;
    return {
      channel,
      categoryId: this.categoryIds.get(t.cat)!,
      title: o.title ?? fill(t.title, c.vars),
      content,
      location: `江城市${c.vars.dist}${c.vars.street}${c.vars.road}`,
      oral: channel === 'phone' || channel === 'visit' || channel === 'hotline',
      anonymous,
      ...(petitioner ? { petitioner } : {}),
      collective,
      representatives: collective ? c.representatives : [],
      ...(collective && c.headcount ? { headcount: c.headcount } : {}),
      receivedAt: o.receivedAt,
      ...(t.accused ? { accusedUnitId: this.unitId(this.accusedCode(c)) } : {}),
    };
  }

  private accusedCode(c: CaseCtx): string {
    const d = c.place.district;
    switch (c.tpl.accused) {
      case 'street':
        return streetCode(d, c.place.streetIdx);
      case 'district_cgj':
        return districtDeptCode(d, 'cgj');
      case 'district_zjj':
        return districtDeptCode(d, 'zjj');
      default:
        throw new Error('not an accusation');
    }
  }

  /** Receipt and registration instants for a matter received `age` days before today on this channel. */
  private receiptTimes(channel: Channel, age: number, r: Rng): { receivedAt: Date; registeredAt: Date } {
    let day = addCalendarDays(this.today, -Math.max(1, Math.round(age)));
    let receivedAt: Date;
    let registeredAt: Date;
    switch (channel) {
      case 'web': // the portal registers at once
        receivedAt = this.at(day, r.float(7, 23));
        registeredAt = receivedAt;
        break;
      case 'hotline':
        receivedAt = this.at(day, r.float(7, 23));
        registeredAt = new Date(receivedAt.getTime() + r.float(0.05, 0.3) * HOUR);
        break;
      case 'phone':
      case 'visit':
        day = this.prevWorkdayOrSame(day);
        receivedAt = this.at(day, r.float(8.5, 17));
        registeredAt = new Date(receivedAt.getTime() + r.float(0.2, 0.8) * HOUR);
        break;
      default: // letters and e-mails are registered on the next working day
        receivedAt = channel === 'letter' ? this.at(this.prevWorkdayOrSame(day), r.float(9, 11)) : this.at(day, r.float(6, 23));
        registeredAt = this.at(this.nextWorkday(cstDateOf(receivedAt), 1), r.float(8.6, 11));
    }
    if (registeredAt.getTime() > this.limit.getTime()) registeredAt = new Date(this.limit.getTime() - 60_000);
    if (receivedAt.getTime() > registeredAt.getTime()) receivedAt = registeredAt;
    return { receivedAt, registeredAt };
  }

  // ---- flows ---------------------------------------------------------------------------------------------------

  private async drive(c: CaseCtx): Promise<void> {
    const steps = this.buildSteps(c);
    const p = c.plan;
    let span = steps.reduce((s, x) => s + estimateDays(x.gap), 0) + 1;
    // a long history (e.g. reply, review, re-review) must fit in the demo window: shorten its day gaps
    const slack = c.rng.float(p.slack[0], p.slack[1]);
    const room = MAX_AGE_DAYS - 2 - slack;
    if (span > room) {
      const fixed = steps.reduce((s, x) => s + (x.gap.kind === 'd' || x.gap.kind === 'c' ? 0 : estimateDays(x.gap)), 0) + 1;
      const factor = Math.max(0.2, (room - fixed) / Math.max(1, span - fixed));
      for (const s of steps) if (s.gap.kind === 'd' || s.gap.kind === 'c') s.gap = { kind: s.gap.kind, n: s.gap.n * factor };
      span = steps.reduce((s, x) => s + estimateDays(x.gap), 0) + 1;
    }
    const age = Math.min(MAX_AGE_DAYS, span + slack);
    const { receivedAt, registeredAt } = this.receiptTimes(c.channel, age, c.rng);
    if (cstDateOf(receivedAt) < this.firstDate) this.firstDate = cstDateOf(receivedAt);
    c.id = await this.register(c, this.registerInput(c, { receivedAt }), this.intakeUnitCode(c), this.intakeActorName(c), registeredAt);
    c.cursor = registeredAt;
    for (const s of steps) await s.run(this.tick(c, s.gap));
  }

  private buildSteps(c: CaseCtx): Step[] {
    const steps: Step[] = [];
    const p = c.plan;
    const r = c.rng;
    const step = (gap: Gap, run: (at: Date) => Promise<void>) => steps.push({ gap, run });
    const dispatcher = this.dispatcherName(c);
    const kind = T.CATEGORIES.find((x) => x.code === c.tpl.cat)!.kind;

    for (let i = 0; i < (p.dups ?? 0); i++) step(cd(r.float(0.2, 2.5)), (at) => this.duplicate(c, at));

    if (p.notAccept) {
      const reason = c.tpl.cat === 'LDSB' ? T.NOT_ACCEPT_REASONS[0]! : c.tpl.key === 'medical_dispute' ? T.NOT_ACCEPT_REASONS[1]! : T.NOT_ACCEPT_REASONS[2]!;
      step(wd(r.int(0, 2)), (at) =>
        this.act(c, dispatcher, 'not_accept', { reason: reason.reason, ...(reason.authority ? { suggestedAuthority: reason.authority } : {}) }, at),
      );
      if (p.close) step(dd(r.float(2, 8)), (at) => this.act(c, dispatcher, 'close', { note: T.CLOSE_NOTES[3] }, at));
      return steps;
    }
    if (p.stop === 'registered') return steps;

    // 交办 / 转送
    const first = p.objection === 'upheld' ? c.wrongLead! : c.lead;
    const assign = r.chance(0.3);
    step(c.channel === 'hotline' ? hh(r.float(0.3, 3)) : wd(r.int(0, 2)), (at) =>
      this.act(c, dispatcher, 'route', {
        mode: assign ? 'assign' : 'forward',
        leadUnitId: first.unitId,
        assistUnitIds: c.assist ? [c.assist.unitId] : [],
        routeType: first.routeType,
        ...(assign ? { reportBackDays: r.pick([30, 45, 60]) } : {}),
        note: first.routeType === 'legal' ? '涉法涉诉事项，依法转政法机关处理' : first.routeType === 'discipline' ? '检举控告事项，转纪检监察机关处理（第三十条：不得转交被检举控告单位）' : undefined,
      }, at),
    );

    // 退单: objected within 5 working days; the dispatcher decides
    if (p.objection) {
      if (r.chance(0.5)) step(wd(r.int(0, 1)), (at) => this.act(c, first.handler, 'sign', {}, at));
      const right = p.objection === 'upheld' ? c.lead.name : '其他部门';
      step(wd(1), (at) => this.act(c, first.handler, 'object', { reason: fill(r.pick(T.OBJECTION_REASONS), { right }), suggestedUnitId: p.objection === 'upheld' ? c.lead.unitId : undefined }, at));
      if (p.stop === 'objected') return steps;
      if (p.objection === 'upheld')
        step(wd(r.int(1, 2)), (at) => this.act(c, dispatcher, 'uphold_objection', { leadUnitId: c.lead.unitId, note: fill(r.pick(T.OBJECTION_UPHELD), { right: c.lead.name }) }, at));
      else step(wd(r.int(1, 2)), (at) => this.act(c, dispatcher, 'reject_objection', { reason: r.pick(T.OBJECTION_REJECTED) }, at));
    }
    if (p.stop === 'dispatched') return steps;

    const lead = c.lead;
    step(wd(r.int(0, 1)), (at) => this.act(c, r.chance(0.8) ? lead.handler : lead.head, 'sign', {}, at));
    if (p.decline) {
      step(wd(r.int(1, 3)), (at) => this.act(c, lead.handler, 'decline', { reason: T.DECLINE_REASONS[1]! }, at));
      if (p.close) step(dd(r.float(3, 10)), (at) => this.act(c, lead.head, 'close', { note: T.CLOSE_NOTES[3] }, at));
      return steps;
    }
    const guide = c.tpl.guide;
    if (p.guide === 'signed' && guide) {
      step(wd(r.int(1, 3)), (at) => this.act(c, lead.handler, 'guide_to_procedure', guide, at));
      if (p.visit) step(dd(r.float(2, 8)), (at) => this.visit(c, p.visit!, at));
      return steps;
    }
    if (p.stop === 'signed') return steps;

    step(wd(r.int(1, 4)), (at) => this.act(c, lead.handler, 'accept', { procedure: r.pick(T.ACCEPT_PROCEDURES) }, at));
    if (c.assist) step(dd(r.float(2, 8)), (at) => this.act(c, c.assist!.handler, 'add_assist_opinion', { opinion: r.pick(T.ASSIST_OPINIONS) }, at));
    if (p.guide === 'accepted' && guide) {
      step(dd(r.float(4, 15)), (at) => this.act(c, lead.handler, 'guide_to_procedure', guide, at));
      if (p.visit) step(dd(r.float(2, 8)), (at) => this.visit(c, p.visit!, at));
      return steps;
    }
    if (p.link) step(dd(r.float(3, 12)), (at) => this.linkedRepeat(c, at));
    if (p.extension) {
      step(dd(r.float(40, 50)), (at) => this.act(c, lead.handler, 'request_extension', { days: r.pick([15, 20, 30]), reason: r.pick(T.EXTENSION_REASONS) }, at));
      if (p.extension === 'approved') step(wd(r.int(1, 2)), (at) => this.act(c, lead.head, 'approve_extension', { note: '同意延期，请按新期限办结并告知信访人延期理由。' }, at));
      else step(wd(r.int(1, 2)), (at) => this.act(c, lead.head, 'reject_extension', { note: '事实已基本查清，不同意延期，请按期办结。' }, at));
    }
    if (p.stop === 'accepted') return steps;

    // 处理意见书
    const decision = p.decision ?? this.decisionFor(kind, c);
    const reply = this.reply(c, decision);
    step(p.extension === 'approved' ? dd(r.float(8, 20)) : dd(r.float(4, 30)), (at) => this.act(c, lead.handler, 'draft_reply', reply, at));
    if (p.returnReply) {
      step(wd(1), (at) => this.act(c, lead.head, 'return_reply', { note: r.pick(T.RETURN_REPLY_NOTES) }, at));
      step(wd(r.int(1, 3)), (at) => this.act(c, lead.handler, 'draft_reply', reply, at));
    }
    if (p.stop === 'reply_pending') return steps;
    step(wd(r.int(1, 3)), (at) => this.act(c, lead.head, 'approve_reply', { note: '同意，出具处理意见书。' }, at));
    if (p.rating) step(cd(r.float(1, 6)), (at) => this.evaluate(c, p.rating!, at));

    // 复查, 复核
    if (p.review) {
      step(cd(r.float(2, 12)), (at) => this.act(c, this.citizenOr(c, 'intake'), 'request_review', { reason: r.pick(T.REVIEW_REASONS) }, at));
      if (p.stop === 'review') return steps;
      const reviewDecision = r.chance(0.75) ? 'upheld' : 'changed';
      step(dd(r.float(8, 22)), (at) =>
        this.act(c, lead.reviewer, 'decide_review', { decision: reviewDecision, opinion: T.REVIEW_OPINIONS[reviewDecision], legalBasis: '《信访工作条例》第三十五条' }, at),
      );
      if (p.reviewRating) step(cd(r.float(1, 5)), (at) => this.evaluate(c, p.reviewRating!, at));
      if (p.review === 2) {
        const rereviewer = lead.rereviewer!;
        step(cd(r.float(2, 12)), (at) => this.act(c, this.citizenOr(c, 'intake'), 'request_rereview', { reason: r.pick(T.REREVIEW_REASONS) }, at));
        if (p.pause) {
          step(dd(r.float(3, 8)), (at) => this.act(c, rereviewer, 'pause_clock', { reason: '组织听证，听证期间复核期限暂停计算（第三十六条）' }, at));
          if (p.pause === 'resumed') step(dd(r.float(7, 14)), (at) => this.act(c, rereviewer, 'resume_clock', { note: '听证已结束，恢复计时。' }, at));
        }
        if (p.stop === 'rereview') return steps;
        step(dd(r.float(5, 18)), (at) =>
          this.act(c, rereviewer, 'decide_rereview', { decision: 'upheld', opinion: T.REREVIEW_OPINIONS.upheld, legalBasis: '《信访工作条例》第三十六条' }, at),
        );
        if (p.rereviewRating) step(cd(r.float(1, 5)), (at) => this.evaluate(c, p.rereviewRating!, at));
      }
    }
    if (p.visit) step(dd(r.float(2, 9)), (at) => this.visit(c, p.visit!, at));
    if (p.close) {
      const closer = r.weighted([[dispatcher, 6], ['supervisor', 2], [lead.head, 2]] as const);
      const note = p.review === 2 ? T.CLOSE_NOTES[2]! : r.pick(T.CLOSE_NOTES.slice(0, 2));
      step(dd(r.float(2, 10)), (at) => this.act(c, closer, 'close', { note }, at));
    }
    if (p.reopen) step(dd(r.float(2, 5)), (at) => this.act(c, 'supervisor', 'reopen', { reason: '回访中信访人反映问题未解决，经督查核实，责成原承办单位重新办理。' }, at));
    return steps;
  }

  private citizenOr(c: CaseCtx, staff: string): Actor {
    return c.rng.chance(0.7) ? { kind: 'citizen', caseId: c.id! } : this.actor(staff);
  }

  private async evaluate(c: CaseCtx, rating: Rating, at: Date) {
    const comment = rating === 'satisfied' ? '处理及时，态度很好。' : rating === 'basically_satisfied' ? '问题基本解决，希望长效管理。' : '问题没有真正解决。';
    await this.act(c, this.citizenOr(c, 'returnvisit'), 'evaluate', { rating, comment }, at);
  }

  private async visit(c: CaseCtx, outcome: NonNullable<Plan['visit']>, at: Date) {
    const who = c.intake === 'hotline' ? 'hotline.visit' : 'returnvisit';
    const reached = outcome !== 'unreached' && !c.anonymous;
    const resolved = reached ? outcome : undefined;
    const satisfaction: Rating | undefined = !reached ? undefined : outcome === 'solved' ? 'satisfied' : outcome === 'partly_solved' ? 'basically_satisfied' : 'dissatisfied';
    await this.act(c, who, 'record_return_visit', {
      contacted: reached,
      ...(resolved ? { resolved } : {}),
      ...(satisfaction ? { satisfaction } : {}),
      note: c.rng.pick(T.RETURN_VISIT_NOTES[reached ? (resolved as keyof typeof T.RETURN_VISIT_NOTES) : 'unreached']),
    }, at);
  }

  private decisionFor(kind: string, c: CaseCtx): string {
    const r = c.rng;
    if (kind === 'suggestion') return r.weighted([['adopted', 5], ['partly_adopted', 3], ['explain', 2]] as const);
    if (kind === 'accusation') return r.weighted([['substantiated', 3], ['partly_substantiated', 4], ['not_substantiated', 2]] as const);
    if (c.tpl.key === 'medical_dispute') return 'mediation_agreement';
    return r.weighted([['support', 7], ['explain', 3]] as const);
  }

  private reply(c: CaseCtx, decision: string) {
    const t = c.tpl;
    const v = c.vars;
    const title = fill(t.title, v);
    const denied = decision === 'not_support' || decision === 'not_adopted' || decision === 'not_substantiated';
    const facts = fill(denied && t.denyFacts ? t.denyFacts : t.facts, v);
    const action = fill(t.action, v);
    const reasons: Record<string, string> = {
      support: '信访人反映的问题属实，诉求合理，予以支持。',
      explain: '信访人反映的情况部分属实，已就有关政策规定和处理情况向信访人作出解释说明。',
      not_support: t.deny ?? '信访人的请求缺乏事实和法律依据，不予支持。',
      mediation_agreement: '经调解，双方自愿达成调解协议。',
      adopted: '建议具有可行性，予以采纳。',
      partly_adopted: '建议部分采纳，其余内容将结合实际研究推进。',
      not_adopted: '经研究，该建议暂不具备实施条件。',
      substantiated: '经调查，反映的问题属实。',
      partly_substantiated: '经调查，反映的问题部分属实。',
      not_substantiated: '经调查，反映的问题缺乏事实依据，不予认定。',
    };
    const reason = reasons[decision] ?? reasons.explain!;
    const remedy = c.lead.routeType === 'normal' ? `信访人对本处理意见不服的，可以自收到本意见书之日起30日内向${this.reviewUnitName(c)}请求复查。` : '';
    return {
      decision,
      request: `信访人反映“${title}”，请求依法处理。`,
      facts,
      reasons: reason,
      ...(t.basis ? { legalBasis: `${t.basis}；《信访工作条例》第三十二条` } : { legalBasis: '《信访工作条例》第三十二条' }),
      text: `关于“${title}”的处理意见：${facts}${reason}${denied ? '' : action}${remedy}`,
    };
  }

  private reviewUnitName(c: CaseCtx): string {
    const parent = this.units.get(c.lead.code)?.parentCode;
    if (!parent) return '上一级机关';
    return parent === CITY.code ? '江城市人民政府' : `${this.units.get(parent)!.name}人民政府`;
  }

  /** Another submission about the same matter (a neighbour, or the same person again by another channel): merged. */
  private async duplicate(c: CaseCtx, at: Date) {
    const r = c.rng;
    const channel: Channel = r.pick(['hotline', 'web', 'phone'] as const);
    const person = this.person(r, c.place, channel);
    const registeredAt = at;
    const receivedAt = new Date(at.getTime() - r.float(0.05, 0.5) * HOUR);
    const intakeCode = channel === 'hotline' ? HOTLINE.code : PETITION_BUREAU.code;
    const intakeUser = channel === 'hotline' ? 'hotline' : channel === 'phone' ? 'intake' : null;
    const input = this.registerInput(c, { channel, petitioner: person, receivedAt, contentPrefix: '同一问题再次反映。' });
    const dupId = await this.register(c, input, intakeCode, intakeUser, registeredAt);
    const mergeAt = this.tick(c, wd(0));
    await this.act(c, r.chance(0.5) ? 'dispatcher' : 'intake', 'merge_duplicate', { relatedCaseId: c.id!, note: r.pick(T.MERGE_NOTES) }, mergeAt, dupId);
  }

  /** The same person raises the matter again one level up while it is in handling below (第十九条第三款): linked. */
  private async linkedRepeat(c: CaseCtx, at: Date) {
    const r = c.rng;
    const channel: Channel = r.pick(['letter', 'visit', 'phone'] as const);
    const person = c.petitioner ?? c.representatives[0] ?? this.person(r, c.place, channel);
    const registeredAt = at;
    const receivedAt = new Date(at.getTime() - r.float(0.1, 2) * HOUR);
    const input = this.registerInput(c, {
      channel,
      petitioner: { ...person, ...(channel === 'letter' ? { phone: undefined } : {}) },
      receivedAt,
      title: `再次反映：${fill(c.tpl.title, c.vars)}`,
      contentPrefix: '此事我已向有关部门反映过，至今没有结果，现再次反映。',
    });
    const repeatId = await this.register(c, input, PETITION_BUREAU.code, 'intake', registeredAt);
    const linkAt = this.tick(c, wd(0));
    await this.act(c, r.chance(0.5) ? 'dispatcher' : 'intake', 'link_existing', { relatedCaseId: c.id!, note: r.pick(T.LINK_NOTES) }, linkAt, repeatId);
  }
}

function tpl(key: string): Template {
  const t = T.TEMPLATES.find((x) => x.key === key);
  if (!t) throw new Error(`seed: unknown template ${key}`);
  return t;
}
