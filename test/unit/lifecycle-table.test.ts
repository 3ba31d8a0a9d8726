import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_HANDLERS } from '../../src/cases/actions/index.js';
import { renderLifecycleMarkdown } from '../../src/cases/lifecycle-doc.js';
import { TRANSITIONS, type GuardContext } from '../../src/cases/lifecycle.js';
import { allowedActions, checkTransition, type PolicyContext } from '../../src/cases/policy.js';
import { STATUSES } from '../../src/cases/states.js';
import type { StaffActor } from '../../src/org/actor.js';
import { ROLES } from '../../src/org/roles.js';

const base: PolicyContext = {
  status: 'registered',
  kind: 'appeal',
  designatedAfterDispute: false,
  reviewLevel: 0,
  acceptedAt: null,
  evaluation: null,
  now: new Date('2026-03-02T01:00:00Z'),
  windows: {},
  pending: new Set(),
  extensionUsed: false,
  clockPaused: false,
  hasHigherUnit: true,
  leadUnitId: '20',
  reviewUnitId: '30',
  intakePath: '/1/2/',
  assistUnitIds: new Set(['21']),
};
const staff = (unitId: string, roles: StaffActor['roles'], scopePath = '/1/'): StaffActor => ({
  kind: 'staff', userId: 'u', username: 'u', displayName: 'u', unitId, unitPath: scopePath, scopePath, roles, via: 'session',
});

describe('the transition table', () => {
  it('has one handler per action, unique actions, known statuses and roles', () => {
    const actions = TRANSITIONS.map((t) => t.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const t of TRANSITIONS) {
      if (t.from.length) expect(ACTION_HANDLERS[t.action], t.action).toBeDefined();
      for (const s of t.from) expect(STATUSES).toContain(s);
      if (t.to !== 'same') expect(STATUSES).toContain(t.to);
      for (const r of t.roles) expect(ROLES).toContain(r);
    }
  });

  it('every status but the terminal ones has a way out', () => {
    const terminal = new Set(['linked', 'merged']);
    for (const s of STATUSES) {
      if (terminal.has(s)) continue;
      expect(TRANSITIONS.some((t) => t.from.includes(s) && t.to !== 'same'), s).toBe(true);
    }
  });

  it('checks state first, then role and relation, then the guard', () => {
    const route = TRANSITIONS.find((t) => t.action === 'route')!;
    expect(checkTransition(staff('2', ['dispatcher']), route, { ...base, status: 'accepted' })?.code).toBe('ACTION_NOT_ALLOWED');
    expect(checkTransition(staff('2', ['handler']), route, base)?.code).toBe('FORBIDDEN');
    expect(checkTransition(staff('9', ['dispatcher'], '/7/'), route, base)?.code).toBe('FORBIDDEN');
    expect(checkTransition(staff('2', ['dispatcher']), route, base)).toBeNull();
  });

  it('objection: refused after designation by dispute (潍坊条例第二十二条) and after the 5-working-day window (第二十三条)', () => {
    const object = TRANSITIONS.find((t) => t.action === 'object')!;
    const lead = staff('20', ['handler']);
    const ctx: PolicyContext = { ...base, status: 'dispatched', windows: { object: new Date('2026-03-09T16:00:00Z') } };
    expect(checkTransition(lead, object, ctx)).toBeNull();
    expect(checkTransition(lead, object, { ...ctx, designatedAfterDispute: true })?.code).toBe('OBJECTION_NOT_ALLOWED');
    expect(checkTransition(lead, object, { ...ctx, now: new Date('2026-03-09T16:00:01Z') })?.code).toBe('DEADLINE_PASSED');
  });

  it('extension: once, never while one is pending (第三十四条)', () => {
    const req = TRANSITIONS.find((t) => t.action === 'request_extension')!;
    const lead = staff('20', ['handler']);
    const ctx: GuardContext & PolicyContext = { ...base, status: 'accepted' };
    expect(checkTransition(lead, req, ctx)).toBeNull();
    expect(checkTransition(lead, req, { ...ctx, extensionUsed: true })?.code).toBe('EXTENSION_NOT_ALLOWED');
    expect(checkTransition(lead, req, { ...ctx, pending: new Set(['extension']) })?.code).toBe('EXTENSION_NOT_ALLOWED');
  });

  it('a citizen may only evaluate and ask for review or re-review', () => {
    const citizen = { kind: 'citizen' as const, caseId: 'c' };
    const open = { review_request: new Date('2026-04-01T00:00:00Z'), rereview_request: new Date('2026-04-01T00:00:00Z') };
    const all = STATUSES.flatMap((status) =>
      [0, 1].flatMap((reviewLevel) => allowedActions(citizen, { ...base, status, reviewLevel, windows: open })),
    );
    expect(new Set(all)).toEqual(new Set(['evaluate', 'request_review', 'request_rereview']));
  });

  it('reopen is refused after a final re-review (第三十六条)', () => {
    const reopen = TRANSITIONS.find((t) => t.action === 'reopen')!;
    const sup = staff('2', ['supervisor']);
    expect(checkTransition(sup, reopen, { ...base, status: 'closed', acceptedAt: new Date(), reviewLevel: 2 })?.code).toBe('CASE_FINAL');
    expect(checkTransition(sup, reopen, { ...base, status: 'closed', acceptedAt: new Date(), reviewLevel: 1 })).toBeNull();
  });

  it('docs/lifecycle.md is the rendering of the table (run npm run docs:lifecycle)', () => {
    expect(fs.readFileSync(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8')).toBe(renderLifecycleMarkdown());
  });
});
