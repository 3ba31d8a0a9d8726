/**
 * 问政回复 (public reply board): the transition table of a publication. The office proposes an anonymised matter
 * and its reply with the citizen's consent; the server redacts the personal data; a second person approves and it
 * is published; the office may unpublish it with a reason; the citizen's withdrawal of consent unpublishes at once.
 *
 * Never published: an accusation (检举控告, 信访工作条例 第三十条: 不得将信访人的检举、揭发材料以及有关情况透露或者转给
 * 被检举、揭发的人员或者单位; 第四十六条第五项), a 涉法涉诉 matter (第二十八条第二款、第三十一条第一项: it follows the
 * procedures of the law, not the petition reply), a matter without a reply, a matter without the citizen's consent.
 */
import type { Role } from '../org/roles.js';
import { all, defineWorkflow, type Guard, type Transition } from '../workflow/table.js';
import { officeInScope } from '../workflow/register-store.js';
import type { Leftover } from './redact.js';
import type { PublicationStatus } from './tables.js';

/** The case statuses that carry a written reply (处理意见 and its review opinions). */
export const REPLIED_STATUSES = ['replied', 'reviewed', 'rereviewed', 'closed'] as const;

export interface PublicationContext {
  status: PublicationStatus;
  officePath: string;
  /** the citizen's consent holds now (given and not withdrawn) */
  consent: boolean;
  caseKind: string;
  /** the case's route type, e.g. forward:legal */
  routeType: string | null;
  caseStatus: string;
  hasReply: boolean;
  /** the actor proposed (or last revised) this publication */
  actorIsProposer: boolean;
  /** the personal data of the parties still found in the public text after the redaction is re-run */
  leftover: Leftover[];
}

export type PublicationRelation = 'office';

type T = Transition<PublicationStatus, PublicationContext, PublicationRelation>;

const OFFICE: Role[] = ['dispatcher', 'supervisor'];

export const LAW = {
  accusation: '信访工作条例第三十条第三款（不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位）、第四十六条第五项',
  legal: '信访工作条例第二十八条第二款、第三十一条第一项（涉法涉诉信访事项按照法律法规规定的程序处理）',
  privacy: '信访工作条例第四十六条第五项（将信访人的检举、揭发材料或者有关情况透露的，依规依纪依法严肃处理）',
};

const refuse = (reason: string) => ({ code: 'PUBLICATION_NOT_ALLOWED' as const, params: { reason } });

/** What may be published at all: the matter's kind and route, its reply, the citizen's consent. */
export const publishable: Guard<PublicationContext> = (c) => {
  const route = (c.routeType ?? '').split(':')[1] ?? '';
  if (c.caseKind === 'accusation' || route === 'discipline')
    return refuse(`检举控告类事项一律不予公开（${LAW.accusation}）/ an accusation is never published (Art. 30(3), 46(5))`);
  if (route === 'legal') return refuse(`涉法涉诉事项不在问政回复公开（${LAW.legal}）/ a matter for the courts follows the law's procedure, not the board`);
  if (!c.hasReply || !(REPLIED_STATUSES as readonly string[]).includes(c.caseStatus))
    return refuse('事项尚未书面答复，不能公开 / the matter has no reply yet');
  if (!c.consent) return refuse('信访人未同意公开或已撤回同意 / the citizen has not consented to publication, or withdrew it');
  return null;
};

/** 复核 by a second person: the one who proposed the text does not approve it. */
export const secondPerson: Guard<PublicationContext> = (c) =>
  c.actorIsProposer ? { code: 'SECOND_PERSON_REQUIRED' } : null;

/** The re-check at approval: the redaction re-run, the public text must not contain a party's name, phone or ID. */
export const noPersonalDataLeft: Guard<PublicationContext> = (c) =>
  c.leftover.length === 0
    ? null
    : {
        code: 'PERSONAL_DATA_LEFT',
        params: { what: [...new Set(c.leftover.map((l) => `${l.field}:${l.kind}`))].join(', '), basis: LAW.privacy },
      };

const TRANSITIONS: readonly T[] = [
  { action: 'propose', from: [], to: 'proposed', roles: OFFICE, relation: 'office', guard: publishable, public: false, basis: LAW.accusation, note: 'Refused (PUBLICATION_NOT_ALLOWED) for an accusation or a matter routed to the discipline organ (第三十条), a 涉法涉诉 matter (第二十八条第二款), a matter not yet replied, and without the citizen’s consent.', label: { zh: '提议公开（匿名化）', en: 'Propose publication (anonymised)' } },
  { action: 'revise', from: ['proposed'], to: 'same', roles: OFFICE, relation: 'office', guard: publishable, public: false, label: { zh: '修改公开文本', en: 'Revise the public text' } },
  {
    action: 'approve',
    from: ['proposed'],
    to: 'published',
    roles: OFFICE,
    relation: 'office',
    guard: all(publishable, secondPerson, noPersonalDataLeft),
    public: true,
    basis: LAW.privacy,
    note: 'A second person approves (SECOND_PERSON_REQUIRED for the proposer); the redaction is re-run against the parties known to the case now, and the approval is refused (PERSONAL_DATA_LEFT) if the public text still contains a party’s name, phone number or ID number.',
    label: { zh: '审核通过并公开', en: 'Approve and publish' },
  },
  { action: 'reject', from: ['proposed'], to: 'rejected', roles: OFFICE, relation: 'office', public: false, label: { zh: '不予公开（退回）', en: 'Reject' } },
  { action: 'unpublish', from: ['published'], to: 'unpublished', roles: OFFICE, relation: 'office', public: false, label: { zh: '撤下公开', en: 'Unpublish' } },
  {
    action: 'consent_withdrawn',
    from: ['proposed', 'published'],
    to: 'withdrawn',
    roles: [],
    citizen: true,
    relation: 'office',
    public: false,
    note: 'The citizen withdraws consent on the portal (tracking code and query code): every live publication of the case is withdrawn in the same transaction.',
    label: { zh: '信访人撤回同意，撤下', en: 'Withdrawn: the citizen withdrew consent' },
  },
];

export const PUBLICATION_WORKFLOW = defineWorkflow<PublicationStatus, PublicationContext, PublicationRelation>({
  entity: 'publication',
  title: { zh: '问政回复公开', en: 'Public reply board' },
  transitions: TRANSITIONS,
  statuses: {
    proposed: { zh: '待审核', en: 'Proposed, awaiting approval' },
    published: { zh: '已公开', en: 'Published' },
    rejected: { zh: '不予公开', en: 'Rejected' },
    unpublished: { zh: '已撤下', en: 'Unpublished' },
    withdrawn: { zh: '信访人撤回同意', en: 'Consent withdrawn' },
  },
  relations: { office: 'the publishing office lies in the actor’s scope' },
  relationHolds(actor, relation, c) {
    switch (relation) {
      case 'office':
        return officeInScope(actor, c.officePath);
    }
  },
});
