import { ROLE_LABELS } from '../org/roles.js';
import { TRANSITIONS } from './lifecycle.js';
import { STATUS_LABELS } from './states.js';
import { notesSection } from '../workflow/doc.js';
import { renderQueuesMarkdown } from './queue.js';
import { CORRECTIONS } from './corrections.js';

const RELATION: Record<string, string> = {
  intake: 'scope holds the registering office',
  lead: 'in the lead unit',
  assist: 'in an assisting unit',
  review: 'in the reviewing unit',
  scope: 'can see the case',
};

/** Renders THE transition table as Markdown (docs/lifecycle.md is generated from it and checked by a test). */
export function renderLifecycleMarkdown(): string {
  const rows = TRANSITIONS.map((t) => {
    const from = t.from.length ? t.from.map((s) => `${s}`).join(', ') : '—';
    const to = t.to === 'same' ? '(same)' : t.to;
    const who = [...t.roles.map((r) => `${r} ${ROLE_LABELS[r].zh}`), ...(t.citizen ? ['citizen (code + secret)'] : [])].join('; ');
    return `| ${t.action} | ${t.label.zh} / ${t.label.en} | ${from} | ${to} | ${who} | ${RELATION[t.relation]} | ${t.guard ? 'yes' : ''} | ${t.public ? 'yes' : ''} | ${t.basis ?? ''} |`;
  });
  const statuses = Object.entries(STATUS_LABELS).map(([k, v]) => `| ${k} | ${v.zh} | ${v.en} |`);
  return [
    '# The case lifecycle',
    '',
    '<!-- generated from src/cases/lifecycle.ts by `npm run docs:lifecycle`; a test fails when it is stale -->',
    '',
    'One table drives the API (refusals and the `allowedActions` sent with every case), the web UI (which buttons) and the tests.',
    'Articles are of the 信访工作条例 (2022) unless named. "Guarded" actions have a further check: a time window, a pending',
    'request, the one-extension rule, the no-second-objection rule, or the final re-review.',
    '',
    '| action | label | from | to | who | where the actor sits | guarded | on citizen timeline | basis |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notesSection(TRANSITIONS),
    ...renderQueuesMarkdown(),
    ...correctionsSection(),
    '## Statuses',
    '',
    '| status | 中文 | English |',
    '|---|---|---|',
    ...statuses,
    '',
  ].join('\n');
}

/** What remains when each action was taken by mistake (src/cases/corrections.ts, checked against the table). */
function correctionsSection(): string[] {
  const label = (a: string) => {
    const t = TRANSITIONS.find((x) => x.action === a)!;
    return `${a} (${t.label.zh})`;
  };
  return [
    '## Corrections',
    '',
    'Every action can be taken by mistake. This is what corrects each one — a transition offered in the state the mistake',
    'leaves the case in (test/unit/corrections.test.ts checks it against the table) — or, where nothing does, why. Where the',
    'case page offers no correction it says so in a short hint (web/src/features/case/corrections.ts), e.g. after a reply',
    'was approved: “答复已审批出具，如需更正请走复查（第三十五条）”.',
    '',
    '| taken by mistake | corrected by | when, who, basis |',
    '|---|---|---|',
    ...CORRECTIONS.map((c) => `| ${label(c.mistake)} | ${c.paths.length ? c.paths.map(label).join('; ') : '— none'} | ${c.how} |`),
    '',
  ];
}
