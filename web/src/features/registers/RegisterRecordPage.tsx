import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { actOn, fetchTables, getRecord, type RecordView, type RegisterTable, type RegisterTransition } from './api';
import { COMMON_FIELDS, headlineOf, registerByKey } from './config';
import { displayValue, fieldLabel, isInternalField, labelsOf } from './display';
import { ClocksCard } from '../case/ClocksCard';
import type { Clock } from '../case/api';
import { fetchClockRules } from '../../lib/refdata';
import { RecordStatus } from './RecordStatus';
import { SchemaFormDrawer } from './SchemaForm';

const HIDDEN = new Set(['status', 'allowedActions', 'events', 'clocks', 'parties', 'level', 'source']);
const shown = (v: unknown) => v !== null && v !== '' && (['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && 'zh' in (v as object)));

/** One register record: its facts, the actions the server allows this user now, its clocks and timeline. */
export default function RegisterRecordPage() {
  const { key, id } = useParams();
  const cfg = registerByKey(key);
  const { t, tx, lang } = useI18n();
  const tables = useFetch(fetchTables, []);
  const rules = useFetch(fetchClockRules, []);
  const table = tables.data?.find((w) => w.entity === cfg?.entity);
  const rec = useFetch(() => (cfg && id ? getRecord(cfg.base, id) : Promise.reject(new Error('not found'))), [cfg?.base, id]);
  const [action, setAction] = useState<RegisterTransition | null>(null);
  if (!cfg) return <Alert type="error" message={t('notFoundPage')} />;
  if (rec.error) return <Alert type="error" message={rec.error.message} />;
  const r = rec.data;
  if (!r) return <Card loading />;
  const label = (a: string) => pick(table?.transitions.find((x) => x.action === a)?.label, lang, tx(`ev_${a}`, a));
  const ruleName = (k: unknown) => {
    const rule = rules.data?.items.find((x) => x.key === k);
    return rule ? (lang === 'zh' ? rule.descriptionZh : rule.descriptionEn) : String(k ?? '');
  };
  const fields = { ...COMMON_FIELDS, ...cfg.fields };
  const facts = Object.entries(r).filter(([k, v]) => !HIDDEN.has(k) && !isInternalField(k) && shown(v));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/registers/${cfg.key}`}>← {pick(cfg.title, lang)}</Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {headlineOf(cfg, r)}
        </Typography.Title>
        <RecordStatus table={table} status={r.status} />
        {typeof r.caseId === 'string' && (
          <Link to={`/cases/${r.caseId}`} data-testid="register-case-link">
            {t('regOpenCase')}
          </Link>
        )}
      </Space>
      <Card title={t('regActions')} size="small">
        <Space wrap>
          {(r.allowedActions ?? []).length === 0 && <Typography.Text type="secondary">{t('regNoActions')}</Typography.Text>}
          {(r.allowedActions ?? []).map((a) => (
            <Button key={a} data-action={a} onClick={() => setAction(table?.transitions.find((x) => x.action === a) ?? null)}>
              {label(a)}
            </Button>
          ))}
        </Space>
      </Card>
      <Card title={t('regFacts')} size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={facts.map(([k, v]) => ({ key: k, label: fieldLabel(k, fields, lang), children: <span style={{ whiteSpace: 'pre-wrap' }}>{displayValue(v, lang)}</span> }))} />
      </Card>
      {(r.clocks ?? []).length > 0 && (
        <Card title={t('regClocks')} size="small">
          <ClocksCard clocks={r.clocks as unknown as Clock[]} rules={rules.data?.items} />
        </Card>
      )}
      <Card title={t('regTimeline')} size="small">
        <Timeline
          items={(r.events ?? []).map((e) => ({
            key: e.id,
            children: (
              <div>
                <Typography.Text strong>{label(e.type)}</Typography.Text>
                {typeof e.data?.rule === 'string' && <Typography.Text> · {ruleName(e.data.rule)}</Typography.Text>}{' '}
                <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text>
                <div>
                  {[e.unit, e.actor].filter(Boolean).join(' · ')}
                  {e.to && e.from !== e.to ? ` → ${pick(table?.statuses[e.to], lang, e.to)}` : ''}
                </div>
              </div>
            ),
          }))}
        />
      </Card>
      {action && <ActionForm table={table} labels={labelsOf(fields, lang)} base={cfg.base} record={r} t={action} onClose={() => setAction(null)} onDone={(v) => { rec.setData(v); setAction(null); }} />}
    </Space>
  );
}

function ActionForm({ table, labels, base, record, t: tr, onClose, onDone }: { table?: RegisterTable; labels: Record<string, string>; base: string; record: RecordView; t: RegisterTransition; onClose(): void; onDone(v: RecordView): void }) {
  const { t, lang } = useI18n();
  return (
    <SchemaFormDrawer
      title={pick(tr.label, lang)}
      schema={tr.input}
      intro={tr.basis && <Alert type="info" showIcon message={`${t('regBasis')}：${tr.basis}`} style={{ marginBottom: 12 }} />}
      onClose={onClose}
      testId="register-submit"
      labels={labels}
      valueLabels={table?.valueLabels}
      submit={async (b) => onDone(await actOn(base, record.id, tr.action, b))}
    />
  );
}
