import { Descriptions } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useLabels, type Label } from '../../lib/meta';
import type { RecordView } from './api';
import { fieldLabel, isInternalField, showValue } from './display';

const HIDDEN = new Set(['status', 'allowedActions', 'events', 'clocks']);
const isLabel = (v: unknown) => typeof v === 'object' && v !== null && 'zh' in v;
const scalar = (v: unknown) => v !== null && v !== undefined && v !== '' && (['string', 'number', 'boolean'].includes(typeof v) || isLabel(v));

/**
 * A record's scalar facts, labelled: a code is shown in words where the record also gives them (type → typeLabel),
 * codes and the case's status read in words, and a fact shown twice under one label (the committee) is shown once.
 */
export function RecordFacts({ record, fields, valueLabels }: { record: RecordView; fields: Record<string, Label>; valueLabels?: Record<string, Label> }) {
  const { lang } = useI18n();
  const labels = useLabels(lang);
  const seen = new Set<string>();
  const items = Object.entries(record).flatMap(([code, raw]) => {
    // a code's words stand where the code stands in the record (type → typeLabel), not at the end
    const worded = scalar(record[`${code}Label`]);
    const [k, v] = worded ? [`${code}Label`, record[`${code}Label`]] : [code, raw];
    if (HIDDEN.has(k) || isInternalField(k) || !scalar(v) || (/Label$/.test(k) && !worded && scalar(record[k.replace(/Label$/, '')]))) return [];
    const label = fieldLabel(k, fields, lang);
    const text = k === 'caseStatus' && typeof v === 'string' ? labels.status(v) : showValue(v, lang, valueLabels);
    if (seen.has(`${label}\u0000${text}`)) return [];
    seen.add(`${label}\u0000${text}`);
    return [{ key: k, label, children: <span style={{ whiteSpace: 'pre-wrap' }} data-field={k}>{text}</span> }];
  });
  return <Descriptions column={{ xs: 1, md: 2 }} size="small" items={items} />;
}
