/**
 * Every transition table with the doc rendered from it. `npm run docs:lifecycle` writes them all and
 * test/unit/workflow-tables.test.ts checks each table's consistency and that its doc is current.
 * A new register adds one line here.
 */
import { renderLifecycleMarkdown } from '../src/cases/lifecycle-doc.js';
import { CASE_WORKFLOW } from '../src/cases/policy.js';
import type { AnyWorkflow } from '../src/workflow/table.js';
import { renderWorkflowMarkdown } from '../src/workflow/doc.js';
import { SUPERVISION_WORKFLOW } from '../src/supervision/workflow.js';

export interface WorkflowDoc {
  workflow: AnyWorkflow;
  /** path from the repository root */
  doc: string;
  render: () => string;
}

export const WORKFLOW_DOCS: WorkflowDoc[] = [{ workflow: CASE_WORKFLOW, doc: 'docs/lifecycle.md', render: renderLifecycleMarkdown }];

WORKFLOW_DOCS.push({ workflow: SUPERVISION_WORKFLOW, doc: 'docs/supervision.md', render: () =>
    renderWorkflowMarkdown(SUPERVISION_WORKFLOW, {
      source: 'src/supervision/workflow.ts',
      intro: [
        '督查督办 (信访工作条例 第三十九条、第四十条): items opened automatically (a case step overdue, repeated returns, an unsatisfied',
        'evaluation, an unsolved return visit, an overdue or major hazard, an unperformed mediation agreement) or by hand; a notice',
        '(督办单, numbered 督〔year〕n号) with a response deadline (rule supervision_response, 5 working days unless set) to the unit;',
        'the unit’s written response; escalation 日常督办 → 挂牌督办 → 约谈 (automatic when a notice goes unanswered past its deadline);',
        'accountability recommendations (第四十条第三款). See docs/registers.md.',
      ],
    }),
});

import { DISPUTE_WORKFLOW } from '../src/mediation/workflow.js';
WORKFLOW_DOCS.push({ workflow: DISPUTE_WORKFLOW, doc: 'docs/mediation.md', render: () =>
    renderWorkflowMarkdown(DISPUTE_WORKFLOW, {
      source: 'src/mediation/workflow.ts',
      intro: [
        '矛盾纠纷排查化解 (人民调解法; 信访工作条例 第三十三条、第三十七条): a dispute is registered (found by grid workers, at a visit, on the',
        'hotline) or converted from an accepted appeal (from_petition), assigned to a people’s mediation committee (a unit) and a mediator,',
        'accepted with every party’s consent (第十七条; clock mediation, 30 days by local rule), mediated in recorded sessions (第二十七条),',
        'and concluded by an agreement (第二十八条至第三十条), no agreement or a referral to court, arbitration or an administrative',
        'procedure (第二十六条). The committee follows up performance (第三十一条第二款; clock agreement_performance; not performed opens a',
        'supervision item); the parties may jointly apply for judicial confirmation within 30 days of the agreement taking effect',
        '(第三十三条; window judicial_confirmation, refused after). A dispute from a petition can be returned to it. See docs/registers.md.',
      ],
    }),
});

import { VISIT_WORKFLOW } from '../src/visits/workflow.js';
WORKFLOW_DOCS.push({ workflow: VISIT_WORKFLOW, doc: 'docs/visits.md', render: () =>
    renderWorkflowMarkdown(VISIT_WORKFLOW, {
      source: 'src/visits/workflow.ts',
      intro: [
        '回访 (北京市接诉即办工作条例 第二十三条; 潍坊市12345热线条例 第二十五条 回访制度): a task for the return-visit staff of the office that',
        'registered the case, opened by the office’s policy when the reply is issued or the handling deadline expires (configurable per',
        'category), for every unsatisfied evaluation, or by hand; clock return_visit (3 working days). "3 × 100%": every urgent case, every',
        'case of a category, every unsatisfied evaluation, and a deterministic sample otherwise (default 30%). Not reached → another attempt',
        'is planned; the last attempt the policy allows (default 3) closes the task as unreachable. Reached → solved? satisfied? — written',
        'on the case as record_return_visit in the same transaction; unsolved or unsatisfied reopens the closed case or opens a supervision',
        'item, as the policy says. See docs/registers.md.',
      ],
    }),
});

import { HAZARD_WORKFLOW } from '../src/hazards/workflow.js';
WORKFLOW_DOCS.push({ workflow: HAZARD_WORKFLOW, doc: 'docs/hazards.md', render: () =>
    renderWorkflowMarkdown(HAZARD_WORKFLOW, {
      source: 'src/hazards/workflow.ts',
      intro: [
        '风险隐患排查整治 (安全生产法 第四十一条、第六十五条、第七十四条): a hazard found by inspection or reported (a citizen, a petition, the',
        'hotline) is registered with its type, grade (一般 / 重大), place, map point and photos; assigned to a responsible unit with a',
        'rectification deadline (rule hazard_rectify, 30 days; shorter for a major hazard if the assigner says so) and a responsible leader',
        '(包干领导, name and post); the unit records its plan (一案一策) and the rectification, with a photo of the rectified site; the on-site',
        'check (rule hazard_verify, 3 working days) is made by someone who neither recorded the rectification nor works in the responsible',
        'unit (guard); a failed check sends it back with a new deadline; the office closes it out (销号). A major hazard is supervised from',
        'its assignment, any hazard from the day its rectification is overdue. Photos are not transitions: found-stage photos before the',
        'rectification is reported (office or unit), rectified-site photos while rectifying (unit). See docs/registers.md.',
      ],
    }),
});

import { COORDINATION_WORKFLOW } from '../src/coordination/workflow.js';
WORKFLOW_DOCS.push({ workflow: COORDINATION_WORKFLOW, doc: 'docs/coordination-workflow.md', render: () =>
    renderWorkflowMarkdown(COORDINATION_WORKFLOW, {
      source: 'src/coordination/workflow.ts',
      intro: [
        '信访工作联席会议 (信访工作条例 第十二条、第十三条) and disputes over who accepts a matter (第二十四条): the office (联席会议办公室)',
        'opens an item about a hard case or an acceptance dispute, from a case or standalone, with the units involved; meetings are recorded',
        '(date, place, units and posts, minutes); the decisions (议定事项) are assigned to one or more units, each part on its own clock',
        '(rule coordination_decision, 15 working days unless the meeting sets 1–120); each unit reports its own part done (第十二条第二款:',
        '及时报送落实情况); the office follows up and closes the item once every part is done (guard). An accusation is never coordinated',
        'with the accused unit (第三十条). See docs/coordination.md.',
      ],
    }),
});

import { PUBLICATION_WORKFLOW } from '../src/replyboard/workflow.js';
WORKFLOW_DOCS.push({ workflow: PUBLICATION_WORKFLOW, doc: 'docs/replyboard-workflow.md', render: () =>
    renderWorkflowMarkdown(PUBLICATION_WORKFLOW, {
      source: 'src/replyboard/workflow.ts',
      intro: [
        '问政回复 (public reply board): with the citizen’s consent (given at intake, default no; withdrawn on the portal), the office proposes',
        'a replied matter with an edited public title, summary and reply; the server redacts the personal data (names of the parties, phone',
        'numbers, ID numbers, e-mail, plates, house and flat numbers); a second person approves after the redaction is re-run (guard); the',
        'office may unpublish with a reason; the citizen’s withdrawal unpublishes at once. Never an accusation (信访工作条例 第三十条第三款,',
        '第四十六条第五项) nor a 涉法涉诉 matter (第二十八条第二款). See docs/replyboard.md.',
      ],
    }),
});

import { CAMPAIGN_WORKFLOW } from '../src/campaigns/workflow.js';
WORKFLOW_DOCS.push({ workflow: CAMPAIGN_WORKFLOW, doc: 'docs/campaigns-workflow.md', render: () =>
    renderWorkflowMarkdown(CAMPAIGN_WORKFLOW, {
      source: 'src/campaigns/workflow.ts',
      intro: [
        '积案化解专项行动 (backlog campaigns; 信访工作条例 第十条、第十八条第二款、第三十七条、第三十八条): the office selects long-running or',
        'repeated cases in its own scope by a filter into a campaign, one item per case (select); each item gets a responsible leader (包案领导,',
        'a staff user, by post), a responsible unit and its own plan (一案一策) with a target date; the unit reports progress and the case',
        'resolved (化解/息诉罢访, 依法终结, other); the office verifies it — never the person who reported it (guard) — or sends it back with',
        'its reason. An accusation is never selected for, nor shown to, the accused (第三十条). See docs/campaigns.md.',
      ],
    }),
});
