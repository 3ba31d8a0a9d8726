import { useState } from 'react';
import { Alert, Button, Card, Space, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { actOn, fetchTables, getRecord, type RecordView, type RegisterTransition } from './api';
import { COMMON_FIELDS, headlineOf, registerByKey } from './config';
import { labelsOf } from './display';
import { ClocksCard } from '../case/ClocksCard';
import type { Clock } from '../case/api';
import { fetchClockRules } from '../../lib/refdata';
import { RecordStatus } from './RecordStatus';
import { SchemaFormDrawer, type FormOptions } from './SchemaForm';
import { RecordFacts } from './RecordFacts';
import { RecordLinks } from './RecordLinks';
import { RecordLists } from './RecordLists';
import { asList, PeopleCard } from './PeopleCard';
import { PhotosCard } from './PhotosCard';

/**
 * One register record: the actions the server allows this user now, its facts, the people (masked) and lists it
 * holds, its photos, clocks and timeline, and links to the case or record it concerns.
 */
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
  const valueLabels = table?.valueLabels;
  const { people, photos } = cfg;
  const skip = [people?.field, photos?.field].filter((f): f is string => !!f);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/registers/${cfg.key}`}>← {pick(cfg.title, lang)}</Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {headlineOf(cfg, r)}
        </Typography.Title>
        <RecordStatus table={table} status={r.status} />
        <RecordLinks cfg={cfg} record={r} />
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
        <RecordFacts record={r} fields={fields} valueLabels={valueLabels} />
      </Card>
      {people && (asList(r[people.field]).length > 0 || people.empty) && (
        <PeopleCard title={pick(people.title, lang)} empty={pick(people.empty, lang)} value={r[people.field]} revealUrl={people.reveal(r)} fields={fields} valueLabels={valueLabels} />
      )}
      <RecordLists record={r} fields={fields} valueLabels={valueLabels} lists={cfg.lists} skip={skip} />
      {photos && <PhotosCard base={cfg.base} record={r} config={photos} title={pick(fields[photos.field], lang)} valueLabels={valueLabels} actionLabel={label} onUploaded={() => void rec.reload()} />}
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
      {action && <ActionForm opts={{ labels: labelsOf(fields, lang), valueLabels, pickers: cfg.pickers }} base={cfg.base} record={r} t={action} onClose={() => setAction(null)} onDone={(v) => { rec.setData(v); setAction(null); }} />}
    </Space>
  );
}

function ActionForm({ opts, base, record, t: tr, onClose, onDone }: { opts: FormOptions; base: string; record: RecordView; t: RegisterTransition; onClose(): void; onDone(v: RecordView): void }) {
  const { t, lang } = useI18n();
  return (
    <SchemaFormDrawer
      title={pick(tr.label, lang)}
      schema={tr.input}
      intro={tr.basis && <Alert type="info" showIcon message={`${t('regBasis')}：${tr.basis}`} style={{ marginBottom: 12 }} />}
      onClose={onClose}
      testId="register-submit"
      opts={opts}
      submit={async (b) => onDone(await actOn(base, record.id, tr.action, b))}
    />
  );
}
