/**
 * Every transition table with the doc rendered from it. `npm run docs:lifecycle` writes them all and
 * test/unit/workflow-tables.test.ts checks each table's consistency and that its doc is current.
 * A new register adds one line here.
 */
import { renderLifecycleMarkdown } from '../src/cases/lifecycle-doc.js';
import { CASE_WORKFLOW } from '../src/cases/policy.js';
import type { AnyWorkflow } from '../src/workflow/table.js';

export interface WorkflowDoc {
  workflow: AnyWorkflow;
  /** path from the repository root */
  doc: string;
  render: () => string;
}

export const WORKFLOW_DOCS: WorkflowDoc[] = [{ workflow: CASE_WORKFLOW, doc: 'docs/lifecycle.md', render: renderLifecycleMarkdown }];
