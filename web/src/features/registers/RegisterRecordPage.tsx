import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Table, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { DueBadge } from '../../components/DueBadge';
import { actOn, fetchTables, getRecord, type RecordView, type RegisterTable, type RegisterTransition } from './api';
import { headlineOf, registerByKey } from './config';
import { RecordStatus } from './RecordStatus';
import { SchemaFormDrawer } from './SchemaForm';

const HIDDEN = new Set(['id', 'status', 'version', 'allowedActions', 'events', 'clocks', 'parties']);
const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** One register record: its facts, the actions the server allows this user now, its clocks and timeline. */
export default function RegisterRecordPage() {
  const { key, id } = useParams();
  const cfg = registerByKey(key);
  const { t, lang } = useI18n();
  const tables = useFetch(fetchTables, []);
  const table = tables.data?.find((w) => w.entity === cfg?.entity);
  const rec = useFetch(() => (cfg && id ? getRecord(cfg.base, id) : Promise.reject(new Error('not found'))), [cfg?.base, id]);
  const [action, setAction] = useState<RegisterTransition | null>(null);
  if (!cfg) return <Alert type="error" message={t('notFoundPage')} />;
  if (rec.error) return <Alert type="error" message={rec.error.message} />;
  const r = rec.data;
  if (!r) return <Card loading />;
  const label = (a: string) => pick(table?.transitions.find((x) => x.action === a)?.label, lang, a);
  const facts = Object.entries(r).filter(([k, v]) => !HIDDEN.has(k) && scalar(v) && v !== null && v !== '');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/registers/${cfg.key}`}>← {pick(cfg.title, lang)}</Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {headlineOf(cfg, r)}
        </Typography.Title>
        <RecordStatus table={table} status={r.status} />
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
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={facts.map(([k, v]) => ({ key: k, label: k, children: /At$/.test(k) ? fmtTime(String(v)) : String(v) }))} />
      </Card>
      {(r.clocks ?? []).length > 0 && (
        <Card title={t('regClocks')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={r.clocks}
            columns={[
              { title: t('regRule'), dataIndex: 'rule' },
              { title: t('status'), dataIndex: 'status' },
              { title: t('dueAt'), key: 'due', render: (_: unknown, k) => (k.status === 'running' ? <DueBadge dueAt={k.dueAt} level={k.level} /> : fmtTime(k.dueAt)) },
            ]}
          />
        </Card>
      )}
      <Card title={t('regTimeline')} size="small">
        <Timeline
          items={(r.events ?? []).map((e) => ({
            key: e.id,
            children: (
              <div>
                <Typography.Text strong>{label(e.type)}</Typography.Text> <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text>
                <div>
                  {[e.unit, e.actor].filter(Boolean).join(' · ')}
                  {e.to && e.from !== e.to ? ` → ${pick(table?.statuses[e.to], lang, e.to)}` : ''}
                </div>
              </div>
            ),
          }))}
        />
      </Card>
      {action && <ActionForm table={table} base={cfg.base} record={r} t={action} onClose={() => setAction(null)} onDone={(v) => { rec.setData(v); setAction(null); }} />}
    </Space>
  );
}

function ActionForm({ base, record, t: tr, onClose, onDone }: { table?: RegisterTable; base: string; record: RecordView; t: RegisterTransition; onClose(): void; onDone(v: RecordView): void }) {
  const { t, lang } = useI18n();
  return (
    <SchemaFormDrawer
      title={pick(tr.label, lang)}
      schema={tr.input}
      intro={tr.basis && <Alert type="info" showIcon message={`${t('regBasis')}：${tr.basis}`} style={{ marginBottom: 12 }} />}
      onClose={onClose}
      testId="register-submit"
      submit={async (b) => onDone(await actOn(base, record.id, tr.action, b))}
    />
  );
}
