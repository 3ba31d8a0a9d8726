import { Descriptions } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import type { RegisterTable } from '../registers/api';

/** Which option labels a data key's values take (decision → dec_support …). */
const ENUM_PREFIX: Record<string, string> = {
  decision: 'dec_',
  rating: 'rating_',
  satisfaction: 'rating_',
  mode: 'mode_',
  routeType: 'routeType_',
  resolved: 'res_',
  solved: 'res_',
  satisfied: 'rating_',
  channel: 'channel_',
  // register events on the case timeline (supervision opened, return visit scheduled); free text falls back to itself
  source: 'svsrc_',
  trigger: 'vtrig_',
  reason: 'vreason_',
};
/** Ids of other records: the register's own page links them; on the timeline they are noise. Units are named. */
const isRecordId = (k: string) => /Id$/.test(k) && !['leadUnitId', 'suggestedUnitId'].includes(k);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Keys never worth showing (internal ids, flags already visible elsewhere). */
const HIDDEN = new Set(['attachmentId', 'reviewUnitId', 'level', 'byCitizen', 'previousUnitId', 'oral', 'collective', 'anonymous', 'relatedStatus', 'caseId', 'kind']);
const FIELD_LABEL: Record<string, string> = {
  reportBackDays: 'f_reportBackDays',
  leadUnitId: 'f_leadUnitId',
  assistUnitIds: 'f_assistUnitIds',
  suggestedUnitId: 'f_suggestedUnitId',
  relatedRegNo: 'relatedCase',
  regNo: 'regNo',
  filename: 'attachments',
  newDueAt: 'dueAt',
  dueAt: 'dueAt',
  solved: 'f_resolved',
  satisfied: 'f_satisfaction',
  caseStatus: 'status',
  progress: 'status',
  title: 'title',
  channel: 'channel',
  priorRegNo: 'relatedCase',
  basis: 'f_legalBasis',
  // clock warnings and overdue marks: which deadline, whose, which warning
  rule: 'clockRule',
  unit: 'unit',
  warning: 'f_warning',
};

/**
 * What an event or a record carries, each field by its label and each value in words: options by their labels, units by
 * name, times in CST. `register`: the register whose actions, statuses and values an event names (a dispute's step).
 */
export function DataList({ data, unitName, compact, hide, register }: { data: Record<string, unknown> | null | undefined; unitName?: (id: string) => string; compact?: boolean; hide?: string[]; register?: RegisterTable }) {
  const { t, tx, lang } = useI18n();
  const labels = useLabels(lang);
  if (!data) return null;
  const entries = Object.entries(data).filter(([k, v]) => !HIDDEN.has(k) && !isRecordId(k) && !hide?.includes(k) && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (!entries.length) return null;
  const show = (k: string, v: unknown): React.ReactNode => {
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (register && typeof v === 'string') {
      if (k === 'action') return register.transitions.find((x) => x.action === v)?.label[lang] ?? v;
      if (k === 'from' || k === 'to') return register.statuses[v]?.[lang] ?? v;
      if (register.valueLabels[v]) return register.valueLabels[v][lang];
    }
    // written by the server in Chinese with the status key; said again in the reader's language with its label
    if (k === 'why' && typeof data.caseStatus === 'string') return t('tlWhyNoted', { status: labels.status(data.caseStatus) });
    if (k === 'procedure' && typeof v === 'string' && tx(`proc_${v}`, '') !== '') return tx(`proc_${v}`);
    if (ENUM_PREFIX[k] && typeof v === 'string') return tx(`${ENUM_PREFIX[k]}${v}`, v);
    if ((k === 'leadUnitId' || k === 'suggestedUnitId' || k === 'unit') && unitName) return unitName(String(v));
    if (k === 'rule' && typeof v === 'string') return tx(`rule_${v}`, v);
    if (k === 'assistUnitIds' && Array.isArray(v) && unitName) return v.map((x) => unitName(String(x))).join('、');
    if (k === 'newDueAt' && typeof v === 'string') return fmtTime(v);
    if ((k === 'type' || k === 'caseStatus') && typeof v === 'string') return labels.status(v);
    if (typeof v === 'string' && ISO_TIME.test(v)) return fmtTime(v);
    if (v && typeof v === 'object' && 'zh' in v && 'en' in v) return (v as { zh: string; en: string })[lang];
    if (Array.isArray(v)) return v.map((x, i) => <span key={i}>{i > 0 && '、'}{show(k, x)}</span>);
    if (typeof v === 'object') return JSON.stringify(v, (_, x: unknown) => (typeof x === 'string' && ISO_TIME.test(x) ? fmtTime(x) : x));
    return <span className="ms-pre">{String(v)}</span>;
  };
  return (
    <Descriptions size="small" column={1} colon bordered={!compact} styles={{ label: { width: compact ? undefined : 140 } }}>
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={tx(FIELD_LABEL[k] ?? `f_${k}`, k)}>
          {show(k, v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
