/**
 * Demo return visits (回访), through the real use cases.
 *
 * seedVisitPolicies (before the cases are driven, so the policies decide which replies open tasks):
 *   - 江城市信访局: the office-wide default — reply trigger, 30% sampled, 100% of unsatisfied evaluations, an
 *     unsolved answer opens a supervision item; 政法 (police, courts, justice) matters are urgent and all visited;
 *   - 12345 hotline: every work order visited, on the reply or when the handling deadline expires (北京条例 第二十三条),
 *     and an unsolved answer reopens a closed order.
 * seedVisits (after the cases, before the clock sweep): the return-visit staff work through the open tasks as an office
 * would, each step at a plausible instant after the task opened: most reached (solved, partly, some unsolved → the
 * policy's follow-up), some not reached and retried, a few closed as unreachable, a task cancelled when the case had
 * already been visited from its own page; the rest stay open (due, or overdue once the sweep runs).
 */
import { sql } from 'kysely';
import type { Runtime } from '../bootstrap.js';
import type { StaffActor } from '../org/actor.js';
import { performVisitAction } from '../visits/perform.js';
import { putPolicy } from '../visits/policy.js';
import { Rng } from './random.js';

const HOUR = 3_600_000;
const META = { userAgent: 'minsheng-seed' };

const COMMENTS = {
  solved: ['群众表示问题已经解决，对办理结果认可。', '已按处理意见落实到位，群众表示感谢。', '经电话确认，相关问题已整改完毕。'],
  partly_solved: ['主要问题已解决，个别遗留事项仍在协调中。', '群众认可处理态度，但希望尽快落实后续措施。'],
  unsolved: ['群众反映问题至今未解决，要求重新处理。', '承办单位答复后未见实际行动，群众意见较大。'],
};
const UNREACHED = ['电话无人接听', '电话占线', '对方表示不方便，约定改日再访', '短信未回复'];

export async function seedVisitPolicies(rt: Runtime, actors: Map<string, StaffActor>): Promise<number> {
  const admin = actors.get('admin');
  if (!admin) return 0;
  const db = rt.deps.db;
  const unit = (code: string) => db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst();
  const bureau = await unit('JC-XFJ');
  const hotline = await unit('JC-12345');
  const zf = await db.selectFrom('categories').select('id').where('code', '=', 'ZF').executeTakeFirst();
  const put = (body: Record<string, unknown>) => putPolicy(rt.deps, admin, META, body, 'zh');
  let n = 0;
  if (bureau) {
    await put({ officeUnitId: bureau.id, categoryId: null, trigger: 'reply', samplePercent: 30, visitUnsatisfied: true, onUnsolved: 'supervise' });
    n++;
    if (zf) {
      await put({ officeUnitId: bureau.id, categoryId: zf.id, trigger: 'reply', urgent: true, visitUrgent: true, samplePercent: 30, onUnsolved: 'supervise' });
      n++;
    }
  }
  if (hotline) {
    await put({ officeUnitId: hotline.id, categoryId: null, trigger: 'both', visitAll: true, maxAttempts: 3, onUnsolved: 'reopen' });
    n++;
  }
  return n;
}

export async function seedVisits(rt: Runtime, actors: Map<string, StaffActor>, log: (s: string) => void = () => undefined): Promise<{ tasks: number; worked: number }> {
  const db = rt.deps.db;
  const r = new Rng(2323);
  const latest = rt.deps.now().getTime() - 2 * HOUR;
  const at = (d: Date) => ({ ...rt.deps, now: () => d });
  const visitorOf = (unitId: string) => [...actors.values()].find((a) => a.unitId === String(unitId) && a.roles.includes('return_visit'));
  const act = (who: StaffActor, d: Date, id: string, action: string, input: unknown) => performVisitAction(at(d), { actor: who, meta: META, lang: 'zh', id, action, input });

  const tasks = await sql<{ id: string; case_id: string; office_unit_id: string; created_at: Date; max_attempts: number; last_event: Date; visited: boolean }>`
    SELECT v.id, v.case_id, v.office_unit_id::text AS office_unit_id, v.created_at, v.max_attempts,
      (SELECT max(e.at) FROM case_events e WHERE e.case_id = v.case_id) AS last_event,
      EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = v.case_id AND e.type = 'record_return_visit') AS visited
    FROM return_visits v WHERE v.status IN ('due', 'retry') ORDER BY v.created_at, v.id`.execute(db);
  let worked = 0;
  for (const t of tasks.rows) {
    const visitor = visitorOf(t.office_unit_id);
    if (!visitor) continue; // an office without return-visit staff: the task waits (and goes overdue)
    let d = new Date(Math.max(t.created_at.getTime() + r.int(2, 26) * HOUR, new Date(t.last_event).getTime() + HOUR));
    if (d.getTime() > latest) continue;
    if (t.visited) {
      await act(visitor, d, t.id, 'cancel', { reason: '已在信访事项页面直接记录回访结果，撤销重复任务' });
      worked++;
      continue;
    }
    const fate = r.float(0, 1);
    // still to do: some of the last days' tasks, and now and then an older one left overdue (the board shows it)
    const recent = latest - t.created_at.getTime() < 5 * 24 * HOUR;
    if (fate > (recent ? 0.6 : 0.95)) continue;
    worked++;
    // not reached first, sometimes: retried at the planned time; the last attempt allowed closes as unreachable
    const misses = fate < 0.25 ? r.int(1, t.max_attempts - 1) : fate < 0.33 ? t.max_attempts : 0;
    let closed = false;
    for (let i = 0; i < misses && d.getTime() <= latest; i++) {
      const channel = r.pick(['phone', 'phone', 'sms'] as const);
      if (i === t.max_attempts - 1) {
        await act(visitor, d, t.id, 'close_unreachable', { channel, note: '多次联系未果' });
        closed = true;
        break;
      }
      const next = new Date(d.getTime() + r.int(4, 30) * HOUR);
      await act(visitor, d, t.id, 'record_unreached', { channel, nextAttemptAt: next.toISOString(), note: r.pick(UNREACHED) });
      d = next;
    }
    if (closed || d.getTime() > latest) continue;
    const solved = r.weighted<'solved' | 'partly_solved' | 'unsolved'>([['solved', 66], ['partly_solved', 22], ['unsolved', 12]]);
    const satisfied =
      solved === 'solved'
        ? r.weighted<'satisfied' | 'basically_satisfied'>([['satisfied', 80], ['basically_satisfied', 20]])
        : solved === 'partly_solved'
          ? r.weighted<'satisfied' | 'basically_satisfied' | 'dissatisfied'>([['basically_satisfied', 70], ['satisfied', 15], ['dissatisfied', 15]])
          : r.weighted<'basically_satisfied' | 'dissatisfied'>([['dissatisfied', 85], ['basically_satisfied', 15]]);
    await act(visitor, d, t.id, 'complete', { channel: r.pick(['phone', 'phone', 'phone', 'wechat', 'visit'] as const), solved, satisfied, comments: r.pick(COMMENTS[solved]) });
  }
  log(`return visits: ${tasks.rows.length} open tasks, ${worked} worked`);
  return { tasks: tasks.rows.length, worked };
}
