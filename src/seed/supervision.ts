/**
 * Demo supervision: the case seeding and the clock sweep have already opened items automatically (overdue steps,
 * a unit's repeated returns, unsatisfied evaluations), each at the instant it happened. Here the supervisors work
 * through them as an office would — notices issued, some answered and closed, some sent back, some escalated, an
 * accountability recommendation — through the real use cases with the clock set to each step's instant; then the
 * sweep escalates the notices left unanswered, and last month's bulletin is issued.
 */
import type { Runtime } from '../bootstrap.js';
import { addCalendarDays, cstDateOf, startOfDayCst, type IsoDate } from '../calendar/dates.js';
import { sweepClocks } from '../clocks/sweep.js';
import type { StaffActor } from '../org/actor.js';
import { createBulletin } from '../supervision/bulletins.js';
import { openItemByHand } from '../supervision/create.js';
import { performSupervisionAction } from '../supervision/perform.js';
import { Rng } from './random.js';

const HOUR = 3_600_000;
const META = { userAgent: 'minsheng-seed' };

const NOTICES = [
  '请于期限内查明该事项未按期办理的原因，落实责任人，书面反馈办理结果和整改措施。',
  '该事项已超过法定办理期限，请立即组织核查，依法依规作出处理并告知信访人，书面反馈。',
  '群众对处理结果不满意，请重新核查事实，做好解释疏导，书面反馈办理情况。',
];
const RESPONSES = [
  '已成立专班核查，查明系承办人工作交接不及时所致；现已出具处理意见书并告知信访人，承办人已作书面检讨。',
  '经现场核查，问题属实，已责令责任单位限期整改，整改完成后组织回访，信访人表示认可。',
  '已约谈相关负责人，问题已于本周解决，后续将建立台账定期跟踪，防止问题反弹。',
];

export async function seedSupervision(rt: Runtime, actors: Map<string, StaffActor>, log: (s: string) => void = () => undefined) {
  const db = rt.deps.db;
  const supervisor = actors.get('supervisor');
  if (!supervisor) return { items: 0 };
  const r = new Rng(4242);
  const now = rt.deps.now();
  const latest = now.getTime() - 2 * HOUR;
  const at = (d: Date) => ({ ...rt.deps, now: () => d });
  const unitActor = (unitId: string) => [...actors.values()].find((a) => a.unitId === unitId && a.roles.some((x) => x === 'unit_head' || x === 'handler'));
  const act = (who: StaffActor, d: Date, id: string, action: string, input: unknown) =>
    performSupervisionAction(at(d), { actor: who, meta: META, lang: 'zh', id, action, input });

  // two items by hand, about the city's hardest matters of the last weeks
  const city = await db.selectFrom('units').select(['id']).where('type', '=', 'department').where((eb) => eb.or([eb('name', 'like', '%住房和城乡建设局'), eb('name', 'like', '%城市管理%')])).orderBy('depth').orderBy('id').limit(2).execute();
  for (const [i, u] of city.entries()) {
    const d = new Date(startOfDayCst(addCalendarDays(cstDateOf(now), -20 + i * 5)).getTime() + 10 * HOUR);
    await openItemByHand(at(d), { actor: supervisor, meta: META, lang: 'zh', input: { unitId: u.id, reason: i === 0 ? '近期群众反映集中的老旧小区漏水问题办理进度缓慢，列入督办。' : '夜间施工噪声扰民问题反复投诉，督促落实源头治理。' } });
  }

  const items = await db
    .selectFrom('supervision_items')
    .select(['id', 'unit_id', 'created_at', 'source'])
    .where('status', '=', 'open')
    .where('office_unit_id', '=', supervisor.unitId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let worked = 0;
  for (const item of items) {
    const t0 = item.created_at.getTime();
    const step = (days: number) => new Date(t0 + days * 24 * HOUR);
    if (step(1).getTime() > latest || !r.chance(0.8)) continue; // some stay 待督办
    const unit = unitActor(item.unit_id);
    await act(supervisor, step(1), item.id, 'issue_notice', { content: r.pick(NOTICES) });
    worked++;
    const fate = r.float(0, 1);
    if (!unit || fate < 0.2 || step(4).getTime() > latest) continue; // left unanswered: the sweep escalates it
    if (fate < 0.3) {
      await act(supervisor, step(2), item.id, 'escalate', { reason: '问题突出、群众反映强烈，升级为挂牌督办。' });
    }
    await act(unit, step(3), item.id, 'respond', { response: r.pick(RESPONSES) });
    if (step(5).getTime() > latest) continue;
    if (fate > 0.85) {
      await act(supervisor, step(4), item.id, 'reject_response', { reason: '反馈未附整改佐证材料，请补充后重新反馈。' });
      continue;
    }
    await act(supervisor, step(5), item.id, 'accept_response', { comment: '反馈情况属实，同意办结。' });
    if (fate > 0.75 && fate <= 0.8) {
      await act(supervisor, step(5), item.id, 'recommend_accountability', { measure: 'written_inspection', target: '责任单位分管负责同志', reason: '办理拖延，造成群众重复信访。' });
    }
  }
  const swept = await sweepClocks(rt.deps);

  // last month's bulletin
  const today = cstDateOf(now);
  const firstOfMonth = `${today.slice(0, 8)}01` as IsoDate;
  const lastMonthEnd = addCalendarDays(firstOfMonth, -1);
  const lastMonthStart = `${lastMonthEnd.slice(0, 8)}01` as IsoDate;
  await createBulletin(rt.deps, { actor: supervisor, meta: META, lang: 'zh', input: { from: lastMonthStart, to: lastMonthEnd } });
  log(`supervision: ${items.length} open items, ${worked} notices issued, ${swept.overdue} overdue at the last sweep, 1 bulletin`);
  return { items: items.length };
}
