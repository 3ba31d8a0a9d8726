import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { get, post, put } from '../../lib/api';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { fetchUnits } from '../../lib/refdata';
import { UnitPicker } from '../../components/UnitPicker';
import { useFetch } from '../../lib/useFetch';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  active: boolean;
  email: string | null;
  phone: string | null;
  notifyChannel: 'email' | 'sms' | 'none' | null;
  unitId: string;
  unitName: string;
}

const ROLES: Record<string, [string, string]> = {
  intake: ['登记员', 'Intake operator'],
  dispatcher: ['派单员', 'Dispatcher'],
  handler: ['承办人', 'Handler'],
  unit_head: ['单位负责人', 'Unit head'],
  supervisor: ['督查督办', 'Supervisor'],
  return_visit: ['回访员', 'Return-visit staff'],
  mediator: ['调解员', 'Mediator'],
  analyst: ['分析员', 'Analyst'],
  admin: ['管理员', 'Administrator'],
};

export function UsersPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const users = useFetch(() => get<{ items: UserRow[] }>('/api/users').then((r) => r.items), []);
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  /** the user being edited; null while creating a new one */
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const role = (r: string) => ROLES[r]?.[lang === 'zh' ? 0 : 1] ?? r;
  const rows = (users.data ?? []).filter((u) => !q || `${u.username} ${u.displayName} ${u.unitName}`.toLowerCase().includes(q.toLowerCase()));

  const submit = async () => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const values = clean(form.getFieldsValue()) as Record<string, unknown>;
      if (editing) {
        delete values.username;
        await put(`/api/users/${editing.id}`, values);
      } else await post('/api/users', values);
      message.success(t('saved'));
      setOpen(false);
      form.resetFields();
      await users.reload();
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('navUsers')}
      size="small"
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('search')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 220 }} aria-label={t('search')} />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            {t('newUser')}
          </Button>
        </Space>
      }
    >
      {users.error && <Alert type="error" showIcon message={users.error.message} />}
      <Table<UserRow>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        scroll={{ x: 640 }}
        columns={[
          { title: t('username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('roles'), dataIndex: 'roles', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{role(r)}</Tag>) },
          { title: t('active'), dataIndex: 'active', width: 70, render: (v: boolean) => (v ? t('yes') : t('no')) },
          {
            title: t('actions'),
            key: 'actions',
            width: 90,
            render: (_, u) => (
              <Button
                size="small"
                onClick={() => {
                  setEditing(u);
                  setOpen(true);
                }}
              >
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={open} title={editing ? `${t('edit')} ${editing.username}` : t('newUser')} onCancel={() => setOpen(false)} onOk={submit} confirmLoading={busy} okText={editing ? t('save') : t('create')} destroyOnHidden>
        {alerts.length > 0 && <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={editing ? { username: editing.username, displayName: editing.displayName, unitId: editing.unitId, roles: editing.roles, active: editing.active, email: editing.email ?? undefined, phone: editing.phone ?? undefined, notifyChannel: editing.notifyChannel ?? undefined } : undefined}
        >
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }, { pattern: /^[a-z0-9_.-]{3,40}$/, message: 'a–z 0–9 . _ - (3–40)' }]}>
            <Input autoFocus autoComplete="off" disabled={!!editing} />
          </Form.Item>
          <Form.Item name="displayName" label={t('displayName')} rules={textRules(t, { required: true, max: 100 })}>
            <Input />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing ? `${t('password')}（${t('optional')}）` : t('password')}
            rules={[{ required: !editing, message: t('required') }, { min: 10, message: t('minChars', { n: 10 }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('required') }]}>
            <UnitPicker units={units.data} allowClear={false} />
          </Form.Item>
          <Form.Item name="roles" label={t('roles')} rules={[{ required: true, message: t('required') }]}>
            <Select mode="multiple" options={Object.keys(ROLES).map((r) => ({ value: r, label: role(r) }))} />
          </Form.Item>
          <Form.Item name="email" label={`${t('notifyEmailAddress')}（${t('optional')}）`}>
            <Input type="email" maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={`${t('notifyPhone')}（${t('optional')}）`}>
            <Input inputMode="tel" maxLength={14} />
          </Form.Item>
          <Form.Item name="notifyChannel" label={`${t('notifyChannel')}（${t('optional')}）`}>
            <Select allowClear options={(['email', 'sms', 'none'] as const).map((c) => ({ value: c, label: t(c === 'email' ? 'notifyEmail' : c === 'sms' ? 'notifySms' : 'notifyNone') }))} />
          </Form.Item>
          {editing && (
            <Form.Item name="active" label={t('active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
