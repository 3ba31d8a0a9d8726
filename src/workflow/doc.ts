import { ROLE_LABELS } from '../org/roles.js';
import type { AnyWorkflow, Transition } from './table.js';

/** The rules of the guarded actions that the table cannot show (each transition's `note`), as a Markdown section. */
export function notesSection(transitions: readonly Pick<Transition, 'action' | 'note'>[]): string[] {
  const notes = transitions.filter((t) => t.note);
  return notes.length ? ['## Rules beyond the table', '', ...notes.map((t) => `- **${t.action}**: ${t.note}`), ''] : [];
}

/** Renders a transition table as Markdown; docs/<entity>.md files are generated from it and checked by a test. */
export function renderWorkflowMarkdown(w: AnyWorkflow, opts: { source: string; intro: string[] }): string {
  const rows = w.transitions.map((t) => {
    const from = t.from.length ? t.from.join(', ') : '—';
    const to = t.to === 'same' ? '(same)' : t.to;
    const who = [...t.roles.map((r) => `${r} ${ROLE_LABELS[r].zh}`), ...(t.citizen ? ['citizen (code + secret)'] : [])].join('; ');
    return `| ${t.action} | ${t.label.zh} / ${t.label.en} | ${from} | ${to} | ${who} | ${w.relations[t.relation]} | ${t.guard ? 'yes' : ''} | ${t.public ? 'yes' : ''} | ${t.basis ?? ''} |`;
  });
  const statuses = Object.entries(w.statuses).map(([k, v]) => `| ${k} | ${v.zh} | ${v.en} |`);
  return [
    `# ${w.title.en} (${w.title.zh})`,
    '',
    `<!-- generated from ${opts.source} by \`npm run docs:lifecycle\`; a test fails when it is stale -->`,
    '',
    ...opts.intro,
    '',
    '| action | label | from | to | who | where the actor sits | guarded | public | basis |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notesSection(w.transitions),
    '## Statuses',
    '',
    '| status | 中文 | English |',
    '|---|---|---|',
    ...statuses,
    '',
  ].join('\n');
}
