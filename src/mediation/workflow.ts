/**
 * 矛盾纠纷排查化解: the transition table of a dispute (人民调解法). A dispute is registered (or converted from a
 * petition), assigned to a people's mediation committee and a mediator, accepted with the parties' consent (第十七条),
 * mediated in recorded sessions (第二十七条), and concluded by an agreement (第二十八条至第三十条), no agreement, or a
 * referral to court, arbitration or an administrative procedure (第二十六条). The committee follows up the
 * agreement's performance (第三十一条第二款); the parties may apply jointly for judicial confirmation within 30 days
 * of the agreement taking effect (第三十三条). A dispute that came from a petition can be handed back to it.
 */
import type { Role } from '../org/roles.js';
import { all, defineWorkflow, type Guard, type GuardFailure, type Transition } from '../workflow/table.js';
import { actorWithin, officeInScope } from '../workflow/register-store.js';
import type { DisputeStatus } from './tables.js';

export interface DisputeContext {
  status: DisputeStatus;
  officePath: string;
  /** the mediation committee's unit path, once assigned */
  committeePath: string | null;
  hasCase: boolean;
  now: Date;
  /** end of the 第三十三条 window (rule judicial_confirmation), once an agreement took effect */
  confirmationDue: Date | null;
  confirmationApplied: boolean;
  confirmationDecided: boolean;
}

export type DisputeRelation = 'office' | 'committee' | 'office_or_committee';

type T = Transition<DisputeStatus, DisputeContext, DisputeRelation>;

const MEDIATORS: Role[] = ['mediator'];
const REGISTRARS: Role[] = ['mediator', 'intake', 'dispatcher', 'handler'];
const OFFICE: Role[] = ['mediator', 'dispatcher'];
const PETITION: Role[] = ['mediator', 'dispatcher', 'handler', 'unit_head'];

export const CONFIRMATION_RULE = '人民调解法第三十三条：双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认';

const withinConfirmationWindow: Guard<DisputeContext> = (c): GuardFailure | null => {
  if (!c.confirmationDue) return { code: 'ACTION_NOT_ALLOWED', params: { action: 'apply_judicial_confirmation', status: 'no agreement in effect' } };
  if (c.now.getTime() > c.confirmationDue.getTime()) return { code: 'DEADLINE_PASSED', params: { due: c.confirmationDue.toISOString(), rule: CONFIRMATION_RULE } };
  return null;
};
const notYetApplied: Guard<DisputeContext> = (c) =>
  c.confirmationApplied ? { code: 'ACTION_NOT_ALLOWED', params: { action: 'apply_judicial_confirmation', status: 'already applied' } } : null;
const appliedUndecided: Guard<DisputeContext> = (c) =>
  c.confirmationApplied && !c.confirmationDecided ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'record_confirmation_result', status: c.confirmationApplied ? 'already decided' : 'not applied' } };
const fromPetition: Guard<DisputeContext> = (c) =>
  c.hasCase ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'return_to_petition', status: 'not from a petition' } };

const AGREED: DisputeStatus[] = ['agreement', 'performed', 'not_performed'];

const TRANSITIONS: readonly T[] = [
  { action: 'register', from: [], to: 'registered', roles: REGISTRARS, relation: 'office', public: false, basis: '人民调解法第十七条', label: { zh: '登记纠纷', en: 'Register a dispute' } },
  { action: 'from_petition', from: [], to: 'registered', roles: PETITION, relation: 'office', public: false, basis: '信访工作条例第三十三条、第三十七条', label: { zh: '信访事项转调解', en: 'Convert a petition to a dispute' } },
  { action: 'assign', from: ['registered'], to: 'assigned', roles: OFFICE, relation: 'office', public: false, basis: '人民调解法第十九条', label: { zh: '指派调解委员会和调解员', en: 'Assign committee and mediator' } },
  { action: 'reassign', from: ['assigned', 'mediating'], to: 'same', roles: OFFICE, relation: 'office_or_committee', public: false, basis: '人民调解法第十九条、第二十三条第一项', label: { zh: '更换调解员', en: 'Change the mediator' } },
  { action: 'accept', from: ['assigned'], to: 'mediating', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第十七条', label: { zh: '受理调解', en: 'Accept for mediation' } },
  { action: 'party_refuses', from: ['registered', 'assigned'], to: 'not_mediated', roles: OFFICE, relation: 'office_or_committee', public: false, basis: '人民调解法第十七条', label: { zh: '当事人拒绝调解', en: 'A party refuses mediation' } },
  { action: 'record_session', from: ['mediating'], to: 'same', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第二十二条、第二十七条', label: { zh: '记录调解情况', en: 'Record a mediation session' } },
  { action: 'conclude_agreement', from: ['mediating'], to: 'agreement', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第二十八条至第三十条', label: { zh: '达成调解协议', en: 'Agreement reached' } },
  { action: 'conclude_no_agreement', from: ['mediating'], to: 'no_agreement', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第二十六条', label: { zh: '调解不成，终止调解', en: 'No agreement: mediation ended' } },
  { action: 'refer', from: ['mediating'], to: 'referred', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第二十六条', label: { zh: '引导至诉讼、仲裁或行政程序', en: 'Refer to court, arbitration or an administrative procedure' } },
  { action: 'apply_judicial_confirmation', from: AGREED, to: 'same', roles: MEDIATORS, relation: 'committee', guard: all(notYetApplied, withinConfirmationWindow), public: false, basis: '人民调解法第三十三条第一款', label: { zh: '申请司法确认', en: 'Apply for judicial confirmation' } },
  { action: 'record_confirmation_result', from: AGREED, to: 'same', roles: MEDIATORS, relation: 'committee', guard: appliedUndecided, public: false, basis: '人民调解法第三十三条第二款、第三款', label: { zh: '记录司法确认结果', en: 'Record the court’s decision' } },
  { action: 'confirm_performed', from: ['agreement', 'not_performed'], to: 'performed', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第三十一条', label: { zh: '协议已履行', en: 'Agreement performed' } },
  { action: 'record_partly_performed', from: ['agreement'], to: 'same', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第三十一条第二款', label: { zh: '部分履行，继续督促', en: 'Partly performed: follow-up continues' } },
  { action: 'record_not_performed', from: ['agreement'], to: 'not_performed', roles: MEDIATORS, relation: 'committee', public: false, basis: '人民调解法第三十一条第二款、第三十二条', label: { zh: '协议未履行', en: 'Agreement not performed' } },
  { action: 'return_to_petition', from: ['registered', 'assigned', 'not_mediated', 'no_agreement', 'referred', 'not_performed'], to: 'returned', roles: PETITION, relation: 'office_or_committee', guard: fromPetition, public: false, basis: '信访工作条例第三十一条、第三十三条', label: { zh: '退回信访程序', en: 'Return to the petition' } },
];

export const DISPUTE_WORKFLOW = defineWorkflow<DisputeStatus, DisputeContext, DisputeRelation>({
  entity: 'dispute',
  title: { zh: '矛盾纠纷调解', en: 'Dispute mediation' },
  transitions: TRANSITIONS,
  statuses: {
    registered: { zh: '已登记，待指派', en: 'Registered, to be assigned' },
    assigned: { zh: '已指派，待受理', en: 'Assigned, to be accepted' },
    mediating: { zh: '调解中', en: 'In mediation' },
    not_mediated: { zh: '当事人拒绝，不予调解', en: 'Not mediated: a party refused' },
    agreement: { zh: '已达成协议，履行中', en: 'Agreement reached, being performed' },
    no_agreement: { zh: '调解不成', en: 'No agreement' },
    referred: { zh: '已引导至其他途径', en: 'Referred to another procedure' },
    performed: { zh: '协议已履行', en: 'Agreement performed' },
    not_performed: { zh: '协议未履行', en: 'Agreement not performed' },
    returned: { zh: '已退回信访程序', en: 'Returned to the petition' },
  },
  relations: {
    office: 'the unit keeping the register lies in the actor’s scope',
    committee: 'in the assigned mediation committee (or a unit under it)',
    office_or_committee: 'the register’s unit lies in the actor’s scope, or the actor is in the committee',
  },
  relationHolds(actor, relation, c) {
    const office = officeInScope(actor, c.officePath);
    const committee = actorWithin(actor, c.committeePath);
    switch (relation) {
      case 'office':
        return office;
      case 'committee':
        return committee;
      case 'office_or_committee':
        return office || committee;
    }
  },
});
