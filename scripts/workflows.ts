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
