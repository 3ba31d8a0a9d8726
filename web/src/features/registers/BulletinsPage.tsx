import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, List, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { get, post } from '../../lib/api';
import { applyServerErrors } from '../../lib/forms';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';

interface BulletinSummary {
  id: string;
  bulletinNo: string;
  title: string;
  from: string;
  to: string;
  createdAt: string;
  office: string;
}

interface Bulletin {
  id: string;
  bulletinNo: string;
  title: string;
  office: string;
  createdAt: string;
  period: { from: string; to: string };
  totals: Record<string, number>;
  units: Array<{ unitId: string; unitName: string; opened: number; closed: number; open: number; overdueResponses: number; escalated: number; accountability: number }>;
  matters: Array<{ itemId: string; unitName: string; level: string; status: string; noticeNo: string | null; caseRegNo: string | null; subject: string }>;
}

/** 通报 (信访工作条例 第三十九条): issue a bulletin for a period, read and print the ones circulated to you. */
export default function BulletinsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const list = useFetch(() => get<{ items: BulletinSummary[] }>('/api/supervision/bulletins'), []);
  const one = useFetch(() => (selected ? get<Bulletin>(`/api/supervision/bulletins/${selected}`) : Promise.resolve(null)), [selected]);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/registers/supervision">← {t('navRegisters')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('bulletins')}
      </Typography.Title>
      <Card size="small" title={t('bulletinNew')}>
        <Form
          form={form}
          layout="inline"
          onFinish={async (v: { period: [Dayjs, Dayjs]; title?: string }) => {
            setBusy(true);
            try {
              const b = await post<Bulletin>('/api/supervision/bulletins', { from: v.period[0].format('YYYY-MM-DD'), to: v.period[1].format('YYYY-MM-DD'), ...(v.title ? { title: v.title } : {}) });
              message.success(b.bulletinNo);
              setAlerts([]);
              list.reload();
              setParams({ id: b.id });
            } catch (e) {
              setAlerts(applyServerErrors(form, e, t('fixFields')));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="period" label={t('bulletinPeriod')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="title">
            <Input placeholder="督查督办情况通报" style={{ width: 260 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="bulletin-submit">
            {t('bulletinNew')}
          </Button>
        </Form>
        {alerts.map((a) => (
          <Alert key={a} type="error" message={a} style={{ marginTop: 12 }} />
        ))}
      </Card>
      <Space align="start" style={{ width: '100%' }} wrap>
        <Card size="small" style={{ width: 320 }} loading={list.loading}>
          <List
            dataSource={list.data?.items ?? []}
            renderItem={(b) => (
              <List.Item>
                <Link to={`?id=${b.id}`}>{b.bulletinNo}</Link> <span className="ms-muted">{b.from} – {b.to}</span>
              </List.Item>
            )}
          />
        </Card>
        {one.data && <BulletinView b={one.data} />}
      </Space>
    </Space>
  );
}

function BulletinView({ b }: { b: Bulletin }) {
  const { t } = useI18n();
  const n = (k: string) => ({ title: t(k as 'bulletinOpened'), align: 'right' as const });
  return (
    <Card size="small" style={{ minWidth: 640, flex: 1 }} title={b.title} extra={<Button onClick={() => window.print()}>{t('bulletinPrint')}</Button>} data-testid="bulletin">
      <Descriptions size="small" column={2} items={[
        { key: 'no', label: t('bulletinNo'), children: b.bulletinNo },
        { key: 'period', label: t('bulletinPeriod'), children: `${b.period.from} – ${b.period.to}` },
        { key: 'office', label: '', children: b.office },
        { key: 'at', label: '', children: fmtTime(b.createdAt) },
      ]} />
      <Typography.Title level={5}>{t('bulletinUnits')}</Typography.Title>
      <Table size="small" rowKey="unitId" pagination={false} scroll={{ x: 'max-content' }} dataSource={b.units} columns={[
        { title: t('bulletinUnit'), dataIndex: 'unitName' },
        { ...n('bulletinOpened'), dataIndex: 'opened' },
        { ...n('bulletinClosed'), dataIndex: 'closed' },
        { ...n('bulletinOpen'), dataIndex: 'open' },
        { ...n('bulletinOverdue'), dataIndex: 'overdueResponses' },
        { ...n('bulletinEscalated'), dataIndex: 'escalated' },
        { ...n('bulletinAccountability'), dataIndex: 'accountability' },
      ]} />
      <Typography.Title level={5}>{t('bulletinMatters')}</Typography.Title>
      <Table size="small" rowKey="itemId" pagination={{ pageSize: 20 }} scroll={{ x: 'max-content' }} dataSource={b.matters} columns={[
        { title: t('bulletinUnit'), dataIndex: 'unitName' },
        { title: t('regNo'), dataIndex: 'caseRegNo', render: (v: string | null) => v ?? '—' },
        { title: t('bulletinMatter'), dataIndex: 'subject', render: (v: string, m) => <Link to={`/registers/supervision/${m.itemId}`}>{v}</Link> },
        { title: t('bulletinNoticeNo'), dataIndex: 'noticeNo', render: (v: string | null) => v ?? '—' },
      ]} />
    </Card>
  );
}
