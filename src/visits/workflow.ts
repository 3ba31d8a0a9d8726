/**
 * 回访: the transition table of a return-visit task. A task is opened by the office's policy when a case's reply is
 * issued or its handling deadline expires (北京市接诉即办工作条例 第二十三条), for every unsatisfied evaluation, or by
 * hand; the return-visit staff of the office that registered the case call (or text, or visit) the citizen: not
 * reached → another attempt is planned, and after the policy's number of attempts the task closes as unreachable;
 * reached → solved? satisfied? — recorded on the task and as the case's record_return_visit event, and an unsolved or
 * unsatisfied answer reopens the case or opens a supervision item, as the policy says.
 */
import type { Role } from '../org/roles.js';
import { defineWorkflow, type Guard, type Transition } from '../workflow/table.js';
import { officeInScope } from '../workflow/register-store.js';
import type { VisitStatus } from './tables.js';

export interface VisitContext {
  status: VisitStatus;
  /** attempts made so far */
  attempts: number;
  maxAttempts: number;
  /** path of the office keeping the task (the unit that registered the case) */
  officePath: string;
}

export type VisitRelation = 'office';

type T = Transition<VisitStatus, VisitContext, VisitRelation>;

const VISITORS: Role[] = ['return_visit'];

/** Another attempt may be planned only while this attempt is not the last one the policy allows. */
const attemptsLeft: Guard<VisitContext> = (c) =>
  c.attempts + 1 < c.maxAttempts
    ? null
    : { code: 'ACTION_NOT_ALLOWED', params: { action: 'record_unreached', status: `第${c.attempts + 1}/${c.maxAttempts}次回访（最后一次未联系上应按无法联系办结）` } };

/** A task closes as unreachable only with the last attempt the policy allows. */
const lastAttempt: Guard<VisitContext> = (c) =>
  c.attempts + 1 >= c.maxAttempts
    ? null
    : { code: 'ACTION_NOT_ALLOWED', params: { action: 'close_unreachable', status: `第${c.attempts + 1}/${c.maxAttempts}次回访（尚可再次回访）` } };

const BJ23 = '北京市接诉即办工作条例第二十三条';

const TRANSITIONS: readonly T[] = [
  { action: 'create', from: [], to: 'due', roles: ['return_visit', 'dispatcher'], relation: 'office', public: false, basis: BJ23, label: { zh: '派发回访任务', en: 'Open a return-visit task' } },
  { action: 'complete', from: ['due', 'retry'], to: 'done', roles: VISITORS, relation: 'office', public: false, basis: `${BJ23}；潍坊市12345热线条例第二十五条`, label: { zh: '记录回访结果', en: 'Record the visit’s result' } },
  { action: 'record_unreached', from: ['due', 'retry'], to: 'retry', roles: VISITORS, relation: 'office', guard: attemptsLeft, public: false, label: { zh: '未联系上，约定再次回访', en: 'Not reached: plan another attempt' } },
  { action: 'close_unreachable', from: ['due', 'retry'], to: 'unreachable', roles: VISITORS, relation: 'office', guard: lastAttempt, public: false, label: { zh: '未联系上，按无法联系办结', en: 'Not reached: close as unreachable' } },
  { action: 'cancel', from: ['due', 'retry'], to: 'cancelled', roles: ['return_visit', 'dispatcher'], relation: 'office', public: false, queue: [], label: { zh: '撤销回访任务', en: 'Cancel the task' } },
];

export const STATUS_LABELS: Record<VisitStatus, { zh: string; en: string }> = {
  due: { zh: '待回访', en: 'Due' },
  retry: { zh: '待再次回访', en: 'Not reached, to retry' },
  done: { zh: '已回访', en: 'Visited' },
  unreachable: { zh: '无法联系', en: 'Unreachable' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const VISIT_WORKFLOW = defineWorkflow<VisitStatus, VisitContext, VisitRelation>({
  entity: 'return_visit',
  title: { zh: '回访', en: 'Return visits' },
  transitions: TRANSITIONS,
  statuses: STATUS_LABELS,
  relations: {
    office: 'the office keeping the task (the unit that registered the case) lies in the actor’s scope',
  },
  relationHolds(actor, relation, c) {
    switch (relation) {
      case 'office':
        return officeInScope(actor, c.officePath);
    }
  },
});
