/**
 * A member's work notices (GET/PUT /api/me/notify, GET /api/me/notifications): how they are told of new dispatches,
 * returns to decide, replies and extensions to approve, reviews, deadline warnings and overdue marks — e-mail, SMS or
 * none — and the notices sent to them, each linking to its case.
 */
import { useState } from 'react';
import { MailOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { ApiError, get, put } from '../../lib/api';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';

interface Settings {
  email: string | null;
  phone: string | null;
  notifyChannel: 'email' | 'sms' | 'none' | null;
  effectiveChannel: 'email' | 'sms' | 'none';
}
interface Notice {
  id: string;
  caseId: string;
  regNo: string;
  kind: string;
  channel: string;
  status: string;
  createdAt: string;
}

const KIND: Record<string, [string, string]> = {
  dispatch_notice: ['新交办', 'New dispatch'],
  objection_rejected_notice: ['退单未获同意', 'Return rejected'],
  objection_notice: ['退单待审核', 'Return to decide'],
  extension_request_notice: ['延期待审批', 'Extension to approve'],
  reply_approval_notice: ['处理意见待审批', 'Reply to approve'],
  review_request_notice: ['复查待办理', 'Review to decide'],
  rereview_request_notice: ['复核待办理', 'Re-review to decide'],
  deadline_warning_notice: ['时限预警', 'Deadline warning'],
  overdue_notice: ['已超期', 'Overdue'],
};
const STATUS: Record<string, [string, string]> = {
  pending: ['待发送', 'Waiting'],
  queued: ['发送中', 'Sending'],
  retrying: ['重试中', 'Retrying'],
  delivered: ['已送达', 'Delivered'],
  failed: ['发送失败', 'Failed'],
};

export function NotifySettings() {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<MailOutlined />} onClick={() => setOpen(true)} data-testid="notify-settings-open" aria-label={t('notifyTitle')}>
        <span className="ms-hide-sm">{t('notifyTitle')}</span>
      </Button>
      {open && <NotifyDialog onClose={() => setOpen(false)} lang={lang} />}
    </>
  );
}

function NotifyDialog({ onClose, lang }: { onClose(): void; lang: 'zh' | 'en' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const settings = useFetch(() => get<Settings>('/api/me/notify'), []);
  const notices = useFetch(() => get<{ items: Notice[] }>('/api/me/notifications', { limit: 20 }), []);
  const L = (pair: [string, string] | undefined, raw: string) => (pair ? pair[lang === 'zh' ? 0 : 1] : raw);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await put('/api/me/notify', { email: v.email?.trim() || null, phone: v.phone?.trim() || null, notifyChannel: v.notifyChannel === 'default' ? null : v.notifyChannel });
      message.success(t('notifySaved'));
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) form.setFields(err.issues.map((i) => ({ name: i.field, errors: [i.message] })));
      else message.error((err as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('notifyTitle')} onCancel={onClose} onOk={save} okText={t('save')} confirmLoading={saving} width={640} data-testid="notify-settings" destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('notifyHelp')}</Typography.Paragraph>
      {settings.data && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ email: settings.data.email ?? '', phone: settings.data.phone ?? '', notifyChannel: settings.data.notifyChannel ?? 'default' }}
        >
          <Form.Item name="notifyChannel" label={t('notifyChannel')}>
            <Radio.Group
              options={[
                { value: 'default', label: t('notifyDefault') },
                { value: 'email', label: t('notifyEmail') },
                { value: 'sms', label: t('notifySms') },
                { value: 'none', label: t('notifyNone') },
              ]}
            />
          </Form.Item>
          <Form.Item name="email" label={t('notifyEmailAddress')}>
            <Input type="email" autoComplete="email" maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={t('notifyPhone')}>
            <Input inputMode="tel" autoComplete="tel" maxLength={14} />
          </Form.Item>
        </Form>
      )}
      <Typography.Title level={5}>{t('notifyRecent')}</Typography.Title>
      <Table<Notice>
        size="small"
        rowKey="id"
        loading={notices.loading}
        pagination={false}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: t('notifyNoneYet') }}
        columns={[
          { title: t('notifyWhen'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v) },
          { title: t('notifyWhat'), dataIndex: 'kind', render: (k: string) => L(KIND[k], k) },
          { title: t('notifyCase'), dataIndex: 'regNo', render: (v: string, n) => <Link to={`/cases/${n.caseId}`} onClick={onClose}>{v}</Link> },
          { title: t('notifyStatus'), dataIndex: 'status', render: (s: string, n) => <Tag color={s === 'delivered' ? 'green' : s === 'failed' ? 'red' : undefined}>{L(STATUS[s], s)} · {n.channel === 'sms' ? t('notifySms') : t('notifyEmail')}</Tag> },
        ]}
      />
    </Modal>
  );
}
