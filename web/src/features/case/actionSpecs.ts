/**
 * The input form of every action, mirroring the zod schemas in src/cases/actions/*.ts (required fields and
 * lengths). The server stays the judge: its field errors are put next to these same fields.
 * Which actions appear is decided only by the case's `allowedActions`.
 */
import type { MessageKey } from '../../i18n/messages';
import type { CaseView } from './api';

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'radio' | 'unit' | 'units' | 'case' | 'switch';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: FieldKind;
  required?: boolean | ((values: Record<string, unknown>, c: CaseView) => boolean);
  requiredMessage?: MessageKey;
  min?: number;
  max?: number;
  /** option values; their labels are `${optionPrefix}${value}` */
  options?: readonly string[] | ((c: CaseView, values: Record<string, unknown>) => readonly string[]);
  optionPrefix?: string;
  initial?: unknown;
  visible?: (values: Record<string, unknown>) => boolean;
  /** units of a given type only (legal / discipline routes) */
  rows?: number;
}

export interface ActionSpec {
  fields: FieldSpec[];
  /** the pending request this action decides, shown above the form */
  decides?: 'objection' | 'extension' | 'reply';
  danger?: boolean;
  /** values to start from (e.g. redrafting a reply that was sent back) */
  initial?: (c: CaseView) => Record<string, unknown>;
}

const note = (max = 2000): FieldSpec => ({ name: 'note', label: 'f_note', kind: 'textarea', max, rows: 2 });
const reason = (min: number): FieldSpec => ({ name: 'reason', label: 'f_reason', kind: 'textarea', required: true, min, max: 2000, rows: 3 });
export const DECISIONS: Record<string, readonly string[]> = {
  appeal: ['support', 'explain', 'not_support', 'mediation_agreement'],
  suggestion: ['adopted', 'partly_adopted', 'not_adopted', 'explain'],
  accusation: ['substantiated', 'partly_substantiated', 'not_substantiated'],
};
const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
const reviewDecision: FieldSpec[] = [
  { name: 'decision', label: 'f_decision', kind: 'radio', required: true, options: ['upheld', 'changed', 'revoked'], optionPrefix: 'dec_' },
  { name: 'opinion', label: 'f_opinion', kind: 'textarea', required: true, min: 2, max: 20000, rows: 5 },
  { name: 'legalBasis', label: 'f_legalBasis', kind: 'textarea', max: 4000, rows: 2 },
];

const latest = (c: CaseView, type: string, status?: string) =>
  [...c.requests].reverse().find((r) => r.type === type && (!status || r.status === status));

export const ACTION_SPECS: Record<string, ActionSpec> = {
  route: {
    fields: [
      { name: 'mode', label: 'f_mode', kind: 'radio', required: true, options: ['forward', 'assign'], optionPrefix: 'mode_', initial: 'forward' },
      { name: 'leadUnitId', label: 'f_leadUnitId', kind: 'unit', required: true },
      { name: 'assistUnitIds', label: 'f_assistUnitIds', kind: 'units' },
      { name: 'routeType', label: 'f_routeType', kind: 'select', options: ['normal', 'legal', 'discipline'], optionPrefix: 'routeType_', initial: 'normal' },
      { name: 'reportBackDays', label: 'f_reportBackDays', kind: 'number', min: 1, max: 90, required: (v) => v.mode === 'assign', visible: (v) => v.mode === 'assign' },
      note(),
    ],
  },
  link_existing: { fields: [{ name: 'relatedCaseId', label: 'f_relatedCaseId', kind: 'case', required: true }, note()] },
  merge_duplicate: { fields: [{ name: 'relatedCaseId', label: 'f_relatedCaseId', kind: 'case', required: true }, note()] },
  not_accept: { danger: true, fields: [reason(2), { name: 'suggestedAuthority', label: 'f_suggestedAuthority', kind: 'text', max: 200 }] },
  sign: { fields: [note(500)] },
  object: { danger: true, fields: [reason(5), { name: 'suggestedUnitId', label: 'f_suggestedUnitId', kind: 'unit' }] },
  uphold_objection: {
    decides: 'objection',
    fields: [{ name: 'leadUnitId', label: 'f_leadUnitId', kind: 'unit', required: true }, { name: 'assistUnitIds', label: 'f_assistUnitIds', kind: 'units' }, note()],
    initial: (c) => {
      const s = latest(c, 'objection', 'pending')?.data.suggestedUnitId;
      return s ? { leadUnitId: String(s) } : {};
    },
  },
  reject_objection: { decides: 'objection', fields: [reason(2)] },
  recall: { danger: true, fields: [reason(2)] },
  reroute: {
    fields: [{ name: 'leadUnitId', label: 'f_leadUnitId', kind: 'unit', required: true }, { name: 'assistUnitIds', label: 'f_assistUnitIds', kind: 'units' }, reason(2)],
  },
  accept: { fields: [{ name: 'procedure', label: 'f_procedure', kind: 'textarea', required: true, min: 2, max: 2000, rows: 3 }, note()] },
  decline: { danger: true, fields: [reason(2), { name: 'suggestedAuthority', label: 'f_suggestedAuthority', kind: 'text', max: 200 }] },
  guide_to_procedure: {
    fields: [
      {
        name: 'procedure',
        label: 'f_guideProcedure',
        kind: 'select',
        required: true,
        options: ['litigation', 'prosecution', 'police', 'arbitration', 'party_appeal', 'administrative_reconsideration', 'administrative_other'],
        optionPrefix: 'proc_',
      },
      { name: 'authority', label: 'f_authority', kind: 'text', required: true, min: 2, max: 200 },
      { name: 'explanation', label: 'f_explanation', kind: 'textarea', required: true, min: 2, max: 4000, rows: 4 },
    ],
  },
  add_assist_opinion: { fields: [{ name: 'opinion', label: 'f_opinion', kind: 'textarea', required: true, min: 2, max: 4000, rows: 5 }] },
  request_extension: {
    fields: [
      { name: 'days', label: 'f_days', kind: 'number', required: true, min: 1 },
      reason(5),
    ],
  },
  approve_extension: { decides: 'extension', fields: [note()] },
  reject_extension: { decides: 'extension', danger: true, fields: [{ name: 'note', label: 'f_reason', kind: 'textarea', required: true, min: 2, max: 2000, rows: 3 }] },
  draft_reply: {
    fields: [
      { name: 'decision', label: 'f_decision', kind: 'radio', required: true, options: (c) => DECISIONS[c.kind] ?? [], optionPrefix: 'dec_' },
      { name: 'request', label: 'f_request', kind: 'textarea', min: 2, max: 4000, rows: 2 },
      { name: 'facts', label: 'f_facts', kind: 'textarea', required: true, min: 2, max: 8000, rows: 4 },
      { name: 'reasons', label: 'f_reasons', kind: 'textarea', required: true, min: 2, max: 8000, rows: 3 },
      {
        name: 'legalBasis',
        label: 'f_legalBasis',
        kind: 'textarea',
        max: 4000,
        rows: 2,
        required: (v, c) => c.kind === 'appeal' && v.decision !== 'mediation_agreement',
        requiredMessage: 'legalBasisNeeded',
      },
      { name: 'text', label: 'f_text', kind: 'textarea', required: true, min: 2, max: 20000, rows: 6 },
    ],
    initial: (c) => {
      const last = latest(c, 'reply');
      return last ? { ...last.data } : {};
    },
  },
  approve_reply: { decides: 'reply', fields: [note()] },
  return_reply: { decides: 'reply', danger: true, fields: [{ name: 'note', label: 'f_reason', kind: 'textarea', required: true, min: 2, max: 2000, rows: 3 }] },
  evaluate: {
    fields: [
      { name: 'rating', label: 'f_rating', kind: 'radio', required: true, options: RATINGS, optionPrefix: 'rating_' },
      { name: 'comment', label: 'f_comment', kind: 'textarea', max: 2000, rows: 3 },
    ],
  },
  record_return_visit: {
    fields: [
      { name: 'contacted', label: 'f_contacted', kind: 'switch', initial: true },
      { name: 'resolved', label: 'f_resolved', kind: 'radio', options: ['solved', 'partly_solved', 'unsolved'], optionPrefix: 'res_', required: (v) => v.contacted !== false, visible: (v) => v.contacted !== false },
      { name: 'satisfaction', label: 'f_satisfaction', kind: 'radio', options: RATINGS, optionPrefix: 'rating_', visible: (v) => v.contacted !== false },
      note(4000),
    ],
  },
  request_review: { fields: [{ name: 'reason', label: 'f_reason', kind: 'textarea', required: true, min: 2, max: 4000, rows: 3 }] },
  decide_review: { fields: reviewDecision },
  request_rereview: { fields: [{ name: 'reason', label: 'f_reason', kind: 'textarea', required: true, min: 2, max: 4000, rows: 3 }] },
  pause_clock: { fields: [reason(2)] },
  resume_clock: { fields: [note()] },
  decide_rereview: { fields: reviewDecision },
  close: { fields: [note()] },
  reopen: { fields: [reason(5)] },
};
