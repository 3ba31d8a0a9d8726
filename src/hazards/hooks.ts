/**
 * What the hazard register does when its clocks run out: a rectification deadline that passes while the hazard is
 * still being rectified opens a supervision item on the responsible unit (安全生产法 第四十一条第三款 治理督办; 信访工作条例
 * 第四十条 拖延). The sweep marks each clock overdue once, and the item's dedup key holds while it is open, so two
 * sweeps (or two nodes) never open two. Registered once at start-up through src/hooks.ts.
 */
import type { Actor } from '../org/actor.js';
import { onClockOverdue } from '../clocks/sweep.js';
import { RECTIFY } from './handlers.js';
import { ENTITY } from './store.js';
import { superviseOverdue } from './supervise.js';

const SYSTEM: Actor = { kind: 'system', job: 'hazards' };

onClockOverdue(async (deps, k) => {
  if (k.entity !== ENTITY || k.ruleKey !== RECTIFY) return;
  await deps.db.transaction().execute(async (tx) => {
    const h = await tx
      .selectFrom('hazards')
      .select(['id', 'reg_no', 'title', 'case_id', 'office_unit_id', 'unit_id', 'status'])
      .where('id', '=', k.entityId)
      .executeTakeFirst();
    if (!h || !h.unit_id || (h.status !== 'assigned' && h.status !== 'rectifying')) return;
    await superviseOverdue(tx, deps, SYSTEM, h, k.unitId ?? h.unit_id, k.dueAt, deps.now());
  });
});
