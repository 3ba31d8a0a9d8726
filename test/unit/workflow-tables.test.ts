import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_DOCS } from '../../scripts/workflows.js';
import { tableProblems } from '../../src/workflow/table.js';

describe('every transition table', () => {
  for (const w of WORKFLOW_DOCS) {
    it(`${w.workflow.entity}: consistent (known statuses, reachable, described relations, someone may act)`, () => {
      expect(tableProblems(w.workflow)).toEqual([]);
    });
    it(`${w.workflow.entity}: ${w.doc} is rendered from the table (npm run docs:lifecycle)`, () => {
      expect(fs.readFileSync(new URL(`../../${w.doc}`, import.meta.url), 'utf8')).toBe(w.render());
    });
  }
});
