import { useState } from 'react';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { revealParties, type Party } from './api';

/** Masked by default; unmasked only on request (GET …/parties?reveal=true), which the server audits or refuses. */
export function PartiesCard({ caseId, masked }: { caseId: string; masked: Party[] }) {
  const { t, tx } = useI18n();
  const [revealed, setRevealed] = useState<Party[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = revealed ?? masked;
  const toggle = async () => {
    if (revealed) return setRevealed(null);
    setBusy(true);
    setError(null);
    try {
      setRevealed((await revealParties(caseId)).items);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (masked.length === 0) return <Typography.Text type="secondary">{t('noParties')}</Typography.Text>;
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Button icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />} onClick={toggle} loading={busy} data-testid="reveal-contact">
          {revealed ? t('hideContact') : t('showContact')}
        </Button>
        <Typography.Text type="secondary">{t('revealAudited')}</Typography.Text>
      </Space>
      {error && <Alert type="warning" showIcon message={error} style={{ marginBottom: 8 }} role="alert" />}
      <Table<Party>
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 560 }}
        columns={[
          { title: '', dataIndex: 'role', width: 80, render: (r: string) => tx(`partyRole_${r}`, r) },
          { title: t('name'), dataIndex: 'name' },
          { title: t('phone'), dataIndex: 'phone' },
          { title: t('idNumber'), dataIndex: 'idNumber' },
          { title: t('address'), dataIndex: 'address' },
          { title: t('email'), dataIndex: 'email' },
        ]}
      />
    </div>
  );
}
