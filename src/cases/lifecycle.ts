/**
 * THE transition table of a case. The API (allowed actions, refusals), the UI (which buttons) and the tests all
 * read this one table; each action's effect lives in actions/<action>.ts.
 */
import type { Role } from '../org/roles.js';
import { all, type Guard as WfGuard, type GuardFailure as WfGuardFailure, type Transition as WfTransition } from '../workflow/table.js';
import type { CaseKind, Status } from './states.js';

export type Relation =
  | 'intake' // the actor's scope holds the unit that registered the case (the petition office / dispatch centre)
  | 'lead' // the actor works in the lead handling unit (主办)
  | 'assist' // the actor works in an assisting unit (协办)
  | 'review' // the actor works in the unit that reviews / re-reviews
  | 'scope'; // any staff who can see the case

export interface GuardContext {
  status: Status;
  kind: CaseKind;
  designatedAfterDispute: boolean;
  reviewLevel: number;
  acceptedAt: Date | null;
  evaluation: string | null;
  now: Date;
  /** due instants of windows still open or closed, by rule key */
  windows: Partial<Record<string, Date | null>>;
  pending: ReadonlySet<string>;
  extensionUsed: boolean;
  clockPaused: boolean;
  hasHigherUnit: boolean;
  /** how the case was routed: '<mode>:<normal|legal|discipline>' (cases.route_type), null before routing */
  routeType?: string | null;
}

export type GuardFailure = WfGuardFailure;
export type Guard = WfGuard<GuardContext>;
export type Transition = WfTransition<Status, GuardContext, Relation>;

const fmt = (d: Date) => d.toISOString();

const withinWindow =
  (key: string, rule: string): Guard =>
  (c) => {
    const due = c.windows[key];
    if (due && c.now.getTime() > due.getTime()) return { code: 'DEADLINE_PASSED', params: { due: fmt(due), rule } };
    return null;
  };

/**
 * 复查 and 复核 (第三十五条、第三十六条) contest the written 信访处理意见 of a 申诉求决 matter (第三十一条第六项). Other
 * matters follow their own procedures, so the request is refused with the reason and the way to go:
 * - 涉法涉诉 (routed to a court / procuratorate, route type legal): 第二十八条第二款、第三十一条第一项;
 * - 检举控告 (an accusation, or routed to the discipline organ): 第三十条.
 * A 建议意见 matter is not refused: offices do review the answer to a suggestion, and 第三十五条 does not bar it.
 */
export function reviewBarred(c: Pick<GuardContext, 'kind' | 'routeType'>): GuardFailure | null {
  const route = (c.routeType ?? '').split(':')[1] ?? '';
  if (route === 'legal')
    return {
      code: 'REVIEW_NOT_APPLICABLE',
      params: {
        reason:
          '本事项属于涉法涉诉事项，应当依照法律法规规定的程序向有关机关提出（信访工作条例第二十八条第二款、第三十一条第一项），不适用信访复查、复核',
      },
    };
  if (c.kind === 'accusation' || route === 'discipline')
    return {
      code: 'REVIEW_NOT_APPLICABLE',
      params: {
        reason:
          '本事项属于检举控告类事项，由纪检监察机关或者有权处理的机关依规依纪依法办理和反馈（信访工作条例第三十条），不适用信访复查、复核；对处理结果有异议的，应当依照纪检监察的有关规定向有关机关提出',
      },
    };
  return null;
}

export const REROUTE_NOTE =
  'The petition office moves an open case (dispatched, signed or accepted) to another lead unit and assisting units, with a reason — ' +
  'before a unit is deactivated, or when a wrong assignment is found after signing. The status stays; the statutory clocks keep running ' +
  '(第三十四条 counts from acceptance) and pass to the new lead; the new unit signs again. An accusation is never re-routed to the accused (第三十条).';

export const RECALL_NOTE =
  'The petition office takes back a dispatch the unit has not yet signed for, with a reason; the case is registered again and is routed anew. ' +
  'The routing clock (第二十二条: 15 days from receipt) runs again on its first due time; the unit’s clocks stop. After signing, the unit’s objection (退单, 第二十三条第三款) ' +
  'or the office’s reroute is the correction path.';

export const REVIEW_NOTE =
  'Refused (REVIEW_NOT_APPLICABLE) and never offered in allowedActions when the matter follows another procedure: a 涉法涉诉 matter (routed to a legal organ) follows the procedures of the law ' +
  '(第二十八条第二款, 第三十一条第一项: “本事项属于涉法涉诉事项，应当依照法律法规规定的程序向有关机关提出”); an accusation (检举控告) or a matter ' +
  'routed to the discipline organ is handled and answered by 纪检监察机关 (第三十条).';

const guards = {
  objection: all(
    (c) =>
      c.designatedAfterDispute
        ? { code: 'OBJECTION_NOT_ALLOWED', params: { reason: '经裁定指定的承办单位不得再次退单（潍坊条例第二十二条）' } }
        : null,
    withinWindow('object', '不属于本单位职权范围的，应当自收到之日起5个工作日内提出异议（第二十三条第三款）'),
  ),
  appealOnly: ((c) =>
    c.kind === 'appeal' ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'guide_to_procedure', status: c.kind } }) as Guard,
  extensionFree: ((c) => {
    if (c.pending.has('extension')) return { code: 'EXTENSION_NOT_ALLOWED', params: { reason: '已有待审批的延期申请' } };
    if (c.extensionUsed) return { code: 'EXTENSION_NOT_ALLOWED', params: { reason: '办理期限只能延长一次（第三十四条）' } };
    return null;
  }) as Guard,
  extensionPending: ((c) =>
    c.pending.has('extension') ? null : { code: 'EXTENSION_NOT_ALLOWED', params: { reason: '没有待审批的延期申请' } }) as Guard,
  notEvaluated: ((c) =>
    c.evaluation ? { code: 'ACTION_NOT_ALLOWED', params: { action: 'evaluate', status: 'evaluated' } } : null) as Guard,
  review: all(
    // closing a case does not take away the citizen's 30 days (第三十五条): a closed reply can still be contested
    (c) => (c.reviewLevel === 0 && 'review_request' in c.windows ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'request_review', status: c.status } }),
    reviewBarred,
    (c) => (c.hasHigherUnit ? null : { code: 'INVALID_TARGET_UNIT', params: { reason: 'no higher unit to review' } }),
    withinWindow('review_request', '自收到书面答复之日起30日内请求复查（第三十五条）'),
  ),
  rereview: all(
    (c) => (c.reviewLevel === 1 && 'rereview_request' in c.windows ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'request_rereview', status: c.status } }),
    reviewBarred,
    (c) => (c.hasHigherUnit ? null : { code: 'INVALID_TARGET_UNIT', params: { reason: 'no higher unit to re-review' } }),
    withinWindow('rereview_request', '自收到书面答复之日起30日内请求复核（第三十六条）'),
  ),
  notPaused: ((c) => (c.clockPaused ? { code: 'ACTION_NOT_ALLOWED', params: { action: 'pause_clock', status: 'paused' } } : null)) as Guard,
  paused: ((c) => (c.clockPaused ? null : { code: 'ACTION_NOT_ALLOWED', params: { action: 'resume_clock', status: 'running' } })) as Guard,
  reopenable: ((c) => {
    if (c.reviewLevel >= 2) return { code: 'CASE_FINAL' };
    if (!c.acceptedAt) return { code: 'ACTION_NOT_ALLOWED', params: { action: 'reopen', status: 'never accepted' } };
    return null;
  }) as Guard,
};

const HANDLERS: Role[] = ['handler', 'unit_head'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'register', from: [], to: 'registered', roles: ['intake', 'dispatcher'], citizen: true, relation: 'scope', public: true, basis: '第十九条、第二十二条', label: { zh: '登记', en: 'Register' } },
  { action: 'route', from: ['registered'], to: 'dispatched', roles: ['dispatcher'], relation: 'intake', public: true, basis: '第二十二条', label: { zh: '转送/交办', en: 'Route to unit' } },
  { action: 'link_existing', from: ['registered'], to: 'linked', roles: ['intake', 'dispatcher'], relation: 'intake', public: true, basis: '第十九条第三款', queue: ['dispatcher'], label: { zh: '关联在办事项', en: 'Link to case in progress' } },
  { action: 'merge_duplicate', from: ['registered'], to: 'merged', roles: ['intake', 'dispatcher'], relation: 'intake', public: true, queue: ['dispatcher'], label: { zh: '合并重复件', en: 'Merge as duplicate' } },
  { action: 'not_accept', from: ['registered'], to: 'not_accepted', roles: ['dispatcher'], relation: 'intake', public: true, basis: '第二十二条、第二十三条', label: { zh: '不予受理', en: 'Do not accept' } },
  { action: 'sign', from: ['dispatched'], to: 'signed', roles: HANDLERS, relation: 'lead', public: false, queue: ['handler'], label: { zh: '签收', en: 'Sign for' } },
  { action: 'object', from: ['dispatched', 'signed'], to: 'objected', roles: HANDLERS, relation: 'lead', guard: guards.objection, public: false, basis: '第二十三条第三款；潍坊条例第二十二条', queue: [], label: { zh: '退单（提出异议）', en: 'Return (object)' } },
  { action: 'uphold_objection', from: ['objected'], to: 'dispatched', roles: ['dispatcher'], relation: 'intake', public: true, label: { zh: '同意退单并改派', en: 'Uphold and re-route' } },
  { action: 'reject_objection', from: ['objected'], to: 'dispatched', roles: ['dispatcher'], relation: 'intake', public: false, label: { zh: '驳回退单', en: 'Reject the return' } },
  { action: 'accept', from: ['signed'], to: 'accepted', roles: HANDLERS, relation: 'lead', public: true, basis: '第二十三条', queue: ['handler'], label: { zh: '受理并告知', en: 'Accept and notify' } },
  { action: 'decline', from: ['signed'], to: 'not_accepted', roles: HANDLERS, relation: 'lead', public: true, basis: '第二十三条', queue: [], label: { zh: '不予受理并告知', en: 'Decline and notify' } },
  { action: 'guide_to_procedure', from: ['signed', 'accepted'], to: 'closed', roles: HANDLERS, relation: 'lead', guard: guards.appealOnly, public: true, basis: '第三十一条', queue: [], label: { zh: '导入法定途径', en: 'Guide into statutory procedure' } },
  { action: 'add_assist_opinion', from: ['accepted'], to: 'same', roles: HANDLERS, relation: 'assist', public: false, queue: ['handler'], label: { zh: '提交协办意见', en: 'Add assisting opinion' } },
  { action: 'request_extension', from: ['accepted'], to: 'same', roles: HANDLERS, relation: 'lead', guard: guards.extensionFree, public: false, basis: '第三十四条', queue: [], label: { zh: '申请延期', en: 'Request extension' } },
  { action: 'approve_extension', from: ['accepted'], to: 'same', roles: ['unit_head'], relation: 'lead', guard: guards.extensionPending, public: true, basis: '第三十四条', label: { zh: '批准延期', en: 'Approve extension' } },
  { action: 'reject_extension', from: ['accepted'], to: 'same', roles: ['unit_head'], relation: 'lead', guard: guards.extensionPending, public: false, label: { zh: '不批准延期', en: 'Reject extension' } },
  { action: 'draft_reply', from: ['accepted'], to: 'reply_pending', roles: HANDLERS, relation: 'lead', public: false, basis: '第三十二条', queue: ['handler'], label: { zh: '拟写处理意见', en: 'Draft reply' } },
  { action: 'approve_reply', from: ['reply_pending'], to: 'replied', roles: ['unit_head'], relation: 'lead', public: true, basis: '第三十二条', label: { zh: '审批并出具处理意见书', en: 'Approve and issue reply' } },
  { action: 'return_reply', from: ['reply_pending'], to: 'accepted', roles: ['unit_head'], relation: 'lead', public: false, label: { zh: '退回修改', en: 'Send reply back' } },
  { action: 'evaluate', from: ['replied', 'reviewed', 'rereviewed'], to: 'same', roles: ['intake', 'return_visit'], citizen: true, relation: 'scope', guard: guards.notEvaluated, public: true, queue: ['intake'], label: { zh: '评价', en: 'Evaluate' } },
  { action: 'record_return_visit', from: ['replied', 'reviewed', 'rereviewed', 'closed'], to: 'same', roles: ['return_visit'], relation: 'scope', public: false, basis: '北京条例第二十三条', queue: [], label: { zh: '记录回访', en: 'Record return visit' } },
  { action: 'request_review', from: ['replied', 'closed'], to: 'review', roles: ['intake'], citizen: true, relation: 'scope', guard: guards.review, note: REVIEW_NOTE, public: true, basis: '第三十五条', queue: [], label: { zh: '请求复查', en: 'Request review' } },
  { action: 'decide_review', from: ['review'], to: 'reviewed', roles: HANDLERS, relation: 'review', public: true, basis: '第三十五条', label: { zh: '出具复查意见', en: 'Issue review decision' } },
  { action: 'request_rereview', from: ['reviewed', 'closed'], to: 'rereview', roles: ['intake'], citizen: true, relation: 'scope', guard: guards.rereview, note: REVIEW_NOTE, public: true, basis: '第三十六条', queue: [], label: { zh: '请求复核', en: 'Request re-review' } },
  { action: 'pause_clock', from: ['rereview'], to: 'same', roles: HANDLERS, relation: 'review', guard: guards.notPaused, public: true, basis: '第三十六条（听证时间不计算在内）', queue: [], label: { zh: '听证暂停计时', en: 'Pause clock for hearing' } },
  { action: 'resume_clock', from: ['rereview'], to: 'same', roles: HANDLERS, relation: 'review', guard: guards.paused, public: true, queue: [], label: { zh: '恢复计时', en: 'Resume clock' } },
  { action: 'decide_rereview', from: ['rereview'], to: 'rereviewed', roles: HANDLERS, relation: 'review', public: true, basis: '第三十六条', label: { zh: '出具复核意见', en: 'Issue re-review decision' } },
  { action: 'close', from: ['replied', 'reviewed', 'rereviewed', 'not_accepted'], to: 'closed', roles: ['dispatcher', 'unit_head', 'supervisor'], relation: 'scope', public: true, queue: [], label: { zh: '办结', en: 'Close' } },
  { action: 'reopen', from: ['closed'], to: 'accepted', roles: ['supervisor', 'dispatcher'], relation: 'scope', guard: guards.reopenable, public: true, queue: [], label: { zh: '重新办理', en: 'Reopen' } },
  { action: 'recall', from: ['dispatched'], to: 'registered', roles: ['dispatcher'], relation: 'intake', public: true, basis: '第二十二条', note: RECALL_NOTE, queue: [], label: { zh: '撤回转送/交办', en: 'Recall the dispatch' } },
  { action: 'reroute', from: ['dispatched', 'signed', 'accepted'], to: 'same', roles: ['dispatcher'], relation: 'intake', public: true, basis: '第二十二条', note: REROUTE_NOTE, queue: [], label: { zh: '改派', en: 'Re-route' } },
];

export type ActionName = (typeof TRANSITIONS)[number]['action'];

export const transitionFor = (action: string): Transition | undefined => TRANSITIONS.find((t) => t.action === action);
