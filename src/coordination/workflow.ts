/**
 * 信访工作联席会议: the transition table of a coordination item. The office (联席会议办公室) opens an item about a hard
 * case or a dispute over who accepts a matter (信访工作条例 第二十四条), listing the units involved; the meeting is
 * recorded; its decisions (议定事项) are assigned to one or more units, each with its own deadline; each unit reports its
 * part done (第十二条第二款: 及时报送落实情况); the office follows up (督促检查议定事项的落实, 第十一条第二款; locally 第十三条第一款) and closes the item when
 * every part is done.
 */
import type { Role } from '../org/roles.js';
import { defineWorkflow, type Guard, type Transition } from '../workflow/table.js';
import { officeInScope } from '../workflow/register-store.js';
import type { CoordinationStatus } from './tables.js';

export interface CoordinationContext {
  status: CoordinationStatus;
  officePath: string;
  /** parts of decisions (decision × unit) not yet reported done, in all */
  openTasks: number;
  /** parts of decisions in all */
  tasks: number;
  /** parts assigned to a unit the actor works in (or under), done or not */
  actorTasks: number;
  /** of those, the parts not yet reported done */
  actorOpenTasks: number;
}

export type CoordinationRelation = 'office' | 'task_unit';

type T = Transition<CoordinationStatus, CoordinationContext, CoordinationRelation>;

const OFFICE: Role[] = ['dispatcher', 'supervisor'];
const UNIT: Role[] = ['handler', 'unit_head'];

export const LAW = {
  open: '信访工作条例第十三条、第二十四条',
  meeting: '信访工作条例第十二条第一款、第十三条第一款',
  decide: '信访工作条例第十二条第二款',
  report: '信访工作条例第十二条第二款（及时报送落实情况）',
  follow: '信访工作条例第十一条第二款（联席会议办公室督促检查联席会议议定事项的落实）、第十三条第一款（督促落实）',
};

export const allPartsDone: Guard<CoordinationContext> = (c) =>
  c.tasks > 0 && c.openTasks === 0
    ? null
    : { code: 'EVIDENCE_REQUIRED', params: { what: `各责任单位报告议定事项落实完毕（尚有${c.openTasks}项未报）/ every unit's report on its decisions (${c.openTasks} outstanding)` } };

export const hasOwnOpenTask: Guard<CoordinationContext> = (c) =>
  c.actorOpenTasks > 0 ? null : { code: 'EVIDENCE_REQUIRED', params: { what: '本单位没有待落实的议定事项 / your unit has no open decision to report on' } };

const TRANSITIONS: readonly T[] = [
  { action: 'open', from: [], to: 'open', roles: OFFICE, relation: 'office', public: false, basis: LAW.open, label: { zh: '提请联席会议协调', en: 'Open a coordination item' } },
  { action: 'record_meeting', from: ['open'], to: 'meeting_held', roles: OFFICE, relation: 'office', public: false, basis: LAW.meeting, label: { zh: '记录联席会议', en: 'Record the meeting' } },
  { action: 'record_further_meeting', from: ['meeting_held', 'decisions_assigned', 'following_up'], to: 'same', roles: OFFICE, relation: 'office', public: false, basis: LAW.meeting, label: { zh: '记录再次会议', en: 'Record a further meeting' } },
  { action: 'assign_decisions', from: ['meeting_held'], to: 'decisions_assigned', roles: OFFICE, relation: 'office', public: false, basis: LAW.decide, label: { zh: '交办议定事项（责任单位、时限）', en: 'Assign the decisions: units and deadlines' } },
  { action: 'report_done', from: ['decisions_assigned', 'following_up'], to: 'following_up', roles: UNIT, relation: 'task_unit', guard: hasOwnOpenTask, public: false, basis: LAW.report, label: { zh: '报告议定事项落实情况', en: 'Report a decision carried out' } },
  { action: 'follow_up', from: ['decisions_assigned', 'following_up'], to: 'following_up', roles: OFFICE, relation: 'office', public: false, basis: LAW.follow, label: { zh: '跟踪督促落实', en: 'Follow up' } },
  { action: 'close', from: ['following_up'], to: 'closed', roles: OFFICE, relation: 'office', guard: allPartsDone, public: false, basis: LAW.follow, label: { zh: '议定事项全部落实，办结', en: 'Close: every decision carried out' } },
  { action: 'withdraw', from: ['open', 'meeting_held'], to: 'withdrawn', roles: OFFICE, relation: 'office', public: false, label: { zh: '撤回（已协商解决或无需协调）', en: 'Withdraw (settled, or no longer needed)' } },
];

export const COORDINATION_WORKFLOW = defineWorkflow<CoordinationStatus, CoordinationContext, CoordinationRelation>({
  entity: 'coordination',
  title: { zh: '信访工作联席会议协调', en: 'Joint coordination' },
  transitions: TRANSITIONS,
  statuses: {
    open: { zh: '已提请，待开会', en: 'Opened, meeting pending' },
    meeting_held: { zh: '已开会，待交办议定事项', en: 'Meeting held, decisions pending' },
    decisions_assigned: { zh: '议定事项已交办', en: 'Decisions assigned' },
    following_up: { zh: '跟踪落实中', en: 'Following up' },
    closed: { zh: '已办结', en: 'Closed' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  relations: {
    office: 'the convening office lies in the actor’s scope',
    task_unit: 'in a unit (or under it) to which a decision is assigned',
  },
  relationHolds(actor, relation, c) {
    switch (relation) {
      case 'office':
        return officeInScope(actor, c.officePath);
      case 'task_unit':
        return c.actorTasks > 0;
    }
  },
});
