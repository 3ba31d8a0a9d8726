/**
 * 积案化解专项行动: the transition table of a campaign item (one case in a backlog campaign). The office selects the
 * case by a filter (create.ts); assigns a responsible leader (包案领导, 信访工作条例 第十八条第二款: 领导干部……包案化解群众反映
 * 强烈的突出问题), a responsible unit and a plan for this case (一案一策) with a target date; the unit reports progress
 * and then the case resolved (化解/息诉罢访, 依法终结 — 第三十七条); the office verifies the resolution (第三十八条: 专项督查,
 * 疑难复杂信访问题列入督查范围) — never the person who reported it — or sends it back with its reason. An item can be
 * withdrawn from the campaign with a reason.
 */
import type { Role } from '../org/roles.js';
import { defineWorkflow, type Guard, type Transition } from '../workflow/table.js';
import { officeOrUnitHolds } from '../workflow/register-store.js';
import type { CampaignItemStatus } from './tables.js';

export interface CampaignItemContext {
  status: CampaignItemStatus;
  officePath: string;
  /** the responsible unit's path (the case's lead unit until a plan names another) */
  unitPath: string | null;
  /** the actor (whose action is checked) reported the resolution being verified */
  actorClaimed: boolean;
}

export type CampaignRelation = 'office' | 'unit';

type T = Transition<CampaignItemStatus, CampaignItemContext, CampaignRelation>;

const OFFICE: Role[] = ['dispatcher', 'supervisor'];
const UNIT: Role[] = ['handler', 'unit_head'];

export const LAW = {
  select: '信访工作条例第十条（研究解决疑难复杂信访问题）、第三十八条第一款、第三款（专项督查；疑难复杂信访问题列入督查范围）',
  plan: '信访工作条例第十八条第二款（领导干部包案化解群众反映强烈的突出问题）',
  progress: '信访工作条例第三十七条第一款（多措并举化解矛盾纠纷）',
  resolved: '信访工作条例第三十七条第一款、第三款（依法终结后做好疏导教育、矛盾化解、帮扶救助）',
  verify: '信访工作条例第三十八条第二款（开展督查，就发现的问题向有关地方和部门进行反馈）',
};

/** The resolution is verified by someone other than who reported it (and so is a refusal). */
export const notTheReporter: Guard<CampaignItemContext> = (c) =>
  c.actorClaimed ? { code: 'VERIFIER_NOT_INDEPENDENT', params: { reason: '核验人不得是化解情况的报告人 / the verifier reported the resolution' } } : null;

/** The office's check of a reported resolution, either way: by someone other than the reporter. */
const CHECK = {
  from: ['resolved_claimed'],
  roles: OFFICE,
  relation: 'office',
  guard: notTheReporter,
  public: false,
  basis: LAW.verify,
  note: 'refused (VERIFIER_NOT_INDEPENDENT) to the person who reported the resolution',
} as const;

const TRANSITIONS: readonly T[] = [
  { action: 'select', from: [], to: 'selected', roles: OFFICE, relation: 'office', public: false, basis: LAW.select, label: { zh: '列入积案化解专项行动', en: 'Select into the campaign' } },
  { action: 'assign_plan', from: ['selected'], to: 'planned', roles: OFFICE, relation: 'office', public: false, basis: LAW.plan, label: { zh: '明确包案领导、责任单位和化解方案（一案一策）', en: 'Assign leader, unit and plan (one plan per case)' } },
  { action: 'revise_plan', from: ['planned', 'in_progress'], to: 'same', roles: OFFICE, relation: 'office', public: false, basis: LAW.plan, label: { zh: '调整包案领导或化解方案', en: 'Revise leader or plan' } },
  { action: 'report_progress', from: ['planned', 'in_progress'], to: 'in_progress', roles: UNIT, relation: 'unit', public: false, basis: LAW.progress, label: { zh: '报告化解进展', en: 'Report progress' } },
  { action: 'report_resolved', from: ['planned', 'in_progress'], to: 'resolved_claimed', roles: UNIT, relation: 'unit', public: false, basis: LAW.resolved, label: { zh: '报告化解结果，申请核验', en: 'Report resolved, ask for verification' } },
  { action: 'verify', to: 'resolved', ...CHECK, label: { zh: '核验通过，化解销号', en: 'Verify: resolved' } },
  { action: 'refuse_verification', to: 'in_progress', ...CHECK, label: { zh: '核验未通过，退回继续化解', en: 'Verification refused: back to work' } },
  { action: 'withdraw', from: ['selected', 'planned', 'in_progress'], to: 'withdrawn', roles: OFFICE, relation: 'office', public: false, label: { zh: '移出专项行动', en: 'Remove from the campaign' } },
];

export const CAMPAIGN_WORKFLOW = defineWorkflow<CampaignItemStatus, CampaignItemContext, CampaignRelation>({
  entity: 'campaign_item',
  title: { zh: '积案化解专项行动', en: 'Backlog campaign' },
  transitions: TRANSITIONS,
  statuses: {
    selected: { zh: '已列入，待定方案', en: 'Selected, plan pending' },
    planned: { zh: '已包案定方案', en: 'Plan assigned' },
    in_progress: { zh: '化解中', en: 'In progress' },
    resolved_claimed: { zh: '已报化解，待核验', en: 'Reported resolved, to verify' },
    resolved: { zh: '已化解销号', en: 'Resolved' },
    withdrawn: { zh: '已移出', en: 'Withdrawn' },
  },
  relations: {
    office: 'the campaign’s office lies in the actor’s scope',
    unit: 'in the responsible unit (or a unit under it)',
  },
  relationHolds: officeOrUnitHolds,
});
