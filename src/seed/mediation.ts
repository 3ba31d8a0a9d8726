/**
 * Demo disputes (矛盾纠纷调解) for the demo city seeded by seedDemo: a dozen matters at every stage, driven through
 * the REAL use cases (registerDispute, disputeFromPetition, performDisputeAction) with a shifted clock, so statuses,
 * sessions, clocks (mediation, agreement_performance, the 第三十三条 window), events, audit rows and the supervision
 * item of an unperformed agreement are what the application itself produces. One accepted appeal of the demo, if
 * there is one, is converted to a dispute, so both timelines show the link.
 *
 * Needs the demo's units and users (src/seed/org.ts). Deterministic for a given day: every step is counted back
 * from the start of the current day (CST). Every party, company and place is invented; phone numbers are 139 0000 xxxx.
 */
import { sql } from 'kysely';
import type { Runtime } from '../bootstrap.js';
import { cstDateOf, startOfDayCst } from '../calendar/dates.js';
import { sweepClocks } from '../clocks/sweep.js';
import { withDbActor } from '../db/actor-context.js';
import { disputeFromPetition, registerDispute } from '../mediation/create.js';
import { performDisputeAction } from '../mediation/perform.js';
import type { DisputeType } from '../mediation/tables.js';
import type { StaffActor } from '../org/actor.js';
import { staffActorQuery, toStaffActor } from '../org/auth.js';
import type { Deps } from '../workflow/deps.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const META = { userAgent: 'minsheng-seed' };

type Step =
  | { day: number; hour: number; who: string; action: string; input?: Record<string, unknown> }
  | { day: number; hour: number; who: string; session: string };

interface Plan {
  who: string;
  day: number;
  type: DisputeType;
  source: 'grid' | 'visit' | 'hotline' | 'other';
  title: string;
  description: string;
  place: string;
  parties: Array<{ role: 'applicant' | 'respondent' | 'other'; name: string; phone?: string; address?: string }>;
  steps: Step[];
}

const COMMITTEE = {
  dh: { unit: 'JC-D1-S1', mediator: 'dh.hb.mediator' },
  jb: { unit: 'JC-D2-S1', mediator: 'jb.bg.mediator' },
  xs: { unit: 'JC-D3-S1', mediator: 'xs.fl.mediator' },
} as const;
type Committee = keyof typeof COMMITTEE;

const ACCEPT = { initiation: 'applied', consent: true };
const remedies = (reason: string) => ({ reason, remediesExplained: true });
const agreement = (content: string, performDays?: number) => ({ content, form: 'written', ...(performDays ? { performDays } : {}) });

/** assign (by who), accept and the first session, on consecutive days from `day` */
const start = (c: Committee, day: number, by: string = COMMITTEE[c].mediator, notes = '调解员分别听取双方陈述，讲解有关法律规定，双方同意继续协商。'): Step[] => [
  { day, hour: 10, who: by, action: 'assign', input: { committee: c } },
  { day: day - 1, hour: 9, who: COMMITTEE[c].mediator, action: 'accept', input: ACCEPT },
  { day: day - 1, hour: 15, who: COMMITTEE[c].mediator, session: notes },
];

const PLANS = (): Plan[] => [
  {
    who: 'dh.hb.mediator', day: 2, type: 'neighbours', source: 'grid',
    title: '柳岸小区楼道堆放杂物引发邻里争执',
    description: '网格员巡查发现柳岸小区5栋2单元楼道长期堆放杂物，相邻两户多次争吵，存在消防隐患和矛盾激化风险。',
    place: '东湖区湖滨街道柳岸小区5栋2单元',
    parties: [{ role: 'applicant', name: '钟雅静', phone: '13900000101' }, { role: 'respondent', name: '鲍志诚', phone: '13900000102' }],
    steps: [],
  },
  {
    who: 'hotline', day: 4, type: 'property_management', source: 'hotline',
    title: '望湖花园业主与物业公司停车收费纠纷',
    description: '业主来电反映望湖花园物业公司上调地面停车费，业主认为未经业主大会同意，双方协商未果。',
    place: '东湖区湖滨街道望湖花园',
    parties: [{ role: 'applicant', name: '邱立明', phone: '13900000201' }, { role: 'respondent', name: '江城望湖物业服务有限公司' }],
    steps: [{ day: 3, hour: 10, who: 'mediator', action: 'assign', input: { committee: 'dh' } }],
  },
  {
    who: 'intake', day: 9, type: 'family', source: 'visit',
    title: '赡养老人费用分担的家庭纠纷',
    description: '来访人反映其兄弟姐妹对母亲的赡养费用分担和照料安排长期存在争议，请求调解。',
    place: '江北区北港街道码头社区',
    parties: [{ role: 'applicant', name: '尹桂芳', phone: '13900000301' }, { role: 'respondent', name: '尹建国', phone: '13900000302' }, { role: 'other', name: '尹建华' }],
    steps: [...start('jb', 8, 'mediator')],
  },
  {
    who: 'jb.bg.mediator', day: 40, type: 'labour_wages', source: 'grid',
    title: '纺织厂宿舍装修工人追讨工钱',
    description: '网格员发现多名装修工人聚集在纺织厂宿舍门口，反映包工头拖欠工钱约4.6万元。',
    place: '江北区北港街道纺织厂宿舍',
    parties: [{ role: 'applicant', name: '郭大勇', phone: '13900000401' }, { role: 'respondent', name: '范志远', phone: '13900000402' }],
    steps: [
      ...start('jb', 40),
      { day: 36, hour: 16, who: 'jb.bg.mediator', action: 'refer', input: { to: 'arbitration', authority: '江城市劳动人事争议仲裁委员会', reason: '双方存在劳动关系争议，引导申请劳动仲裁。' } },
    ],
  },
  {
    who: 'intake', day: 12, type: 'consumer', source: 'visit',
    title: '预付式健身卡退费纠纷',
    description: '来访人反映购买的健身年卡因门店装修停业两个月，要求退还剩余费用，商家只同意延期。',
    place: '东湖区湖滨街道湖滨路',
    parties: [{ role: 'applicant', name: '潘晓玲', phone: '13900000501' }, { role: 'respondent', name: '江城湖滨健身服务有限公司' }],
    steps: [
      ...start('dh', 11, 'mediator'),
      { day: 7, hour: 15, who: 'dh.hb.mediator', session: '商家同意按剩余月数退费，双方就退费时间进行协商。' },
      { day: 7, hour: 17, who: 'dh.hb.mediator', action: 'conclude_agreement', input: agreement('商家于十五日内按剩余十个月退还会员费人民币1500元，申请人放弃其他请求。', 15) },
    ],
  },
  {
    who: 'xs.fl.mediator', day: 30, type: 'traffic', source: 'other',
    title: '电动自行车与行人碰撞赔偿纠纷',
    description: '枫林路一电动自行车与行人发生碰撞，行人轻伤，双方就医疗费和误工费赔偿产生争议。',
    place: '西山区枫林街道枫林路',
    parties: [{ role: 'applicant', name: '汤文秀', phone: '13900000601' }, { role: 'respondent', name: '吕家明', phone: '13900000602' }],
    steps: [
      ...start('xs', 30),
      { day: 25, hour: 16, who: 'xs.fl.mediator', action: 'conclude_agreement', input: agreement('被申请人赔偿申请人医疗费、误工费共计人民币6800元，分两期于三十日内付清。', 30) },
      { day: 18, hour: 10, who: 'xs.fl.mediator', action: 'apply_judicial_confirmation', input: { court: '江城市西山区人民法院', joint: true } },
      { day: 10, hour: 10, who: 'xs.fl.mediator', action: 'record_confirmation_result', input: { result: 'confirmed', note: '法院裁定确认调解协议有效。' } },
      { day: 5, hour: 11, who: 'xs.fl.mediator', action: 'confirm_performed', input: { note: '两期赔偿款均已付清，申请人确认。' } },
    ],
  },
  {
    who: 'dh.hb.mediator', day: 20, type: 'neighbours', source: 'grid',
    title: '楼上卫生间渗水致楼下天花板受损',
    description: '湖畔锦苑3栋602室卫生间防水层破损，楼下502室天花板大面积渗水，双方就维修和赔偿发生争执。',
    place: '东湖区湖滨街道湖畔锦苑3栋',
    parties: [{ role: 'applicant', name: '孟庆华', phone: '13900000701' }, { role: 'respondent', name: '陆文静', phone: '13900000702' }],
    steps: [
      ...start('dh', 20),
      { day: 16, hour: 16, who: 'dh.hb.mediator', action: 'conclude_agreement', input: agreement('602室业主于二十日内修复卫生间防水层，并赔偿502室天花板维修费用人民币2600元。', 20) },
      { day: 6, hour: 10, who: 'dh.hb.mediator', action: 'record_partly_performed', input: { note: '防水层已修复，赔偿款尚未支付，已督促被申请人履行。' } },
    ],
  },
  {
    who: 'xs.fl.mediator', day: 60, type: 'land', source: 'grid',
    title: '红叶社区宅基地边界纠纷',
    description: '红叶社区两户村民因新建围墙占用宅基地边界发生争执，网格员排查发现后上报。',
    place: '西山区枫林街道红叶社区',
    parties: [{ role: 'applicant', name: '严国强', phone: '13900000801' }, { role: 'respondent', name: '严国富', phone: '13900000802' }],
    steps: [
      ...start('xs', 60),
      { day: 52, hour: 15, who: 'xs.fl.mediator', session: '会同社区工作人员现场测量边界，双方对测量结果无异议。' },
      { day: 50, hour: 16, who: 'xs.fl.mediator', action: 'conclude_agreement', input: agreement('被申请人于十日内拆除越界围墙0.6米，按原边界重建，费用自理。', 10) },
      { day: 38, hour: 10, who: 'xs.fl.mediator', action: 'record_not_performed', input: { note: '履行期限届满，被申请人未拆除越界围墙，经督促仍拒绝履行。' } },
    ],
  },
  {
    who: 'intake', day: 26, type: 'medical', source: 'visit',
    title: '口腔诊所种植牙术后纠纷',
    description: '来访人反映在某口腔诊所种植牙后反复疼痛，要求退费并赔偿，诊所认为已按规范操作。',
    place: '江北区北港街道北港大道',
    parties: [{ role: 'applicant', name: '程美华', phone: '13900000901' }, { role: 'respondent', name: '江城北港口腔诊所' }],
    steps: [
      ...start('jb', 25, 'mediator'),
      { day: 20, hour: 15, who: 'jb.bg.mediator', session: '双方对是否存在医疗过错分歧较大，申请人要求进行医疗损害鉴定。' },
      { day: 19, hour: 16, who: 'jb.bg.mediator', action: 'conclude_no_agreement', input: remedies('双方对医疗过错认定分歧较大，申请人坚持通过鉴定和诉讼解决。') },
    ],
  },
  {
    who: 'dh.hb.mediator', day: 15, type: 'neighbours', source: 'grid',
    title: '渔港新村广场舞噪音纠纷',
    description: '渔港新村居民反映每晚广场舞音响音量过大，与跳舞人员多次发生口角。',
    place: '东湖区湖滨街道渔港新村',
    parties: [{ role: 'applicant', name: '戴明亮', phone: '13900001001' }, { role: 'respondent', name: '葛秀英', phone: '13900001002' }],
    steps: [{ day: 14, hour: 10, who: 'dh.hb.mediator', action: 'party_refuses', input: { reason: '被申请人明确表示拒绝调解（人民调解法第十七条）。' } }],
  },
  {
    who: 'jb.bg.mediator', day: 45, type: 'property_management', source: 'grid',
    title: '滨江华府电梯长期停运纠纷',
    description: '滨江华府2栋电梯停运一个多月，业主与物业公司就维修费用承担争执不下。',
    place: '江北区北港街道滨江华府2栋',
    parties: [{ role: 'applicant', name: '韩春梅', phone: '13900001101' }, { role: 'respondent', name: '江城滨江物业服务有限公司' }],
    // accepted more than 30 days ago and still open: its mediation clock is overdue
    steps: [...start('jb', 45), { day: 30, hour: 15, who: 'jb.bg.mediator', session: '物业公司同意先行垫付维修费用，双方就维修基金使用程序继续协商。' }],
  },
];

async function loadActors(rt: Runtime): Promise<Map<string, StaffActor>> {
  const rows = await staffActorQuery(rt.deps.db).execute();
  return new Map(rows.map((r) => [r.username, toStaffActor(r, 'session')]));
}

export interface MediationSeedResult {
  disputes: number;
  fromPetition: string | null;
}

/**
 * Seeds the demo disputes into a database seeded by seedDemo (run it after the cases, before the last clock sweep
 * or alone: it sweeps once at the end). Returns how many disputes it made and the petition it converted, if any.
 */
export async function seedMediation(rt: Runtime, opts: { log?: (s: string) => void } = {}): Promise<MediationSeedResult> {
  const log = opts.log ?? (() => {});
  const actors = await loadActors(rt);
  const units = new Map(
    (await rt.deps.db.selectFrom('units').select(['id', 'code']).where('code', 'in', Object.values(COMMITTEE).map((c) => c.unit)).execute()).map((u) => [u.code, u.id]),
  );
  const actor = (username: string) => {
    const a = actors.get(username);
    if (!a) throw new Error(`seedMediation: demo user ${username} missing (run seedDemo first)`);
    return a;
  };
  const today = startOfDayCst(cstDateOf(rt.deps.now()));
  const at = (day: number, hour: number) => new Date(today.getTime() - day * DAY + hour * HOUR);
  const depsAt = (t: Date): Deps => ({ ...rt.deps, now: () => t });

  const run = async (id: string, s: Step) => {
    const t = at(s.day, s.hour);
    const args = { actor: actor(s.who), meta: META, lang: 'zh' as const, id };
    if ('session' in s) {
      await performDisputeAction(depsAt(t), { ...args, action: 'record_session', input: { heldOn: cstDateOf(t), notes: s.session } });
      return;
    }
    let input: Record<string, unknown> = s.input ?? {};
    if (s.action === 'assign') {
      const c = COMMITTEE[input.committee as Committee];
      input = { committeeUnitId: units.get(c.unit)!, mediatorUserId: actor(c.mediator).userId };
    }
    if (s.action === 'conclude_agreement' && typeof input.performDays === 'number') {
      const { performDays, ...rest } = input;
      input = { ...rest, performBy: cstDateOf(new Date(t.getTime() + (performDays as number) * DAY)) };
    }
    await performDisputeAction(depsAt(t), { ...args, action: s.action, input });
  };

  let n = 0;
  for (const p of PLANS()) {
    const created = await registerDispute(depsAt(at(p.day, 9)), {
      actor: actor(p.who),
      meta: META,
      lang: 'zh',
      input: { type: p.type, title: p.title, description: p.description, place: p.place, source: p.source, parties: p.parties },
    });
    for (const s of p.steps) await run(created.id, s);
    n++;
  }

  // a petition in handling converted to a dispute (信访工作条例 第三十三条): the oldest accepted appeal with a petitioner
  // (a street's case first: mediation is the street committee's work), mediated by the committee of its district
  const c = await withDbActor(rt.deps.db, { kind: 'system' }, (tx) =>
    sql<{ id: string; accepted_at: Date; reg_no: string; lead_code: string }>`
    SELECT c.id, c.accepted_at, c.reg_no, u.code AS lead_code FROM cases c JOIN units u ON u.id = c.lead_unit_id
    WHERE c.status = 'accepted' AND c.kind = 'appeal' AND c.accepted_at IS NOT NULL AND c.accepted_at < ${at(3, 0)}
      AND EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.case_id = c.id)
    ORDER BY (u.type = 'street') DESC, c.accepted_at, c.id LIMIT 1`.execute(tx),
  ); // case_parties is shielded (0015_rls.sql): the seed reads it as the system
  const petition = c.rows[0];
  if (petition) {
    const t = new Date(Math.max(petition.accepted_at.getTime() + DAY, at(6, 10).getTime()));
    const d = await disputeFromPetition(depsAt(t), {
      actor: actor('mediator'),
      meta: META,
      lang: 'zh',
      input: { caseId: petition.id, type: 'other', parties: [{ role: 'respondent', name: '江城市某物业服务有限公司' }] },
    });
    const next = (h: number) => new Date(t.getTime() + h * HOUR);
    const committee = COMMITTEE[petition.lead_code.startsWith('JC-D2') ? 'jb' : petition.lead_code.startsWith('JC-D3') ? 'xs' : 'dh'];
    const steps: Array<[Date, string, string, Record<string, unknown>]> = [
      [next(1), 'mediator', 'assign', { committeeUnitId: units.get(committee.unit)!, mediatorUserId: actor(committee.mediator).userId }],
      [next(24), committee.mediator, 'accept', ACCEPT],
      [next(29), committee.mediator, 'record_session', { heldOn: cstDateOf(next(29)), notes: '信访人与被申请人到场，就诉求事项逐项协商，约定下次调解时间。' }],
    ];
    for (const [when, who, action, input] of steps)
      await performDisputeAction(depsAt(when), { actor: actor(who), meta: META, lang: 'zh', id: d.id, action, input });
    n++;
    log(`mediation: petition ${petition.reg_no} converted to dispute ${d.regNo}`);
  }

  await sweepClocks(rt.deps);
  log(`mediation: ${n} disputes`);
  return { disputes: n, fromPetition: petition?.id ?? null };
}
