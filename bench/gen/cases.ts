/**
 * One generated case, driven through the lifecycle (src/cases/lifecycle.ts) step by step with sampled delays and cut
 * at "now", writing the rows the real actions write: the case row (status, version = 1 + transitions, timestamps,
 * outcome JSON), case_units, case_clocks (started, met / stopped, the sweep's warnings and overdue marks),
 * case_events (the transitions' event data as the handlers return it), case_requests (objection, extension, reply),
 * petitioners / case_parties, and what the hooks add in the same transaction: return-visit tasks by the default
 * policy (reply trigger, 30 % sampled by the case's hash point, every unsatisfied evaluation), supervision items for
 * overdue steps and unsatisfied answers and visits.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as T from '../../src/seed/texts.js';
import { DECISIONS } from '../../src/cases/actions/reply.js';
import { STATUS_LABELS, type Status } from '../../src/cases/states.js';
import { transitionFor } from '../../src/cases/lifecycle.js';
import { samplePoint } from '../../src/visits/policy.js';
import { checkChar } from '../../src/core/ids.js';
import type { Rng } from '../../src/seed/random.js';
import { caseClockRow, end, extend, newClock, nextWorkday9, sweep, type Clock } from './clocks.js';
import { userIn, type District, type Org, type Street, type GenUnit } from './org.js';
import { row, type Sink } from './sink.js';
import type { Doc } from './texts.js';
import { Registers } from './registers.js';

const H = 3_600_000;
const D = 86_400_000;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export interface CaseInput {
  idx: number;
  /** the registration sequence (reg_no, tracking code), when the caller numbers the cases; else the next of this generator */
  seq?: number;
  received: number;
  channel: string;
  catCode: string;
  catId: number;
  kind: 'appeal' | 'suggestion' | 'accusation';
  doc: Doc;
  district: District;
  street: Street;
  intake: GenUnit;
  /** prior case this repeats, if any */
  prior: PriorCase | null;
}

/** What a later repeat needs to know about a case. */
export interface PriorCase {
  id: string;
  regNo: string;
  title: string;
  channel: string;
  petitionerId: string | null;
  doc: Doc;
  street: Street;
  district: District;
  catCode: string;
  catId: number;
  kind: 'appeal' | 'suggestion' | 'accusation';
  timeline: Array<[number, string]>;
  handleDue: number | null;
  finalAt: number | null; // when it became rereviewed (final), if it did
}

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const M31 = 31n ** 9n;
const MUL = 7_777_777_777_777n; // coprime with 31: a bijection of 0..31^9-1

/** A unique tracking code per case index, in the application's format (3-3-3 + check character). */
export function trackingCode(idx: number): string {
  let v = (BigInt(idx) * MUL + 1_234_567_891n) % M31;
  let body = '';
  for (let i = 0; i < 9; i++) {
    body = ALPHABET[Number(v % 31n)]! + body;
    v /= 31n;
  }
  return `${body.slice(0, 3)}-${body.slice(3, 6)}-${body.slice(6)}${checkChar(body)}`;
}

const SURN = T.SURNAMES;
const GIVEN = T.GIVEN_NAMES;

interface Ev {
  type: string;
  from: string | null;
  to: string | null;
  user: string | null;
  unit: number | null;
  pub: boolean;
  data: Record<string, unknown>;
  at: number;
  seq: number;
}

export class CaseGen {
  reg = 0;
  constructor(
    private readonly rng: Rng,
    private readonly org: Org,
    private readonly sink: Sink,
    private readonly now: number,
    private readonly regs: Registers,
    private readonly fullText: boolean,
  ) {}

  private pickCityDept(c: CaseInput): GenUnit {
    const t = c.doc.template;
    const city = c.district.city;
    if (t.dept === 'court') return city.court;
    if (t.dept === 'jw') return city.discipline;
    return city.depts.get(t.dept) ?? city.depts.get('zjj')!;
  }

  private pickLocal(c: CaseInput): GenUnit | null {
    const t = c.doc.template;
    if (!t.local) return null;
    if (t.local === 'street') return c.street.unit;
    return c.district.depts.get(t.local) ?? null;
  }

  generate(c: CaseInput): PriorCase {
    const { rng, org, now } = this;
    const id = randomUUID();
    this.reg++;
    const seqNo = c.seq ?? this.reg;
    const cst = new Date(c.received + 8 * H).toISOString();
    const regNo = `XF${cst.slice(0, 4)}${cst.slice(5, 7)}${cst.slice(8, 10)}${String(seqNo).padStart(6, '0')}`;
    const code = trackingCode(seqNo);
    const secret = createHash('sha256').update(`${code}:${seqNo.toString(36)}`).digest('hex');
    const t = c.doc.template;
    const events: Ev[] = [];
    let evSeq = 0;
    const units: Array<{ unit: number; role: string; active: boolean; assigned: number; signed: number | null }> = [];
    const clocks: Clock[] = [];
    const requests: string[] = [];
    const timeline: Array<[number, string]> = [];
    let status: Status = 'registered';
    let version = 1;
    let updated = c.received;
    const intakeId = c.intake.id;
    const dispatcher = userIn(org, intakeId, 'dispatcher');
    const intakeUser = userIn(org, intakeId, 'intake');
    const cs = {
      lead: null as number | null,
      routeType: null as string | null,
      reviewLevel: 0,
      reviewUnit: null as number | null,
      related: c.prior?.id ?? null,
      designated: false,
      outcome: null as Record<string, unknown> | null,
      evaluation: null as string | null,
      accepted: null as number | null,
      replied: null as number | null,
      closed: null as number | null,
      handleDue: null as number | null,
      finalAt: null as number | null,
    };
    const clock = (rule: string, unitId: number | null, at: number, length?: { amount: number; unit: 'day' | 'workday' | 'hour' }) => {
      const k = newClock(rule, unitId, at, length);
      clocks.push(k);
      return k;
    };
    const running = (rule: string) => clocks.filter((k) => k.rule === rule && (k.status === 'running' || k.status === 'paused'));
    const endRules = (rules: string[], st: 'met' | 'stopped', at: number) => {
      for (const r of rules) for (const k of running(r)) end(k, st, at);
    };
    const ev = (type: string, to: string | null, at: number, data: Record<string, unknown>, user: string | null, unit: number | null, from: string | null = status) => {
      events.push({ type, from, to, user, unit, pub: transitionFor(type)?.public ?? false, data, at, seq: evSeq++ });
    };
    /** a transition: claim (status, version, updated_at), its event */
    const act = (type: string, to: Status | 'same', at: number, data: Record<string, unknown>, user: string | null, unit: number | null) => {
      const next = to === 'same' ? status : to;
      ev(type, next, at, data, user, unit);
      status = next;
      version++;
      updated = Math.max(updated, at);
      timeline.push([at, status]);
    };
    const registered = c.received + (c.channel === 'letter' ? rng.int(1, 48) * H : rng.int(1, 20) * 60_000);
    const regAt = Math.min(registered, now - 1000);
    timeline.push([regAt, 'registered']);
    units.push({ unit: intakeId, role: 'intake', active: true, assigned: regAt, signed: null });

    // who raised it
    const anonymous = c.kind === 'accusation' ? rng.chance(0.4) : rng.chance(0.06);
    const collective = !anonymous && !!t.collective && rng.chance(0.6);
    const headcount = collective ? rng.int(5, 60) : null;
    const parties: Array<{ id: string; role: string; fresh: boolean }> = [];
    if (!anonymous) {
      if (c.prior?.petitionerId) parties.push({ id: c.prior.petitionerId, role: collective ? 'representative' : 'petitioner', fresh: false });
      else parties.push({ id: randomUUID(), role: collective ? 'representative' : 'petitioner', fresh: true });
      if (collective) for (let i = rng.int(0, 2); i > 0; i--) parties.push({ id: randomUUID(), role: 'representative', fresh: true });
    }
    for (const p of parties) {
      if (p.fresh) {
        const name = `${rng.pick(SURN)}${rng.pick(GIVEN)}`;
        const phone = `1${rng.pick(['38', '39', '58', '86', '77'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
        this.sink.push('petitioners', row([p.id, name, null, phone, rng.chance(0.5) ? c.doc.location : null, null, iso(regAt)]));
      }
      this.sink.push('case_parties', row([id, p.id, p.role]));
    }
    const accused = c.kind === 'accusation' && t.accused ? (t.accused === 'street' ? c.street.unit.id : c.district.depts.get(t.accused === 'district_cgj' ? 'cgj' : 'zjj')!.id) : null;

    ev('register', 'registered', regAt, { channel: c.channel, oral: c.channel === 'visit' || c.channel === 'phone', collective, anonymous }, c.channel === 'web' || c.channel === 'api' ? null : intakeUser, c.channel === 'web' || c.channel === 'api' ? null : intakeId, null);
    events[0]!.pub = true;
    if (c.channel === 'web' || c.channel === 'api') {
      // a citizen's own submission: no staff actor
    }

    const prior = c.prior;
    const priorStatusAt = (at: number) => {
      if (!prior) return null;
      let s: string | null = null;
      for (const [ms, st] of prior.timeline) if (ms <= at) s = st;
      return s;
    };

    const deferred: Array<() => void> = [];
    const finish = () => {
      for (const f of deferred) f();
      return this.write(c, id, regNo, code, secret, status, version, updated, cs, units, clocks, events, requests, anonymous, collective, headcount, accused, regAt, timeline);
    };

    // 第三十六条: the same request after a final re-review is refused at registration
    if (prior && prior.finalAt !== null && prior.finalAt < regAt) {
      cs.outcome = { type: 'final_after_rereview', priorRegNo: prior.regNo };
      ev('auto_not_accepted', 'not_accepted', regAt, { priorRegNo: prior.regNo, basis: '信访工作条例 第三十六条' }, intakeUser, intakeId, 'registered');
      events[events.length - 1]!.pub = true;
      status = 'not_accepted';
      timeline.push([regAt, status]);
      return finish();
    }
    const route = clock('route', intakeId, c.received);
    const hotline = c.channel === 'hotline';
    let t1 = regAt + (hotline ? rng.int(5, 240) * 60_000 : rng.chance(0.97) ? rng.int(2, 120) * H : rng.int(15, 25) * D);
    if (t1 >= now) return finish();

    // repeats: linked to the case in hand, or merged into it
    if (prior) {
      const ps = priorStatusAt(t1);
      const inProgress = ps !== null && ['dispatched', 'signed', 'objected', 'accepted', 'reply_pending'].includes(ps);
      if (inProgress && (prior.handleDue === null || prior.handleDue > t1) && rng.chance(0.5)) {
        endRules(['route'], 'met', t1);
        act('link_existing', 'linked', t1, { relatedRegNo: prior.regNo, relatedStatus: ps, progress: STATUS_LABELS[ps as Status], note: rng.pick(T.LINK_NOTES) }, dispatcher, intakeId);
        this.sink.push('case_events', evRow(prior.id, { type: 'linked_in', from: null, to: null, user: dispatcher, unit: intakeId, pub: false, data: { caseId: id, regNo }, at: t1, seq: 0 }));
        return finish();
      }
      if (ps !== null && ps !== 'merged' && ps !== 'linked' && rng.chance(0.35)) {
        endRules(['route'], 'met', t1);
        act('merge_duplicate', 'merged', t1, { relatedRegNo: prior.regNo, note: rng.pick(T.MERGE_NOTES) }, dispatcher, intakeId);
        this.sink.push('case_events', evRow(prior.id, { type: 'duplicate_merged_in', from: null, to: null, user: dispatcher, unit: intakeId, pub: true, data: { regNo, title: c.doc.title, channel: c.channel }, at: t1, seq: 0 }));
        return finish();
      }
    }
    if (rng.chance(0.03)) {
      const r = rng.pick(T.NOT_ACCEPT_REASONS);
      endRules(['route'], 'met', t1);
      const input = { reason: r.reason, ...(r.authority ? { suggestedAuthority: r.authority } : {}) };
      cs.outcome = { type: 'not_accepted', ...input };
      act('not_accept', 'not_accepted', t1, input, dispatcher, intakeId);
      const tc = t1 + rng.int(1, 5) * D;
      if (tc < now) {
        endRules(clocks.map((k) => k.rule), 'stopped', tc);
        cs.closed = tc;
        act('close', 'closed', tc, {}, dispatcher, intakeId);
      }
      return finish();
    }

    // routing: the competent city department, or where it happens (属地)
    const cityLevel = c.intake.type !== 'petition_office' || c.intake.parentId === c.district.city.unit.id || c.intake.code.endsWith('-12345');
    const local = this.pickLocal(c);
    let lead = local && (!cityLevel || rng.chance(0.55)) ? local : this.pickCityDept(c);
    if (accused !== null && lead.id === accused) lead = this.pickCityDept(c);
    const routeType = lead.type === 'legal_organ' ? 'legal' : lead.type === 'discipline_organ' ? 'discipline' : 'normal';
    const mode = rng.chance(0.3) ? 'assign' : 'forward';
    const assist: number[] = [];
    if (rng.chance(0.08)) {
      const other = local && lead.id !== local.id ? local : c.district.depts.get('cgj')!;
      if (other.id !== lead.id && other.id !== accused) assist.push(other.id);
    }
    const reportBackDays = mode === 'assign' ? rng.pick([45, 60, 60, 90]) : undefined;
    const dispatchTo = (unitId: number, at: number, withObjection: boolean, assists: number[]) => {
      for (const u of units) if (u.role === 'lead' || u.role === 'assist') u.active = false;
      const upsert = (unit: number, role: string) => {
        const ex = units.find((u) => u.unit === unit && u.role === role);
        if (ex) Object.assign(ex, { active: true, assigned: at, signed: null });
        else units.push({ unit, role, active: true, assigned: at, signed: null });
      };
      upsert(unitId, 'lead');
      for (const a of assists) upsert(a, 'assist');
      endRules(['accept_notice', 'object'], 'stopped', at);
      clock('accept_notice', unitId, at);
      if (withObjection) clock('object', unitId, at);
    };
    endRules(['route'], 'met', t1);
    void route;
    dispatchTo(lead.id, t1, true, assist);
    if (reportBackDays) clock('report_back', lead.id, t1, { amount: reportBackDays, unit: 'day' });
    cs.lead = lead.id;
    cs.routeType = `${mode}:${routeType}`;
    act('route', 'dispatched', t1, { mode, leadUnitId: String(lead.id), assistUnitIds: assist.map(String), routeType, ...(reportBackDays ? { reportBackDays } : {}) }, dispatcher, intakeId);

    const sign = (at: number) => {
      const u = units.find((x) => x.unit === cs.lead && x.role === 'lead' && x.active)!;
      u.signed = at;
      act('sign', 'signed', at, {}, userIn(org, cs.lead!, 'handler'), cs.lead);
    };
    let ts = t1 + (hotline ? (rng.chance(0.95) ? rng.int(10, 22 * 60) * 60_000 : rng.int(25, 72) * H) : rng.int(1, 72) * H);
    if (ts >= now) return finish();
    sign(ts);

    // 退单 (~5 %): the unit objects within 5 working days; the dispatcher upholds and re-routes, or rejects
    if (rng.chance(0.05)) {
      const to = ts + rng.int(2, 60) * H;
      if (to >= now) return finish();
      const other = local && lead.id !== local.id ? local : this.pickCityDept(c).id !== lead.id ? this.pickCityDept(c) : c.district.depts.get('cgj')!;
      const reason = T.OBJECTION_REASONS[rng.int(0, T.OBJECTION_REASONS.length - 1)]!.replace('{right}', other.name);
      const reqId = randomUUID();
      const input = { reason, suggestedUnitId: String(other.id) };
      endRules(['object'], 'met', to);
      act('object', 'objected', to, input, userIn(org, lead.id, 'handler'), lead.id);
      const td = to + rng.int(3, 72) * H;
      if (td >= now) {
        requests.push(row([reqId, id, 'objection', 'pending', lead.id, JSON.stringify(input), userIn(org, lead.id, 'handler'), iso(to), null, null, null]));
        return finish();
      }
      const upheld = other.id !== lead.id && rng.chance(0.55);
      if (upheld) {
        const note = T.OBJECTION_UPHELD[rng.int(0, T.OBJECTION_UPHELD.length - 1)]!.replace('{right}', other.name);
        requests.push(row([reqId, id, 'objection', 'approved', lead.id, JSON.stringify(input), userIn(org, lead.id, 'handler'), iso(to), dispatcher, iso(td), note]));
        dispatchTo(other.id, td, false, []);
        const prev = cs.lead;
        cs.lead = other.id;
        cs.designated = true;
        act('uphold_objection', 'dispatched', td, { leadUnitId: String(other.id), assistUnitIds: [], note, previousUnitId: String(prev) }, dispatcher, intakeId);
        lead = other;
      } else {
        const reasonR = T.OBJECTION_REJECTED[rng.int(0, T.OBJECTION_REJECTED.length - 1)]!;
        requests.push(row([reqId, id, 'objection', 'rejected', lead.id, JSON.stringify(input), userIn(org, lead.id, 'handler'), iso(to), dispatcher, iso(td), reasonR]));
        dispatchTo(lead.id, td, false, assist);
        cs.designated = true;
        act('reject_objection', 'dispatched', td, { reason: reasonR }, dispatcher, intakeId);
      }
      ts = td + rng.int(1, 24) * H;
      if (ts >= now) return finish();
      sign(ts);
    }

    const handler = userIn(org, lead.id, 'handler');
    const head = userIn(org, lead.id, 'unit_head');
    // acceptance: 及时受理 ~93 %
    const ta = ts + (rng.chance(0.93) ? rng.int(1, 9 * 24) * H : rng.int(15, 24) * D);
    if (ta >= now) return finish();
    if (rng.chance(0.025)) {
      const input = { reason: rng.pick(T.DECLINE_REASONS) };
      endRules(['accept_notice'], 'met', ta);
      endRules(['object', 'report_back'], 'stopped', ta);
      cs.outcome = { type: 'declined', ...input };
      act('decline', 'not_accepted', ta, input, handler, lead.id);
      const tc = ta + rng.int(1, 6) * D;
      if (tc < now) {
        endRules(clocks.map((k) => k.rule), 'stopped', tc);
        cs.closed = tc;
        act('close', 'closed', tc, { note: rng.pick(T.CLOSE_NOTES) }, dispatcher, intakeId);
      }
      return finish();
    }
    if (c.kind === 'appeal' && t.guide && rng.chance(0.3)) {
      endRules(['accept_notice', 'handle', 'report_back'], 'met', ta);
      endRules(['object'], 'stopped', ta);
      cs.outcome = { type: 'guided', ...t.guide };
      cs.closed = ta;
      act('guide_to_procedure', 'closed', ta, { ...t.guide }, handler, lead.id);
      return finish();
    }
    endRules(['accept_notice'], 'met', ta);
    endRules(['object'], 'stopped', ta);
    const handle = clock('handle', lead.id, ta);
    cs.accepted = ta;
    cs.handleDue = handle.due;
    act('accept', 'accepted', ta, { procedure: rng.pick(T.ACCEPT_PROCEDURES) }, handler, lead.id);

    // 按期办结 ~90 %: the reply issued by the deadline
    const late = rng.chance(0.1);
    let tr = ta + (late ? rng.int(55, 80) * D : rng.chance(0.5) ? rng.int(2, 20) * D : rng.int(20, 55) * D);
    if (rng.chance(0.04)) {
      const te = ta + rng.int(35, 50) * D;
      if (te >= now) return finish();
      const days = rng.pick([15, 20, 30]);
      const reason = rng.pick(T.EXTENSION_REASONS);
      act('request_extension', 'same', te, { days, reason }, handler, lead.id);
      const tad = te + rng.int(4, 48) * H;
      const reqId = randomUUID();
      if (tad >= now) {
        requests.push(row([reqId, id, 'extension', 'pending', lead.id, JSON.stringify({ days, reason }), handler, iso(te), null, null, null]));
        return finish();
      }
      if (rng.chance(0.85)) {
        requests.push(row([reqId, id, 'extension', 'approved', lead.id, JSON.stringify({ days, reason }), handler, iso(te), head, iso(tad), null]));
        extend(handle, days);
        cs.handleDue = handle.due;
        act('approve_extension', 'same', tad, { days, reason, newDueAt: iso(handle.due) }, head, lead.id);
        tr = Math.max(tr, tad + rng.int(3, 25) * D);
      } else {
        const note = '理由不充分，请按原期限办结。';
        requests.push(row([reqId, id, 'extension', 'rejected', lead.id, JSON.stringify({ days, reason }), handler, iso(te), head, iso(tad), note]));
        act('reject_extension', 'same', tad, { note }, head, lead.id);
        tr = Math.max(tr, tad + rng.int(1, 10) * D);
      }
    }
    const decisions = DECISIONS[c.kind] as readonly string[];
    const decision = c.kind === 'appeal' ? rng.weighted([['support', 55], ['explain', 30], ['not_support', 15]] as const) : rng.pick(decisions);
    const reply = {
      decision,
      facts: decision === 'not_support' && t.denyFacts ? t.denyFacts : c.doc.facts,
      reasons: decision === 'not_support' && t.deny ? t.deny : c.doc.action,
      ...(t.basis || c.kind === 'appeal' ? { legalBasis: t.basis ?? '《信访工作条例》第三十二条' } : {}),
      text: `${c.doc.facts}${c.doc.action}如对本处理意见不服，可自收到本意见书之日起三十日内向上一级机关请求复查。`,
    };
    let tdr = tr;
    if (assist.length && rng.chance(0.7)) {
      // the assisting unit's opinion, while the case is in handling (before the draft)
      const tao = ta + Math.floor(rng.next() * Math.max(1, Math.min(tdr, now) - ta));
      if (tao < now) act('add_assist_opinion', 'same', tao, { opinion: rng.pick(T.ASSIST_OPINIONS) }, userIn(org, assist[0]!, 'handler'), assist[0]!);
    }
    for (let round = 0; ; round++) {
      if (tdr >= now) return finish();
      act('draft_reply', 'reply_pending', tdr, { decision }, handler, lead.id);
      const tap = tdr + rng.int(2, 72) * H;
      const reqId = randomUUID();
      if (tap >= now) {
        requests.push(row([reqId, id, 'reply', 'pending', lead.id, JSON.stringify(reply), handler, iso(tdr), null, null, null]));
        return finish();
      }
      if (round === 0 && rng.chance(0.06)) {
        const note = rng.pick(T.RETURN_REPLY_NOTES);
        requests.push(row([reqId, id, 'reply', 'rejected', lead.id, JSON.stringify(reply), handler, iso(tdr), head, iso(tap), note]));
        act('return_reply', 'accepted', tap, { note }, head, lead.id);
        tdr = tap + rng.int(1, 6) * D;
        continue;
      }
      requests.push(row([reqId, id, 'reply', 'approved', lead.id, JSON.stringify(reply), handler, iso(tdr), head, iso(tap), null]));
      tr = tap;
      break;
    }
    endRules(['handle', 'report_back'], 'met', tr);
    clock('review_request', null, tr);
    cs.outcome = { type: 'reply', ...reply };
    cs.replied = tr;
    cs.evaluation = null;
    act('approve_reply', 'replied', tr, { decision, text: reply.text, facts: reply.facts, reasons: reply.reasons, legalBasis: reply.legalBasis ?? null }, head, lead.id);

    // the return-visit policy on the reply (default policy: 30 % sampled by the case's point)
    const point = samplePoint(id);
    const visitHook = (trigger: 'reply' | 'evaluation', at: number, reason: 'sampled' | 'unsatisfied', sp: number | null) =>
      deferred.push(() => this.regs.visit({ caseId: id, regNo, title: c.doc.title, office: intakeId, unit: cs.lead, categoryId: c.catId, trigger, reason, samplePoint: sp, at, caseStatusAt: (ms) => statusAt(timeline, ms), push: (e) => events.push({ ...e, seq: evSeq++ }), bump: (at2) => { version++; updated = Math.max(updated, at2); } }));
    if (point < 30) visitHook('reply', tr, 'sampled', point);

    // evaluation (参评 ~70 %); an unsatisfied one opens a visit task and a supervision item
    const evaluate = (at: number, level: number, answeringUnit: number) => {
      const rating = rng.weighted([['satisfied', 75], ['basically_satisfied', 17], ['dissatisfied', 8]] as const);
      const byCitizen = rng.chance(0.6);
      cs.evaluation = rating;
      act('evaluate', 'same', at, { rating, level, byCitizen }, byCitizen ? null : intakeUser, byCitizen ? null : intakeId);
      if (rating === 'dissatisfied') {
        visitHook('evaluation', at, 'unsatisfied', null);
        this.regs.supervise({ source: 'unsatisfied', caseId: id, unitId: answeringUnit, officeUnitId: intakeId, reason: `${regNo}「${c.doc.title}」群众评价不满意`, dedupKey: `unsatisfied:${id}:${level}`, at, push: (e) => events.push({ ...e, seq: evSeq++ }) });
      }
      return rating;
    };
    let tnext = tr;
    if (rng.chance(0.7)) {
      const tev = tr + rng.int(2, 7 * 24) * H;
      if (tev < now) {
        evaluate(tev, 0, lead.id);
        tnext = tev;
      }
    }
    // 复查 (~3 %) and 复核 (a quarter of those)
    let final = false;
    if (rng.chance(cs.evaluation === 'dissatisfied' ? 0.3 : 0.02)) {
      const trq = tnext + rng.int(1, 20) * D;
      if (trq < Math.min(now, running('review_request')[0]?.due ?? 0)) {
        const parent = org.units[lead.parentId! - 1]!;
        const reviewUnit = parent.type === 'petition_office' ? org.units[parent.parentId! - 1]! : parent;
        endRules(['review_request'], 'met', trq);
        for (const u of units) if (u.role === 'review') u.active = false;
        units.push({ unit: reviewUnit.id, role: 'review', active: true, assigned: trq, signed: null });
        clock('review_decide', reviewUnit.id, trq);
        cs.reviewLevel = 1;
        cs.reviewUnit = reviewUnit.id;
        cs.evaluation = null;
        act('request_review', 'review', trq, { reason: rng.pick(T.REVIEW_REASONS), reviewUnitId: String(reviewUnit.id) }, intakeUser, intakeId);
        const tdv = trq + (rng.chance(0.9) ? rng.int(5, 28) : rng.int(31, 45)) * D;
        if (tdv >= now) return finish();
        const d1 = rng.weighted([['upheld', 75], ['changed', 18], ['revoked', 7]] as const);
        const input = { decision: d1, opinion: T.REVIEW_OPINIONS[d1], legalBasis: '《信访工作条例》第三十五条' };
        endRules(['review_decide'], 'met', tdv);
        clock('rereview_request', null, tdv);
        cs.outcome = { ...(cs.outcome ?? {}), review: input };
        act('decide_review', 'reviewed', tdv, input, userIn(org, reviewUnit.id, 'handler'), reviewUnit.id);
        tnext = tdv;
        if (rng.chance(0.5)) {
          const tev = tdv + rng.int(1, 6) * D;
          if (tev < now) {
            evaluate(tev, 1, reviewUnit.id);
            tnext = tev;
          }
        }
        if (rng.chance(0.25) && reviewUnit.parentId) {
          const trr = tnext + rng.int(1, 20) * D;
          if (trr >= now) return finish();
          const top = org.units[reviewUnit.parentId - 1]!;
          endRules(['rereview_request'], 'met', trr);
          for (const u of units) if (u.role === 'review') u.active = false;
          units.push({ unit: top.id, role: 'review', active: true, assigned: trr, signed: null });
          clock('rereview_decide', top.id, trr);
          cs.reviewLevel = 2;
          cs.reviewUnit = top.id;
          cs.evaluation = null;
          act('request_rereview', 'rereview', trr, { reason: rng.pick(T.REREVIEW_REASONS), reviewUnitId: String(top.id) }, intakeUser, intakeId);
          const tdd = trr + (rng.chance(0.9) ? rng.int(5, 28) : rng.int(31, 45)) * D;
          if (tdd >= now) return finish();
          const d2 = rng.weighted([['upheld', 85], ['changed', 12], ['revoked', 3]] as const);
          const input2 = { decision: d2, opinion: T.REREVIEW_OPINIONS[d2], legalBasis: '《信访工作条例》第三十六条' };
          endRules(['rereview_decide'], 'met', tdd);
          cs.outcome = { ...(cs.outcome ?? {}), rereview: input2 };
          act('decide_rereview', 'rereviewed', tdd, input2, userIn(org, top.id, 'handler'), top.id);
          cs.finalAt = tdd;
          final = true;
          tnext = tdd;
        }
      }
    }
    // 办结
    const tc = tnext + rng.int(final ? 2 : 3, 20) * D;
    if (tc < now) {
      endRules(clocks.map((k) => k.rule), 'stopped', tc);
      cs.closed = tc;
      act('close', 'closed', tc, { note: rng.pick(T.CLOSE_NOTES) }, rng.chance(0.5) ? dispatcher : head, rng.chance(0.5) ? intakeId : lead.id);
    }
    return finish();
  }

  private write(
    c: CaseInput, id: string, regNo: string, code: string, secret: string, status: string, version: number, updated: number,
    cs: { lead: number | null; routeType: string | null; reviewLevel: number; reviewUnit: number | null; related: string | null; designated: boolean; outcome: Record<string, unknown> | null; evaluation: string | null; accepted: number | null; replied: number | null; closed: number | null; handleDue: number | null; finalAt: number | null },
    units: Array<{ unit: number; role: string; active: boolean; assigned: number; signed: number | null }>,
    clocks: Clock[], events: Ev[], requests: string[], anonymous: boolean, collective: boolean, headcount: number | null, accused: number | null, regAt: number,
    timeline: Array<[number, string]>,
  ): PriorCase {
    const { sink, rng, now } = this;
    const jitter = () => rng.next();
    // the sweep: warnings and overdue marks, with the supervision the overdue hook opens
    for (const k of clocks) {
      for (const h of sweep(k, now, jitter)) {
        events.push({ type: h.type, from: null, to: null, user: null, unit: null, pub: false, data: h.data, at: h.at, seq: events.length + 1000 });
        if (h.type === 'clock_overdue') {
          const unitId = k.unitId ?? cs.lead ?? c.intake.id;
          const step = k.rule === 'report_back' ? '交办反馈' : (STEP_ZH[k.rule] ?? k.rule);
          this.regs.supervise({
            source: 'case_overdue', caseId: id, unitId, officeUnitId: c.intake.id, reason: `${regNo}「${c.doc.title}」${step}超期`,
            dedupKey: `case_overdue:${id}:${k.rule}:${unitId}`, at: h.at, push: (e) => events.push({ ...e, seq: events.length + 1000 }),
          });
        }
      }
    }
    events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const doc = c.doc;
    sink.push('cases', row([
      id, regNo, code, secret, c.channel, c.kind, c.catId, doc.title, doc.content, doc.location, c.channel === 'visit' || c.channel === 'phone', anonymous, collective, headcount,
      status, version, c.intake.id, cs.lead, cs.routeType, accused, '{}', cs.reviewLevel, cs.reviewUnit, cs.related, cs.designated,
      cs.outcome ? JSON.stringify(cs.outcome) : null, cs.evaluation, iso(c.received), iso(regAt), iso(cs.accepted), iso(cs.replied), iso(cs.closed),
      c.channel === 'web' || c.channel === 'api' ? null : userIn(this.org, c.intake.id, 'intake'), iso(updated), doc.tsvector, this.fullText ? doc.fingerprint : null,
    ]));
    for (const u of units) sink.push('case_units', row([id, u.unit, u.role, u.active, iso(u.assigned), iso(u.signed)]));
    for (const k of clocks) sink.push('case_clocks', caseClockRow(id, k));
    for (const e of events) sink.push('case_events', evRow(id, e));
    for (const r of requests) sink.push('case_requests', r);
    if (this.fullText) for (const key of doc.dupKeys) sink.push('case_dup_keys', row([key, id, iso(c.received)]));
    return {
      id, regNo, title: doc.title, channel: c.channel, petitionerId: null, doc, street: c.street, district: c.district, catCode: c.catCode, catId: c.catId, kind: c.kind,
      timeline, handleDue: cs.handleDue, finalAt: cs.finalAt,
    };
  }
}

const STEP_ZH: Record<string, string> = {
  route: '信访部门登记后转送、交办', accept_notice: '书面告知信访人是否受理及处理途径和程序', handle: '办理期限（自受理之日起）',
  review_decide: '复查机关提出复查意见', rereview_decide: '复核机关提出复核意见（听证时间暂停计时）',
};

export function statusAt(timeline: Array<[number, string]>, ms: number): string {
  let s = timeline[0]?.[1] ?? 'registered';
  for (const [at, st] of timeline) if (at <= ms) s = st;
  return s;
}

export function evRow(caseId: string, e: Ev): string {
  return row([caseId, e.type, e.from, e.to, e.user, e.unit, e.pub, JSON.stringify(e.data), iso(e.at)]);
}

export type { Ev };
export { nextWorkday9 };
