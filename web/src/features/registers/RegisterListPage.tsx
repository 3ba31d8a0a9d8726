import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { DueBadge } from '../../components/DueBadge';
import { createRecord, createSchema, fetchTables, listRecords, type RecordView } from './api';
import { COMMON_FIELDS, headlineOf, registerByKey } from './config';
import { RecordStatus } from './RecordStatus';
import { SchemaFormDrawer, type FormOptions } from './SchemaForm';
import { labelsOf, showValue } from './display';

/** One register's list: filter by status, open a record, create one where the server allows it. */
export default function RegisterListPage() {
  const { key } = useParams();
  const cfg = registerByKey(key);
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? undefined;
  const tables = useFetch(fetchTables, []);
  const table = tables.data?.find((w) => w.entity === cfg?.entity);
  // every other parameter of the page's address (e.g. ?campaignId=) filters the list as the server's list query does
  const filters = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'fromCase'));
  const filterKey = JSON.stringify(filters);
  const list = useFetch(() => (cfg ? listRecords(cfg.base, filters) : Promise.resolve({ items: [], total: 0 })), [cfg?.base, filterKey]);
  const [creating, setCreating] = useState(false);
  const fromCase = params.get('fromCase');
  if (!cfg) return <Alert type="error" message={t('notFoundPage')} />;

  const columns = [
    {
      title: t('regHeadline'),
      key: 'headline',
      render: (_: unknown, r: RecordView) => <Link to={`/registers/${cfg.key}/${r.id}`}>{headlineOf(cfg, r)}</Link>,
    },
    { title: t('status'), key: 'status', render: (_: unknown, r: RecordView) => <RecordStatus table={table} status={r.status} /> },
    ...cfg.columns.map((c) => ({ title: pick(c.label, lang), key: c.field, render: (_: unknown, r: RecordView) => showValue(r[c.field], lang, table?.valueLabels) })),
    {
      title: t('dueAt'),
      key: 'due',
      render: (_: unknown, r: RecordView) => <DueBadge dueAt={(r.dueAt as string | null) ?? null} level={(r.dueLevel as 'ok' | null) ?? null} />,
    },
    { title: t('regCreated'), key: 'created', render: (_: unknown, r: RecordView) => fmtTime((r.createdAt as string) ?? null) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {pick(cfg.title, lang)}
        </Typography.Title>
        <Space wrap>
          <Link to={`/registers/${cfg.key}/board`} data-testid="register-board-link">
            {t('regBoard')}
          </Link>
          {(cfg.pages ?? []).map((p) => (
            <Link key={p.path} to={`/registers/${cfg.key}/${p.path}`}>
              {pick(p.label, lang)}
            </Link>
          ))}
          <Select
            allowClear
            placeholder={t('status')}
            style={{ minWidth: 160 }}
            value={status}
            aria-label={t('status')}
            options={Object.entries(table?.statuses ?? {}).map(([value, l]) => ({ value, label: pick(l, lang) }))}
            onChange={(v) =>
              setParams((prev) => {
                const next = new URLSearchParams(prev);
                if (v) next.set('status', v);
                else next.delete('status');
                return next;
              })
            }
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="register-create">
            {t('regCreate')}
          </Button>
        </Space>
      </Space>
      {list.error && <Alert type="error" message={list.error.message} />}
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 20 }} scroll={{ x: 'max-content' }} />
      {creating && (
        <CreateDrawer base={cfg.createPath ?? cfg.base} afterCreate={cfg.afterCreate} registerKey={cfg.key} title={pick(cfg.title, lang)} opts={{ labels: labelsOf({ ...COMMON_FIELDS, ...cfg.fields }, lang), valueLabels: table?.valueLabels, pickers: cfg.pickers }} onClose={() => setCreating(false)} />
      )}
      {cfg.fromCase && fromCase && (
        <CreateDrawer
          base={cfg.fromCase.path}
          fixed={{ [cfg.fromCase.field]: fromCase }}
          registerKey={cfg.key}
          title={pick(cfg.fromCase.label, lang)}
          opts={{ labels: labelsOf({ ...COMMON_FIELDS, ...cfg.fields }, lang), valueLabels: table?.valueLabels, pickers: cfg.pickers }}
          onClose={() => setParams({})}
        />
      )}
    </Space>
  );
}

/** The create form of a register (or of another creating route, with `fixed` values the user does not type). */
function CreateDrawer({ base, registerKey, title, opts, fixed, afterCreate, onClose }: { base: string; registerKey: string; title: string; opts: FormOptions; fixed?: Record<string, string>; afterCreate?: (r: Record<string, unknown>) => string; onClose(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const schema = useFetch(() => createSchema(base), [base]);
  const body = useMemo(() => {
    const s = schema.data ?? null;
    if (!s?.properties || !fixed) return s;
    const properties = Object.fromEntries(Object.entries(s.properties).filter(([k]) => !(k in fixed)));
    return { ...s, properties, required: s.required?.filter((k) => !(k in fixed)) };
  }, [schema.data, fixed]);
  return (
    <SchemaFormDrawer
      title={fixed ? title : `${t('regCreate')} · ${title}`}
      schema={body}
      onClose={onClose}
      testId="register-create-submit"
      opts={opts}
      submit={async (b) => {
        const r = (await createRecord(base, { ...b, ...fixed })) as { id?: string };
        if (r.id && afterCreate) navigate(afterCreate(r));
        else if (r.id) navigate(`/registers/${registerKey}/${r.id}`);
        else onClose();
      }}
    />
  );
}
