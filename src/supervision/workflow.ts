/**
 * 督查督办: the transition table of a supervision item. An item is opened automatically (an overdue step, repeated
 * returns, an unsatisfied result, an overdue or major hazard, an unperformed mediation agreement) or by hand; the
 * supervisor issues a notice (督办单) with a response deadline to the supervised unit, the unit answers in writing,
 * the supervisor accepts the answer (办结) or sends it back; at any time before the close the item can be escalated
 * (日常督办 → 挂牌督办 → 约谈) and an accountability recommendation recorded.
 */
import type { Role } from '../org/roles.js';
import { all, defineWorkflow, type Guard, type Transition } from '../workflow/table.js';
import { officeOrUnitHolds } from '../workflow/register-store.js';
import { SUPERVISION_LEVELS, type SupervisionLevel, type SupervisionStatus } from './tables.js';

export interface SupervisionContext {
  status: SupervisionStatus;
  level: SupervisionLevel;
  officePath: string;
  unitPath: string;
}

export type SupervisionRelation = 'office' | 'unit';

type T = Transition<SupervisionStatus, SupervisionContext, SupervisionRelation>;

const SUPERVISORS: Role[] = ['supervisor'];
const UNIT: Role[] = ['handler', 'unit_head'];

export const LEVEL_LABELS: Record<SupervisionLevel, { zh: string; en: string }> = {
  routine: { zh: '日常督办', en: 'Routine supervision' },
  listed: { zh: '挂牌督办', en: 'Listed supervision' },
  interview: { zh: '约谈', en: 'Interview of the unit’s leaders' },
};

export const nextLevel = (l: SupervisionLevel): SupervisionLevel | null => SUPERVISION_LEVELS[SUPERVISION_LEVELS.indexOf(l) + 1] ?? null;

const canEscalate: Guard<SupervisionContext> = (c) =>
  nextLevel(c.level) ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'escalate', status: `level ${c.level}` } };

const TRANSITIONS: readonly T[] = [
  { action: 'open', from: [], to: 'open', roles: SUPERVISORS, relation: 'office', public: false, label: { zh: '督办立项', en: 'Open a supervision item' } },
  { action: 'issue_notice', from: ['open'], to: 'notified', roles: SUPERVISORS, relation: 'office', public: false, basis: '信访工作条例第四十条第一款', label: { zh: '发出督办单', en: 'Issue supervision notice' } },
  { action: 'respond', from: ['notified'], to: 'responded', roles: UNIT, relation: 'unit', public: false, basis: '信访工作条例第四十条第四款', label: { zh: '书面反馈', en: 'Respond in writing' } },
  { action: 'accept_response', from: ['responded'], to: 'closed', roles: SUPERVISORS, relation: 'office', public: false, label: { zh: '审核通过并办结', en: 'Accept the response and close' } },
  { action: 'reject_response', from: ['responded'], to: 'notified', roles: SUPERVISORS, relation: 'office', public: false, label: { zh: '退回重新反馈', en: 'Send the response back' } },
  { action: 'escalate', from: ['open', 'notified', 'responded'], to: 'same', roles: SUPERVISORS, relation: 'office', guard: all(canEscalate), public: false, basis: '信访工作条例第三十九条第三款', queue: [], label: { zh: '升级督办', en: 'Escalate' } },
  { action: 'recommend_accountability', from: ['notified', 'responded', 'closed'], to: 'same', roles: SUPERVISORS, relation: 'office', public: false, basis: '信访工作条例第四十条第三款', queue: [], label: { zh: '提出追责建议', en: 'Recommend accountability' } },
  { action: 'withdraw', from: ['open', 'notified'], to: 'withdrawn', roles: SUPERVISORS, relation: 'office', public: false, queue: [], label: { zh: '撤销督办', en: 'Withdraw' } },
];

export const SUPERVISION_WORKFLOW = defineWorkflow<SupervisionStatus, SupervisionContext, SupervisionRelation>({
  entity: 'supervision',
  title: { zh: '督查督办', en: 'Supervision' },
  transitions: TRANSITIONS,
  statuses: {
    open: { zh: '待督办', en: 'Open, notice not issued' },
    notified: { zh: '已发督办单，待反馈', en: 'Notice issued, awaiting response' },
    responded: { zh: '已反馈，待审核', en: 'Responded, awaiting review' },
    closed: { zh: '已办结', en: 'Closed' },
    withdrawn: { zh: '已撤销', en: 'Withdrawn' },
  },
  relations: {
    office: 'the supervising office lies in the actor’s scope',
    unit: 'in the supervised unit (or a unit under it)',
  },
  relationHolds: officeOrUnitHolds,
});

/** What the enumerated values of this register read as, for the forms and pages (GET /api/workflows). */
export const SUPERVISION_VALUE_LABELS: Record<string, { zh: string; en: string }> = {
  ...LEVEL_LABELS,
  improve_work: { zh: '改进工作建议', en: 'Improve the work' },
  circulate_criticism: { zh: '通报批评', en: 'Circulated criticism' },
  written_inspection: { zh: '书面检查', en: 'Written self-examination' },
  admonishing_talk: { zh: '诫勉谈话', en: 'Admonishing talk' },
  refer_to_discipline: { zh: '移送纪检监察机关', en: 'Refer to the discipline inspection organ' },
};
