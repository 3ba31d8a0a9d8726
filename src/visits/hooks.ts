/**
 * When a return-visit task opens by itself (the office's policy, policy.ts): the reply issued (case approve_reply),
 * the handling deadline expired (case clock 'handle' marked overdue by the sweep), or an unsatisfied evaluation
 * (case evaluate, rating dissatisfied). Registered once at start-up through src/hooks.ts.
 */
import { onClockOverdue } from '../clocks/sweep.js';
import { onTransition } from '../workflow/engine.js';
import { openTaskByPolicy } from './create.js';

// in the reply's own transaction: the task exists exactly when the reply was issued
onTransition('case', 'approve_reply', async (e) => {
  await openTaskByPolicy(e.tx, e.deps, { caseId: e.id, trigger: 'reply', at: e.at });
});

onTransition('case', 'evaluate', async (e) => {
  if (e.data.rating !== 'dissatisfied') return;
  await openTaskByPolicy(e.tx, e.deps, { caseId: e.id, trigger: 'evaluation', at: e.at });
});

// 北京市接诉即办工作条例 第二十三条: "诉求办理时限期满 … 进行回访"
onClockOverdue(async (deps, k) => {
  if (k.entity !== 'case' || k.ruleKey !== 'handle') return;
  await deps.db.transaction().execute((tx) => openTaskByPolicy(tx, deps, { caseId: k.entityId, trigger: 'deadline', at: deps.now() }));
});
