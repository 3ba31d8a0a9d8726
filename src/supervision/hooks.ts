/**
 * Automatic supervision (信访工作条例 第四十条: 推诿、敷衍、拖延 … 应当及时督办): an overdue step of a case, a case
 * returned (退单) again and again, an unsatisfied evaluation, and a supervision notice left unanswered past its
 * deadline (escalated one level, 第三十九条第三款). Registered once at start-up through src/hooks.ts.
 */
import { sql } from 'kysely';
import type { Actor } from '../org/actor.js';
import { onClockOverdue, type OverdueClock } from '../clocks/sweep.js';
import type { Deps } from '../workflow/deps.js';
import { onTransition, type TransitionEvent } from '../workflow/engine.js';
import { openSupervisionItem } from './open-item.js';
import { performSupervisionActionInTx } from './perform.js';
import { nextLevel } from './workflow.js';

const SYSTEM: Actor = { kind: 'system', job: 'supervision' };

interface CaseFacts {
  reg_no: string;
  title: string;
  intake_unit_id: string;
  lead_unit_id: string | null;
  review_level: number;
  review_unit_id: string | null;
}

const caseFacts = (db: Deps['db'], caseId: string) =>
  db.selectFrom('cases').select(['reg_no', 'title', 'intake_unit_id', 'lead_unit_id', 'review_level', 'review_unit_id']).where('id', '=', caseId).executeTakeFirst() as Promise<CaseFacts | undefined>;

// a few case clocks have their length set per case (交办 report-back days) and no rule of their own
const STEP_NAMES: Record<string, string> = { report_back: '交办反馈' };

function ruleName(deps: Deps, key: string): string {
  if (STEP_NAMES[key]) return STEP_NAMES[key];
  try {
    return deps.clocks.rule(key).descriptionZh;
  } catch {
    return key;
  }
}

async function caseOverdue(deps: Deps, k: OverdueClock) {
  const c = await caseFacts(deps.db, k.entityId);
  if (!c) return;
  const step = ruleName(deps, k.ruleKey);
  const unitId = k.unitId ?? c.lead_unit_id ?? c.intake_unit_id;
  await deps.db.transaction().execute((tx) =>
    openSupervisionItem(
      tx,
      deps,
      SYSTEM,
      {
        source: 'case_overdue',
        caseId: k.entityId,
        unitId,
        officeUnitId: c.intake_unit_id,
        reason: `${c.reg_no}「${c.title}」${step}超期`,
        dedupKey: `case_overdue:${k.entityId}:${k.ruleKey}:${unitId}`,
      },
      deps.now(),
    ),
  );
}

/** A notice not answered in time goes up one level, with a fresh deadline; at the top level it stays overdue. */
async function responseOverdue(deps: Deps, k: OverdueClock) {
  const row = await deps.db.selectFrom('supervision_items').select(['level', 'status']).where('id', '=', k.entityId).executeTakeFirst();
  if (!row || row.status !== 'notified' || !nextLevel(row.level)) return;
  await deps.db.transaction().execute(async (tx) => {
    await performSupervisionActionInTx(deps, tx, {
      actor: SYSTEM,
      meta: {},
      lang: 'zh',
      id: k.entityId,
      action: 'escalate',
      input: { reason: '督办单逾期未反馈，自动升级督办级别' },
      byRule: 'overdue_response_escalates',
    });
  });
}

onClockOverdue(async (deps, k) => {
  if (k.entity === 'case') await caseOverdue(deps, k);
  else if (k.entity === 'supervision' && k.ruleKey === 'supervision_response') await responseOverdue(deps, k);
});

/**
 * 多次退单: a unit that returns (退单) many assignments is supervised for it — 推诿 is what 第四十条 names. A single case
 * can be returned only once (a unit designated after a dispute may not return it again, 潍坊条例 第二十二条), so the
 * count is per unit: the N-th objection by the same unit within 30 days (N configurable, default 3) opens one item
 * on that unit, about the latest case; while it is open, further returns do not open another.
 */
onTransition('case', 'object', async (e: TransitionEvent) => {
  const c = await caseFacts(e.tx, e.id);
  if (!c?.lead_unit_id) return;
  const since = new Date(e.at.getTime() - 30 * 86_400_000);
  const n = await sql<{ n: string }>`SELECT count(*)::text AS n FROM case_requests
    WHERE type = 'objection' AND unit_id = ${c.lead_unit_id} AND requested_at > ${since}`.execute(e.tx);
  const count = Number(n.rows[0]?.n ?? 0);
  if (count < e.deps.config.supervisionRepeatedReturns) return;
  await openSupervisionItem(
    e.tx,
    e.deps,
    SYSTEM,
    {
      source: 'repeated_returns',
      caseId: e.id,
      unitId: c.lead_unit_id,
      officeUnitId: c.intake_unit_id,
      reason: `近30日退单${count}件（最近一件：${c.reg_no}「${c.title}」）`,
      dedupKey: `repeated_returns:${c.lead_unit_id}`,
    },
    e.at,
  );
});

/** 不满意: a dissatisfied evaluation of an answer opens an item on the unit that answered. */
onTransition('case', 'evaluate', async (e: TransitionEvent) => {
  if (e.data.rating !== 'dissatisfied') return;
  const c = await caseFacts(e.tx, e.id);
  if (!c) return;
  // the answer evaluated is the latest one: the reply, or the review / re-review decision
  const answering = (c.review_level > 0 ? c.review_unit_id : c.lead_unit_id) ?? c.intake_unit_id;
  await openSupervisionItem(
    e.tx,
    e.deps,
    SYSTEM,
    {
      source: 'unsatisfied',
      caseId: e.id,
      unitId: answering,
      officeUnitId: c.intake_unit_id,
      reason: `${c.reg_no}「${c.title}」群众评价不满意`,
      dedupKey: `unsatisfied:${e.id}:${c.review_level}`,
    },
    e.at,
  );
});
