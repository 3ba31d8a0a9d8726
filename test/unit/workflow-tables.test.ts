import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_DOCS } from '../../scripts/workflows.js';
import type { Actor, StaffActor } from '../../src/org/actor.js';
import { allowedActions, checkTransition, defineWorkflow, tableProblems } from '../../src/workflow/table.js';

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

describe('checkTransition', () => {
  const w = defineWorkflow<'a' | 'b', { status: 'a' | 'b'; ok: boolean }, 'here'>({
    entity: 'test',
    title: { zh: '测试', en: 'Test' },
    statuses: { a: { zh: '甲', en: 'A' }, b: { zh: '乙', en: 'B' } },
    relations: { here: 'in the unit' },
    relationHolds: (actor) => actor.unitId === '1',
    transitions: [
      { action: 'make', from: [], to: 'a', roles: ['supervisor'], relation: 'here', public: false, label: { zh: '建', en: 'Make' } },
      { action: 'go', from: ['a'], to: 'b', roles: ['supervisor'], relation: 'here', guard: (c) => (c.ok ? null : { code: 'DEADLINE_PASSED' }), public: false, label: { zh: '走', en: 'Go' } },
    ],
  });
  const go = w.transitions[1]!;
  const staff = (roles: StaffActor['roles'], unitId = '1'): StaffActor => ({ kind: 'staff', userId: 'u', username: 'u', displayName: 'u', unitId, unitPath: '/1/', scopePath: '/1/', roles, via: 'session' });
  const system: Actor = { kind: 'system', job: 'test' };

  it('checks the state first, then who and where, then the guard', () => {
    expect(checkTransition(w, staff(['handler']), go, { status: 'b', ok: true })?.code).toBe('ACTION_NOT_ALLOWED');
    expect(checkTransition(w, staff(['handler']), go, { status: 'a', ok: false })?.code).toBe('FORBIDDEN');
    expect(checkTransition(w, staff(['supervisor'], '2'), go, { status: 'a', ok: true })?.code).toBe('FORBIDDEN');
    expect(checkTransition(w, staff(['supervisor']), go, { status: 'a', ok: false })?.code).toBe('DEADLINE_PASSED');
    expect(checkTransition(w, staff(['supervisor']), go, { status: 'a', ok: true })).toBeNull();
  });

  it('a named rule stands in for the role and place, never for the state or the guard', () => {
    expect(checkTransition(w, system, go, { status: 'a', ok: true })?.code).toBe('FORBIDDEN');
    expect(checkTransition(w, system, go, { status: 'a', ok: true }, { byRule: 'r' })).toBeNull();
    expect(checkTransition(w, system, go, { status: 'b', ok: true }, { byRule: 'r' })?.code).toBe('ACTION_NOT_ALLOWED');
    expect(checkTransition(w, system, go, { status: 'a', ok: false }, { byRule: 'r' })?.code).toBe('DEADLINE_PASSED');
    expect(allowedActions(w, staff(['supervisor']), { status: 'a', ok: true })).toEqual(['go']);
  });
});
