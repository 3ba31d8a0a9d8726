/**
 * Corrections: for every action of the lifecycle, what remains when it was taken by mistake — the transitions that
 * correct it (each offered in the state the mistake leaves the case in; test/unit/corrections.test.ts checks that
 * against TRANSITIONS), or none, and why. Rendered into docs/lifecycle.md ("Corrections").
 */
import type { ActionName } from './lifecycle.js';

export interface Correction {
  /** the action taken by mistake */
  mistake: ActionName;
  /** the actions that correct it, in the order to try them; empty when nothing in the lifecycle does */
  paths: ActionName[];
  /** when each applies, who acts, and the statute — or why there is none */
  how: string;
}

export const CORRECTIONS: readonly Correction[] = [
  { mistake: 'register', paths: ['merge_duplicate', 'link_existing', 'not_accept'], how: 'A repeat is merged into or linked to the matter it repeats (第十九条第三款); a matter outside every office’s remit is not accepted, with the reason (第二十二条). A registered record itself is never deleted.' },
  { mistake: 'route', paths: ['recall', 'reroute', 'object'], how: '**Before the unit signs**: the dispatcher recalls it (撤回, with a reason; back to registered, the 15 days of 第二十二条 run on from receipt) or re-routes it. **After signing**: the unit returns it within 5 working days of receipt (退单, 第二十三条第三款), or the office re-routes it (改派); recall is not offered any more.' },
  { mistake: 'link_existing', paths: [], how: 'None: a linked matter ends here (第十九条第三款). If the link was wrong, the matter is registered again as a new matter; the linked record keeps its history.' },
  { mistake: 'merge_duplicate', paths: [], how: 'None: a merged matter ends here and its content lives on the matter it joined. If it was not a duplicate, it is registered again as a new matter.' },
  { mistake: 'not_accept', paths: [], how: 'None in the lifecycle: 不予受理 is a written decision to the petitioner (第二十二条、第二十三条) and is closed. A new submission is registered as a new matter.' },
  { mistake: 'sign', paths: ['object', 'reroute'], how: 'Signing is not acceptance: within the 5 working days the unit may still return it (退单, 第二十三条第三款); the office may re-route it.' },
  { mistake: 'object', paths: ['reject_objection'], how: 'The dispatcher decides the return: rejecting it sends the matter back to the same unit, which may not return it again (潍坊条例第二十二条).' },
  { mistake: 'uphold_objection', paths: ['recall', 'reroute'], how: 'Before the newly designated unit signs the dispatcher may recall it; at any open state re-route it. The designated unit cannot return it (潍坊条例第二十二条).' },
  { mistake: 'reject_objection', paths: ['recall', 'reroute'], how: 'As for an upheld return: recall before signing, re-route after.' },
  { mistake: 'accept', paths: ['reroute'], how: 'After acceptance the return window is spent; the office re-routes it (改派). The 60 days keep counting from acceptance (第三十四条).' },
  { mistake: 'decline', paths: [], how: 'None in the lifecycle: the unit’s 不予受理 is a written decision to the petitioner (第二十三条) and the matter is closed; a new submission is registered anew.' },
  { mistake: 'guide_to_procedure', paths: ['reopen'], how: 'A matter guided into a statutory procedure (第三十一条) is closed; if it had been accepted, the supervisor or dispatcher may reopen it. Guided before acceptance: none.' },
  { mistake: 'add_assist_opinion', paths: ['add_assist_opinion'], how: 'The assisting unit adds a further opinion; the earlier one stays on record.' },
  { mistake: 'request_extension', paths: ['reject_extension'], how: 'The unit head does not approve it (不批准延期); the deadline stays. An extension cannot be withdrawn by its requester.' },
  { mistake: 'approve_extension', paths: [], how: 'None: the one extension (at most 30 days, 第三十四条) is granted and the petitioner told the reason; it is not taken back.' },
  { mistake: 'reject_extension', paths: ['request_extension'], how: 'Only an approved extension uses up the one extension: the unit may ask again.' },
  { mistake: 'draft_reply', paths: ['return_reply'], how: 'Before approval the unit head sends the draft back (退回修改) and it is redrafted.' },
  { mistake: 'return_reply', paths: ['draft_reply'], how: 'The draft comes back as the starting point of a new draft.' },
  { mistake: 'approve_reply', paths: ['request_review'], how: 'An issued 信访处理意见 is not withdrawn: the petitioner may request a review within 30 days of receiving it (复查, 第三十五条); the case page says so. A 涉法涉诉 or 检举控告 matter follows its own procedure and has none (第二十八条第二款、第三十条).' },
  { mistake: 'evaluate', paths: [], how: 'None: a case is evaluated once (guard); a later view is recorded by a return visit (record_return_visit), the evaluation itself is not changed.' },
  { mistake: 'record_return_visit', paths: ['record_return_visit'], how: 'Another return visit is recorded; the earlier record stays.' },
  { mistake: 'request_review', paths: [], how: 'None: the reviewing unit decides it (第三十五条); the request is not withdrawn in the system.' },
  { mistake: 'decide_review', paths: ['request_rereview'], how: 'The petitioner may request a re-review within 30 days (复核, 第三十六条).' },
  { mistake: 'request_rereview', paths: [], how: 'None: the re-reviewing unit decides it (第三十六条).' },
  { mistake: 'pause_clock', paths: ['resume_clock'], how: 'The clock is resumed; the paused time is not counted (第三十六条: 听证所需时间不计算在内).' },
  { mistake: 'resume_clock', paths: ['pause_clock'], how: 'Paused again while the hearing goes on.' },
  { mistake: 'decide_rereview', paths: [], how: 'None: the re-review decision is final; the same complaint on the same facts and grounds is not accepted again (第三十六条第三款).' },
  { mistake: 'close', paths: ['reopen'], how: 'The supervisor or dispatcher reopens it (重新办理) when it had been accepted and is not finally re-reviewed.' },
  { mistake: 'reopen', paths: [], how: 'None: the reopened case is handled again to a new reply; its clocks run anew.' },
  { mistake: 'recall', paths: ['route'], how: 'The case is routed again (it is registered, the routing clock runs from receipt).' },
  { mistake: 'reroute', paths: ['reroute', 'recall'], how: 'Re-routed again; before the new unit signs, also recalled.' },
];
