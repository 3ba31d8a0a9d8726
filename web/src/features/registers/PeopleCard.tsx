import { useState } from 'react';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { get } from '../../lib/api';
import { pick, type Label } from '../../lib/meta';
import { fieldLabel } from './display';

type Person = Record<string, unknown>;
const COLUMNS = ['role', 'name', 'phone', 'idNumber', 'address', 'email'];
export const asList = (v: unknown): Person[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v as Person] : []);

/**
 * The people of a record (a dispute's parties, a hazard's reporter, the petitioner to call back), masked as the
 * server gives them. "Show contact details" asks the register's reveal endpoint, which audits the read or refuses it
 * (403) for a role whose work does not need it; the refusal is shown as the server words it.
 */
export function PeopleCard({ title, empty, value, revealUrl, fields, valueLabels }: {
  title: string;
  empty?: string;
  value: unknown;
  revealUrl: string | null;
  fields: Record<string, Label>;
  valueLabels?: Record<string, Label>;
}) {
  const { t, tx, lang } = useI18n();
  const [revealed, setRevealed] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = revealed ?? asList(value);
  const toggle = async () => {
    if (revealed) return setRevealed(null);
    if (!revealUrl) return;
    setBusy(true);
    setError(null);
    try {
      const r = await get<{ items?: Person[]; item?: Person | null }>(revealUrl);
      setRevealed(asList(r.items ?? r.item));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const role = (v: unknown) => pick(valueLabels?.[String(v)], lang, tx(`partyRole_${String(v)}`, String(v)));
  const columns = COLUMNS.filter((k) => rows.some((r) => r[k] !== null && r[k] !== undefined && r[k] !== '')).map((k) => ({
    key: k,
    title: fieldLabel(k, fields, lang),
    render: (_: unknown, r: Person) => (k === 'role' ? role(r[k]) : String(r[k] ?? '—')),
  }));
  if (rows.length === 0)
    return (
      <Card title={title} size="small" data-testid="record-people">
        <Typography.Text type="secondary">{empty}</Typography.Text>
      </Card>
    );
  return (
    <Card title={title} size="small" data-testid="record-people">
      <Space style={{ marginBottom: 8 }} wrap>
        {revealUrl && (
          <Button icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />} onClick={toggle} loading={busy} data-testid="reveal-contact">
            {revealed ? t('hideContact') : t('showContact')}
          </Button>
        )}
        <Typography.Text type="secondary">{revealed ? t('regRevealed') : t('revealAudited')}</Typography.Text>
      </Space>
      {error && <Alert type="warning" showIcon message={error} style={{ marginBottom: 8 }} role="alert" data-testid="reveal-error" />}
      <Table<Person> size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} />
    </Card>
  );
}
