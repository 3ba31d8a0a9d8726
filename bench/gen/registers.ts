/**
 * The registers as their use cases write them: return-visit tasks (src/visits: create.ts, handlers.ts) with their
 * attempts, clock and events on both timelines; supervision items (src/supervision: open-item.ts, handlers.ts) with
 * notice numbers (督〔year〕n号 per office and year, supervision_counters), the response clock and its escalation
 * when overdue; disputes (src/mediation) and hazards (src/hazards) found on the ground, with their clocks and events.
 */
import { randomUUID } from 'node:crypto';
import { cstDateOf } from '../../src/calendar/dates.js';
import * as T from '../../src/seed/texts.js';
import type { Rng } from '../../src/seed/random.js';
import { end, newClock, nextWorkday9, registerClockRow, sweep, type Clock } from './clocks.js';
import { userIn, type District, type Org, type Street } from './org.js';
import { row, type Sink } from './sink.js';

const H = 3_600_000;
const D = 86_400_000;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

type CaseEvent = { type: string; from: string | null; to: string | null; user: string | null; unit: number | null; pub: boolean; data: Record<string, unknown>; at: number };

interface RegEvent {
  type: string;
  from: string | null;
  to: string | null;
  user: string | null;
  unit: number | null;
  data: Record<string, unknown>;
  at: number;
}

const RECORD_VISIT_FROM = new Set(['replied', 'reviewed', 'rereviewed', 'closed']);

export class Registers {
  counts = { visits: 0, supervision: 0, disputes: 0, hazards: 0 };
  private counters = new Map<string, number>();
  /** open supervision items by dedup key: the instant they close (Infinity while open) */
  private openUntil = new Map<string, { id: string; until: number }>();
  /** per case: the instant its open visit task closes */
  private visitOpenUntil = new Map<string, number>();
  private disputeSeq = 0;
  private hazardSeq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly org: Org,
    private readonly sink: Sink,
    private readonly now: number,
  ) {}

  private events(entity: string, id: string, evs: RegEvent[]) {
    evs.sort((a, b) => a.at - b.at);
    for (const e of evs) this.sink.push('register_events', row([entity, id, e.type, e.from, e.to, e.user, e.unit, false, JSON.stringify(e.data), iso(e.at)]));
  }

  private clocks(entity: string, id: string, ks: Clock[], evs: RegEvent[], onOverdue?: (k: Clock, at: number) => void) {
    for (const k of ks) {
      for (const h of sweep(k, this.now, () => this.rng.next())) {
        evs.push({ type: h.type, from: null, to: null, user: null, unit: null, data: h.data, at: h.at });
        if (h.type === 'clock_overdue' && onOverdue) onOverdue(k, h.at);
      }
      this.sink.push('register_clocks', registerClockRow(entity, id, k));
    }
  }

  /** A return-visit task opened by the policy (create.ts insertTask) and worked by the visitor (handlers.ts). */
  visit(a: {
    caseId: string; regNo: string; title: string; office: number; unit: number | null; categoryId: number; trigger: 'reply' | 'evaluation';
    reason: 'sampled' | 'unsatisfied'; samplePoint: number | null; at: number; caseStatusAt: (ms: number) => string;
    push: (e: CaseEvent) => void; bump: (at: number) => void;
  }) {
    const { rng, now, org } = this;
    if (a.at >= now) return;
    if ((this.visitOpenUntil.get(a.caseId) ?? -1) > a.at) return; // one open task per case
    const id = randomUUID();
    this.counts.visits++;
    const visitor = userIn(org, a.office, 'return_visit');
    const evs: RegEvent[] = [];
    const createData = { caseId: a.caseId, trigger: a.trigger, reason: a.reason, samplePoint: a.samplePoint, policyId: null, byRule: 'return_visit_policy' };
    evs.push({ type: 'create', from: null, to: 'due', user: null, unit: null, data: createData, at: a.at });
    const k = newClock('return_visit', a.office, a.at);
    a.push({ type: 'return_visit_scheduled', from: null, to: null, user: null, unit: null, pub: false, data: { visitId: id, trigger: a.trigger, reason: a.reason, dueAt: iso(k.due) }, at: a.at });
    let status = 'due';
    let version = 1;
    let updated = a.at;
    let attempts = 0;
    let next: number | null = null;
    let channel: string | null = null;
    let reached: boolean | null = null;
    let solved: string | null = null;
    let satisfied: string | null = null;
    let comments: string | null = null;
    let visited: number | null = null;
    let followUp: string | null = null;
    let followNote: string | null = null;
    let supervisionId: string | null = null;
    let closed: number | null = null;
    let t = a.at + (rng.chance(0.9) ? rng.int(2, 60) : rng.int(72, 120)) * H;
    const onCase = (at: number, input: Record<string, unknown>, attempt: number) => {
      const st = a.caseStatusAt(at);
      if (RECORD_VISIT_FROM.has(st)) {
        a.push({ type: 'record_return_visit', from: st, to: st, user: visitor, unit: a.office, pub: false, data: input, at });
        a.bump(at);
      } else {
        a.push({ type: 'return_visit_noted', from: null, to: null, user: visitor, unit: a.office, pub: false, at,
          data: { visitId: id, attempt, contacted: input.contacted, resolved: input.resolved ?? null, satisfaction: input.satisfaction ?? null, caseStatus: st, why: `事项处于“${st}”状态，不适用“记录回访”操作，仅记入时间线` } });
      }
    };
    while (t < now && closed === null) {
      const n = attempts + 1;
      const ch = rng.weighted([['phone', 80], ['sms', 8], ['wechat', 7], ['visit', 5]] as const);
      channel = ch;
      if (rng.chance(0.82)) {
        solved = a.reason === 'unsatisfied' ? rng.weighted([['solved', 30], ['partly_solved', 35], ['unsolved', 35]] as const) : rng.weighted([['solved', 78], ['partly_solved', 15], ['unsolved', 7]] as const);
        satisfied = solved === 'unsolved' ? rng.weighted([['dissatisfied', 70], ['basically_satisfied', 30]] as const) : rng.weighted([['satisfied', 78], ['basically_satisfied', 18], ['dissatisfied', 4]] as const);
        comments = rng.pick(T.RETURN_VISIT_NOTES[solved as 'solved' | 'partly_solved' | 'unsolved']);
        this.sink.push('return_visit_attempts', row([id, n, iso(t), ch, true, null, solved, satisfied, comments, visitor]));
        attempts = n;
        reached = true;
        visited = t;
        closed = t;
        end(k, 'met', t);
        onCase(t, { contacted: true, resolved: solved, satisfaction: satisfied, note: comments }, n);
        if (solved === 'unsolved' || satisfied === 'dissatisfied') {
          const headline = [solved === 'unsolved' ? '未解决' : null, satisfied === 'dissatisfied' ? '不满意' : null].filter(Boolean).join('、');
          const item = this.supervise({ source: 'return_visit', caseId: a.caseId, subject: { entity: 'return_visit', id }, unitId: a.unit ?? a.office, officeUnitId: a.office,
            reason: `${a.regNo}「${a.title}」回访${headline}`, dedupKey: `return_visit:${a.caseId}`, at: t, push: a.push });
          followUp = 'supervision';
          supervisionId = item.id;
          followNote = item.created ? null : '该事项已有在办的回访督办，未重复立项';
        } else followUp = 'none';
        status = 'done';
        evs.push({ type: 'complete', from: attempts > 1 ? 'retry' : 'due', to: 'done', user: visitor, unit: a.office, at: t,
          data: { attempt: n, channel: ch, reached: true, solved, satisfied, followUp, supervisionId, followUpNote: followNote } });
      } else if (n < 3) {
        next = nextWorkday9(t);
        this.sink.push('return_visit_attempts', row([id, n, iso(t), ch, false, iso(next), null, null, null, visitor]));
        evs.push({ type: 'record_unreached', from: status, to: 'retry', user: visitor, unit: a.office, at: t, data: { attempt: n, of: 3, channel: ch, reached: false, nextAttemptAt: iso(next) } });
        attempts = n;
        status = 'retry';
        t = next + rng.int(0, 6) * H;
      } else {
        const note = rng.pick(T.RETURN_VISIT_NOTES.unreached);
        this.sink.push('return_visit_attempts', row([id, n, iso(t), ch, false, null, null, null, note, visitor]));
        attempts = n;
        reached = false;
        next = null;
        closed = t;
        end(k, 'met', t);
        onCase(t, { contacted: false, note: `${n}次回访均未联系上，按无法联系办结：${note}` }, n);
        evs.push({ type: 'close_unreachable', from: status, to: 'unreachable', user: visitor, unit: a.office, at: t, data: { attempt: n, of: 3, channel: ch, reached: false } });
        status = 'unreachable';
      }
      version++;
      updated = t;
    }
    if (closed !== null) next = null;
    this.visitOpenUntil.set(a.caseId, closed ?? Infinity);
    this.clocks('return_visit', id, [k], evs);
    this.sink.push('return_visits', row([
      id, status, version, a.office, a.unit, a.caseId, a.categoryId, a.trigger, a.reason, a.samplePoint, null, 3, 'supervise', null, attempts, iso(next), channel,
      reached, solved, satisfied, comments, iso(visited), followUp, followNote, supervisionId, null, iso(closed), null, iso(a.at), iso(updated),
    ]));
    this.events('return_visit', id, evs);
  }

  private noticeNo(office: number, at: number): string {
    const year = Number(cstDateOf(new Date(at)).slice(0, 4));
    const key = `${office}|${year}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `督〔${year}〕${n}号`;
  }

  /** open-item.ts: idempotent per dedup key while open; then the supervisor's notice, the unit's response, the close. */
  supervise(a: {
    source: string; caseId: string | null; subject?: { entity: string; id: string }; unitId: number; officeUnitId: number; reason: string; dedupKey: string; at: number;
    push?: (e: CaseEvent) => void;
  }): { id: string; created: boolean } {
    const { rng, now, org } = this;
    const open = this.openUntil.get(a.dedupKey);
    if (open !== undefined && open.until > a.at) return { id: open.id, created: false };
    const id = randomUUID();
    this.counts.supervision++;
    const supervisor = userIn(org, a.officeUnitId, 'supervisor');
    const evs: RegEvent[] = [];
    const data = { source: a.source, reason: a.reason, unitId: String(a.unitId), caseId: a.caseId, subject: a.subject ?? null };
    evs.push({ type: 'open', from: null, to: 'open', user: null, unit: null, data, at: a.at });
    if (a.caseId && a.push) a.push({ type: 'supervision_opened', from: null, to: null, user: null, unit: null, pub: false, data: { supervisionId: id, source: a.source, reason: a.reason }, at: a.at });
    let status = 'open';
    let version = 1;
    let updated = a.at;
    let level = 'routine';
    let noticeNo: string | null = null;
    let noticeContent: string | null = null;
    let notified: number | null = null;
    let response: string | null = null;
    let responded: number | null = null;
    let review: string | null = null;
    let closed: number | null = null;
    const ks: Clock[] = [];
    const tn = a.at + rng.int(4, 72) * H;
    if (rng.chance(0.04) && tn < now) {
      review = '经核实，问题已在督办前整改到位，撤销督办。';
      status = 'withdrawn';
      closed = tn;
      version++;
      updated = tn;
      evs.push({ type: 'withdraw', from: 'open', to: 'withdrawn', user: supervisor, unit: a.officeUnitId, data: { reason: review }, at: tn });
    } else if (tn < now) {
      noticeNo = this.noticeNo(a.officeUnitId, tn);
      noticeContent = `${a.reason}。请于收到督办单后5个工作日内查明原因、落实整改，并书面反馈办理结果。`;
      notified = tn;
      let k = newClock('supervision_response', a.unitId, tn);
      ks.push(k);
      status = 'notified';
      version++;
      updated = tn;
      evs.push({ type: 'issue_notice', from: 'open', to: 'notified', user: supervisor, unit: a.officeUnitId, data: { noticeNo, dueAt: iso(k.due), level }, at: tn });
      const late = rng.chance(0.08);
      const tr = tn + (late ? rng.int(8, 14) : rng.int(1, 6)) * D;
      if (tr > k.due && k.due + 60_000 < now) {
        // responseOverdue (supervision/hooks.ts): escalated one level by rule, with a fresh deadline
        const at = k.due + 60_000;
        end(k, 'stopped', at);
        k = newClock('supervision_response', a.unitId, at);
        ks.push(k);
        evs.push({ type: 'escalate', from: 'notified', to: 'notified', user: null, unit: null, at, data: { from: level, to: 'listed', reason: '督办单逾期未反馈，自动升级督办级别', dueAt: iso(k.due), byRule: 'overdue_response_escalates' } });
        level = 'listed';
        version++;
        updated = at;
      }
      if (tr < now) {
        end(k, 'met', tr);
        response = '经查，该事项因工作衔接不畅导致办理滞后。我单位已明确专人负责，落实整改措施，并建立台账跟踪办理，确保按期办结。';
        responded = tr;
        status = 'responded';
        version++;
        updated = tr;
        evs.push({ type: 'respond', from: 'notified', to: 'responded', user: userIn(org, a.unitId, 'unit_head'), unit: a.unitId, data: { length: response.length }, at: tr });
        const tc = tr + rng.int(4, 96) * H;
        if (tc < now) {
          closed = tc;
          status = 'closed';
          version++;
          updated = tc;
          evs.push({ type: 'accept_response', from: 'responded', to: 'closed', user: supervisor, unit: a.officeUnitId, data: { comment: null }, at: tc });
        }
      }
    }
    this.openUntil.set(a.dedupKey, { id, until: closed ?? Infinity });
    this.clocks('supervision', id, ks, evs);
    this.sink.push('supervision_items', row([
      id, status, version, a.officeUnitId, a.unitId, a.caseId, a.subject?.entity ?? null, a.subject?.id ?? null, a.source, a.reason, a.dedupKey, level,
      noticeNo, noticeContent, iso(notified), response, iso(responded), review, '[]', iso(closed), null, iso(a.at), iso(updated),
    ]));
    this.events('supervision', id, evs);
    return { id, created: true };
  }

  /** A dispute found by grid workers, at a visit or on the hotline (mediation/create.ts registerDispute), mediated by the street's committee. */
  dispute(at: number, d: District, s: Street, seq?: number) {
    const { rng, now, org } = this;
    if (at >= now) return;
    const id = randomUUID();
    this.counts.disputes++;
    this.disputeSeq++;
    const regNo = `TJ${cstDateOf(new Date(at)).replace(/-/g, '')}${String(seq ?? this.disputeSeq).padStart(6, '0')}`;
    const office = s.unit.id;
    const registrar = userIn(org, office, 'dispatcher');
    const mediator = userIn(org, office, 'mediator')!;
    const type = rng.weighted([['neighbours', 30], ['family', 15], ['property_management', 15], ['labour_wages', 12], ['consumer', 8], ['traffic', 6], ['land', 5], ['medical', 4], ['other', 5]] as const);
    const source = rng.weighted([['grid', 55], ['visit', 15], ['hotline', 20], ['other', 10]] as const);
    const estate = rng.pick(s.estates);
    const TITLES: Record<string, string> = {
      neighbours: `${estate}楼上楼下漏水纠纷`, family: `${estate}家庭赡养纠纷`, property_management: `${estate}业主与物业公司物业费纠纷`, labour_wages: `${s.roads[0]}某商铺拖欠员工工资纠纷`,
      consumer: `${s.roads[1]}某门店预付卡退费纠纷`, traffic: `${s.roads[0]}交通事故赔偿纠纷`, land: `${s.unit.name}宅基地界址纠纷`, medical: `${d.unit.name}某诊所医疗纠纷`, other: `${estate}停车位使用纠纷`,
    };
    const title = TITLES[type]!;
    const description = `${title}：双方因该事项多次发生争执，经网格员排查发现，双方同意由人民调解委员会调解。`;
    const place = `${d.unit.name}${s.unit.name.replace(d.unit.name.replace(d.city.unit.name, ''), '')}${estate}`;
    const evs: RegEvent[] = [];
    const ks: Clock[] = [];
    const parties = [randomUUID(), randomUUID()];
    parties.forEach((p, i) => {
      this.sink.push('petitioners', row([p, `${rng.pick(T.SURNAMES)}${rng.pick(T.GIVEN_NAMES)}`, null, `1${rng.pick(['38', '39', '58'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`, place, null, iso(at)]));
      this.sink.push('dispute_parties', row([id, p, i === 0 ? 'applicant' : 'respondent', i + 1]));
    });
    evs.push({ type: 'register', from: null, to: 'registered', user: registrar, unit: office, at, data: { regNo, type, source, parties: { applicant: 1, respondent: 1, other: 0 } } });
    let status = 'registered';
    let version = 1;
    let updated = at;
    const x: Record<string, unknown> = { unit: null, mediator: null, initiation: null, accepted: null, outcome: null, concluded: null, reason: null, referredTo: null, authority: null,
      content: null, form: null, effective: null, dueOn: null, performance: null, checked: null, perfNote: null };
    const step = (type: string, to: string | null, t: number, data: Record<string, unknown>, user: string | null = mediator) => {
      evs.push({ type, from: status, to: to ?? status, user, unit: office, at: t, data });
      if (to) status = to;
      version++;
      updated = t;
    };
    let t = at + rng.int(2, 48) * H;
    done: if (t < now) {
      x.unit = office;
      x.mediator = mediator;
      step('assign', 'assigned', t, { committeeUnitId: String(office), committee: s.unit.name, mediatorUserId: mediator, mediator: '人民调解员', note: null }, registrar);
      t += rng.int(4, 72) * H;
      if (t >= now) break done;
      if (rng.chance(0.05)) {
        x.reason = '被申请人明确表示拒绝调解。';
        step('party_refuses', 'not_mediated', t, { reason: x.reason }, registrar);
        break done;
      }
      const k = newClock('mediation', office, t);
      ks.push(k);
      x.accepted = t;
      x.initiation = rng.weighted([['applied', 60], ['proactive', 35], ['suggested', 5]] as const);
      step('accept', 'mediating', t, { initiation: x.initiation, dueAt: iso(k.due), note: null });
      for (let i = rng.int(1, 3), n = 1; i > 0; i--, n++) {
        t += rng.int(1, 8) * D;
        if (t >= now) break done;
        const sid = randomUUID();
        const heldOn = cstDateOf(new Date(t));
        this.sink.push('dispute_sessions', row([sid, id, heldOn, `${s.unit.name}人民调解室`, '双方陈述了各自意见，调解员释法说理，提出调解方案，双方表示回去考虑。', mediator, iso(t)]));
        step('record_session', null, t, { sessionId: sid, heldOn, session: n });
      }
      t += rng.int(1, 5) * D;
      if (t >= now) break done;
      const outcome = rng.weighted([['agreement', 65], ['no_agreement', 22], ['referred', 13]] as const);
      x.outcome = outcome;
      x.concluded = t;
      end(k, 'met', t);
      if (outcome === 'agreement') {
        const c1 = newClock('judicial_confirmation', office, t);
        const c2 = newClock('agreement_performance', office, t);
        ks.push(c1, c2);
        x.content = '经调解，双方自愿达成如下协议：被申请人于三十日内履行约定义务，申请人放弃其他请求。';
        x.form = 'written';
        x.effective = t;
        x.dueOn = cstDateOf(new Date(c2.due - 1));
        step('conclude_agreement', 'agreement', t, { form: 'written', effectiveAt: iso(t), performanceDueAt: iso(c2.due), confirmationWindowEndsAt: iso(c1.due) });
        const tp = t + rng.int(3, 28) * D;
        if (tp >= now) break done;
        if (rng.chance(0.9)) {
          end(c2, 'met', tp);
          x.performance = 'performed';
          x.checked = tp;
          step('confirm_performed', 'performed', tp, { performance: 'performed' });
        } else {
          end(c2, 'met', tp);
          x.performance = 'not_performed';
          x.checked = tp;
          x.perfNote = '被申请人未按协议履行。';
          step('record_not_performed', 'not_performed', tp, { performance: 'not_performed', supervisionId: null });
        }
      } else if (outcome === 'no_agreement') {
        x.reason = '双方分歧较大，调解不成，已告知当事人可通过仲裁、行政、司法等途径维护权利。';
        step('conclude_no_agreement', 'no_agreement', t, { reason: x.reason });
      } else {
        x.referredTo = rng.pick(['court', 'arbitration', 'administrative'] as const);
        x.authority = x.referredTo === 'court' ? `${d.unit.name}人民法院` : x.referredTo === 'arbitration' ? `${d.city.unit.name}劳动人事争议仲裁委员会` : `${d.unit.name}住房和城乡建设局`;
        x.reason = '纠纷涉及法律关系复杂，引导当事人通过法定途径解决。';
        step('refer', 'referred', t, { to: x.referredTo, authority: x.authority });
      }
    }
    this.clocks('dispute', id, ks, evs);
    this.sink.push('disputes', row([
      id, status, version, office, x.unit as number | null, null, regNo, type, title, description, place, null, null, source, x.mediator as string | null, x.initiation as string | null,
      iso(x.accepted as number | null), x.outcome as string | null, iso(x.concluded as number | null), x.reason as string | null, x.referredTo as string | null, x.authority as string | null,
      x.content as string | null, x.form as string | null, iso(x.effective as number | null), x.dueOn as string | null, x.performance as string | null, iso(x.checked as number | null),
      x.perfNote as string | null, null, null, null, null, null, null, registrar, iso(at), iso(updated),
    ]));
    this.events('dispute', id, evs);
  }

  /** A hazard found by inspection or reported (hazards/create.ts), assigned, rectified, verified and closed out. */
  hazard(at: number, d: District, s: Street, seq?: number) {
    const { rng, now, org } = this;
    if (at >= now) return;
    const id = randomUUID();
    this.counts.hazards++;
    this.hazardSeq++;
    const regNo = `YH${cstDateOf(new Date(at)).replace(/-/g, '')}${String(seq ?? this.hazardSeq).padStart(6, '0')}`;
    const office = d.office.id; // the district office keeps the register
    const officer = userIn(org, office, 'dispatcher');
    const source = rng.weighted([['inspection', 60], ['citizen', 15], ['hotline', 15], ['other', 10]] as const);
    const type = rng.weighted([['fire', 30], ['building', 15], ['gas', 10], ['traffic', 12], ['flood', 8], ['food', 5], ['production_safety', 12], ['public_order', 4], ['other', 4]] as const);
    const grade = rng.chance(0.06) ? 'major' : 'general';
    const estate = rng.pick(s.estates);
    const TITLES: Record<string, string> = {
      fire: `${estate}消防通道被占用、楼道堆放杂物`, building: `${estate}外墙瓷砖空鼓脱落`, gas: `${s.roads[0]}餐饮店燃气管道老化`, traffic: `${s.roads[1]}路口信号灯缺失`,
      flood: `${s.roads[0]}地下通道排水不畅`, food: `${s.roads[1]}无证食品加工点`, production_safety: `${s.unit.name}某小作坊违规用电`, public_order: `${estate}周边夜间聚集`, other: `${estate}广告牌松动`,
    };
    const title = TITLES[type]!;
    const place = `${d.unit.name}${estate}`;
    const foundBy = source === 'citizen' ? '群众' : source === 'hotline' ? '12345热线' : source === 'inspection' ? `${s.unit.name}安全检查组` : '网格员';
    const evs: RegEvent[] = [];
    const ks: Clock[] = [];
    evs.push({ type: 'report', from: null, to: 'reported', user: officer, unit: office, at, data: { regNo, source, type, grade, caseId: null, reporter: source === 'citizen' } });
    if (source === 'citizen') {
      const p = randomUUID();
      this.sink.push('petitioners', row([p, `${rng.pick(T.SURNAMES)}${rng.pick(T.GIVEN_NAMES)}`, null, `1${rng.pick(['38', '39'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`, null, null, iso(at)]));
      this.sink.push('hazard_reporters', row([id, p]));
    }
    let status = 'reported';
    let version = 1;
    let updated = at;
    const x: Record<string, unknown> = {};
    const step = (type: string, to: string, t: number, data: Record<string, unknown>, user: string | null, unit: number) => {
      evs.push({ type, from: status, to, user, unit, at: t, data });
      status = to;
      version++;
      updated = t;
    };
    const unit = s.unit;
    const uHead = userIn(org, unit.id, 'unit_head');
    let t = at + rng.int(2, 72) * H;
    done: if (t < now) {
      if (rng.chance(0.05)) {
        x.dismiss = '经核查，不构成安全隐患。';
        x.closed = t;
        step('dismiss', 'dismissed', t, { reason: x.dismiss }, officer, office);
        break done;
      }
      const k = newClock('hazard_rectify', unit.id, t);
      ks.push(k);
      x.unit = unit.id;
      x.leader = `${rng.pick(T.SURNAMES)}${rng.pick(T.GIVEN_NAMES)}`;
      x.post = `${unit.name}副主任`;
      x.requirements = '立即采取临时防护措施，限期整改到位。';
      x.due = k.due;
      step('assign', 'assigned', t, { unitId: String(unit.id), unitName: unit.name, leader: { name: x.leader, post: x.post }, dueAt: iso(k.due), rectifyDays: null, supervisionId: null }, officer, office);
      if (grade === 'major') this.supervise({ source: 'hazard_major', caseId: null, subject: { entity: 'hazard', id }, unitId: unit.id, officeUnitId: office, reason: `${regNo}「${title}」重大隐患挂牌督办`, dedupKey: `hazard_major:${id}`, at: t });
      t += rng.int(1, 5) * D;
      if (t >= now) break done;
      x.measures = '一案一策：明确责任人，清理现场，更换老化设施，设置警示标志，完成后申请核查。';
      x.planned = t;
      step('plan', 'rectifying', t, { length: (x.measures as string).length }, uHead, unit.id);
      t += (rng.chance(0.88) ? rng.int(3, 25) : rng.int(31, 50)) * D;
      if (t >= now) break done;
      end(k, 'met', t);
      const v = newClock('hazard_verify', office, t);
      ks.push(v);
      x.rectification = '已按方案完成整改，现场已恢复正常，整改前后照片已上传。';
      x.rectified = t;
      x.rectifiedBy = uHead;
      step('report_rectified', 'verifying', t, { photos: 1, onTime: t <= k.due, verifyDueAt: iso(v.due) }, uHead, unit.id);
      t += rng.int(4, 72) * H;
      if (t >= now) break done;
      end(v, 'met', t);
      x.verification = '经现场核查，整改到位，同意销号。';
      x.verified = t;
      step('verify_pass', 'verified', t, { passed: true }, officer, office);
      t += rng.int(2, 72) * H;
      if (t >= now) break done;
      x.closed = t;
      step('close', 'closed', t, { note: null }, officer, office);
    }
    this.clocks('hazard', id, ks, evs, (k, odAt) => {
      if (k.rule === 'hazard_rectify' && (status === 'assigned' || status === 'rectifying' || (x.rectified as number) > odAt))
        this.supervise({ source: 'hazard_overdue', caseId: null, subject: { entity: 'hazard', id }, unitId: unit.id, officeUnitId: office, reason: `${regNo}「${title}」整改超期`, dedupKey: `hazard_overdue:${id}`, at: odAt });
    });
    this.sink.push('hazards', row([
      id, status, version, office, (x.unit as number) ?? null, null, regNo, source, type, grade, title, `${title}，存在安全风险，需限期整改。`, place, null, null, foundBy, cstDateOf(new Date(at)),
      (x.leader as string) ?? null, (x.post as string) ?? null, (x.requirements as string) ?? null, (x.measures as string) ?? null, iso(x.planned as number), iso(x.due as number),
      (x.rectification as string) ?? null, iso(x.rectified as number), (x.rectifiedBy as string) ?? null, (x.verification as string) ?? null, iso(x.verified as number),
      (x.verified ? officer : null), 0, null, iso(x.closed as number), (x.dismiss as string) ?? null, officer, iso(at), iso(updated),
    ]));
    this.events('hazard', id, evs);
  }

  /** supervision_counters: the last notice number per office and year. */
  writeCounters() {
    for (const [key, n] of this.counters) {
      const [office, year] = key.split('|');
      this.sink.push('supervision_counters', row([Number(office), 'notice', Number(year), n]));
    }
  }
}
